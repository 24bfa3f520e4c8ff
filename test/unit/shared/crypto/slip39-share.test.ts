// Tests the SLIP-39 word list and share encoding: exact words, field round trips, lengths, padding, descriptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { decodeShare, describeShare, encodeShare, identifierWords, mnemonicWords, shareWordCount, type Share } from '../../../../shared/crypto/slip39-share';
import { SLIP39_WORDLIST } from '../../../../shared/crypto/slip39-wordlist';
import { AirlockError } from '../../../../shared/errors';

type Vector = [description: string, mnemonics: string[], masterSecret: string, xprv: string];
const VECTORS = JSON.parse(readFileSync(new URL('../../../vectors/slip39-trezor.json', import.meta.url), 'utf8')) as Vector[];

test('the word list is byte-for-byte the reference wordlist.txt (SHA-256 of its lines joined by newlines)', () => {
  const file = `${SLIP39_WORDLIST.join('\n')}\n`;
  assert.equal(bytesToHex(sha256(new TextEncoder().encode(file))), 'bcc4555340332d169718aed8bf31dd9d5248cb7da6e5d355140ef4f1e601eec3');
});

test('the word list has 1024 sorted lowercase words of 4-8 letters, unique in their first four letters', () => {
  assert.equal(SLIP39_WORDLIST.length, 1024);
  assert.ok(Object.isFrozen(SLIP39_WORDLIST));
  assert.deepEqual([...SLIP39_WORDLIST].sort(), [...SLIP39_WORDLIST]);
  for (const word of SLIP39_WORDLIST) assert.match(word, /^[a-z]{4,8}$/);
  assert.equal(new Set(SLIP39_WORDLIST.map((w) => w.slice(0, 4))).size, 1024);
});

const shareArb: fc.Arbitrary<Share> = fc.record({
  identifier: fc.integer({ min: 0, max: 0x7fff }),
  extendable: fc.boolean(),
  iterationExponent: fc.integer({ min: 0, max: 15 }),
  groupCount: fc.integer({ min: 1, max: 16 }),
  memberThreshold: fc.integer({ min: 1, max: 16 }),
  memberIndex: fc.integer({ min: 0, max: 15 }),
  seed: fc.nat(),
  value: fc.integer({ min: 8, max: 16 }).chain((half) => fc.uint8Array({ minLength: 2 * half, maxLength: 2 * half })),
}).map(({ seed, ...s }) => ({ ...s, groupIndex: seed % s.groupCount, groupThreshold: 1 + ((seed >> 4) % s.groupCount) }));

test('encoding then decoding any valid share gives back every field, with the expected word count', () => {
  fc.assert(
    fc.property(shareArb, (share) => {
      const mnemonic = encodeShare(share);
      assert.equal(mnemonic.split(' ').length, shareWordCount(share.value.length));
      assert.deepEqual(decodeShare(mnemonic), share);
      assert.equal(mnemonic.split(' ').slice(0, 2).join(' '), identifierWords(share));
    }),
    { numRuns: 300 },
  );
});

test('128- and 256-bit secrets give 20- and 33-word shares, as the spec tabulates', () => {
  assert.equal(shareWordCount(16), 20);
  assert.equal(shareWordCount(32), 33);
});

test('decodes the fields of an official vector share (vector 17: member 1 of group 4 of 4, 2 groups needed, 2 of this group needed)', () => {
  const share = decodeShare(VECTORS[16]![1][0]!);
  assert.equal(share.identifier, 9497);
  assert.equal(share.groupIndex, 3);
  assert.equal(share.groupThreshold, 2);
  assert.equal(share.groupCount, 4);
  assert.equal(share.memberIndex, 0);
  assert.equal(share.memberThreshold, 2);
  assert.equal(share.extendable, false);
  assert.equal(share.iterationExponent, 0);
  assert.equal(share.value.length, 16);
});

test('the extendable vectors decode as extendable and the older ones as not', () => {
  for (const [description, mnemonics, secret] of VECTORS) {
    if (secret === '') continue;
    assert.equal(decodeShare(mnemonics[0]!).extendable, /[Ee]xtendable/.test(description), description);
  }
});

test('mnemonicWords lowercases ASCII, splits on any whitespace, and leaves other characters alone', () => {
  assert.deepEqual(mnemonicWords('  Academic\tACID\n\nacne  '), ['academic', 'acid', 'acne']);
  assert.deepEqual(mnemonicWords(''), []);
  assert.deepEqual(mnemonicWords(' \n '), []);
  assert.deepEqual(mnemonicWords('ÄCID'), ['Äcid']);
});

test('rejects each word count no SLIP-39 share can have, from 0 to 40', () => {
  const valid = new Set([20, 22, 23, 25, 27, 28, 30, 31, 33]);
  for (let count = 0; count <= 40; count++) {
    if (valid.has(count)) continue;
    assert.throws(
      () => decodeShare(Array(count).fill('academic').join(' '), 'Alice\'s share'),
      (e) => e instanceof AirlockError && e.code === 'share-length-invalid' && e.message.startsWith(count === 0 ? "Alice's share is empty" : `Alice's share has ${count} word`),
    );
  }
});

test('rejects non-zero padding bits even when the checksum is valid', () => {
  // Vector 3 is exactly that case; its message points at the first value word.
  assert.throws(
    () => decodeShare(VECTORS[2]![1][0]!, 'Share 1'),
    (e) => e instanceof AirlockError && e.code === 'share-padding-invalid' && e.message.includes('word 5') && e.params.word === 5,
  );
});

test('error parameters carry positions and labels, never words', () => {
  const words = VECTORS[0]![1][0]!.split(' ');
  words[3] = 'acadmic';
  assert.throws(
    () => decodeShare(words.join(' '), 'Share 4'),
    (e) => e instanceof AirlockError && JSON.stringify(e.params) === JSON.stringify({ label: 'Share 4', word: 4 }),
  );
});

test('describes a share for a share check in words a holder can compare', () => {
  const share = decodeShare(VECTORS[16]![1][0]!);
  assert.equal(
    describeShare(share),
    'Member 1 of group 4 (2 shares of this group needed) in a set of 4 groups, 2 of which are needed; ' +
      'the set\'s shares start with "eraser senior" (identifier 9497).',
  );
  const single = decodeShare(VECTORS[0]![1][0]!);
  assert.match(describeShare(single), /^Member 1 of group 1 \(1 share of this group needed\) in a set of 1 group;/);
});

test('encodeShare refuses out-of-range fields as a programming error', () => {
  const base = decodeShare(VECTORS[0]![1][0]!);
  for (const bad of [{ identifier: 0x8000 }, { iterationExponent: 16 }, { groupThreshold: 0 }, { memberIndex: 16 }, { value: new Uint8Array(15) }, { value: new Uint8Array(34) }]) {
    assert.throws(() => encodeShare({ ...base, ...bad }), RangeError);
  }
});
