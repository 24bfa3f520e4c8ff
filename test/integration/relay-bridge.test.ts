// The relay and snapshot channels through the real IPC gate and handler table (real services, temp
// databases, a real anvil): the relay takes a snapshot, the vault pairs and imports it; neither mode
// has the other's channels (H-10, H-11).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { IPC_PREFIX, type Mode } from '../../shared/bridge';
import type { Result } from '../../shared/errors';
import type { AppServices } from '../../main/app-services';
import { createGate } from '../../main/bridge/gate';
import { createHandlerTable } from '../../main/bridge/handlers';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import { LOOPBACK, servicesFor } from '../helpers/services';
import { HOLDERS, twoOfThree } from '../helpers/vault-fixture';
import { tempDir } from '../helpers/temp';

const APP = 'app://airlock';
const sender = { origin: APP, isMainFrame: true };
let chain: Anvil;
const open: AppServices[] = [];
const dir = tempDir('airlock-relay-bridge-');

before(async () => {
  chain = await startAnvil();
});
after(async () => {
  for (const s of open) s.close();
  await chain?.stop();
});

function gateFor(mode: Mode) {
  // The vault on an air-gapped machine (loopback only), so a quorum can unlock it to seal a pairing (H-27).
  const services = servicesFor(mode, { dbPath: join(dir, `${mode}.db`), ...(mode === 'vault' ? { interfaces: () => LOOPBACK } : {}) });
  open.push(services);
  const gate = createGate({ mode, table: createHandlerTable(services), allowedOrigin: APP });
  return (channel: string, request: unknown) => gate(IPC_PREFIX + channel, sender, request) as Promise<Result<any>>;
}

test('H-11 the vault has no relay channels and the relay has no snapshot-import channels', async () => {
  const vault = gateFor('vault');
  const relay = gateFor('relay');
  for (const name of ['relay.key', 'relay.snapshot', 'relay.broadcast', 'relay.queue']) {
    const result = await vault(name, {});
    assert.equal(result.ok ? 'ok' : result.error.code, 'channel-unknown', name);
  }
  for (const name of ['snapshots.pair', 'snapshots.unpair', 'snapshots.import', 'snapshots.list']) {
    const result = await relay(name, {});
    assert.equal(result.ok ? 'ok' : result.error.code, 'channel-unknown', name);
  }
});

test('relay.snapshot → snapshots.pair → snapshots.import through the gate, with typed refusals', async () => {
  const relay = gateFor('relay');
  const vault = gateFor('vault');
  const key = await relay('relay.key', {});
  assert.ok(key.ok);
  const taken = await relay('relay.snapshot', { endpoints: [chain.url], accounts: [DEV_ACCOUNTS[0]!.address], safes: [], tokens: [], positions: [] });
  assert.ok(taken.ok, JSON.stringify(taken));
  assert.equal(taken.value.snapshot.relayKey, key.value.relayKey);
  const text = JSON.stringify(taken.value.snapshot);

  const unpaired = await vault('snapshots.import', { snapshot: text, chainId: '31337' });
  assert.equal(unpaired.ok ? 'ok' : unpaired.error.code, 'relay-not-paired');
  const pairing = { relayKey: key.value.relayKey, words: key.value.fingerprint, label: 'Desk relay' };
  const noVault = await vault('snapshots.pair', pairing);
  assert.equal(noVault.ok ? 'ok' : noVault.error.code, 'vault-missing');
  assert.ok((await vault('vault.create', twoOfThree())).ok);
  const locked = await vault('snapshots.pair', pairing);
  assert.equal(locked.ok ? 'ok' : locked.error.code, 'vault-locked', 'the vault seals a pairing only while a quorum has it unlocked');
  for (const holder of HOLDERS.slice(0, 2)) assert.ok((await vault('unlock.present', { holder: holder.name, passphrase: holder.passphrase })).ok);
  assert.ok((await vault('unlock.complete', {})).ok);
  const paired = await vault('snapshots.pair', pairing);
  assert.ok(paired.ok, JSON.stringify(paired));
  assert.equal(paired.value.pinned.sealed, true);
  const imported = await vault('snapshots.import', { snapshot: text, chainId: '31337' });
  assert.ok(imported.ok, JSON.stringify(imported));
  assert.equal(imported.value.snapshot.merkleRoot, taken.value.snapshot.merkleRoot);
  const listed = await vault('snapshots.list', {});
  assert.ok(listed.ok);
  assert.equal(listed.value.snapshots.length, 1);
  const full = await vault('snapshots.get', { id: imported.value.snapshot.id });
  assert.ok(full.ok);
  assert.deepEqual(full.value.body, taken.value.snapshot);

  const down = await relay('relay.snapshot', { endpoints: ['http://127.0.0.1:1'], accounts: [], safes: [], tokens: [], positions: [] });
  assert.equal(down.ok ? 'ok' : down.error.code, 'rpc-unreachable');
  const junk = await vault('snapshots.import', { snapshot: '{"version":2}', chainId: '31337' });
  assert.equal(junk.ok ? 'ok' : junk.error.code, 'snapshot-malformed');
});
