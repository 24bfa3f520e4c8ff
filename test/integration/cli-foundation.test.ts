import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CLI_PATH, runAirlock } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };

test('airlock --version prints the package version, as text and as JSON', () => {
  const text = runAirlock(['--version']);
  assert.equal(text.status, 0);
  assert.equal(text.stdout.trim(), `airlock ${pkg.version}`);
  const json = runAirlock(['--version', '--json']);
  assert.deepEqual(json.json, { version: pkg.version });
});

test('db init creates a database and audit verify finds its chain intact', () => {
  const db = join(tempDir(), 'x.db');
  const init = runAirlock(['db', 'init', '--db', db, '--json']);
  assert.equal(init.status, 0, init.stdout + init.stderr);
  assert.equal(init.json.path, db);
  assert.equal(init.json.mode, 'vault');
  assert.ok(init.json.schemaVersion >= 1);
  const verify = runAirlock(['audit', 'verify', '--db', db, '--json']);
  assert.equal(verify.status, 0);
  assert.equal(verify.json.valid, true);
  assert.equal(verify.json.count, 1);
  assert.equal(verify.json.problem, null);
  const again = runAirlock(['db', 'init', '--db', db, '--json']);
  assert.equal(again.status, 0);
  assert.equal(runAirlock(['audit', 'list', '--db', db, '--json']).json.entries.length, 1, 'a second init adds nothing');
});

test('editing one audit row by hand makes verify exit 1 with the code and the row number', () => {
  const db = join(tempDir(), 'x.db');
  runAirlock(['db', 'init', '--db', db]);
  const raw = new Database(db);
  raw.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1").run();
  raw.close();
  const verify = runAirlock(['audit', 'verify', '--db', db, '--json']);
  assert.equal(verify.status, 1);
  assert.equal(verify.json.valid, false);
  assert.equal(verify.json.problem.code, 'audit-row-altered');
  assert.equal(verify.json.problem.row, 1);
  assert.match(verify.json.problem.message, /entry 1 was changed/);
});

test('bad input exits 2 with a JSON error holding a code and a sentence', () => {
  const cases: Array<[string[], string]> = [
    [['audit', 'verify', '--db', join(tempDir(), 'missing.db'), '--json'], 'database-not-found'],
    [['audit', 'verify', '--nonsense', '--json'], 'usage-invalid'],
    [['frobnicate', '--json'], 'usage-invalid'],
    [['db', 'init', '--db', '--json'], 'usage-invalid'],
    [['audit', 'list', '--db', 'x.db', '--limit', 'lots', '--json'], 'usage-invalid'],
    [['db', 'init', '--mode', 'cloud', '--db', 'x.db', '--json'], 'usage-invalid'],
  ];
  for (const [args, code] of cases) {
    const run = runAirlock(args);
    assert.equal(run.status, 2, `${args.join(' ')} → ${run.stdout}${run.stderr}`);
    assert.equal(run.json.error.code, code, args.join(' '));
    assert.ok(run.json.error.message.length > 20, 'the message is a sentence');
    assert.deepEqual(Object.keys(run.json.error).sort(), ['code', 'message']);
  }
});

test('a file that is not a database is refused with exit 2 and left as it was', () => {
  const path = join(tempDir(), 'notes.db');
  const content = 'treasury notes, not a database\n'.repeat(100);
  writeFileSync(path, content);
  const run = runAirlock(['audit', 'verify', '--db', path, '--json']);
  assert.equal(run.status, 2);
  assert.equal(run.json.error.code, 'database-unreadable');
  assert.equal(readFileSync(path, 'utf8'), content);
});

test('without --json, errors go to stderr as a sentence and stdout stays empty', () => {
  const run = runAirlock(['audit', 'verify', '--db', join(tempDir(), 'missing.db')]);
  assert.equal(run.status, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /No Airlock database at .* \(database-not-found\)/);
});

test('a database its user cannot write is refused as read-only with a sentence, and left as it was', () => {
  const dir = tempDir();
  const db = join(dir, 'v.db');
  runAirlock(['db', 'init', '--db', db]);
  const before = readFileSync(db);
  chmodSync(db, 0o444);
  chmodSync(dir, 0o555);
  try {
    // root ignores file modes only through its capabilities (CAP_DAC_OVERRIDE). As root the CLI runs as root with every
    // capability dropped: file modes then apply, and the checkout stays reachable wherever it lies (a 0700 folder, /root),
    // which a switch to another user such as "nobody" cannot promise.
    const withoutCapabilities = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-all', '--inh-caps=-all', '--'] : [];
    for (const args of [['audit', 'verify'], ['db', 'init']]) {
      const command = [...withoutCapabilities, process.execPath, CLI_PATH, ...args, '--db', db, '--json'];
      const run = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8' });
      assert.equal(run.status, 2, run.stdout + run.stderr);
      const body = JSON.parse(run.stdout) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'database-read-only');
      assert.match(body.error.message, /read-only for this user/);
    }
  } finally {
    chmodSync(dir, 0o755);
    chmodSync(db, 0o644);
  }
  assert.deepEqual(readFileSync(db), before);
});

/** Runs the CLI with test/fixtures/guard-probe.cjs loaded first; returns what the probe saw when the command ended. */
function probeGuards(args: readonly string[]): Record<string, string> {
  const probe = join(import.meta.dirname, '..', 'fixtures', 'guard-probe.cjs');
  const run = spawnSync(process.execPath, ['--require', probe, CLI_PATH, ...args], { encoding: 'utf8', timeout: 60_000 });
  const line = run.stderr.split('\n').find((l) => l.startsWith('GUARD-PROBE '));
  assert.ok(line, `the probe reported: ${run.stdout}${run.stderr}`);
  return JSON.parse(line.slice('GUARD-PROBE '.length)) as Record<string, string>;
}

test('H-10 H-26 the vault commands of the CLI run with sockets, lookups and programs refused; relay commands keep the network', () => {
  const dir = tempDir('airlock-cli-guards-');
  const db = join(dir, 'vault.db');
  assert.equal(runAirlock(['db', 'init', '--db', db, '--json']).status, 0);
  const refused = { 'net.connect': 'network-forbidden', 'http.request': 'network-forbidden', 'dns.lookup': 'network-forbidden', 'child_process.spawnSync': 'process-forbidden' };
  assert.deepEqual(probeGuards(['audit', 'verify', '--db', db, '--json']), refused);
  assert.deepEqual(probeGuards(['--version']), refused, 'even a command that reads nothing');
  // The relay's own program is the one part of Airlock that talks to endpoints.
  assert.equal(probeGuards(['relay', '--help'])['net.connect'], 'allowed');
});
