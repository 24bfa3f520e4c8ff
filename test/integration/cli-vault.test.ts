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
  // The command locks the vault again as soon as its work is done, before the file is closed.
  const raw = new Database(db, { readonly: true });
  const last = raw.prepare("SELECT action, details FROM audit_log WHERE action IN ('vault-unlocked', 'vault-locked') ORDER BY seq DESC LIMIT 2").all() as Array<{ action: string; details: string }>;
  raw.close();
  assert.deepEqual(last.map((r) => [r.action, JSON.parse(r.details).reason ?? null]), [['vault-locked', 'explicit'], ['vault-unlocked', null]]);
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

test('H-28 the CLI keeps one count per holder across runs: after four wrong passphrases the next run is refused untried, saying when', () => {
  const db = join(tempDir(), 'vault.db');
  assert.equal(runAirlock(['vault', 'create', '--db', db, '--json'], JSON.stringify(spec)).status, 0);
  allowOnlineSigning(db); // this test machine is online (H-27): the passphrases must reach the counter
  const bob = spec.groups[0]!.holders[1]!;
  const unlockAs = (passphrase: string) => runAirlock(['vault', 'unlock', '--db', db, '--json'], JSON.stringify({ holders: [{ name: 'Bob', passphrase }] }));
  for (let run = 1; run <= 4; run++) {
    const wrong = unlockAs(`bob guess number ${run}`);
    assert.equal(wrong.status, 2, wrong.stdout + wrong.stderr);
    assert.equal(wrong.json.error.code, 'passphrase-wrong');
    assert.equal(/in a row/.test(wrong.json.error.message), run === 4, `run ${run}: ${wrong.json.error.message}`);
    assert.ok(!wrong.stdout.includes('bob guess number'), 'the guess is not repeated');
  }
  // Each run is a new process over the same file; the fourth began a 30-second wait a moment ago.
  const refused = unlockAs(bob.passphrase);
  assert.equal(refused.status, 2);
  assert.equal(refused.json.error.code, 'passphrase-attempts-delayed');
  assert.match(refused.json.error.message, /^Bob has typed 4 wrong passphrases in a row, .* Bob can try again at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in \d+ seconds?\)\. Nothing was tried\./);
  const raw = new Database(db);
  const actions = (raw.prepare('SELECT action FROM audit_log ORDER BY seq').all() as Array<{ action: string }>).map((r) => r.action);
  raw.close();
  assert.deepEqual(actions.filter((a) => a.startsWith('unlock-') || a.startsWith('passphrase-')), [
    'unlock-passphrase-wrong', 'unlock-passphrase-wrong', 'unlock-passphrase-wrong', 'unlock-passphrase-wrong', 'passphrase-attempts-delayed',
  ]);
  assert.equal(runAirlock(['audit', 'verify', '--db', db, '--json']).json.valid, true);
});

test('H-29 the CLI names the position of a mistyped word, never the word or a suggestion', () => {
  const db = join(tempDir(), 'vault.db');
  const created = runAirlock(['vault', 'create', '--db', db, '--json'], JSON.stringify(spec));
  const words = (created.json.shares[0].words as string).split(' ');
  const misspelled = `${words[9]}${words[9]!.at(-1)}`;
  const typed = [...words.slice(0, 9), misspelled, ...words.slice(10)].join(' ');
  const check = runAirlock(['share', 'check', '--db', db, '--json'], JSON.stringify({ holder: 'Alice', words: typed, passphrase: spec.groups[0]!.holders[0]!.passphrase }));
  assert.equal(check.json.error.code, 'share-word-unknown');
  assert.equal(check.json.error.message, "Alice's share: word 10 is not in the SLIP-39 word list. Compare it letter by letter with the paper share.");
  const combine = runAirlock(['slip39', 'combine', '--json'], JSON.stringify({ mnemonics: [typed, created.json.shares[1].words], passphrase: '' }));
  assert.equal(combine.json.error.code, 'share-word-unknown');
  assert.equal(combine.json.error.message, 'Share 1: word 10 is not in the SLIP-39 word list. Compare it letter by letter with the paper share.');
  const { secretBits: _bits, dice: _dice, ...layout } = spec;
  const phrase = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandn about';
  const imported = runAirlock(['vault', 'import', '--db', join(tempDir(), 'v.db'), '--json'], JSON.stringify({ ...layout, mnemonic: phrase }));
  assert.equal(imported.json.error.code, 'bip39-mnemonic-invalid');
  assert.equal(imported.json.error.message, "Word 11 of the recovery phrase is not in the BIP-39 English word list. Check its spelling against the holder's backup.");
  for (const run of [check, combine, imported]) {
    assert.equal(run.status, 2);
    for (const secret of [misspelled, 'abandn']) assert.ok(!(run.stdout + run.stderr).includes(secret), `${secret} in ${run.stdout}`);
  }
});
