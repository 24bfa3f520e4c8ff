// The review's batched parent + tweak·G (shared/btc/fixed-base.ts) against @noble/secp256k1's own arithmetic, on
// the scalars that stress a signed-digit window method (carries through every window, the largest scalar, single
// digits) and on the cases its chord formula cannot take: a sum equal to the next table entry (a doubling), a sum
// opposite to it (the point at infinity), and a sum that leaves infinity again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { secp } from '../../../../shared/evm/secp';
import { parentPlusTweaks } from '../../../../shared/btc/fixed-base';

const { n } = secp.Point.CURVE();
const G = secp.Point.BASE;
const bytes = (k: bigint) => Uint8Array.from(Buffer.from(k.toString(16).padStart(64, '0'), 'hex'));
const expected = (parent: InstanceType<typeof secp.Point>, k: bigint) => {
  const sum = parent.add(G.multiply(k));
  return sum.is0() ? null : sum.toBytes(true);
};

test('parent + k·G agrees with @noble/secp256k1 on edge scalars, in one batch', () => {
  const parent = G.multiply(0xa1b2c3d4e5f6n);
  const scalars = [
    1n, 2n, 127n, 128n, 129n, 255n, 256n, 257n, 0x8080n, 0xffffn,
    BigInt(`0x${'80'.repeat(32)}`), // every digit 128: no carry
    BigInt(`0x${'81'.repeat(32)}`) % n, // every digit 129: a carry out of every window
    BigInt(`0x7f${'ff'.repeat(31)}`), // carries all the way into the extra window
    2n ** 255n, n - 1n, n - 2n, n - 128n, n - 129n,
  ];
  const got = parentPlusTweaks(parent, scalars.map(bytes));
  scalars.forEach((k, i) => assert.deepEqual(got[i], expected(parent, k), `k = 0x${k.toString(16)}`));
});

test('a sum that meets its own table entry is doubled, one that meets its opposite is infinity, and it can leave infinity again', () => {
  // The first window adds 5·G: from 5·G that is a doubling, from −5·G the point at infinity.
  assert.deepEqual(parentPlusTweaks(G.multiply(5n), [bytes(5n)]), [G.multiply(10n).toBytes(true)]);
  assert.deepEqual(parentPlusTweaks(G.multiply(n - 5n), [bytes(5n)]), [null]);
  // From −5·G, 5 + 3·256 passes through infinity after the first window and comes back with the second.
  assert.deepEqual(parentPlusTweaks(G.multiply(n - 5n), [bytes(5n + 3n * 256n)]), [G.multiply(768n).toBytes(true)]);
  // A negative digit (200 = 256 − 56) meeting its opposite, and a batch where only some sums pass through infinity.
  const parent = G.multiply(56n);
  const got = parentPlusTweaks(parent, [bytes(200n), bytes(7n), bytes(56n)]);
  assert.deepEqual(got, [expected(parent, 200n), expected(parent, 7n), G.multiply(112n).toBytes(true)]);
});

test('random parents and scalars: the batch agrees with @noble/secp256k1 one by one', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 1n, max: n - 1n }), fc.array(fc.bigInt({ min: 1n, max: n - 1n }), { minLength: 1, maxLength: 12 }), (p, scalars) => {
      const parent = G.multiply(p);
      const got = parentPlusTweaks(parent, scalars.map(bytes));
      scalars.forEach((k, i) => assert.deepEqual(got[i], expected(parent, k)));
    }),
    { numRuns: 60 },
  );
});
