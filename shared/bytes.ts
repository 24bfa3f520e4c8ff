// Bytes and hex for the whole codebase, in one module (as noble's utils are for noble): bytes are Uint8Array end to
// end, hex is written only at the edges (JSON, CLI, the screen). Code takes its byte helpers from here, so each exists once.
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export { bytesToHex, concatBytes, hexToBytes, utf8ToBytes };

const WHOLE_BYTES = /^([0-9a-fA-F]{2})*$/;

/** Bytes as `0x` and lowercase hex digits: how bytes are written at the edges. */
export function toHex(bytes: Uint8Array): string {
  return `0x${bytesToHex(bytes)}`;
}

/** Hex already checked to be whole bytes, with or without `0x`, as bytes. Throws on anything else (a bug, not input). */
export function fromHex(hex: string): Uint8Array {
  return hexToBytes(/^0x/i.test(hex) ? hex.slice(2) : hex);
}

/** Text from outside (stdin, a pasted box) read as hex bytes: surrounding space and `0x` ignored; null when it is not whole bytes. */
export function parseHex(text: string): Uint8Array | null {
  const digits = text.trim().replace(/^0x/i, '');
  return WHOLE_BYTES.test(digits) ? hexToBytes(digits) : null;
}

/** Big-endian bytes as an unsigned integer (0 for none). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(toHex(bytes));
}

/** An unsigned integer as `length` big-endian bytes; throws when it does not fit. */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const digits = value.toString(16);
  if (value < 0n || digits.length > length * 2) throw new RangeError(`${value} does not fit in ${length} bytes.`);
  return hexToBytes(digits.padStart(length * 2, '0'));
}

/** A JSON-RPC quantity: `0x` and hex digits without leading zeros ("0x0" for zero). */
export function quantityHex(value: bigint | number): string {
  return `0x${value.toString(16)}`;
}
