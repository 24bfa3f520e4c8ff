// SECURITY (the file's integrity, as H-25 anchors the audit log and H-30 re-verifies snapshots): a registered multisig
// wallet is sealed by the vault. The wallet decides what the review calls "verified change" and what a runbook's
// fallback sweep must pay, so whoever holds only the database file must not be able to add one or swap its
// cosigners' keys for their own. At import (quorum unlocked) the vault signs the
// wallet with its checkpoint key (shared/audit/checkpoint.ts: derived from the seed, its public key stored in the
// file and compared with the seed's at every unlock); a wallet is used only while its seal verifies.
//
// Statement (version 1), UTF-8, lines joined by "\n", in this order:
//   Airlock Bitcoin wallet v1
//   Vault: <vault id>
//   Name: <name as registered>
//   Network: <mainnet | testnet>
//   Descriptor: <canonical descriptor text with its checksum>
// Signature: ECDSA over SHA-256(statement), 64 bytes r ‖ s, low-S, RFC 6979 nonces. The first line keeps it apart
// from a checkpoint statement ("Airlock audit checkpoint v1"), the only other thing this key signs.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '../bytes';
import type { CheckpointKey } from '../audit/checkpoint';
import { AirlockError } from '../errors';
import { secp } from '../evm/secp';

export const WALLET_SEAL_HEADER = 'Airlock Bitcoin wallet v1';

/** What the seal covers: everything of a registered wallet that the review or a runbook reads. */
export interface SealedWallet {
  name: string;
  network: string;
  descriptor: string;
}

export function walletSealStatement(vaultId: string, wallet: SealedWallet): string {
  for (const value of [vaultId, wallet.name, wallet.network, wallet.descriptor]) {
    // One line each: a value with a line break could shift the lines after it.
    if (/[\r\n]/.test(value)) throw new AirlockError('internal', 'A wallet field to seal contains a line break; nothing was sealed.');
  }
  return [WALLET_SEAL_HEADER, `Vault: ${vaultId}`, `Name: ${wallet.name}`, `Network: ${wallet.network}`, `Descriptor: ${wallet.descriptor}`].join('\n');
}

/** Signs the wallet with the vault's checkpoint key (borrowed; the caller disposes it), and checks the result. */
export function sealWallet(vaultId: string, wallet: SealedWallet, key: CheckpointKey): Uint8Array {
  const digest = sha256(utf8ToBytes(walletSealStatement(vaultId, wallet)));
  const seal = key.privateKey.use((privateKey) => secp.sign(digest, privateKey, { prehash: false, lowS: true }));
  if (!walletSealValid(vaultId, wallet, seal, key.publicKey)) throw new AirlockError('signature-fault', 'The seal just made for this wallet does not verify; nothing was registered.');
  return seal;
}

/** Whether `seal` is the vault's signature over exactly this wallet (false for a missing or malformed one). */
export function walletSealValid(vaultId: string, wallet: SealedWallet, seal: Uint8Array | null, publicKey: Uint8Array | null): boolean {
  if (!seal || seal.length !== 64 || !publicKey) return false;
  try {
    return secp.verify(seal, sha256(utf8ToBytes(walletSealStatement(vaultId, wallet))), publicKey, { prehash: false, lowS: true });
  } catch {
    return false;
  }
}
