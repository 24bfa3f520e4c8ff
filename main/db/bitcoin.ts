// SQL for the vault's Bitcoin accounts and wallets. Nothing else in the app writes these tables.
import { AirlockError } from '../../shared/errors';
import type { BtcAccountKind } from '../../shared/btc/keys';
import type { BtcNetwork } from '../../shared/btc/network';
import type { Db } from './connection';

export type BtcAccountRole = 'btc-treasury' | 'btc-cosigner';

export interface BtcAccountRecord {
  id: number;
  kind: BtcAccountKind;
  network: BtcNetwork;
  path: string;
  masterFingerprint: string;
  xpub: string;
  label: string;
  role: BtcAccountRole;
  createdAt: number;
  /** The vault's signature over the account (shared/btc/wallet-seal.ts); null for one registered before seals. */
  seal: Uint8Array | null;
}

export interface BtcWalletRecord {
  id: number;
  name: string;
  network: BtcNetwork;
  /** Canonical text with checksum (shared/btc/descriptor.ts formatDescriptor). */
  descriptor: string;
  threshold: number;
  cosigners: number;
  createdAt: number;
  /** The vault's signature over name, network and descriptor (shared/btc/wallet-seal.ts); null for a wallet imported before seals. */
  seal: Uint8Array | null;
}

export function insertBtcAccount(db: Db, vaultId: string, a: Omit<BtcAccountRecord, 'id'>): number {
  const result = db
    .prepare('INSERT INTO btc_account (vault_id, kind, network, path, master_fingerprint, xpub, label, role, created_at, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(vaultId, a.kind, a.network, a.path, a.masterFingerprint, a.xpub, a.label, a.role, a.createdAt, a.seal ? Buffer.from(a.seal) : null);
  expectOne(result.changes);
  return Number(result.lastInsertRowid);
}

/** Stores a new seal for the account `id` (an unlock sealed it after the seed derived it again). */
export function setBtcAccountSeal(db: Db, vaultId: string, id: number, seal: Uint8Array): void {
  expectOne(db.prepare('UPDATE btc_account SET seal = ? WHERE id = ? AND vault_id = ?').run(Buffer.from(seal), id, vaultId).changes);
}

export function readBtcAccounts(db: Db, vaultId: string): BtcAccountRecord[] {
  const rows = db
    .prepare('SELECT id, kind, network, path, master_fingerprint, xpub, label, role, created_at, seal FROM btc_account WHERE vault_id = ? ORDER BY id')
    .all(vaultId) as Array<{ id: number; kind: BtcAccountKind; network: BtcNetwork; path: string; master_fingerprint: string; xpub: string; label: string; role: BtcAccountRole; created_at: number; seal: Buffer | null }>;
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    network: r.network,
    path: r.path,
    masterFingerprint: r.master_fingerprint,
    xpub: r.xpub,
    label: r.label,
    role: r.role,
    createdAt: r.created_at,
    seal: r.seal instanceof Uint8Array ? new Uint8Array(r.seal) : null,
  }));
}

export function insertBtcWallet(db: Db, vaultId: string, w: Omit<BtcWalletRecord, 'id'>): number {
  const result = db
    .prepare('INSERT INTO btc_wallet (vault_id, name, network, descriptor, threshold, cosigners, created_at, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(vaultId, w.name, w.network, w.descriptor, w.threshold, w.cosigners, w.createdAt, w.seal ? Buffer.from(w.seal) : null);
  expectOne(result.changes);
  return Number(result.lastInsertRowid);
}

/** Replaces the wallet row `id` with a newly sealed import of the same name (its previous row failed its seal). */
export function replaceBtcWallet(db: Db, vaultId: string, id: number, w: Omit<BtcWalletRecord, 'id'>): void {
  const result = db
    .prepare('UPDATE btc_wallet SET name = ?, network = ?, descriptor = ?, threshold = ?, cosigners = ?, created_at = ?, seal = ? WHERE id = ? AND vault_id = ?')
    .run(w.name, w.network, w.descriptor, w.threshold, w.cosigners, w.createdAt, w.seal ? Buffer.from(w.seal) : null, id, vaultId);
  expectOne(result.changes);
}

export function readBtcWallets(db: Db, vaultId: string): BtcWalletRecord[] {
  const rows = db
    .prepare('SELECT id, name, network, descriptor, threshold, cosigners, created_at, seal FROM btc_wallet WHERE vault_id = ? ORDER BY id')
    .all(vaultId) as Array<{ id: number; name: string; network: BtcNetwork; descriptor: string; threshold: number; cosigners: number; created_at: number; seal: Buffer | null }>;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    network: r.network,
    descriptor: r.descriptor,
    threshold: r.threshold,
    cosigners: r.cosigners,
    createdAt: r.created_at,
    seal: r.seal instanceof Uint8Array ? new Uint8Array(r.seal) : null,
  }));
}

function expectOne(changes: number): void {
  if (changes !== 1) throw new AirlockError('internal', 'A Bitcoin account or wallet row was not written as expected; nothing was saved.');
}
