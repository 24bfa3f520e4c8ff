import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { allowOnlineSigning, CLI_PATH, runAirlock } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const spec = {
  name: 'Acme treasury',
  secretBits: 128,
  dice: '3 1 4 1 5 2 6',
  groups: [{ name: 'Board', memberThreshold: 2, holders: [
    { name: 'Alice', passphrase: 'alice correct horse' },
    { name: 'Bob', passphrase: 'bob battery staple' },
    { name: 'Carol', passphrase: 'carol purple monkey' },
  ] }],
  iterationExponent: 0,
};

test('vault create, accounts and unlock through the CLI, secrets only on stdin', () => {
  const db = join(tempDir(), 'vault.db');
  const created = runAirlock(['vault', 'create', '--db', db, '--json'], JSON.stringify(spec));
  assert.equal(created.status, 0, created.stdout + created.stderr);
  assert.equal(created.json.shares.length, 3);
  const address = created.json.vault.accounts[0].address;
  assert.match(address, /^0x[0-9a-fA-F]{40}$/);
  // This test machine is connected (H-27).
  allowOnlineSigning(db);
  const accounts = runAirlock(['vault', 'accounts', '--db', db, '--json']);
  assert.deepEqual(accounts.json.accounts.map((a: { address: string }) => a.address), [address]);
  const unlock = runAirlock(['vault', 'unlock', '--db', db, '--json'], JSON.stringify({ holders: [spec.groups[0]!.holders[2], spec.groups[0]!.holders[0]] }));
  assert.equal(unlock.status, 0, unlock.stdout);
  assert.equal(unlock.json.unlocked, true);
  assert.deepEqual(unlock.json.steps.map((s: { progress: string }) => s.progress), ['1 of 2 shares', '2 of 2 shares: quorum reached']);
  const verify = runAirlock(['audit', 'verify', '--db', db, '--json']);
  assert.equal(verify.json.valid, true);
});

test('vault errors exit 2 with a sentence: wrong passphrase names the holder, too few shares says how many more', () => {
  const db = join(tempDir(), 'vault.db');
  runAirlock(['vault', 'create', '--db', db, '--json'], JSON.stringify(spec));
  // This test machine is connected (H-27).
  allowOnlineSigning(db);
  const wrong = runAirlock(['vault', 'unlock', '--db', db, '--json'], JSON.stringify({ holders: [{ name: 'Bob', passphrase: 'nope nope nope' }] }));
  assert.equal(wrong.status, 2);
  assert.equal(wrong.json.error.code, 'passphrase-wrong');
  assert.match(wrong.json.error.message, /Bob/);
  const few = runAirlock(['vault', 'unlock', '--db', db, '--json'], JSON.stringify({ holders: [spec.groups[0]!.holders[1]] }));
  assert.equal(few.json.error.code, 'shares-not-enough');
  assert.match(few.json.error.message, /1 of 2 shares/);
  const garbage = runAirlock(['vault', 'create', '--db', join(tempDir(), 'v.db'), '--json'], 'my passphrase is hunter2');
  assert.equal(garbage.status, 2);
  assert.equal(garbage.json.error.code, 'input-invalid');
  assert.doesNotMatch(garbage.stdout, /hunter2/, 'stdin is never echoed');
  const dice = runAirlock(['vault', 'create', '--db', join(tempDir(), 'v.db'), '--json'], JSON.stringify({ ...spec, dice: '1 2 9' }));
  assert.equal(dice.json.error.code, 'dice-invalid');
});

/** Kills `airlock vault create` with SIGKILL after `ms`, resolves when it is gone. */
function createAndKill(db: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_PATH, 'vault', 'create', '--db', db, '--json'], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.end(JSON.stringify(spec));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function vaultState(db: string): 'none' | 'complete' {
  if (!existsSync(db)) return 'none';
  const raw = new Database(db);
  try {
    const hasVaultTable = raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'vault'").get() as { n: number };
    if (hasVaultTable.n === 0) return 'none';
    const count = (table: string) => (raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const vaults = count('vault');
    if (vaults === 0) {
      assert.deepEqual([count('holder'), count('share'), count('account'), count('vault_group')], [0, 0, 0, 0], 'no orphan rows');
      return 'none';
    }
    assert.deepEqual([vaults, count('vault_group'), count('holder'), count('share'), count('account')], [1, 1, 3, 3, 1], 'a whole vault');
    return 'complete';
  } finally {
    raw.close();
  }
}

test('kill -9 at any point of vault creation leaves either no vault or a complete one', async () => {
  const started = Date.now();
  const full = join(tempDir(), 'full.db');
  await createAndKill(full, 60_000);
  const duration = Date.now() - started;
  assert.equal(vaultState(full), 'complete');
  const outcomes: string[] = [];
  // Kill points spread over the whole run, denser near its end where the transaction commits.
  const fractions = [0.05, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.98, 1.0, 1.02];
  for (const f of fractions) {
    const db = join(tempDir(), `kill-${f}.db`);
    await createAndKill(db, Math.round(duration * f));
    outcomes.push(vaultState(db));
    if (existsSync(db)) {
      const verify = runAirlock(['audit', 'verify', '--db', db, '--json']);
      assert.equal(verify.json.valid, true, 'the audit chain survives the kill');
    }
  }
  assert.ok(outcomes.includes('none'), `some kills landed before the commit: ${outcomes.join(',')}`);
});
