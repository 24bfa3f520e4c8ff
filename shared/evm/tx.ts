// Ethereum transactions the vault signs and reviews: EIP-1559 (type 2) and legacy EIP-155. Build from
// fields, hash, sign (RFC 6979, low-s, over the keccak digest), serialize, and strictly decode raw ones.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToBigInt, parseHex, toHex } from '../bytes';
import { AirlockError, isAirlockError } from '../errors';
import type { SecretBytes } from '../crypto/secret';
import { addressBytes, addressFromPublicKey, parseAddress, toChecksumAddress, type Address } from './address';
import { decodeInteger, decodeRlp, encodeRlp, integerBytes, type RlpItem } from './rlp';
import { secp } from './secp';

export interface AccessListEntry {
  address: Address;
  storageKeys: readonly Uint8Array[];
}

export interface Eip1559Transaction {
  type: 'eip1559';
  chainId: bigint;
  nonce: bigint;
  maxPriorityFeePerGas: bigint;
  maxFeePerGas: bigint;
  gasLimit: bigint;
  /** null only for contract creation, which the vault never builds but may be shown. */
  to: Address | null;
  value: bigint;
  data: Uint8Array;
  accessList: readonly AccessListEntry[];
}

export interface LegacyTransaction {
  type: 'legacy';
  chainId: bigint;
  nonce: bigint;
  gasPrice: bigint;
  gasLimit: bigint;
  to: Address | null;
  value: bigint;
  data: Uint8Array;
}

export type Transaction = Eip1559Transaction | LegacyTransaction;

/** Fields as a builder or a person gives them; `to` is address text and is checked here. */
export type TransactionInput =
  | (Omit<Eip1559Transaction, 'to' | 'data' | 'accessList'> & { to: string | null; data?: Uint8Array; accessList?: readonly AccessListEntry[] })
  | (Omit<LegacyTransaction, 'to' | 'data'> & { to: string | null; data?: Uint8Array });

export interface TransactionSignature {
  /** 0 or 1: the recovery bit (type 2 writes it as yParity). */
  yParity: 0 | 1;
  r: bigint;
  s: bigint;
  /** As serialized: yParity for type 2, chainId*2+35+yParity for legacy. */
  v: bigint;
}

export interface SignedTransaction {
  transaction: Transaction;
  signature: TransactionSignature;
  /** The signed serialization, as broadcast. */
  raw: Uint8Array;
  /** keccak256(raw): the transaction hash a block explorer shows. */
  hash: Uint8Array;
  /** The sender the signature recovers to. */
  from: Address;
}

/** Raw transactions above this size (128 KiB) are refused by Ethereum nodes, and by this decoder. */
export const MAX_TRANSACTION_SIZE = 128 * 1024;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = N >> 1n;
const UINT64_MAX = (1n << 64n) - 1n;
const UINT256_MAX = (1n << 256n) - 1n;
const INTRINSIC_GAS = 21_000n;

// ---------------------------------------------------------------------------------------------
// Build

/** Checks every field and returns a transaction ready to hash and sign. */
export function buildTransaction(input: TransactionInput): Transaction {
  const to = input.to === null ? null : parseAddress(input.to);
  const data = input.data ?? new Uint8Array(0);
  if (!(data instanceof Uint8Array)) throw txInvalid('The call data must be bytes.');
  if (input.type === 'eip1559') {
    const accessList = input.accessList ?? [];
    const tx: Eip1559Transaction = {
      type: 'eip1559',
      chainId: input.chainId,
      nonce: input.nonce,
      maxPriorityFeePerGas: input.maxPriorityFeePerGas,
      maxFeePerGas: input.maxFeePerGas,
      gasLimit: input.gasLimit,
      to,
      value: input.value,
      data: data.slice(),
      accessList: accessList.map((e) => ({ address: parseAddress(e.address), storageKeys: e.storageKeys.map((k) => k.slice()) })),
    };
    checkFields(tx);
    return tx;
  }
  if (input.type === 'legacy') {
    const tx: LegacyTransaction = {
      type: 'legacy',
      chainId: input.chainId,
      nonce: input.nonce,
      gasPrice: input.gasPrice,
      gasLimit: input.gasLimit,
      to,
      value: input.value,
      data: data.slice(),
    };
    checkFields(tx);
    return tx;
  }
  throw txInvalid(`Unknown transaction type "${String((input as { type: unknown }).type)}"; use eip1559 or legacy.`);
}

function checkFields(tx: Transaction): void {
  checkRange(tx.chainId, 1n, UINT64_MAX, 'chain id', 'a chain id of 0 would let the transaction be replayed on any chain');
  checkRange(tx.nonce, 0n, UINT64_MAX - 1n, 'nonce');
  checkRange(tx.gasLimit, INTRINSIC_GAS, UINT64_MAX, 'gas limit', 'every transaction costs at least 21000 gas');
  checkRange(tx.value, 0n, UINT256_MAX, 'value');
  if (tx.type === 'legacy') {
    checkRange(tx.gasPrice, 0n, UINT256_MAX, 'gas price');
  } else {
    checkRange(tx.maxFeePerGas, 0n, UINT256_MAX, 'max fee per gas');
    checkRange(tx.maxPriorityFeePerGas, 0n, UINT256_MAX, 'max priority fee per gas');
    if (tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
      throw txInvalid(
        `The max priority fee (${tx.maxPriorityFeePerGas} wei) is above the max fee per gas (${tx.maxFeePerGas} wei); nodes refuse such a transaction.`,
      );
    }
    for (const entry of tx.accessList) {
      for (const key of entry.storageKeys) {
        if (!(key instanceof Uint8Array) || key.length !== 32) throw txInvalid('Every storage key in an access list is 32 bytes.');
      }
    }
  }
}

function checkRange(value: bigint, min: bigint, max: bigint, what: string, why?: string): void {
  if (typeof value !== 'bigint') throw txInvalid(`The ${what} must be a whole number (got ${typeof value}).`);
  if (value < min || value > max) {
    throw txInvalid(`The ${what} must be from ${min} to ${max}; got ${value}${why ? ` (${why})` : ''}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Hash and sign

/** The bytes whose keccak256 is signed: 0x02‖rlp(9 fields) for type 2, rlp(6 fields, chainId, 0, 0) for EIP-155. */
export function signingPayload(tx: Transaction): Uint8Array {
  if (tx.type === 'eip1559') return typed(2, encodeRlp(eip1559Fields(tx)));
  return encodeRlp([...legacyFields(tx), integerBytes(tx.chainId), new Uint8Array(0), new Uint8Array(0)]);
}

/** keccak256 of the signing payload: the 32 bytes the key signs. */
export function signingHash(tx: Transaction): Uint8Array {
  return keccak_256(signingPayload(tx));
}

/** Signs transactions for one account: its address is computed once, its key only borrowed. */
export interface TransactionSigner {
  readonly address: Address;
  sign(tx: Transaction): SignedTransaction;
}

/**
 * A signer over `privateKey` (which stays the caller's to dispose; signing after dispose throws
 * `secret-disposed`). Signatures use RFC 6979 deterministic nonces and low s over the keccak digest
 * (no SHA-256 prehash), and each is checked against the key before it is returned (see
 * signatureMatchesKey), so a faulty computation, which could leak the key, never leaves the vault.
 */
export function createTransactionSigner(privateKey: SecretBytes): TransactionSigner {
  const address = privateKey.use((key) => {
    if (key.length !== 32 || !secp.utils.isValidSecretKey(key)) {
      throw new AirlockError('private-key-invalid', 'This is not a valid secp256k1 private key (32 bytes, not zero, below the curve order); nothing was signed.');
    }
    return addressFromPublicKey(secp.getPublicKey(key, false));
  });
  return {
    address,
    sign(tx: Transaction): SignedTransaction {
      checkFields(tx);
      const hash = signingHash(tx);
      const recovered = privateKey.use((key) => {
        const signature = secp.sign(hash, key, { prehash: false, lowS: true, format: 'recovered', extraEntropy: false });
        if (!signatureMatchesKey(hash, signature, key)) {
          throw new AirlockError(
            'signature-fault',
            'The signature just computed does not match the signing key, so it was discarded and nothing was signed. Try again; if it repeats, stop using this machine.',
          );
        }
        return signature;
      });
      const yParity = recovered[0] as 0 | 1;
      const r = bytesToBigInt(recovered.subarray(1, 33));
      const s = bytesToBigInt(recovered.subarray(33, 65));
      const v = tx.type === 'legacy' ? tx.chainId * 2n + 35n + BigInt(yParity) : BigInt(yParity);
      const signature: TransactionSignature = { yParity, r, s, v };
      const raw = serializeSigned(tx, signature);
      return { transaction: tx, signature, raw, hash: keccak_256(raw), from: address };
    },
  };
}

/** Signs one transaction (see createTransactionSigner; use a signer to sign many with one key). */
export function signTransaction(tx: Transaction, privateKey: SecretBytes): SignedTransaction {
  return createTransactionSigner(privateKey).sign(tx);
}

/**
 * Verify-after-sign, done with the private key instead of public-key recovery (~25x cheaper): from
 * s = k⁻¹(z + r·d) we get k = s⁻¹(z + r·d), and R = k·G must have x = r and the y parity given.
 * That is exactly the condition under which ecrecover(z, v, r, s) returns d·G, i.e. our address.
 */
function signatureMatchesKey(hash: Uint8Array, recovered: Uint8Array, key: Uint8Array): boolean {
  const parity = recovered[0]!;
  const r = bytesToBigInt(recovered.subarray(1, 33));
  const s = bytesToBigInt(recovered.subarray(33, 65));
  if (parity > 1 || r === 0n || r >= N || s === 0n || s > HALF_N) return false;
  // The library turns the key into a bigint for signing as well; this adds no copy it does not make.
  const d = secp.etc.secretKeyToScalar(key);
  const z = secp.etc.mod(bytesToBigInt(hash), N);
  const k = secp.etc.mod(secp.etc.invert(s, N) * (z + r * d), N);
  if (k === 0n) return false;
  const R = secp.Point.BASE.multiply(k).toAffine();
  return R.x === r && Number(R.y & 1n) === parity;
}

/** The broadcastable bytes of a signed transaction. */
export function serializeSigned(tx: Transaction, signature: TransactionSignature): Uint8Array {
  const rs = [integerBytes(signature.r), integerBytes(signature.s)];
  if (tx.type === 'eip1559') return typed(2, encodeRlp([...eip1559Fields(tx), integerBytes(BigInt(signature.yParity)), ...rs]));
  return encodeRlp([...legacyFields(tx), integerBytes(signature.v), ...rs]);
}

function eip1559Fields(tx: Eip1559Transaction): RlpItem[] {
  return [
    integerBytes(tx.chainId),
    integerBytes(tx.nonce),
    integerBytes(tx.maxPriorityFeePerGas),
    integerBytes(tx.maxFeePerGas),
    integerBytes(tx.gasLimit),
    tx.to === null ? new Uint8Array(0) : addressBytes(tx.to),
    integerBytes(tx.value),
    tx.data,
    tx.accessList.map((e) => [addressBytes(e.address), [...e.storageKeys]]),
  ];
}

function legacyFields(tx: LegacyTransaction): RlpItem[] {
  return [
    integerBytes(tx.nonce),
    integerBytes(tx.gasPrice),
    integerBytes(tx.gasLimit),
    tx.to === null ? new Uint8Array(0) : addressBytes(tx.to),
    integerBytes(tx.value),
    tx.data,
  ];
}

// ---------------------------------------------------------------------------------------------
// Decode

/** Reads a raw signed transaction (bytes, or hex with or without 0x) with every field and its recovered sender. */
export function decodeSignedTransaction(raw: Uint8Array | string): SignedTransaction {
  const bytes = typeof raw === 'string' ? hexInput(raw) : raw;
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`expected transaction bytes or hex, got ${typeof raw}`);
  if (bytes.length === 0) throw txInvalid('The transaction is empty.');
  if (bytes.length > MAX_TRANSACTION_SIZE) {
    throw txInvalid(`The transaction is ${bytes.length} bytes; Ethereum nodes refuse transactions over ${MAX_TRANSACTION_SIZE} bytes.`);
  }
  const first = bytes[0]!;
  const { transaction, signature } = first >= 0xc0 ? decodeLegacy(bytes) : decodeTyped(first, bytes);
  const hash = signingHash(transaction);
  const from = recoverSender(hash, signature);
  return { transaction, signature, raw: bytes.slice(), hash: keccak_256(bytes), from };
}

const KNOWN_TYPES: Record<number, string> = { 1: 'EIP-2930 (access list)', 3: 'EIP-4844 (blob)', 4: 'EIP-7702 (set code)' };

function unsupportedType(type: number): AirlockError {
  const known = KNOWN_TYPES[type];
  return txInvalid(
    `The transaction starts with type byte 0x${type.toString(16).padStart(2, '0')}${known ? `, ${known}` : ', which is no known transaction type'}; ` +
      'this vault reads type 2 (EIP-1559) and legacy EIP-155 transactions only.',
    { typeByte: type },
  );
}

function decodeTyped(type: number, bytes: Uint8Array): { transaction: Transaction; signature: TransactionSignature } {
  if (type !== 2) throw unsupportedType(type);
  const fields = rlpList(bytes.subarray(1), 12, 'A signed EIP-1559 (type 2) transaction');
  const [yParity, r, s] = fields.slice(9);
  const transaction = eip1559Body(fields);
  if (transaction.chainId === 0n) throw chainIdZero();
  const parity = integer(yParity!, 'signature y-parity', 1);
  if (parity > 1n) throw txInvalid(`The signature's y-parity is ${parity}; it must be 0 or 1.`);
  const signature = checkedSignature(Number(parity) as 0 | 1, integer(r!, 'signature r'), integer(s!, 'signature s'), parity);
  checkDecodedFields(transaction);
  return { transaction, signature };
}

function decodeLegacy(bytes: Uint8Array): { transaction: Transaction; signature: TransactionSignature } {
  const fields = rlpList(bytes, 9, 'A signed legacy transaction');
  const [vItem, r, s] = fields.slice(6);
  const v = integer(vItem!, 'signature v');
  if (v === 27n || v === 28n) {
    throw txInvalid(
      'This legacy transaction has v = 27 or 28: it was signed before EIP-155 and carries no chain id, so it could be replayed on any chain. It is refused.',
    );
  }
  if (v === 35n || v === 36n) throw chainIdZero();
  if (v < 37n) throw txInvalid(`The signature's v is ${v}; an EIP-155 transaction has v = chain id × 2 + 35 or 36.`);
  const chainId = (v - 35n) >> 1n;
  const yParity = Number((v - 35n) & 1n) as 0 | 1;
  const transaction = legacyBody(fields, chainId);
  const signature = checkedSignature(yParity, integer(r!, 'signature r'), integer(s!, 'signature s'), v);
  checkDecodedFields(transaction);
  return { transaction, signature };
}

/**
 * An unsigned transaction as wallets send it to be signed (ERC-4527 sign requests):
 * 0x02 ‖ rlp(9 EIP-1559 fields), or EIP-155's rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0]).
 * Decoded with the same field rules as signed transactions, then checked as the vault builds them.
 */
export function decodeUnsignedTransaction(bytes: Uint8Array): Transaction {
  if (bytes.length === 0) throw txInvalid('The transaction is empty.');
  if (bytes.length > MAX_TRANSACTION_SIZE) {
    throw txInvalid(`The transaction is ${bytes.length} bytes; Ethereum nodes refuse transactions over ${MAX_TRANSACTION_SIZE} bytes.`);
  }
  const first = bytes[0]!;
  if (first >= 0xc0) {
    const fields = rlpList(bytes, null, 'An unsigned legacy transaction');
    if (fields.length === 6) {
      throw txInvalid('This legacy transaction carries no chain id (pre-EIP-155): its signature could be replayed on any chain. It is refused.');
    }
    if (fields.length !== 9) throw txInvalid(`An unsigned legacy transaction has 9 fields (EIP-155); this one has ${fields.length}.`);
    const [chainId, r, s] = fields.slice(6);
    if (integer(r!, 'EIP-155 r placeholder') !== 0n || integer(s!, 'EIP-155 s placeholder') !== 0n) {
      throw txInvalid('An unsigned EIP-155 transaction ends with chain id, 0, 0; this one does not.');
    }
    return buildTransaction(legacyBody(fields, integer(chainId!, 'chain id', 8)));
  }
  if (first !== 2) throw unsupportedType(first);
  return buildTransaction(eip1559Body(rlpList(bytes.subarray(1), 9, 'An unsigned EIP-1559 transaction')));
}

/** The first nine fields of a type-2 transaction, signed or not. */
function eip1559Body(fields: readonly RlpItem[]): Eip1559Transaction {
  const [chainId, nonce, maxPriority, maxFee, gasLimit, to, value, data, accessList] = fields;
  return {
    type: 'eip1559',
    chainId: integer(chainId!, 'chain id', 8),
    nonce: integer(nonce!, 'nonce', 8),
    maxPriorityFeePerGas: integer(maxPriority!, 'max priority fee per gas'),
    maxFeePerGas: integer(maxFee!, 'max fee per gas'),
    gasLimit: integer(gasLimit!, 'gas limit', 8),
    to: recipient(to!),
    value: integer(value!, 'value'),
    data: bytesField(data!, 'call data'),
    accessList: decodeAccessList(accessList!),
  };
}

/** The first six fields of a legacy transaction, with its chain id (from v, or the EIP-155 field). */
function legacyBody(fields: readonly RlpItem[], chainId: bigint): LegacyTransaction {
  const [nonce, gasPrice, gasLimit, to, value, data] = fields;
  return {
    type: 'legacy',
    chainId,
    nonce: integer(nonce!, 'nonce', 8),
    gasPrice: integer(gasPrice!, 'gas price'),
    gasLimit: integer(gasLimit!, 'gas limit', 8),
    to: recipient(to!),
    value: integer(value!, 'value'),
    data: bytesField(data!, 'call data'),
  };
}

function checkDecodedFields(tx: Transaction): void {
  // Same rules as building, so a decoded transaction is one the vault itself could have made
  // (the 21000 floor is left to nodes: a decoded transaction is shown, not refused, for it).
  checkRange(tx.chainId, 1n, UINT64_MAX, 'chain id');
  checkRange(tx.nonce, 0n, UINT64_MAX - 1n, 'nonce');
  if (tx.type === 'eip1559' && tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
    throw txInvalid(`The max priority fee (${tx.maxPriorityFeePerGas} wei) is above the max fee per gas (${tx.maxFeePerGas} wei); nodes refuse such a transaction.`);
  }
}

function checkedSignature(yParity: 0 | 1, r: bigint, s: bigint, v: bigint): TransactionSignature {
  if (r === 0n || r >= N) throw txInvalid('The signature value r is out of range (zero or not below the curve order).');
  if (s === 0n || s >= N) throw txInvalid('The signature value s is out of range (zero or not below the curve order).');
  if (s > HALF_N) {
    throw txInvalid(
      'The signature has a high s value: a non-canonical, malleable form that Ethereum nodes refuse (EIP-2). It is refused.',
    );
  }
  return { yParity, r, s, v };
}

/** The address a signature over `hash` recovers to; `tx-invalid` if none. */
export function recoverSender(hash: Uint8Array, signature: TransactionSignature): Address {
  try {
    const sig = new secp.Signature(signature.r, signature.s, signature.yParity).toBytes('recovered');
    return addressFromPublicKey(secp.recoverPublicKey(sig, hash, { prehash: false }));
  } catch (error) {
    if (isAirlockError(error) && error.code !== 'public-key-invalid') throw error;
    throw txInvalid('The signature does not recover to any public key: it was not made over this transaction.');
  }
}

function decodeAccessList(item: RlpItem): AccessListEntry[] {
  if (item instanceof Uint8Array) throw txInvalid('The access list is a byte string where a list was expected.');
  return item.map((entry, i) => {
    if (entry instanceof Uint8Array || entry.length !== 2) throw txInvalid(`Access list entry ${i + 1} must be [address, [storage keys]].`);
    const [address, keys] = entry;
    if (!(address instanceof Uint8Array) || address.length !== 20) throw txInvalid(`Access list entry ${i + 1} does not start with a 20-byte address.`);
    if (keys instanceof Uint8Array || keys === undefined) throw txInvalid(`Access list entry ${i + 1} has no list of storage keys.`);
    const storageKeys = keys.map((key) => {
      if (!(key instanceof Uint8Array) || key.length !== 32) throw txInvalid(`Access list entry ${i + 1} has a storage key that is not 32 bytes.`);
      return key;
    });
    return { address: toChecksumAddress(address), storageKeys };
  });
}

/** The RLP list of a transaction; `count` fields exactly, or any number when null. */
function rlpList(bytes: Uint8Array, count: number | null, what: string): readonly RlpItem[] {
  let item: RlpItem;
  try {
    item = decodeRlp(bytes);
  } catch (error) {
    if (isAirlockError(error) && error.code === 'rlp-invalid') throw txInvalid(`${what} must be well-formed RLP: ${error.message}`);
    throw error;
  }
  if (item instanceof Uint8Array) throw txInvalid(`${what} is an RLP list of fields; this is a single byte string.`);
  if (count !== null && item.length !== count) throw txInvalid(`${what} has ${count} fields; this one has ${item.length}.`);
  return item;
}

function integer(item: RlpItem, what: string, maxBytes = 32): bigint {
  try {
    return decodeInteger(item, what, maxBytes);
  } catch (error) {
    if (isAirlockError(error) && error.code === 'rlp-invalid') throw txInvalid(error.message);
    throw error;
  }
}

function recipient(item: RlpItem): Address | null {
  if (!(item instanceof Uint8Array)) throw txInvalid('The recipient ("to") is a list where an address was expected.');
  if (item.length === 0) return null;
  if (item.length !== 20) throw txInvalid(`The recipient ("to") is ${item.length} bytes; an address is 20 bytes.`);
  return toChecksumAddress(item);
}

function bytesField(item: RlpItem, what: string): Uint8Array {
  if (!(item instanceof Uint8Array)) throw txInvalid(`The ${what} is a list where bytes were expected.`);
  return item;
}

function hexInput(text: string): Uint8Array {
  const bytes = parseHex(text);
  if (!bytes) throw txInvalid('A raw transaction is hexadecimal text (optionally starting with 0x), two digits per byte.');
  return bytes;
}

function typed(type: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + body.length);
  out[0] = type;
  out.set(body, 1);
  return out;
}

function chainIdZero(): AirlockError {
  return txInvalid('The transaction is signed for chain id 0, which any chain would accept (a replay risk). It is refused.');
}

function txInvalid(message: string, params: Record<string, string | number> = {}): AirlockError {
  return new AirlockError('tx-invalid', message, params);
}

export interface TransactionJson {
  type: 'eip1559' | 'legacy';
  chainId: string;
  nonce: string;
  fees: { maxFeePerGas: string; maxPriorityFeePerGas: string; gasLimit: string } | { gasPrice: string; gasLimit: string };
  to: string | null;
  value: string;
  data: string;
  accessList: Array<{ address: string; storageKeys: string[] }>;
}

/** A transaction's fields as JSON for the CLI and the bridge: numbers as decimal strings, bytes as hex. */
export function transactionJson(tx: Transaction): TransactionJson {
  return {
    type: tx.type,
    chainId: tx.chainId.toString(),
    nonce: tx.nonce.toString(),
    fees:
      tx.type === 'eip1559'
        ? { maxFeePerGas: tx.maxFeePerGas.toString(), maxPriorityFeePerGas: tx.maxPriorityFeePerGas.toString(), gasLimit: tx.gasLimit.toString() }
        : { gasPrice: tx.gasPrice.toString(), gasLimit: tx.gasLimit.toString() },
    to: tx.to,
    value: tx.value.toString(),
    data: toHex(tx.data),
    accessList: tx.type === 'eip1559' ? tx.accessList.map((e) => ({ address: e.address, storageKeys: e.storageKeys.map((k) => toHex(k)) })) : [],
  };
}
