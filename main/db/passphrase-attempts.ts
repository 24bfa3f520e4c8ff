// SQL for passphrase attempts (SECURITY H-28): per holder, the attempts since their last right passphrase and the
// moment they may try again. Nothing else reads or writes this table.
import { AirlockError } from '../../shared/errors';
import type { Db } from './connection';

export interface PassphraseAttemptsRecord {
  holderId: number;
  /** Attempts since the last right passphrase, counted when each starts (so parallel attempts count too). */
  failures: number;
  lastAttemptAt: number;
  /** No attempt runs before this moment (ms since the epoch). */
  retryAt: number;
}

export function readPassphraseAttempts(db: Db, holderId: number): PassphraseAttemptsRecord | null {
  const row = db.prepare('SELECT holder_id, failures, last_attempt_at, retry_at FROM passphrase_attempts WHERE holder_id = ?').get(holderId) as
    | { holder_id: number; failures: number; last_attempt_at: number; retry_at: number }
    | undefined;
  return row ? { holderId: row.holder_id, failures: row.failures, lastAttemptAt: row.last_attempt_at, retryAt: row.retry_at } : null;
}

/** Inserts or replaces the holder's row. Runs inside the caller's transaction, with its audit entry. */
export function writePassphraseAttempts(db: Db, record: PassphraseAttemptsRecord): void {
  requireTransaction(db);
  const changes = db
    .prepare(
      `INSERT INTO passphrase_attempts (holder_id, failures, last_attempt_at, retry_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (holder_id) DO UPDATE SET failures = excluded.failures, last_attempt_at = excluded.last_attempt_at, retry_at = excluded.retry_at`,
    )
    .run(record.holderId, record.failures, record.lastAttemptAt, record.retryAt).changes;
  if (changes !== 1) throw new AirlockError('internal', 'A passphrase attempt was not recorded as expected; nothing was tried.');
}

/** Forgets the holder's attempts (a right passphrase). Runs inside the caller's transaction. */
export function clearPassphraseAttempts(db: Db, holderId: number): void {
  requireTransaction(db);
  db.prepare('DELETE FROM passphrase_attempts WHERE holder_id = ?').run(holderId);
}

function requireTransaction(db: Db): void {
  if (!db.inTransaction) throw new AirlockError('internal', 'Passphrase attempts must be written in the transaction of their audit entry.');
}
