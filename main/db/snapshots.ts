// SQL for the vault's side of the relay: pinned relay keys and the history of imported snapshots.
import { AirlockError } from '../../shared/errors';
import type { Db } from './connection';

export interface RelayPinRecord {
  id: number;
  publicKey: Uint8Array;
  label: string;
  pinnedAt: number;
}

export function listRelayPins(db: Db): RelayPinRecord[] {
  const rows = db.prepare('SELECT id, public_key, label, pinned_at FROM relay_pin WHERE revoked_at IS NULL ORDER BY id').all() as Array<{
    id: number;
    public_key: Uint8Array;
    label: string;
    pinned_at: number;
  }>;
  return rows.map((r) => ({ id: r.id, publicKey: new Uint8Array(r.public_key), label: r.label, pinnedAt: r.pinned_at }));
}

/** Pins a relay key; pinning one already pinned is refused by the UNIQUE constraint and reported. */
export function insertRelayPin(db: Db, pin: Omit<RelayPinRecord, 'id'>): number {
  const existing = db.prepare('SELECT id FROM relay_pin WHERE public_key = ?').get(pin.publicKey) as { id: number } | undefined;
  if (existing) throw new AirlockError('relay-already-paired', 'This relay key is already pinned in this vault.');
  const result = db.prepare('INSERT INTO relay_pin (public_key, label, pinned_at) VALUES (?, ?, ?)').run(pin.publicKey, pin.label, pin.pinnedAt);
  if (result.changes !== 1) throw new AirlockError('internal', 'The relay key was not pinned.');
  return Number(result.lastInsertRowid);
}

export interface SnapshotRecord {
  id: number;
  chainId: string;
  blockNumber: string;
  blockHash: string;
  merkleRoot: string;
  relayKey: Uint8Array;
  takenAt: number;
  importedAt: number;
  bodyJson: string;
  warningsJson: string;
}

interface SnapshotRow {
  id: number;
  chain_id: string;
  block_number: string;
  block_hash: string;
  merkle_root: string;
  relay_key: Uint8Array;
  taken_at: number;
  imported_at: number;
  body_json: string;
  warnings_json: string;
}

const COLUMNS = 'id, chain_id, block_number, block_hash, merkle_root, relay_key, taken_at, imported_at, body_json, warnings_json';

export function insertSnapshot(db: Db, record: Omit<SnapshotRecord, 'id'>): number {
  const existing = db.prepare('SELECT id FROM snapshot WHERE merkle_root = ?').get(record.merkleRoot) as { id: number } | undefined;
  if (existing) throw new AirlockError('snapshot-already-imported', `This snapshot is already in the vault (number ${existing.id}).`);
  const result = db
    .prepare(`INSERT INTO snapshot (chain_id, block_number, block_hash, merkle_root, relay_key, taken_at, imported_at, body_json, warnings_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(record.chainId, record.blockNumber, record.blockHash, record.merkleRoot, record.relayKey, record.takenAt, record.importedAt, record.bodyJson, record.warningsJson);
  if (result.changes !== 1) throw new AirlockError('internal', 'The snapshot was not stored.');
  return Number(result.lastInsertRowid);
}

/** The newest snapshot of a chain (by block number, then import order). */
export function latestSnapshot(db: Db, chainId: string): SnapshotRecord | null {
  const rows = db.prepare(`SELECT ${COLUMNS} FROM snapshot WHERE chain_id = ?`).all(chainId) as SnapshotRow[];
  const newest = rows.sort((a, b) => compareBlock(b, a))[0];
  return newest ? fromRow(newest) : null;
}

export function readSnapshot(db: Db, id: number): SnapshotRecord | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM snapshot WHERE id = ?`).get(id) as SnapshotRow | undefined;
  return row ? fromRow(row) : null;
}

export function listSnapshots(db: Db, limit = 200): SnapshotRecord[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM snapshot ORDER BY id DESC LIMIT ?`).all(limit) as SnapshotRow[]).map(fromRow);
}

function compareBlock(a: SnapshotRow, b: SnapshotRow): number {
  const diff = BigInt(a.block_number) - BigInt(b.block_number);
  return diff === 0n ? a.id - b.id : diff > 0n ? 1 : -1;
}

function fromRow(row: SnapshotRow): SnapshotRecord {
  return {
    id: row.id,
    chainId: row.chain_id,
    blockNumber: row.block_number,
    blockHash: row.block_hash,
    merkleRoot: row.merkle_root,
    relayKey: new Uint8Array(row.relay_key),
    takenAt: row.taken_at,
    importedAt: row.imported_at,
    bodyJson: row.body_json,
    warningsJson: row.warnings_json,
  };
}
