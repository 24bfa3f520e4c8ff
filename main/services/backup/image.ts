// The database as one consistent image, made with SQLite's online backup while the app keeps using the database, and
// the way back: an image written to a private folder and opened as a temporary database (upgraded if older).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageFacts } from '../../../shared/backup/sealing';
import { AirlockError } from '../../../shared/errors';
import { readHead } from '../../db/audit';
import { openDatabase, schemaVersion, type Db } from '../../db/connection';
import { openImageCopy, rowCounts } from '../../db/image';
import type { Clock } from '../deps';
import { withImageFolder } from './files';

/** Pages per step: all of them, so the copy is one read transaction (a snapshot) however busy the database is. */
const ALL_PAGES = 0x7fffffff;

export interface TakenImage<T> extends ImageFacts {
  /** Rows per table in the image: compared with each copy after writing. */
  rowCounts: Record<string, number>;
  /** What the caller read from the same consistent copy. */
  extra: T;
}

/** A consistent image of `db` (the plaintext copy exists only in a private folder, only while this runs). */
export async function takeImage<T>(db: Db, clock: Clock, read: (copy: Db) => T): Promise<TakenImage<T>> {
  return withImageFolder(db.name, async (folder) => {
    const path = join(folder, 'image.db');
    await db.backup(path, { progress: () => ALL_PAGES });
    const copy = openImageCopy(path);
    let facts: Omit<TakenImage<T>, 'image' | 'createdAt'>;
    try {
      const head = readHead(copy);
      if (!head) throw new AirlockError('internal', 'The database has no audit log to back up.');
      facts = { schema: schemaVersion(copy), auditHead: head, rowCounts: rowCounts(copy), extra: read(copy) };
    } finally {
      copy.close();
    }
    return { image: new Uint8Array(readFileSync(path)), createdAt: clock.now(), ...facts };
  });
}

/**
 * Writes `image` into a private folder beside `databasePath`, opens it as a database (running the migrations an older
 * backup needs) and lends it, with its path, to `fn`; closed and removed afterwards.
 */
export async function withRestoredImage<T>(databasePath: string, image: Uint8Array, fn: (restored: Db, path: string) => Promise<T> | T): Promise<T> {
  return withImageFolder(databasePath, async (folder) => {
    const path = join(folder, 'restored.db');
    writeFileSync(path, image, { mode: 0o600 });
    const restored = openDatabase(path, { create: false });
    try {
      return await fn(restored, path);
    } finally {
      restored.close();
    }
  });
}
