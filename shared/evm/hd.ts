// Accounts derived from the vault's BIP-32 seed: the two Ethereum path schemes wallets use, a strict
// path parser, and derivation to address and public key (or, for signing, the private key, wrapped).
import { HARDENED_OFFSET, HDKey, type Versions } from '@scure/bip32';
import { AirlockError } from '../errors';
import { SecretBytes } from '../crypto/secret';
import { addressFromPublicKey, type Address } from './address';

export type PathScheme = 'bip44' | 'ledger-live';

export const PATH_SCHEMES: Readonly<Record<PathScheme, string>> = Object.freeze({
  bip44: "BIP-44, as MetaMask, Trezor and most wallets: m/44'/60'/0'/0/index",
  'ledger-live': "Ledger Live: m/44'/60'/index'/0/0",
});

export interface HdPath {
  /** Canonical text: no leading zeros, ' for hardened. */
  text: string;
  /** Child indexes, hardened ones with HARDENED_OFFSET added. */
  indexes: readonly number[];
}

export interface DerivedAccount {
  path: string;
  address: Address;
  /** 33-byte compressed SEC1 public key. */
  publicKey: Uint8Array;
}

const MAX_INDEX = HARDENED_OFFSET - 1;

/**
 * SECURITY(H-25): Airlock's own BIP-43 purpose, 1095324236' (0x4149524C, ASCII "AIRL"). Keys the vault keeps for
 * itself (the audit checkpoint key) live under it; no account path may start with it, so no signing request, draft
 * or drill can ever make an account sign with such a key, and no account scheme (BIP-44 and Ledger Live start with
 * 44') can reach it.
 */
export const AIRLOCK_PURPOSE = 0x4149524c;
const MAX_DEPTH = 255; // BIP-32 serializes depth in one byte

/** The path of account `index` under a scheme. */
export function pathFor(scheme: PathScheme, index: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index > MAX_INDEX) {
    throw pathInvalid(`An account number must be a whole number from 0 to ${MAX_INDEX}; got ${String(index)}.`);
  }
  if (scheme === 'bip44') return `m/44'/60'/0'/0/${index}`;
  if (scheme === 'ledger-live') return `m/44'/60'/${index}'/0/0`;
  throw pathInvalid(`Unknown path scheme "${String(scheme)}"; use bip44 or ledger-live.`);
}

/** Parses a derivation path such as m/44'/60'/0'/0/0 (h or H also mark hardened). */
export function parseHdPath(text: string): HdPath {
  if (typeof text !== 'string') throw new TypeError(`expected a path string, got ${typeof text}`);
  if (!text.startsWith('m/')) {
    throw pathInvalid(`A derivation path starts with m/ followed by numbers separated by /, for example m/44'/60'/0'/0/0.`);
  }
  const parts = text.slice(2).split('/');
  if (parts.length > MAX_DEPTH) throw pathInvalid(`A derivation path has at most ${MAX_DEPTH} levels; this one has ${parts.length}.`);
  const indexes = parts.map((part, i) => {
    const match = /^(0|[1-9][0-9]{0,9})(['hH]?)$/.exec(part);
    const value = match ? Number(match[1]) : NaN;
    if (!match || value > MAX_INDEX) {
      throw pathInvalid(
        `Level ${i + 1} of the path ("${part.slice(0, 12)}") must be a number from 0 to ${MAX_INDEX}, written without leading zeros, ` +
          `with ' after it if hardened.`,
      );
    }
    return match[2] ? value + HARDENED_OFFSET : value;
  });
  const canonical = 'm/' + indexes.map((i) => (i >= HARDENED_OFFSET ? `${i - HARDENED_OFFSET}'` : `${i}`)).join('/');
  return { text: canonical, indexes };
}

/** The account at `path`: address and public key; no private key leaves this function. */
export function deriveAccount(seed: Uint8Array, path: string): DerivedAccount {
  return withNode(seed, accountPath(path), (node, text) => accountOf(node, text));
}

/**
 * The accounts at `paths`, in their order, each parent node derived once: checking every registered account of a
 * backup costs one derivation per account instead of one per level (5 for a BIP-44 path), each a point multiplication.
 */
export function deriveAccounts(seed: Uint8Array, paths: readonly string[]): DerivedAccount[] {
  const parsed = paths.map(accountPath);
  const byParent = new Map<string, number[]>();
  parsed.forEach((path, i) => {
    const parent = path.indexes.slice(0, -1).join('/');
    byParent.set(parent, [...(byParent.get(parent) ?? []), i]);
  });
  const accounts: DerivedAccount[] = new Array(paths.length);
  for (const members of byParent.values()) {
    const first = parsed[members[0]!]!;
    if (first.indexes.length === 0) throw pathInvalid('An account path needs at least one level below m.');
    withNode(seed, { text: first.text, indexes: first.indexes.slice(0, -1) }, (parent) => {
      for (const i of members) {
        const child = parent.deriveChild(parsed[i]!.indexes.at(-1)!);
        accounts[i] = accountOf(child, parsed[i]!.text);
        child.wipePrivateData();
      }
    });
  }
  return accounts;
}

/** The account at `path` with its private key, for signing. Dispose the key when done. */
export function deriveAccountKey(seed: Uint8Array, path: string): { account: DerivedAccount; privateKey: SecretBytes } {
  return withNode(seed, accountPath(path), (node, text) => {
    const account = accountOf(node, text);
    // The getter returns a fresh copy, which the SecretBytes now owns.
    return { account, privateKey: new SecretBytes(node.privateKey!) };
  });
}

/** A key of the vault's own under AIRLOCK_PURPOSE (never an account): public key and private key. Dispose the key. */
export function deriveVaultKey(seed: Uint8Array, path: string): { publicKey: Uint8Array; privateKey: SecretBytes } {
  const parsed = parseHdPath(path);
  if (parsed.indexes[0] !== AIRLOCK_PURPOSE + HARDENED_OFFSET) throw pathInvalid(`A vault key lives under m/${AIRLOCK_PURPOSE}'; ${parsed.text} is not such a path.`);
  return withNode(seed, parsed, (node) => ({ publicKey: node.publicKey!, privateKey: new SecretBytes(node.privateKey!) }));
}

/** Parses an account path and refuses Airlock's own purpose: those keys are never an account's. */
function accountPath(path: string): HdPath {
  const parsed = parseHdPath(path);
  if (parsed.indexes[0] === AIRLOCK_PURPOSE + HARDENED_OFFSET) {
    throw pathInvalid(`m/${AIRLOCK_PURPOSE}' is reserved for the vault's own keys (its audit checkpoints); no account can use a path under it.`);
  }
  return parsed;
}

function accountOf(node: HDKey, path: string): DerivedAccount {
  const publicKey = node.publicKey!;
  return { path, address: addressFromPublicKey(publicKey), publicKey };
}

function withNode<T>(seed: Uint8Array, path: HdPath, fn: (node: HDKey, canonicalPath: string) => T): T {
  return withDerivedNode(seed, path.indexes, (node) => fn(node, path.text));
}

/**
 * Lends the private node at `indexes` below the seed's master (made with `versions`, e.g. Bitcoin's xprv or tprv) to
 * `fn`, with the master's fingerprint; derives one level at a time so every intermediate private key is wiped, not
 * left to the GC, and wipes the lent node once `fn` returns. The one BIP-32 walk of Ethereum and Bitcoin accounts.
 */
export function withDerivedNode<T>(seed: Uint8Array, indexes: readonly number[], fn: (node: HDKey, masterFingerprint: number) => T, versions?: Versions): T {
  if (!(seed instanceof Uint8Array) || seed.length < 16 || seed.length > 64) {
    throw new TypeError(`expected a BIP-32 seed of 16..64 bytes, got ${seed instanceof Uint8Array ? seed.length : typeof seed}`);
  }
  let node = HDKey.fromMasterSeed(seed, versions);
  const masterFingerprint = node.fingerprint;
  try {
    for (const index of indexes) {
      const child = node.deriveChild(index);
      node.wipePrivateData();
      node = child;
    }
    return fn(node, masterFingerprint);
  } finally {
    node.wipePrivateData();
  }
}

function pathInvalid(message: string): AirlockError {
  return new AirlockError('hd-path-invalid', message);
}
