// BIP-32 public child keys for a review of hundreds of addresses: each is the parent's point plus tweak·G, and
// @noble/secp256k1's multiplication by G is constant-time (it adds as often for a zero digit as for any other),
// which a secret needs and a public key does not. Everything here is public: the tweaks come from the account's
// xpub, which the vault hands the coordinator anyway. So the keys of one batch are summed together, window by
// window, from a table of G's signed multiples per 8-bit window, adding only the digits that are there; the
// additions are affine, and the one field inversion each of them needs is shared by the whole batch (Montgomery's
// trick). Any key made here is read back through noble's point, which refuses one not on the curve, and the test
// suite compares it with @scure/bip32 and @noble/secp256k1. Never give this a secret scalar: its time depends on it.
import { secp } from '../evm/secp';

const P = secp.Point.CURVE().p;
const W = 8;
const WINDOWS = Math.ceil(256 / W) + 1; // a signed digit can carry into one more window
const HALF = 1 << (W - 1);

type Affine = { x: bigint; y: bigint };
/** null is the point at infinity. */
type Sum = Affine | null;

const mod = (a: bigint): bigint => {
  const r = a % P;
  return r < 0n ? r + P : r;
};

/**
 * ps[i] + qs[i] for every i (qs[i] null: ps[i] unchanged), affine, with one inversion for all of them. The equal
 * points (a doubling) and opposite points (infinity) that the chord formula cannot take are each handled.
 */
function addAll(ps: readonly Sum[], qs: readonly Sum[]): Sum[] {
  const out: Sum[] = ps.slice();
  const pending: number[] = [];
  const denominators: bigint[] = [];
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    const q = qs[i]!;
    if (q === null) continue;
    if (p === null) {
      out[i] = q;
      continue;
    }
    if (p.x === q.x && p.y !== q.y) {
      out[i] = null; // p = −q (y = 0 has no point on secp256k1, so equal x and unequal y is exactly this)
      continue;
    }
    pending.push(i);
    denominators.push(p.x === q.x ? mod(2n * p.y) : mod(q.x - p.x));
  }
  const inverses = invertAll(denominators);
  for (const [at, i] of pending.entries()) {
    const p = ps[i]!;
    const q = qs[i]!;
    const slope = p.x === q.x ? mod(3n * p.x * p.x * inverses[at]!) : mod((q.y - p.y) * inverses[at]!);
    const x = mod(slope * slope - p.x - q.x);
    out[i] = { x, y: mod(slope * (p.x - x) - p.y) };
  }
  return out;
}

/** The inverses of non-zero field elements, with one inversion and three multiplications each. */
function invertAll(values: readonly bigint[]): bigint[] {
  if (values.length === 0) return [];
  const before: bigint[] = [];
  let product = 1n;
  for (const value of values) {
    before.push(product);
    product = mod(product * value);
  }
  let inverse = secp.etc.invert(product, P);
  const out: bigint[] = new Array(values.length);
  for (let i = values.length - 1; i >= 0; i--) {
    out[i] = mod(inverse * before[i]!);
    inverse = mod(inverse * values[i]!);
  }
  return out;
}

/** A table entry: d·2^(8j)·G and its opposite, so a negative digit costs nothing. */
type Entry = { plus: Affine; minus: Affine };

/** table[j][d − 1] = d·2^(8j)·G for d = 1…128; built on first use, all windows a row at a time. */
let table: Entry[][] | null = null;

function baseTable(): Entry[][] {
  if (table) return table;
  const bases: Affine[] = [];
  for (let base = secp.Point.BASE; bases.length < WINDOWS; ) {
    bases.push(base.toAffine());
    for (let i = 0; i < W; i++) base = base.double();
  }
  const rows: Affine[][] = [bases];
  while (rows.length < HALF) rows.push(addAll(rows.at(-1)!, bases) as Affine[]);
  table = bases.map((_, j) => rows.map((row) => ({ plus: row[j]!, minus: { x: row[j]!.x, y: P - row[j]!.y } })));
  return table;
}

/** A 32-byte big-endian scalar's digits in base 256, each in −127…128, lowest first. */
function signedDigits(k: Uint8Array): Int16Array {
  const digits = new Int16Array(WINDOWS);
  let carry = 0;
  for (let j = 0; j < WINDOWS; j++) {
    let digit = (j < 32 ? k[31 - j]! : 0) + carry; // W = 8: a window is a byte
    carry = digit > HALF ? 1 : 0;
    if (carry) digit -= 1 << W;
    digits[j] = digit;
  }
  return digits;
}

/**
 * The compressed keys parent + tweak·G, one per tweak (32 bytes, big-endian, each 0 < tweak < n, public), with null
 * where the sum is the point at infinity. The sums advance together a window at a time, each window's additions
 * sharing one inversion. Each key is read back through noble's point, which refuses one not on the curve.
 */
export function parentPlusTweaks(parent: InstanceType<typeof secp.Point>, tweaks: readonly Uint8Array[]): Array<Uint8Array | null> {
  const rows = baseTable();
  const { x, y } = parent.toAffine();
  const digits = tweaks.map(signedDigits);
  let sums: Sum[] = tweaks.map(() => ({ x, y }));
  for (let j = 0; j < WINDOWS; j++) {
    const row = rows[j]!;
    sums = addAll(
      sums,
      digits.map((ds) => {
        const digit = ds[j]!;
        if (digit === 0) return null;
        const entry = row[Math.abs(digit) - 1]!;
        return digit > 0 ? entry.plus : entry.minus;
      }),
    );
  }
  return sums.map((point) => (point ? secp.Point.fromAffine(point).toBytes(true) : null));
}
