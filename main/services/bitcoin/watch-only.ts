// Watch-only export of the vault's accounts as ERC-4527 URs, so a MetaMask-style "QR hardware wallet" (or a
// relay) can show balances and build requests for exactly these accounts: a crypto-hdkey of m/44'/60'/0' for
// BIP-44 accounts, and a crypto-account with one key per Ledger Live account. Public keys only; the quorum
// must unlock first, because an account xpub reveals every address of the treasury. Audited.
import { bytesToHex } from '../../../shared/bytes';
import { HDKey } from '@scure/bip32';
import { buildCryptoAccount, buildCryptoHdKey, CRYPTO_ACCOUNT, CRYPTO_HDKEY, parseKeyPathText, type HdKeyValue } from '../../../shared/airgap/erc4527';
import { fingerprintText } from '../../../shared/airgap/fingerprint';
import { parseWatchList, WATCH_LIST_UR_TYPE, WATCH_LIST_VERSION, watchListBytes, type WatchList } from '../../../shared/airgap/watch-list';
import { AirlockError } from '../../../shared/errors';
import { addressFromPublicKey } from '../../../shared/evm/address';
import type { Db } from '../../db/connection';
import { appendAuditEntry } from '../../db/audit';
import { listDrafts } from '../../db/drafts';
import { readAccounts, requireVault, type AccountRecord } from '../../db/vault';
import type { Clock } from '../deps';
import type { SnapshotService } from '../snapshots/snapshots';
import type { UnlockService } from '../custody/unlock';

export interface WatchOnlyExport {
  /** crypto-hdkey (BIP-44 accounts) or crypto-account (Ledger Live accounts). */
  type: typeof CRYPTO_HDKEY | typeof CRYPTO_ACCOUNT;
  /** The CBOR payload, hex: shown as an animated or static UR by the renderer. */
  payload: string;
  fingerprint: string;
  /** The registered accounts this export lets the other side derive, so both screens can be compared. */
  accounts: Array<{ path: string; address: string; label: string }>;
  note: string;
}

const BIP44 = /^m\/44'\/60'\/0'\/0\/(\d+)$/;
const LEDGER_LIVE = /^m\/44'\/60'\/(\d+)'\/0\/0$/;

/** Builds the exports from the unlocked seed; every derived address is checked against the registered one. */
export function watchOnlyExports(seed: Uint8Array, accounts: readonly AccountRecord[], vaultName: string): WatchOnlyExport[] {
  const master = HDKey.fromMasterSeed(seed);
  try {
    const masterFingerprint = master.fingerprint;
    const exports: WatchOnlyExport[] = [];
    const standard = accounts.filter((a) => BIP44.test(a.path));
    if (standard.length > 0) {
      const node = master.derive("m/44'/60'/0'");
      for (const account of standard) checkAddress(node.derive(`m/0/${BIP44.exec(account.path)![1]}`).publicKey!, account);
      const cbor = buildCryptoHdKey({ ...keyOf(node, "m/44'/60'/0'", masterFingerprint), children: '0/*', name: vaultName.slice(0, 64), note: 'account.standard' });
      exports.push(entry(CRYPTO_HDKEY, cbor, standard, 'BIP-44 account key m/44\'/60\'/0\' (addresses m/…/0/i), as MetaMask and Keystone pair with it.'));
    }
    // m/44'/60'/0'/0/0 is both schemes' first account; the BIP-44 key above already covers it.
    const ledger = accounts.filter((a) => LEDGER_LIVE.test(a.path) && !BIP44.test(a.path));
    if (ledger.length > 0) {
      const keys: HdKeyValue[] = ledger.map((account) => {
        const node = master.derive(account.path);
        checkAddress(node.publicKey!, account);
        return { ...keyOf(node, account.path, masterFingerprint), note: 'account.ledger_live' };
      });
      const cbor = buildCryptoAccount({ masterFingerprint, keys });
      exports.push(entry(CRYPTO_ACCOUNT, cbor, ledger, 'Ledger Live accounts m/44\'/60\'/i\'/0/0, one key each.'));
    }
    if (exports.length === 0) {
      throw new AirlockError('watch-only-none', 'None of the registered accounts uses a BIP-44 or Ledger Live path, so there is no watch-only key to export.');
    }
    return exports;
  } finally {
    master.wipePrivateData();
  }
}

function keyOf(node: HDKey, path: string, masterFingerprint: number): Omit<HdKeyValue, 'children' | 'note'> {
  return {
    publicKey: node.publicKey!,
    chainCode: node.chainCode!,
    origin: parseKeyPathText(path, masterFingerprint),
    parentFingerprint: node.parentFingerprint,
  };
}

function checkAddress(publicKey: Uint8Array, account: AccountRecord): void {
  if (addressFromPublicKey(publicKey) !== account.address) {
    throw new AirlockError('account-mismatch', `The key at ${account.path} is not the registered ${account.address}; nothing was exported.`);
  }
}

function entry(type: WatchOnlyExport['type'], cbor: Uint8Array, accounts: readonly AccountRecord[], note: string): WatchOnlyExport {
  return {
    type,
    payload: bytesToHex(cbor),
    fingerprint: fingerprintText(type, cbor),
    accounts: accounts.map((a) => ({ path: a.path, address: a.address, label: a.label })),
    note,
  };
}

export interface WatchListExport {
  type: typeof WATCH_LIST_UR_TYPE;
  payload: string;
  fingerprint: string;
  list: WatchList;
}

export interface WatchOnlyService {
  export(): WatchOnlyExport[];
  /**
   * The relay's watch list: the registered accounts and every Safe this vault works with (executors of its
   * drafts, Safes in its imported snapshots). Public addresses only, so no unlock is needed; audited.
   */
  watchList(): WatchListExport;
}

export function createWatchOnlyService({ db, clock, unlock, snapshots }: { db: Db; clock: Clock; unlock: UnlockService; snapshots: SnapshotService }): WatchOnlyService {
  return {
    watchList() {
      const vault = requireVault(db);
      const safes = new Map<string, string>();
      for (const record of listDrafts(db, vault.id)) {
        const input = JSON.parse(record.inputJson) as { executor?: { kind?: string; safe?: string }; title?: string };
        if (input.executor?.kind === 'safe' && typeof input.executor.safe === 'string') safes.set(input.executor.safe.toLowerCase(), input.executor.safe);
      }
      // SECURITY(H-30): only snapshots that still verify name Safes; an edited row adds nothing to the watch list.
      for (const body of snapshots.verifiedBodies(20)) {
        for (const safe of body.safes) safes.set(safe.address.toLowerCase(), safe.address);
      }
      const list = parseWatchList({
        version: WATCH_LIST_VERSION,
        vault: vault.name.slice(0, 120),
        accounts: readAccounts(db, vault.id).map((a) => ({ address: a.address, label: a.label.slice(0, 80) })),
        safes: [...safes.values()].slice(0, 64).map((address) => ({ address, label: 'Safe' })),
      });
      const bytes = watchListBytes(list);
      const fingerprint = fingerprintText(WATCH_LIST_UR_TYPE, bytes);
      db.transaction(() =>
        appendAuditEntry(db, { at: clock.now(), actor: 'vault', action: 'watch-list-exported', details: { vault: vault.id, accounts: list.accounts.length, safes: list.safes.length, fingerprint } }),
      ).immediate();
      return { type: WATCH_LIST_UR_TYPE, payload: bytesToHex(bytes), fingerprint, list };
    },
    export() {
      const vault = requireVault(db);
      const accounts = readAccounts(db, vault.id);
      const exports = unlock.withSeed((seed) => watchOnlyExports(seed, accounts, vault.name));
      db.transaction(() =>
        appendAuditEntry(db, {
          at: clock.now(),
          actor: 'vault',
          action: 'watch-only-exported',
          details: { vault: vault.id, types: exports.map((e) => e.type).join(','), fingerprints: exports.map((e) => e.fingerprint).join(' / ') },
        }),
      ).immediate();
      return exports;
    },
  };
}
