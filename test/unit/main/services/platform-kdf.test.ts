// The vault's native scrypt (main/services/deps.ts platformScrypt) against RFC 7914's published vector and noble's
// scrypt: the same bytes, so an envelope sealed by one opens with the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { platformKdf, platformScrypt } from '../../../../main/services/deps';
import { DEFAULT_KDF, openWithPassphrase, sealWithPassphrase } from '../../../../shared/crypto/envelope';

const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

test('native scrypt gives RFC 7914 section 12 vector ("password", "NaCl", N=1024, r=8, p=16)', async () => {
  const key = await platformScrypt(utf8('password'), utf8('NaCl'), { N: 1024, r: 8, p: 16, dkLen: 64 });
  assert.equal(
    hex(key),
    'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
  );
});

test("native scrypt equals noble's at the envelope's default parameters", async () => {
  const password = utf8('correct horse battery staple');
  const salt = new Uint8Array(32).map((_, i) => i * 7);
  const params = { N: DEFAULT_KDF.algorithm === 'scrypt' ? DEFAULT_KDF.N : 0, r: 8, p: 1, dkLen: 64 };
  assert.equal(hex(await platformScrypt(password, salt, params)), hex(await scryptAsync(password, salt, { ...params, maxmem: 2 ** 30 })));
});

test('a share sealed with the native KDF opens with the pure one, and the other way round; a wrong passphrase fails both', async () => {
  const plaintext = utf8('academic acid acrobat romp chubby');
  const ad = utf8('vault/holder');
  let counter = 0;
  const random = (length: number) => new Uint8Array(length).map(() => counter++ & 0xff);
  const native = await sealWithPassphrase(plaintext, 'alice passphrase', ad, { random, ...platformKdf });
  const pure = await sealWithPassphrase(plaintext, 'alice passphrase', ad, { random });
  assert.deepEqual(await openWithPassphrase(native, 'alice passphrase', ad), plaintext);
  assert.deepEqual(await openWithPassphrase(pure, 'alice passphrase', ad, platformKdf), plaintext);
  await assert.rejects(openWithPassphrase(native, 'alice wrong', ad, platformKdf), (e: unknown) => (e as { code?: string }).code === 'passphrase-wrong');
});
