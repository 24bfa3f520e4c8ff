// The vault's seals: its checkpoint key's signature (shared/audit/checkpoint.ts) over a short statement of something
// it registered, so whoever holds only the database file cannot add or change that thing. Sealed today: Bitcoin
// accounts and multisig wallets (shared/btc/wallet-seal.ts) and relay pairings (shared/snapshot/pin-seal.ts). Each
// statement's first line names what it is and its version, which keeps each apart from the others and from a
// checkpoint statement ("Airlock audit checkpoint v1"), the only other thing this key signs.
//
// Statement: UTF-8, "<header>" then one "<Name>: <value>" line per field, joined by "\n"; a value with a line break
// is refused (it could shift the lines after it). Signature: ECDSA over SHA-256(statement), 64 bytes r ‖ s, low-S,
// RFC 6979 nonces.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '../bytes';
import type { CheckpointKey } from './checkpoint';
import { AirlockError } from '../errors';
import { secp } from '../evm/secp';

export const SEAL_BYTES = 64;

export function sealStatement(header: string, fields: ReadonlyArray<readonly [string, string]>): string {
  for (const [name, value] of fields) {
    if (/[\r\n]/.test(value)) throw new AirlockError('internal', `The ${name.toLowerCase()} to seal contains a line break; nothing was sealed.`);
  }
  return [header, ...fields.map(([name, value]) => `${name}: ${value}`)].join('\n');
}

/** Signs the statement with the vault's checkpoint key (borrowed; the caller disposes it), and checks the result. */
export function signSeal(statement: string, key: CheckpointKey, what: string): Uint8Array {
  const digest = sha256(utf8ToBytes(statement));
  const seal = key.privateKey.use((privateKey) => secp.sign(digest, privateKey, { prehash: false, lowS: true }));
  if (!verifies(statement, seal, key.publicKey)) throw new AirlockError('signature-fault', `The seal just made for ${what} does not verify; nothing was sealed or stored.`);
  return seal;
}

/** Whether `seal` is the vault's signature over the statement (false for a missing or malformed seal or key). */
export function sealVerifies(statement: () => string, seal: Uint8Array | null, publicKey: Uint8Array | null): boolean {
  if (!seal || seal.length !== SEAL_BYTES || !publicKey) return false;
  try {
    return verifies(statement(), seal, publicKey);
  } catch {
    return false;
  }
}

function verifies(statement: string, seal: Uint8Array, publicKey: Uint8Array): boolean {
  return secp.verify(seal, sha256(utf8ToBytes(statement)), publicKey, { prehash: false, lowS: true });
}
