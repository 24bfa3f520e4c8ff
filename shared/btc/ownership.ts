// Which inputs and outputs of a PSBT are the vault's own. A coordinator says so with BIP-32 derivations (the
// master fingerprint and path of each key); the vault believes it only when the key it derives itself at that
// path, inside a registered account or wallet, gives exactly the script of the input or output.
import { equalBytes } from '@scure/btc-signer/utils.js';
import { createScriptDeriver, type Descriptor, type ScriptDeriver } from './descriptor';
import { pathText } from './keys';

/** A wallet the vault knows: one of its accounts as a descriptor, or a registered multisig. */
export interface Wallet {
  name: string;
  descriptor: Descriptor;
  scripts: ScriptDeriver;
  /** A multisig wallet registered with the vault: the stored text and the vault's seal it was read with (wallet-seal.ts). */
  registration?: { vaultId: string; network: string; descriptor: string; seal: Uint8Array };
}

export interface Ownership {
  masterFingerprint: number;
  wallets: readonly Wallet[];
}

export function walletOf(name: string, descriptor: Descriptor): Wallet {
  return { name, descriptor, scripts: createScriptDeriver(descriptor) };
}

/** One key a PSBT field names: 33-byte key (or 32-byte x-only for taproot), its master's fingerprint and path. */
export interface Derivation {
  publicKey: Uint8Array;
  fingerprint: number;
  path: readonly number[];
}

export type Claim =
  /** No derivation names this vault's master key. */
  | { kind: 'none' }
  /** Verified: the vault's own key at that path makes exactly this script. */
  | { kind: 'ours'; wallet: Wallet; key: number; branch: number; index: number; path: string }
  /** It names a path of a registered account or wallet, but the key or the script there is another. */
  | { kind: 'not-ours'; path: string; why: string }
  /** It names this vault's master key on a path no registered account or wallet has. */
  | { kind: 'unverified'; path: string };

interface FieldWithDerivations {
  bip32Derivation?: ReadonlyArray<readonly [Uint8Array, { fingerprint: number; path: readonly number[] }]>;
  tapBip32Derivation?: ReadonlyArray<readonly [Uint8Array, { der: { fingerprint: number; path: readonly number[] } }]>;
}

export function derivationsOf(field: FieldWithDerivations): Derivation[] {
  return [
    ...(field.bip32Derivation ?? []).map(([publicKey, d]) => ({ publicKey, fingerprint: d.fingerprint, path: d.path })),
    ...(field.tapBip32Derivation ?? []).map(([publicKey, d]) => ({ publicKey, fingerprint: d.der.fingerprint, path: d.der.path })),
  ];
}

function startsWith(path: readonly number[], prefix: readonly number[]): boolean {
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false;
  return true;
}

/** Resolves the vault's claims on one script: ours when any claim checks out, not-ours when one lies. */
export function resolveClaim(script: Uint8Array, derivations: readonly Derivation[], own: Ownership): Claim {
  const mine = derivations.filter((d) => d.fingerprint === own.masterFingerprint);
  let lie: Claim | null = null;
  let unverified: Claim | null = null;
  for (const d of mine) {
    const claim = checkDerivation(script, d, own);
    if (claim.kind === 'ours') return claim;
    if (claim.kind === 'not-ours') lie ??= claim;
    if (claim.kind === 'unverified') unverified ??= claim;
  }
  return lie ?? unverified ?? { kind: 'none' };
}

function checkDerivation(script: Uint8Array, d: Derivation, own: Ownership): Claim {
  const path = pathText(d.path);
  let lie: Claim | null = null;
  for (const { wallet, key } of keysNamed(d, own)) {
    const claim = checkAtKey(script, d, wallet, key, path);
    if (claim.kind === 'ours') return claim;
    lie ??= claim;
  }
  return lie ?? { kind: 'unverified', path };
}

/** The registered keys a derivation names: this vault's, with an origin that its path extends by branch and index. */
function keysNamed(d: Derivation, own: Ownership): Array<{ wallet: Wallet; key: number }> {
  const named: Array<{ wallet: Wallet; key: number }> = [];
  for (const wallet of own.wallets) {
    for (const [k, key] of wallet.descriptor.keys.entries()) {
      if (key.fingerprint === own.masterFingerprint && d.path.length === key.origin.length + 2 && startsWith(d.path, key.origin)) named.push({ wallet, key: k });
    }
  }
  return named;
}

/**
 * Derives, wallet by wallet in one pass, every address that the fields' derivations name under this vault's
 * fingerprint, so the checks of resolveClaim that follow (unchanged, field by field) find the keys ready.
 */
export function prepareClaims(fields: readonly FieldWithDerivations[], own: Ownership): void {
  const wanted = new Map<Wallet, Array<{ branch: number; index: number }>>();
  for (const field of fields) {
    for (const d of derivationsOf(field)) {
      if (d.fingerprint !== own.masterFingerprint) continue;
      for (const { wallet, key } of keysNamed(d, own)) {
        const [branch, index] = d.path.slice(wallet.descriptor.keys[key]!.origin.length) as [number, number];
        const addresses = wanted.get(wallet) ?? [];
        addresses.push({ branch, index });
        wanted.set(wallet, addresses);
      }
    }
  }
  for (const [wallet, addresses] of wanted) wallet.scripts.prepare(addresses);
}

function checkAtKey(script: Uint8Array, d: Derivation, wallet: Wallet, k: number, path: string): Claim {
  const [branch, index] = d.path.slice(wallet.descriptor.keys[k]!.origin.length) as [number, number];
  if (branch > 1 || index >= 0x80000000) return { kind: 'not-ours', path, why: `${path} is not on the receive or change branch of ${wallet.name}` };
  const derived = wallet.scripts.publicKey(k, branch, index);
  const expected = d.publicKey.length === 32 ? derived.subarray(1) : derived;
  if (!equalBytes(expected, d.publicKey)) return { kind: 'not-ours', path, why: `the key it names at ${path} is not the vault's key there` };
  if (!equalBytes(wallet.scripts.at(branch, index).script, script)) return { kind: 'not-ours', path, why: `its script is not what ${wallet.name} pays to at ${path}` };
  return { kind: 'ours', wallet, key: k, branch, index, path };
}
