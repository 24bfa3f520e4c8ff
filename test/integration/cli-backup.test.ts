// Backups of the vault itself through the CLI, as a treasury runs them, real files throughout: a backup made while the
// vault is in use restores every table's content, verifies and unlocks with the same quorum; a flipped byte, a cut
// file, another vault's backup and a newer format are refused with a sentence; the drill restores the latest backup,
// and a rebuild from the cards alone reproduces the last drill report's addresses; kill -9 during a backup leaves the
// previous backup whole; the relay's key and queue go out and come back under its own passphrase.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { openDatabase } from '../../main/db/connection';
import { enqueueBroadcast } from '../../main/db/relay';
import { createVaultServices } from '../../main/vault-services';
import { relayKeyFingerprint, relayPublicKey, signSnapshot } from '../../shared/snapshot/signature';
import { assertRestoredContent, readTables } from '../helpers/backup-tables';
import { allowOnlineSigning, runAirlock, runAirlockAsync, type CliRun } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const PASSPHRASES: Record<string, string> = { Alice: 'alice pass one', Bob: 'bob pass two', Carol: 'carol pass three' };
const ACCOUNTS = [
  { scheme: 'bip44', index: 0, label: 'Treasury', role: 'eoa-treasury' },
  { scheme: 'bip44', index: 1, label: 'Executor', role: 'executor' },
];
const RELAY_SECRET = Uint8Array.from({ length: 32 }, (_, i) => i + 21);
const dir = tempDir('airlock-cli-backup-');

interface CliVault {
  db: string;
  shares: Array<{ holder: string; words: string }>;
  accounts: Array<{ path: string; address: string }>;
}

/** Holders Alice, Bob and Carol; another vault's are told apart by a suffix on their passphrases. */
function createVault(name: string, suffix = ''): CliVault {
  const db = join(dir, `${name}.db`);
  const holders = Object.entries(PASSPHRASES).map(([holder, passphrase]) => ({ name: holder, passphrase: passphrase + suffix }));
  const spec = { name, secretBits: 128, iterationExponent: 0, groups: [{ name: 'Board', memberThreshold: 2, holders }], accounts: ACCOUNTS };
  const run = runAirlock(['vault', 'create', '--db', db, '--json'], JSON.stringify(spec));
  assert.equal(run.status, 0, run.stdout + run.stderr);
  allowOnlineSigning(db);
  return { db, shares: run.json.shares, accounts: run.json.vault.accounts };
}

const byPassphrase = (...names: string[]) => JSON.stringify({ holders: names.map((name) => ({ name, passphrase: PASSPHRASES[name] })) });
const byCards = (vault: CliVault, ...names: string[]) => JSON.stringify({ holders: names.map((name) => ({ name, words: vault.shares.find((s) => s.holder === name)!.words })) });
const sha = (path: string) => bytesToHex(sha256(readFileSync(path)));

function refusedWith(run: CliRun, code: string, target: string): void {
  assert.equal(run.status, 2, run.stdout + run.stderr);
  assert.equal(run.json.error.code, code, run.json.error.message);
  assert.match(run.json.error.message, /^[A-Z].*\.$/, 'a sentence');
  assert.equal(existsSync(target), false, 'no database is left behind');
}

const treasury = createVault('Treasury');
const backupFile = join(dir, 'usb', 'treasury.airlock-backup');

test('a backup made while the vault is in use restores every table, verifies, and unlocks with the same quorum', async () => {
  mkdirSync(join(dir, 'usb'));
  // The app keeps working on the vault meanwhile: one recorded change every 10 ms from another connection.
  const app = createVaultServices({ dbPath: treasury.db, actor: 'app' });
  let changes = 0;
  let timer: NodeJS.Timeout | undefined;
  const work = () => {
    app.audit.record('app', 'test-activity', { n: ++changes });
    timer = setTimeout(work, 10);
  };
  work();
  const run = await runAirlockAsync(['vault', 'backup', '--db', treasury.db, '--out', backupFile, '--json'], byPassphrase('Alice', 'Bob'));
  clearTimeout(timer);
  app.close();
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.deepEqual(run.json.destinations, [{ path: backupFile, verified: true }]);
  assert.equal(run.json.hash, sha(backupFile));
  const head = run.json.auditHead.count as number;
  const source = readTables(treasury.db);
  const activity = source.audit_log!.filter((row) => row.action === 'test-activity').map((row) => Number(row.seq));
  assert.ok(activity.some((seq) => seq < head) && activity.some((seq) => seq > head), 'changes landed on both sides of the image');

  const restoredDb = join(dir, 'restored.db');
  const restored = runAirlock(['vault', 'restore', '--db', restoredDb, '--from', backupFile, '--expect', run.json.hashWords, '--json'], byPassphrase('Carol', 'Bob'));
  assert.equal(restored.status, 0, restored.stdout + restored.stderr);
  assert.deepEqual(restored.json.accounts.map((a: { address: string }) => a.address), treasury.accounts.map((a) => a.address));
  assertRestoredContent(source, readTables(restoredDb), head, run.json.hash);
  const verify = runAirlock(['audit', 'verify', '--db', restoredDb, '--json']);
  assert.equal(verify.json.valid, true);
  assert.equal(verify.json.checkpoints.verified, verify.json.checkpoints.stored);
  assert.equal(verify.json.uncheckpointedFrom, null, 'the restore entry is sealed too');
  const unlock = runAirlock(['vault', 'unlock', '--db', restoredDb, '--json'], byPassphrase('Alice', 'Bob'));
  assert.equal(unlock.json.unlocked, true, unlock.stdout);
});

test('a flipped byte, a cut file, another vault’s backup and a newer format are refused with a sentence', () => {
  const target = join(dir, 'refused.db');
  const bytes = readFileSync(backupFile);
  const write = (name: string, content: Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const rechecksum = (content: Buffer) => {
    content.set(sha256(content.subarray(0, content.length - 32)), content.length - 32);
    return content;
  };
  const restore = (file: string, stdin: string) => runAirlock(['vault', 'restore', '--db', target, '--from', file, '--json'], stdin);

  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 1000]! ^= 0x04;
  refusedWith(restore(write('flipped.airlock-backup', flipped), byCards(treasury, 'Alice', 'Bob')), 'backup-damaged', target);
  refusedWith(restore(write('altered.airlock-backup', rechecksum(Buffer.from(flipped))), byCards(treasury, 'Alice', 'Bob')), 'backup-tampered', target);
  refusedWith(restore(write('cut.airlock-backup', bytes.subarray(0, bytes.length - 4096)), byCards(treasury, 'Alice', 'Bob')), 'backup-truncated', target);

  const newer = Buffer.from(bytes);
  newer[8] = 2;
  refusedWith(restore(write('format2.airlock-backup', rechecksum(newer)), byCards(treasury, 'Alice', 'Bob')), 'backup-format-newer', target);
  const schema = Buffer.from(bytes.toString('latin1').replace(/"schema":\d+/, (m) => m.replace(/\d+$/, (d) => '9'.repeat(d.length))), 'latin1');
  refusedWith(restore(write('schema.airlock-backup', rechecksum(schema)), byCards(treasury, 'Alice', 'Bob')), 'backup-format-newer', target);

  const other = createVault('Other', ' elsewhere');
  const otherFile = join(dir, 'other.airlock-backup');
  assert.equal(runAirlock(['vault', 'backup', '--db', other.db, '--out', otherFile, '--json'], byCards(other, 'Alice', 'Carol')).status, 0);
  refusedWith(restore(otherFile, byCards(treasury, 'Alice', 'Bob')), 'backup-key-mismatch', target);
  refusedWith(restore(otherFile, byPassphrase('Alice', 'Bob')), 'backup-passphrase-wrong', target);
  const before = readTables(treasury.db);
  const occupied = runAirlock(['vault', 'restore', '--db', treasury.db, '--from', otherFile, '--json'], byCards(other, 'Alice', 'Carol'));
  assert.equal(occupied.json.error.code, 'restore-target-not-empty');
  assert.deepEqual(readTables(treasury.db), before, 'the vault in the way is untouched');
});

test('the drill restores the latest backup, and a rebuild from the cards alone reproduces the last drill report’s addresses', () => {
  const key = relayPublicKey(RELAY_SECRET);
  assert.equal(runAirlock(['snapshot', 'pair', '--db', treasury.db, '--relay-key', `0x${bytesToHex(key)}`, '--words', ...relayKeyFingerprint(key), '--json'], byPassphrase('Alice', 'Bob')).status, 0);
  const now = Date.now();
  const snapshot = signSnapshot(
    {
      version: 1,
      chainId: '1',
      blockNumber: '100',
      blockHash: `0x${'64'.padStart(64, '0')}`,
      blockTime: String(Math.floor(now / 1000) - 3600),
      takenAt: String(now - 3600_000),
      accounts: [{ address: treasury.accounts[0]!.address, nonce: '0', balance: (10n ** 18n).toString(), tokens: [] }],
      safes: [],
      fees: { baseFee: '10000000000', maxPriorityFeePerGas: '1000000000', maxFeePerGas: '21000000000' },
      positions: [],
      crossCheck: { endpoints: '1', disagreements: [] },
    },
    RELAY_SECRET,
  );
  assert.equal(runAirlock(['snapshot', 'import', '--db', treasury.db, '--chain-id', '1', '--json'], JSON.stringify(snapshot)).status, 0);
  const runbook = runAirlock(['runbook', 'list', '--db', treasury.db, '--json']).json.runbooks.find((r: { name: string }) => r.name === 'sweep-leaked-eoa');
  runAirlock(['runbook', 'save', '--db', treasury.db, '--json'], JSON.stringify({ ...runbook, params: { fallbackSafe: '0x2222222222222222222222222222222222222222' } }));
  const drill = runAirlock(['drill', 'run', '--db', treasury.db, '--runbook', 'sweep-leaked-eoa', '--json'], byPassphrase('Alice', 'Carol'));
  assert.equal(drill.status, 0, drill.stdout);
  const step = drill.json.steps.find((s: { name: string }) => s.name === 'latest backup restores into a temporary vault');
  assert.match(step.note, /^Restored the latest backup .* from .*treasury\.airlock-backup into a temporary vault/);
  assert.ok(drill.json.stateRpoSeconds >= 0);
  assert.equal(drill.json.latestBackup.hash, sha(backupFile), 'the report names the backup a new laptop must restore');
  assert.deepEqual(drill.json.accounts.map((a: { address: string }) => a.address), treasury.accounts.map((a) => a.address));

  // The laptop and every backup are gone: two cards, the same accounts registered again, compared with the report.
  const rebuilt = join(dir, 'rebuilt.db');
  const holders = [{ name: 'Dana', passphrase: 'dana new passphrase' }, { name: 'Eve', passphrase: 'eve new passphrase' }];
  const spec = { name: 'Treasury', shares: [treasury.shares[1]!.words, treasury.shares[2]!.words], groups: [{ name: 'Board', memberThreshold: 2, holders }], iterationExponent: 0, accounts: ACCOUNTS };
  assert.equal(runAirlock(['vault', 'import', '--db', rebuilt, '--json'], JSON.stringify(spec)).status, 0);
  const compared = runAirlock(['vault', 'compare-report', '--db', rebuilt, '--json'], drill.stdout);
  assert.equal(compared.status, 0, compared.stdout);
  assert.deepEqual(compared.json.accounts.map((a: { match: boolean }) => a.match), [true, true]);
  assert.equal(compared.json.checkpointKey.match, true, 'the same seed: the same audit checkpoint key as the drill proof');
  // Another vault's cards rebuild another key: every address differs, exit 1.
  const wrong = join(dir, 'wrong.db');
  const other = createVault('Stranger', ' elsewhere');
  assert.equal(runAirlock(['vault', 'import', '--db', wrong, '--json'], JSON.stringify({ ...spec, shares: [other.shares[0]!.words, other.shares[1]!.words] })).status, 0);
  const mismatch = runAirlock(['vault', 'compare-report', '--db', wrong, '--json'], drill.stdout);
  assert.equal(mismatch.status, 1);
  assert.match(mismatch.json.summary, /^2 of 2 accounts do not match the drill report/);
});

/** Starts `vault backup` to `out` and kills it with SIGKILL when `when` says: once its partial file appears, or after ms. */
function backupAndKill(out: string, when: 'partial-written' | number): Promise<void> {
  return new Promise((resolve) => {
    let child: { kill(signal: NodeJS.Signals): boolean } | null = null;
    const prefix = `.${basename(out)}.`;
    const watcher =
      when === 'partial-written' ? watch(join(out, '..'), (_event, name) => void (name?.startsWith(prefix) && name.endsWith('.partial') && child?.kill('SIGKILL'))) : null;
    let timer: NodeJS.Timeout | undefined;
    void runAirlockAsync(['vault', 'backup', '--db', treasury.db, '--out', out, '--json'], byPassphrase('Alice', 'Bob'), (started) => {
      child = started;
      if (typeof when === 'number') timer = setTimeout(() => started.kill('SIGKILL'), when);
    }).then(() => {
      clearTimeout(timer);
      watcher?.close();
      resolve();
    });
  });
}

test('kill -9 at any point of a backup leaves the previous backup whole; an older copy passed off as the latest is refused', async () => {
  const started = Date.now();
  const full = await runAirlockAsync(['vault', 'backup', '--db', treasury.db, '--out', backupFile, '--json'], byPassphrase('Alice', 'Bob'));
  assert.equal(full.status, 0, full.stdout);
  const duration = Date.now() - started;
  const older = readFileSync(backupFile);
  let previous = sha(backupFile);
  // Killed while the new file is being written: the old one stays, byte for byte.
  await backupAndKill(backupFile, 'partial-written');
  assert.equal(sha(backupFile), previous, 'killed mid-write, the previous backup is unchanged');
  const outcomes: string[] = [];
  for (const fraction of [0.2, 0.5, 0.8, 0.95, 1.05]) {
    await backupAndKill(backupFile, Math.round(duration * fraction));
    const now = sha(backupFile);
    const check = runAirlock(['vault', 'backup-check', '--from', backupFile, '--json']);
    assert.equal(check.json.valid, true, `after a kill at ${fraction}: ${check.stdout}`);
    outcomes.push(now === previous ? 'previous' : 'new');
    previous = now;
  }
  assert.equal(runAirlock(['audit', 'verify', '--db', treasury.db, '--json']).json.valid, true, 'the audit log survives the kills');
  const after = runAirlock(['vault', 'backup', '--db', treasury.db, '--out', backupFile, '--json'], byPassphrase('Alice', 'Bob'));
  assert.equal(after.status, 0, `the next backup writes over what a kill left: ${after.stdout}`);
  assert.ok(outcomes.includes('previous'), outcomes.join());

  // Someone holding an older copy passes it off as the latest: genuine, it authenticates; the recorded words refuse it.
  const replayed = join(dir, 'replayed.airlock-backup');
  writeFileSync(replayed, older);
  const target = join(dir, 'replayed.db');
  const restore = (expect: string) => runAirlock(['vault', 'restore', '--db', target, '--from', replayed, '--expect', expect, '--json'], byPassphrase('Alice', 'Bob'));
  refusedWith(restore(after.json.hashWords), 'backup-not-expected', target);
  refusedWith(restore(after.json.hash), 'backup-not-expected', target);
  refusedWith(restore('the newest one'), 'backup-expectation-invalid', target);
});

test('the relay’s key and queue are backed up and restored under its own passphrase', () => {
  const relayDb = join(dir, 'relay.db');
  const key = runAirlock(['relay', 'key', '--db', relayDb, '--json']).json;
  const db = openDatabase(relayDb, { create: false });
  enqueueBroadcast(db, { txHash: `0x${'ab'.repeat(32)}`, raw: new Uint8Array([2, 1, 2, 3]), sender: '0x9858EfFD232B4033E47d90003D41EC34EcaEda94', nonce: '7', chainId: '1', createdAt: 1 });
  db.close();
  const file = join(dir, 'relay.airlock-backup');
  const passphrase = JSON.stringify({ passphrase: 'relay backup passphrase' });
  const made = runAirlock(['relay', 'backup', '--db', relayDb, '--out', file, '--json'], passphrase);
  assert.equal(made.status, 0, made.stdout + made.stderr);
  assert.equal(made.json.relayKey, key.relayKey);

  const target = join(dir, 'relay-restored.db');
  refusedWith(runAirlock(['relay', 'restore', '--db', target, '--from', file, '--json'], JSON.stringify({ passphrase: 'not the passphrase' })), 'backup-passphrase-wrong', target);
  refusedWith(runAirlock(['relay', 'restore', '--db', target, '--from', backupFile, '--json'], passphrase), 'backup-kind-wrong', target);
  const restored = runAirlock(['relay', 'restore', '--db', target, '--from', file, '--json'], passphrase);
  assert.equal(restored.status, 0, restored.stdout + restored.stderr);
  assert.deepEqual([restored.json.relayKey, restored.json.fingerprint, restored.json.broadcasts], [key.relayKey, key.fingerprint, 1]);
  assertRestoredContent(readTables(relayDb), readTables(target), made.json.verification.auditEntries, made.json.hash, 'relay');
  assert.equal(runAirlock(['relay', 'key', '--db', target, '--json']).json.relayKey, key.relayKey, 'the same identity the vaults pinned');
  assert.equal(runAirlock(['relay', 'queue', '--db', target, '--json']).json.broadcasts.length, 1);
  assert.equal(runAirlock(['relay', 'restore', '--db', relayDb, '--from', file, '--json'], passphrase).json.error.code, 'restore-target-not-empty');
});
