// Tests the IPC gate: channel prefix and mode, sender origin and frame, request schema, error mapping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelsFor, CHANNELS, IPC_PREFIX, type Mode } from '../../../../shared/bridge';
import { AirlockError, type Result } from '../../../../shared/errors';
import { createGate, type SenderInfo } from '../../../../main/bridge/gate';
import type { HandlerTable } from '../../../../main/bridge/handlers';

const APP = 'app://airlock';
const mainFrame: SenderInfo = { origin: APP, isMainFrame: true };

/** A handler table that records calls and answers with canned values, or throws what it is told. */
function fakeTable(throwing?: unknown): { table: HandlerTable; calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  const answer = (name: string) => (request: unknown) => {
    calls.push([name, request]);
    if (throwing !== undefined) throw throwing;
    return { answered: name };
  };
  const table = Object.fromEntries(CHANNELS.map((name) => [name, answer(name)])) as unknown as HandlerTable;
  return { table, calls };
}

function gateFor(mode: Mode, throwing?: unknown, onInternalError?: (id: string, error: unknown) => void) {
  const { table, calls } = fakeTable(throwing);
  return { gate: createGate({ mode, table, allowedOrigin: APP, ...(onInternalError ? { onInternalError } : {}) }), calls };
}

function code(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

test('H-03 a well-formed call from the app main frame reaches its handler and returns a Result', async () => {
  const { gate, calls } = gateFor('vault');
  assert.deepEqual(await gate(IPC_PREFIX + 'audit.list', mainFrame, { limit: 5 }), { ok: true, value: { answered: 'audit.list' } });
  assert.deepEqual(calls, [['audit.list', { limit: 5 }]]);
});

test('H-03 a channel without the prefix, or with another prefix, is channel-unknown', async () => {
  const { gate, calls } = gateFor('vault');
  for (const channel of ['app.status', 'other:app.status', 'AIRLOCK:app.status', ` ${IPC_PREFIX}app.status`, '', 42 as unknown as string]) {
    assert.equal(code(await gate(channel, mainFrame, {})), 'channel-unknown', String(channel));
  }
  assert.equal(calls.length, 0);
});

test('H-03 an unknown channel, prototype keys included, is channel-unknown', async () => {
  const { gate, calls } = gateFor('vault');
  for (const name of ['vault.unlock', 'app.statu', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '']) {
    assert.equal(code(await gate(IPC_PREFIX + name, mainFrame, {})), 'channel-unknown', name);
  }
  assert.equal(calls.length, 0);
});

test('H-11 a vault channel called in relay mode fails as channel-unknown', async () => {
  const { gate, calls } = gateFor('relay');
  const relay = channelsFor('relay');
  // Today every channel exists in both modes; vault-only channels join this list as they land.
  const vaultOnly = CHANNELS.filter((name) => !relay.includes(name));
  for (const name of [...vaultOnly, 'vault.unlock', 'share.reveal', 'unlock.submitShare', 'sign.transaction']) {
    const result = await gate(IPC_PREFIX + name, mainFrame, {});
    assert.equal(code(result), 'channel-unknown', name);
    assert.match(result.ok ? '' : result.error.message, /relay mode/);
  }
  assert.equal(calls.length, 0);
});

test('H-11 the relay contract has no vault, share, unlock or signing channel', () => {
  for (const name of channelsFor('relay')) assert.doesNotMatch(name, /^(vault|shares?|unlock|sign|signer)\./, name);
});

test('H-03 a sender from another origin is refused before the request is looked at', async () => {
  const { gate, calls } = gateFor('vault');
  for (const origin of ['https://evil.example', 'app://evil', 'app://airlock.evil', 'file://', 'null', null]) {
    assert.equal(code(await gate(IPC_PREFIX + 'app.status', { origin, isMainFrame: true }, {})), 'sender-refused', String(origin));
  }
  assert.equal(calls.length, 0);
});

test('H-03 an iframe of the app origin is refused', async () => {
  const { gate, calls } = gateFor('vault');
  assert.equal(code(await gate(IPC_PREFIX + 'app.status', { origin: APP, isMainFrame: false }, {})), 'sender-refused');
  assert.equal(calls.length, 0);
});

test('H-03 junk payloads are request-invalid and never reach a handler', async () => {
  const { gate, calls } = gateFor('vault');
  const junk: Array<[string, unknown]> = [
    ['app.status', null],
    ['app.status', undefined],
    ['app.status', 'status please'],
    ['app.status', 42],
    ['app.status', []],
    ['app.status', { extra: 1 }],
    ['audit.list', {}],
    ['audit.list', { limit: '10' }],
    ['audit.list', { limit: 10, extra: true }],
    ['audit.list', { limit: 1e9 }],
    ['audit.list', { limit: 1.5 }],
    ['audit.list', { limit: 10, beforeSeq: -1 }],
    ['audit.list', JSON.parse('{"limit":1,"__proto__":{"admin":true}}')],
  ];
  for (const [name, request] of junk) {
    const result = await gate(IPC_PREFIX + name, mainFrame, request);
    assert.equal(code(result), 'request-invalid', `${name} ${JSON.stringify(request)}`);
    assert.match(result.ok ? '' : result.error.message, /Nothing was changed/);
  }
  assert.equal(calls.length, 0);
});

test('H-03 a handler throwing AirlockError returns its code and sentence, and nothing else', async () => {
  const { gate } = gateFor('vault', new AirlockError('vault-locked', 'The vault is locked. Gather a quorum to unlock it.', { holder: 'Alice' }));
  const result = await gate(IPC_PREFIX + 'app.status', mainFrame, {});
  assert.deepEqual(result, { ok: false, error: { code: 'vault-locked', message: 'The vault is locked. Gather a quorum to unlock it.' } });
});

test('H-03 H-16 a handler throwing TypeError becomes internal with a correlation id, no message or stack', async () => {
  const reported: Array<[string, unknown]> = [];
  const secret = new TypeError('cannot read abandon ability able about above absent');
  const { gate } = gateFor('vault', secret, (id, error) => reported.push([id, error]));
  const result = await gate(IPC_PREFIX + 'audit.verify', mainFrame, {});
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(Object.keys(result.error).sort(), ['code', 'message']);
  assert.equal(result.error.code, 'internal');
  const id = /reference ([0-9a-f-]{36})/.exec(result.error.message)?.[1];
  assert.ok(id, result.error.message);
  assert.doesNotMatch(result.error.message, /abandon|TypeError|cannot read|at .*\.ts/);
  assert.deepEqual(reported, [[id, secret]]);
});

test('H-03 a thrown non-Error value also becomes internal', async () => {
  const { gate } = gateFor('relay', 'a bare string');
  assert.equal(code(await gate(IPC_PREFIX + 'network.status', mainFrame, {})), 'internal');
});
