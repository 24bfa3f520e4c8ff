// SQL for the vault's side of the relay: pinned relay keys (and their revocation) and the history of imported
// snapshots. Rows are read as they are; the snapshot service verifies each again before it is shown or used.
import { AirlockError } from '../../shared/errors';
import type { Db } from './connection';

export interface RelayPinRecord {
  id: number;
  publicKey: Uint8Array;
  label: string;
  pinnedAt: number;
  /** When the pairing was revoked; null while the relay is trusted. */
  revokedAt: number | null;
  /** The vault's seal over the pairing (shared/snapshot/pin-seal.ts); null before seals and after a revocation. */
  seal: Uint8Array | null;
}

interface RelayPinRow {
  id: number;
  public_key: Uint8Array;
  label: string;
  pinned_at: number;
  revoked_at: number | null;
  seal: Uint8Array | null;
}

const PIN_COLUMNS = 'id, public_key, label, pinned_at, revoked_at, seal';

/** Every relay key ever pinned, revoked ones included (the caller decides what a revoked one may still do). */
export function listRelayPins(db: Db): RelayPinRecord[] {
  return (db.prepare(`SELECT ${PIN_COLUMNS} FROM relay_pin ORDER BY id`).all() as RelayPinRow[]).map(pinFromRow);
}

export function findRelayPin(db: Db, publicKey: Uint8Array): RelayPinRecord | null {
  const row = db.prepare(`SELECT ${PIN_COLUMNS} FROM relay_pin WHERE public_key = ?`).get(publicKey) as RelayPinRow | undefined;
  return row ? pinFromRow(row) : null;
}

/** Pins a relay key; pinning one already pinned is refused by the UNIQUE constraint and reported. */
export function insertRelayPin(db: Db, pin: Omit<RelayPinRecord, 'id' | 'revokedAt'> & { seal: Uint8Array }): number {
  const existing = db.prepare('SELECT id FROM relay_pin WHERE public_key = ?').get(pin.publicKey) as { id: number } | undefined;
  if (existing) throw new AirlockError('relay-already-paired', 'This relay key is already pinned in this vault.');
  const result = db.prepare('INSERT INTO relay_pin (public_key, label, pinned_at, seal) VALUES (?, ?, ?, ?)').run(pin.publicKey, pin.label, pin.pinnedAt, pin.seal);
  if (result.changes !== 1) throw new AirlockError('internal', 'The relay key was not pinned.');
  return Number(result.lastInsertRowid);
}

/** Pairs a pinned relay key again (after a revocation, or when its seal is missing or fails): trusted, newly sealed. */
export function repairRelayPin(db: Db, id: number, pin: { label: string; pinnedAt: number; seal: Uint8Array }): void {
  const result = db.prepare('UPDATE relay_pin SET label = ?, pinned_at = ?, revoked_at = NULL, seal = ? WHERE id = ?').run(pin.label, pin.pinnedAt, pin.seal, id);
  if (result.changes !== 1) throw new AirlockError('internal', 'The relay key was not pinned again.');
}

export function revokeRelayPin(db: Db, id: number, revokedAt: number): void {
  const result = db.prepare('UPDATE relay_pin SET revoked_at = ?, seal = NULL WHERE id = ? AND revoked_at IS NULL').run(revokedAt, id);
  if (result.changes !== 1) throw new AirlockError('internal', 'The relay pairing was not revoked.');
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
}

const COLUMNS = 'id, chain_id, block_number, block_hash, merkle_root, relay_key, taken_at, imported_at, body_json';

export function insertSnapshot(db: Db, record: Omit<SnapshotRecord, 'id'>): number {
  const result = db
    .prepare(`INSERT INTO snapshot (chain_id, block_number, block_hash, merkle_root, relay_key, taken_at, imported_at, body_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(record.chainId, record.blockNumber, record.blockHash, record.merkleRoot, record.relayKey, record.takenAt, record.importedAt, record.bodyJson);
  if (result.changes !== 1) throw new AirlockError('internal', 'The snapshot was not stored.');
  return Number(result.lastInsertRowid);
}

/** The number of the stored snapshot with this Merkle root, if any. */
export function snapshotIdByRoot(db: Db, merkleRoot: string): number | null {
  const row = db.prepare('SELECT id FROM snapshot WHERE merkle_root = ?').get(merkleRoot) as { id: number } | undefined;
  return row ? row.id : null;
}

/** Stored snapshots in import order (oldest first), of one chain or all. */
export function listSnapshots(db: Db, chainId?: string): SnapshotRecord[] {
  const rows =
    chainId === undefined
      ? db.prepare(`SELECT ${COLUMNS} FROM snapshot ORDER BY id`).all()
      : db.prepare(`SELECT ${COLUMNS} FROM snapshot WHERE chain_id = ? ORDER BY id`).all(chainId);
  return (rows as SnapshotRow[]).map(fromRow);
}

function pinFromRow(r: RelayPinRow): RelayPinRecord {
  return { id: r.id, publicKey: new Uint8Array(r.public_key), label: r.label, pinnedAt: r.pinned_at, revokedAt: r.revoked_at, seal: r.seal ? new Uint8Array(r.seal) : null };
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
  };
}
