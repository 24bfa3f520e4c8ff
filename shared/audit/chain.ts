// The audit log's hash chain: how one entry is hashed onto the previous one, and how a chain is checked.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '../bytes';

export type AuditDetails = Readonly<Record<string, string | number | boolean | null>>;

export interface AuditRecord {
  seq: number;
  at: number;
  actor: string;
  action: string;
  details: AuditDetails;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

/** The hash before the first entry. */
export const GENESIS_HASH: Uint8Array = new Uint8Array(32);

/** Canonical details: keys sorted, so the same facts always hash the same. */
export function canonicalDetails(details: AuditDetails): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(details).sort()) sorted[key] = details[key];
  return JSON.stringify(sorted);
}

export function hashAuditEntry(
  prevHash: Uint8Array,
  entry: { seq: number; at: number; actor: string; action: string; details: string },
): Uint8Array {
  const body = JSON.stringify(['airlock-audit-v1', entry.seq, entry.at, entry.actor, entry.action, entry.details]);
  return sha256(concatBytes(prevHash, utf8ToBytes(body)));
}

export type AuditProblemCode =
  | 'audit-row-missing'
  | 'audit-row-altered'
  | 'audit-chain-broken'
  | 'audit-tail-missing'
  | 'audit-head-mismatch'
  // SECURITY(H-25): what only the signed checkpoints (shared/audit/checkpoint.ts) can see.
  | 'audit-entry-rewritten'
  | 'audit-checkpointed-entries-missing'
  | 'audit-checkpoint-signature-invalid'
  | 'audit-checkpoint-out-of-order'
  | 'audit-checkpoint-key-mismatch'
  | 'audit-checkpoint-key-missing';

export interface AuditProblem {
  code: AuditProblemCode;
  /** The audit entry number (seq) where the chain first breaks. */
  row: number;
  message: string;
}

export interface ChainVerdict {
  valid: boolean;
  count: number;
  headHash: string;
  problem: AuditProblem | null;
}

export type ChainRow = Omit<AuditRecord, 'details'> & { rawDetails: string };

/**
 * Walks entries in seq order. `rawDetails` is the stored text exactly as written, so an edit that
 * re-encodes the same JSON differently is still caught. `head` is the recorded count and last hash.
 * `start` lets a walk begin after an entry already checked (its number and hash): the rows then begin after it.
 */
export function verifyChain(
  rows: Iterable<ChainRow>,
  head: { count: number; hash: Uint8Array } | null,
  start: { count: number; hash: Uint8Array } = { count: 0, hash: GENESIS_HASH },
): ChainVerdict {
  let expectedSeq = start.count + 1;
  let prev: Uint8Array = start.hash;
  const fail = (code: AuditProblemCode, row: number, message: string): ChainVerdict => ({
    valid: false,
    count: expectedSeq - 1,
    headHash: bytesToHex(prev),
    problem: { code, row, message },
  });
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      return fail(
        'audit-row-missing',
        expectedSeq,
        `Audit entry ${expectedSeq} is missing: the log jumps from entry ${expectedSeq - 1} to ${row.seq}. Rows were deleted from the audit log.`,
      );
    }
    if (!equalBytes(row.prevHash, prev)) {
      return fail('audit-chain-broken', row.seq, `Audit entry ${row.seq} does not link to entry ${row.seq - 1}: the log was rewritten from here on.`);
    }
    const recomputed = hashAuditEntry(prev, { seq: row.seq, at: row.at, actor: row.actor, action: row.action, details: row.rawDetails });
    if (!equalBytes(recomputed, row.hash)) {
      return fail('audit-row-altered', row.seq, `Audit entry ${row.seq} was changed after it was written: its contents no longer match its hash.`);
    }
    prev = row.hash;
    expectedSeq += 1;
  }
  const count = expectedSeq - 1;
  const recorded = head ?? { count: 0, hash: GENESIS_HASH };
  if (recorded.count > count) {
    return fail(
      'audit-tail-missing',
      count + 1,
      `The audit log ends at entry ${count} but ${recorded.count} entries were recorded: the last ${recorded.count - count} were deleted.`,
    );
  }
  if (recorded.count !== count || !equalBytes(recorded.hash, prev)) {
    return fail('audit-head-mismatch', count, `The audit log's recorded end does not match its last entry (${count}): the log was edited.`);
  }
  return { valid: true, count, headHash: bytesToHex(prev), problem: null };
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
