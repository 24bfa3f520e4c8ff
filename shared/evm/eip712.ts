// EIP-712 typed structured data hashing (domain separator, struct hashes, the 0x1901 digest) and the
// EIP-191 personal_sign message hash: what a key holder's signature actually commits to.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { concatBytes, fromHex, utf8ToBytes } from '../bytes';
import { AirlockError } from '../errors';
import { addressBytes, parseAddress } from './address';

/** One member of a struct type, in declaration order: `{ name: 'wallet', type: 'address' }`. */
export interface TypedDataField {
  readonly name: string;
  readonly type: string;
}

/** Struct types by name. May include EIP712Domain; when it does not, it is derived from the domain's fields. */
export type TypedDataTypes = Readonly<Record<string, readonly TypedDataField[]>>;

/** Values as they arrive from JSON (eth_signTypedData_v4, eth-sign-request) or from code. */
export type TypedDataValue = string | number | bigint | boolean | Uint8Array | readonly TypedDataValue[] | TypedDataStruct;
export interface TypedDataStruct {
  readonly [field: string]: TypedDataValue;
}

export interface TypedData {
  types: TypedDataTypes;
  primaryType: string;
  domain: TypedDataStruct;
  message: TypedDataStruct;
}

/** The domain fields EIP-712 defines, in the order the domain type lists them when derived. */
const DOMAIN_FIELDS: readonly TypedDataField[] = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
  { name: 'salt', type: 'bytes32' },
];

const STRUCT_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const ARRAY_SUFFIX = /^(.*)\[(\d*)\]$/;

/** `Mail(Person from,Person to,string contents)Person(string name,address wallet)`: the primary type, then its dependencies sorted by name. */
export function encodeType(types: TypedDataTypes, primaryType: string): string {
  structFields(types, primaryType);
  const dependencies = new Set<string>();
  collectDependencies(types, primaryType, dependencies);
  dependencies.delete(primaryType);
  return [primaryType, ...[...dependencies].sort()]
    .map((name) => `${name}(${structFields(types, name).map((f) => `${f.type} ${f.name}`).join(',')})`)
    .join('');
}

/** keccak256(encodeType). */
export function typeHash(types: TypedDataTypes, primaryType: string): Uint8Array {
  return keccak_256(utf8ToBytes(encodeType(types, primaryType)));
}

/** hashStruct(s) = keccak256(typeHash ‖ encodeData(s)). Every declared field must be present, and no other field. */
export function hashStruct(types: TypedDataTypes, primaryType: string, value: TypedDataStruct): Uint8Array {
  return keccak_256(encodeData(types, primaryType, value, primaryType));
}

/** The domain separator: hashStruct of the domain under EIP712Domain (declared, or derived from the fields present). */
export function hashDomain(domain: TypedDataStruct, types?: TypedDataTypes): Uint8Array {
  const declared = types?.EIP712Domain;
  const domainType = declared ?? DOMAIN_FIELDS.filter((f) => domain[f.name] !== undefined);
  return hashStruct({ ...types, EIP712Domain: domainType }, 'EIP712Domain', domain);
}

/** keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message)): the digest an EIP-712 signature signs. */
export function typedDataDigest(domainSeparator: Uint8Array, messageHash: Uint8Array): Uint8Array {
  if (domainSeparator.length !== 32 || messageHash.length !== 32) throw new TypeError('expected two 32-byte hashes');
  return keccak_256(concatBytes(Uint8Array.of(0x19, 0x01), domainSeparator, messageHash));
}

/** The full EIP-712 digest of typed data, as eth_signTypedData_v4 signs it. */
export function hashTypedData(data: TypedData): Uint8Array {
  const domainSeparator = hashDomain(data.domain, data.types);
  if (data.primaryType === 'EIP712Domain') {
    // A bare domain (no message) is signed as the 0x1901 prefix and the separator alone in v4; we refuse it instead:
    // a key holder could not be shown what such a signature authorizes.
    throw typedDataInvalid('The typed data names EIP712Domain as its primary type, so it carries no message to show or sign.');
  }
  return typedDataDigest(domainSeparator, hashStruct(data.types, data.primaryType, data.message));
}

/** EIP-191 version 0x45: keccak256("\x19Ethereum Signed Message:\n" ‖ decimal length ‖ message). Text is UTF-8 encoded. */
export function hashPersonalMessage(message: Uint8Array | string): Uint8Array {
  const bytes = typeof message === 'string' ? utf8ToBytes(message) : message;
  return keccak_256(concatBytes(utf8ToBytes(`\x19Ethereum Signed Message:\n${bytes.length}`), bytes));
}

function structFields(types: TypedDataTypes, name: string): readonly TypedDataField[] {
  const fields = Object.hasOwn(types, name) ? types[name] : undefined;
  if (!fields) throw typedDataInvalid(`The typed data uses the type "${name}" but does not define it.`);
  if (!STRUCT_NAME.test(name)) throw typedDataInvalid(`"${name}" is not a valid struct type name.`);
  return fields;
}

function collectDependencies(types: TypedDataTypes, name: string, found: Set<string>): void {
  if (found.has(name)) return;
  found.add(name);
  const seen = new Set<string>();
  for (const field of structFields(types, name)) {
    if (seen.has(field.name)) throw typedDataInvalid(`The type "${name}" declares the field "${field.name}" twice.`);
    seen.add(field.name);
    const base = baseType(field.type);
    if (Object.hasOwn(types, base)) collectDependencies(types, base, found);
    else if (!isAtomicOrDynamic(base)) throw typedDataInvalid(`The field "${name}.${field.name}" has the type "${field.type}", which is neither a Solidity type nor defined in the typed data.`);
  }
}

function baseType(type: string): string {
  let t = type;
  for (let m = ARRAY_SUFFIX.exec(t); m; m = ARRAY_SUFFIX.exec(t)) t = m[1]!;
  return t;
}

function isAtomicOrDynamic(type: string): boolean {
  if (type === 'address' || type === 'bool' || type === 'string' || type === 'bytes') return true;
  const int = /^u?int(\d+)$/.exec(type);
  if (int) return validIntWidth(Number(int[1]));
  const fixed = /^bytes(\d+)$/.exec(type);
  return fixed !== null && Number(fixed[1]) >= 1 && Number(fixed[1]) <= 32 && String(Number(fixed[1])) === fixed[1];
}

function validIntWidth(bits: number): boolean {
  return bits >= 8 && bits <= 256 && bits % 8 === 0;
}

function encodeData(types: TypedDataTypes, name: string, value: TypedDataValue, path: string): Uint8Array {
  if (!isStruct(value)) throw typedDataInvalid(`"${path}" must be an object with the fields of ${name}.`);
  const fields = structFields(types, name);
  const declared = new Set(fields.map((f) => f.name));
  for (const key of Object.keys(value)) {
    // SECURITY: a field outside the type is not hashed, so showing it would show something the signature does not cover.
    if (!declared.has(key)) throw typedDataInvalid(`"${path}.${key}" is not a field of ${name}, so it would not be signed; remove it or fix the type.`);
  }
  const words = [typeHash(types, name)];
  for (const field of fields) {
    const fieldValue = value[field.name];
    if (fieldValue === undefined) throw typedDataInvalid(`"${path}.${field.name}" (${field.type}) is missing.`);
    words.push(encodeField(types, field.type, fieldValue, `${path}.${field.name}`));
  }
  return concatBytes(...words);
}

function encodeField(types: TypedDataTypes, type: string, value: TypedDataValue, path: string): Uint8Array {
  const array = ARRAY_SUFFIX.exec(type);
  if (array) {
    if (!Array.isArray(value)) throw typedDataInvalid(`"${path}" must be an array (${type}).`);
    const items = value as readonly TypedDataValue[];
    if (array[2] !== '' && items.length !== Number(array[2])) {
      throw typedDataInvalid(`"${path}" must have exactly ${array[2]} elements (${type}); it has ${items.length}.`);
    }
    return keccak_256(concatBytes(...items.map((item, i) => encodeField(types, array[1]!, item, `${path}[${i}]`))));
  }
  if (Object.hasOwn(types, type)) return keccak_256(encodeData(types, type, value, path));
  if (type === 'string') {
    if (typeof value !== 'string') throw typedDataInvalid(`"${path}" must be text (string).`);
    return keccak_256(utf8ToBytes(value));
  }
  if (type === 'bytes') return keccak_256(bytesValue(value, path, type));
  return encodeAtomic(type, value, path);
}

function encodeAtomic(type: string, value: TypedDataValue, path: string): Uint8Array {
  if (type === 'address') {
    let bytes: Uint8Array;
    if (value instanceof Uint8Array && value.length === 20) bytes = value;
    else if (typeof value === 'string') bytes = addressBytes(parseAddress(value));
    else throw typedDataInvalid(`"${path}" must be an address (0x followed by 40 hexadecimal characters).`);
    return leftPad(bytes);
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw typedDataInvalid(`"${path}" must be true or false (bool).`);
    return leftPad(Uint8Array.of(value ? 1 : 0));
  }
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed) {
    const size = Number(fixed[1]);
    const bytes = bytesValue(value, path, type);
    if (bytes.length !== size) throw typedDataInvalid(`"${path}" must be exactly ${size} bytes (${type}); it is ${bytes.length}.`);
    const word = new Uint8Array(32);
    word.set(bytes);
    return word;
  }
  const int = /^(u?)int(\d+)$/.exec(type);
  if (int && validIntWidth(Number(int[2]))) return integerWord(value, int[1] === 'u', Number(int[2]), path, type);
  throw typedDataInvalid(`"${path}" has the type "${type}", which typed data does not support.`);
}

function integerWord(value: TypedDataValue, unsigned: boolean, bits: number, path: string, type: string): Uint8Array {
  let n: bigint;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
  else if (typeof value === 'string' && /^(-?[0-9]+|0x[0-9a-fA-F]+)$/.test(value.trim())) n = BigInt(value.trim());
  else throw typedDataInvalid(`"${path}" must be a whole number (${type}), written in decimal or as 0x hexadecimal.`);
  const min = unsigned ? 0n : -(1n << BigInt(bits - 1));
  const max = unsigned ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n;
  if (n < min || n > max) throw typedDataInvalid(`"${path}" is ${n}, outside the range of ${type} (${min} to ${max}).`);
  const word = new Uint8Array(32);
  let x = BigInt.asUintN(256, n);
  for (let i = 31; i >= 0; i--) {
    word[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return word;
}

function bytesValue(value: TypedDataValue, path: string, type: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(value)) return fromHex(value);
  throw typedDataInvalid(`"${path}" must be bytes (${type}), written as 0x followed by two hexadecimal digits per byte.`);
}

function leftPad(bytes: Uint8Array): Uint8Array {
  const word = new Uint8Array(32);
  word.set(bytes, 32 - bytes.length);
  return word;
}

function isStruct(value: TypedDataValue): value is TypedDataStruct {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function typedDataInvalid(message: string): AirlockError {
  return new AirlockError('typed-data-invalid', message);
}
