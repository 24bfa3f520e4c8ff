// Interop with a UR implementation that is not ours: Airlock's codec wraps @ngraveio/bc-ur, so reading its parts with
// that same library proves little about the fountain code. These are the parts Blockchain Commons' C++ reference
// implementation (BCR-2020-005) publishes in its tests (test/vectors/bc-ur-reference.json); Airlock must make them
// byte for byte from the same message, and read them back, with parts lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createUrDecoder, createUrEncoder, decodeUrParts, encodeSingleUr, encodeUr } from '../../../../shared/airgap/ur';

interface ReferenceVectors {
  single: { payloadBytes: number; part: string };
  multipart: { payloadBytes: number; maxFragmentLength: number; parts: string[] };
}
const REFERENCE = JSON.parse(readFileSync(join(import.meta.dirname, '../../../vectors/bc-ur-reference.json'), 'utf8')) as ReferenceVectors;

const MASK64 = (1n << 64n) - 1n;

/**
 * The reference tests' make_message(length, "Wolf"): bytes from Xoshiro256** seeded with SHA-256 of the seed,
 * written here from the reference's xoshiro256.cpp so the message does not come from the library Airlock wraps.
 */
function referenceMessage(length: number, seed = 'Wolf'): Uint8Array {
  const digest = sha256(new TextEncoder().encode(seed));
  const s = [0, 1, 2, 3].map((i) => digest.slice(8 * i, 8 * i + 8).reduce((v, b) => (v << 8n) | BigInt(b), 0n)) as [bigint, bigint, bigint, bigint];
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (64n - k))) & MASK64;
  const next = (): bigint => {
    const result = (rotl((s[1] * 5n) & MASK64, 7n) * 9n) & MASK64;
    const t = (s[1] << 17n) & MASK64;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45n);
    return result;
  };
  // next_byte() = next_int(0, 255) = floor(next_double() * 256), next_double() = next() / 2^64.
  return Uint8Array.from({ length }, () => Math.floor((Number(next()) / 2 ** 64) * 256));
}

test('the reference\'s single-part ur:bytes: Airlock makes the same part from the same 50 bytes, and reads it back to them', () => {
  const message = referenceMessage(REFERENCE.single.payloadBytes);
  assert.equal(encodeSingleUr('bytes', message), REFERENCE.single.part);
  assert.deepEqual(encodeUr('bytes', message, 100), [REFERENCE.single.part]);
  assert.deepEqual(decodeUrParts([REFERENCE.single.part], ['bytes']), { type: 'bytes', payload: message });
});

test('the reference\'s 20 fountain parts of 256 bytes: Airlock\'s encoder makes them byte for byte, its decoder reads them', () => {
  const { payloadBytes, maxFragmentLength, parts } = REFERENCE.multipart;
  const message = referenceMessage(payloadBytes);
  const encoder = createUrEncoder('bytes', message, maxFragmentLength);
  assert.equal(encoder.fragmentCount, 9);
  assert.deepEqual(Array.from({ length: parts.length }, () => encoder.nextPart()), parts);
  assert.equal(bytesToHex(decodeUrParts(parts, ['bytes']).payload), bytesToHex(message));
});

test('the reference\'s parts read in Airlock\'s camera decoder with a third lost, upper case, out of order', () => {
  const { payloadBytes, parts } = REFERENCE.multipart;
  const message = bytesToHex(referenceMessage(payloadBytes));
  // Every third part lost (fragments 1, 4, 7 among them: the fountain mixes must stand in), then shown backwards.
  const kept = parts.filter((_, i) => i % 3 !== 0).reverse().map((part) => part.toUpperCase());
  const decoder = createUrDecoder(['bytes']);
  const done = kept.map((part) => decoder.receive(part)).find((receipt) => receipt.complete || receipt.error);
  assert.equal(done?.error, undefined);
  assert.equal(bytesToHex(done!.result!.payload), message);
});
