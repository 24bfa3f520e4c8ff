// Secret bytes in memory (master secret, seed, private key, plaintext share): a wrapper that cannot
// be logged or serialized by accident, and that wipes its buffer when the session is done with it.
import { AirlockError } from '../errors';

const REDACTED = '[secret]';
const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Holds secret bytes behind a true private field (`#bytes`), so JSON.stringify, structuredClone,
 * util.inspect, template strings and Object.keys all see nothing. Grep for `SecretBytes` to find
 * every place a secret lives.
 */
export class SecretBytes {
  #bytes: Uint8Array | null;

  /** Takes ownership of `bytes`: dispose() zeroes this very array, so do not keep using it. */
  constructor(bytes: Uint8Array) {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('SecretBytes expects a Uint8Array');
    this.#bytes = bytes;
  }

  /** Wraps a copy, leaving `bytes` to its owner (who should still zeroize it). */
  static copyOf(bytes: Uint8Array): SecretBytes {
    return new SecretBytes(Uint8Array.from(bytes));
  }

  get length(): number {
    return this.#live().length;
  }

  get disposed(): boolean {
    return this.#bytes === null;
  }

  /**
   * Lends the bytes to `fn`. The array is live and is zeroed on dispose(): `fn` must not keep it,
   * and must copy anything it returns that is derived by reference.
   */
  use<T>(fn: (bytes: Uint8Array) => T): T {
    return fn(this.#live());
  }

  /** Zeroes the bytes. Safe to call twice; any later use throws `secret-disposed`. */
  dispose(): void {
    if (this.#bytes) this.#bytes.fill(0);
    this.#bytes = null;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [INSPECT](): string {
    return REDACTED;
  }

  #live(): Uint8Array {
    if (!this.#bytes) {
      throw new AirlockError(
        'secret-disposed',
        'This secret has already been wiped from memory. Unlock the vault again to use it.',
      );
    }
    return this.#bytes;
  }
}

/** Zeroes every array given; null and undefined are skipped so `finally` blocks stay simple. */
export function zeroize(...arrays: ReadonlyArray<Uint8Array | null | undefined>): void {
  for (const array of arrays) array?.fill(0);
}

/** Compares two byte strings without an early exit on the first difference (lengths are not secret). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
