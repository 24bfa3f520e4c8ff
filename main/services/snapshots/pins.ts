// The relay pins as the vault trusts them: each with whether the vault's seal over its pairing verifies under the
// checkpoint key stored in the file (shared/snapshot/pin-seal.ts). A pin whose seal is missing or fails, and that is
// not revoked, was paired before pairings were sealed or written into the file by someone holding it: nothing signed
// by its key is imported or built on (snapshots here, simulation reports in draft-simulations.ts).
import { pairingSealValid } from '../../../shared/snapshot/pin-seal';
import { relayKeyFingerprint } from '../../../shared/snapshot/signature';
import { toHex } from '../../../shared/bytes';
import { AirlockError } from '../../../shared/errors';
import { readCheckpointKey } from '../../db/audit';
import type { Db } from '../../db/connection';
import { listRelayPins, type RelayPinRecord } from '../../db/snapshots';
import { readVault } from '../../db/vault';

export interface CheckedPin extends RelayPinRecord {
  /** The vault's seal over this pairing verifies (never for a revoked pin: a revocation clears it). */
  sealed: boolean;
}

/** Every pin, revoked ones included, each with its seal checked. */
export function checkedPins(db: Db): CheckedPin[] {
  const vault = readVault(db);
  const key = vault ? readCheckpointKey(db, vault.id) : null;
  return listRelayPins(db).map((pin) => ({ ...pin, sealed: vault !== null && pin.revokedAt === null && sealHolds(vault.id, pin, key) }));
}

/**
 * A seal's check is a pure function of the vault id, the pin's sealed fields, the seal and the key, and a signature
 * check takes milliseconds (a list of drafts checks the pins once per draft): outcomes are remembered by all of them.
 */
const outcomes = new Map<string, boolean>();
const REMEMBERED = 256;

function sealHolds(vaultId: string, pin: RelayPinRecord, key: Uint8Array | null): boolean {
  const id = JSON.stringify([vaultId, toHex(pin.publicKey), pin.label, pin.pinnedAt, pin.seal ? toHex(pin.seal) : null, key ? toHex(key) : null]);
  let holds = outcomes.get(id);
  if (holds === undefined) {
    if (outcomes.size >= REMEMBERED) outcomes.clear();
    holds = pairingSealValid(vaultId, pin, pin.seal, key);
    outcomes.set(id, holds);
  }
  return holds;
}

/** Why a current pin without a valid seal is not trusted, and what the holders do about it. */
export function unsealedPairing(pin: RelayPinRecord, consequence: string): AirlockError {
  return new AirlockError(
    'relay-pairing-unsealed',
    `Relay "${relayKeyFingerprint(pin.publicKey).join(' ')}" is pinned in the vault file, but this vault did not seal its pairing: it was paired before pairings were sealed, or written into the file by someone holding it. ${consequence} If it is your relay, compare its four words on both screens and pair it again while a quorum has the vault unlocked.`,
  );
}
