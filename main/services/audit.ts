// Audit use cases: record a state change, list recent entries, verify the whole chain.
import { AirlockError } from '../../shared/errors';
import { verifyChain, type AuditDetails, type ChainVerdict } from '../../shared/audit/chain';
import type { AuditEntryView } from '../../shared/bridge';
import type { Db } from '../db/connection';
import { appendAuditEntry, auditHashHex, iterateAuditLog, listAuditEntries, readHead } from '../db/audit';
import type { Clock } from './deps';

export interface AuditService {
  /** Records an event in its own transaction (for events that change nothing else). */
  record(actor: string, action: string, details?: AuditDetails): void;
  list(limit: number, beforeSeq?: number): AuditEntryView[];
  verify(): ChainVerdict;
}

export function createAuditService({ db, clock }: { db: Db; clock: Clock }): AuditService {
  return {
    record(actor, action, details = {}) {
      db.transaction(() => appendAuditEntry(db, { at: clock.now(), actor, action, details })).immediate();
    },
    list(limit, beforeSeq) {
      return listAuditEntries(db, limit, beforeSeq).map((row) => ({
        seq: row.seq,
        at: row.at,
        actor: row.actor,
        action: row.action,
        details: parseDetails(row.rawDetails, row.seq),
        hash: auditHashHex(row),
      }));
    },
    verify() {
      // A read transaction so the walk and the head are one consistent view.
      return db.transaction(() => verifyChain(iterateAuditLog(db), readHead(db)))();
    },
  };
}

function parseDetails(raw: string, seq: number): AuditDetails {
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const out: Record<string, string | number | boolean | null> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
      }
      return out;
    }
  } catch {
    // fall through: an unreadable row is reported, not hidden
  }
  throw new AirlockError('audit-row-unreadable', `Audit entry ${seq} cannot be read; run "Verify audit log" to see where the log was damaged.`, { row: seq });
}
