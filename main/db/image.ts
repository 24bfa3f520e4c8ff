// SQL over a whole database at once, for backups and restores: its tables and their row counts, SQLite's own
// integrity check, and replacing every table's rows with those of another database file in one transaction.
import Database from 'better-sqlite3';
import { AirlockError } from '../../shared/errors';
import type { Db } from './connection';

/**
 * Opens the file SQLite's online backup just wrote, in rollback-journal mode: its image then opens in memory too
 * (SQLite will not deserialize an image that says WAL). Nothing else is changed in it.
 */
export function openImageCopy(path: string): Db {
  const copy = new Database(path, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    return copy;
  } catch (error) {
    copy.close();
    throw error;
  }
}

/** A database image held in memory only (never on disk), read-only: for checking a backup just written. */
export function openImageInMemory(image: Uint8Array): Db {
  try {
    return new Database(Buffer.from(image.buffer, image.byteOffset, image.byteLength), { readonly: true });
  } catch {
    throw new AirlockError('backup-image-unreadable', 'The database inside this backup cannot be opened: it is not an SQLite database.');
  }
}

/** The app's tables (SQLite's own left out), sorted. */
export function tableNames(db: Db, schema: 'main' | 'restored' = 'main'): string[] {
  const rows = db.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

export function rowCounts(db: Db): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const table of tableNames(db)) counts[table] = (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  return counts;
}

/** SQLite's integrity_check: null when it says "ok", else its first finding. */
export function integrityProblem(db: Db): string | null {
  const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
  const first = rows[0]?.integrity_check ?? 'no answer';
  return rows.length === 1 && first === 'ok' ? null : first;
}

/**
 * Replaces every row of every table of `db` with the rows of the database at `sourcePath` (same schema), then runs
 * `after` (the audit entry of the restore), all in one transaction: a crash leaves the old content or the new.
 * `refuse` runs first in that transaction, under its write lock: what was checked before a restore's slow key work
 * (that `db` holds no vault) is checked again where nothing can change it before the rows are replaced.
 */
export function replaceContent(db: Db, sourcePath: string, refuse: () => void, after: () => void): void {
  db.prepare('ATTACH DATABASE ? AS restored').run(sourcePath);
  try {
    const tables = tableNames(db);
    const theirs = tableNames(db, 'restored');
    if (tables.join(',') !== theirs.join(',')) {
      throw new AirlockError('internal', 'The restored database does not have the tables of this one after its upgrade; nothing was restored.');
    }
    db.transaction(() => {
      refuse();
      // Rows arrive in table order, not parent before child: foreign keys are checked once, at commit.
      db.pragma('defer_foreign_keys = ON');
      for (const table of tables) db.prepare(`DELETE FROM main."${table}"`).run();
      for (const table of tables) {
        const columns = (db.prepare(`SELECT name FROM pragma_table_info(?, 'main')`).all(table) as Array<{ name: string }>).map((c) => `"${c.name}"`).join(', ');
        db.prepare(`INSERT INTO main."${table}" (${columns}) SELECT ${columns} FROM restored."${table}"`).run();
      }
      after();
    }).immediate();
  } finally {
    db.prepare('DETACH DATABASE restored').run();
  }
}
