// SQL for the vault aggregate: the vault row, its groups, holders with their encrypted shares,
// and registered accounts. Nothing else in the app writes these tables.
import { AirlockError } from '../../shared/errors';
import type { Db } from './connection';

export type VaultOrigin = 'created' | 'imported-bip39' | 'imported-slip39';
export type SeedDerivationName = 'slip39-master-secret' | 'bip39-mnemonic';
export type AccountRole = 'eoa-treasury' | 'safe-owner' | 'executor';

export interface VaultRecord {
  id: string;
  name: string;
  createdAt: number;
  origin: VaultOrigin;
  seedDerivation: SeedDerivationName;
  secretBits: number;
  slip39Identifier: number;
  extendable: boolean;
  iterationExponent: number;
  groupThreshold: number;
  slip39Passphrase: boolean;
  bip39Passphrase: boolean;
  idleLockMinutes: number;
  /** SECURITY(H-27): the audited test-machine setting; off unless changed. */
  allowOnlineSigning: boolean;
}

export interface GroupRecord {
  groupIndex: number;
  name: string;
  memberThreshold: number;
  memberCount: number;
}

export interface HolderRecord {
  id: number;
  name: string;
  groupIndex: number;
  memberIndex: number;
  createdAt: number;
  lastVerifiedAt: number | null;
}

export interface ShareRecord {
  holderId: number;
  envelope: Uint8Array;
  commitment: Uint8Array;
}

export interface AccountRecord {
  path: string;
  address: string;
  label: string;
  role: AccountRole;
  createdAt: number;
}

export interface NewVault {
  /** A new vault always starts with online signing off (the column's default). */
  vault: Omit<VaultRecord, 'allowOnlineSigning'>;
  groups: GroupRecord[];
  holders: Array<Omit<HolderRecord, 'id' | 'lastVerifiedAt'> & { envelope: Uint8Array; commitment: Uint8Array }>;
  accounts: AccountRecord[];
}

/** Inserts a whole vault. Must run inside the caller's transaction: all of it lands or none. */
export function insertVault(db: Db, data: NewVault): void {
  if (!db.inTransaction) throw new AirlockError('internal', 'A vault must be written in one transaction.');
  const v = data.vault;
  expectOne(
    db
      .prepare(
        `INSERT INTO vault (id, name, created_at, origin, seed_derivation, secret_bits, slip39_identifier, extendable,
           iteration_exponent, group_threshold, slip39_passphrase, bip39_passphrase, idle_lock_minutes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(v.id, v.name, v.createdAt, v.origin, v.seedDerivation, v.secretBits, v.slip39Identifier, int(v.extendable),
        v.iterationExponent, v.groupThreshold, int(v.slip39Passphrase), int(v.bip39Passphrase), v.idleLockMinutes).changes,
  );
  const group = db.prepare('INSERT INTO vault_group (vault_id, group_index, name, member_threshold, member_count) VALUES (?, ?, ?, ?, ?)');
  for (const g of data.groups) expectOne(group.run(v.id, g.groupIndex, g.name, g.memberThreshold, g.memberCount).changes);
  const holder = db.prepare('INSERT INTO holder (vault_id, name, group_index, member_index, created_at) VALUES (?, ?, ?, ?, ?)');
  const share = db.prepare('INSERT INTO share (holder_id, envelope, commitment) VALUES (?, ?, ?)');
  for (const h of data.holders) {
    const result = holder.run(v.id, h.name, h.groupIndex, h.memberIndex, h.createdAt);
    expectOne(result.changes);
    expectOne(share.run(Number(result.lastInsertRowid), Buffer.from(h.envelope), Buffer.from(h.commitment)).changes);
  }
  insertAccounts(db, v.id, data.accounts);
}

export function insertAccounts(db: Db, vaultId: string, accounts: readonly AccountRecord[]): void {
  const account = db.prepare('INSERT INTO account (vault_id, path, address, label, role, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  for (const a of accounts) expectOne(account.run(vaultId, a.path, a.address, a.label, a.role, a.createdAt).changes);
}

interface VaultRow {
  id: string;
  name: string;
  created_at: number;
  origin: VaultOrigin;
  seed_derivation: SeedDerivationName;
  secret_bits: number;
  slip39_identifier: number;
  extendable: number;
  iteration_exponent: number;
  group_threshold: number;
  slip39_passphrase: number;
  bip39_passphrase: number;
  idle_lock_minutes: number;
  allow_online_signing: number;
}

export function readVault(db: Db): VaultRecord | null {
  const row = db.prepare('SELECT * FROM vault').get() as VaultRow | undefined;
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    origin: row.origin,
    seedDerivation: row.seed_derivation,
    secretBits: row.secret_bits,
    slip39Identifier: row.slip39_identifier,
    extendable: row.extendable === 1,
    iterationExponent: row.iteration_exponent,
    groupThreshold: row.group_threshold,
    slip39Passphrase: row.slip39_passphrase === 1,
    bip39Passphrase: row.bip39_passphrase === 1,
    idleLockMinutes: row.idle_lock_minutes,
    allowOnlineSigning: row.allow_online_signing === 1,
  };
}

/** The vault every use case works on, or `vault-missing` with the sentence the key holder is shown. */
export function requireVault(db: Db): VaultRecord {
  const vault = readVault(db);
  if (!vault) throw new AirlockError('vault-missing', 'There is no vault in this database yet. Create or import one first.');
  return vault;
}

export function readGroups(db: Db, vaultId: string): GroupRecord[] {
  return (
    db
      .prepare('SELECT group_index, name, member_threshold, member_count FROM vault_group WHERE vault_id = ? ORDER BY group_index')
      .all(vaultId) as Array<{ group_index: number; name: string; member_threshold: number; member_count: number }>
  ).map((r) => ({ groupIndex: r.group_index, name: r.name, memberThreshold: r.member_threshold, memberCount: r.member_count }));
}

export function readHolders(db: Db, vaultId: string): HolderRecord[] {
  return (
    db
      .prepare('SELECT id, name, group_index, member_index, created_at, last_verified_at FROM holder WHERE vault_id = ? ORDER BY group_index, member_index')
      .all(vaultId) as Array<{ id: number; name: string; group_index: number; member_index: number; created_at: number; last_verified_at: number | null }>
  ).map((r) => ({
    id: r.id,
    name: r.name,
    groupIndex: r.group_index,
    memberIndex: r.member_index,
    createdAt: r.created_at,
    lastVerifiedAt: r.last_verified_at,
  }));
}

/** The holder called `name` (trimmed, any case), or `holder-unknown` naming what was asked for. */
export function requireHolder(db: Db, vaultId: string, name: string): HolderRecord {
  const holder = readHolders(db, vaultId).find((h) => h.name.toLowerCase() === name.trim().toLowerCase());
  if (!holder) throw new AirlockError('holder-unknown', `No holder called "${name.slice(0, 64)}" keeps a share of this vault.`);
  return holder;
}

export function readShare(db: Db, holderId: number): ShareRecord | null {
  const row = db.prepare('SELECT holder_id, envelope, commitment FROM share WHERE holder_id = ?').get(holderId) as
    | { holder_id: number; envelope: Buffer; commitment: Buffer }
    | undefined;
  return row ? { holderId: row.holder_id, envelope: new Uint8Array(row.envelope), commitment: new Uint8Array(row.commitment) } : null;
}

export function readAccounts(db: Db, vaultId: string): AccountRecord[] {
  return (
    db.prepare('SELECT path, address, label, role, created_at FROM account WHERE vault_id = ? ORDER BY id').all(vaultId) as Array<{
      path: string;
      address: string;
      label: string;
      role: AccountRole;
      created_at: number;
    }>
  ).map((r) => ({ path: r.path, address: r.address, label: r.label, role: r.role, createdAt: r.created_at }));
}

export function markHolderVerified(db: Db, holderId: number, at: number): void {
  expectOne(db.prepare('UPDATE holder SET last_verified_at = ? WHERE id = ?').run(at, holderId).changes);
}

export function updateIdleLockMinutes(db: Db, vaultId: string, minutes: number): void {
  expectOne(db.prepare('UPDATE vault SET idle_lock_minutes = ? WHERE id = ?').run(minutes, vaultId).changes);
}

export function updateAllowOnlineSigning(db: Db, vaultId: string, allowed: boolean): void {
  expectOne(db.prepare('UPDATE vault SET allow_online_signing = ? WHERE id = ?').run(int(allowed), vaultId).changes);
}

function int(flag: boolean): number {
  return flag ? 1 : 0;
}

function expectOne(changes: number): void {
  if (changes !== 1) throw new AirlockError('internal', 'A vault row was not written as expected; nothing was saved.');
}
