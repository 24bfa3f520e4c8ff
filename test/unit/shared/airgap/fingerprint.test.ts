import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { FINGERPRINT_WORD_COUNT, fingerprintText, fingerprintWords } from '../../../../shared/airgap/fingerprint';

/** The documented definition, written again with Node's own SHA-256 and BigInt bit slicing. */
function reference(type: string, payload: Uint8Array): string[] {
  const digest = createHash('sha256').update(Buffer.from(type, 'utf8')).update(Buffer.from([0])).update(payload).digest();
  const first44 = BigInt(`0x${digest.subarray(0, 6).toString('hex')}`) >> 4n;
  return [3, 2, 1, 0].map((k) => wordlist[Number((first44 >> BigInt(11 * k)) & 0x7ffn)]!);
}

test('fingerprint words are pinned: changing them breaks every vault and relay already in the field', () => {
  assert.deepEqual(fingerprintWords('bytes', new Uint8Array([1, 2, 3])), ['health', 'tent', 'street', 'goddess']);
  assert.equal(fingerprintText('eth-sign-request', new Uint8Array(0)), 'truck badge enemy core');
});

test('fingerprint words follow the documented definition (SHA-256 of type, 0x00, payload; four 11-bit BIP-39 indexes)', () => {
  for (let n = 0; n < 200; n++) {
    const payload = Uint8Array.from({ length: n * 7 }, (_, i) => (i * 31 + n) & 255);
    const type = ['bytes', 'eth-sign-request', 'crypto-account', 'airlock-snapshot'][n % 4]!;
    assert.deepEqual(fingerprintWords(type, payload), reference(type, payload));
  }
});

test('the same bytes under another type give other words; the type is read case-insensitively as URs are', () => {
  const payload = new Uint8Array([1, 2, 3]);
  assert.notDeepEqual(fingerprintWords('bytes', payload), fingerprintWords('eth-signature', payload));
  assert.deepEqual(fingerprintWords('BYTES', payload), fingerprintWords('bytes', payload));
  assert.equal(fingerprintWords('bytes', payload).length, FINGERPRINT_WORD_COUNT);
});

test('a one-bit change in the payload changes the words', () => {
  const a = new Uint8Array(1000);
  const b = a.slice();
  b[999] = 1;
  assert.notDeepEqual(fingerprintWords('bytes', a), fingerprintWords('bytes', b));
});
