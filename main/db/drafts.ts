// SQL for recovery-transaction drafts and the signatures the vault made for them. Nothing else in the
// app writes these tables; every function takes the open database and asserts what it changed.
import { AirlockError } from '../../shared/errors';
import type { Db } from './connection';

export type DraftKind = 'eoa' | 'safe';
export type DraftPurpose = 'recovery' | 'rehearsal';
export type DraftStatus = 'draft' | 'signed' | 'discarded';

export interface DraftRecord {
  id: number;
  vaultId: string;
  createdAt: number;
  title: string;
  kind: DraftKind;
  chainId: string;
  inputJson: string;
  digest: Uint8Array;
  purpose: DraftPurpose;
  status: DraftStatus;
}

export interface DraftSignatureRecord {
  signer: string;
  signedAt: number;
  /** The raw signed transaction (kind eoa) or the owner's 65-byte Safe signature (kind safe). */
  signature: Uint8Array;
}

interface DraftRow {
  id: number;
  vault_id: string;
  created_at: number;
  title: string;
  kind: string;
  chain_id: string;
  input_json: string;
  digest: Uint8Array;
  purpose: string;
  status: string;
}

const COLUMNS = 'id, vault_id, created_at, title, kind, chain_id, input_json, digest, purpose, status';

export function insertDraft(db: Db, draft: Omit<DraftRecord, 'id' | 'status'>): number {
  const result = db
    .prepare('INSERT INTO draft (vault_id, created_at, title, kind, chain_id, input_json, digest, purpose) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(draft.vaultId, draft.createdAt, draft.title, draft.kind, draft.chainId, draft.inputJson, draft.digest, draft.purpose);
  if (result.changes !== 1) throw new AirlockError('internal', 'The draft was not stored.');
  return Number(result.lastInsertRowid);
}

export function readDraft(db: Db, vaultId: string, id: number): DraftRecord | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM draft WHERE vault_id = ? AND id = ?`).get(vaultId, id) as DraftRow | undefined;
  return row ? fromRow(row) : null;
}

export function listDrafts(db: Db, vaultId: string, limit = 200): DraftRecord[] {
  const rows = db.prepare(`SELECT ${COLUMNS} FROM draft WHERE vault_id = ? ORDER BY id DESC LIMIT ?`).all(vaultId, limit) as DraftRow[];
  return rows.map(fromRow);
}

export function setDraftStatus(db: Db, id: number, status: DraftStatus): void {
  const result = db.prepare('UPDATE draft SET status = ? WHERE id = ?').run(status, id);
  if (result.changes !== 1) throw new AirlockError('internal', `Draft ${id} was not updated.`);
}

/** An unsigned draft set aside; false when it is no longer unsigned (signed or discarded meanwhile), so nothing changed. */
export function discardUnsignedDraft(db: Db, vaultId: string, id: number): boolean {
  const result = db.prepare("UPDATE draft SET status = 'discarded' WHERE vault_id = ? AND id = ? AND status = 'draft'").run(vaultId, id);
  return result.changes === 1;
}

export function insertDraftSignature(db: Db, draftId: number, record: DraftSignatureRecord): void {
  const result = db
    .prepare('INSERT INTO draft_signature (draft_id, signer, signed_at, signature) VALUES (?, ?, ?, ?)')
    .run(draftId, record.signer, record.signedAt, record.signature);
  if (result.changes !== 1) throw new AirlockError('internal', 'The signature was not stored.');
}

export function readDraftSignatures(db: Db, draftId: number): DraftSignatureRecord[] {
  const rows = db.prepare('SELECT signer, signed_at, signature FROM draft_signature WHERE draft_id = ? ORDER BY id').all(draftId) as Array<{
    signer: string;
    signed_at: number;
    signature: Uint8Array;
  }>;
  return rows.map((r) => ({ signer: r.signer, signedAt: r.signed_at, signature: new Uint8Array(r.signature) }));
}

/** A row is input from disk: its enumerations are checked here, once, like any other outside value. */
function fromRow(row: DraftRow): DraftRecord {
  const kind = oneOf(row.kind, ['eoa', 'safe'] as const, 'kind', row.id);
  const purpose = oneOf(row.purpose, ['recovery', 'rehearsal'] as const, 'purpose', row.id);
  const status = oneOf(row.status, ['draft', 'signed', 'discarded'] as const, 'status', row.id);
  if (!(row.digest instanceof Uint8Array) || row.digest.length !== 32) throw corrupt(row.id, 'digest');
  return {
    id: row.id,
    vaultId: row.vault_id,
    createdAt: row.created_at,
    title: row.title,
    kind,
    chainId: row.chain_id,
    inputJson: row.input_json,
    digest: new Uint8Array(row.digest),
    purpose,
    status,
  };
}

function oneOf<T extends string>(value: string, allowed: readonly T[], field: string, id: number): T {
  if (!(allowed as readonly string[]).includes(value)) throw corrupt(id, field);
  return value as T;
}

function corrupt(id: number, field: string): AirlockError {
  return new AirlockError('db-corrupt', `Draft ${id} in the database has an impossible ${field}; the file was changed outside Airlock. Restore it from a backup.`);
}
