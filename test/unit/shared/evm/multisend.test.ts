import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { Interface, solidityPacked } from 'ethers';
import { toChecksumAddress } from '../../../../shared/evm/address';
import {
  SAFE_DEPLOYMENTS,
  decodeMultiSend,
  decodeMultiSendTransactions,
  encodeMultiSend,
  encodeMultiSendTransactions,
  isMultiSendCall,
  isTrustedDelegateCallTarget,
  safeDeploymentAt,
  type MultiSendCall,
} from '../../../../shared/evm/multisend';
import { assertOnlyAirlockErrors } from '../../../helpers/only-airlock-errors';
import { hasCode } from '../../../helpers/error-code';

const hex = (b: Uint8Array) => `0x${bytesToHex(b)}`;

const callArb: fc.Arbitrary<MultiSendCall> = fc.record({
  operation: fc.constantFrom(0 as const, 1 as const),
  to: fc.uint8Array({ minLength: 20, maxLength: 20 }).map(toChecksumAddress),
  value: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
  data: fc.uint8Array({ maxLength: 200 }),
}).map((call) => ({ ...call }));

test('the packed batch is operation ‖ to ‖ value ‖ dataLength ‖ data per call, as ethers solidityPacked builds it', () => {
  fc.assert(
    fc.property(fc.array(callArb, { maxLength: 6 }), (calls) => {
      const theirs = calls.length === 0 ? '0x' : calls.map((c) => solidityPacked(['uint8', 'address', 'uint256', 'uint256', 'bytes'], [c.operation, c.to, c.value, c.data.length, c.data]).slice(2)).join('');
      assert.equal(hex(encodeMultiSendTransactions(calls)), calls.length === 0 ? '0x' : `0x${theirs}`);
      assert.deepEqual(decodeMultiSendTransactions(encodeMultiSendTransactions(calls)), calls);
    }),
  );
});

test('multiSend(bytes) calldata round-trips and matches ethers', () => {
  const iface = new Interface(['function multiSend(bytes transactions)']);
  fc.assert(
    fc.property(fc.array(callArb, { minLength: 1, maxLength: 5 }), (calls) => {
      const data = encodeMultiSend(calls);
      assert.equal(hex(data), iface.encodeFunctionData('multiSend', [encodeMultiSendTransactions(calls)]));
      assert.ok(isMultiSendCall(data));
      assert.deepEqual(decodeMultiSend(data), calls);
    }),
  );
});

test('decoding refuses a truncated header, a data length past the end, an unknown operation and trailing bytes', () => {
  const one = encodeMultiSendTransactions([{ operation: 0, to: toChecksumAddress(new Uint8Array(20).fill(7)), value: 1n, data: hexToBytes('a9059cbb') }]);
  assert.throws(() => decodeMultiSendTransactions(one.subarray(0, 50)), hasCode('multisend-invalid', /middle of call 1/));
  assert.throws(() => decodeMultiSendTransactions(one.subarray(0, one.length - 1)), hasCode('multisend-invalid', /says its data is 4 bytes, but only 3 bytes follow/));
  const badOp = one.slice();
  badOp[0] = 2;
  assert.throws(() => decodeMultiSendTransactions(badOp), hasCode('multisend-invalid', /operation 2/));
  const trailing = new Uint8Array([...one, 0, 1, 2]);
  assert.throws(() => decodeMultiSendTransactions(trailing), hasCode('multisend-invalid', /middle of call 2/));
  const huge = one.slice();
  huge.fill(0xff, 53, 85); // dataLength = 2^256 - 1
  assert.throws(() => decodeMultiSendTransactions(huge), hasCode('multisend-invalid', /only 4 bytes follow/));
});

test('random bytes decode to calls or a multisend-invalid error, never anything else (fast-check)', () => {
  assertOnlyAirlockErrors(fc.uint8Array({ maxLength: 400 }), decodeMultiSendTransactions, { code: 'multisend-invalid' });
});

test('deployment addresses: MultiSendCallOnly, MultiSend, SignMessageLib, SafeMigration of 1.3.0 and 1.4.1 (safe-deployments)', () => {
  const find = (contract: string, version: string, variant: string) =>
    SAFE_DEPLOYMENTS.find((d) => d.contract === contract && d.version === version && d.variant === variant)?.address;
  assert.equal(find('MultiSendCallOnly', '1.3.0', 'canonical'), '0x40A2aCCbd92BCA938b02010E17A5b8929b49130D');
  assert.equal(find('MultiSendCallOnly', '1.3.0', 'eip155'), '0xA1dabEF33b3B82c7814B6D82A79e50F4AC44102B');
  assert.equal(find('MultiSendCallOnly', '1.4.1', 'canonical'), '0x9641d764fc13c8B624c04430C7356C1C7C8102e2');
  assert.equal(find('MultiSend', '1.3.0', 'canonical'), '0xA238CBeb142c10Ef7Ad8442C6D1f9E89e07e7761');
  assert.equal(find('MultiSend', '1.3.0', 'eip155'), '0x998739BFdAAdde7C933B942a68053933098f9EDa');
  assert.equal(find('MultiSend', '1.4.1', 'canonical'), '0x38869bf66a61cF6bDB996A6aE40D5853Fd43B526');
  assert.equal(find('SignMessageLib', '1.3.0', 'canonical'), '0xA65387F16B013cf2Af4605Ad8aA5ec25a2cbA3a2');
  assert.equal(find('SignMessageLib', '1.3.0', 'eip155'), '0x98FFBBF51bb33A056B08ddf711f289936AafF717');
  assert.equal(find('SignMessageLib', '1.4.1', 'canonical'), '0xd53cd0aB83D845Ac265BE939c57F53AD838012c9');
  assert.equal(find('SafeMigration', '1.4.1', 'canonical'), '0x526643F69b81B008F46d95CD5ced5eC0edFFDaC6');
  assert.equal(new Set(SAFE_DEPLOYMENTS.map((d) => d.address)).size, SAFE_DEPLOYMENTS.length, 'no address listed twice');
  assert.ok(isTrustedDelegateCallTarget(toChecksumAddress(hexToBytes('40a2accbd92bca938b02010e17a5b8929b49130d'))));
  assert.equal(safeDeploymentAt(toChecksumAddress(hexToBytes('9641d764fc13c8b624c04430c7356c1c7c8102e2')))?.contract, 'MultiSendCallOnly');
});

test('an address outside the list is not a trusted delegatecall target', () => {
  // An arbitrary contract, as the Bybit signers' delegatecall target was: not a Safe library.
  assert.equal(isTrustedDelegateCallTarget(toChecksumAddress(hexToBytes('96221423681a6d52e184d440a8efcebb105c7242'))), false);
  assert.equal(isTrustedDelegateCallTarget(toChecksumAddress(new Uint8Array(20))), false);
});
