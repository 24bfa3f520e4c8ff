// The relay's device key: made once on first use and kept in the relay's database. It is the relay's
// identity (like an SSH host key), which the vault pins after both screens show the same words.
import { toHex } from '../../../shared/bytes';
import { secp } from '../../../shared/evm/secp';
import { relayKeyFingerprint, relayPublicKey } from '../../../shared/snapshot/signature';
import type { Db } from '../../db/connection';
import { insertRelayIdentity, readRelayIdentity, type RelayIdentityRecord } from '../../db/relay';
import type { Clock, Random } from '../deps';

export function relayIdentity(db: Db, deps: { clock: Clock; random: Random }): RelayIdentityRecord {
  return db.transaction(() => {
    const existing = readRelayIdentity(db);
    if (existing) return existing;
    let secretKey = deps.random.bytes(32);
    while (!secp.utils.isValidSecretKey(secretKey)) secretKey = deps.random.bytes(32);
    const identity = { secretKey, publicKey: relayPublicKey(secretKey), createdAt: deps.clock.now() };
    insertRelayIdentity(db, identity);
    return identity;
  }).immediate();
}

/** What the relay shows for pairing: its public key and the four fingerprint words. */
export function relayKeyView(identity: RelayIdentityRecord): { relayKey: string; fingerprint: string } {
  return { relayKey: toHex(identity.publicKey), fingerprint: relayKeyFingerprint(identity.publicKey).join(' ') };
}
