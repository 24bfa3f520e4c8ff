// Times SLIP-39 split and combine of a 256-bit secret, 3-of-5, iteration exponent 0, on both PBKDF2 paths.
import { combineMnemonics, noblePbkdf2, splitMasterSecret, webCryptoPbkdf2, type Pbkdf2Sha256 } from '../../shared/crypto/slip39';
import { median } from './figures';
import type { Report } from './run';

const RUNS = 15;
const WARM_UP = 3;

const random = (length: number) => globalThis.crypto.getRandomValues(new Uint8Array(length));

async function measure(pbkdf2: Pbkdf2Sha256): Promise<{ split: number; combine: number; total: number }> {
  const split: number[] = [];
  const combine: number[] = [];
  const total: number[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const masterSecret = random(32);
    const t0 = performance.now();
    const groups = await splitMasterSecret({
      masterSecret,
      passphrase: 'TREZOR',
      groupThreshold: 1,
      groups: [{ memberThreshold: 3, memberCount: 5 }],
      iterationExponent: 0,
      extendable: true,
      random,
      pbkdf2,
    });
    const t1 = performance.now();
    const recovered = await combineMnemonics(groups[0]!.slice(2), 'TREZOR', { pbkdf2 });
    const t2 = performance.now();
    if (recovered.some((byte, i) => byte !== masterSecret[i])) throw new Error('slip39 bench: round trip failed');
    if (run < WARM_UP) continue;
    split.push(t1 - t0);
    combine.push(t2 - t1);
    total.push(t2 - t0);
  }
  return { split: median(split), combine: median(combine), total: median(total) };
}

export async function bench(report: Report): Promise<void> {
  // WebCrypto's native PBKDF2 is what main/ passes; the pure-JS default is shown for comparison.
  const native = await measure(webCryptoPbkdf2(globalThis.crypto.subtle));
  report('slip39 split 256-bit 3-of-5', native.split, 'ms');
  report('slip39 combine 256-bit 3-of-5', native.combine, 'ms');
  report('slip39 split+combine 256-bit 3-of-5', native.total, 'ms');
  const pure = await measure(noblePbkdf2);
  report('slip39 split 256-bit 3-of-5 (noble PBKDF2)', pure.split, 'ms');
  report('slip39 combine 256-bit 3-of-5 (noble PBKDF2)', pure.combine, 'ms');
  report('slip39 split+combine 256-bit 3-of-5 (noble PBKDF2)', pure.total, 'ms');
}
