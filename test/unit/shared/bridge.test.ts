import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBridgeApi, CHANNEL_MODES, channelsFor, contract, CHANNELS, IPC_PREFIX, isChannelName, modeFromArgv } from '../../../shared/bridge';

test('every channel names its modes, a summary and request/response schemas, and the two tables agree', () => {
  assert.ok(CHANNELS.length > 0);
  assert.deepEqual(Object.keys(contract).sort(), [...CHANNELS].sort());
  for (const name of CHANNELS) {
    const def = contract[name];
    assert.match(name, /^[a-z]+(\.[a-zA-Z]+)+$/, `channel name ${name} is namespace.action`);
    assert.ok(CHANNEL_MODES[name].length > 0, `${name} exists in some mode`);
    assert.ok(def.summary.endsWith('.'), `${name} has a sentence summary`);
    assert.equal(typeof def.request.safeParse, 'function');
    assert.equal(typeof def.response.safeParse, 'function');
  }
});

test('requests are strict: unknown keys and wrong types are refused', () => {
  assert.equal(contract['app.status'].request.safeParse({}).success, true);
  assert.equal(contract['app.status'].request.safeParse({ extra: 1 }).success, false);
  assert.equal(contract['audit.list'].request.safeParse({ limit: 10 }).success, true);
  assert.equal(contract['audit.list'].request.safeParse({ limit: 0 }).success, false);
  assert.equal(contract['audit.list'].request.safeParse({ limit: 501 }).success, false);
  assert.equal(contract['audit.list'].request.safeParse({ limit: '10' }).success, false);
  assert.equal(contract['audit.list'].request.safeParse(null).success, false);
});

test('buildBridgeApi exposes exactly the channels of the mode, frozen, each calling invoke with the prefixed name', async () => {
  const calls: Array<[string, unknown]> = [];
  for (const mode of ['vault', 'relay'] as const) {
    const api = buildBridgeApi(mode, async (channel, request) => {
      calls.push([channel, request]);
      return { ok: true, value: null };
    });
    assert.deepEqual(Object.keys(api).sort(), channelsFor(mode).sort());
    assert.ok(Object.isFrozen(api));
    assert.throws(() => {
      (api as Record<string, unknown>)['app.status'] = () => 0;
    }, TypeError);
  }
  const api = buildBridgeApi('vault', async (channel, request) => {
    calls.push([channel, request]);
    return { ok: true, value: 'v' };
  });
  calls.length = 0;
  assert.deepEqual(await api['audit.list']!({ limit: 3 }), { ok: true, value: 'v' });
  assert.deepEqual(calls, [[IPC_PREFIX + 'audit.list', { limit: 3 }]]);
});

test('isChannelName refuses prototype keys and unknown names', () => {
  assert.equal(isChannelName('app.status'), true);
  for (const name of ['toString', '__proto__', 'constructor', 'app.statu', '']) assert.equal(isChannelName(name), false);
});

test('modeFromArgv defaults to the vault and reads the preload argument', () => {
  assert.equal(modeFromArgv([]), 'vault');
  assert.equal(modeFromArgv(['--airlock-mode=relay']), 'relay');
  assert.equal(modeFromArgv(['--airlock-mode=anything']), 'vault');
});
