// The few CBOR items (RFC 8949) the air-gap codec writes and reads itself: heads, byte strings and small maps of
// unsigned integers, over untrusted bytes with every length checked against the bytes present.

export const CBOR_UINT = 0;
export const CBOR_BYTES = 2;
export const CBOR_ARRAY = 4;
export const CBOR_MAP = 5;

/** The shortest head for `major` with argument `value` (value < 2^32: every length the codec allows). */
export function cborHead(major: number, value: number): Uint8Array {
  const type = major << 5;
  if (value < 24) return Uint8Array.of(type | value);
  if (value < 0x100) return Uint8Array.of(type | 24, value);
  if (value < 0x10000) return Uint8Array.of(type | 25, value >> 8, value & 0xff);
  return Uint8Array.of(type | 26, (value >>> 24) & 0xff, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff);
}

/** A definite-length CBOR byte string holding `bytes`. */
export function cborByteString(bytes: Uint8Array): Uint8Array {
  const head = cborHead(CBOR_BYTES, bytes.length);
  const out = new Uint8Array(head.length + bytes.length);
  out.set(head);
  out.set(bytes, head.length);
  return out;
}

/**
 * Reads heads and byte strings front to back. Throws a plain Error naming what is wrong (callers turn it into
 * their AirlockError); only definite lengths up to 2^32 are accepted, the most a UR part or message can need.
 */
export class CborReader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.offset === this.bytes.length;
  }

  /** The next head: [major type, argument]. */
  head(): [number, number] {
    const first = this.bytes[this.offset++];
    if (first === undefined) throw new Error('is cut short');
    const major = first >> 5;
    const info = first & 0x1f;
    if (info < 24) return [major, info];
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : 0;
    if (size === 0) throw new Error('has an indefinite, 8-byte or reserved length');
    if (this.offset + size > this.bytes.length) throw new Error('is cut short');
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + this.bytes[this.offset++]!;
    return [major, value];
  }

  /** The next item, which must be of `major` type; returns its argument. */
  expect(major: number, what: string): number {
    const [found, value] = this.head();
    if (found !== major) throw new Error(`has no ${what} where one belongs`);
    return value;
  }

  /** The next item as a byte string's content (a view, not a copy). */
  byteString(what: string): Uint8Array {
    const length = this.expect(CBOR_BYTES, what);
    if (this.offset + length > this.bytes.length) throw new Error('declares more bytes than it has');
    const content = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return content;
  }
}
