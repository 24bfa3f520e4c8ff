// SECURITY(H-25) through the CLI, on real vault files, attacked as someone holding only the file would: an entry
// rewritten with every hash and the head recomputed with the project's own hash function, the tail cut and the head
// moved back, entries reordered, the checkpoint key replaced and every checkpoint re-signed. `audit verify` finds
// each (exit 1, code and row), `--checkpoint-key` with the real key finds the replaced key, and so does the next unlock.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataType, EthSignRequest } from '@keystonehq/bc-ur-registry-eth';
import { encodeUr } from '../../shared/airgap/ur';
import { auditActions, resignWithOwnKey, rewriteEntry, swapEntries, truncateAfter } from '../helpers/audit-tamper';
import { createCliVault, type CliVault } from '../helpers/chain';
import { runAirlock } from '../helpers/cli';

let dir: string;
let vault: CliVault;
let realKey: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-cli-audit-'));
  vault = createCliVault(dir, 'History vault', [['Alice', 'alice pass one'], ['Bob', 'bob pass two'], ['Carol', 'carol pass three']], 2, ['eoa-treasury']);
  for (let i = 0; i < 2; i++) assert.equal(unlock(vault.db).status, 0, 'two quorum unlocks, each sealed by a checkpoint');
  realKey = verify(vault.db).json.checkpoints.key;
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function unlock(db: string) {
  return runAirlock(['vault', 'unlock', '--db', db, '--json'], JSON.stringify({ holders: vault.quorum }));
}

function verify(db: string, ...extra: string[]) {
  return runAirlock(['audit', 'verify', '--db', db, '--json', ...extra]);
}

/** A copy of the vault file for one attack (the WAL is folded in when the CLI closes the file). */
function copyOfVault(name: string): string {
  assert.equal(existsSync(`${vault.db}-wal`), false, 'no pending WAL: the copy is the whole vault');
  const copy = join(dir, `${name}.db`);
  copyFileSync(vault.db, copy);
  return copy;
}

function latestSealed(db: string): number {
  return verify(db).json.checkpoints.latest.last;
}

test('H-25 an intact vault log verifies through the CLI: its checkpoints, the key and its words, and the entries not sealed yet', () => {
  const run = verify(vault.db);
  assert.equal(run.status, 0, run.stdout);
  const { valid, count, checkpoints, uncheckpointedFrom, note } = run.json;
  assert.equal(valid, true);
  assert.deepEqual([checkpoints.stored, checkpoints.verified, checkpoints.keySource], [3, 3, 'stored'], 'creation and two unlocks');
  assert.match(checkpoints.key, /^0x0[23][0-9a-f]{64}$/);
  assert.equal(checkpoints.keyWords.split(' ').length, 4);
  const actions = auditActions(vault.db);
  assert.equal(actions.at(-1)!.action, 'vault-locked', 'the CLI locks when it ends: after the latest checkpoint');
  assert.equal(checkpoints.latest.last, count - 1);
  assert.equal(uncheckpointedFrom, count);
  assert.match(note, /only the hash chain protects it/);
  assert.equal(verify(vault.db, '--checkpoint-key', realKey).status, 0, 'the real key, given from outside, agrees');
});

test('H-25 (1) an entry edited with every later hash and the head recomputed is detected, naming that row', () => {
  const db = copyOfVault('rewritten');
  const shown = auditActions(db).find((e) => e.action === 'shares-shown')!;
  rewriteEntry(db, shown.seq, { holders: 3, reason: 'creation', vault: 'an innocent-looking edit' });
  const run = verify(db);
  assert.equal(run.status, 1, run.stdout);
  assert.deepEqual([run.json.valid, run.json.problem.code, run.json.problem.row], [false, 'audit-entry-rewritten', shown.seq]);
  assert.match(run.json.problem.message, new RegExp(`^Audit entry ${shown.seq} is not the entry signed checkpoint 1 sealed`));
  assert.equal(unlock(db).json.error.code, 'audit-history-damaged', 'and the next unlock refuses');
});

test('H-25 (2) the tail deleted and the recorded head moved back is detected at the first missing entry', () => {
  const db = copyOfVault('truncated');
  const keep = latestSealed(db) - 2;
  truncateAfter(db, keep);
  const run = verify(db);
  assert.equal(run.status, 1, run.stdout);
  assert.deepEqual([run.json.problem.code, run.json.problem.row, run.json.count], ['audit-checkpointed-entries-missing', keep + 1, keep]);
});

test('H-25 (3) two entries swapped, every hash recomputed, is detected at the first of them', () => {
  const db = copyOfVault('reordered');
  swapEntries(db, 2, 5);
  const run = verify(db);
  assert.equal(run.status, 1, run.stdout);
  assert.deepEqual([run.json.problem.code, run.json.problem.row], ['audit-entry-rewritten', 2]);
});

test('H-25 (4) a replaced checkpoint key re-signing a rewritten history: the real key from outside detects it, and the next quorum unlock refuses', () => {
  const db = copyOfVault('resigned');
  rewriteEntry(db, 2, { name: 'History vault', vault: 'rewritten', origin: 'created', holders: 3, groupThreshold: 1, accounts: 1 });
  resignWithOwnKey(db);
  const alone = verify(db);
  assert.equal(alone.status, 0, 'the file alone cannot tell: its own key vouches for it');
  assert.notEqual(alone.json.checkpoints.key, realKey);

  const given = verify(db, '--checkpoint-key', realKey);
  assert.equal(given.status, 1, given.stdout);
  assert.deepEqual([given.json.valid, given.json.problem.code, given.json.problem.row], [false, 'audit-checkpoint-key-mismatch', 1]);
  assert.deepEqual([given.json.checkpoints.key, given.json.checkpoints.storedKey, given.json.checkpoints.verified], [realKey, alone.json.checkpoints.key, 0]);

  const refused = unlock(db);
  assert.equal(refused.status, 2, refused.stdout);
  assert.equal(refused.json.error.code, 'audit-checkpoint-key-replaced');
  assert.match(refused.json.error.message, /someone replaced it.*Nothing was unlocked/);
  const last = runAirlock(['audit', 'list', '--db', db, '--limit', '1', '--json']).json.entries[0];
  assert.deepEqual([last.action, last.details.code], ['unlock-failed', 'audit-checkpoint-key-replaced'], 'the refusal is audited');
});

test('H-25 a malformed --checkpoint-key is bad input (exit 2), not a verdict', () => {
  for (const bad of ['0x1234', `0x04${'ab'.repeat(32)}`, 'alpha beta gamma delta']) {
    const run = verify(vault.db, '--checkpoint-key', bad);
    assert.equal(run.status, 2, bad);
    assert.equal(run.json.error.code, 'checkpoint-key-invalid');
  }
});

test('H-25 `airlock sign` refuses a request for a path under the checkpoint key’s reserved purpose', () => {
  const request = EthSignRequest.constructETHRequest(Buffer.from('sign me'), DataType.personalMessage, "m/1095324236'/1'/0'", '12345678', '6c3633c0-02c0-4313-9cd7-e25f4f296729', 1);
  const parts = encodeUr('eth-sign-request', new Uint8Array(request.toCBOR()), 4096);
  const mnemonic = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
  const run = runAirlock(['sign', '--json'], JSON.stringify({ mnemonic, request: parts }));
  assert.equal(run.status, 2, run.stdout);
  assert.equal(run.json.error.code, 'hd-path-invalid');
  assert.match(run.json.error.message, /reserved for the vault's own keys/);
});
