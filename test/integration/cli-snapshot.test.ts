// `airlock snapshot …` as a user runs it (SECURITY.md H-30): older snapshots and falling nonces refused until
// --acknowledge, stored snapshots verified again by list/show/draft create after the vault file was edited as an
// attacker would, and `snapshot unpair` revoking a relay. Snapshots are signed here with a test relay key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import Database from 'better-sqlite3';
import type { SnapshotBody } from '../../shared/snapshot/schema';
import { relayKeyFingerprint, relayPublicKey, signSnapshot } from '../../shared/snapshot/signature';
import { allowOnlineSigning, runAirlock } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const RELAY_SECRET = Uint8Array.from({ length: 32 }, (_, i) => i + 21);
const RELAY_KEY = '0x' + bytesToHex(relayPublicKey(RELAY_SECRET));
const WORDS = relayKeyFingerprint(relayPublicKey(RELAY_SECRET));
const ACCOUNT = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const BALANCE = '7000000000000000000';

function snapshotAt(block: number, nonce = 3, account = ACCOUNT, secret = RELAY_SECRET): string {
  const body: SnapshotBody = {
    version: 1,
    chainId: '1',
    blockNumber: String(block),
    blockHash: '0x' + block.toString(16).padStart(64, '0'),
    blockTime: String(Math.floor(Date.now() / 1000) - 60),
    // The CLI runs on the real clock: an hour-old reading at most, so nothing is stale.
    takenAt: String(Date.now() - 3_600_000 + block),
    accounts: [{ address: account, nonce: String(nonce), balance: BALANCE, tokens: [] }],
    safes: [],
    fees: { baseFee: '1000000000', maxPriorityFeePerGas: '1000000000', maxFeePerGas: '3000000000' },
    positions: [],
    crossCheck: { endpoints: '1', disagreements: [] },
  };
  return JSON.stringify(signSnapshot(body, secret));
}

const ALICE = JSON.stringify({ holders: [{ name: 'Alice', passphrase: 'alice correct horse' }] });

/** A 1-of-1 vault (Alice) in `db`; returns its treasury address. It unlocks on this connected test machine (H-27). */
function createVault(db: string): string {
  const spec = {
    name: 'Acme treasury',
    secretBits: 128,
    dice: '3 1 4 1 5 2 6',
    groups: [{ name: 'Board', memberThreshold: 1, holders: [{ name: 'Alice', passphrase: 'alice correct horse' }] }],
    iterationExponent: 0,
  };
  const created = runAirlock(['vault', 'create', '--db', db, '--json'], JSON.stringify(spec));
  assert.equal(created.status, 0, created.stdout + created.stderr);
  allowOnlineSigning(db);
  return created.json.vault.accounts[0].address as string;
}

const pair = (db: string) => runAirlock(['snapshot', 'pair', '--json', '--db', db, '--relay-key', RELAY_KEY, '--words', ...WORDS], ALICE);

/** The vault with the test relay paired (a quorum unlocks it to seal the pairing): made once, copied for each test. */
const template = join(tempDir('airlock-cli-snapshot-'), 'template.db');
createVault(template);
assert.equal(pair(template).status, 0);

function pairedDb(): string {
  const db = join(tempDir('airlock-cli-snapshot-'), 'vault.db');
  copyFileSync(template, db);
  return db;
}

const importInto = (db: string, snapshot: string, ...acknowledge: string[]) =>
  runAirlock(['snapshot', 'import', '--json', '--db', db, '--chain-id', '1', ...(acknowledge.length ? ['--acknowledge', ...acknowledge] : [])], snapshot);

const auditActions = (db: string) => runAirlock(['audit', 'list', '--json', '--db', db, '--limit', '50']).json.entries as Array<{ action: string; details: Record<string, unknown> }>;

test('H-30 snapshot import refuses an older snapshot with a sentence until --acknowledge snapshot-older-than-latest, and audits it', () => {
  const db = pairedDb();
  const newest = snapshotAt(200);
  assert.equal(importInto(db, newest).status, 0);
  const refused = importInto(db, snapshotAt(150));
  assert.equal(refused.status, 2);
  assert.equal(refused.json.error.code, 'snapshot-older-than-latest');
  assert.match(refused.json.error.message, /^Nothing was imported\. This snapshot \(block 150\) is older than the newest one of chain 1 already in the vault \(block 200\)/);
  const wrongWord = importInto(db, snapshotAt(150), 'older-please');
  assert.equal(wrongWord.status, 2);
  assert.equal(wrongWord.json.error.code, 'usage-invalid');
  const accepted = importInto(db, snapshotAt(150), 'snapshot-older-than-latest');
  assert.equal(accepted.status, 0, accepted.stdout + accepted.stderr);
  assert.deepEqual(accepted.json.snapshot.warnings.map((w: { code: string }) => w.code), ['snapshot-older-than-latest']);
  const entry = auditActions(db).find((e) => e.action === 'snapshot-imported' && e.details.blockNumber === '150');
  assert.equal(entry?.details.acknowledged, 'snapshot-older-than-latest');
  const again = importInto(db, newest);
  assert.equal(again.json.error.code, 'snapshot-already-imported');
  assert.match(again.json.error.message, /already in the vault as number 1\. Nothing was added\./);
  const listed = runAirlock(['snapshot', 'list', '--json', '--db', db]);
  assert.equal(listed.status, 0);
  assert.deepEqual(listed.json.snapshots.map((s: { blockNumber: string; current: boolean; status: string }) => [s.blockNumber, s.current, s.status]), [
    ['150', false, 'verified'],
    ['200', true, 'verified'],
  ]);
});

test('H-30 snapshot import refuses a nonce that went down until acknowledged, then exits 1 on that critical warning', () => {
  const db = pairedDb();
  importInto(db, snapshotAt(100, 5));
  const jump = importInto(db, snapshotAt(200, 9));
  assert.equal(jump.status, 0, 'a rise is a medium warning');
  assert.deepEqual(jump.json.snapshot.warnings.map((w: { code: string; severity: string }) => [w.code, w.severity]), [['account-nonce-increased', 'medium']]);
  const down = importInto(db, snapshotAt(300, 4));
  assert.equal(down.status, 2);
  assert.equal(down.json.error.code, 'snapshot-nonce-decreased');
  assert.match(down.json.error.message, /went down from 9 at block 200 to 4 at block 300/);
  const acknowledged = importInto(db, snapshotAt(300, 4), 'snapshot-nonce-decreased');
  assert.equal(acknowledged.status, 1, acknowledged.stdout);
  assert.equal(acknowledged.json.snapshot.warnings[0].severity, 'critical');
});

test('H-30 a balance edited in the vault file: list marks it damaged (exit 1), show exits 1 with the code, draft create refuses it', () => {
  const db = join(tempDir('airlock-cli-snapshot-'), 'vault.db');
  const treasury = createVault(db);
  assert.equal(pair(db).status, 0);
  const id = importInto(db, snapshotAt(100, 3, treasury)).json.snapshot.id as number;
  const sweep = JSON.stringify({ executor: { kind: 'eoa', from: treasury }, actions: [{ type: 'native-sweep', to: ACCOUNT }] });
  assert.equal(runAirlock(['draft', 'create', '--db', db, '--snapshot', String(id), '--json'], sweep).status, 0, 'intact: built on');

  const raw = new Database(db);
  assert.equal(raw.prepare('UPDATE snapshot SET body_json = replace(body_json, ?, ?) WHERE id = ?').run(`"balance":"${BALANCE}"`, '"balance":"9000000000000000000"', id).changes, 1);
  raw.close();

  const listed = runAirlock(['snapshot', 'list', '--json', '--db', db]);
  assert.equal(listed.status, 1);
  assert.deepEqual([listed.json.snapshots[0].status, listed.json.snapshots[0].problem.code], ['damaged', 'snapshot-root-mismatch']);
  const shown = runAirlock(['snapshot', 'show', '--json', '--db', db, '--id', String(id)]);
  assert.equal(shown.status, 1);
  assert.equal(shown.json.snapshot.problem.code, 'snapshot-root-mismatch');
  assert.match(shown.json.snapshot.problem.message, /is damaged/);
  assert.equal(shown.json.body, null);
  const draft = runAirlock(['draft', 'create', '--db', db, '--snapshot', String(id), '--json'], sweep);
  assert.equal(draft.status, 2);
  assert.equal(draft.json.error.code, 'snapshot-damaged');
});

test('H-30 snapshot unpair revokes a relay: its snapshots show as revoked and are refused; pairing again is explicit and audited', () => {
  const db = pairedDb();
  const id = importInto(db, snapshotAt(100)).json.snapshot.id as number;
  const unpaired = runAirlock(['snapshot', 'unpair', '--json', '--db', db, '--relay-key', RELAY_KEY]);
  assert.equal(unpaired.status, 0, unpaired.stdout + unpaired.stderr);
  assert.equal(typeof unpaired.json.unpaired.revokedAt, 'number');
  const shown = runAirlock(['snapshot', 'show', '--json', '--db', db, '--id', String(id)]);
  assert.equal(shown.status, 1);
  assert.deepEqual([shown.json.snapshot.status, shown.json.snapshot.problem.code], ['revoked', 'snapshot-relay-revoked']);
  assert.equal(runAirlock(['snapshot', 'list', '--json', '--db', db]).json.snapshots[0].status, 'revoked');
  assert.equal(importInto(db, snapshotAt(200)).json.error.code, 'snapshot-relay-revoked');
  assert.equal(runAirlock(['snapshot', 'unpair', '--json', '--db', db, '--relay-key', RELAY_KEY]).json.error.code, 'relay-already-unpaired');
  const again = pair(db);
  assert.equal(again.status, 0, again.stdout);
  assert.equal(again.json.pinned.revokedAt, null);
  assert.equal(importInto(db, snapshotAt(200)).status, 0);
  const actions = auditActions(db).map((e) => e.action);
  assert.ok(actions.includes('relay-unpaired') && actions.includes('relay-paired-again'), actions.join(', '));
  assert.equal(runAirlock(['audit', 'verify', '--json', '--db', db]).json.valid, true);
});

test('H-30 a relay pin written into the vault file by someone holding it: snapshot pins shows it unsealed, and its snapshots are refused until a quorum pairs it', () => {
  const db = pairedDb();
  const forger = Uint8Array.from({ length: 32 }, (_, i) => 90 + i);
  const raw = new Database(db);
  assert.equal(raw.prepare("INSERT INTO relay_pin (public_key, label, pinned_at) VALUES (?, 'Office relay', ?)").run(Buffer.from(relayPublicKey(forger)), Date.now()).changes, 1);
  raw.close();
  const pins = runAirlock(['snapshot', 'pins', '--json', '--db', db]).json.pins as Array<{ label: string; sealed: boolean }>;
  assert.deepEqual(pins.map((p) => [p.label, p.sealed]), [['relay', true], ['Office relay', false]]);
  const refused = importInto(db, snapshotAt(100, 3, ACCOUNT, forger));
  assert.equal(refused.status, 2, refused.stdout);
  assert.equal(refused.json.error.code, 'relay-pairing-unsealed');
  assert.match(refused.json.error.message, /did not seal its pairing/);
  assert.equal(importInto(db, snapshotAt(100)).status, 0, 'the sealed relay keeps working');
});
