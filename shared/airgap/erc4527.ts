// ERC-4527 payloads (eth-sign-request, eth-signature, crypto-hdkey, crypto-account): built with and parsed by
// @keystonehq/bc-ur-registry-eth's CBOR types, then checked into our own typed values (parse, don't validate).
//
// We use the registry only for its CBOR shapes. Its crypto helpers (address from xpub, hdkey) are never
// called: keys and signatures are noble/scure's. Like @ngraveio/bc-ur it needs Node's global Buffer, so
// these functions run in main (and Node tests); the renderer moves UR parts, it does not parse them.
import {
  CryptoAccount,
  CryptoCoinInfo,
  CryptoCoinInfoNetwork,
  CryptoCoinInfoType,
  CryptoHDKey,
  CryptoKeypath,
  CryptoOutput,
  DataType,
  ETHSignature,
  EthSignRequest,
  PathComponent,
  ScriptExpressions,
} from '@keystonehq/bc-ur-registry-eth';
import { AirlockError } from '../errors';
import { assertCborBounded } from './cbor-bounds';
import { MAX_UR_PAYLOAD_BYTES } from './ur';

export const ETH_SIGN_REQUEST = 'eth-sign-request';
export const ETH_SIGNATURE = 'eth-signature';
export const CRYPTO_HDKEY = 'crypto-hdkey';
export const CRYPTO_ACCOUNT = 'crypto-account';

/** ERC-4527 data types, by the name a reviewer reads. */
export type EthSignDataType = 'legacy-transaction' | 'typed-data' | 'personal-message' | 'typed-transaction';
const DATA_TYPES: Record<number, EthSignDataType> = {
  [DataType.transaction]: 'legacy-transaction',
  [DataType.typedData]: 'typed-data',
  [DataType.personalMessage]: 'personal-message',
  [DataType.typedTransaction]: 'typed-transaction',
};
const DATA_TYPE_NUMBERS: Record<EthSignDataType, DataType> = {
  'legacy-transaction': DataType.transaction,
  'typed-data': DataType.typedData,
  'personal-message': DataType.personalMessage,
  'typed-transaction': DataType.typedTransaction,
};

/** One BIP-32 path step. */
export interface PathStep {
  index: number;
  hardened: boolean;
}

/** A BIP-32 path as in ERC-4527's crypto-keypath: steps from the master key and the master's fingerprint. */
export interface KeyPath {
  steps: PathStep[];
  /** "m/44'/60'/0'/0/0" */
  text: string;
  /** BIP-32 fingerprint of the master key (uint32), when the sender gave one. */
  sourceFingerprint?: number;
}

export interface EthSignRequestValue {
  /** 16 bytes (a UUID), echoed in the answer; absent only if the requester gave none. */
  requestId?: Uint8Array;
  signData: Uint8Array;
  dataType: EthSignDataType;
  chainId?: number;
  derivationPath: KeyPath;
  /** 20-byte address the requester expects to sign, lower-case 0x hex. */
  address?: string;
  origin?: string;
}

export interface EthSignatureValue {
  requestId?: Uint8Array;
  /** r (32) || s (32) || v (1): 65 bytes. */
  signature: Uint8Array;
  origin?: string;
}

/** A watch-only account key (e.g. the xpub of m/44'/60'/0'), for a MetaMask-style "QR hardware wallet" pairing. */
export interface HdKeyValue {
  /** 33-byte compressed secp256k1 public key. */
  publicKey: Uint8Array;
  chainCode: Uint8Array;
  origin: KeyPath;
  /** Derivation below this key to addresses, e.g. "0/*" for m/44'/60'/0'/0/i. */
  children?: string;
  parentFingerprint?: number;
  name?: string;
  note?: string;
  /** Bitcoin keys of a test network carry crypto-coin-info (bitcoin, testnet) so the other side reads tpubs. */
  testnet?: boolean;
}

export interface AccountValue {
  masterFingerprint: number;
  keys: HdKeyValue[];
}

const MAX_PATH_DEPTH = 16;
const MAX_TEXT = 256;

function invalid(type: string, why: string): AirlockError {
  return new AirlockError('erc4527-invalid', `This ${type} is not valid: ${why}.`, { type });
}

const isBytes = (value: unknown): value is Uint8Array => value instanceof Uint8Array;
const buf = (bytes: Uint8Array) => Buffer.from(bytes);
const copy = (bytes: Uint8Array) => Uint8Array.from(bytes);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function optionalText(value: unknown, type: string, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > MAX_TEXT) throw invalid(type, `its ${field} is not text of at most ${MAX_TEXT} characters`);
  return value;
}

/** A request's (or its answer's) optional 16-byte request id, copied; spread into the value so an absent one stays absent. */
function requestIdField(value: unknown, type: string): { requestId?: Uint8Array } {
  if (value === undefined) return {};
  if (!isBytes(value) || value.length !== 16) throw invalid(type, 'its request id is not a 16-byte UUID');
  return { requestId: copy(value) };
}

function uint32(value: unknown, type: string, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) throw invalid(type, `its ${field} is not a 32-bit number`);
  return value;
}

export function fingerprintBytes(fingerprint: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(fingerprint, 0);
  return out;
}

/** Runs a registry decoder; its errors and odd shapes become ours. */
export function decodeWith<T>(type: string, cbor: Uint8Array, decode: (cbor: Buffer) => T): T {
  if (!isBytes(cbor) || cbor.length === 0) throw invalid(type, 'it is empty');
  if (cbor.length > MAX_UR_PAYLOAD_BYTES) throw invalid(type, 'it is larger than 1 MiB');
  try {
    assertCborBounded(cbor);
  } catch {
    throw invalid(type, 'its CBOR is malformed or declares more data than it carries');
  }
  try {
    return decode(buf(cbor));
  } catch {
    throw invalid(type, 'its CBOR does not have the ERC-4527 shape');
  }
}

// ---- key paths --------------------------------------------------------------------------------

/** Parses "m/44'/60'/0'/0/0" (also h for hardened). Throws AirlockError `key-path-invalid`. */
export function parseKeyPathText(text: string, sourceFingerprint?: number): KeyPath {
  const parts = text.trim().replace(/^[mM]\/?/, '').split('/').filter((p) => p !== '');
  if (parts.length > MAX_PATH_DEPTH) throw new AirlockError('key-path-invalid', `The key path "${text.slice(0, 80)}" is deeper than ${MAX_PATH_DEPTH} steps.`);
  const steps = parts.map((part) => {
    const match = /^(\d{1,10})(['hH]?)$/.exec(part);
    const index = match ? Number(match[1]) : NaN;
    if (!match || index >= 0x80000000) throw new AirlockError('key-path-invalid', `The key path "${text.slice(0, 80)}" has an invalid step "${part.slice(0, 12)}" (expected e.g. 44' or 0).`);
    return { index, hardened: match[2] !== '' };
  });
  return keyPath(steps, sourceFingerprint);
}

function keyPath(steps: PathStep[], sourceFingerprint?: number): KeyPath {
  const text = ['m', ...steps.map((s) => `${s.index}${s.hardened ? "'" : ''}`)].join('/');
  return sourceFingerprint === undefined ? { steps, text } : { steps, text, sourceFingerprint };
}

function toCryptoKeypath(path: KeyPath): CryptoKeypath {
  const components = path.steps.map((s) => new PathComponent({ index: s.index, hardened: s.hardened }));
  return new CryptoKeypath(components, path.sourceFingerprint === undefined ? undefined : fingerprintBytes(path.sourceFingerprint));
}

function fromCryptoKeypath(value: unknown, type: string): KeyPath {
  if (!(value instanceof CryptoKeypath)) throw invalid(type, 'it has no key path');
  const components = value.getComponents();
  if (components.length > MAX_PATH_DEPTH) throw invalid(type, `its key path is deeper than ${MAX_PATH_DEPTH} steps`);
  const steps = components.map((c) => {
    const index = c.getIndex();
    if (c.isWildcard() || index === undefined) throw invalid(type, 'its key path has a wildcard where a step was expected');
    if (!Number.isInteger(index) || index < 0 || index >= 0x80000000 || typeof c.isHardened() !== 'boolean') throw invalid(type, 'its key path has an invalid step');
    return { index, hardened: c.isHardened() };
  });
  const fingerprint = value.getSourceFingerprint();
  return keyPath(steps, fingerprint === undefined ? undefined : fingerprint.readUInt32BE(0));
}

// ---- eth-sign-request ---------------------------------------------------------------------------

/** Builds the CBOR of an `eth-sign-request` (what a relay or test sends to the vault). */
export function buildEthSignRequest(request: EthSignRequestValue): Uint8Array {
  const item = new EthSignRequest({
    requestId: request.requestId ? buf(request.requestId) : undefined,
    signData: buf(request.signData),
    dataType: DATA_TYPE_NUMBERS[request.dataType],
    chainId: request.chainId,
    derivationPath: toCryptoKeypath(request.derivationPath),
    address: request.address ? Buffer.from(request.address.replace(/^0x/, ''), 'hex') : undefined,
    origin: request.origin,
  });
  return copy(item.toCBOR());
}

/** The one parser for an `eth-sign-request` payload. Throws AirlockError `erc4527-invalid`. */
export function parseEthSignRequest(cbor: Uint8Array): EthSignRequestValue {
  const type = ETH_SIGN_REQUEST;
  const item = decodeWith(type, cbor, (c) => EthSignRequest.fromCBOR(c));
  const requestId = requestIdField(item.getRequestId(), type);
  const signData = item.getSignData() as unknown;
  if (!isBytes(signData) || signData.length === 0) throw invalid(type, 'it has no data to sign');
  const dataType = DATA_TYPES[item.getDataType() as unknown as number];
  if (!dataType) throw invalid(type, `its data type ${String(item.getDataType()).slice(0, 20)} is not 1 (legacy transaction), 2 (typed data), 3 (personal message) or 4 (typed transaction)`);
  const chainId = item.getChainId() as unknown;
  if (chainId !== undefined && (typeof chainId !== 'number' || !Number.isSafeInteger(chainId) || chainId < 1)) throw invalid(type, 'its chain id is not a positive whole number');
  const derivationPath = fromCryptoKeypath((item as unknown as { derivationPath: unknown }).derivationPath, type);
  const address = item.getSignRequestAddress() as unknown;
  if (address !== undefined && (!isBytes(address) || address.length !== 20)) throw invalid(type, 'its address is not 20 bytes');
  const origin = optionalText(item.getOrigin(), type, 'origin');
  return {
    ...requestId,
    signData: copy(signData),
    dataType,
    ...(chainId !== undefined ? { chainId: chainId as number } : {}),
    derivationPath,
    ...(address ? { address: `0x${hex(address as Uint8Array)}` } : {}),
    ...(origin !== undefined ? { origin } : {}),
  };
}

// ---- eth-signature ------------------------------------------------------------------------------

/** Builds the CBOR of the `eth-signature` answering a request (same request id). */
export function buildEthSignature(answer: EthSignatureValue): Uint8Array {
  if (!isBytes(answer.signature) || answer.signature.length !== 65) {
    throw new AirlockError('signature-invalid', 'An eth-signature carries 65 bytes (r, s, v); this signature has a different length.');
  }
  if (answer.requestId !== undefined && answer.requestId.length !== 16) throw new AirlockError('request-id-invalid', 'A request id is a 16-byte UUID.');
  return copy(new ETHSignature(buf(answer.signature), answer.requestId ? buf(answer.requestId) : undefined, answer.origin).toCBOR());
}

/** The one parser for an `eth-signature` payload. Throws AirlockError `erc4527-invalid`. */
export function parseEthSignature(cbor: Uint8Array): EthSignatureValue {
  const type = ETH_SIGNATURE;
  const item = decodeWith(type, cbor, (c) => ETHSignature.fromCBOR(c));
  const signature = item.getSignature() as unknown;
  if (!isBytes(signature) || signature.length !== 65) throw invalid(type, 'its signature is not 65 bytes (r, s, v)');
  const requestId = requestIdField(item.getRequestId(), type);
  const origin = optionalText(item.getOrigin(), type, 'origin');
  return {
    ...requestId,
    signature: copy(signature),
    ...(origin !== undefined ? { origin } : {}),
  };
}

// ---- crypto-hdkey / crypto-account (watch-only export) ---------------------------------------------

export function toCryptoHdKey(key: HdKeyValue): CryptoHDKey {
  if (key.publicKey.length !== 33 || (key.publicKey[0] !== 2 && key.publicKey[0] !== 3)) {
    throw new AirlockError('hdkey-invalid', 'A watch-only key is a 33-byte compressed public key; never a private key.');
  }
  if (key.chainCode.length !== 32) throw new AirlockError('hdkey-invalid', 'A watch-only key needs its 32-byte chain code.');
  return new CryptoHDKey({
    isMaster: false,
    isPrivateKey: false,
    key: buf(key.publicKey),
    chainCode: buf(key.chainCode),
    origin: toCryptoKeypath(key.origin),
    children: key.children ? toChildren(key.children) : undefined,
    useInfo: key.testnet ? new CryptoCoinInfo(CryptoCoinInfoType.bitcoin, CryptoCoinInfoNetwork.testnet) : undefined,
    parentFingerprint: key.parentFingerprint === undefined ? undefined : fingerprintBytes(key.parentFingerprint),
    name: key.name,
    note: key.note,
  });
}

/** "0/*" → keypath with a wildcard last step (crypto-keypath allows wildcards in `children`). */
function toChildren(children: string): CryptoKeypath {
  const steps = children.split('/').map((part) => {
    if (part === '*') return new PathComponent({ hardened: false });
    const step = parseKeyPathText(part).steps[0];
    if (!step) throw new AirlockError('key-path-invalid', `The children path "${children.slice(0, 40)}" has an empty step.`);
    return new PathComponent({ index: step.index, hardened: step.hardened });
  });
  return new CryptoKeypath(steps);
}

export function fromCryptoHdKey(item: unknown, type: string): HdKeyValue {
  if (!(item instanceof CryptoHDKey)) throw invalid(type, 'it holds no HD key');
  if (item.isMaster() || item.isPrivateKey()) throw invalid(type, 'it holds a master or private key; Airlock accepts only watch-only public keys');
  const publicKey = item.getKey() as unknown;
  if (!isBytes(publicKey) || publicKey.length !== 33 || (publicKey[0] !== 2 && publicKey[0] !== 3)) throw invalid(type, 'its key is not a 33-byte compressed public key');
  const chainCode = item.getChainCode() as unknown;
  if (!isBytes(chainCode) || chainCode.length !== 32) throw invalid(type, 'it has no 32-byte chain code');
  const origin = fromCryptoKeypath(item.getOrigin(), type);
  const childPath = item.getChildren();
  const children = childPath
    ? childPath
        .getComponents()
        .map((c) => (c.isWildcard() ? '*' : `${c.getIndex()}${c.isHardened() ? "'" : ''}`))
        .join('/')
    : undefined;
  const parent = item.getParentFingerprint();
  const name = optionalText(item.getName(), type, 'name');
  const note = optionalText(item.getNote(), type, 'note');
  const testnet = item.getUseInfo()?.getNetwork() === CryptoCoinInfoNetwork.testnet;
  return {
    publicKey: copy(publicKey),
    chainCode: copy(chainCode),
    origin,
    ...(children ? { children } : {}),
    ...(parent ? { parentFingerprint: uint32(parent.readUInt32BE(0), type, 'parent fingerprint') } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(note !== undefined ? { note } : {}),
    ...(testnet ? { testnet } : {}),
  };
}

/** CBOR of a `crypto-hdkey` for a watch-only account key (Keystone/MetaMask pairing). */
export function buildCryptoHdKey(key: HdKeyValue): Uint8Array {
  return copy(toCryptoHdKey(key).toCBOR());
}

/** The one parser for a `crypto-hdkey` payload (public keys only). Throws AirlockError `erc4527-invalid`. */
export function parseCryptoHdKey(cbor: Uint8Array): HdKeyValue {
  return fromCryptoHdKey(
    decodeWith(CRYPTO_HDKEY, cbor, (c) => CryptoHDKey.fromCBOR(c)),
    CRYPTO_HDKEY,
  );
}

/** CBOR of a `crypto-account`: the master fingerprint and one pkh output per account key. */
export function buildCryptoAccount(account: AccountValue): Uint8Array {
  const outputs = account.keys.map((key) => new CryptoOutput([ScriptExpressions.PUBLIC_KEY_HASH], toCryptoHdKey(key)));
  return copy(new CryptoAccount(fingerprintBytes(account.masterFingerprint), outputs).toCBOR());
}

/** The one parser for a `crypto-account` payload. Throws AirlockError `erc4527-invalid`. */
export function parseCryptoAccount(cbor: Uint8Array): AccountValue {
  const type = CRYPTO_ACCOUNT;
  const item = decodeWith(type, cbor, (c) => CryptoAccount.fromCBOR(c));
  const fingerprint = item.getMasterFingerprint() as unknown;
  if (!isBytes(fingerprint) || fingerprint.length !== 4) throw invalid(type, 'it has no master fingerprint');
  const outputs = item.getOutputDescriptors() as unknown;
  if (!Array.isArray(outputs) || outputs.length === 0 || outputs.length > 64) throw invalid(type, 'it lists no accounts (or more than 64)');
  const keys = outputs.map((output: unknown) => {
    if (!(output instanceof CryptoOutput)) throw invalid(type, 'an entry is not an output descriptor');
    return fromCryptoHdKey(output.getHDKey(), type);
  });
  return { masterFingerprint: Buffer.from(fingerprint).readUInt32BE(0), keys };
}
