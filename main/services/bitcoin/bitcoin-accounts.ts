// The vault's Bitcoin accounts and wallets: register a BIP-84/86 account or a BIP-48 cosigner key from the unlocked
// seed (label, role, audited), import a multisig wallet by descriptor or crypto-output (its key for this vault must
// be a registered cosigner key), show each as "2 of 3: cosigners …", and export them for a watch-only coordinator.
// Accounts are derived again at every quorum unlock (bitcoinAccountMismatch, called by unlock.ts). Accounts (when
// registered, or at an unlock that derived them again) and wallets (at import) are sealed by the vault
// (shared/btc/wallet-seal.ts); neither is used while its seal does not verify.
import { bytesToHex } from '../../../shared/bytes';
import { checkpointPublicKey, withCheckpointKey, type CheckpointKey } from '../../../shared/audit/checkpoint';
import { fingerprintText } from '../../../shared/airgap/fingerprint';
import { decodeUrParts } from '../../../shared/airgap/ur';
import { describeDescriptor, formatDescriptor, parseDescriptor, type Descriptor } from '../../../shared/btc/descriptor';
import { deriveBtcAccount, pathText, type BtcAccountKind } from '../../../shared/btc/keys';
import type { BtcNetwork } from '../../../shared/btc/network';
import { walletOf, type Ownership, type Wallet } from '../../../shared/btc/ownership';
import { accountDescriptor, checkOurKeys, refuseSeveralOwnKeys } from '../../../shared/btc/seed-ownership';
import { accountSealValid, sealAccount, sealWallet, walletSealValid } from '../../../shared/btc/wallet-seal';
import { buildBtcCryptoAccount, buildCryptoOutput, CRYPTO_ACCOUNT, CRYPTO_OUTPUT, parseMultisigCryptoOutput } from '../../../shared/btc/ur';
import { AirlockError } from '../../../shared/errors';
import type { Db } from '../../db/connection';
import { appendAuditEntry, readCheckpointKey } from '../../db/audit';
import { insertBtcAccount, insertBtcWallet, readBtcAccounts, readBtcWallets, replaceBtcWallet, setBtcAccountSeal, type BtcAccountRecord, type BtcAccountRole, type BtcWalletRecord } from '../../db/bitcoin';
import { requireVault, type VaultRecord } from '../../db/vault';
import type { Clock } from '../deps';
import type { UnlockService } from '../custody/unlock';
import { requireStoredCheckpointKey } from '../audit';

export interface BtcAccountView extends Omit<BtcAccountRecord, 'seal'> {
  /** wpkh(...)/tr(...) for single-key accounts; the key expression for a cosigner key. */
  descriptor: string;
  firstAddress: string | null;
  /** Whether the vault's seal over it verifies; an unsealed account stops reviews and the export until an unlock. */
  sealed: boolean;
}

export interface BtcWalletView extends Omit<BtcWalletRecord, 'seal'> {
  /** "2 of 3: cosigners 73c5da0a (this vault: Cosigner key), 02e8bff2, 8cb36b38" */
  summary: string;
  /** Whether the vault's seal over it verifies; an unsealed wallet is used for nothing until imported again. */
  sealed: boolean;
  cosignerKeys: Array<{ fingerprint: string | null; path: string; ours: boolean; label: string | null }>;
  firstAddress: string;
}

export interface BtcExportEntry {
  type: typeof CRYPTO_ACCOUNT | typeof CRYPTO_OUTPUT;
  /** The CBOR payload, hex: the app shows it as an animated QR code. */
  payload: string;
  fingerprint: string;
  descriptors: string[];
  note: string;
}

export interface AddBtcAccountInput {
  kind: BtcAccountKind;
  network: BtcNetwork;
  index: number;
  label: string;
}

export interface ImportBtcWalletInput {
  name: string;
  descriptor?: string;
  parts?: readonly string[];
  network: BtcNetwork;
}

export interface BitcoinAccountService {
  overview(): { accounts: BtcAccountView[]; wallets: BtcWalletView[] };
  /** Needs the unlocked vault: derives the account key from the seed (audited). */
  addAccount(input: AddBtcAccountInput): BtcAccountView;
  /** Needs the unlocked vault, which seals it: a multisig wallet by descriptor text or scanned ur:crypto-output parts (audited). */
  importWallet(input: ImportBtcWalletInput): BtcWalletView;
  /** Descriptors and UR for the registered accounts and wallets: public keys only (audited). */
  export(): BtcExportEntry[];
  /** What the vault owns, for a PSBT review: its accounts as wallets and its multisig wallets. */
  ownership(network: BtcNetwork): Ownership;
  wallet(name: string): Wallet;
}

/** An account's label: one line of 1 to 80 characters. */
const LABEL = /^[^\r\n]{1,80}$/;
const ROLE_OF: Record<BtcAccountKind, BtcAccountRole> = { p2wpkh: 'btc-treasury', p2tr: 'btc-treasury', 'p2wsh-cosigner': 'btc-cosigner' };

/** What the Bitcoin account functions work with: the vault's database, its clock, the unlock session that derives keys. */
export interface BitcoinAccountDeps {
  db: Db;
  clock: Clock;
  unlock: UnlockService;
}

/** The Bitcoin account functions bound to their dependencies, for the bridge and the CLI. */
export function createBitcoinAccountService(deps: BitcoinAccountDeps): BitcoinAccountService {
  return {
    overview: () => bitcoinOverview(deps.db),
    addAccount: (input) => addBitcoinAccount(deps, input),
    importWallet: (input) => importBitcoinWallet(deps, input),
    export: () => exportBitcoinWatchOnly(deps),
    ownership: (network) => bitcoinOwnership(deps.db, network),
    wallet: (name) => bitcoinWallet(deps.db, name),
  };
}

/** The vault's registered Bitcoin accounts and multisig wallets, as shown. */
export function bitcoinOverview(db: Db): { accounts: BtcAccountView[]; wallets: BtcWalletView[] } {
  const vault = requireVault(db);
  return { accounts: accountsOf(db, vault), wallets: walletsOf(db, vault) };
}

/** Derives a BIP-84/86 account or BIP-48 cosigner key from the unlocked seed and registers it (audited). */
export function addBitcoinAccount(deps: BitcoinAccountDeps, input: AddBtcAccountInput): BtcAccountView {
  const { db, clock, unlock } = deps;
  const vault = requireVault(db);
  const label = input.label.trim();
  if (!LABEL.test(label)) throw new AirlockError('btc-account-invalid', 'Give the account a label of 1 to 80 characters, e.g. "BTC treasury".');
  const accounts = readBtcAccounts(db, vault.id);
  const { record, seal } = unlock.withSeed((seed) => {
    const key = deriveBtcAccount(seed, input.kind, input.network, input.index);
    if (accounts.some((a) => a.path === key.path)) throw new AirlockError('btc-account-exists', `The account ${key.path} is already registered.`);
    if (accounts.some((a) => a.masterFingerprint !== key.masterFingerprint)) throw new AirlockError('btc-account-mismatch', 'The unlocked key is not the one the registered Bitcoin accounts come from.');
    const unsealed = { ...key, label, role: ROLE_OF[input.kind], createdAt: clock.now() };
    return withCheckpointKey(seed, (checkpointKey) => {
      requireStoredCheckpointKey(db, vault.id, checkpointKey.publicKey, 'Nothing was registered.');
      return { record: unsealed, seal: sealAccount(vault.id, unsealed, checkpointKey) };
    });
  });
  const sealed = { ...record, seal };
  const id = db.transaction(() => {
    const rowId = insertBtcAccount(db, vault.id, sealed);
    audit(deps, vault, 'btc-account-registered', { kind: record.kind, network: record.network, path: record.path, label, fingerprint: record.masterFingerprint });
    return rowId;
  }).immediate();
  return accountView({ id, ...sealed }, true);
}

/**
 * Registers a multisig wallet whose keys claiming this vault are its registered cosigner keys, sealed by the
 * unlocked vault (audited, and the audit head signed). Importing again the name or descriptor of a wallet whose seal
 * fails (changed in the file, or imported before seals) replaces that row: the holders' way to restore it.
 */
export function importBitcoinWallet(deps: BitcoinAccountDeps, input: ImportBtcWalletInput): BtcWalletView {
  const { db, clock, unlock } = deps;
  const vault = requireVault(db);
  const name = input.name.trim();
  if (!/^[^\r\n]{1,60}$/.test(name)) throw new AirlockError('btc-wallet-invalid', 'Give the wallet a name of 1 to 60 characters, e.g. "Fallback 2-of-3".');
  const descriptor = input.parts?.length
    ? parseMultisigCryptoOutput(decodeUrParts(input.parts, [CRYPTO_OUTPUT]).payload, input.network)
    : parseDescriptor(input.descriptor ?? '', input.network);
  if (descriptor.type !== 'wsh-sortedmulti') throw new AirlockError('btc-wallet-invalid', 'A wallet to import is a multisig: wsh(sortedmulti(k,…)). Single-key accounts are registered from the vault\'s own seed.');
  const accounts = readBtcAccounts(db, vault.id);
  checkKeysAgainstAccounts(descriptor, accounts);
  refuseSeveralVaultKeys(descriptor, accounts);
  const text = formatDescriptor(descriptor);
  const sealKey = readCheckpointKey(db, vault.id);
  const conflicts = readBtcWallets(db, vault.id).filter((w) => w.name.toLowerCase() === name.toLowerCase() || w.descriptor === text);
  for (const w of conflicts) {
    if (!sealIntact(vault, w, sealKey)) continue;
    if (w.name.toLowerCase() === name.toLowerCase()) throw new AirlockError('btc-wallet-exists', `A wallet called "${name}" is already registered.`);
    throw new AirlockError('btc-wallet-exists', `This wallet is already registered as "${w.name}".`);
  }
  if (conflicts.length > 1) {
    throw new AirlockError('btc-wallet-exists', `Two registered wallets whose seals fail have this name or descriptor ("${conflicts[0]!.name}", "${conflicts[1]!.name}"). Import it under a new name.`);
  }
  const damaged = conflicts[0];
  const unsealed = { name, network: descriptor.network, descriptor: text, threshold: descriptor.threshold, cosigners: descriptor.keys.length, createdAt: clock.now() };
  const seal = unlock.withSeed((seed) =>
    withCheckpointKey(seed, (key) => {
      requireStoredCheckpointKey(db, vault.id, key.publicKey, 'Nothing was imported.');
      return sealWallet(vault.id, unsealed, key);
    }),
  );
  const record = { ...unsealed, seal };
  const id = db.transaction(() => {
    const details = { name, network: record.network, threshold: record.threshold, cosigners: record.cosigners, descriptor: text.slice(-8) };
    if (!damaged) {
      const rowId = insertBtcWallet(db, vault.id, record);
      audit(deps, vault, 'btc-wallet-imported', details);
      return rowId;
    }
    replaceBtcWallet(db, vault.id, damaged.id, record);
    audit(deps, vault, 'btc-wallet-replaced', { ...details, replaced: damaged.name.slice(0, 60), replacedDescriptor: damaged.descriptor.slice(-8) });
    return damaged.id;
  }).immediate();
  unlock.checkpoint(); // SECURITY(H-25): the vault signs its audit head, covering the import just recorded.
  return walletView({ id, ...record }, accounts, true);
}

/** Descriptors and UR of the registered accounts and wallets for a watch-only coordinator: public keys only (audited). */
export function exportBitcoinWatchOnly(deps: BitcoinAccountDeps): BtcExportEntry[] {
  const { db } = deps;
  const vault = requireVault(db);
  // A coordinator that imported a swapped account or wallet would pay it: no export while one is unsealed.
  const accounts = sealedAccounts(db, vault);
  const wallets = walletsOf(db, vault);
  const unsealed = wallets.find((w) => !w.sealed);
  if (unsealed) throw walletUnsealed(unsealed);
  const entries = exportEntries(accounts, wallets);
  db.transaction(() => audit(deps, vault, 'btc-watch-only-exported', { types: entries.map((e) => e.type).join(','), fingerprints: entries.map((e) => e.fingerprint).join(' / ') })).immediate();
  return entries;
}

/**
 * What the vault owns on `network`, for a PSBT review: its single-key accounts as wallets and its multisig wallets,
 * each multisig only with a seal that verifies under the checkpoint key stored in the file (the one every unlock
 * compares with the seed's; checkWalletKeysWithSeed checks again with the seed itself before signing).
 */
export function bitcoinOwnership(db: Db, network: BtcNetwork): Ownership {
  const vault = requireVault(db);
  const accounts = sealedAccounts(db, vault);
  const wallets: Wallet[] = accounts.filter((a) => a.network === network && a.kind !== 'p2wsh-cosigner').map((a) => walletOf(a.label, accountDescriptor(a)));
  const sealKey = readCheckpointKey(db, vault.id);
  for (const w of readBtcWallets(db, vault.id).filter((w) => w.network === network)) wallets.push(sealedWallet(vault, w, accounts, sealKey));
  const fingerprint = accounts[0] ? parseInt(accounts[0].masterFingerprint, 16) : -1;
  return { masterFingerprint: fingerprint, wallets };
}

/** The registered multisig wallet called `name`, when its seal verifies. */
export function bitcoinWallet(db: Db, name: string): Wallet {
  const vault = requireVault(db);
  const record = readBtcWallets(db, vault.id).find((w) => w.name === name);
  if (!record) throw new AirlockError('btc-wallet-unknown', `No Bitcoin wallet called "${name.slice(0, 60)}" is registered with this vault.`);
  return sealedWallet(vault, record, readBtcAccounts(db, vault.id), readCheckpointKey(db, vault.id));
}

/** A registered wallet for use: refused unless its seal verifies; carries what the seed checks again before signing. */
function sealedWallet(vault: VaultRecord, record: BtcWalletRecord, accounts: readonly BtcAccountRecord[], sealKey: Uint8Array | null): Wallet {
  if (!sealIntact(vault, record, sealKey)) throw walletUnsealed(record);
  const descriptor = parseDescriptor(record.descriptor, record.network);
  checkKeysAgainstAccounts(descriptor, accounts);
  return { ...walletOf(record.name, descriptor), registration: { vaultId: vault.id, network: record.network, descriptor: record.descriptor, seal: record.seal! } };
}

function sealIntact(vault: VaultRecord, record: BtcWalletRecord, sealKey: Uint8Array | null): boolean {
  return walletSealValid(vault.id, record, record.seal, sealKey);
}

function walletUnsealed(record: Pick<BtcWalletRecord, 'name'>): AirlockError {
  return new AirlockError(
    'btc-wallet-unsealed',
    `The registered wallet "${record.name.slice(0, 60)}" does not carry this vault's seal: it was added or changed in the vault file outside Airlock, or imported before wallets were sealed. ` +
      'Nothing was reviewed or signed with it. After a quorum unlock, import its descriptor again from the coordinator (it replaces the row), and find out who changed this file if no one here did.',
    { wallet: record.name.slice(0, 60) },
  );
}

function audit({ db, clock }: BitcoinAccountDeps, vault: VaultRecord, action: string, details: Record<string, string | number | boolean | null>) {
  return appendAuditEntry(db, { at: clock.now(), actor: 'vault', action, details: { vault: vault.id, ...details } });
}

function accountsOf(db: Db, vault: VaultRecord): BtcAccountView[] {
  const sealKey = readCheckpointKey(db, vault.id);
  return readBtcAccounts(db, vault.id).map((a) => accountView(a, accountSealValid(vault.id, a, a.seal, sealKey)));
}

/** The vault's accounts, refused as a whole when one of them does not carry the vault's seal. */
function sealedAccounts(db: Db, vault: VaultRecord): BtcAccountRecord[] {
  const accounts = readBtcAccounts(db, vault.id);
  const sealKey = readCheckpointKey(db, vault.id);
  const unsealed = accounts.find((a) => !accountSealValid(vault.id, a, a.seal, sealKey));
  if (unsealed) throw accountUnsealed(unsealed);
  return accounts;
}

function accountUnsealed(record: Pick<BtcAccountRecord, 'label' | 'path'>): AirlockError {
  return new AirlockError(
    'btc-account-unsealed',
    `The registered Bitcoin account "${record.label.slice(0, 80)}" (${record.path.slice(0, 40)}) does not carry this vault's seal: its key, label or role was changed in the vault file outside Airlock, or it was registered before accounts were sealed. ` +
      'Nothing was reviewed or exported with it. Unlock the vault with a quorum: the unlock derives every account again from the key, refuses a changed key, and seals the accounts that match. Find out who changed this file if no one here did.',
    { account: record.path.slice(0, 40) },
  );
}

/**
 * Called by the quorum unlock, inside its transaction and after bitcoinAccountMismatch found every account's key to be
 * the seed's: seals each account whose seal is missing (registered before seals) or fails (its label or role changed
 * in the file; the key itself was just derived again), each audited.
 */
export function sealBitcoinAccounts(db: Db, vaultId: string, key: CheckpointKey, at: number): void {
  for (const account of readBtcAccounts(db, vaultId)) {
    if (accountSealValid(vaultId, account, account.seal, key.publicKey)) continue;
    setBtcAccountSeal(db, vaultId, account.id, sealAccount(vaultId, account, key));
    appendAuditEntry(db, {
      at,
      actor: 'vault',
      action: 'btc-account-sealed',
      details: { vault: vaultId, path: account.path, label: account.label.slice(0, 80), role: account.role, was: account.seal ? 'seal-failed' : 'no-seal' },
    });
  }
}

function walletsOf(db: Db, vault: VaultRecord): BtcWalletView[] {
  const accounts = readBtcAccounts(db, vault.id);
  const sealKey = readCheckpointKey(db, vault.id);
  return readBtcWallets(db, vault.id).map((w) => walletView(w, accounts, sealIntact(vault, w, sealKey)));
}

/** SECURITY: one key of this vault per multisig (shared/btc/seed-ownership.ts refuseSeveralOwnKeys). */
function refuseSeveralVaultKeys(descriptor: Descriptor, accounts: readonly BtcAccountRecord[]): void {
  const fingerprint = accounts[0]?.masterFingerprint;
  if (fingerprint !== undefined) refuseSeveralOwnKeys(descriptor, parseInt(fingerprint, 16), { owner: 'this vault', signer: 'the vault', outcome: 'Nothing was imported.' });
}

/** A wallet key naming a registered account's fingerprint must be exactly that account (path and xpub). */
function checkKeysAgainstAccounts(descriptor: Descriptor, accounts: readonly BtcAccountRecord[]): void {
  const fingerprint = accounts[0]?.masterFingerprint;
  for (const key of descriptor.keys) {
    if (fingerprint === undefined || key.fingerprint === null || key.fingerprint !== parseInt(fingerprint, 16)) continue;
    const match = accounts.find((a) => a.xpub === key.xpub && a.path === pathOf(key.origin));
    if (!match) {
      throw new AirlockError(
        'btc-wallet-key-not-ours',
        `The wallet names this vault's key (${fingerprint}) at ${pathOf(key.origin)}, but no registered cosigner account has that key. Register the cosigner account first, or check the descriptor with its coordinator.`,
      );
    }
  }
}

const pathOf = pathText;

function accountView({ seal: _seal, ...a }: BtcAccountRecord, sealed: boolean): BtcAccountView {
  if (a.kind === 'p2wsh-cosigner') return { ...a, descriptor: `[${a.masterFingerprint}${a.path.slice(1)}]${a.xpub}/<0;1>/*`, firstAddress: null, sealed };
  const descriptor = accountDescriptor(a);
  return { ...a, descriptor: formatDescriptor(descriptor), firstAddress: walletOf(a.label, descriptor).scripts.addressAt(0, 0), sealed };
}

function walletView({ seal: _seal, ...w }: BtcWalletRecord, accounts: readonly BtcAccountRecord[], sealed: boolean): BtcWalletView {
  const descriptor = parseDescriptor(w.descriptor, w.network);
  const cosignerKeys = descriptor.keys.map((k) => {
    const account = accounts.find((a) => a.xpub === k.xpub);
    return { fingerprint: k.fingerprint === null ? null : k.fingerprint.toString(16).padStart(8, '0'), path: pathOf(k.origin), ours: account !== undefined, label: account?.label ?? null };
  });
  const names = cosignerKeys.map((k) => `${k.fingerprint ?? 'no origin'}${k.ours ? ` (this vault: ${k.label})` : ''}`);
  // Threshold and cosigners as the descriptor (what the seal covers and the review uses) says, not the columns beside it.
  const threshold = descriptor.threshold;
  const cosigners = descriptor.keys.length;
  return {
    ...w,
    threshold,
    cosigners,
    summary: `${threshold} of ${cosigners}: cosigners ${names.join(', ')}. ${describeDescriptor(descriptor)}.`,
    cosignerKeys,
    firstAddress: walletOf(w.name, descriptor).scripts.addressAt(0, 0),
    sealed,
  };
}

function exportEntries(accounts: readonly BtcAccountRecord[], wallets: readonly BtcWalletView[]): BtcExportEntry[] {
  const entries: BtcExportEntry[] = [];
  for (const network of ['mainnet', 'testnet'] as const) {
    const mine = accounts.filter((a) => a.network === network);
    if (mine.length === 0) continue;
    const items = mine.map((a) => ({
      descriptor: a.kind === 'p2wsh-cosigner' ? parseDescriptor(`wpkh([${a.masterFingerprint}${a.path.slice(1)}]${a.xpub}/<0;1>/*)`, a.network) : accountDescriptor(a),
      cosigner: a.kind === 'p2wsh-cosigner',
    }));
    const cbor = buildBtcCryptoAccount(parseInt(mine[0]!.masterFingerprint, 16), items);
    entries.push(entry(CRYPTO_ACCOUNT, cbor, mine.map((a) => accountView(a, true).descriptor), `The vault's ${network} accounts for a watch-only coordinator (Sparrow, Specter, Nunchuk): single-key wallets, and cosigner keys to build a multisig with.`));
  }
  for (const w of wallets) {
    entries.push(entry(CRYPTO_OUTPUT, buildCryptoOutput(parseDescriptor(w.descriptor, w.network)), [w.descriptor], `${w.name}: ${w.summary}`));
  }
  if (entries.length === 0) throw new AirlockError('btc-export-none', 'The vault has no Bitcoin account yet. Register one first (airlock btc account add).');
  return entries;
}

function entry(type: BtcExportEntry['type'], cbor: Uint8Array, descriptors: string[], note: string): BtcExportEntry {
  return { type, payload: bytesToHex(cbor), fingerprint: fingerprintText(type, cbor), descriptors, note };
}

/**
 * Called by the quorum unlock with the rebuilt seed: every registered Bitcoin account must derive again, as the
 * EVM accounts must. Each account, and whether the seed derives exactly it (path, xpub, fingerprint) and it is as
 * registration writes one (a label of one line, the role of its kind): a row the file's holder changed into anything
 * else is reported as not derived, never thrown as an unreadable row that would stop every unlock.
 */
export function bitcoinAccountChecks(db: Db, vaultId: string, seed: Uint8Array): Array<{ account: BtcAccountRecord; derives: boolean }> {
  return readBtcAccounts(db, vaultId).map((account) => {
    const index = Number(/^m\/\d+'\/\d+'\/(\d+)'/.exec(account.path)?.[1] ?? -1);
    let derived: ReturnType<typeof deriveBtcAccount>;
    try {
      derived = deriveBtcAccount(seed, account.kind, account.network, index);
    } catch {
      return { account, derives: false };
    }
    const registered = LABEL.test(account.label) && account.role === ROLE_OF[account.kind];
    return { account, derives: registered && derived.path === account.path && derived.xpub === account.xpub && derived.masterFingerprint === account.masterFingerprint };
  });
}

/** The first registered Bitcoin account the seed does not derive (null when it derives them all). */
export function bitcoinAccountMismatch(db: Db, vaultId: string, seed: Uint8Array): BtcAccountRecord | null {
  return bitcoinAccountChecks(db, vaultId, seed).find((c) => !c.derives)?.account ?? null;
}

/**
 * Used before signing, with the seed itself: every multisig descriptor key claiming this seed's fingerprint is the
 * seed's own key, and every registered wallet's seal verifies under the checkpoint key this seed derives (the
 * review read them from the file, checked against the key stored there).
 */
export function checkWalletKeysWithSeed(ownership: Ownership, seed: Uint8Array): void {
  let sealKey: Uint8Array | null = null;
  for (const wallet of ownership.wallets) {
    checkOurKeys(wallet.descriptor, seed, ownership.masterFingerprint);
    const registered = wallet.registration;
    if (!registered) continue;
    sealKey ??= checkpointPublicKey(seed);
    if (!walletSealValid(registered.vaultId, { name: wallet.name, network: registered.network, descriptor: registered.descriptor }, registered.seal, sealKey)) throw walletUnsealed(wallet);
  }
}
