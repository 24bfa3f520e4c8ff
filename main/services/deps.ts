// The injected dependencies every service takes, so tests can fix time and randomness.
import { randomBytes } from 'node:crypto';
import { webCryptoPbkdf2, type Pbkdf2Sha256 } from '../../shared/crypto/slip39-cipher';

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export interface Random {
  /** Cryptographically secure random bytes. */
  bytes(length: number): Uint8Array;
}

export const systemClock: Clock = { now: () => Date.now() };

export const systemRandom: Random = {
  bytes: (length) => new Uint8Array(randomBytes(length)),
};

export function fixedClock(start: number): Clock & { advance(ms: number): void; set(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
    set(ms) {
      t = ms;
    },
  };
}

/**
 * SLIP-39's PBKDF2 through the platform's WebCrypto (Node's and Electron's, native code), about six
 * times faster than pure JS; both give identical results (tested in shared/crypto).
 */
export const platformPbkdf2: Pbkdf2Sha256 = webCryptoPbkdf2(globalThis.crypto.subtle);
