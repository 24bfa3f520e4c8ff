// Safe (Gnosis Safe) multisig transactions: the SafeTx hash for every Safe version, owner signatures
// (ECDSA, eth_sign, pre-validated), execTransaction calldata and owner-management calls.
import { bytesToBigInt, concatBytes } from '../bytes';
import { Signature, recoverPublicKey, signAsync } from '@noble/secp256k1';
import type { SecretBytes } from '../crypto/secret';
import { AirlockError } from '../errors';
import { encodeFunctionCall, uintWord } from './abi';
import { addressBytes, addressFromPublicKey, toChecksumAddress, type Address } from './address';
import { hashDomain, hashPersonalMessage, hashStruct, typedDataDigest, type TypedDataTypes } from './eip712';
import { secp } from './secp';

/** 0 = CALL, 1 = DELEGATECALL (runs the target's code with the Safe's storage: the Bybit vector). */
export type SafeOperation = 0 | 1;

export interface SafeTx {
  to: Address;
  value: bigint;
  data: Uint8Array;
  operation: SafeOperation;
  safeTxGas: bigint;
  /** Called `dataGas` before Safe 1.0.0; same position, same meaning. */
  baseGas: bigint;
  gasPrice: bigint;
  gasToken: Address;
  refundReceiver: Address;
  nonce: bigint;
}

/** What a Safe transaction hash depends on besides the transaction: the chain, the Safe and its version. */
export interface SafeTxRequest {
  chainId: bigint;
  safe: Address;
  version: SafeVersion | string;
  tx: SafeTx;
}

export interface SafeTxHashes {
  /** EIP-712 domain separator (Ledger shows it as "Domain hash"). */
  domainHash: Uint8Array;
  /** hashStruct(SafeTx) (Ledger's "Message hash"). */
  messageHash: Uint8Array;
  /** keccak256(0x1901 ‖ domainHash ‖ messageHash): what owners sign and getTransactionHash returns. */
  safeTxHash: Uint8Array;
}

export const ZERO_ADDRESS = toChecksumAddress(new Uint8Array(20));
/** Head and tail of the Safe's owners linked list: the prevOwner of the first owner. */
export const SENTINEL_OWNERS = toChecksumAddress(Uint8Array.of(...new Array(19).fill(0), 1));

// Releases of the Safe singleton. Hashing rules changed at 1.0.0 (dataGas → baseGas) and 1.3.0 (chainId in the domain).
const KNOWN_VERSIONS = ['0.1.0', '1.0.0', '1.1.0', '1.1.1', '1.2.0', '1.3.0', '1.4.0', '1.4.1', '1.5.0'] as const;

export interface SafeVersion {
  /** e.g. "1.3.0" (an "+L2" suffix is dropped: L2 singletons hash exactly as their L1 twins). */
  readonly release: (typeof KNOWN_VERSIONS)[number];
  /** ≤ 1.2.0: EIP712Domain(address verifyingContract), no chain id. */
  readonly legacyDomain: boolean;
  /** < 1.0.0: SafeTx names its sixth field dataGas. */
  readonly dataGas: boolean;
}

/** Reads "1.4.1", "v1.3.0", "1.3.0+L2". Only released versions are accepted: a guessed version gives a wrong hash. */
export function parseSafeVersion(text: string): SafeVersion {
  const match = /^v?(\d+\.\d+\.\d+)(\+L2)?$/i.exec(typeof text === 'string' ? text.trim() : '');
  const release = KNOWN_VERSIONS.find((v) => v === match?.[1]);
  if (!release) {
    throw new AirlockError(
      'safe-version-unsupported',
      `"${String(text).slice(0, 20)}" is not a Safe version Airlock knows (${KNOWN_VERSIONS.join(', ')}). ` +
        'Read the version from the Safe itself (its VERSION() function or the Safe app) rather than guessing: the hash depends on it.',
    );
  }
  const [major, minor] = release.split('.').map(Number) as [number, number];
  return { release, legacyDomain: major < 1 || (major === 1 && minor <= 2), dataGas: major < 1 };
}

function safeTxTypes(version: SafeVersion): TypedDataTypes {
  const sixth = version.dataGas ? 'dataGas' : 'baseGas';
  return {
    SafeTx: [
      { name: 'to', type: 'address' },
      { name: 'value', type: 'uint256' },
      { name: 'data', type: 'bytes' },
      { name: 'operation', type: 'uint8' },
      { name: 'safeTxGas', type: 'uint256' },
      { name: sixth, type: 'uint256' },
      { name: 'gasPrice', type: 'uint256' },
      { name: 'gasToken', type: 'address' },
      { name: 'refundReceiver', type: 'address' },
      { name: 'nonce', type: 'uint256' },
    ],
  };
}

/** The Safe's EIP-712 domain separator: with chainId from 1.3.0 on, verifyingContract only before. */
export function safeDomainHash(chainId: bigint, safe: Address, version: SafeVersion | string): Uint8Array {
  const v = typeof version === 'string' ? parseSafeVersion(version) : version;
  if (v.legacyDomain) {
    return hashDomain({ verifyingContract: safe }, { EIP712Domain: [{ name: 'verifyingContract', type: 'address' }] });
  }
  return hashDomain(
    { chainId, verifyingContract: safe },
    { EIP712Domain: [{ name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }] },
  );
}

/** hashStruct(SafeTx) under the version's type string. */
export function safeTxMessageHash(tx: SafeTx, version: SafeVersion | string): Uint8Array {
  const v = typeof version === 'string' ? parseSafeVersion(version) : version;
  if (tx.operation !== 0 && tx.operation !== 1) {
    throw new AirlockError('safe-tx-invalid', `The operation must be 0 (call) or 1 (delegatecall); it is ${String(tx.operation)}.`);
  }
  const { baseGas, ...rest } = tx;
  return hashStruct(safeTxTypes(v), 'SafeTx', { ...rest, [v.dataGas ? 'dataGas' : 'baseGas']: baseGas });
}

/** Domain hash, message hash and safeTxHash, exactly as safe-tx-hashes-util and a Ledger show them. */
export function safeTxHashes(request: SafeTxRequest): SafeTxHashes {
  const version = typeof request.version === 'string' ? parseSafeVersion(request.version) : request.version;
  const domainHash = safeDomainHash(request.chainId, request.safe, version);
  const messageHash = safeTxMessageHash(request.tx, version);
  return { domainHash, messageHash, safeTxHash: typedDataDigest(domainHash, messageHash) };
}

// ---------------------------------------------------------------------------------------------------------------
// Owner signatures

/**
 * One owner's approval of a safeTxHash, in the forms checkSignatures accepts from an externally owned owner:
 * - `ecdsa`: EIP-712 signature over the safeTxHash, v = 27|28;
 * - `eth-sign`: signature over the EIP-191 hash of the safeTxHash, v = 31|32 (v + 4);
 * - `approved-hash`: pre-validated, r = owner, s = 0, v = 1: the owner sends the transaction or called approveHash.
 */
export type SafeSignature =
  | { kind: 'ecdsa' | 'eth-sign'; owner: Address; r: bigint; s: bigint; v: 27 | 28 | 31 | 32 }
  | { kind: 'approved-hash'; owner: Address };

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Signs a safeTxHash with an owner key (RFC 6979, low-s, no prehash). The key is not kept or zeroed here: its owner does that. */
export async function signSafeTxHash(safeTxHash: Uint8Array, secretKey: Uint8Array): Promise<SafeSignature> {
  assertHash(safeTxHash);
  const bytes = await signAsync(safeTxHash, secretKey, { prehash: false, lowS: true, format: 'recovered' });
  return decodeSafeSignature(safeTxHash, concatBytes(bytes.subarray(1, 65), Uint8Array.of(27 + bytes[0]!)));
}

/**
 * The vault's owner signature over a safeTxHash, synchronously and with a borrowed key (the caller disposes
 * it): RFC 6979, low-s, no prehash, v = 27|28. The signature is recovered again and must name `owner`, so a
 * faulty computation or the wrong key never leaves the vault as a signature.
 */
export function signSafeTxHashWith(safeTxHash: Uint8Array, privateKey: SecretBytes, owner: Address): SafeSignature {
  assertHash(safeTxHash);
  const bytes = privateKey.use((key) => secp.sign(safeTxHash, key, { prehash: false, lowS: true, format: 'recovered', extraEntropy: false }));
  const signature = decodeSafeSignature(safeTxHash, concatBytes(bytes.subarray(1, 65), Uint8Array.of(27 + bytes[0]!)));
  if (signature.owner !== owner) {
    throw new AirlockError('signature-fault', `The key at this account's path signs as ${signature.owner}, not ${owner}; nothing was signed. The vault's accounts do not match its seed.`);
  }
  return signature;
}

/** The 65 bytes r ‖ s ‖ v the Safe contract reads. */
export function safeSignatureBytes(signature: SafeSignature): Uint8Array {
  if (signature.kind === 'approved-hash') {
    return concatBytes(word(addressBytes(signature.owner)), new Uint8Array(32), Uint8Array.of(1));
  }
  return concatBytes(uintWord(signature.r), uintWord(signature.s), Uint8Array.of(signature.v));
}

/** Reads one 65-byte owner signature for a safeTxHash and recovers its owner. Contract signatures (v = 0) are refused. */
export function decodeSafeSignature(safeTxHash: Uint8Array, bytes: Uint8Array): SafeSignature {
  assertHash(safeTxHash);
  if (!(bytes instanceof Uint8Array) || bytes.length !== 65) {
    throw signatureInvalid(`A Safe owner signature is 65 bytes (r, s, v); this one is ${bytes instanceof Uint8Array ? bytes.length : 0}.`);
  }
  const r = readWord(bytes, 0);
  const s = readWord(bytes, 32);
  const v = bytes[64]!;
  if (v === 1) {
    if (s !== 0n || r >> 160n !== 0n) throw signatureInvalid('A pre-validated Safe signature (v = 1) must hold the owner address in r and zero in s.');
    return { kind: 'approved-hash', owner: toChecksumAddress(bytes.subarray(12, 32)) };
  }
  if (v === 0) {
    throw signatureInvalid('This is a contract (EIP-1271) owner signature (v = 0), which Airlock cannot check offline; have that owner approve the hash on chain instead.');
  }
  if (v !== 27 && v !== 28 && v !== 31 && v !== 32) {
    throw signatureInvalid(`The signature's v byte is ${v}; a Safe owner signature has v = 27 or 28 (or 31/32 for eth_sign, 1 for pre-validated).`);
  }
  const ethSign = v > 30;
  const digest = ethSign ? hashPersonalMessage(safeTxHash) : safeTxHash;
  if (r === 0n || s === 0n || r >= SECP256K1_N || s >= SECP256K1_N) throw signatureInvalid('The signature values r and s are out of range, so no owner can be recovered.');
  let owner: Address;
  try {
    const recovered = new Signature(r, s, (ethSign ? v - 31 : v - 27)).toBytes('recovered');
    owner = addressFromPublicKey(recoverPublicKey(recovered, digest, { prehash: false }));
  } catch {
    throw signatureInvalid('No public key can be recovered from this signature over the Safe transaction hash.');
  }
  return { kind: ethSign ? 'eth-sign' : 'ecdsa', owner, r, s, v: v as 27 | 28 | 31 | 32 };
}

/** Splits concatenated 65-byte signatures (as execTransaction takes them) and recovers each owner. */
export function decodeSafeSignatures(safeTxHash: Uint8Array, bytes: Uint8Array): SafeSignature[] {
  if (bytes.length === 0 || bytes.length % 65 !== 0) {
    throw signatureInvalid(`Safe signatures come in 65-byte pieces; ${bytes.length} bytes is not a whole number of them.`);
  }
  const out: SafeSignature[] = [];
  for (let at = 0; at < bytes.length; at += 65) out.push(decodeSafeSignature(safeTxHash, bytes.subarray(at, at + 65)));
  return out;
}

export interface SignatureSet {
  safeTxHash: Uint8Array;
  /** The Safe's current owners (getOwners()). */
  owners: readonly Address[];
  threshold: number;
  signatures: readonly SafeSignature[];
}

/**
 * The `signatures` argument of execTransaction: each signature re-checked to recover to a current owner,
 * no owner twice, at least `threshold` of them, sorted ascending by owner address as checkSignatures requires.
 */
export function encodeSignatures(set: SignatureSet): Uint8Array {
  assertHash(set.safeTxHash);
  const owners = new Set(set.owners.map((o) => o.toLowerCase()));
  const byOwner = new Map<string, SafeSignature>();
  for (const claimed of set.signatures) {
    // Recover again from r, s, v: the owner field of an object that crossed a QR code proves nothing.
    const signature = claimed.kind === 'approved-hash' ? claimed : decodeSafeSignature(set.safeTxHash, safeSignatureBytes(claimed));
    if (signature.owner !== claimed.owner) {
      throw new AirlockError(
        'safe-signature-not-owner',
        `A signature said to be from ${claimed.owner} was made by ${signature.owner}, possibly over a different transaction. Ask that owner to sign this safeTxHash again.`,
      );
    }
    const key = signature.owner.toLowerCase();
    if (!owners.has(key)) {
      throw new AirlockError(
        'safe-signature-not-owner',
        `The signature from ${signature.owner} is not from a current owner of this Safe, or it signs a different transaction. Check the owner list and the safeTxHash on the signer's screen.`,
      );
    }
    if (byOwner.has(key)) {
      throw new AirlockError('safe-signature-duplicate', `${signature.owner} signed twice; each owner counts once. Remove one of the two signatures.`);
    }
    byOwner.set(key, signature);
  }
  if (!Number.isInteger(set.threshold) || set.threshold < 1) throw thresholdInvalid(set.threshold, set.owners.length);
  if (byOwner.size < set.threshold) {
    throw new AirlockError(
      'safe-threshold-not-reached',
      `This Safe needs ${set.threshold} owner signature${set.threshold > 1 ? 's' : ''} and ${byOwner.size} valid one${byOwner.size === 1 ? ' is' : 's are'} present; collect ${set.threshold - byOwner.size} more before executing.`,
    );
  }
  const sorted = [...byOwner.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
  return concatBytes(...sorted.map(safeSignatureBytes));
}

// ---------------------------------------------------------------------------------------------------------------
// Calls

const EXEC_TRANSACTION = 'execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)';

/** execTransaction calldata for the Safe, with signatures from encodeSignatures. */
export function encodeExecTransaction(tx: SafeTx, signatures: Uint8Array): Uint8Array {
  return encodeFunctionCall(EXEC_TRANSACTION, [
    tx.to,
    tx.value,
    tx.data,
    BigInt(tx.operation),
    tx.safeTxGas,
    tx.baseGas,
    tx.gasPrice,
    tx.gasToken,
    tx.refundReceiver,
    signatures,
  ]);
}

/** The owner before `owner` in the Safe's linked list, given owners in getOwners() order; SENTINEL for the first. */
export function prevOwner(owners: readonly Address[], owner: Address): Address {
  const at = indexOfOwner(owners, owner);
  if (at < 0) throw new AirlockError('safe-owner-not-found', `${owner} is not an owner of this Safe; check the owner list from the latest snapshot.`);
  return at === 0 ? SENTINEL_OWNERS : owners[at - 1]!;
}

/** addOwnerWithThreshold(owner, threshold) calldata; the SafeTx sends it to the Safe itself. */
export function encodeAddOwnerWithThreshold(owners: readonly Address[], owner: Address, threshold: number): Uint8Array {
  assertNewOwner(owners, owner);
  assertThreshold(threshold, owners.length + 1);
  return encodeFunctionCall('addOwnerWithThreshold(address,uint256)', [owner, BigInt(threshold)]);
}

/** removeOwner(prevOwner, owner, threshold) calldata with prevOwner read from the owners' order. */
export function encodeRemoveOwner(owners: readonly Address[], owner: Address, threshold: number): Uint8Array {
  const prev = prevOwner(owners, owner);
  assertThreshold(threshold, owners.length - 1);
  return encodeFunctionCall('removeOwner(address,address,uint256)', [prev, owner, BigInt(threshold)]);
}

/** swapOwner(prevOwner, oldOwner, newOwner) calldata: the usual way to replace a compromised owner. */
export function encodeSwapOwner(owners: readonly Address[], oldOwner: Address, newOwner: Address): Uint8Array {
  const prev = prevOwner(owners, oldOwner);
  assertNewOwner(owners, newOwner);
  return encodeFunctionCall('swapOwner(address,address,address)', [prev, oldOwner, newOwner]);
}

/** changeThreshold(threshold) calldata. */
export function encodeChangeThreshold(owners: readonly Address[], threshold: number): Uint8Array {
  assertThreshold(threshold, owners.length);
  return encodeFunctionCall('changeThreshold(uint256)', [BigInt(threshold)]);
}

function indexOfOwner(owners: readonly Address[], owner: Address): number {
  const key = owner.toLowerCase();
  return owners.findIndex((o) => o.toLowerCase() === key);
}

function assertNewOwner(owners: readonly Address[], owner: Address): void {
  if (owner === ZERO_ADDRESS || owner === SENTINEL_OWNERS) {
    throw new AirlockError('safe-owner-invalid', `${owner} cannot be a Safe owner (the Safe contract reserves it).`);
  }
  if (indexOfOwner(owners, owner) >= 0) {
    throw new AirlockError('safe-owner-duplicate', `${owner} is already an owner of this Safe; the Safe would reject the transaction.`);
  }
}

function assertThreshold(threshold: number, ownerCount: number): void {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > ownerCount) throw thresholdInvalid(threshold, ownerCount);
}

function thresholdInvalid(threshold: number, ownerCount: number): AirlockError {
  return new AirlockError(
    'safe-threshold-invalid',
    `A threshold of ${threshold} is not possible with ${ownerCount} owner${ownerCount === 1 ? '' : 's'}; it must be a whole number from 1 to ${ownerCount}.`,
  );
}

function signatureInvalid(message: string): AirlockError {
  return new AirlockError('safe-signature-invalid', message);
}

function assertHash(hash: Uint8Array): void {
  if (!(hash instanceof Uint8Array) || hash.length !== 32) throw new TypeError('expected a 32-byte safeTxHash');
}

function readWord(bytes: Uint8Array, at: number): bigint {
  return bytesToBigInt(bytes.subarray(at, at + 32));
}


function word(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  out.set(bytes, 32 - bytes.length);
  return out;
}

