// SQL for the vault's backups: the record of each backup written and verified, the backup policy, and the changes
// made since a backup. Nothing else in the app writes these tables.
import { AirlockError } from '../../shared/errors';
import { DEFAULT_BACKUP_POLICY, type BackupPolicy } from '../../shared/backup/policy';
import type { Db } from './connection';

export interface BackupRecord {
  id: number;
  madeAt: number;
  fileHash: Uint8Array;
  fileBytes: number;
  auditHead: { count: number; hash: Uint8Array };
  /** The audit entry that records this backup (written after the image was taken). */
  recordSeq: number;
  /** Rows per table in the image, as verified after writing. */
  rowCounts: Record<string, number>;
  /** Every destination the file was written to and verified at. */
  destinations: string[];
}

interface BackupRow {
  id: number;
  made_at: number;
  file_hash: Uint8Array;
  file_bytes: number;
  audit_count: number;
  audit_hash: Uint8Array;
  record_seq: number;
  row_counts: string;
  destinations: string;
}

const COLUMNS = 'id, made_at, file_hash, file_bytes, audit_count, audit_hash, record_seq, row_counts, destinations';

export function insertBackup(db: Db, vaultId: string, record: Omit<BackupRecord, 'id'>): number {
  const result = db
    .prepare(
      'INSERT INTO vault_backup (vault_id, made_at, file_hash, file_bytes, audit_count, audit_hash, record_seq, row_counts, destinations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(
      vaultId,
      record.madeAt,
      Buffer.from(record.fileHash),
      record.fileBytes,
      record.auditHead.count,
      Buffer.from(record.auditHead.hash),
      record.recordSeq,
      JSON.stringify(record.rowCounts),
      JSON.stringify(record.destinations),
    );
  if (result.changes !== 1) throw new AirlockError('internal', 'The backup record was not stored.');
  return Number(result.lastInsertRowid);
}

/** Backups newest first. */
export function listBackups(db: Db, vaultId: string, limit = 50): BackupRecord[] {
  const rows = db.prepare(`SELECT ${COLUMNS} FROM vault_backup WHERE vault_id = ? ORDER BY made_at DESC, id DESC LIMIT ?`).all(vaultId, limit) as BackupRow[];
  return rows.map(fromRow);
}

export function latestBackup(db: Db, vaultId: string): BackupRecord | null {
  return listBackups(db, vaultId, 1)[0] ?? null;
}

export function readBackupPolicy(db: Db, vaultId: string): BackupPolicy {
  const row = db.prepare('SELECT max_age_days, after_every_change FROM backup_policy WHERE vault_id = ?').get(vaultId) as
    | { max_age_days: number; after_every_change: number }
    | undefined;
  return row ? { maxAgeDays: row.max_age_days, afterEveryChange: row.after_every_change === 1 } : DEFAULT_BACKUP_POLICY;
}

export function writeBackupPolicy(db: Db, vaultId: string, policy: BackupPolicy, at: number): void {
  const result = db
    .prepare(
      `INSERT INTO backup_policy (vault_id, max_age_days, after_every_change, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (vault_id) DO UPDATE SET max_age_days = excluded.max_age_days, after_every_change = excluded.after_every_change, updated_at = excluded.updated_at`,
    )
    .run(vaultId, policy.maxAgeDays, policy.afterEveryChange ? 1 : 0, at);
  if (result.changes !== 1) throw new AirlockError('internal', 'The backup policy was not stored.');
}

/** Audit entries after entry `seq` whose action is not one of `routine` (a session, not a change of what the vault holds). */
export function countChangesAfter(db: Db, seq: number, routine: readonly string[]): number {
  const marks = routine.map(() => '?').join(', ');
  const row = db.prepare(`SELECT count(*) AS n FROM audit_log WHERE seq > ? AND action NOT IN (${marks || "''"})`).get(seq, ...routine) as { n: number };
  return row.n;
}

function fromRow(row: BackupRow): BackupRecord {
  return {
    id: row.id,
    madeAt: row.made_at,
    fileHash: new Uint8Array(row.file_hash),
    fileBytes: row.file_bytes,
    auditHead: { count: row.audit_count, hash: new Uint8Array(row.audit_hash) },
    recordSeq: row.record_seq,
    rowCounts: parseCounts(row.row_counts),
    destinations: parseDestinations(row.destinations),
  };
}

function parseCounts(text: string): Record<string, number> {
  const value = parseJson(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw corrupt('row counts');
  const out: Record<string, number> = {};
  for (const [table, count] of Object.entries(value)) {
    if (!Number.isSafeInteger(count) || (count as number) < 0) throw corrupt('row counts');
    out[table] = count as number;
  }
  return out;
}

function parseDestinations(text: string): string[] {
  const value = parseJson(text);
  if (!Array.isArray(value) || !value.every((d) => typeof d === 'string')) throw corrupt('destinations');
  return value as string[];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function corrupt(field: string): AirlockError {
  return new AirlockError('db-corrupt', `A backup record in the database has unreadable ${field}; the file was changed outside Airlock. Make a new backup.`);
}
