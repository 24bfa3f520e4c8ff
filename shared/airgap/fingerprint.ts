// Payload fingerprint words: four BIP-39 words both screens show, so a person can see the QR transfer carried the same thing.
//
// Definition (version 1, stable: both machines and future versions must agree):
//   digest = SHA-256( UTF-8(type) || 0x00 || payload )      (0x00 cannot occur in a UR type, so no ambiguity)
//   words  = the first 44 bits of digest, read as four 11-bit big-endian indexes into the BIP-39 English list.
// 44 bits: a random mismatch goes unnoticed once in 1.7e13; it is a check for people, not a MAC.
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '../bytes';
import { wordlist } from '@scure/bip39/wordlists/english.js';

export const FINGERPRINT_VERSION = 1;
export const FINGERPRINT_WORD_COUNT = 4;

/** The four fingerprint words of a UR payload (type as in the UR, lower case). */
export function fingerprintWords(type: string, payload: Uint8Array): string[] {
  const digest = sha256(concatBytes(utf8ToBytes(type.toLowerCase()), new Uint8Array([0]), payload));
  const words: string[] = [];
  for (let i = 0; i < FINGERPRINT_WORD_COUNT; i++) words.push(wordlist[elevenBits(digest, i * 11)]!);
  return words;
}

/** The words as one line, e.g. "abandon ability able about". */
export function fingerprintText(type: string, payload: Uint8Array): string {
  return fingerprintWords(type, payload).join(' ');
}

function elevenBits(bytes: Uint8Array, bitOffset: number): number {
  let value = 0;
  for (let bit = bitOffset; bit < bitOffset + 11; bit++) {
    value = (value << 1) | ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1);
  }
  return value;
}
