// ERC-4527 sign requests answered by the vault: decode what an `eth-sign-request` asks to be signed into a
// review (fields, decoded call tree, hashes, warnings from the one rules table) and sign exactly the digest that
// review showed. A SafeTx in typed data is reviewed as a Safe transaction, with the same codes as `airlock safe hash`.
import { bytesToHex, fromHex, hexToBytes, toHex } from '../bytes';
import type { EthSignRequestValue } from '../airgap/erc4527';
import type { SecretBytes } from '../crypto/secret';
import { AirlockError, isAirlockError } from '../errors';
import { addressFromPublicKey, parseAddress, toChecksumAddress, type Address } from '../evm/address';
import { hashDomain, hashPersonalMessage, hashStruct, typedDataDigest, type TypedData, type TypedDataStruct, type TypedDataTypes } from '../evm/eip712';
import { knownCallJson, type KnownCall } from '../evm/known-calls';
import { safeTxHashes, type SafeTx, type SafeTxHashes, type SafeTxRequest } from '../evm/safe';
import { createTransactionSigner, decodeUnsignedTransaction, signingHash, transactionJson, type Transaction } from '../evm/tx';
import { secp } from '../evm/secp';
import { nativeAmount, safeTxJson } from './actions';
import type { DraftContext } from './input';
import { policyJson } from './policy';
import { callTreeJson } from './review';
import { analyzeSafeTx, analyzeTransactionCall, describeCall, type CallNode } from './risk';
import { bySeverity, warning, type Warning } from './rules';

/** What the vault knows besides the request: its registered addresses and token metadata (absent for `airlock sign` with a mnemonic). */
export interface SignRequestContext {
  registeredAddresses?: readonly Address[];
  tokens?: DraftContext['tokens'];
}

interface ReviewBase {
  requestId?: Uint8Array;
  /** The derivation path the request names, e.g. m/44'/60'/0'/0/0. */
  path: string;
  /** The address the requester expects to sign, if it named one (EIP-55). */
  address?: Address;
  origin?: string;
  /** The master fingerprint the request names (its crypto-keypath's source fingerprint). */
  sourceFingerprint?: number;
  /** The chain id the request declares (the transaction or domain may carry its own). */
  chainId?: number;
  /** The 32 bytes the key signs. */
  digest: Uint8Array;
  /** Most severe first, each from the rules table. */
  warnings: Warning[];
  tokens?: DraftContext['tokens'];
}

export interface TransactionReview extends ReviewBase {
  dataType: 'legacy-transaction' | 'typed-transaction';
  transaction: Transaction;
  call: KnownCall | null;
  /** The call tree (a multiSend batch decoded); null for a contract creation. */
  root: CallNode | null;
}

/** A SafeTx in typed data, read as the Safe reads it: its fields, the version its hashing implies, its hashes and call tree. */
export interface SafeTxReview {
  request: SafeTxRequest;
  /** "1.3.0+" (chain id in the domain), "1.0.0–1.2.0" (no chain id) or "0.1.0" (dataGas). */
  hashing: string;
  hashes: SafeTxHashes;
  /** Before 1.3.0 the chain id is not in what owners sign. */
  legacyDomain: boolean;
  root: CallNode;
}

export interface TypedDataReview extends ReviewBase {
  dataType: 'typed-data';
  typedData: TypedData;
  domainHash: Uint8Array;
  messageHash: Uint8Array;
  /** When the primary type is a Safe's SafeTx that hashes as a Safe would: the Safe transaction. */
  safe?: SafeTxReview;
}

export interface PersonalMessageReview extends ReviewBase {
  dataType: 'personal-message';
  message: Uint8Array;
  /** The message as text when it is printable UTF-8; otherwise absent and shown as hex. */
  text?: string;
}

export type Review = TransactionReview | TypedDataReview | PersonalMessageReview;

const MAX_TYPED_DATA_BYTES = 256 * 1024;
const UNLIMITED = 1n << 128n;

// ---------------------------------------------------------------------------------------------
// Review

/** Decodes what `request` asks to be signed. Throws AirlockError `sign-request-invalid` when it cannot be shown. */
export function reviewSignRequest(request: EthSignRequestValue, ctx: SignRequestContext = {}): Review {
  const base = {
    ...(request.requestId ? { requestId: request.requestId.slice() } : {}),
    path: request.derivationPath.text,
    ...(request.derivationPath.sourceFingerprint !== undefined ? { sourceFingerprint: request.derivationPath.sourceFingerprint } : {}),
    ...(request.address ? { address: toChecksumAddress(fromHex(request.address)) } : {}),
    ...(request.origin !== undefined ? { origin: request.origin } : {}),
    ...(request.chainId !== undefined ? { chainId: request.chainId } : {}),
    ...(ctx.tokens ? { tokens: ctx.tokens } : {}),
  };
  switch (request.dataType) {
    case 'legacy-transaction':
    case 'typed-transaction': {
      const transaction = decodeRequestedTransaction(request.signData, request.dataType);
      const from = base.address ?? null;
      const { call, root, warnings } = analyzeTransactionCall(ctx, { from, to: transaction.to, value: transaction.value, data: transaction.data });
      const all = bySeverity([...chainWarnings(request.chainId, transaction.chainId, 'transaction'), ...warnings]);
      return { ...base, dataType: request.dataType, transaction, call, root, digest: signingHash(transaction), warnings: all };
    }
    case 'typed-data':
      return { ...base, ...reviewTypedData(request.signData, request.chainId, ctx) };
    case 'personal-message': {
      const message = request.signData.slice();
      const text = printableText(message);
      return { ...base, dataType: 'personal-message', message, ...(text !== undefined ? { text } : {}), digest: hashPersonalMessage(message), warnings: messageWarnings(message) };
    }
  }
}

/**
 * SECURITY(H-23): a personal message of exactly 32 bytes is signed as "\x19Ethereum Signed Message:\n32" + those bytes,
 * which is what a Safe checks for an eth_sign owner signature over a safeTxHash. Such a request is a blind approval of a
 * Safe transaction (the Bybit one, for all the review can tell); printable text of that length could be ground to match.
 */
function messageWarnings(message: Uint8Array): Warning[] {
  if (message.length !== 32) return [];
  return [
    warning(
      'opaque-hash',
      `The message is exactly 32 bytes (${toHex(message)}): a Safe accepts its signature as this account's approval of the Safe transaction with that hash, and the review cannot show what that transaction does. Nothing is signed; ask for the Safe transaction as typed data instead.`,
    ),
  ];
}

function chainWarnings(requested: number | undefined, actual: bigint, what: string): Warning[] {
  if (requested === undefined || BigInt(requested) === actual) return [];
  return [
    warning(
      'chain-mismatch',
      `The request says chain ${requested}, but the ${what} is for chain ${actual}: the signature would be valid on chain ${actual}. Nothing is signed; ask the wallet for a request whose chain and ${what} agree.`,
    ),
  ];
}

/** The request's transaction, which must be of the type the request says; any decoding failure is the request's. */
function decodeRequestedTransaction(bytes: Uint8Array, dataType: 'legacy-transaction' | 'typed-transaction'): Transaction {
  if (dataType === 'legacy-transaction' && (bytes[0] === undefined || bytes[0] < 0xc0)) {
    throw requestInvalid('A legacy transaction request must carry an RLP list; this one does not.');
  }
  if (dataType === 'typed-transaction' && bytes[0] !== 2) {
    throw requestInvalid(`A typed transaction request must start with type byte 0x02 (EIP-1559); this one starts with 0x${(bytes[0] ?? 0).toString(16).padStart(2, '0')}.`);
  }
  try {
    return decodeUnsignedTransaction(bytes);
  } catch (error) {
    if (isAirlockError(error)) throw requestInvalid(`The transaction cannot be read: ${error.message}`);
    throw error;
  }
}

function reviewTypedData(bytes: Uint8Array, requestedChain: number | undefined, ctx: SignRequestContext): Omit<TypedDataReview, keyof Omit<ReviewBase, 'digest' | 'warnings'>> {
  const typedData = parseTypedDataJson(bytes);
  if (typedData.primaryType === 'EIP712Domain') {
    throw requestInvalid('The typed data names EIP712Domain as its primary type, so it carries no message to show or sign.');
  }
  let domainHash: Uint8Array;
  let messageHash: Uint8Array;
  try {
    domainHash = hashDomain(typedData.domain, typedData.types);
    messageHash = hashStruct(typedData.types, typedData.primaryType, typedData.message);
  } catch (error) {
    if (isAirlockError(error)) throw requestInvalid(`The typed data cannot be hashed: ${error.message}`);
    throw error;
  }
  const digest = typedDataDigest(domainHash, messageHash);
  const warnings: Warning[] = [];
  const domainChain = typedData.domain.chainId;
  if (domainChain !== undefined && (typeof domainChain === 'string' || typeof domainChain === 'number' || typeof domainChain === 'bigint')) {
    warnings.push(...chainWarnings(requestedChain, BigInt(domainChain), 'typed data domain'));
  }
  let safe: SafeTxReview | undefined;
  if (typedData.primaryType === 'SafeTx') {
    safe = readSafeTx(typedData, requestedChain) ?? undefined;
    if (!safe || toHex(safe.hashes.safeTxHash) !== toHex(digest)) {
      warnings.push(
        warning(
          'safe-hash-mismatch',
          'The typed data calls itself a SafeTx, but its types, domain or fields are not those of any Safe version, so the hash signed is not the one a Safe checks. Nothing is signed; ask for the request again from the Safe app.',
        ),
      );
      safe = undefined;
    } else {
      // SECURITY(H-23): the same analysis as `airlock safe hash` and a Safe draft, so the same transaction gets the same codes.
      const chainId = requestedChain !== undefined ? { chainId: BigInt(requestedChain), chainSource: 'the request' } : {};
      warnings.push(...analyzeSafeTx({ ...chainId, ...(ctx.registeredAddresses ? { registeredAddresses: ctx.registeredAddresses } : {}) }, safe.request));
    }
  } else {
    warnings.push(...permitWarnings(typedData), ...safeMessageWarnings(typedData));
  }
  return { dataType: 'typed-data', typedData, domainHash, messageHash, digest, warnings: bySeverity(warnings), ...(safe ? { safe } : {}) };
}

const SAFE_TX_FIELDS = ['to', 'value', 'data', 'operation', 'safeTxGas', '*', 'gasPrice', 'gasToken', 'refundReceiver', 'nonce'] as const;
const SAFE_TX_TYPES = ['address', 'uint256', 'bytes', 'uint8', 'uint256', 'uint256', 'uint256', 'address', 'address', 'uint256'] as const;

/**
 * The SafeTx as a Safe reads it, or null when the typed data's shape is not a Safe's (then it is not one). A Safe
 * before 1.3.0 has no chain id in its domain: the chain the request declares stands in (it does not change the hash).
 */
function readSafeTx(typedData: TypedData, requestedChain: number | undefined): SafeTxReview | null {
  const fields = typedData.types.SafeTx ?? [];
  const sixth = fields[5]?.name;
  const shapeOk =
    fields.length === 10 &&
    (sixth === 'baseGas' || sixth === 'dataGas') &&
    fields.every((f, i) => (SAFE_TX_FIELDS[i] === '*' || f.name === SAFE_TX_FIELDS[i]) && f.type === SAFE_TX_TYPES[i]);
  const domainFields = (typedData.types.EIP712Domain ?? []).map((f) => `${f.type} ${f.name}`).join(',');
  const withChain = domainFields === 'uint256 chainId,address verifyingContract';
  if (!shapeOk || (!withChain && domainFields !== 'address verifyingContract')) return null;
  const m = typedData.message;
  try {
    const address = (v: unknown) => parseAddress(String(v));
    const uint = (v: unknown) => {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'bigint') throw requestInvalid('not a number');
      return BigInt(v);
    };
    const operation = uint(m.operation);
    if (operation !== 0n && operation !== 1n) return null;
    const tx: SafeTx = {
      to: address(m.to),
      value: uint(m.value),
      data: hexField(m.data),
      operation: Number(operation) as 0 | 1,
      safeTxGas: uint(m.safeTxGas),
      baseGas: uint(m[sixth!]),
      gasPrice: uint(m.gasPrice),
      gasToken: address(m.gasToken),
      refundReceiver: address(m.refundReceiver),
      nonce: uint(m.nonce),
    };
    const version = sixth === 'dataGas' ? '0.1.0' : withChain ? '1.3.0' : '1.1.1';
    const hashing = sixth === 'dataGas' ? '0.1.0 (dataGas)' : withChain ? '1.3.0 and later (chain id in the domain)' : '1.0.0 to 1.2.0 (no chain id in the domain)';
    const chainId = withChain ? uint(typedData.domain.chainId) : BigInt(requestedChain ?? 0);
    const request: SafeTxRequest = { chainId, safe: address(typedData.domain.verifyingContract), version, tx };
    return { request, hashing, hashes: safeTxHashes(request), legacyDomain: !withChain, root: describeCall(tx) };
  } catch (error) {
    if (isAirlockError(error)) return null;
    throw error;
  }
}

/**
 * Approvals by signature, raised like approve(): an EIP-2612 (or DAI-style) Permit, and Uniswap's Permit2
 * PermitSingle / PermitBatch (each token's allowance up to uint160, which Permit2 treats as unlimited at its maximum).
 */
function permitWarnings(typedData: TypedData): Warning[] {
  const { message, domain, primaryType } = typedData;
  const unlimited = (value: unknown) => {
    try {
      return (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') && BigInt(value) >= UNLIMITED;
    } catch {
      return false;
    }
  };
  const raise = (token: unknown) =>
    warning('unlimited-approval', `This ${primaryType} signature lets ${String(message.spender)} spend an unlimited amount of the token at ${typeof token === 'string' ? token : '(no address)'}, without any transaction from you. Sign a permit only for the exact amount needed.`);
  if (primaryType === 'Permit') return unlimited(message.value) || message.allowed === true ? [raise(domain.verifyingContract)] : [];
  const details = primaryType === 'PermitSingle' ? [message.details] : primaryType === 'PermitBatch' && Array.isArray(message.details) ? message.details : [];
  return details.filter((d) => isRecord(d) && unlimited(d.amount)).map((d) => raise((d as Record<string, unknown>).token));
}

/**
 * SECURITY(H-23): a SafeMessage over exactly 32 bytes is how a Safe's fallback handler checks an EIP-1271 signature of
 * that hash: the owners would be signing, for the Safe, whatever order or permit hashes to it. As blind as eth_sign.
 */
function safeMessageWarnings(typedData: TypedData): Warning[] {
  const message = typedData.message.message;
  if (typedData.primaryType !== 'SafeMessage' || typeof message !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(message)) return [];
  return [
    warning(
      'opaque-hash',
      `The Safe message is a bare 32-byte hash (${message.toLowerCase()}): the Safe would accept this as its own signature of whatever order, permit or transaction hashes to it, and the review cannot show what that is. Nothing is signed; ask for the message itself.`,
    ),
  ];
}

function hexField(value: unknown): Uint8Array {
  if (typeof value === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(value)) return fromHex(value);
  throw requestInvalid('A bytes field is not 0x hex.');
}

/** The one parser for eth_signTypedData_v4 JSON inside a request. */
function parseTypedDataJson(bytes: Uint8Array): TypedData {
  if (bytes.length > MAX_TYPED_DATA_BYTES) throw requestInvalid(`The typed data is ${bytes.length} bytes; at most ${MAX_TYPED_DATA_BYTES} are accepted.`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw requestInvalid('The typed data is not UTF-8 JSON (eth_signTypedData_v4).');
  }
  if (!isRecord(value)) throw requestInvalid('The typed data is not a JSON object with types, primaryType, domain and message.');
  const { types, primaryType, domain, message } = value;
  if (!isRecord(types) || !Object.values(types).every(isFieldList)) throw requestInvalid('The typed data\'s "types" is not a map of struct names to [{name, type}] lists.');
  if (typeof primaryType !== 'string') throw requestInvalid('The typed data has no "primaryType" string.');
  if (!isRecord(domain) || !isRecord(message)) throw requestInvalid('The typed data needs a "domain" object and a "message" object.');
  checkJsonNumbers(domain);
  checkJsonNumbers(message);
  return { types: types as TypedDataTypes, primaryType, domain: domain as TypedDataStruct, message: message as TypedDataStruct };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFieldList = (v: unknown) => Array.isArray(v) && v.every((f) => isRecord(f) && typeof f.name === 'string' && typeof f.type === 'string');

/** JSON numbers past 2^53 have already lost digits when parsed; the value shown would not be the one meant. */
function checkJsonNumbers(value: unknown): void {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw requestInvalid(`The typed data holds the number ${value}, which JSON cannot carry exactly; large values must be strings.`);
  }
  if (Array.isArray(value)) value.forEach(checkJsonNumbers);
  else if (isRecord(value)) Object.values(value).forEach(checkJsonNumbers);
}

function printableText(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // Control and bidirectional-override characters could hide or reorder what the reviewer reads: show hex instead.
    return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Sign

export interface SignOptions {
  /** The master key fingerprint of the seed the key came from; checked against the request's, if it names one. */
  masterFingerprint?: number;
}

/**
 * Signs the digest `review` showed with `privateKey` (the caller disposes it) and returns r ‖ s ‖ v, 65 bytes, as
 * Keystone and MetaMask's QR keyring read it: v = chainId·2+35+rec for a legacy transaction (EIP-155), rec (0/1, the
 * yParity) for a typed transaction, 27+rec for typed data and personal messages. Refuses (`sign-request-wrong-account`)
 * when the request names another address or another master key.
 */
export function signReviewedRequest(review: Review, privateKey: SecretBytes, options: SignOptions = {}): { signature: Uint8Array; address: Address } {
  const signer = createTransactionSigner(privateKey);
  if (review.address !== undefined && review.address.toLowerCase() !== signer.address.toLowerCase()) {
    throw wrongAccount(`The request asks ${review.address} to sign, but the key at ${review.path} is ${signer.address}. Nothing was signed.`);
  }
  if (review.sourceFingerprint !== undefined && options.masterFingerprint !== undefined && review.sourceFingerprint !== options.masterFingerprint) {
    throw wrongAccount(
      `The request is for the wallet with master fingerprint ${hex32(review.sourceFingerprint)}, but this seed's is ${hex32(options.masterFingerprint)}. Nothing was signed.`,
    );
  }
  if (review.dataType === 'legacy-transaction' || review.dataType === 'typed-transaction') {
    const signed = signer.sign(review.transaction);
    const v = review.dataType === 'legacy-transaction' ? signed.signature.v : BigInt(signed.signature.yParity);
    if (v > 255n) {
      throw new AirlockError(
        'sign-request-unsupported',
        `A legacy transaction on chain ${review.transaction.chainId} has v = ${v}, which does not fit the one-byte v of a 65-byte eth-signature. Ask for an EIP-1559 (typed) transaction instead. Nothing was signed.`,
      );
    }
    return { signature: rsv(signed.signature.r, signed.signature.s, Number(v)), address: signer.address };
  }
  const recovered = privateKey.use((key) => secp.sign(review.digest, key, { prehash: false, lowS: true, format: 'recovered', extraEntropy: false }));
  const check = addressFromPublicKey(secp.recoverPublicKey(recovered, review.digest, { prehash: false }));
  if (check !== signer.address) {
    throw new AirlockError('signature-fault', 'The signature just computed does not recover to the signing key, so it was discarded and nothing was signed.');
  }
  const signature = new Uint8Array(65);
  signature.set(recovered.subarray(1, 65), 0);
  signature[64] = 27 + recovered[0]!;
  return { signature, address: signer.address };
}

function rsv(r: bigint, s: bigint, v: number): Uint8Array {
  const out = hexToBytes(r.toString(16).padStart(64, '0') + s.toString(16).padStart(64, '0') + v.toString(16).padStart(2, '0'));
  return out;
}

const hex32 = (n: number) => n.toString(16).padStart(8, '0');

// ---------------------------------------------------------------------------------------------
// JSON (CLI, bridge)

export type ReviewJson = Record<string, unknown>;

/** The review as plain JSON: hex for bytes, decimal strings for amounts (with ETH and token units beside), the policy's verdict. */
export function reviewToJson(review: Review): ReviewJson {
  const common = {
    dataType: review.dataType,
    requestId: review.requestId ? uuid(review.requestId) : null,
    path: review.path,
    address: review.address ?? null,
    origin: review.origin ?? null,
    chainId: review.chainId ?? null,
    digest: toHex(review.digest),
    ...policyJson(review.warnings),
  };
  if (review.dataType === 'personal-message') {
    return { ...common, message: review.text ?? null, messageHex: toHex(review.message), messageHash: toHex(review.digest) };
  }
  if (review.dataType === 'typed-data') {
    const safe = review.safe;
    return {
      ...common,
      domain: jsonSafe(review.typedData.domain),
      primaryType: review.typedData.primaryType,
      message: jsonSafe(review.typedData.message),
      domainHash: toHex(review.domainHash),
      messageHash: toHex(review.messageHash),
      safe: safe
        ? {
            address: safe.request.safe,
            chainId: safe.request.chainId.toString(),
            chainInHash: !safe.legacyDomain,
            hashing: safe.hashing,
            safeTx: safeTxJson(safe.request.tx),
            valueText: nativeAmount(safe.request.tx.value, safe.request.chainId),
            domainHash: toHex(safe.hashes.domainHash),
            messageHash: toHex(safe.hashes.messageHash),
            safeTxHash: toHex(safe.hashes.safeTxHash),
            calls: callTreeJson(safe.root, safe.request.chainId, review.tokens),
          }
        : null,
    };
  }
  const tx = review.transaction;
  const fee = tx.gasLimit * (tx.type === 'eip1559' ? tx.maxFeePerGas : tx.gasPrice);
  return {
    ...common,
    transaction: transactionJson(tx),
    valueText: nativeAmount(tx.value, tx.chainId),
    maxGasCost: fee.toString(),
    maxGasCostText: nativeAmount(fee, tx.chainId),
    call: knownCallJson(review.call),
    calls: review.root ? callTreeJson(review.root, tx.chainId, review.tokens) : null,
    signingHash: toHex(review.digest),
  };
}

function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return toHex(value);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  return value;
}

function uuid(id: Uint8Array): string {
  const h = bytesToHex(id);
  return h.length === 32 ? `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` : h;
}

function requestInvalid(message: string): AirlockError {
  return new AirlockError('sign-request-invalid', message);
}

function wrongAccount(message: string): AirlockError {
  return new AirlockError('sign-request-wrong-account', message);
}
