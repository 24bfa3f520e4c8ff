// Signed checkpoints of the audit log (SECURITY H-25): the vault signs its audit head with a key derived from its
// seed, so whoever holds only the database file can no longer rewrite, reorder or cut the log up to the latest
// checkpoint unseen: recomputing the hash chain is easy, forging the vault's signature is not.
//
// The key: secp256k1 at CHECKPOINT_KEY_PATH = m/1095324236'/1'/0' (purpose 1095324236' = 0x4149524C, ASCII "AIRL",
// Airlock's own, which no account path may use; 1' audit checkpoints; 0' the first such key). Every level hardened,
// so the public key says nothing of the account keys, and no account scheme (BIP-44 m/44'/60'/0'/0/i, Ledger Live
// m/44'/60'/i'/0/0) reaches it.
//
// Statement (version 1), UTF-8, lines joined by "\n", in this order:
//   Airlock audit checkpoint v1
//   Vault: <vault id>
//   Checkpoint: <n>                 1, 2, 3… without gaps
//   Entries: <first> to <last>      the audit entries it adds: first = the previous checkpoint's last + 1
//   Head: <last> 0x<64 hex>         the hash of entry <last>: the audit head it seals
//   Entry hashes: 0x<64 hex>        SHA-256 of the hashes of entries first..last, concatenated in order
//   Previous: 0x<64 hex>            SHA-256 of the previous checkpoint's statement and signature (zeros for checkpoint 1)
// Signature: ECDSA over SHA-256(statement), 64 bytes r ‖ s, low-S, RFC 6979 nonces. SHA-256 and the first line keep it
// apart from all an Ethereum key signs (Keccak-256 of transactions, EIP-191 and EIP-712 messages).
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromHex, toHex, utf8ToBytes } from '../bytes';
import { fingerprintText } from '../airgap/fingerprint';
import { constantTimeEqual, type SecretBytes } from '../crypto/secret';
import { AirlockError } from '../errors';
import { AIRLOCK_PURPOSE, deriveVaultKey } from '../evm/hd';
import { secp } from '../evm/secp';

export const CHECKPOINT_STATEMENT_HEADER = 'Airlock audit checkpoint v1';
/** SECURITY(H-25): the checkpoint key's path; hardened throughout, under a purpose no account may use. */
export const CHECKPOINT_KEY_PATH = `m/${AIRLOCK_PURPOSE}'/1'/0'`;
/** The UR-style type under which the key's four fingerprint words are computed (shared/airgap/fingerprint.ts). */
export const CHECKPOINT_KEY_FINGERPRINT_TYPE = 'airlock-checkpoint-key';
export const HASH_BYTES = 32;
const NO_PREVIOUS = new Uint8Array(HASH_BYTES);

export interface CheckpointRecord {
  /** 1, 2, 3… */
  number: number;
  /** The first and last audit entry (seq) it adds. */
  first: number;
  last: number;
  /** The hashes of entries first..last, 32 bytes each, in order; the last one is the head it seals. */
  entryHashes: Uint8Array;
  /** The link to the previous checkpoint (checkpointLink of it), zeros for the first. */
  previous: Uint8Array;
  /** 64 bytes r ‖ s. */
  signature: Uint8Array;
}

export type UnsignedCheckpoint = Omit<CheckpointRecord, 'signature'>;

export interface CheckpointKey {
  /** 33-byte compressed secp256k1 public key. */
  publicKey: Uint8Array;
  privateKey: SecretBytes;
}

/** Lends the checkpoint key derived from `seed` to `fn`, and wipes its private half afterwards. */
export function withCheckpointKey<T>(seed: Uint8Array, fn: (key: CheckpointKey) => T): T {
  const key = deriveVaultKey(seed, CHECKPOINT_KEY_PATH);
  try {
    return fn(key);
  } finally {
    key.privateKey.dispose();
  }
}

/** The checkpoint public key alone. */
export function checkpointPublicKey(seed: Uint8Array): Uint8Array {
  return withCheckpointKey(seed, (key) => key.publicKey);
}

/** Four words a person compares between the drill report and the screen or CLI. */
export function checkpointKeyWords(publicKey: Uint8Array): string {
  return fingerprintText(CHECKPOINT_KEY_FINGERPRINT_TYPE, publicKey);
}

/** The one parser of a checkpoint key typed or pasted from outside (a drill report): 0x + a compressed point. */
export function parseCheckpointKey(text: string): Uint8Array {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const invalid = () =>
    new AirlockError('checkpoint-key-invalid', 'A checkpoint key is 0x followed by 66 hex digits starting 02 or 03, as the drill report prints it. Copy it again.');
  if (!/^0x0[23][0-9a-fA-F]{64}$/.test(trimmed)) throw invalid();
  const bytes = fromHex(trimmed);
  try {
    secp.Point.fromBytes(bytes);
  } catch {
    throw invalid();
  }
  return bytes;
}

/** The audit head a checkpoint seals: the hash of its last entry. */
export function checkpointHead(checkpoint: Pick<CheckpointRecord, 'entryHashes'>): Uint8Array {
  return checkpoint.entryHashes.subarray(checkpoint.entryHashes.length - HASH_BYTES);
}

/** The hash of entry `seq` as the checkpoint that covers it recorded it. */
export function coveredHash(checkpoint: Pick<CheckpointRecord, 'entryHashes' | 'first'>, seq: number): Uint8Array {
  const at = (seq - checkpoint.first) * HASH_BYTES;
  return checkpoint.entryHashes.subarray(at, at + HASH_BYTES);
}

export function checkpointStatement(vaultId: string, checkpoint: UnsignedCheckpoint): string {
  return [
    CHECKPOINT_STATEMENT_HEADER,
    `Vault: ${vaultId}`,
    `Checkpoint: ${checkpoint.number}`,
    `Entries: ${checkpoint.first} to ${checkpoint.last}`,
    `Head: ${checkpoint.last} ${toHex(checkpointHead(checkpoint))}`,
    `Entry hashes: ${toHex(sha256(checkpoint.entryHashes))}`,
    `Previous: ${toHex(checkpoint.previous)}`,
  ].join('\n');
}

/** What the next checkpoint's "Previous" line carries: this one's statement and signature, hashed. */
export function checkpointLink(vaultId: string, checkpoint: CheckpointRecord | null): Uint8Array {
  if (!checkpoint) return NO_PREVIOUS;
  return sha256(concatBytes(utf8ToBytes(checkpointStatement(vaultId, checkpoint)), checkpoint.signature));
}

/** Signs a checkpoint with the vault's checkpoint key (borrowed; the caller disposes it), and checks the result. */
export function signCheckpoint(vaultId: string, checkpoint: UnsignedCheckpoint, privateKey: SecretBytes, publicKey: Uint8Array): CheckpointRecord {
  if (!wellFormed(checkpoint)) throw new AirlockError('internal', 'A checkpoint was built with entry hashes that do not match its entries; nothing was signed.');
  const digest = sha256(utf8ToBytes(checkpointStatement(vaultId, checkpoint)));
  const signature = privateKey.use((key) => secp.sign(digest, key, { prehash: false, lowS: true }));
  const signed = { ...checkpoint, signature };
  // A faulty signature is never stored: it would look like tampering at the next check.
  if (!checkpointSignatureValid(vaultId, signed, publicKey)) throw new AirlockError('signature-fault', 'The audit checkpoint just signed does not verify; it was discarded.');
  return signed;
}

export function checkpointSignatureValid(vaultId: string, checkpoint: CheckpointRecord, publicKey: Uint8Array): boolean {
  if (!wellFormed(checkpoint) || checkpoint.signature.length !== 64) return false;
  try {
    return secp.verify(checkpoint.signature, sha256(utf8ToBytes(checkpointStatement(vaultId, checkpoint))), publicKey, { prehash: false, lowS: true });
  } catch {
    return false;
  }
}

function wellFormed(checkpoint: UnsignedCheckpoint): boolean {
  const { number, first, last, entryHashes, previous } = checkpoint;
  return (
    Number.isSafeInteger(number) && number >= 1 &&
    Number.isSafeInteger(first) && first >= 1 &&
    Number.isSafeInteger(last) && last >= first &&
    entryHashes.length === (last - first + 1) * HASH_BYTES &&
    previous.length === HASH_BYTES
  );
}

export interface CheckpointProblem {
  code: 'audit-checkpoint-signature-invalid' | 'audit-checkpoint-out-of-order' | 'audit-checkpoint-key-mismatch';
  row: number;
  message: string;
}

export interface CheckpointsVerdict {
  /** How many leading checkpoints are authentic; entries they cover can be compared with the log. */
  trusted: number;
  problem: CheckpointProblem | null;
}

/**
 * Checks the checkpoints in order: numbering, contiguous entries, each "Previous" link, and signatures. With
 * `everySignature` false only the latest signature is checked (it covers every earlier checkpoint through the
 * links, so unlock stays at one verification); on any problem every signature is checked, to name the first bad one.
 */
export function verifyCheckpoints(
  vaultId: string,
  checkpoints: readonly CheckpointRecord[],
  publicKey: Uint8Array,
  options: { everySignature: boolean; keyReplaced: boolean },
): CheckpointsVerdict {
  if (!options.everySignature) {
    const quick = walkCheckpoints(vaultId, checkpoints, publicKey, false, options.keyReplaced);
    if (!quick.problem) return quick;
  }
  return walkCheckpoints(vaultId, checkpoints, publicKey, true, options.keyReplaced);
}

function walkCheckpoints(vaultId: string, checkpoints: readonly CheckpointRecord[], publicKey: Uint8Array, every: boolean, keyReplaced: boolean): CheckpointsVerdict {
  let previous: CheckpointRecord | null = null;
  for (const [index, checkpoint] of checkpoints.entries()) {
    const expectedFirst = previous ? previous.last + 1 : 1;
    const fail = (code: CheckpointProblem['code'], message: string): CheckpointsVerdict => ({ trusted: index, problem: { code, row: expectedFirst, message } });
    if (checkpoint.number !== index + 1 || checkpoint.first !== expectedFirst || !wellFormed(checkpoint)) {
      return fail(
        'audit-checkpoint-out-of-order',
        `Signed checkpoint ${index + 1} is missing or out of order (the next one stored is number ${checkpoint.number}, for entries ${checkpoint.first} to ${checkpoint.last}): checkpoints were deleted or moved.`,
      );
    }
    const lastOne = index === checkpoints.length - 1;
    if ((every || lastOne) && !checkpointSignatureValid(vaultId, checkpoint, publicKey)) {
      return keyReplaced
        ? fail(
            'audit-checkpoint-key-mismatch',
            `Signed checkpoint ${checkpoint.number} (entries ${checkpoint.first} to ${checkpoint.last}) was not signed by the checkpoint key you gave: the key stored in this file was replaced and history re-signed with it.`,
          )
        : fail(
            'audit-checkpoint-signature-invalid',
            `Signed checkpoint ${checkpoint.number} (entries ${checkpoint.first} to ${checkpoint.last}) does not carry a valid signature of this vault's checkpoint key: it was forged or altered.`,
          );
    }
    if (!constantTimeEqual(checkpoint.previous, checkpointLink(vaultId, previous))) {
      return fail(
        'audit-checkpoint-out-of-order',
        `Signed checkpoint ${checkpoint.number} does not follow checkpoint ${index} as it was when ${checkpoint.number} was signed: one of them was altered or replaced.`,
      );
    }
    previous = checkpoint;
  }
  return { trusted: checkpoints.length, problem: null };
}
