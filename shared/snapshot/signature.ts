// The relay's signature on a snapshot, and the vault's verification of one against its pinned relay key.
//
// Digest (version 1): SHA-256( "airlock/snapshot-signature/v1" || 0x00 || chainId as 32-byte big-endian
//   || blockHash (32 bytes) || merkleRoot (32 bytes) ). The tag keeps this signature from meaning anything
//   to an Ethereum wallet or another Airlock message. ECDSA secp256k1 over that digest (prehash off,
//   RFC 6979, low-s), 64-byte compact; the relay key is the 33-byte compressed public key.
import { RELAY_KEY_UR_TYPE } from '../airgap/airlock-types';
import { sha256 } from '@noble/hashes/sha2.js';
import { bigIntToBytes, concatBytes, fromHex, toHex, utf8ToBytes } from '../bytes';
import { AirlockError } from '../errors';
import { secp } from '../evm/secp';
import { fingerprintWords } from '../airgap/fingerprint';
import { snapshotRoot } from './merkle';
import { parseSignedSnapshot, snapshotBodySchema, type SignedSnapshot, type SnapshotBody } from './schema';

export const SNAPSHOT_SIGNATURE_TAG = 'airlock/snapshot-signature/v1';
/** The UR-style type the relay key's fingerprint words are computed under (shared/airgap/fingerprint.ts). */
/** The relay key's UR type doubles as its fingerprint type: the words under its QR are the pairing words. */
export const RELAY_KEY_FINGERPRINT_TYPE = RELAY_KEY_UR_TYPE;

export function snapshotDigest(chainId: bigint, blockHash: Uint8Array, merkleRoot: Uint8Array): Uint8Array {
  if (chainId < 0n || chainId >= 1n << 256n) throw new RangeError(`expected a chain id below 2^256, got ${chainId}`);
  if (blockHash.length !== 32 || merkleRoot.length !== 32) throw new TypeError('expected a 32-byte block hash and Merkle root');
  const id = bigIntToBytes(chainId, 32);
  return sha256(concatBytes(utf8ToBytes(SNAPSHOT_SIGNATURE_TAG), Uint8Array.of(0), id, blockHash, merkleRoot));
}

export function relayPublicKey(secretKey: Uint8Array): Uint8Array {
  return secp.getPublicKey(secretKey, true);
}

/** The four words both screens show before the vault pins a relay key. */
export function relayKeyFingerprint(publicKey: Uint8Array): string[] {
  return fingerprintWords(RELAY_KEY_FINGERPRINT_TYPE, publicKey);
}

/** Computes the root of `body` and signs it with the relay's device key. */
export function signSnapshot(body: SnapshotBody, secretKey: Uint8Array): SignedSnapshot {
  const checked = snapshotBodySchema.parse(body);
  const root = snapshotRoot(checked);
  const digest = snapshotDigest(BigInt(checked.chainId), fromHex(checked.blockHash), root);
  const signature = secp.sign(digest, secretKey, { prehash: false, lowS: true });
  return { ...checked, merkleRoot: toHex(root), signature: toHex(signature), relayKey: toHex(relayPublicKey(secretKey)) };
}

export interface VerifyOptions {
  /** When given, the snapshot must be for this chain. */
  chainId?: bigint;
}

/**
 * Parses and checks a snapshot from outside: the relay key is the pinned one, the root is recomputed
 * from the entries, the signature covers chain, block hash and root. Throws a typed AirlockError.
 */
export function verifySnapshot(value: unknown, pinnedRelayKey: Uint8Array, options: VerifyOptions = {}): SignedSnapshot {
  const snapshot = parseSignedSnapshot(value);
  const relayKey = fromHex(snapshot.relayKey);
  if (!equalBytes(relayKey, pinnedRelayKey)) {
    throw new AirlockError(
      'snapshot-relay-unpaired',
      `This snapshot was signed by relay key "${relayKeyFingerprint(relayKey).join(' ')}", not the relay this vault is paired with ("${relayKeyFingerprint(pinnedRelayKey).join(' ')}"). Take the snapshot on the paired relay, or pair this one first.`,
    );
  }
  const { merkleRoot, signature, relayKey: _key, ...body } = snapshot;
  const root = snapshotRoot(body);
  if (toHex(root) !== merkleRoot) {
    throw new AirlockError('snapshot-root-mismatch', 'The snapshot\'s contents do not match its Merkle root: it was changed after the relay signed it. Take a new snapshot.');
  }
  const digest = snapshotDigest(BigInt(snapshot.chainId), fromHex(snapshot.blockHash), root);
  let valid = false;
  try {
    valid = secp.verify(fromHex(signature), digest, relayKey, { prehash: false, lowS: true });
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new AirlockError('snapshot-signature-invalid', 'The relay\'s signature on this snapshot is not valid: it was changed or damaged in transfer. Take a new snapshot.');
  }
  if (options.chainId !== undefined && BigInt(snapshot.chainId) !== options.chainId) {
    throw new AirlockError('snapshot-chain-mismatch', `This snapshot is for chain ${snapshot.chainId}, but chain ${options.chainId} was expected. Take the snapshot with an endpoint of the right chain.`);
  }
  return snapshot;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
