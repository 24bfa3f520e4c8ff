// What ties an encrypted share to its place: the AEAD associated data (vault, holder, position)
// and the commitment that lets a holder's paper share be checked without rebuilding the secret.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '../bytes';

export interface SharePlace {
  vaultId: string;
  holderName: string;
  groupIndex: number;
  memberIndex: number;
}

export function shareAssociatedData(place: SharePlace): Uint8Array {
  return utf8ToBytes(JSON.stringify(['airlock-share-v1', place.vaultId, place.holderName, place.groupIndex, place.memberIndex]));
}

/** Words normalized as a holder might type them: case and spacing do not matter. */
export function normalizeMnemonic(words: string): string {
  return words.trim().toLowerCase().split(/\s+/).join(' ');
}

/**
 * sha256 over a domain tag, the vault id and the normalized share words. A share carries at least
 * 128 bits of randomness, so its commitment reveals nothing useful and cannot be brute-forced.
 */
export function shareCommitment(vaultId: string, mnemonic: string): Uint8Array {
  return sha256(utf8ToBytes(JSON.stringify(['airlock-share-commitment-v1', vaultId, normalizeMnemonic(mnemonic)])));
}
