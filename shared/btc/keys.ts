// Bitcoin accounts from the vault's BIP-32 seed: BIP-84 (P2WPKH), BIP-86 (P2TR key path) and BIP-48 script type
// 2' cosigner keys (P2WSH multisig), on mainnet or testnet. An account is its hardened path, the master key's
// fingerprint and the account's extended public key; addresses are derived below it (<0;1>/*).
import { HARDENED_OFFSET, HDKey } from '@scure/bip32';
import { AirlockError } from '../errors';
import { SecretBytes } from '../crypto/secret';
import { AIRLOCK_PURPOSE, withDerivedNode } from '../evm/hd';
import { COIN_TYPE, KEY_VERSIONS, type BtcNetwork } from './network';

export const BTC_ACCOUNT_KINDS = ['p2wpkh', 'p2tr', 'p2wsh-cosigner'] as const;
export type BtcAccountKind = (typeof BTC_ACCOUNT_KINDS)[number];

export const BTC_ACCOUNT_KIND_TEXT: Readonly<Record<BtcAccountKind, string>> = Object.freeze({
  p2wpkh: "BIP-84 native segwit (P2WPKH): m/84'/coin'/account'",
  p2tr: "BIP-86 taproot key path (P2TR): m/86'/coin'/account'",
  'p2wsh-cosigner': "BIP-48 multisig cosigner key (P2WSH): m/48'/coin'/account'/2'",
});

const H = HARDENED_OFFSET;
const MAX_ACCOUNT = 0x7fffffff;

export interface BtcAccountKey {
  kind: BtcAccountKind;
  network: BtcNetwork;
  /** m/84'/0'/0' etc. */
  path: string;
  /** The master key's BIP-32 fingerprint, 8 lower-case hex digits. */
  masterFingerprint: string;
  /** The account's extended public key (xpub on mainnet, tpub on testnet). */
  xpub: string;
}

/** The hardened path of an account: purpose, coin type, account (and BIP-48's script type 2'). */
export function btcAccountPath(kind: BtcAccountKind, network: BtcNetwork, index: number): number[] {
  if (!Number.isSafeInteger(index) || index < 0 || index > MAX_ACCOUNT) {
    throw new AirlockError('hd-path-invalid', `A Bitcoin account number must be a whole number from 0 to ${MAX_ACCOUNT}; got ${String(index)}.`);
  }
  const coin = COIN_TYPE[network] + H;
  if (kind === 'p2wpkh') return [84 + H, coin, index + H];
  if (kind === 'p2tr') return [86 + H, coin, index + H];
  if (kind === 'p2wsh-cosigner') return [48 + H, coin, index + H, 2 + H];
  throw new AirlockError('btc-account-kind-invalid', `Unknown Bitcoin account kind "${String(kind).slice(0, 20)}"; use p2wpkh, p2tr or p2wsh-cosigner.`);
}

export function pathText(indexes: readonly number[]): string {
  return ['m', ...indexes.map((i) => (i >= H ? `${i - H}'` : `${i}`))].join('/');
}

export function fingerprintHex(fingerprint: number): string {
  return fingerprint.toString(16).padStart(8, '0');
}

/** Derives an account's public identity from the seed; intermediate private keys are wiped level by level. */
export function deriveBtcAccount(seed: Uint8Array, kind: BtcAccountKind, network: BtcNetwork, index: number): BtcAccountKey {
  const path = btcAccountPath(kind, network, index);
  return withAccountNode(seed, network, path, (node, masterFingerprint) => ({
    kind,
    network,
    path: pathText(path),
    masterFingerprint: fingerprintHex(masterFingerprint),
    xpub: node.publicExtendedKey,
  }));
}

/**
 * Lends the private node at a hardened account path to `fn` (signing derives the last, non-hardened levels from
 * it), then wipes it. Refuses Airlock's own purpose, as every account path does.
 */
export function withAccountNode<T>(seed: Uint8Array, network: BtcNetwork, path: readonly number[], fn: (node: HDKey, masterFingerprint: number) => T): T {
  if (path[0] === AIRLOCK_PURPOSE + H) throw new AirlockError('hd-path-invalid', `m/${AIRLOCK_PURPOSE}' is reserved for the vault's own keys; no Bitcoin account can use it.`);
  return withDerivedNode(seed, path, fn, KEY_VERSIONS[network]);
}

/** The private key of a child below a borrowed account node (branch, index), owned by the caller. */
export function childPrivateKey(account: HDKey, branch: number, index: number): SecretBytes {
  return withBranches(account, (keyAt) => keyAt(branch, index));
}

/**
 * Lends `fn` a function giving the private key at (branch, index) below the account node, deriving each branch
 * node once (a PSBT of a hundred inputs needs two branch nodes, not two hundred); every node is wiped after.
 */
export function withBranches<T>(account: HDKey, fn: (keyAt: (branch: number, index: number) => SecretBytes) => T): T {
  const branches = new Map<number, HDKey>();
  try {
    return fn((branch, index) => {
      let node = branches.get(branch);
      if (!node) {
        node = account.deriveChild(branch);
        branches.set(branch, node);
      }
      const leaf = node.deriveChild(index);
      const key = new SecretBytes(leaf.privateKey!);
      leaf.wipePrivateData();
      return key;
    });
  } finally {
    for (const node of branches.values()) node.wipePrivateData();
  }
}

/** Parses an extended public key of the given network; any private key or wrong version is refused. */
export function parseXpub(text: string, network: BtcNetwork): HDKey {
  if (typeof text !== 'string' || !/^[1-9A-HJ-NP-Za-km-z]{100,120}$/.test(text)) {
    throw new AirlockError('btc-xpub-invalid', `"${String(text).slice(0, 16)}…" is not an extended public key.`);
  }
  let key: HDKey;
  try {
    key = HDKey.fromExtendedKey(text, KEY_VERSIONS[network]);
  } catch {
    throw new AirlockError('btc-xpub-invalid', `"${text.slice(0, 16)}…" is not a ${network === 'mainnet' ? 'mainnet xpub' : 'testnet tpub'} (wrong prefix, checksum or key).`);
  }
  if (key.privateKey) throw new AirlockError('btc-xpub-invalid', 'That is an extended PRIVATE key. Airlock only takes public keys here; treat that key as exposed.');
  return key;
}
