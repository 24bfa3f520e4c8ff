// SECURITY(H-30, the file's integrity as H-25 anchors the audit log): a relay pairing is sealed by the vault. A
// pinned relay key decides which snapshots the vault believes, and snapshots are the chain state every draft, Safe
// review and drill builds on; so whoever holds only the database file must not be able to pin a relay of their own
// (or change the label a holder recognises one by). The vault signs each pairing with its checkpoint key while a
// quorum has it unlocked, and trusts a pin only while its seal verifies under the key stored in the file (compared
// with the seed's at every unlock). A revocation clears the seal: a revoked pin made current again in the file has
// none, so pairing again (with a quorum) is the only way back.
//
// Statement (version 1), in shared/audit/seal.ts's format:
//   Airlock relay pairing v1
//   Vault: <vault id>
//   Relay key: <0x and the 33-byte compressed key, lower-case hex>
//   Label: <label>
//   Paired at: <milliseconds since 1970, decimal>
import type { CheckpointKey } from '../audit/checkpoint';
import { sealStatement, sealVerifies, signSeal } from '../audit/seal';
import { toHex } from '../bytes';

export const PAIRING_SEAL_HEADER = 'Airlock relay pairing v1';

/** What a pairing's seal covers. */
export interface SealedPairing {
  publicKey: Uint8Array;
  label: string;
  pinnedAt: number;
}

export function pairingSealStatement(vaultId: string, pin: SealedPairing): string {
  return sealStatement(PAIRING_SEAL_HEADER, [
    ['Vault', vaultId],
    ['Relay key', toHex(pin.publicKey)],
    ['Label', pin.label],
    ['Paired at', String(pin.pinnedAt)],
  ]);
}

/** Signs the pairing with the vault's checkpoint key (borrowed; the caller disposes it), and checks the result. */
export function sealPairing(vaultId: string, pin: SealedPairing, key: CheckpointKey): Uint8Array {
  return signSeal(pairingSealStatement(vaultId, pin), key, 'this relay pairing');
}

/** Whether `seal` is the vault's signature over exactly this pairing (false for a missing or malformed one). */
export function pairingSealValid(vaultId: string, pin: SealedPairing, seal: Uint8Array | null, publicKey: Uint8Array | null): boolean {
  return sealVerifies(() => pairingSealStatement(vaultId, pin), seal, publicKey);
}
