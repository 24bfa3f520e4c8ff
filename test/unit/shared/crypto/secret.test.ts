import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { constantTimeEqual, SecretBytes, zeroize } from '../../../../shared/crypto/secret';
import { AirlockError } from '../../../../shared/errors';

const disposedError = (e: unknown) => e instanceof AirlockError && e.code === 'secret-disposed';

test('use lends the bytes and returns what the callback returns', () => {
  const secret = new SecretBytes(new Uint8Array([1, 2, 3]));
  assert.equal(secret.length, 3);
  assert.equal(secret.use((bytes) => bytes.reduce((a, b) => a + b, 0)), 6);
});

test('no way of printing or serializing shows the bytes', () => {
  const secret = new SecretBytes(new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
  const shown = [
    String(secret),
    `${secret}`,
    JSON.stringify(secret),
    JSON.stringify({ nested: { secret } }),
    inspect(secret),
    inspect({ secret }, { depth: 5, showHidden: true }),
    Object.keys(secret).join(','),
    JSON.stringify(structuredClone(secret)),
  ];
  for (const text of shown) {
    assert.doesNotMatch(text, /222|173|190|239|dead|beef/i, text);
  }
  assert.equal(String(secret), '[secret]');
  assert.equal(JSON.stringify({ secret }), '{"secret":"[secret]"}');
  assert.equal(inspect(secret), '[secret]');
});

test('dispose zeroes the very array it was given, and is idempotent', () => {
  const bytes = new Uint8Array([9, 9, 9, 9]);
  const secret = new SecretBytes(bytes);
  secret.dispose();
  assert.deepEqual([...bytes], [0, 0, 0, 0]);
  assert.equal(secret.disposed, true);
  secret.dispose();
});

test('use after dispose throws secret-disposed', () => {
  const secret = new SecretBytes(new Uint8Array(8).fill(1));
  secret.dispose();
  assert.throws(() => secret.use((b) => b.length), disposedError);
  assert.throws(() => secret.length, disposedError);
});

test('copyOf leaves the original to its owner', () => {
  const original = new Uint8Array([5, 6, 7]);
  const secret = SecretBytes.copyOf(original);
  secret.dispose();
  assert.deepEqual([...original], [5, 6, 7]);
});

test('zeroize wipes every array and skips null and undefined', () => {
  const a = new Uint8Array([1, 2]);
  const b = new Uint8Array([3]);
  zeroize(a, null, b, undefined);
  assert.deepEqual([...a, ...b], [0, 0, 0]);
});

test('constantTimeEqual compares contents and lengths', () => {
  assert.equal(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3])), true);
  assert.equal(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4])), false);
  assert.equal(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3])), false);
  assert.equal(constantTimeEqual(new Uint8Array(), new Uint8Array()), true);
});
