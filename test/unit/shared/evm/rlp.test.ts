import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { decodeRlp as ethersDecodeRlp, encodeRlp as ethersEncodeRlp } from 'ethers';
import { AirlockError } from '../../../../shared/errors';
import { decodeInteger, decodeRlp, encodeRlp, integerBytes, MAX_RLP_DEPTH, type RlpItem } from '../../../../shared/evm/rlp';
import { hasCode } from '../../../helpers/error-code';

const hex = (b: Uint8Array) => '0x' + bytesToHex(b);
const text = (s: string) => utf8ToBytes(s);

// The examples of the Ethereum wiki / yellow paper appendix B (https://ethereum.org/en/developers/docs/data-structures-and-encoding/rlp/).
test('encodes the examples from the RLP specification', () => {
  assert.equal(hex(encodeRlp(text('dog'))), '0x83646f67');
  assert.equal(hex(encodeRlp([text('cat'), text('dog')])), '0xc88363617483646f67');
  assert.equal(hex(encodeRlp(new Uint8Array(0))), '0x80');
  assert.equal(hex(encodeRlp([])), '0xc0');
  assert.equal(hex(encodeRlp(integerBytes(0n))), '0x80');
  assert.equal(hex(encodeRlp(Uint8Array.of(0))), '0x00');
  assert.equal(hex(encodeRlp(Uint8Array.of(0x0f))), '0x0f');
  assert.equal(hex(encodeRlp(integerBytes(1024n))), '0x820400');
  assert.equal(hex(encodeRlp([[], [[]], [[], [[]]]])), '0xc7c0c1c0c3c0c1c0');
  const lorem = 'Lorem ipsum dolor sit amet, consectetur adipisicing elit';
  assert.equal(hex(encodeRlp(text(lorem))), '0xb838' + bytesToHex(text(lorem)));
});

const arbItem: fc.Arbitrary<RlpItem> = fc.letrec<{ item: RlpItem }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.uint8Array({ maxLength: 80 }),
    fc.array(tie('item'), { maxLength: 5 }),
  ),
})).item;

type Nested = string | Nested[];
const toEthers = (item: RlpItem): Nested => (item instanceof Uint8Array ? hex(item) : item.map(toEthers));

test('encodes exactly as ethers encodeRlp and decodes back to the same item (property)', () => {
  fc.assert(
    fc.property(arbItem, (item) => {
      const ours = encodeRlp(item);
      assert.equal(hex(ours), ethersEncodeRlp(toEthers(item)));
      assert.deepEqual(toEthers(decodeRlp(ours)), toEthers(item));
      assert.deepEqual(ethersDecodeRlp(ours), toEthers(item));
    }),
    { numRuns: 500 },
  );
});

test('refuses non-canonical encodings: wrapped single byte, short length in long form, leading zero in a length', () => {
  assert.throws(() => decodeRlp(hexToBytes('8100')), hasCode('rlp-invalid', /on its own/));
  assert.throws(() => decodeRlp(hexToBytes('817f')), hasCode('rlp-invalid', /on its own/));
  assert.throws(() => decodeRlp(hexToBytes('b801' + 'ff')), hasCode('rlp-invalid', /long length form/));
  assert.throws(() => decodeRlp(hexToBytes('b90038' + '00'.repeat(56))), hasCode('rlp-invalid', /leading zero/));
  assert.throws(() => decodeRlp(hexToBytes('f800')), hasCode('rlp-invalid', /leading zero/));
  assert.throws(() => decodeRlp(hexToBytes('f801c0')), hasCode('rlp-invalid', /long length form/));
});

test('refuses truncated data, trailing bytes, empty input and an item claiming more than the data holds', () => {
  assert.throws(() => decodeRlp(hexToBytes('83646f')), hasCode('rlp-invalid', /claims 3 bytes/));
  assert.throws(() => decodeRlp(hexToBytes('83646f6700')), hasCode('rlp-invalid', /extra bytes/));
  assert.throws(() => decodeRlp(new Uint8Array(0)), hasCode('rlp-invalid', /empty/));
  assert.throws(() => decodeRlp(hexToBytes('bbffffffff')), hasCode('rlp-invalid', /claims/));
  assert.throws(() => decodeRlp(hexToBytes('bcffffffffff')), hasCode('rlp-invalid', /far more/));
  assert.throws(() => decodeRlp(hexToBytes('c583646f67')), hasCode('rlp-invalid', /claims 5 bytes/));
  assert.throws(() => decodeRlp(hexToBytes('c48363617483')), hasCode('rlp-invalid'));
});

test(`refuses lists nested deeper than ${MAX_RLP_DEPTH} levels and input over the size cap`, () => {
  let deep: RlpItem = [];
  for (let i = 0; i < MAX_RLP_DEPTH + 2; i++) deep = [deep];
  const bytes = new Uint8Array(MAX_RLP_DEPTH + 3).fill(0xc1);
  bytes[bytes.length - 1] = 0xc0;
  for (let i = 0; i < bytes.length - 1; i++) bytes[i] = 0xc0 + (bytes.length - 1 - i);
  assert.throws(() => decodeRlp(bytes), hasCode('rlp-invalid', /deep/));
  assert.throws(() => encodeRlp(deep), hasCode('rlp-invalid', /deep/));
  assert.throws(() => decodeRlp(new Uint8Array((1 << 20) + 1)), hasCode('rlp-invalid', /at most/));
});

test('integers: minimal bytes, refused with a leading zero or above the size limit', () => {
  assert.deepEqual(integerBytes(0n), new Uint8Array(0));
  assert.equal(hex(integerBytes(0x0400n)), '0x0400');
  assert.equal(decodeInteger(hexToBytes('0400'), 'nonce'), 1024n);
  assert.throws(() => decodeInteger(hexToBytes('0004'), 'nonce'), hasCode('rlp-invalid', /nonce has a leading zero/));
  assert.throws(() => decodeInteger(new Uint8Array(9).fill(1), 'gas limit', 8), hasCode('rlp-invalid', /gas limit is 9 bytes/));
  assert.throws(() => decodeInteger([], 'value'), hasCode('rlp-invalid', /list/));
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), (n) => decodeInteger(integerBytes(n), 'n') === n));
});

test('decode fuzz: random bytes only ever fail with rlp-invalid', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try {
        const item = decodeRlp(bytes);
        assert.deepEqual(encodeRlp(item), bytes, 'whatever decodes is canonical: it re-encodes to the same bytes');
      } catch (error) {
        assert.ok(error instanceof AirlockError && error.code === 'rlp-invalid', `unexpected ${String(error)}`);
      }
    }),
    { numRuns: 5000 },
  );
});
