// Tests GF(256) arithmetic against a table-based reference and Lagrange interpolation's defining properties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gfInverse, gfMul, interpolate } from '../../../../shared/crypto/gf256';

/** Independent reference: exp/log tables built from generator 3 (x + 1), as SLIP-39's reference does. */
const EXP: number[] = [];
const LOG: number[] = new Array(256).fill(0);
for (let i = 0, p = 1; i < 255; i++) {
  EXP[i] = p;
  LOG[p] = i;
  p ^= p << 1;
  if (p & 0x100) p ^= 0x11b;
}
const tableMul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[(LOG[a]! + LOG[b]!) % 255]!);

test('multiplication agrees with the exp/log table reference for all 65 536 pairs', () => {
  for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) assert.equal(gfMul(a, b), tableMul(a, b), `${a} * ${b}`);
});

test('every non-zero element times its inverse is 1, and zero has no inverse', () => {
  for (let a = 1; a < 256; a++) assert.equal(gfMul(a, gfInverse(a)), 1, `inverse of ${a}`);
  assert.throws(() => gfInverse(0), RangeError);
});

/** Evaluates a polynomial with byte-vector coefficients at x (Horner). */
function evaluate(coefficients: Uint8Array[], x: number): Uint8Array {
  const out = new Uint8Array(coefficients[0]!.length);
  for (let c = coefficients.length - 1; c >= 0; c--) {
    for (let k = 0; k < out.length; k++) out[k] = gfMul(out[k]!, x) ^ coefficients[c]![k]!;
  }
  return out;
}

test('interpolating any degree-(n-1) polynomial through n distinct points reproduces it everywhere', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }).chain((n) =>
        fc.tuple(
          fc.array(fc.uint8Array({ minLength: 4, maxLength: 4 }), { minLength: n, maxLength: n }),
          fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: n, maxLength: n }),
          fc.integer({ min: 0, max: 255 }),
        ),
      ),
      ([coefficients, xs, at]) => {
        const points = xs.map((x) => ({ x, y: evaluate(coefficients, x) }));
        assert.deepEqual(interpolate(points, at), evaluate(coefficients, at));
      },
    ),
    { numRuns: 300 },
  );
});

test('interpolating at a known point returns a copy of its value, not the caller\'s buffer', () => {
  const y = new Uint8Array([1, 2, 3]);
  const result = interpolate([{ x: 5, y }, { x: 9, y: new Uint8Array([4, 5, 6]) }], 5);
  assert.deepEqual(result, y);
  assert.notEqual(result, y);
});

test('refuses duplicate indices, unequal lengths and empty input as programming errors', () => {
  const y = new Uint8Array(2);
  assert.throws(() => interpolate([], 1), RangeError);
  assert.throws(() => interpolate([{ x: 1, y }, { x: 1, y }], 3), RangeError);
  assert.throws(() => interpolate([{ x: 1, y }, { x: 2, y: new Uint8Array(3) }], 3), RangeError);
  assert.throws(() => interpolate([{ x: 256, y }], 3), RangeError);
});
