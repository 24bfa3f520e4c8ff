// SQL for the audit log aggregate: append within the caller's transaction, read, and walk for verify; the vault's
// checkpoint key and its signed checkpoints (SECURITY H-25).
import { bytesToHex } from '../../shared/bytes';
import { AirlockError } from '../../shared/errors';
import { canonicalDetails, GENESIS_HASH, hashAuditEntry, type AuditDetails } from '../../shared/audit/chain';
import type { CheckpointRecord } from '../../shared/audit/checkpoint';
import type { Db } from './connection';

export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  rawDetails: string;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

interface RawRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  details: string;
  prev_hash: Buffer;
  hash: Buffer;
}

function toRow(raw: RawRow): AuditRow {
  return {
    seq: raw.seq,
    at: raw.at,
    actor: raw.actor,
    action: raw.action,
    rawDetails: raw.details,
    prevHash: new Uint8Array(raw.prev_hash),
    hash: new Uint8Array(raw.hash),
  };
}

export function readHead(db: Db): { count: number; hash: Uint8Array } | null {
  const head = db.prepare('SELECT count, hash FROM audit_head WHERE id = 1').get() as { count: number; hash: Buffer } | undefined;
  return head ? { count: head.count, hash: new Uint8Array(head.hash) } : null;
}

/** Appends one entry. Must run inside the transaction of the state change it records. */
export function appendAuditEntry(db: Db, entry: { at: number; actor: string; action: string; details: AuditDetails }): AuditRow {
  if (!db.inTransaction) {
    throw new AirlockError('internal', 'An audit entry must be written in the same transaction as the change it records.');
  }
  const head = readHead(db);
  const seq = (head?.count ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const details = canonicalDetails(entry.details);
  const hash = hashAuditEntry(prevHash, { seq, at: entry.at, actor: entry.actor, action: entry.action, details });
  const insert = db
    .prepare('INSERT INTO audit_log (seq, at, actor, action, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(seq, entry.at, entry.actor, entry.action, details, Buffer.from(prevHash), Buffer.from(hash));
  if (insert.changes !== 1) throw new AirlockError('internal', 'The audit entry was not written.');
  const upsert = db
    .prepare('INSERT INTO audit_head (id, count, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET count = excluded.count, hash = excluded.hash')
    .run(seq, Buffer.from(hash));
  if (upsert.changes !== 1) throw new AirlockError('internal', 'The audit head was not updated.');
  return { seq, at: entry.at, actor: entry.actor, action: entry.action, rawDetails: details, prevHash, hash };
}

export function listAuditEntries(db: Db, limit: number, beforeSeq?: number): AuditRow[] {
  const rows = (
    beforeSeq === undefined
      ? db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?').all(limit)
      : db.prepare('SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(beforeSeq, limit)
  ) as RawRow[];
  return rows.map(toRow);
}

/** Every row in seq order (after entry `afterSeq`, if given), streamed, for verification of logs of any length. */
export function* iterateAuditLog(db: Db, afterSeq = 0): Generator<AuditRow> {
  for (const raw of db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq ASC').iterate(afterSeq) as IterableIterator<RawRow>) {
    yield toRow(raw);
  }
}

/** The stored hash of entry `seq`, or null when the log has no such entry. */
export function readAuditHash(db: Db, seq: number): Uint8Array | null {
  const row = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(seq) as { hash: Buffer } | undefined;
  return row ? new Uint8Array(row.hash) : null;
}

export function readCheckpointKey(db: Db, vaultId: string): Uint8Array | null {
  const row = db.prepare('SELECT public_key FROM audit_checkpoint_key WHERE vault_id = ?').get(vaultId) as { public_key: Buffer } | undefined;
  return row ? new Uint8Array(row.public_key) : null;
}

export function insertCheckpointKey(db: Db, vaultId: string, key: { publicKey: Uint8Array; path: string; at: number }): void {
  const result = db
    .prepare('INSERT INTO audit_checkpoint_key (vault_id, public_key, path, stored_at) VALUES (?, ?, ?, ?)')
    .run(vaultId, Buffer.from(key.publicKey), key.path, key.at);
  if (result.changes !== 1) throw new AirlockError('internal', 'The audit checkpoint key was not stored.');
}

interface RawCheckpoint {
  number: number;
  first_seq: number;
  last_seq: number;
  entry_hashes: Buffer;
  previous: Buffer;
  signature: Buffer;
}

function toCheckpoint(raw: RawCheckpoint): CheckpointRecord {
  return {
    number: raw.number,
    first: raw.first_seq,
    last: raw.last_seq,
    entryHashes: new Uint8Array(raw.entry_hashes),
    previous: new Uint8Array(raw.previous),
    signature: new Uint8Array(raw.signature),
  };
}

export function listCheckpoints(db: Db): CheckpointRecord[] {
  return (db.prepare('SELECT * FROM audit_checkpoint ORDER BY number ASC').all() as RawCheckpoint[]).map(toCheckpoint);
}

export function readLatestCheckpoint(db: Db): CheckpointRecord | null {
  const raw = db.prepare('SELECT * FROM audit_checkpoint ORDER BY number DESC LIMIT 1').get() as RawCheckpoint | undefined;
  return raw ? toCheckpoint(raw) : null;
}

export function insertCheckpoint(db: Db, checkpoint: CheckpointRecord): void {
  const result = db
    .prepare('INSERT INTO audit_checkpoint (number, first_seq, last_seq, entry_hashes, previous, signature) VALUES (?, ?, ?, ?, ?, ?)')
    .run(
      checkpoint.number,
      checkpoint.first,
      checkpoint.last,
      Buffer.from(checkpoint.entryHashes),
      Buffer.from(checkpoint.previous),
      Buffer.from(checkpoint.signature),
    );
  if (result.changes !== 1) throw new AirlockError('internal', 'The audit checkpoint was not stored.');
}

export function auditHashHex(row: AuditRow): string {
  return bytesToHex(row.hash);
}
