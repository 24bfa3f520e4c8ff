import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, schemaVersion } from '../../../../main/db/connection';
import { LATEST_SCHEMA_VERSION, migrations } from '../../../../main/db/migrations/index';
import { AirlockError } from '../../../../shared/errors';
import { tempDir } from '../../../helpers/temp';

function expectCode(fn: () => unknown, code: string): AirlockError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AirlockError, `expected AirlockError ${code}, got ${String(error)}`);
    assert.equal(error.code, code);
    return error;
  }
  assert.fail(`expected ${code}`);
}

test('a new file is created at the latest schema with WAL, synchronous=FULL and foreign keys on', () => {
  const path = join(tempDir(), 'vault.db');
  const db = openDatabase(path, { create: true });
  assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('synchronous', { simple: true }), 2);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  db.close();
  if (process.platform !== 'win32') assert.equal(statSync(path).mode & 0o777, 0o600);
});

test('each migration upgrades a database written at the version before it, keeping its rows', () => {
  for (let from = 0; from < migrations.length; from++) {
    const path = join(tempDir(), `at-${from}.db`);
    const old = openDatabase(path, { create: true, migrations: migrations.slice(0, from) });
    assert.equal(schemaVersion(old), from);
    old.close();
    const db = openDatabase(path, { create: false });
    assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
    assert.equal((db.prepare('SELECT value FROM app_meta WHERE key = ?').get('created_by_version') as { value: string }).value.length > 0, true);
    db.close();
  }
});

test('every migration carries its place in the list as its version (the runner and the newer-file check count on it)', () => {
  assert.deepEqual(migrations.map((m) => m.version), migrations.map((_, i) => i + 1));
  assert.equal(new Set(migrations.map((m) => m.name)).size, migrations.length);
});

test('refuses a database from a newer app version and changes nothing', () => {
  const path = join(tempDir(), 'newer.db');
  openDatabase(path, { create: true }).close();
  const raw = new Database(path);
  raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 3}`);
  raw.close();
  const before = statSync(path).mtimeMs;
  const error = expectCode(() => openDatabase(path, { create: false }), 'database-from-newer-version');
  assert.match(error.message, /newer Airlock \(schema \d+; this app knows up to \d+\)/);
  const after = new Database(path);
  assert.equal(after.pragma('user_version', { simple: true }), LATEST_SCHEMA_VERSION + 3);
  after.close();
  assert.equal(statSync(path).mtimeMs, before);
});

test('refuses a file that is not a database, without overwriting it', () => {
  const path = join(tempDir(), 'notes.db');
  writeFileSync(path, 'these are not the droids you are looking for'.repeat(50));
  expectCode(() => openDatabase(path, { create: true }), 'database-unreadable');
});

test('a missing file is reported, not silently created, unless creating', () => {
  const path = join(tempDir(), 'absent.db');
  const error = expectCode(() => openDatabase(path, { create: false }), 'database-not-found');
  assert.match(error.message, /airlock db init --db/);
});

test('a folder that does not exist gives a sentence, not a crash', () => {
  expectCode(() => openDatabase(join(tempDir(), 'no', 'such', 'dir', 'v.db'), { create: true }), 'database-cannot-open');
});

test('a database held by another writer is reported as locked, with a sentence', () => {
  const path = join(tempDir(), 'busy.db');
  openDatabase(path, { create: true }).close();
  const other = new Database(path);
  other.exec('BEGIN EXCLUSIVE');
  try {
    const error = expectCode(() => openDatabase(path, { create: false, busyTimeoutMs: 50, migrations: [...migrations, { version: migrations.length + 1, name: 'probe', sql: 'CREATE TABLE probe (x INTEGER) STRICT;' }] }), 'database-locked');
    assert.match(error.message, /in use by another Airlock/);
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
});
