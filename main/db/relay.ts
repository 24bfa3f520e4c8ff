// SQL for the relay's own tables: its device key (identity, not a treasury secret), the broadcast
// queue, keyed by transaction hash so a transaction is never sent twice by accident, with what each
// endpoint last said about each transaction, and its saved RPC endpoints.
import { AirlockError } from '../../shared/errors';
import type { Db } from './connection';

export interface RelayIdentityRecord {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
  createdAt: number;
}

export function readRelayIdentity(db: Db): RelayIdentityRecord | null {
  const row = db.prepare('SELECT secret_key, public_key, created_at FROM relay_identity WHERE id = 1').get() as
    | { secret_key: Uint8Array; public_key: Uint8Array; created_at: number }
    | undefined;
  if (!row) return null;
  if (row.secret_key.length !== 32 || row.public_key.length !== 33) throw corrupt('relay_identity', 'key length');
  return { secretKey: new Uint8Array(row.secret_key), publicKey: new Uint8Array(row.public_key), createdAt: row.created_at };
}

export function insertRelayIdentity(db: Db, identity: RelayIdentityRecord): void {
  const result = db.prepare('INSERT INTO relay_identity (id, secret_key, public_key, created_at) VALUES (1, ?, ?, ?)').run(identity.secretKey, identity.publicKey, identity.createdAt);
  if (result.changes !== 1) throw new AirlockError('internal', 'The relay key was not stored.');
}

export const BROADCAST_STATUSES = ['queued', 'sent', 'confirmed', 'reverted', 'rejected', 'replaced', 'dropped'] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

export interface BroadcastRecord {
  txHash: string;
  raw: Uint8Array;
  sender: string;
  nonce: string;
  chainId: string;
  status: BroadcastStatus;
  detail: string;
  blockNumber: string | null;
  attempts: number;
  createdAt: number;
  updatedAt: number;
}

interface BroadcastRow {
  tx_hash: string;
  raw: Uint8Array;
  sender: string;
  nonce: string;
  chain_id: string;
  status: string;
  detail: string;
  block_number: string | null;
  attempts: number;
  created_at: number;
  updated_at: number;
}

const COLUMNS = 'tx_hash, raw, sender, nonce, chain_id, status, detail, block_number, attempts, created_at, updated_at';

export function readBroadcast(db: Db, txHash: string): BroadcastRecord | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM broadcast WHERE tx_hash = ?`).get(txHash) as BroadcastRow | undefined;
  return row ? fromRow(row) : null;
}

export function listBroadcasts(db: Db, limit = 200): BroadcastRecord[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM broadcast ORDER BY created_at DESC, tx_hash LIMIT ?`).all(limit) as BroadcastRow[]).map(fromRow);
}

/** Queues a transaction; false when its hash is already queued (the caller then follows, never resends). */
export function enqueueBroadcast(db: Db, record: Pick<BroadcastRecord, 'txHash' | 'raw' | 'sender' | 'nonce' | 'chainId' | 'createdAt'>): boolean {
  const result = db
    .prepare("INSERT OR IGNORE INTO broadcast (tx_hash, raw, sender, nonce, chain_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)")
    .run(record.txHash, record.raw, record.sender, record.nonce, record.chainId, record.createdAt, record.createdAt);
  return result.changes === 1;
}

export function updateBroadcast(db: Db, txHash: string, change: { status: BroadcastStatus; detail?: string; blockNumber?: string | null; attempted?: boolean; at: number }): void {
  const result = db
    .prepare('UPDATE broadcast SET status = ?, detail = ?, block_number = ?, attempts = attempts + ?, updated_at = ? WHERE tx_hash = ?')
    .run(change.status, change.detail ?? '', change.blockNumber ?? null, change.attempted ? 1 : 0, change.at, txHash);
  if (result.changes !== 1) throw new AirlockError('internal', `Broadcast ${txHash} was not updated.`);
}

export const ENDPOINT_STATES = ['accepted', 'refused', 'unreachable', 'unknown', 'pending', 'mined', 'reverted', 'replaced', 'inconsistent'] as const;
export type EndpointState = (typeof ENDPOINT_STATES)[number];

/** What one endpoint last said about one transaction. */
export interface BroadcastEndpointRecord {
  /** The endpoint as shown to people (scheme, host, port; never a path or credentials). */
  endpoint: string;
  state: EndpointState;
  blockNumber: string | null;
  blockHash: string | null;
  detail: string;
  checkedAt: number;
}

interface BroadcastEndpointRow {
  endpoint: string;
  state: string;
  block_number: string | null;
  block_hash: string | null;
  detail: string;
  checked_at: number;
}

/** Records what each endpoint said, replacing what it said before. */
export function saveBroadcastEndpoints(db: Db, txHash: string, records: readonly BroadcastEndpointRecord[]): void {
  const upsert = db.prepare(
    `INSERT INTO broadcast_endpoint (tx_hash, endpoint, state, block_number, block_hash, detail, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tx_hash, endpoint) DO UPDATE SET state = excluded.state, block_number = excluded.block_number, block_hash = excluded.block_hash,
       detail = excluded.detail, checked_at = excluded.checked_at`,
  );
  db.transaction(() => {
    for (const r of records) {
      const result = upsert.run(txHash, r.endpoint, r.state, r.blockNumber, r.blockHash, r.detail, r.checkedAt);
      if (result.changes !== 1) throw new AirlockError('internal', `What ${r.endpoint} said about ${txHash} was not stored.`);
    }
  })();
}

export function readBroadcastEndpoints(db: Db, txHash: string): BroadcastEndpointRecord[] {
  const rows = db
    .prepare('SELECT endpoint, state, block_number, block_hash, detail, checked_at FROM broadcast_endpoint WHERE tx_hash = ? ORDER BY endpoint')
    .all(txHash) as BroadcastEndpointRow[];
  return rows.map((row) => {
    if (!(ENDPOINT_STATES as readonly string[]).includes(row.state)) throw corrupt('broadcast_endpoint', 'state');
    return { endpoint: row.endpoint, state: row.state as EndpointState, blockNumber: row.block_number, blockHash: row.block_hash, detail: row.detail, checkedAt: row.checked_at };
  });
}

/** The saved RPC endpoints in order (the first is primary). */
export function readRelayEndpoints(db: Db): string[] {
  return (db.prepare('SELECT url FROM relay_endpoint ORDER BY position').all() as Array<{ url: string }>).map((row) => row.url);
}

/** A saved endpoint with the chain it serves (null until its eth_chainId was first seen). */
export interface SavedEndpointRecord {
  url: string;
  chainId: string | null;
  chainSeenAt: number | null;
}

/** The saved endpoints with their chains, in order. */
export function readRelayEndpointChains(db: Db): SavedEndpointRecord[] {
  const rows = db.prepare('SELECT url, chain_id, chain_seen_at FROM relay_endpoint ORDER BY position').all() as Array<{ url: string; chain_id: string | null; chain_seen_at: number | null }>;
  return rows.map((row) => ({ url: row.url, chainId: row.chain_id, chainSeenAt: row.chain_seen_at }));
}

/**
 * Replaces the saved endpoints with `urls`, in order; an endpoint kept keeps the chain it was seen serving. The caller
 * runs it in its transaction with the audit entry.
 */
export function replaceRelayEndpoints(db: Db, urls: readonly string[], at: number): void {
  const seen = new Map(readRelayEndpointChains(db).map((e) => [e.url, e]));
  db.prepare('DELETE FROM relay_endpoint').run();
  const insert = db.prepare('INSERT INTO relay_endpoint (position, url, saved_at, chain_id, chain_seen_at) VALUES (?, ?, ?, ?, ?)');
  urls.forEach((url, i) => {
    const kept = seen.get(url);
    if (insert.run(i + 1, url, at, kept?.chainId ?? null, kept?.chainSeenAt ?? null).changes !== 1) throw new AirlockError('internal', `Endpoint ${i + 1} was not stored.`);
  });
}

/** Records the chain a saved endpoint first answered; false when it already had one (or is no longer saved). */
export function recordRelayEndpointChain(db: Db, url: string, chainId: string, at: number): boolean {
  return db.prepare('UPDATE relay_endpoint SET chain_id = ?, chain_seen_at = ? WHERE url = ? AND chain_id IS NULL').run(chainId, at, url).changes === 1;
}

function fromRow(row: BroadcastRow): BroadcastRecord {
  if (!(BROADCAST_STATUSES as readonly string[]).includes(row.status)) throw corrupt('broadcast', 'status');
  return {
    txHash: row.tx_hash,
    raw: new Uint8Array(row.raw),
    sender: row.sender,
    nonce: row.nonce,
    chainId: row.chain_id,
    status: row.status as BroadcastStatus,
    detail: row.detail,
    blockNumber: row.block_number,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function corrupt(table: string, field: string): AirlockError {
  return new AirlockError('db-corrupt', `A ${table} row in the database has an impossible ${field}; the file was changed outside Airlock. Restore it from a backup.`);
}
