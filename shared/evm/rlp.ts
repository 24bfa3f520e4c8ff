// Recursive Length Prefix (Ethereum's serialization of transactions): encoding, and a strict decoder
// that accepts only the one canonical form, so the bytes shown in review are the bytes signed.
import { concatBytes } from '../bytes';
import { AirlockError } from '../errors';

/** An RLP item: a byte string or a list of items. */
export type RlpItem = Uint8Array | readonly RlpItem[];

/** Largest input decoded (1 MiB): an Ethereum node refuses transactions over 128 KiB. */
export const MAX_RLP_SIZE = 1 << 20;
/** Deepest nesting decoded; transactions use 3 (access list entries). */
export const MAX_RLP_DEPTH = 16;

export function encodeRlp(item: RlpItem): Uint8Array {
  const parts: Uint8Array[] = [];
  encodeInto(item, parts, 0);
  return concatBytes(...parts);
}

function encodeInto(item: RlpItem, parts: Uint8Array[], depth: number): number {
  if (depth > MAX_RLP_DEPTH) throw rlpInvalid(`RLP lists may nest at most ${MAX_RLP_DEPTH} levels deep.`);
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0]! < 0x80) {
      parts.push(item);
      return 1;
    }
    const header = lengthHeader(0x80, item.length);
    parts.push(header, item);
    return header.length + item.length;
  }
  if (!Array.isArray(item)) throw new TypeError(`expected an RLP item (Uint8Array or array), got ${typeof item}`);
  const at = parts.length;
  parts.push(new Uint8Array(0)); // placeholder for the header
  let length = 0;
  for (const child of item) length += encodeInto(child, parts, depth + 1);
  const header = lengthHeader(0xc0, length);
  parts[at] = header;
  return header.length + length;
}

function lengthHeader(offset: number, length: number): Uint8Array {
  if (length < 56) return Uint8Array.of(offset + length);
  const lengthBytes = integerBytes(BigInt(length));
  return Uint8Array.of(offset + 55 + lengthBytes.length, ...lengthBytes);
}

/** Decodes exactly one item filling all of `bytes`; anything non-canonical or trailing is `rlp-invalid`. */
export function decodeRlp(bytes: Uint8Array): RlpItem {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`expected RLP bytes as a Uint8Array, got ${typeof bytes}`);
  if (bytes.length === 0) throw rlpInvalid('The RLP data is empty.');
  if (bytes.length > MAX_RLP_SIZE) throw rlpInvalid(`The RLP data is ${bytes.length} bytes; at most ${MAX_RLP_SIZE} are read.`);
  const { item, end } = decodeAt(bytes, 0, bytes.length, 0);
  if (end !== bytes.length) throw rlpInvalid(`The RLP data has ${bytes.length - end} extra bytes after its one item.`);
  return item;
}

function decodeAt(bytes: Uint8Array, pos: number, limit: number, depth: number): { item: RlpItem; end: number } {
  if (depth > MAX_RLP_DEPTH) throw rlpInvalid(`RLP lists nest more than ${MAX_RLP_DEPTH} levels deep.`);
  if (pos >= limit) throw rlpInvalid(`The RLP data ends at byte ${pos}, where an item was expected.`);
  const prefix = bytes[pos]!;
  if (prefix < 0x80) return { item: bytes.slice(pos, pos + 1), end: pos + 1 };
  const isList = prefix >= 0xc0;
  const base = isList ? 0xc0 : 0x80;
  let start: number;
  let length: number;
  if (prefix - base <= 55) {
    start = pos + 1;
    length = prefix - base;
  } else {
    const lengthOfLength = prefix - base - 55;
    if (pos + 1 + lengthOfLength > limit) throw rlpInvalid(`The RLP data ends inside the length of the item at byte ${pos}.`);
    if (lengthOfLength > 4) throw rlpInvalid(`The item at byte ${pos} claims a length of ${lengthOfLength} bytes, far more than the data holds.`);
    const lengthBytes = bytes.subarray(pos + 1, pos + 1 + lengthOfLength);
    if (lengthBytes[0] === 0) throw rlpInvalid(`The length of the item at byte ${pos} has a leading zero byte (not canonical RLP).`);
    length = 0;
    for (const b of lengthBytes) length = length * 256 + b;
    if (length < 56) throw rlpInvalid(`The item at byte ${pos} uses a long length form for ${length} bytes (not canonical RLP).`);
    start = pos + 1 + lengthOfLength;
  }
  const end = start + length;
  if (end > limit) {
    throw rlpInvalid(`The item at byte ${pos} claims ${length} bytes, but only ${Math.max(0, limit - start)} remain.`);
  }
  if (!isList) {
    if (length === 1 && bytes[start]! < 0x80) {
      throw rlpInvalid(`The single byte at ${start} is wrapped in a string header; canonical RLP writes it on its own.`);
    }
    return { item: bytes.slice(start, end), end };
  }
  const items: RlpItem[] = [];
  let at = start;
  while (at < end) {
    const child = decodeAt(bytes, at, end, depth + 1);
    items.push(child.item);
    at = child.end;
  }
  return { item: items, end };
}

/** Minimal big-endian bytes of a non-negative integer (0 → empty), as RLP scalars are written. */
export function integerBytes(value: bigint): Uint8Array {
  if (typeof value !== 'bigint' || value < 0n) throw new TypeError(`expected a non-negative bigint, got ${String(value)}`);
  if (value === 0n) return new Uint8Array(0);
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Reads an RLP scalar: no leading zero byte (so every number has one encoding) and at most
 * `maxBytes` long. `what` names the field for the error sentence.
 */
export function decodeInteger(item: RlpItem, what: string, maxBytes = 32): bigint {
  if (!(item instanceof Uint8Array)) throw rlpInvalid(`The ${what} is a list where a number was expected.`);
  if (item.length > maxBytes) throw rlpInvalid(`The ${what} is ${item.length} bytes long; at most ${maxBytes} are allowed.`);
  if (item.length > 0 && item[0] === 0) throw rlpInvalid(`The ${what} has a leading zero byte (not canonical).`);
  let value = 0n;
  for (const b of item) value = (value << 8n) | BigInt(b);
  return value;
}

function rlpInvalid(message: string): AirlockError {
  return new AirlockError('rlp-invalid', message);
}
