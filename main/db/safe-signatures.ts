// SQL for the relay's Safe signature collections: per Safe transaction (chain, Safe, safeTxHash) the owners'
// signatures received so far and the Safe's owners, threshold and nonce as last read from the chain.
import { AirlockError } from '../../shared/errors';
import type { Db } from './connection';

export interface SafeCollectionKey {
  chainId: string;
  /** Checksummed address. */
  safe: string;
  /** 0x + 64 lower-case hex digits. */
  safeTxHash: string;
}

export interface SafeCollectionRecord extends SafeCollectionKey {
  owners: string[];
  threshold: number;
  nonce: string;
  blockNumber: string;
  createdAt: number;
  checkedAt: number;
}

export interface SafeSignatureRecord {
  owner: string;
  signature: Uint8Array;
  receivedAt: number;
}

interface CollectionRow {
  chain_id: string;
  safe: string;
  safe_tx_hash: string;
  owners_json: string;
  threshold: number;
  nonce: string;
  block_number: string;
  created_at: number;
  checked_at: number;
}

const COLLECTION_COLUMNS = 'chain_id, safe, safe_tx_hash, owners_json, threshold, nonce, block_number, created_at, checked_at';

/** Records what the chain said about the Safe now; the first time also opens the collection. */
export function upsertSafeCollection(db: Db, record: Omit<SafeCollectionRecord, 'createdAt'>): void {
  const result = db
    .prepare(
      `INSERT INTO safe_collection (${COLLECTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (chain_id, safe, safe_tx_hash) DO UPDATE SET owners_json = excluded.owners_json, threshold = excluded.threshold,
         nonce = excluded.nonce, block_number = excluded.block_number, checked_at = excluded.checked_at`,
    )
    .run(record.chainId, record.safe, record.safeTxHash, JSON.stringify(record.owners), record.threshold, record.nonce, record.blockNumber, record.checkedAt, record.checkedAt);
  if (result.changes !== 1) throw new AirlockError('internal', 'The Safe collection was not stored.');
}

/** Stores one owner's signature; false when this owner's signature for this Safe transaction is already kept. */
export function insertSafeSignature(db: Db, key: SafeCollectionKey, record: SafeSignatureRecord): boolean {
  const result = db
    .prepare('INSERT OR IGNORE INTO safe_signature (chain_id, safe, safe_tx_hash, owner, signature, received_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(key.chainId, key.safe, key.safeTxHash, record.owner, record.signature, record.receivedAt);
  return result.changes === 1;
}

export function readSafeCollection(db: Db, key: SafeCollectionKey): SafeCollectionRecord | null {
  const row = db.prepare(`SELECT ${COLLECTION_COLUMNS} FROM safe_collection WHERE chain_id = ? AND safe = ? AND safe_tx_hash = ?`).get(key.chainId, key.safe, key.safeTxHash) as
    | CollectionRow
    | undefined;
  return row ? fromRow(row) : null;
}

export function listSafeCollections(db: Db, limit = 200): SafeCollectionRecord[] {
  return (db.prepare(`SELECT ${COLLECTION_COLUMNS} FROM safe_collection ORDER BY checked_at DESC, safe_tx_hash LIMIT ?`).all(limit) as CollectionRow[]).map(fromRow);
}

/** The signatures kept for one Safe transaction, in the order they arrived. */
export function readSafeSignatures(db: Db, key: SafeCollectionKey): SafeSignatureRecord[] {
  const rows = db
    .prepare('SELECT owner, signature, received_at FROM safe_signature WHERE chain_id = ? AND safe = ? AND safe_tx_hash = ? ORDER BY received_at, owner')
    .all(key.chainId, key.safe, key.safeTxHash) as { owner: string; signature: Uint8Array; received_at: number }[];
  return rows.map((row) => {
    if (row.signature.length !== 65) throw corrupt('signature length');
    return { owner: row.owner, signature: new Uint8Array(row.signature), receivedAt: row.received_at };
  });
}

function fromRow(row: CollectionRow): SafeCollectionRecord {
  let owners: unknown;
  try {
    owners = JSON.parse(row.owners_json);
  } catch {
    throw corrupt('owner list');
  }
  if (!Array.isArray(owners) || owners.some((o) => typeof o !== 'string')) throw corrupt('owner list');
  return {
    chainId: row.chain_id,
    safe: row.safe,
    safeTxHash: row.safe_tx_hash,
    owners: owners as string[],
    threshold: row.threshold,
    nonce: row.nonce,
    blockNumber: row.block_number,
    createdAt: row.created_at,
    checkedAt: row.checked_at,
  };
}

function corrupt(field: string): AirlockError {
  return new AirlockError('db-corrupt', `A Safe signature row in the relay's database has an impossible ${field}; the file was changed outside Airlock. Restore it from a backup.`);
}
