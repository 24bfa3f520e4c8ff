// SQL for the relay's simulation reports of drafts, kept in the vault. Rows are read as they are; the draft service
// verifies each again (pinned relay key, signature, digest, chain, block) before it counts for a review.
import { AirlockError } from '../../shared/errors';
import type { Db } from './connection';

export interface DraftSimulationRecord {
  id: number;
  draftId: number;
  digest: Uint8Array;
  chainId: string;
  blockNumber: string;
  relayKey: Uint8Array;
  importedAt: number;
  reportJson: string;
}

interface Row {
  id: number;
  draft_id: number;
  digest: Uint8Array;
  chain_id: string;
  block_number: string;
  relay_key: Uint8Array;
  imported_at: number;
  report_json: string;
}

export function insertDraftSimulation(db: Db, record: Omit<DraftSimulationRecord, 'id'>): number {
  const result = db
    .prepare('INSERT INTO draft_simulation (draft_id, digest, chain_id, block_number, relay_key, imported_at, report_json) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(record.draftId, record.digest, record.chainId, record.blockNumber, record.relayKey, record.importedAt, record.reportJson);
  if (result.changes !== 1) throw new AirlockError('internal', 'The simulation report was not stored.');
  return Number(result.lastInsertRowid);
}

/** A draft's stored reports, newest import first. */
export function listDraftSimulations(db: Db, draftId: number, limit = 20): DraftSimulationRecord[] {
  const rows = db
    .prepare('SELECT id, draft_id, digest, chain_id, block_number, relay_key, imported_at, report_json FROM draft_simulation WHERE draft_id = ? ORDER BY id DESC LIMIT ?')
    .all(draftId, limit) as Row[];
  return rows.map((r) => ({
    id: r.id,
    draftId: r.draft_id,
    digest: new Uint8Array(r.digest),
    chainId: r.chain_id,
    blockNumber: r.block_number,
    relayKey: new Uint8Array(r.relay_key),
    importedAt: r.imported_at,
    reportJson: r.report_json,
  }));
}
