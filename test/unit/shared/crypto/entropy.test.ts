import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diceBits, newMasterSecret, parseDiceRolls } from '../../../../shared/crypto/entropy';
import { AirlockError } from '../../../../shared/errors';

const fixedRandom = (byte: number) => (length: number) => new Uint8Array(length).fill(byte);

test('50 rolls of a d6 give about 128 bits, as the wizard shows', () => {
  assert.equal(diceBits(50), 129);
  assert.equal(diceBits(0), 0);
  assert.equal(diceBits(99), 255);
});

test('dice are read as digits 1–6 with spaces, commas and line breaks ignored', () => {
  assert.deepEqual(parseDiceRolls('1 2,3\n4 5 6'), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(parseDiceRolls(''), []);
});

test('a roll that is not 1–6 is refused naming its position', () => {
  for (const [text, position] of [['1230', 4], ['7', 1], ['12 x', 3]] as const) {
    assert.throws(
      () => parseDiceRolls(text),
      (e: unknown) => e instanceof AirlockError && e.code === 'dice-invalid' && e.params.position === position && e.message.includes(`roll ${position}`),
    );
  }
});

test('dice change the secret but never replace the CSPRNG bytes', () => {
  const a = newMasterSecret(32, fixedRandom(1), [1, 2, 3]);
  const b = newMasterSecret(32, fixedRandom(1), [1, 2, 4]);
  const c = newMasterSecret(32, fixedRandom(2), [1, 2, 3]);
  assert.equal(a.length, 32);
  assert.notDeepEqual(a, b);
  assert.notDeepEqual(a, c, 'same dice, different OS randomness → different secret');
  assert.equal(newMasterSecret(16, fixedRandom(1)).length, 16);
});

test('a random source that returns too few bytes is refused', () => {
  assert.throws(() => newMasterSecret(16, () => new Uint8Array(8)), AirlockError);
});
