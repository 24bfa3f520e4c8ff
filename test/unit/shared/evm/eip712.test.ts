import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { TypedDataEncoder, hashMessage } from 'ethers';
import { encodeType, hashDomain, hashPersonalMessage, hashStruct, hashTypedData, typeHash, type TypedData, type TypedDataStruct } from '../../../../shared/evm/eip712';
import { hasCode } from '../../../helpers/error-code';

const hex = (b: Uint8Array) => `0x${bytesToHex(b)}`;

// The example of EIP-712 itself (https://eips.ethereum.org/EIPS/eip-712, assets/eip-712/Example.js).
const MAIL: TypedData = {
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ],
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallet', type: 'address' },
    ],
    Mail: [
      { name: 'from', type: 'Person' },
      { name: 'to', type: 'Person' },
      { name: 'contents', type: 'string' },
    ],
  },
  primaryType: 'Mail',
  domain: { name: 'Ether Mail', version: '1', chainId: 1, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' },
  message: {
    from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
    to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
    contents: 'Hello, Bob!',
  },
};

test("EIP-712's Mail example: encodeType, typeHash, struct hash, domain separator and digest", () => {
  assert.equal(encodeType(MAIL.types, 'Mail'), 'Mail(Person from,Person to,string contents)Person(string name,address wallet)');
  assert.equal(hex(typeHash(MAIL.types, 'Mail')), '0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2');
  assert.equal(hex(hashStruct(MAIL.types, 'Mail', MAIL.message)), '0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e');
  assert.equal(hex(hashDomain(MAIL.domain, MAIL.types)), '0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f');
  assert.equal(hex(hashTypedData(MAIL)), '0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2');
});

test('the domain type is derived from the fields present when EIP712Domain is not declared, as ethers does', () => {
  const { EIP712Domain: _, ...types } = MAIL.types;
  assert.equal(hex(hashTypedData({ ...MAIL, types })), '0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2');
});

// Nested structs, arrays of structs, fixed arrays, bytes, bytesN, signed integers, bool and string.
const RICH_TYPES = {
  Order: [
    { name: 'maker', type: 'Party' },
    { name: 'takers', type: 'Party[]' },
    { name: 'amounts', type: 'uint128[2]' },
    { name: 'delta', type: 'int64' },
    { name: 'payload', type: 'bytes' },
    { name: 'tag', type: 'bytes4' },
    { name: 'urgent', type: 'bool' },
    { name: 'memo', type: 'string' },
    { name: 'matrix', type: 'uint8[][]' },
  ],
  Party: [
    { name: 'wallet', type: 'address' },
    { name: 'label', type: 'string' },
  ],
};

const hexBytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((b) => hex(b));
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => hex(b));
const party = fc.record({ wallet: address, label: fc.string({ maxLength: 20 }) });
const order = fc.record({
  maker: party,
  takers: fc.array(party, { maxLength: 3 }),
  amounts: fc.tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n })),
  delta: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
  payload: hexBytes(0, 70),
  tag: hexBytes(4, 4),
  urgent: fc.boolean(),
  memo: fc.string({ maxLength: 40 }),
  matrix: fc.array(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 3 }), { maxLength: 3 }),
});
const domain = fc.record(
  { name: fc.string({ maxLength: 10 }), version: fc.string({ maxLength: 4 }), chainId: fc.bigInt({ min: 1n, max: 1n << 64n }), verifyingContract: address, salt: hexBytes(32, 32) },
  { requiredKeys: [] },
);

test('hashTypedData equals ethers TypedDataEncoder on random nested typed data (fast-check)', () => {
  fc.assert(
    fc.property(order, domain, (message, dom) => {
      const ours = hashTypedData({ types: RICH_TYPES, primaryType: 'Order', domain: dom as TypedDataStruct, message: message as unknown as TypedDataStruct });
      assert.equal(hex(ours), TypedDataEncoder.hash(dom, RICH_TYPES, message));
    }),
    { numRuns: 200 },
  );
});

test('hashPersonalMessage is EIP-191 personal_sign, as ethers hashMessage computes it, for text and bytes', () => {
  assert.equal(hex(hashPersonalMessage('hello world')), hashMessage('hello world'));
  assert.equal(hex(hashPersonalMessage('hello world')), '0xd9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68');
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      assert.equal(hex(hashPersonalMessage(bytes)), hashMessage(bytes));
    }),
  );
});

test('refuses a field not declared in its type: it would be shown but not signed', () => {
  const message = { ...MAIL.message, bcc: 'eve' } as TypedDataStruct;
  assert.throws(() => hashTypedData({ ...MAIL, message }), hasCode('typed-data-invalid', /"Mail\.bcc" is not a field of Mail/));
});

test('refuses missing fields, undefined types, out-of-range integers, wrong-sized bytesN and bad addresses, naming the field', () => {
  const cases: Array<[TypedData, RegExp]> = [
    [{ ...MAIL, message: { from: MAIL.message.from!, to: MAIL.message.to! } }, /"Mail\.contents" \(string\) is missing/],
    [{ ...MAIL, primaryType: 'Letter' }, /does not define it/],
    [{ ...MAIL, types: { ...MAIL.types, Mail: [{ name: 'from', type: 'Human' }] }, message: { from: {} } }, /neither a Solidity type nor defined/],
    [{ types: { T: [{ name: 'n', type: 'uint8' }] }, primaryType: 'T', domain: {}, message: { n: 256 } }, /"T\.n" is 256, outside the range of uint8/],
    [{ types: { T: [{ name: 'n', type: 'int8' }] }, primaryType: 'T', domain: {}, message: { n: '-129' } }, /outside the range of int8/],
    [{ types: { T: [{ name: 'n', type: 'uint256' }] }, primaryType: 'T', domain: {}, message: { n: 1.5 } }, /must be a whole number/],
    [{ types: { T: [{ name: 'b', type: 'bytes4' }] }, primaryType: 'T', domain: {}, message: { b: '0x0102' } }, /exactly 4 bytes/],
    [{ types: { T: [{ name: 'a', type: 'address' }] }, primaryType: 'T', domain: {}, message: { a: 42 } }, /must be an address/],
    [{ types: { T: [{ name: 'a', type: 'uint8[2]' }] }, primaryType: 'T', domain: {}, message: { a: [1] } }, /exactly 2 elements/],
    [{ types: { T: [{ name: 'f', type: 'bool' }] }, primaryType: 'T', domain: {}, message: { f: 'true' } }, /true or false/],
    [{ ...MAIL, primaryType: 'EIP712Domain' }, /carries no message/],
  ];
  for (const [data, message] of cases) assert.throws(() => hashTypedData(data), hasCode('typed-data-invalid', message), String(message));
});

test('an address with a broken EIP-55 checksum in typed data is refused with the address code', () => {
  const message = { ...MAIL.message, to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbb' } };
  assert.throws(() => hashTypedData({ ...MAIL, message }), hasCode('address-checksum-invalid'));
});

test('bytes values are accepted as Uint8Array or 0x hex alike', () => {
  const types = { T: [{ name: 'b', type: 'bytes' }] };
  assert.deepEqual(hashStruct(types, 'T', { b: hexToBytes('deadbeef') }), hashStruct(types, 'T', { b: '0xdeadbeef' }));
});
