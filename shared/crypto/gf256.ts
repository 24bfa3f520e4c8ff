// GF(256) arithmetic and Lagrange interpolation for SLIP-39's Shamir sharing (the AES field, x^8+x^4+x^3+x+1).

/** One point of a byte-wise Shamir polynomial: x is a share index (public), y the share value (secret). */
export interface SharePoint {
  readonly x: number;
  readonly y: Uint8Array;
}

/**
 * Multiplies two field elements without branches or table lookups on their values.
 * Share values are secret, so the usual log/exp tables (indexed by secret bytes) would open a
 * cache-timing channel; eight shift-and-add steps cost nothing at our sizes.
 */
export function gfMul(a: number, b: number): number {
  let product = 0;
  let x = a & 0xff;
  let y = b & 0xff;
  for (let bit = 0; bit < 8; bit++) {
    product ^= -(y & 1) & x;
    // Reduce by the field polynomial when x overflows 8 bits: mask is all ones iff the top bit is set.
    x = ((x << 1) ^ (-((x >> 7) & 1) & 0x11b)) & 0xff;
    y >>= 1;
  }
  return product;
}

/** The multiplicative inverse, as a^254 (a^255 = 1 for every non-zero a). Only ever used on public indices. */
export function gfInverse(a: number): number {
  if ((a & 0xff) === 0) throw new RangeError('gfInverse: zero has no inverse');
  let result = 1;
  let base = a & 0xff;
  for (let exponent = 254; exponent > 0; exponent >>= 1) {
    if (exponent & 1) result = gfMul(result, base);
    base = gfMul(base, base);
  }
  return result;
}

/**
 * Evaluates at x the unique polynomial of lowest degree through the given points, byte by byte.
 * The caller guarantees distinct x values and equal value lengths (checked here too: a violation
 * is a bug in our code, not bad input). Returns a new buffer the caller owns.
 */
export function interpolate(points: readonly SharePoint[], x: number): Uint8Array {
  const first = points[0];
  if (!first) throw new RangeError('interpolate: no points');
  const length = first.y.length;
  const xs = new Set<number>();
  for (const p of points) {
    if (p.y.length !== length) throw new RangeError('interpolate: share values differ in length');
    if (!Number.isInteger(p.x) || p.x < 0 || p.x > 255 || xs.has(p.x)) throw new RangeError('interpolate: share indices must be distinct bytes');
    xs.add(p.x);
  }
  const exact = points.find((p) => p.x === x);
  if (exact) return exact.y.slice();

  const result = new Uint8Array(length);
  for (const p of points) {
    // The Lagrange basis polynomial of p at x, from public indices only (subtraction is XOR here).
    let numerator = 1;
    let denominator = 1;
    for (const other of points) {
      if (other === p) continue;
      numerator = gfMul(numerator, x ^ other.x);
      denominator = gfMul(denominator, p.x ^ other.x);
    }
    const basis = gfMul(numerator, gfInverse(denominator));
    for (let k = 0; k < length; k++) result[k] = result[k]! ^ gfMul(basis, p.y[k]!);
  }
  return result;
}
