// Ethereum addresses: EIP-55 mixed-case checksums, the one parser for address text, and the address
// of a secp256k1 public key.
import { Point } from '@noble/secp256k1';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, fromHex, utf8ToBytes } from '../bytes';
import { AirlockError } from '../errors';

/** "0x" + 40 hex digits in EIP-55 case. Only this module makes one, so holding one means it was checked. */
export type Address = string & { readonly __brand: 'eip55-address' };

/** The EIP-55 form of 20 address bytes. For address text, use parseAddress. */
export function toChecksumAddress(bytes: Uint8Array): Address {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 20) {
    throw new TypeError(`expected 20 address bytes, got ${bytes instanceof Uint8Array ? bytes.length : typeof bytes}`);
  }
  return checksummed(bytesToHex(bytes));
}

/**
 * Reads an address a person typed or pasted (surrounding whitespace ignored). All-lowercase (and
 * all-uppercase) text carries no checksum and is accepted as is; mixed case must match EIP-55.
 */
export function parseAddress(text: string): Address {
  if (typeof text !== 'string') throw new TypeError(`expected address text, got ${typeof text}`);
  const trimmed = text.trim();
  if (!trimmed.startsWith('0x')) {
    throw addressInvalid('An Ethereum address starts with 0x followed by 40 hexadecimal characters; this text does not start with 0x.');
  }
  const hex = trimmed.slice(2);
  const bad = hex.search(/[^0-9a-fA-F]/);
  if (bad >= 0) {
    const character = String.fromCodePoint(hex.codePointAt(bad)!);
    throw addressInvalid(
      `Character ${bad + 3} of the address ("${character}") is not a hexadecimal digit (0–9, a–f). ` +
        'Check for the letter O typed for zero, or l for one.',
      bad + 3,
    );
  }
  if (hex.length !== 40) {
    throw addressInvalid(
      `An Ethereum address has 40 characters after 0x; this one has ${hex.length}. Check for a missing or extra character.`,
    );
  }
  const address = checksummed(hex.toLowerCase());
  const hasChecksum = hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
  if (hasChecksum && address !== trimmed) {
    throw new AirlockError(
      'address-checksum-invalid',
      'The upper- and lower-case letters of this address do not match its EIP-55 checksum, so at least one character is wrong. ' +
        'Copy the address again from its source rather than correcting it by hand.',
    );
  }
  return address;
}

/** The 20 bytes of an address. */
export function addressBytes(address: Address): Uint8Array {
  return fromHex(address);
}

/** keccak256 of the 64-byte uncompressed public key (X‖Y), last 20 bytes. Accepts 65- or 33-byte SEC1 keys. */
export function addressFromPublicKey(publicKey: Uint8Array): Address {
  let point: Point;
  try {
    point = Point.fromBytes(publicKey);
  } catch {
    throw new AirlockError('public-key-invalid', 'This is not a valid secp256k1 public key, so it has no Ethereum address.');
  }
  const uncompressed = point.toBytes(false);
  return toChecksumAddress(keccak_256(uncompressed.subarray(1)).subarray(12));
}

function checksummed(lowerHex: string): Address {
  const hash = bytesToHex(keccak_256(utf8ToBytes(lowerHex)));
  let out = '0x';
  for (let i = 0; i < lowerHex.length; i++) {
    const c = lowerHex[i]!;
    out += parseInt(hash[i]!, 16) >= 8 ? c.toUpperCase() : c;
  }
  return out as Address;
}

function addressInvalid(message: string, position?: number): AirlockError {
  return new AirlockError('address-invalid', message, position === undefined ? {} : { position });
}
