// SQL for the audit log aggregate: append within the caller's transaction, read, and walk for verify.
import { bytesToHex } from '@noble/hashes/utils.js';
import { AirlockError } from '../../shared/errors';
import { canonicalDetails, GENESIS_HASH, hashAuditEntry, type AuditDetails } from '../../shared/audit/chain';
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

/** Every row in seq order, streamed, for verification of logs of any length. */
export function* iterateAuditLog(db: Db): Generator<AuditRow> {
  for (const raw of db.prepare('SELECT * FROM audit_log ORDER BY seq ASC').iterate() as IterableIterator<RawRow>) {
    yield toRow(raw);
  }
}

export function auditHashHex(row: AuditRow): string {
  return bytesToHex(row.hash);
}
