// Tests SLIP-39's Feistel encryption: inverse pair, both PBKDF2 paths identical, salt and exponent effects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { cipherIterations, decryptMasterSecret, encryptMasterSecret, noblePbkdf2, webCryptoPbkdf2, type CipherParams } from '../../../../shared/crypto/slip39-cipher';
import { recoverEncryptedMasterSecret } from '../../../../shared/crypto/slip39';

const webCrypto = webCryptoPbkdf2(globalThis.crypto.subtle);
const ascii = (text: string) => new TextEncoder().encode(text);
const params = (overrides: Partial<CipherParams> = {}): CipherParams => ({
  passphrase: ascii('TREZOR'),
  iterationExponent: 0,
  identifier: 7945,
  extendable: false,
  pbkdf2: webCrypto,
  ...overrides,
});

test('noble and WebCrypto PBKDF2-HMAC-SHA256 give identical bytes for random inputs', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ minLength: 1, maxLength: 40 }),
      fc.uint8Array({ maxLength: 40 }),
      fc.integer({ min: 1, max: 300 }),
      fc.integer({ min: 1, max: 64 }),
      async (password, salt, iterations, length) => {
        assert.deepEqual(await webCrypto(password, salt, iterations, length), await noblePbkdf2(password, salt, iterations, length));
      },
    ),
    { numRuns: 60 },
  );
});

test('decryption inverts encryption for random secrets, passphrases, identifiers and both variants, on both PBKDF2 paths', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 8, max: 16 }).chain((half) => fc.uint8Array({ minLength: 2 * half, maxLength: 2 * half })),
      fc.array(fc.integer({ min: 32, max: 126 }), { maxLength: 10 }).map((codes) => new Uint8Array(codes)),
      fc.integer({ min: 0, max: 0x7fff }),
      fc.boolean(),
      async (secret, passphrase, identifier, extendable) => {
        const p = params({ passphrase, identifier, extendable });
        const encrypted = await encryptMasterSecret(secret, p);
        assert.notDeepEqual(encrypted, secret);
        assert.deepEqual(await decryptMasterSecret(encrypted, { ...p, pbkdf2: noblePbkdf2 }), secret);
      },
    ),
    { numRuns: 8 },
  );
});

test('decrypts the encrypted master secret of an official vector to its master secret', async () => {
  const [, mnemonics, secretHex] = (JSON.parse(readFileSync(new URL('../../../vectors/slip39-trezor.json', import.meta.url), 'utf8')) as [string, string[], string][])[3]!;
  const ems = recoverEncryptedMasterSecret(mnemonics);
  const p = params({ identifier: ems.identifier, extendable: ems.extendable, iterationExponent: ems.iterationExponent });
  assert.equal(bytesToHex(await decryptMasterSecret(ems.ciphertext, p)), secretHex);
});

test('the identifier is in the salt of the original variant only', async () => {
  const secret = new Uint8Array(16).fill(9);
  const original = (identifier: number) => encryptMasterSecret(secret, params({ identifier, extendable: false }));
  const extendable = (identifier: number) => encryptMasterSecret(secret, params({ identifier, extendable: true }));
  assert.notDeepEqual(await original(1), await original(2));
  assert.deepEqual(await extendable(1), await extendable(2));
});

test('each exponent step doubles the iterations: 10 000 * 2^e in total, 2 500 * 2^e per round', async () => {
  assert.equal(cipherIterations(0), 10000);
  assert.equal(cipherIterations(1), 20000);
  const seen: number[] = [];
  const counting = async (password: Uint8Array, salt: Uint8Array, iterations: number, length: number) => {
    seen.push(iterations);
    return pbkdf2(sha256, password, salt, { c: 1, dkLen: length });
  };
  await encryptMasterSecret(new Uint8Array(16).fill(1), params({ iterationExponent: 2, pbkdf2: counting }));
  assert.deepEqual(seen, [10000, 10000, 10000, 10000]);
});

test('zeroes the passphrase, salt and round-key buffers it owns once done', async () => {
  const handed: Uint8Array[] = [];
  const spy = async (password: Uint8Array, salt: Uint8Array, iterations: number, length: number) => {
    const out = pbkdf2(sha256, password, salt, { c: 1, dkLen: length });
    handed.push(password, salt, out);
    return out;
  };
  await decryptMasterSecret(new Uint8Array(32).fill(3), params({ pbkdf2: spy }));
  assert.equal(handed.length, 12);
  for (const buffer of handed) assert.ok(buffer.every((b) => b === 0), 'buffer left non-zero');
});

test('leaves its input untouched and refuses odd lengths', async () => {
  const secret = new Uint8Array(16).fill(5);
  await encryptMasterSecret(secret, params());
  assert.deepEqual(secret, new Uint8Array(16).fill(5));
  await assert.rejects(encryptMasterSecret(new Uint8Array(17), params()), RangeError);
});

test('refuses a PBKDF2 that returns the wrong length', async () => {
  await assert.rejects(encryptMasterSecret(new Uint8Array(16), params({ pbkdf2: async () => new Uint8Array(3) })), RangeError);
});
