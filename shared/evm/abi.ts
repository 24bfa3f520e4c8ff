// Solidity ABI encoding and strict decoding for the calls recovery builds and reviews, with function
// signatures read from human-readable text ("transfer(address,uint256)") or ABI JSON fragments.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToBigInt, bytesToHex, concatBytes, toHex, utf8ToBytes } from '../bytes';
import { AirlockError } from '../errors';
import { addressBytes, parseAddress, toChecksumAddress } from './address';

/** A value in ABI terms: integers as bigint, addresses as EIP-55 strings, bytes as Uint8Array, arrays and tuples as arrays. */
export type AbiValue = bigint | boolean | string | Uint8Array | AbiValue[];

/** One parameter of a function: its name (may be empty) and canonical type ("uint256", "(address,bytes)[]"). */
export interface AbiParameter {
  name: string;
  type: string;
}

/** A parsed function: canonical signature, selector, named inputs and outputs. */
export interface AbiFunction {
  name: string;
  /** Canonical form hashed for the selector, e.g. "transfer(address,uint256)". */
  signature: string;
  selector: Uint8Array;
  inputs: readonly AbiParameter[];
  outputs: readonly AbiParameter[];
}

/** Largest ABI data decoded (1 MiB): far above any transaction a node relays (~128 KiB). */
export const MAX_ABI_DATA = 1 << 20;
const MAX_SIGNATURE_LENGTH = 4096;
const MAX_TYPE_DEPTH = 16;
const MAX_FIXED_ARRAY = 1 << 16;
const MAX_STATIC_WORDS = 1 << 16;

type AbiType =
  | { kind: 'uint' | 'int'; bits: number }
  | { kind: 'address' }
  | { kind: 'bool' }
  | { kind: 'fixed-bytes'; size: number }
  | { kind: 'bytes' }
  | { kind: 'string' }
  | { kind: 'array'; element: AbiType; length: number | null }
  | { kind: 'tuple'; components: readonly AbiType[]; names: readonly string[] };

// ---------------------------------------------------------------------------------------------
// Public API

/** The 4-byte selector: the first 4 bytes of keccak256 of the canonical signature. */
export function functionSelector(signature: string): Uint8Array {
  return parseFunction(signature).selector;
}

/** Selector followed by the encoded arguments. */
export function encodeFunctionCall(signature: string, args: readonly AbiValue[]): Uint8Array {
  const fn = parseFunctionInternal(signature);
  const body = encodeTuple(fn.inputTypes, args, null, fn.inputs.map((p) => p.name));
  const out = new Uint8Array(4 + body.length);
  out.set(fn.selector, 0);
  out.set(body, 4);
  return out;
}

/** The arguments of a call to `signature`; refuses another selector and any non-canonical encoding. */
export function decodeFunctionCall(signature: string, data: Uint8Array): AbiValue[] {
  const fn = parseFunctionInternal(signature);
  assertBytes(data, 'call data');
  if (data.length < 4) {
    throw abiInvalid(`The call data is ${data.length} bytes long; a function call starts with a 4-byte selector.`);
  }
  if (bytesToHex(data.subarray(0, 4)) !== bytesToHex(fn.selector)) {
    throw abiInvalid(
      `The call data starts with selector ${toHex(data.subarray(0, 4))}, not ${toHex(fn.selector)} of ${fn.signature}.`,
    );
  }
  return decodeTuple(fn.inputTypes, data.subarray(4), fn.inputs.map((p) => p.name));
}

export function encodeParameters(types: readonly string[], values: readonly AbiValue[]): Uint8Array {
  return encodeTuple(types.map(parseTypeText), values, null);
}

export function decodeParameters(types: readonly string[], data: Uint8Array): AbiValue[] {
  assertBytes(data, 'ABI data');
  return decodeTuple(types.map(parseTypeText), data);
}

/** The canonical form of one type ("uint" → "uint256", "tuple(address a, uint b)[]" → "(address,uint256)[]"). */
export function canonicalType(type: string): string {
  return canonical(parseTypeText(type));
}

/** Parses a human-readable signature or one ABI JSON function fragment (as text). */
export function parseFunction(signature: string): AbiFunction {
  const fn = parseFunctionInternal(signature);
  return { name: fn.name, signature: fn.signature, selector: fn.selector.slice(), inputs: fn.inputs, outputs: fn.outputs };
}

/** The functions of an ABI JSON document (an array of fragments, or the text of one); other fragment kinds are skipped. */
export function parseAbiJson(abi: unknown): AbiFunction[] {
  let json = abi;
  if (typeof abi === 'string') {
    try {
      json = JSON.parse(abi);
    } catch {
      throw abiInvalid('The ABI text is not valid JSON.');
    }
  }
  if (!Array.isArray(json)) throw abiInvalid('An ABI JSON document is an array of fragments such as {"type":"function",...}.');
  return json
    .filter((fragment) => isRecord(fragment) && (fragment.type === undefined || fragment.type === 'function'))
    .map((fragment) => {
      const fn = functionFromJson(fragment);
      return { name: fn.name, signature: fn.signature, selector: fn.selector.slice(), inputs: fn.inputs, outputs: fn.outputs };
    });
}

/** A JSON-safe rendering of a decoded value: integers as decimal strings, bytes as 0x hex. */
export type AbiJson = string | boolean | AbiJson[];

export function abiValueToJson(value: AbiValue): AbiJson {
  if (typeof value === 'bigint') return value.toString(10);
  if (value instanceof Uint8Array) return toHex(value);
  if (Array.isArray(value)) return value.map(abiValueToJson);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Signatures and types

interface ParsedFunction {
  name: string;
  signature: string;
  selector: Uint8Array;
  inputTypes: readonly AbiType[];
  inputs: readonly AbiParameter[];
  outputs: readonly AbiParameter[];
}

function parseFunctionInternal(text: string): ParsedFunction {
  if (typeof text !== 'string') throw new TypeError(`expected a function signature string, got ${typeof text}`);
  if (text.length > MAX_SIGNATURE_LENGTH) {
    throw abiInvalid(`A function signature may be at most ${MAX_SIGNATURE_LENGTH} characters; this one has ${text.length}.`);
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw abiInvalid('The function fragment starts with "{" but is not valid JSON.');
    }
    return functionFromJson(json);
  }
  const cursor = new Cursor(trimmed);
  cursor.skipSpace();
  if (cursor.peekWord() === 'function') {
    cursor.word();
    cursor.skipSpace();
  }
  const name = cursor.identifier('a function name');
  cursor.skipSpace();
  const inputs = parseParameterList(cursor, 0);
  let outputs: Named[] = [];
  for (;;) {
    cursor.skipSpace();
    if (cursor.done() || cursor.peek() === ';') break;
    const word = cursor.word();
    if (word === 'returns') {
      cursor.skipSpace();
      outputs = parseParameterList(cursor, 0);
    } else if (!FUNCTION_MODIFIERS.has(word)) {
      throw abiInvalid(`Unexpected "${word.slice(0, 24)}" after the parameters of ${name}(...).`);
    }
  }
  if (cursor.peek() === ';') cursor.next();
  cursor.skipSpace();
  if (!cursor.done()) throw abiInvalid(`Unexpected text after the signature of ${name}(...).`);
  return buildFunction(name, inputs, outputs);
}

const FUNCTION_MODIFIERS = new Set(['external', 'public', 'internal', 'private', 'view', 'pure', 'payable', 'nonpayable', 'virtual', 'override']);
const PARAMETER_MODIFIERS = new Set(['memory', 'calldata', 'storage', 'indexed']);

interface Named {
  name: string;
  type: AbiType;
}

function buildFunction(name: string, inputs: readonly Named[], outputs: readonly Named[]): ParsedFunction {
  const inputTypes = inputs.map((p) => p.type);
  const signature = `${name}(${inputTypes.map(canonical).join(',')})`;
  return {
    name,
    signature,
    selector: keccak_256(utf8ToBytes(signature)).slice(0, 4),
    inputTypes,
    inputs: inputs.map((p) => ({ name: p.name, type: canonical(p.type) })),
    outputs: outputs.map((p) => ({ name: p.name, type: canonical(p.type) })),
  };
}

function parseTypeText(text: string): AbiType {
  if (typeof text !== 'string') throw new TypeError(`expected an ABI type string, got ${typeof text}`);
  if (text.length > MAX_SIGNATURE_LENGTH) throw abiInvalid(`An ABI type may be at most ${MAX_SIGNATURE_LENGTH} characters.`);
  const cursor = new Cursor(text.trim());
  const type = parseType(cursor, 0);
  cursor.skipSpace();
  if (!cursor.done()) throw abiInvalid(`"${text.slice(0, 40)}" is not an ABI type: unexpected text after "${canonical(type)}".`);
  return type;
}

function parseParameterList(cursor: Cursor, depth: number): Named[] {
  cursor.expect('(');
  const params: Named[] = [];
  cursor.skipSpace();
  if (cursor.peek() === ')') {
    cursor.next();
    return params;
  }
  for (;;) {
    cursor.skipSpace();
    const type = parseType(cursor, depth);
    let name = '';
    for (;;) {
      cursor.skipSpace();
      const c = cursor.peek();
      if (c === ',' || c === ')' || c === undefined) break;
      const word = cursor.identifier('a parameter name');
      if (PARAMETER_MODIFIERS.has(word) || (word === 'payable' && type.kind === 'address')) continue;
      if (name) throw abiInvalid(`Parameter "${name}" is followed by an unexpected word "${word.slice(0, 24)}".`);
      name = word;
    }
    params.push({ name, type });
    if (cursor.peek() === ',') {
      cursor.next();
      continue;
    }
    cursor.expect(')');
    return params;
  }
}

function parseType(cursor: Cursor, depth: number): AbiType {
  if (depth > MAX_TYPE_DEPTH) throw abiInvalid(`ABI types may nest at most ${MAX_TYPE_DEPTH} levels deep.`);
  let type: AbiType;
  if (cursor.peek() === '(' || cursor.peekWord() === 'tuple') {
    if (cursor.peek() !== '(') {
      cursor.word();
      cursor.skipSpace();
    }
    const params = parseParameterList(cursor, depth + 1);
    type = { kind: 'tuple', components: params.map((p) => p.type), names: params.map((p) => p.name) };
  } else {
    type = elementaryType(cursor.word());
  }
  while (cursor.peek() === '[') {
    cursor.next();
    const digits = cursor.digits();
    cursor.expect(']');
    let length: number | null = null;
    if (digits !== '') {
      length = Number(digits);
      if (!/^[1-9][0-9]*$/.test(digits) || length > MAX_FIXED_ARRAY) {
        throw abiInvalid(`A fixed array length must be a whole number from 1 to ${MAX_FIXED_ARRAY} without leading zeros; got [${digits.slice(0, 12)}].`);
      }
    }
    if (++depth > MAX_TYPE_DEPTH) throw abiInvalid(`ABI types may nest at most ${MAX_TYPE_DEPTH} levels deep.`);
    type = { kind: 'array', element: type, length };
  }
  if (!isDynamic(type) && staticWords(type) > MAX_STATIC_WORDS) {
    throw abiInvalid(`The type ${canonical(type).slice(0, 60)} is larger than ${MAX_STATIC_WORDS * 32} bytes, more than any transaction carries.`);
  }
  return type;
}

function elementaryType(word: string): AbiType {
  if (word === 'address') return { kind: 'address' };
  if (word === 'bool') return { kind: 'bool' };
  if (word === 'bytes') return { kind: 'bytes' };
  if (word === 'string') return { kind: 'string' };
  if (word === 'uint' || word === 'int') return { kind: word, bits: 256 };
  let match = /^(u?int)([1-9][0-9]{0,2})$/.exec(word);
  if (match) {
    const bits = Number(match[2]);
    if (bits % 8 === 0 && bits <= 256) return { kind: match[1] as 'uint' | 'int', bits };
    throw abiInvalid(`"${word}" is not an ABI type: integer sizes are multiples of 8 from 8 to 256.`);
  }
  match = /^bytes([1-9][0-9]?)$/.exec(word);
  if (match) {
    const size = Number(match[1]);
    if (size <= 32) return { kind: 'fixed-bytes', size };
    throw abiInvalid(`"${word}" is not an ABI type: fixed byte sizes go from bytes1 to bytes32.`);
  }
  throw abiInvalid(
    word === ''
      ? 'An ABI type is missing (for example address, uint256, bytes32, bool, string, bytes, a tuple or an array).'
      : `"${word.slice(0, 24)}" is not an ABI type this vault reads (address, bool, uintN, intN, bytesN, bytes, string, tuples and arrays).`,
  );
}

function functionFromJson(json: unknown): ParsedFunction {
  if (!isRecord(json)) throw abiInvalid('An ABI function fragment is a JSON object with "name" and "inputs".');
  if (json.type !== undefined && json.type !== 'function') {
    throw abiInvalid(`This ABI fragment is of type "${String(json.type).slice(0, 24)}", not "function".`);
  }
  if (typeof json.name !== 'string' || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(json.name)) {
    throw abiInvalid('An ABI function fragment needs a "name" that is a Solidity identifier.');
  }
  const inputs = jsonParameters(json.inputs ?? [], 0, `inputs of ${json.name}`);
  const outputs = jsonParameters(json.outputs ?? [], 0, `outputs of ${json.name}`);
  return buildFunction(json.name, inputs, outputs);
}

function jsonParameters(list: unknown, depth: number, where: string): Named[] {
  if (!Array.isArray(list)) throw abiInvalid(`The ${where} must be a JSON array of {"name","type"} objects.`);
  if (depth > MAX_TYPE_DEPTH) throw abiInvalid(`ABI types may nest at most ${MAX_TYPE_DEPTH} levels deep.`);
  return list.map((param, i) => {
    if (!isRecord(param) || typeof param.type !== 'string') {
      throw abiInvalid(`Entry ${i + 1} of the ${where} needs a "type" string.`);
    }
    const name = typeof param.name === 'string' ? param.name : '';
    const tupleMatch = /^tuple((\[[0-9]*\])*)$/.exec(param.type);
    let type: AbiType;
    if (tupleMatch) {
      const components = jsonParameters(param.components, depth + 1, `components of "${name || `entry ${i + 1}`}"`);
      const tuple: AbiType = { kind: 'tuple', components: components.map((c) => c.type), names: components.map((c) => c.name) };
      type = tupleMatch[1] ? withArraySuffix(tuple, tupleMatch[1]) : tuple;
    } else {
      type = parseTypeText(param.type);
    }
    return { name, type };
  });
}

function withArraySuffix(base: AbiType, suffix: string): AbiType {
  // Re-parse through the text path so caps and checks apply once, in one place.
  return parseTypeText(canonical(base) + suffix);
}

function canonical(type: AbiType): string {
  switch (type.kind) {
    case 'uint':
    case 'int':
      return `${type.kind}${type.bits}`;
    case 'fixed-bytes':
      return `bytes${type.size}`;
    case 'array':
      return `${canonical(type.element)}[${type.length ?? ''}]`;
    case 'tuple':
      return `(${type.components.map(canonical).join(',')})`;
    default:
      return type.kind;
  }
}

function isDynamic(type: AbiType): boolean {
  switch (type.kind) {
    case 'bytes':
    case 'string':
      return true;
    case 'array':
      return type.length === null || isDynamic(type.element);
    case 'tuple':
      return type.components.some(isDynamic);
    default:
      return false;
  }
}

/** Size in 32-byte words of a static type's encoding (1 for the head slot of a dynamic one). */
function staticWords(type: AbiType): number {
  if (isDynamic(type)) return 1;
  if (type.kind === 'array') return type.length! * staticWords(type.element);
  if (type.kind === 'tuple') return type.components.reduce((sum, c) => sum + staticWords(c), 0);
  return 1;
}

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string | undefined {
    return this.text[this.pos];
  }
  next(): void {
    this.pos++;
  }
  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }
  expect(c: string): void {
    this.skipSpace();
    if (this.peek() !== c) {
      const found = this.peek();
      throw abiInvalid(`Expected "${c}" at character ${this.pos + 1} of the signature, found ${found === undefined ? 'its end' : `"${found}"`}.`);
    }
    this.pos++;
  }
  peekWord(): string {
    return /^[A-Za-z0-9_$]*/.exec(this.text.slice(this.pos, this.pos + 64))![0];
  }
  word(): string {
    const found = /^[A-Za-z0-9_$]*/.exec(this.text.slice(this.pos))![0];
    this.pos += found.length;
    return found;
  }
  identifier(what: string): string {
    const found = this.word();
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(found)) {
      const c = this.peek();
      throw abiInvalid(`Expected ${what} at character ${this.pos + 1} of the signature, found ${c === undefined ? 'its end' : `"${c}"`}.`);
    }
    return found;
  }
  digits(): string {
    const found = /^[0-9]*/.exec(this.text.slice(this.pos))![0];
    this.pos += found.length;
    return found;
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding

function encodeTuple(types: readonly AbiType[], values: readonly AbiValue[], parent: string | null, names?: readonly string[]): Uint8Array {
  const where = parent ?? 'the call';
  if (!Array.isArray(values)) throw abiInvalid(`Expected a list of ${types.length} values for ${where}.`);
  if (values.length !== types.length) {
    throw abiInvalid(`${capitalize(where)} takes ${types.length} value${types.length === 1 ? '' : 's'}; ${values.length} given.`);
  }
  const heads: Uint8Array[] = [];
  const tails: Uint8Array[] = [];
  let headSize = 0;
  for (const type of types) headSize += isDynamic(type) ? 32 : staticWords(type) * 32;
  let tailSize = 0;
  types.forEach((type, i) => {
    const label = labelFor(parent, i, names?.[i]);
    const encoded = encodeValue(type, values[i]!, label);
    if (isDynamic(type)) {
      heads.push(uintWord(BigInt(headSize + tailSize)));
      tails.push(encoded);
      tailSize += encoded.length;
    } else {
      heads.push(encoded);
    }
  });
  return concatBytes(...heads, ...tails);
}

function encodeValue(type: AbiType, value: AbiValue, label: string): Uint8Array {
  switch (type.kind) {
    case 'uint':
    case 'int':
      return encodeInteger(type.kind, type.bits, value, label);
    case 'address': {
      if (typeof value !== 'string') throw abiInvalid(`${capitalize(label)} must be an address (0x followed by 40 hex digits).`);
      const word = new Uint8Array(32);
      word.set(addressBytes(parseAddress(value)), 12);
      return word;
    }
    case 'bool':
      if (typeof value !== 'boolean') throw abiInvalid(`${capitalize(label)} must be true or false.`);
      return uintWord(value ? 1n : 0n);
    case 'fixed-bytes': {
      if (!(value instanceof Uint8Array) || value.length !== type.size) {
        throw abiInvalid(`${capitalize(label)} must be exactly ${type.size} bytes.`);
      }
      const word = new Uint8Array(32);
      word.set(value);
      return word;
    }
    case 'bytes':
    case 'string': {
      let bytes: Uint8Array;
      if (type.kind === 'string') {
        if (typeof value !== 'string') throw abiInvalid(`${capitalize(label)} must be text.`);
        bytes = utf8ToBytes(value);
      } else {
        if (!(value instanceof Uint8Array)) throw abiInvalid(`${capitalize(label)} must be bytes.`);
        bytes = value;
      }
      const out = new Uint8Array(32 + Math.ceil(bytes.length / 32) * 32);
      out.set(uintWord(BigInt(bytes.length)));
      out.set(bytes, 32);
      return out;
    }
    case 'array': {
      if (!Array.isArray(value)) throw abiInvalid(`${capitalize(label)} must be a list.`);
      if (type.length !== null && value.length !== type.length) {
        throw abiInvalid(`${capitalize(label)} must have exactly ${type.length} elements; it has ${value.length}.`);
      }
      const body = encodeTuple(
        value.map(() => type.element),
        value,
        label,
        value.map((_, i) => `[${i}]`),
      );
      return type.length === null ? concatBytes(uintWord(BigInt(value.length)), body) : body;
    }
    case 'tuple':
      if (!Array.isArray(value)) throw abiInvalid(`${capitalize(label)} must be a tuple (a list of ${type.components.length} values).`);
      return encodeTuple(type.components, value, label, type.names);
  }
}

function encodeInteger(kind: 'uint' | 'int', bits: number, value: AbiValue, label: string): Uint8Array {
  const min = kind === 'uint' ? 0n : -(1n << BigInt(bits - 1));
  const max = kind === 'uint' ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n;
  if (typeof value !== 'bigint' || value < min || value > max) {
    throw abiInvalid(
      `${capitalize(label)} must be a whole number from ${kind === 'uint' ? '0' : `-2^${bits - 1}`} to 2^${kind === 'uint' ? bits : bits - 1}-1 (${kind}${bits}).`,
    );
  }
  return uintWord(value < 0n ? (1n << 256n) + value : value);
}

/** A uint256 as one 32-byte big-endian word (the caller keeps value within 0..2^256-1). */
export function uintWord(value: bigint): Uint8Array {
  const word = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0 && v > 0n; i--) {
    word[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return word;
}

// ---------------------------------------------------------------------------------------------
// Decoding: strict, bounded, and finally checked to be the one canonical encoding.

class Reader {
  private budget: number;
  constructor(readonly data: Uint8Array) {
    // Each 32-byte word is read once in a canonical encoding; offsets that point back into data
    // already read (an "ABI bomb") exhaust this budget instead of the vault's memory.
    this.budget = 2 * Math.ceil(data.length / 32) + 1024;
  }
  spend(units: number, label: string): void {
    this.budget -= units;
    if (this.budget < 0) throw abiInvalid(`${capitalize(label)} reuses the same data again and again; this is not a standard ABI encoding.`);
  }
  word(pos: number, label: string): Uint8Array {
    if (pos + 32 > this.data.length) {
      throw abiInvalid(`The data ends at byte ${this.data.length}, before ${label} (which needs bytes ${pos} to ${pos + 32}).`);
    }
    this.spend(1, label);
    return this.data.subarray(pos, pos + 32);
  }
  /** A length or offset: must fit the data. */
  size(pos: number, label: string, what: string): number {
    const word = this.word(pos, label);
    const value = bigFromBytes(word);
    if (value > BigInt(this.data.length)) {
      throw abiInvalid(`The ${what} of ${label} is ${value > 1n << 64n ? 'a huge number' : value.toString()}, beyond the ${this.data.length} bytes of data.`);
    }
    return Number(value);
  }
}

function decodeTuple(types: readonly AbiType[], data: Uint8Array, names?: readonly string[]): AbiValue[] {
  if (data.length > MAX_ABI_DATA) {
    throw abiInvalid(`The ABI data is ${data.length} bytes; this vault decodes at most ${MAX_ABI_DATA} bytes.`);
  }
  const reader = new Reader(data);
  const values = decodeComponents(reader, types, 0, null, names);
  const reencoded = encodeTuple(types, values, null);
  if (reencoded.length < data.length && equalBytes(reencoded, data.subarray(0, reencoded.length))) {
    throw abiInvalid(
      `The data has ${data.length - reencoded.length} extra bytes after its last parameter; they would be signed without being shown, so it is refused.`,
    );
  }
  if (!equalBytes(reencoded, data)) {
    throw abiInvalid('The data is not in the standard (canonical) ABI encoding: an offset or length points somewhere a standard encoder would not put it.');
  }
  return values;
}

function decodeComponents(reader: Reader, types: readonly AbiType[], start: number, parent: string | null, names?: readonly string[]): AbiValue[] {
  let head = start;
  return types.map((type, i) => {
    const label = labelFor(parent, i, names?.[i]);
    let value: AbiValue;
    if (isDynamic(type)) {
      const offset = reader.size(head, label, 'offset');
      if (start + offset > reader.data.length) throw abiInvalid(`The offset of ${label} points beyond the end of the data.`);
      value = decodeAt(reader, type, start + offset, label);
      head += 32;
    } else {
      value = decodeAt(reader, type, head, label);
      head += staticWords(type) * 32;
    }
    return value;
  });
}

function decodeAt(reader: Reader, type: AbiType, pos: number, label: string): AbiValue {
  switch (type.kind) {
    case 'uint':
    case 'int':
      return decodeInteger(type.kind, type.bits, reader.word(pos, label), label);
    case 'address': {
      const word = reader.word(pos, label);
      if (!word.subarray(0, 12).every((b) => b === 0)) throw abiInvalid(`${capitalize(label)} is not an address: its first 12 bytes are not zero.`);
      return toChecksumAddress(word.slice(12));
    }
    case 'bool': {
      const value = bigFromBytes(reader.word(pos, label));
      if (value > 1n) throw abiInvalid(`${capitalize(label)} is not a boolean: it is neither 0 nor 1.`);
      return value === 1n;
    }
    case 'fixed-bytes': {
      const word = reader.word(pos, label);
      if (!word.subarray(type.size).every((b) => b === 0)) throw abiInvalid(`${capitalize(label)} has non-zero padding after its ${type.size} bytes.`);
      return word.slice(0, type.size);
    }
    case 'bytes':
    case 'string': {
      const length = reader.size(pos, label, 'length');
      const padded = Math.ceil(length / 32) * 32;
      if (pos + 32 + padded > reader.data.length) {
        throw abiInvalid(`${capitalize(label)} claims ${length} bytes, more than the data holds.`);
      }
      reader.spend(padded / 32, label);
      const bytes = reader.data.slice(pos + 32, pos + 32 + length);
      if (!reader.data.subarray(pos + 32 + length, pos + 32 + padded).every((b) => b === 0)) {
        throw abiInvalid(`${capitalize(label)} has non-zero padding after its ${length} bytes.`);
      }
      if (type.kind === 'bytes') return bytes;
      try {
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch {
        throw abiInvalid(`${capitalize(label)} is not valid UTF-8 text.`);
      }
    }
    case 'array': {
      let length = type.length;
      let start = pos;
      if (length === null) {
        length = reader.size(pos, label, 'length');
        start = pos + 32;
      }
      const elementSize = isDynamic(type.element) ? 32 : staticWords(type.element) * 32;
      if (start + length * elementSize > reader.data.length) {
        throw abiInvalid(`${capitalize(label)} claims ${length} elements, more than the data holds.`);
      }
      reader.spend(length, label);
      return decodeComponents(
        reader,
        Array.from({ length }, () => type.element),
        start,
        label,
        Array.from({ length }, (_, i) => `[${i}]`),
      );
    }
    case 'tuple':
      return decodeComponents(reader, type.components, pos, label, type.names);
  }
}

function decodeInteger(kind: 'uint' | 'int', bits: number, word: Uint8Array, label: string): bigint {
  const raw = bigFromBytes(word);
  if (kind === 'uint') {
    if (raw >> BigInt(bits) !== 0n) throw abiInvalid(`${capitalize(label)} does not fit in uint${bits}.`);
    return raw;
  }
  const value = raw >= 1n << 255n ? raw - (1n << 256n) : raw;
  const limit = 1n << BigInt(bits - 1);
  if (value < -limit || value >= limit) throw abiInvalid(`${capitalize(label)} does not fit in int${bits}.`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** "parameter 2 (\"owners\")", "parameter 2 (\"owners\")[3]", "parameter 1, field \"to\"". `parent` null = top level. */
function labelFor(parent: string | null, index: number, name: string | undefined): string {
  if (parent === null) return name ? `parameter ${index + 1} ("${name}")` : `parameter ${index + 1}`;
  if (name && name.startsWith('[')) return `${parent}${name}`;
  return `${parent}, field ${name ? `"${name}"` : index + 1}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function bigFromBytes(bytes: Uint8Array): bigint {
  return bytesToBigInt(bytes);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function assertBytes(value: unknown, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`expected ${what} as a Uint8Array, got ${typeof value}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function abiInvalid(message: string): AirlockError {
  return new AirlockError('abi-invalid', message);
}
