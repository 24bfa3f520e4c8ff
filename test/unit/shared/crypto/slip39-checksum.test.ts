// Tests the RS1024 checksum: creation/verification, the two customization strings, and error location.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createChecksum, extendableOf, locateChecksumError, verifyChecksum } from '../../../../shared/crypto/slip39-checksum';

/** Data words of a share: the extendable flag (bit 4 of word 2) chosen explicitly. */
const dataArb = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 1023 }), { minLength: 17, maxLength: 30 }), fc.boolean())
  .map(([words, extendable]) => {
    const data = [...words];
    data[1] = (data[1]! & ~16) | (extendable ? 16 : 0);
    return { data, extendable };
  });

test('a created checksum verifies, and only under its own customization string', () => {
  fc.assert(
    fc.property(dataArb, ({ data, extendable }) => {
      const words = [...data, ...createChecksum(data, extendable)];
      assert.equal(extendableOf(words), extendable);
      assert.equal(verifyChecksum(words, extendable), true);
      assert.equal(verifyChecksum(words, !extendable), false);
    }),
    { numRuns: 300 },
  );
});

test('any single wrong word is detected and located exactly, including in the first two and the checksum words', () => {
  fc.assert(
    fc.property(dataArb, fc.nat(), fc.integer({ min: 1, max: 1023 }), ({ data, extendable }, at, delta) => {
      const words = [...data, ...createChecksum(data, extendable)];
      const index = at % words.length;
      words[index] = words[index]! ^ delta;
      assert.equal(verifyChecksum(words, extendableOf(words)), false);
      assert.deepEqual(locateChecksumError(words), { kind: 'word', index });
    }),
    { numRuns: 60 },
  );
});

test('two swapped neighbouring words are detected and located', () => {
  fc.assert(
    fc.property(dataArb, fc.nat(), ({ data, extendable }, at) => {
      const words = [...data, ...createChecksum(data, extendable)];
      const index = 2 + (at % (words.length - 3));
      fc.pre(words[index] !== words[index + 1]);
      [words[index], words[index + 1]] = [words[index + 1]!, words[index]!];
      assert.equal(verifyChecksum(words, extendable), false);
      assert.deepEqual(locateChecksumError(words), { kind: 'swap', index });
    }),
    { numRuns: 40 },
  );
});

test('any two or three wrong words are detected (RS1024 guarantees up to three)', () => {
  fc.assert(
    fc.property(
      dataArb,
      fc.uniqueArray(fc.nat({ max: 19 }), { minLength: 2, maxLength: 3 }),
      fc.array(fc.integer({ min: 1, max: 1023 }), { minLength: 3, maxLength: 3 }),
      ({ data, extendable }, positions, deltas) => {
        const words = [...data, ...createChecksum(data, extendable)];
        positions.forEach((p, i) => (words[p] = words[p]! ^ deltas[i]!));
        assert.equal(verifyChecksum(words, extendableOf(words)), false);
      },
    ),
    { numRuns: 300 },
  );
});
