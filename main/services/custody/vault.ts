// Vault custody use cases: create or import a vault, split its master secret into SLIP-39 shares
// encrypted to named holders, register the accounts a recovery must reproduce. The slow work (KDF
// per share) happens first; then one transaction writes everything, so a crash leaves no vault or
// a whole one.
import { bytesToHex } from '../../../shared/bytes';
import type { VaultSummaryView } from '../../../shared/bridge';
import { AirlockError } from '../../../shared/errors';
import { newMasterSecret } from '../../../shared/crypto/entropy';
import { combineMnemonics, decodeShare, identifierWords, splitMasterSecret } from '../../../shared/crypto/slip39';
import { decodeEnvelope, encodeEnvelope, openWithPassphrase, sealWithPassphrase } from '../../../shared/crypto/envelope';
import { bip39EntropyFromMnemonic, describeSeedDerivation, seedFromBip39, seedFromSlip39MasterSecret } from '../../../shared/crypto/seed';
import { deriveAccount, pathFor, type PathScheme } from '../../../shared/evm/hd';
import { shareAssociatedData, shareCommitment } from '../../../shared/custody/share-binding';
import { withCheckpointKey } from '../../../shared/audit/checkpoint';
import type { Db } from '../../db/connection';
import { appendAuditEntry } from '../../db/audit';
import {
  insertVault,
  readAccounts,
  readGroups,
  readHolders,
  readShare,
  readVault,
  requireHolder,
  requireVault,
  updateAllowOnlineSigning,
  updateIdleLockMinutes,
  type AccountRecord,
  type AccountRole,
  type VaultRecord,
} from '../../db/vault';
import { storeCheckpointKey, writeCheckpoint } from '../audit';
import { platformKdf, platformPbkdf2, type Clock, type Random } from '../deps';
import { createPassphraseAttempts } from './passphrase-attempts';

export interface HolderInput {
  name: string;
  passphrase: string;
}

export interface GroupInput {
  name: string;
  memberThreshold: number;
  holders: HolderInput[];
}

export interface AccountInput {
  scheme: PathScheme;
  index: number;
  label: string;
  role: AccountRole;
}

export type SecretSource =
  | { kind: 'new'; secretBits: 128 | 256; diceRolls: number[] }
  | { kind: 'bip39'; mnemonic: string; bip39Passphrase: string }
  | { kind: 'slip39'; shares: string[] };

export interface CreateVaultInput {
  name: string;
  source: SecretSource;
  groupThreshold: number;
  groups: GroupInput[];
  /** SLIP-39 passphrase; for an imported SLIP-39 set, the one its shares were made with. */
  slip39Passphrase: string;
  iterationExponent: number;
  extendable: boolean;
  accounts: AccountInput[];
  idleLockMinutes?: number;
}

/** What a holder must write down. Leaves the service only at creation (audited) or reprint. */
export interface HolderShare {
  holder: string;
  group: string;
  groupIndex: number;
  memberIndex: number;
  words: string;
}

/** The vault as the bridge and CLI show it (no secrets); its schema lives in the bridge contract. */
export type VaultSummary = VaultSummaryView;

export interface VaultService {
  create(input: CreateVaultInput): Promise<{ vault: VaultSummary; shares: HolderShare[] }>;
  summary(): VaultSummary | null;
  accounts(): AccountRecord[];
  /** One holder's words again, for a new card, opened with that holder's passphrase (audited). */
  reprint(holderName: string, passphrase: string): Promise<{ share: HolderShare; vaultName: string; identifierWords: string }>;
  /** The idle minutes after which an unlocked vault locks itself (1–120), audited. */
  setIdleLockMinutes(minutes: number): VaultSummary;
  /** SECURITY(H-27): whether this vault may unlock and sign while a network interface is up (test machines), audited. */
  setAllowOnlineSigning(allowed: boolean): VaultSummary;
}

const MAX_HOLDERS_PER_GROUP = 16;

export interface VaultDeps {
  db: Db;
  clock: Clock;
  random: Random;
}

/** The vault functions bound to their dependencies, for the bridge and the CLI. */
export function createVaultService(deps: VaultDeps): VaultService {
  const { db } = deps;
  return {
    create: (input) => createVault(deps, input),
    reprint: (holderName, passphrase) => reprintShare(deps, holderName, passphrase),
    setIdleLockMinutes: (minutes) => setIdleLockMinutes(deps, minutes),
    setAllowOnlineSigning: (allowed) => setAllowOnlineSigning(deps, allowed),
    summary() {
      const vault = readVault(db);
      return vault ? vaultSummaryOf(db, vault) : null;
    },
    accounts() {
      const vault = readVault(db);
      return vault ? readAccounts(db, vault.id) : [];
    },
  };
}

export async function createVault(deps: VaultDeps, input: CreateVaultInput): Promise<{ vault: VaultSummary; shares: HolderShare[] }> {
  const { db, clock } = deps;
  const rnd = (n: number) => deps.random.bytes(n);
  validateLayout(input);
  if (readVault(db)) {
    throw new AirlockError('vault-exists', 'This database already holds a vault. Use a new database file for another vault.');
  }
  const vaultId = bytesToHex(rnd(16));
  const createdAt = clock.now();
  const material = await masterSecretFrom(rnd, input);
  try {
    const { masterSecret, seed, origin, seedDerivation, bip39Passphrase } = material;
    const groups = await splitMasterSecret({
      masterSecret,
      passphrase: input.slip39Passphrase,
      groupThreshold: input.groupThreshold,
      groups: input.groups.map((g) => ({ memberThreshold: g.memberThreshold, memberCount: g.holders.length })),
      iterationExponent: input.iterationExponent,
      extendable: input.extendable,
      random: rnd,
      pbkdf2: platformPbkdf2,
    });
    const identifier = decodeShare(groups[0]![0]!).identifier;
    const { holders, rows } = await sealShares(rnd, vaultId, createdAt, input.groups, groups);
    const accounts = input.accounts.map((a) => {
      const path = pathFor(a.scheme, a.index);
      return { path, address: deriveAccount(seed, path).address, label: a.label, role: a.role, createdAt };
    });
    const vault: VaultRecord = {
      id: vaultId,
      name: input.name,
      createdAt,
      origin,
      seedDerivation,
      secretBits: masterSecret.length * 8,
      slip39Identifier: identifier,
      extendable: input.extendable,
      iterationExponent: input.iterationExponent,
      groupThreshold: input.groupThreshold,
      slip39Passphrase: input.slip39Passphrase.length > 0,
      bip39Passphrase,
      idleLockMinutes: input.idleLockMinutes ?? 5,
      allowOnlineSigning: false,
    };
    db.transaction(() => {
      insertVault(db, {
        vault,
        groups: input.groups.map((g, groupIndex) => ({ groupIndex, name: g.name, memberThreshold: g.memberThreshold, memberCount: g.holders.length })),
        holders: rows,
        accounts,
      });
      appendAuditEntry(db, {
        at: createdAt,
        actor: 'vault',
        action: origin === 'created' ? 'vault-created' : 'vault-imported',
        details: { vault: vaultId, name: input.name, origin, holders: rows.length, groupThreshold: input.groupThreshold, accounts: accounts.length },
      });
      // SECURITY(H-16): the one audited exception: share words leave the vault for their holders, once.
      appendAuditEntry(db, { at: createdAt, actor: 'vault', action: 'shares-shown', details: { vault: vaultId, holders: rows.length, reason: 'creation' } });
      // SECURITY(H-25): the checkpoint key is stored with the vault, and its history sealed from the first entry.
      withCheckpointKey(seed, (key) => {
        storeCheckpointKey(db, createdAt, vaultId, key.publicKey);
        writeCheckpoint(db, vaultId, key);
      });
    }).immediate();
    return { vault: vaultSummaryOf(db, vault), shares: holders };
  } finally {
    material.masterSecret.fill(0);
    material.seed.fill(0);
  }
}

/** Each holder's share sealed to their passphrase (bound to its place in the vault), and the words to hand out once. */
async function sealShares(rnd: (n: number) => Uint8Array, vaultId: string, createdAt: number, layout: readonly GroupInput[], groups: string[][]) {
  const holders: HolderShare[] = [];
  const rows: Array<{ name: string; groupIndex: number; memberIndex: number; createdAt: number; envelope: Uint8Array; commitment: Uint8Array }> = [];
  for (const [groupIndex, group] of layout.entries()) {
    for (const [memberIndex, holder] of group.holders.entries()) {
      const words = groups[groupIndex]![memberIndex]!;
      const place = { vaultId, holderName: holder.name, groupIndex, memberIndex };
      const envelope = await sealWithPassphrase(new TextEncoder().encode(words), holder.passphrase, shareAssociatedData(place), { random: rnd, ...platformKdf });
      rows.push({ name: holder.name, groupIndex, memberIndex, createdAt, envelope: encodeEnvelope(envelope), commitment: shareCommitment(vaultId, words) });
      holders.push({ holder: holder.name, group: group.name, groupIndex, memberIndex, words });
    }
  }
  return { holders, rows };
}

async function masterSecretFrom(rnd: (n: number) => Uint8Array, input: CreateVaultInput) {
  const source = input.source;
  switch (source.kind) {
    case 'new': {
      const masterSecret = newMasterSecret(source.secretBits === 256 ? 32 : 16, rnd, source.diceRolls);
      return { masterSecret, seed: seedFromSlip39MasterSecret(masterSecret), origin: 'created' as const, seedDerivation: 'slip39-master-secret' as const, bip39Passphrase: false };
    }
    case 'bip39': {
      const seed = await seedFromBip39(source.mnemonic, source.bip39Passphrase);
      const masterSecret = bip39EntropyFromMnemonic(source.mnemonic);
      return { masterSecret, seed, origin: 'imported-bip39' as const, seedDerivation: 'bip39-mnemonic' as const, bip39Passphrase: source.bip39Passphrase.length > 0 };
    }
    case 'slip39': {
      const masterSecret = await combineMnemonics(source.shares, input.slip39Passphrase, { pbkdf2: platformPbkdf2 });
      return { masterSecret, seed: seedFromSlip39MasterSecret(masterSecret), origin: 'imported-slip39' as const, seedDerivation: 'slip39-master-secret' as const, bip39Passphrase: false };
    }
  }
}

/** A vault as its holders see it: layout, groups and holders, accounts, settings. */
export function vaultSummaryOf(db: Db, vault: VaultRecord): VaultSummary {
  const holders = readHolders(db, vault.id);
  return {
    id: vault.id,
    name: vault.name,
    createdAt: vault.createdAt,
    origin: vault.origin,
    seedDerivation: vault.seedDerivation,
    seedDerivationDescription: describeSeedDerivation(vault.seedDerivation),
    secretBits: vault.secretBits,
    identifier: vault.slip39Identifier,
    extendable: vault.extendable,
    iterationExponent: vault.iterationExponent,
    groupThreshold: vault.groupThreshold,
    slip39Passphrase: vault.slip39Passphrase,
    bip39Passphrase: vault.bip39Passphrase,
    idleLockMinutes: vault.idleLockMinutes,
    allowOnlineSigning: vault.allowOnlineSigning,
    groups: readGroups(db, vault.id).map((g) => ({
      ...g,
      holders: holders
        .filter((h) => h.groupIndex === g.groupIndex)
        .map((h) => ({ id: h.id, name: h.name, memberIndex: h.memberIndex, lastVerifiedAt: h.lastVerifiedAt })),
    })),
    accounts: readAccounts(db, vault.id),
  };
}

/** One holder's words again, for a new card, opened with that holder's passphrase (audited, with the attempts limit). */
export async function reprintShare({ db, clock }: VaultDeps, holderName: string, passphrase: string) {
  const attempts = createPassphraseAttempts({ db, clock });
  const vault = requireVault(db);
  const holder = requireHolder(db, vault.id, holderName);
  const stored = readShare(db, holder.id);
  if (!stored) throw new AirlockError('share-missing', `${holder.name}'s share is missing from the database.`);
  const place = { vaultId: vault.id, holderName: holder.name, groupIndex: holder.groupIndex, memberIndex: holder.memberIndex };
  const at = clock.now();
  const attempt = attempts.begin(vault.id, holder);
  let plaintext: Uint8Array;
  try {
    plaintext = await openWithPassphrase(decodeEnvelope(stored.envelope), passphrase, shareAssociatedData(place), platformKdf);
  } catch (error) {
    const code = error instanceof AirlockError ? error.code : 'internal';
    db.transaction(() => {
      appendAuditEntry(db, { at, actor: 'vault', action: 'reprint-refused', details: { vault: vault.id, holder: holder.name, code } });
      attempts.failed(attempt);
    }).immediate();
    if (code === 'passphrase-wrong') {
      throw new AirlockError('passphrase-wrong', `That is not ${holder.name}'s passphrase; the share was not shown.${attempts.waitSentence(attempt)}`, { holder: holder.name });
    }
    throw error;
  }
  const words = new TextDecoder().decode(plaintext);
  plaintext.fill(0);
  const group = readGroups(db, vault.id).find((g) => g.groupIndex === holder.groupIndex);
  db.transaction(() => {
    appendAuditEntry(db, { at, actor: 'vault', action: 'shares-shown', details: { vault: vault.id, holders: 1, holder: holder.name, reason: 'reprint' } });
    attempts.succeeded(attempt);
  }).immediate();
  return {
    share: { holder: holder.name, group: group?.name ?? '', groupIndex: holder.groupIndex, memberIndex: holder.memberIndex, words },
    vaultName: vault.name,
    identifierWords: identifierWords(decodeShare(words)),
  };
}

export function setIdleLockMinutes({ db, clock }: VaultDeps, minutes: number): VaultSummary {
  const vault = requireVault(db);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 120) {
    throw new AirlockError('setting-invalid', 'The idle lock must be a whole number of minutes from 1 to 120.');
  }
  db.transaction(() => {
    updateIdleLockMinutes(db, vault.id, minutes);
    appendAuditEntry(db, { at: clock.now(), actor: 'vault', action: 'idle-lock-changed', details: { vault: vault.id, from: vault.idleLockMinutes, to: minutes } });
  }).immediate();
  return vaultSummaryOf(db, { ...vault, idleLockMinutes: minutes });
}

export function setAllowOnlineSigning({ db, clock }: VaultDeps, allowed: boolean): VaultSummary {
  const vault = requireVault(db);
  if (vault.allowOnlineSigning === allowed) return vaultSummaryOf(db, vault);
  db.transaction(() => {
    updateAllowOnlineSigning(db, vault.id, allowed);
    appendAuditEntry(db, { at: clock.now(), actor: 'vault', action: 'online-signing-changed', details: { vault: vault.id, from: vault.allowOnlineSigning, to: allowed } });
  }).immediate();
  return vaultSummaryOf(db, { ...vault, allowOnlineSigning: allowed });
}

export function validateLayout(input: CreateVaultInput): void {
  const bad = (message: string) => new AirlockError('vault-layout-invalid', message);
  if (!input.name.trim()) throw bad('Give the vault a name, e.g. "Acme treasury".');
  if (input.groups.length < 1 || input.groups.length > 16) throw bad('A vault has from 1 to 16 groups of holders.');
  if (input.groupThreshold < 1 || input.groupThreshold > input.groups.length) {
    throw bad(`The group threshold must be between 1 and the number of groups (${input.groups.length}).`);
  }
  const names = new Set<string>();
  for (const [i, g] of input.groups.entries()) {
    const label = g.name || `Group ${i + 1}`;
    if (g.holders.length < 1 || g.holders.length > MAX_HOLDERS_PER_GROUP) throw bad(`${label} needs from 1 to ${MAX_HOLDERS_PER_GROUP} holders.`);
    if (g.memberThreshold < 1 || g.memberThreshold > g.holders.length) {
      throw bad(`${label}: the threshold (${g.memberThreshold}) must be between 1 and its number of holders (${g.holders.length}).`);
    }
    if (g.memberThreshold === 1 && g.holders.length > 1) {
      throw bad(`${label}: with a threshold of 1 every holder would carry the same share; use a threshold of at least 2, or one holder.`);
    }
    for (const h of g.holders) {
      const name = h.name.trim();
      if (!name) throw bad(`${label}: every holder needs a name.`);
      if (names.has(name.toLowerCase())) throw bad(`Two holders are called "${name}"; each holder needs a distinct name.`);
      names.add(name.toLowerCase());
      if (!h.passphrase) throw new AirlockError('passphrase-empty', `${name} needs a passphrase to protect their share.`);
      if (h.passphrase.length < 8) throw new AirlockError('passphrase-too-short', `${name}'s passphrase is too short: use at least 8 characters (a few words is best).`);
    }
  }
  if (input.accounts.length < 1) {
    throw bad('Register at least one account: its address is how every later unlock proves it rebuilt the right key.');
  }
  const paths = new Set<string>();
  for (const a of input.accounts) {
    const key = `${a.scheme}:${a.index}`;
    if (paths.has(key)) throw bad(`Account ${a.scheme} #${a.index} is listed twice.`);
    paths.add(key);
  }
  if (input.iterationExponent < 0 || input.iterationExponent > 15) throw bad('The SLIP-39 iteration exponent must be from 0 to 15.');
}
