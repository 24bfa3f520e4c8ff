import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hexToBytes } from '@noble/hashes/utils.js';
import { getPublicKey } from '@noble/secp256k1';
import { addressBytes, addressFromPublicKey, parseAddress, toChecksumAddress } from '../../../../shared/evm/address';
import { AirlockError } from '../../../../shared/errors';
import { hasCode } from '../../../helpers/error-code';

// The test cases of EIP-55 (https://eips.ethereum.org/EIPS/eip-55#test-cases).
const EIP55 = {
  allCaps: ['0x52908400098527886E0F7030069857D2E4169EE7', '0x8617E340B3D01FA5F11F306F4090FD50E238070D'],
  allLower: ['0xde709f2102306220921060314715629080e2fb77', '0x27b1fdb04752bbc536007a920d24acb045561c26'],
  normal: [
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  ],
};
const ALL = [...EIP55.allCaps, ...EIP55.allLower, ...EIP55.normal];


test('the EIP-55 test cases are what toChecksumAddress makes of their bytes', () => {
  for (const address of ALL) {
    assert.equal(toChecksumAddress(hexToBytes(address.slice(2))), address);
  }
});

test('parseAddress accepts each EIP-55 test case as written and in lowercase, returning the checksummed form', () => {
  for (const address of ALL) {
    assert.equal(parseAddress(address), address);
    assert.equal(parseAddress(address.toLowerCase()), address);
    assert.equal(parseAddress(`  ${address}\n`), address, 'surrounding whitespace from a paste is ignored');
  }
});

test('all-uppercase text carries no checksum and is accepted like lowercase', () => {
  for (const address of EIP55.normal) {
    assert.equal(parseAddress('0x' + address.slice(2).toUpperCase()), address);
  }
});

test('a mixed-case address with any one letter in the wrong case is address-checksum-invalid', () => {
  for (const address of EIP55.normal) {
    for (let i = 2; i < address.length; i++) {
      const c = address[i]!;
      if (!/[a-fA-F]/.test(c)) continue;
      const swapped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
      const typo = address.slice(0, i) + swapped + address.slice(i + 1);
      const body = typo.slice(2);
      if (body === body.toLowerCase() || body === body.toUpperCase()) continue;
      assert.throws(() => parseAddress(typo), hasCode('address-checksum-invalid', /Copy the address again/), typo);
    }
  }
});

test('a wrong length, a non-hex character or a missing 0x is address-invalid with a sentence that says which', () => {
  assert.throws(() => parseAddress('0x123'), hasCode('address-invalid', /40 characters after 0x; this one has 3/));
  assert.throws(() => parseAddress(EIP55.normal[0] + 'a'), hasCode('address-invalid', /this one has 41/));
  assert.throws(() => parseAddress('0x' + 'g'.repeat(40)), (e: unknown) => hasCode('address-invalid', /Character 3 .*"g"/)(e) && (e as AirlockError).params.position === 3);
  assert.throws(() => parseAddress('0x52908400098527886E0F7030069857D2E4169EEO'), hasCode('address-invalid', /Character 42 .*"O".*zero/));
  assert.throws(() => parseAddress(EIP55.normal[0]!.slice(2)), hasCode('address-invalid', /starts with 0x/));
  assert.throws(() => parseAddress('0X' + EIP55.allLower[0]!.slice(2)), hasCode('address-invalid', /starts with 0x/));
  assert.throws(() => parseAddress(''), hasCode('address-invalid'));
});

test('addressFromPublicKey: private keys 1 and 2 give their well-known addresses from either key encoding', () => {
  const known = [
    [1n, '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf'],
    [2n, '0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF'],
  ] as const;
  for (const [scalar, address] of known) {
    const secretKey = hexToBytes(scalar.toString(16).padStart(64, '0'));
    assert.equal(addressFromPublicKey(getPublicKey(secretKey, false)), address);
    assert.equal(addressFromPublicKey(getPublicKey(secretKey, true)), address);
  }
});

test('a public key that is not on the curve is public-key-invalid', () => {
  const notOnCurve = new Uint8Array(65);
  notOnCurve[0] = 4;
  notOnCurve[64] = 1;
  for (const key of [notOnCurve, new Uint8Array(64), new Uint8Array(33)]) {
    assert.throws(() => addressFromPublicKey(key), hasCode('public-key-invalid'));
  }
});

test('any 20 bytes round-trip through the checksummed text, in either case', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (bytes) => {
      const address = toChecksumAddress(bytes);
      assert.equal(parseAddress(address), address);
      assert.equal(parseAddress(address.toLowerCase()), address);
      assert.deepEqual(addressBytes(address), bytes);
    }),
    { numRuns: 500 },
  );
});
