// The at-rest envelope of one holder's share (SECURITY H-17): a memory-hard KDF stretches the
// holder's passphrase, XChaCha20-Poly1305 seals the share, and a passphrase verifier makes a wrong
// passphrase and a tampered record fail with different errors. Also its versioned database encoding.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '../bytes';
import { AirlockError } from '../errors';
import { constantTimeEqual, SecretBytes, zeroize } from './secret';

/**
 * KDF parameters, recorded in every envelope. scrypt: N (a power of two), r, p as in RFC 7914,
 * memory 128·N·r bytes. argon2id: m in KiB, t passes, p lanes, as in RFC 9106.
 */
export type KdfParams =
  | { readonly algorithm: 'scrypt'; readonly N: number; readonly r: number; readonly p: number }
  | { readonly algorithm: 'argon2id'; readonly m: number; readonly t: number; readonly p: number };

export interface Envelope {
  readonly version: 1;
  readonly kdf: KdfParams;
  /** Random, 16–64 bytes (32 when sealed here). */
  readonly salt: Uint8Array;
  /** 32 bytes: SHA-256 over a domain tag and the second half of the KDF output. */
  readonly verifier: Uint8Array;
  /** Random, 24 bytes (XChaCha20). */
  readonly nonce: Uint8Array;
  /** The sealed share followed by its 16-byte Poly1305 tag. */
  readonly ciphertext: Uint8Array;
}

/**
 * scrypt as RFC 7914 defines it. The pure core runs noble's; main passes the platform's native one (Node's and
 * Electron's crypto.scrypt, off the event loop and about a third faster), which derives the same bytes (tested).
 */
export type ScryptAsync = (password: Uint8Array, salt: Uint8Array, params: { N: number; r: number; p: number; dkLen: number }) => Promise<Uint8Array>;

/** Which implementation runs the KDF; the parameters always come from the envelope or the floor. */
export interface KdfBackend {
  scrypt?: ScryptAsync;
}

export interface SealOptions extends KdfBackend {
  random: (length: number) => Uint8Array;
  kdf?: KdfParams;
}

export const ENVELOPE_VERSION = 1;

/**
 * Why scrypt: measured with noble's async KDFs on the reference machine (2 cores, Node 22; run
 * `npm run bench -- envelope`), the OWASP minimums take ~0.9–1.2 s for scrypt N=2^17 r=8 p=1 and
 * ~0.2–0.4 s for argon2id m=19 MiB t=2 p=1. Per second of a holder's wait, scrypt costs an
 * attacker more: in the same ~0.9 s argon2id reaches only m=64 MiB t=2 (noble emulates Argon2's
 * 64-bit multiplies; Salsa20/8 needs none), so scrypt holds twice the memory per guess (128 MiB,
 * which is what limits parallel guesses on a GPU) and about four times the memory-time product.
 * Argon2id's data-independent first pass defends against cache-timing observers on the same
 * machine, which an air-gapped single-user vault does not have. argon2id stays sealable and
 * readable, so the default can change without a migration.
 */
export const DEFAULT_KDF: KdfParams = Object.freeze({ algorithm: 'scrypt', N: 2 ** 17, r: 8, p: 1 });

/** The least a share may be sealed with (OWASP Password Storage Cheat Sheet minimums). */
export const KDF_FLOOR = Object.freeze({
  scrypt: Object.freeze({ N: 2 ** 17, r: 8, p: 1 }),
  argon2id: Object.freeze({ m: 19_456, t: 2, p: 1 }),
});

/** A SLIP-39 share is a few hundred bytes; anything near this is a bug, not a share. */
export const MAX_SHARE_PLAINTEXT = 4096;

const MAGIC = [0x41, 0x45] as const; // "AE": Airlock envelope
const KDF_ID = { scrypt: 1, argon2id: 2 } as const;
const SALT_LENGTH = 32;
const MIN_SALT_LENGTH = 16;
const MAX_SALT_LENGTH = 64;
const VERIFIER_LENGTH = 32;
const NONCE_LENGTH = 24;
const TAG_LENGTH = 16;
const KEY_LENGTH = 32;
const KEY_MATERIAL_LENGTH = 64;
// SECURITY(H-17): an attacker-edited row must not make us allocate or compute without bound.
const MAX_KDF_MEMORY = 2 ** 30; // 1 GiB
const MAX_SCRYPT_WORK = 2 ** 24; // N·r·p, 16× the default
const MAX_ARGON2_WORK_KIB = 2 ** 21; // m·t, 2 GiB of block passes
const MAX_PARALLELISM = 16;
const MAX_ENVELOPE_LENGTH = 4 + 6 + 1 + MAX_SALT_LENGTH + VERIFIER_LENGTH + NONCE_LENGTH + 2 + MAX_SHARE_PLAINTEXT + TAG_LENGTH;
const VERIFIER_TAG = utf8ToBytes('airlock-envelope-verifier-v1');
const KDF_TICK_MS = 10; // how long the KDF may hold the event loop before it yields

/**
 * Seals one holder's share. The passphrase is NFKC-normalized; `associatedData` (see
 * shared/custody/share-binding.ts) is authenticated but not stored, and must be given again to open.
 */
export async function sealWithPassphrase(
  plaintext: Uint8Array,
  passphrase: string,
  associatedData: Uint8Array,
  options: SealOptions,
): Promise<Envelope> {
  assertBytes(plaintext, 'plaintext', 1, MAX_SHARE_PLAINTEXT);
  assertBytes(associatedData, 'associatedData');
  const kdf = sealingKdf(options.kdf ?? DEFAULT_KDF);
  const password = passphraseBytes(passphrase);
  let material: Uint8Array | undefined;
  try {
    const salt = randomOf(options.random, SALT_LENGTH);
    const nonce = randomOf(options.random, NONCE_LENGTH);
    material = await deriveKeyMaterial(kdf, password, salt, options);
    const header = { version: ENVELOPE_VERSION, kdf, salt, verifier: verifierOf(material), nonce } as const;
    const aead = xchacha20poly1305(material.subarray(0, KEY_LENGTH), nonce, aadOf(header, associatedData));
    return { ...header, ciphertext: aead.encrypt(plaintext) };
  } finally {
    zeroize(password, material);
  }
}

/**
 * Opens a sealed share. Wrong passphrase → `passphrase-wrong`; right passphrase but an altered
 * nonce, ciphertext or tag, or associated data of another vault/holder/share → `share-ciphertext-tampered`.
 * An altered salt or KDF parameter changes what the passphrase derives, and an altered verifier no
 * longer matches it, so those read as `passphrase-wrong`: only the verifier can recognize the
 * passphrase, and the AEAD is never tried until it has.
 */
export async function openWithPassphrase(envelope: Envelope, passphrase: string, associatedData: Uint8Array, backend: KdfBackend = {}): Promise<Uint8Array> {
  assertBytes(associatedData, 'associatedData');
  const key = await deriveEnvelopeKey(envelope, passphrase, backend);
  try {
    return openWithEnvelopeKey(envelope, key, associatedData);
  } finally {
    key.dispose();
  }
}

/**
 * The slow half of openWithPassphrase: runs the envelope's KDF and returns the 64 bytes of key
 * material (AEAD key, then verifier key). Dispose it when done.
 */
export async function deriveEnvelopeKey(envelope: Envelope, passphrase: string, backend: KdfBackend = {}): Promise<SecretBytes> {
  assertEnvelope(envelope);
  return stretchPassphrase(envelope.kdf, passphrase, envelope.salt, false, backend);
}

/**
 * The envelope's key stretching on its own, for another record sealed under a passphrase (the relay's backup): 64
 * bytes of key material from `passphrase` and `salt`. `sealing` enforces the same floor as a share's envelope.
 */
export async function stretchPassphrase(kdf: KdfParams, passphrase: string, salt: Uint8Array, sealing: boolean, backend: KdfBackend = {}): Promise<SecretBytes> {
  const checked = sealing ? sealingKdf(kdf) : kdf;
  const problem = kdfParamsProblem(checked);
  if (problem) throw new AirlockError('kdf-params-invalid', `These key-stretching settings cannot be used: ${problem}.`, { reason: problem });
  assertBytes(salt, 'salt', MIN_SALT_LENGTH, MAX_SALT_LENGTH);
  const password = passphraseBytes(passphrase);
  try {
    return new SecretBytes(await deriveKeyMaterial(checked, password, salt, backend));
  } finally {
    zeroize(password);
  }
}

/** The fast half of openWithPassphrase: checks the verifier, then the AEAD. */
export function openWithEnvelopeKey(envelope: Envelope, key: SecretBytes, associatedData: Uint8Array): Uint8Array {
  assertEnvelope(envelope);
  assertBytes(associatedData, 'associatedData');
  return key.use((material) => {
    assertBytes(material, 'envelope key', KEY_MATERIAL_LENGTH, KEY_MATERIAL_LENGTH);
    // SECURITY(H-17): the verifier decides "wrong passphrase" before the AEAD decides "tampered".
    if (!constantTimeEqual(verifierOf(material), envelope.verifier)) throw passphraseWrong();
    const aead = xchacha20poly1305(material.subarray(0, KEY_LENGTH), envelope.nonce, aadOf(envelope, associatedData));
    try {
      return aead.decrypt(envelope.ciphertext);
    } catch {
      throw new AirlockError(
        'share-ciphertext-tampered',
        'The passphrase is right, but this stored share has been altered or belongs to another holder or vault, ' +
          'so it was not used. Restore the vault database from a backup, or have the holder enter their share again.',
      );
    }
  });
}

/**
 * Layout, big-endian: "AE" | version u8 | kdf id u8 | kdf params (scrypt: log2 N u8, r u8, p u8;
 * argon2id: m u32, t u8, p u8) | salt length u8 | salt | verifier 32 | nonce 24 |
 * ciphertext length u16 | ciphertext. Nothing may follow.
 */
export function encodeEnvelope(envelope: Envelope): Uint8Array {
  assertEnvelope(envelope);
  const { ciphertext } = envelope;
  return concatBytes(headerOf(envelope), new Uint8Array([ciphertext.length >>> 8, ciphertext.length & 0xff]), ciphertext);
}

/** Parses a stored envelope. Anything but a well-formed v1 envelope within the caps → `envelope-invalid`. */
export function decodeEnvelope(bytes: Uint8Array): Envelope {
  if (!(bytes instanceof Uint8Array)) throw envelopeInvalid('not a byte string');
  if (bytes.length > MAX_ENVELOPE_LENGTH) throw envelopeInvalid(`${bytes.length} bytes, more than a share envelope can be`);
  const reader = new Reader(bytes);
  if (reader.u8() !== MAGIC[0] || reader.u8() !== MAGIC[1]) throw envelopeInvalid('not an Airlock envelope');
  const version = reader.u8();
  if (version !== ENVELOPE_VERSION) {
    if (version > ENVELOPE_VERSION) {
      throw new AirlockError(
        'envelope-invalid',
        `This stored share was written by a newer Airlock (envelope format ${version}). Update Airlock on this vault to open it.`,
        { reason: 'newer-version', version },
      );
    }
    throw envelopeInvalid(`unknown format ${version}`);
  }
  const kdf = readKdf(reader);
  const saltLength = reader.u8();
  if (saltLength < MIN_SALT_LENGTH || saltLength > MAX_SALT_LENGTH) throw envelopeInvalid(`salt of ${saltLength} bytes`);
  const salt = reader.take(saltLength);
  const verifier = reader.take(VERIFIER_LENGTH);
  const nonce = reader.take(NONCE_LENGTH);
  const ciphertextLength = reader.u16();
  if (ciphertextLength <= TAG_LENGTH || ciphertextLength > MAX_SHARE_PLAINTEXT + TAG_LENGTH) {
    throw envelopeInvalid(`sealed share of ${ciphertextLength} bytes`);
  }
  const ciphertext = reader.take(ciphertextLength);
  if (!reader.done()) throw envelopeInvalid('bytes after the sealed share');
  return { version: ENVELOPE_VERSION, kdf, salt, verifier, nonce, ciphertext };
}

/** Why these parameters must not be used at all (malformed or beyond the resource caps), or null. */
export function kdfParamsProblem(kdf: KdfParams): string | null {
  const int = (value: unknown, min: number, max: number) => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
  if (kdf?.algorithm === 'scrypt') {
    const { N, r, p } = kdf;
    if (!int(N, 2, 2 ** 22) || (N & (N - 1)) !== 0) return 'scrypt N must be a power of two from 2 to 2^22';
    if (!int(r, 1, 32)) return 'scrypt r must be from 1 to 32';
    if (!int(p, 1, MAX_PARALLELISM)) return `scrypt p must be from 1 to ${MAX_PARALLELISM}`;
    if (128 * N * r > MAX_KDF_MEMORY) return 'scrypt would need more than 1 GiB of memory';
    if (N * r * p > MAX_SCRYPT_WORK) return 'scrypt work N·r·p is above 2^24';
    return null;
  }
  if (kdf?.algorithm === 'argon2id') {
    const { m, t, p } = kdf;
    if (!int(p, 1, MAX_PARALLELISM)) return `argon2id p must be from 1 to ${MAX_PARALLELISM}`;
    if (!int(m, 8 * p, MAX_KDF_MEMORY / 1024)) return 'argon2id m must be from 8·p KiB to 1 GiB';
    if (!int(t, 1, 64)) return 'argon2id t must be from 1 to 64';
    if (m * t > MAX_ARGON2_WORK_KIB) return 'argon2id work m·t is above 2 GiB';
    return null;
  }
  return 'unknown KDF algorithm';
}

function sealingKdf(kdf: KdfParams): KdfParams {
  const problem = kdfParamsProblem(kdf);
  if (problem) throw new AirlockError('kdf-params-invalid', `These key-stretching settings cannot be used: ${problem}.`, { reason: problem });
  // SECURITY(H-17): never seal a share with less stretching than the floor.
  if (kdf.algorithm === 'scrypt') {
    const floor = KDF_FLOOR.scrypt;
    if (kdf.N < floor.N || kdf.r < floor.r) throw kdfTooWeak(`scrypt N=${kdf.N} r=${kdf.r}`, 'scrypt N ≥ 2^17 and r ≥ 8');
    return Object.freeze({ algorithm: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p });
  }
  const floor = KDF_FLOOR.argon2id;
  if (kdf.m < floor.m || kdf.t < floor.t) throw kdfTooWeak(`argon2id m=${kdf.m} KiB t=${kdf.t}`, 'argon2id m ≥ 19456 KiB and t ≥ 2');
  return Object.freeze({ algorithm: 'argon2id', m: kdf.m, t: kdf.t, p: kdf.p });
}

function kdfTooWeak(given: string, floor: string): AirlockError {
  return new AirlockError(
    'kdf-too-weak',
    `A share cannot be sealed with ${given}: that is below Airlock's minimum key stretching (${floor}).`,
    { given, floor },
  );
}

function deriveKeyMaterial(kdf: KdfParams, password: Uint8Array, salt: Uint8Array, backend: KdfBackend): Promise<Uint8Array> {
  // Async variants yield every KDF_TICK_MS so the main process keeps painting and answering IPC.
  const common = { dkLen: KEY_MATERIAL_LENGTH, maxmem: MAX_KDF_MEMORY + 2 ** 20, asyncTick: KDF_TICK_MS };
  if (kdf.algorithm === 'scrypt' && backend.scrypt) return backend.scrypt(password, salt, { N: kdf.N, r: kdf.r, p: kdf.p, dkLen: KEY_MATERIAL_LENGTH });
  if (kdf.algorithm === 'scrypt') return scryptAsync(password, salt, { N: kdf.N, r: kdf.r, p: kdf.p, ...common });
  return argon2idAsync(password, salt, { m: kdf.m, t: kdf.t, p: kdf.p, ...common });
}

function verifierOf(material: Uint8Array): Uint8Array {
  const input = concatBytes(VERIFIER_TAG, material.subarray(KEY_LENGTH, KEY_MATERIAL_LENGTH));
  try {
    return sha256(input);
  } finally {
    zeroize(input);
  }
}

/** The AEAD also authenticates the header, so no field of a stored envelope can change silently. */
function aadOf(header: Omit<Envelope, 'ciphertext'>, associatedData: Uint8Array): Uint8Array {
  return concatBytes(headerOf(header), associatedData);
}

function headerOf(header: Omit<Envelope, 'ciphertext'>): Uint8Array {
  const { kdf, salt, verifier, nonce } = header;
  const params =
    kdf.algorithm === 'scrypt'
      ? [KDF_ID.scrypt, Math.log2(kdf.N), kdf.r, kdf.p]
      : [KDF_ID.argon2id, kdf.m >>> 24, (kdf.m >>> 16) & 0xff, (kdf.m >>> 8) & 0xff, kdf.m & 0xff, kdf.t, kdf.p];
  return concatBytes(new Uint8Array([...MAGIC, header.version, ...params, salt.length]), salt, verifier, nonce);
}

function readKdf(reader: Reader): KdfParams {
  const id = reader.u8();
  let kdf: KdfParams;
  if (id === KDF_ID.scrypt) {
    const log2N = reader.u8();
    if (log2N < 1 || log2N > 22) throw envelopeInvalid(`scrypt N = 2^${log2N}`);
    kdf = { algorithm: 'scrypt', N: 2 ** log2N, r: reader.u8(), p: reader.u8() };
  } else if (id === KDF_ID.argon2id) {
    kdf = { algorithm: 'argon2id', m: reader.u32(), t: reader.u8(), p: reader.u8() };
  } else {
    throw envelopeInvalid(`unknown KDF ${id}`);
  }
  const problem = kdfParamsProblem(kdf);
  if (problem) throw envelopeInvalid(problem);
  return Object.freeze(kdf);
}

function assertEnvelope(envelope: Envelope): void {
  const problem = envelopeProblem(envelope);
  if (problem) throw envelopeInvalid(problem);
}

function envelopeProblem(e: Envelope): string | null {
  if (typeof e !== 'object' || e === null) return 'not an envelope';
  if (e.version !== ENVELOPE_VERSION) return `unknown format ${String(e.version)}`;
  const kdfProblem = kdfParamsProblem(e.kdf);
  if (kdfProblem) return kdfProblem;
  const sized = (value: unknown, min: number, max: number) => value instanceof Uint8Array && value.length >= min && value.length <= max;
  if (!sized(e.salt, MIN_SALT_LENGTH, MAX_SALT_LENGTH)) return 'salt length';
  if (!sized(e.verifier, VERIFIER_LENGTH, VERIFIER_LENGTH)) return 'verifier length';
  if (!sized(e.nonce, NONCE_LENGTH, NONCE_LENGTH)) return 'nonce length';
  if (!sized(e.ciphertext, TAG_LENGTH + 1, TAG_LENGTH + MAX_SHARE_PLAINTEXT)) return 'sealed share length';
  return null;
}

function passphraseBytes(passphrase: string): Uint8Array {
  if (typeof passphrase !== 'string') throw new TypeError(`expected a passphrase string, got ${typeof passphrase}`);
  // NFKC so the same passphrase typed on another keyboard or OS (composed vs decomposed é,
  // full-width digits) derives the same key. JS strings cannot be wiped; the bytes are.
  const normalized = passphrase.normalize('NFKC');
  if (normalized.length === 0) {
    throw new AirlockError('passphrase-empty', 'Type the passphrase that protects this share; it cannot be empty.');
  }
  if (/\p{Cs}/u.test(normalized)) {
    // A lone surrogate would be encoded as U+FFFD, so two different passphrases would derive the same key.
    throw new AirlockError('passphrase-invalid', 'The passphrase contains a broken character (a lone UTF-16 surrogate). Retype it.');
  }
  return utf8ToBytes(normalized);
}

function passphraseWrong(): AirlockError {
  return new AirlockError(
    'passphrase-wrong',
    'That passphrase does not open this share. Check Caps Lock and the keyboard layout, then try again.',
  );
}

function envelopeInvalid(reason: string): AirlockError {
  return new AirlockError(
    'envelope-invalid',
    `This holder's stored share is damaged or is not an Airlock share record (${reason}). ` +
      'Restore the vault database from a backup, or have the holder enter their share again.',
    { reason },
  );
}

function randomOf(random: (length: number) => Uint8Array, length: number): Uint8Array {
  const bytes = random(length);
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new AirlockError('internal', 'The random number generator returned too few bytes.');
  }
  return new Uint8Array(bytes);
}

function assertBytes(value: unknown, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`expected ${name} to be a Uint8Array, got ${typeof value}`);
  if (value.length < min || value.length > max) throw new RangeError(`expected ${name} of ${min}..${max} bytes, got ${value.length}`);
}

/** Reads a byte string front to back; running off the end is a truncated envelope. */
class Reader {
  #offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  take(length: number): Uint8Array {
    if (this.#offset + length > this.bytes.length) throw envelopeInvalid('truncated');
    // A plain copy, even from a Node Buffer (whose slice() would alias the database row).
    const out = new Uint8Array(this.bytes.subarray(this.#offset, this.#offset + length));
    this.#offset += length;
    return out;
  }

  u8(): number {
    return this.take(1)[0]!;
  }

  u16(): number {
    const [a, b] = this.take(2);
    return (a! << 8) | b!;
  }

  u32(): number {
    const [a, b, c, d] = this.take(4);
    return ((a! << 24) >>> 0) + (b! << 16) + (c! << 8) + d!;
  }

  done(): boolean {
    return this.#offset === this.bytes.length;
  }
}
