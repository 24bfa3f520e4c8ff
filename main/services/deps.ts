// The injected dependencies every service takes, so tests can fix time and randomness.
import { randomBytes, scrypt } from 'node:crypto';
import type { KdfBackend, ScryptAsync } from '../../shared/crypto/envelope';
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

/**
 * The envelope KDF's scrypt through the platform's native crypto.scrypt (Node's and Electron's): it runs in the
 * thread pool, so the main process keeps answering while a holder's passphrase is stretched, and takes about two
 * thirds of noble's time. Identical bytes (test/unit/main/services/deps.test.ts). Memory is bounded by the
 * envelope's own limit (H-17), checked before any derivation.
 */
export const platformScrypt: ScryptAsync = (password, salt, { N, r, p, dkLen }) =>
  new Promise((resolve, reject) => {
    scrypt(password, salt, dkLen, { N, r, p, maxmem: 128 * N * r * p + 2 ** 20 }, (error, key) => {
      if (error) reject(error);
      else resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength));
    });
  });

/** The KDF implementations the vault's services use. */
export const platformKdf: KdfBackend = { scrypt: platformScrypt };
