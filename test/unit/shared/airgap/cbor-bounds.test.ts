import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertCborBounded, MAX_CBOR_DEPTH } from '../../../../shared/airgap/cbor-bounds';

const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));

test('well-formed definite-length CBOR passes: maps, arrays, tags, byte and text strings, simple values, floats', () => {
  for (const ok of ['00', '1a12345678', '1b0000000100000000', '4401020304', '6161', 'a201f502f6', '83010203', 'd8255001020304050607080910111213141516', 'f93c00', 'fb3ff0000000000000']) {
    assert.doesNotThrow(() => assertCborBounded(hex(ok)), ok);
  }
});

test('lengths beyond the bytes present, indefinite lengths, trailing bytes and deep nesting are refused', () => {
  for (const bad of ['5a12345678', '9a12345678', 'ba12345678', '5f', '9f', 'ff', '4401', 'a101', '0000', '', '18', '1c']) {
    assert.throws(() => assertCborBounded(hex(bad)), Error, bad);
  }
  assert.throws(() => assertCborBounded(new Uint8Array(MAX_CBOR_DEPTH + 2).fill(0x81)), /nested too deeply/);
});

test('fuzz: any bytes either pass or throw, quickly, and what passes is consumed exactly', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      try {
        assertCborBounded(bytes);
      } catch (e) {
        assert.ok(e instanceof Error && /^CBOR /.test(e.message));
      }
    }),
    { numRuns: 5000 },
  );
});
