// Relay → vault over the CLI against a real anvil: pairing by fingerprint words, importing signed
// snapshots, and refusing altered ones, ones from an unpaired relay and ones for another chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import { runAirlock } from '../helpers/cli';
import { createCliVault, pairRelayCli, type CliVault } from '../helpers/chain';
import { tempDir } from '../helpers/temp';

let chain: Anvil;
const dir = tempDir('airlock-relay-vault-');
const relayDb = join(dir, 'relay.db');
const strangerDb = join(dir, 'stranger.db');
let vault: CliVault;
let vaultDb: string;

before(async () => {
  chain = await startAnvil();
  vault = createCliVault(dir, 'vault', [['Alice', 'alice pass one'], ['Bob', 'bob pass two'], ['Carol', 'carol pass three']], 2, ['eoa-treasury']);
  vaultDb = vault.db;
});
after(async () => {
  await chain?.stop();
});

function snapshot(db = relayDb): any {
  const run = runAirlock(['relay', 'snapshot', '--json', '--db', db, '--rpc', chain.url, '--account', DEV_ACCOUNTS[0]!.address, DEV_ACCOUNTS[1]!.address]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  return run.json;
}

function importSnapshot(body: unknown, chainId = '31337') {
  return runAirlock(['snapshot', 'import', '--json', '--db', vaultDb, '--chain-id', chainId], typeof body === 'string' ? body : JSON.stringify(body));
}

test('the vault refuses snapshots before it is paired, and pairs only when the fingerprint words match', () => {
  const first = snapshot();
  assert.equal(importSnapshot(first).json.error.code, 'relay-not-paired');
  const key = runAirlock(['relay', 'key', '--json', '--db', relayDb]).json;
  assert.equal(key.relayKey, first.relayKey);
  assert.equal(key.fingerprint.split(' ').length, 4);
  const wrong = pairRelayCli(vault, key, { words: 'abandon ability able about' });
  assert.equal(wrong.json.error.code, 'relay-fingerprint-mismatch');
  const wrongUnasked = runAirlock(['snapshot', 'pair', '--json', '--db', vaultDb, '--relay-key', key.relayKey, '--words', 'abandon', 'ability', 'able', 'about']);
  assert.equal(wrongUnasked.json.error.code, 'relay-fingerprint-mismatch', 'words that do not match are refused before any quorum is asked for');
  const noQuorum = runAirlock(['snapshot', 'pair', '--json', '--db', vaultDb, '--relay-key', key.relayKey, '--words', ...key.fingerprint.split(' ')], JSON.stringify({ holders: vault.quorum.slice(0, 1) }));
  assert.equal(noQuorum.status, 2, 'one holder is not the quorum that pairs a relay');
  assert.equal(runAirlock(['snapshot', 'pins', '--json', '--db', vaultDb]).json.pins.length, 0);
  const paired = pairRelayCli(vault, key, { label: 'Office relay' });
  assert.equal(paired.status, 0, paired.stdout);
  assert.deepEqual(runAirlock(['snapshot', 'pins', '--json', '--db', vaultDb]).json.pins.map((p: any) => [p.relayKey, p.label, p.sealed]), [[key.relayKey, 'Office relay', true]]);
});

test('imports a snapshot from the paired relay, with its age, and refuses the same one twice', () => {
  const body = snapshot();
  const run = importSnapshot(body);
  assert.equal(run.status, 0, run.stdout);
  assert.equal(run.json.snapshot.merkleRoot, body.merkleRoot);
  assert.equal(run.json.snapshot.blockNumber, body.blockNumber);
  assert.ok(run.json.snapshot.ageSeconds >= 0 && run.json.snapshot.ageSeconds < 60);
  assert.deepEqual(run.json.snapshot.warnings, []);
  assert.equal(importSnapshot(body).json.error.code, 'snapshot-already-imported');
  const shown = runAirlock(['snapshot', 'show', '--json', '--db', vaultDb, '--id', String(run.json.snapshot.id)]).json;
  assert.deepEqual(shown.body, body);
  assert.ok(runAirlock(['snapshot', 'list', '--json', '--db', vaultDb]).json.snapshots.some((s: any) => s.id === run.json.snapshot.id));
});

test('refuses a snapshot with one altered byte, one from an unpaired relay, and one for another chain', async () => {
  await chain.rpc('anvil_mine', ['0x1']);
  const body = snapshot();
  const text = JSON.stringify(body);
  // One byte: the last digit of the first account's balance.
  const balance = body.accounts[0].balance as string;
  const altered = text.replace(`"balance":"${balance}"`, `"balance":"${balance.slice(0, -1)}${balance.endsWith('1') ? '2' : '1'}"`);
  assert.notEqual(altered, text);
  assert.equal(importSnapshot(altered).json.error.code, 'snapshot-root-mismatch');
  const alteredHash = text.replace(body.blockHash, body.blockHash.slice(0, -1) + (body.blockHash.endsWith('0') ? '1' : '0'));
  assert.equal(importSnapshot(alteredHash).json.error.code, 'snapshot-root-mismatch');
  const stranger = importSnapshot(snapshot(strangerDb));
  assert.equal(stranger.json.error.code, 'snapshot-relay-unpaired');
  const otherChain = importSnapshot(body, '1');
  assert.equal(otherChain.json.error.code, 'snapshot-chain-mismatch');
  assert.match(otherChain.json.error.message, /for chain 31337, but chain 1 was expected/);
  // Nothing refused was stored.
  assert.equal(runAirlock(['snapshot', 'list', '--json', '--db', vaultDb]).json.snapshots.length, 1);
});
