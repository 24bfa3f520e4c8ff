// The one bytes/hex module: 0x hex at the edges, text from outside read as whole bytes or refused, integers as
// big-endian bytes that must fit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bigIntToBytes, bytesToBigInt, fromHex, parseHex, quantityHex, toHex } from '../../../shared/bytes';

test('bytes are written as 0x and lowercase hex, and read back with or without the 0x', () => {
  assert.equal(toHex(Uint8Array.of(0x00, 0xab, 0xff)), '0x00abff');
  assert.equal(toHex(new Uint8Array(0)), '0x');
  assert.deepEqual(fromHex('0x00ABff'), Uint8Array.of(0x00, 0xab, 0xff));
  assert.deepEqual(fromHex('0X0a'), Uint8Array.of(0x0a));
  assert.deepEqual(fromHex('0a0b'), Uint8Array.of(0x0a, 0x0b));
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => assert.deepEqual(fromHex(toHex(bytes)), bytes)));
});

test('hex that was checked already but is not whole bytes is a bug: fromHex throws', () => {
  assert.throws(() => fromHex('0xabc'));
  assert.throws(() => fromHex('0xzz'));
});

test('text from outside is read as whole bytes of hex or refused with null, never half a byte', () => {
  assert.deepEqual(parseHex('  0xDEADbeef\n'), Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
  assert.deepEqual(parseHex('cafe'), Uint8Array.of(0xca, 0xfe));
  assert.deepEqual(parseHex('0x'), new Uint8Array(0));
  for (const bad of ['0xabc', '0xgg', '0x 00', 'de ad', '0x0x00', '-01', '0xab\u0000cd', 'ｆｆ']) assert.equal(parseHex(bad), null, bad);
});

test('integers go to big-endian bytes and back; one that does not fit is refused', () => {
  assert.equal(bytesToBigInt(new Uint8Array(0)), 0n);
  assert.equal(bytesToBigInt(Uint8Array.of(1, 0)), 256n);
  assert.deepEqual(bigIntToBytes(256n, 4), Uint8Array.of(0, 0, 1, 0));
  assert.deepEqual(bigIntToBytes((1n << 256n) - 1n, 32), new Uint8Array(32).fill(0xff));
  assert.throws(() => bigIntToBytes(1n << 256n, 32), RangeError);
  assert.throws(() => bigIntToBytes(-1n, 32), RangeError);
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), (n) => assert.equal(bytesToBigInt(bigIntToBytes(n, 32)), n)));
});

test('a JSON-RPC quantity has no leading zeros', () => {
  assert.equal(quantityHex(0), '0x0');
  assert.equal(quantityHex(255n), '0xff');
  assert.equal(quantityHex(1024), '0x400');
});
