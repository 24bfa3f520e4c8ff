// Opens the vault/relay SQLite file: pragmas for durability, the schema version check, migrations.
import Database from 'better-sqlite3';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AirlockError } from '../../shared/errors';
import { migrations as allMigrations, type Migration } from './migrations/index';

export type Db = Database.Database;

export interface OpenOptions {
  /** Create the file if it does not exist (only `db init` and app start-up do). */
  create: boolean;
  /** For tests of upgrades: stop at this schema version. */
  migrations?: readonly Migration[];
  /** App version, recorded when the file is created. */
  appVersion?: string;
  /** How long to wait for another writer before reporting `database-locked`. */
  busyTimeoutMs?: number;
}

export function openDatabase(path: string, options: OpenOptions): Db {
  if (!path || path.includes('\0')) {
    throw new AirlockError('database-path-invalid', 'The database path is empty or not a valid file name.');
  }
  if (!options.create && !existsSync(path)) {
    throw new AirlockError(
      'database-not-found',
      `No Airlock database at ${path}. Check the path, or create one with \`airlock db init --db ${path}\`.`,
      { path },
    );
  }
  if (!isDirectory(dirname(path))) {
    throw new AirlockError('database-cannot-open', `Cannot open ${path}: its folder does not exist. Create the folder or choose another path.`, { path });
  }
  const existed = existsSync(path);
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: !options.create });
    // Only its owner may read a vault file (the shares inside are encrypted, but metadata is not public).
    if (!existed && process.platform !== 'win32') chmodSync(path, 0o600);
  } catch (error) {
    throw mapSqliteError(error, path);
  }
  try {
    const migrations = options.migrations ?? allMigrations;
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    // Check the version before changing anything: a newer app's file is left exactly as it was.
    refuseNewer(db, migrations.length);
    configure(db);
    migrate(db, migrations, options.appVersion ?? 'unknown');
    return db;
  } catch (error) {
    db.close();
    throw mapSqliteError(error, path);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function configure(db: Db): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (String(mode).toLowerCase() !== 'wal' && !db.readonly) {
    throw new AirlockError('database-unwritable', 'The database could not switch to its safe write mode (WAL). Is the folder writable?');
  }
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
}

export function schemaVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }));
}

function refuseNewer(db: Db, known: number): void {
  // Reading user_version also fails here, harmlessly, for a file that is not SQLite at all.
  const current = schemaVersion(db);
  if (current > known) {
    throw new AirlockError(
      'database-from-newer-version',
      `This database was written by a newer Airlock (schema ${current}; this app knows up to ${known}). ` +
        'Open it with the newer Airlock; nothing was changed.',
      { schema: current, known },
    );
  }
}

function migrate(db: Db, migrations: readonly Migration[], appVersion: string): void {
  const current = schemaVersion(db);
  for (const migration of migrations.slice(current)) {
    // One transaction per migration: either it and its version number land, or neither does.
    db.transaction(() => {
      db.exec(migration.sql);
      if (migration.version === 1) {
        const insert = db.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?)');
        insert.run('created_by_version', appVersion);
      }
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/** Turns SQLite's failures into sentences; anything else passes through unchanged. */
function mapSqliteError(error: unknown, path = 'the vault database'): unknown {
  if (error instanceof AirlockError) return error;
  const code = (error as { code?: unknown }).code;
  // SQLite's extended codes (SQLITE_READONLY_DIRECTORY, SQLITE_BUSY_SNAPSHOT, ...) share the primary prefix.
  const primary = typeof code === 'string' ? code.split('_').slice(0, 2).join('_') : '';
  switch (primary) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return new AirlockError('database-unreadable', `${path} is not an Airlock database, or it is damaged. Nothing was changed.`, { path });
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new AirlockError('database-locked', 'The database is in use by another Airlock window or command. Close it and try again.', { path });
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return new AirlockError(
        'database-read-only',
        `The database at ${path} (or its folder) is read-only for this user. Move it to a writable folder or fix its permissions; nothing was changed.`,
        { path },
      );
    case 'SQLITE_CANTOPEN':
      return new AirlockError('database-cannot-open', `Cannot open ${path}: the folder does not exist or is not writable.`, { path });
    case 'SQLITE_FULL':
      return new AirlockError('disk-full', 'The disk is full: nothing was saved. Free some space and try again.', { path });
    default:
      return error;
  }
}

export { mapSqliteError };
