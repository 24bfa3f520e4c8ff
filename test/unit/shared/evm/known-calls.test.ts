import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { Interface, MaxUint256 } from 'ethers';
import { AirlockError } from '../../../../shared/errors';
import { toChecksumAddress } from '../../../../shared/evm/address';
import { decodeKnownCall, knownFunctionBySelector, knownFunctions } from '../../../../shared/evm/known-calls';
import { hasCode } from '../../../helpers/error-code';

const bytes = (h: string) => hexToBytes(h.slice(2));
const ALICE = toChecksumAddress(new Uint8Array(20).fill(0xa1));
const BOB = toChecksumAddress(new Uint8Array(20).fill(0xb0));

test('the registry has every function recovery reviews, each selector equal to ethers’ and none shared', () => {
  const expected = [
    'transfer', 'approve', 'transferFrom', 'execTransaction', 'addOwnerWithThreshold', 'removeOwner', 'swapOwner', 'changeThreshold',
    'enableModule', 'disableModule', 'setGuard', 'setFallbackHandler', 'multiSend', 'pause', 'unpause', 'cancel', 'schedule', 'execute',
    'grantRole', 'revokeRole', 'renounceRole',
  ];
  const all = knownFunctions();
  for (const name of expected) assert.ok(all.some((f) => f.name === name), `${name} is known`);
  assert.equal(new Set(all.map((f) => f.selector)).size, all.length);
  for (const f of all) {
    assert.equal(f.selector, new Interface([`function ${f.signature}`]).getFunction(f.name)!.selector, f.signature);
    assert.equal(knownFunctionBySelector(f.selector), f);
  }
});

test('decodes an ERC-20 transfer with parameter names and types', () => {
  const data = new Interface(['function transfer(address,uint256)']).encodeFunctionData('transfer', [BOB, 10n ** 18n]);
  assert.deepEqual(decodeKnownCall(bytes(data)), {
    name: 'transfer',
    signature: 'transfer(address,uint256)',
    params: [
      { name: 'to', type: 'address', value: BOB },
      { name: 'amount', type: 'uint256', value: 10n ** 18n },
    ],
  });
});

test('decodes an unlimited approve, a Safe swapOwner and a Timelock cancel', () => {
  const approve = decodeKnownCall(bytes(new Interface(['function approve(address,uint256)']).encodeFunctionData('approve', [ALICE, MaxUint256])));
  assert.equal(approve?.params[1]?.value, MaxUint256);
  const swap = decodeKnownCall(bytes(new Interface(['function swapOwner(address,address,address)']).encodeFunctionData('swapOwner', ['0x0000000000000000000000000000000000000001', ALICE, BOB])));
  assert.deepEqual(swap?.params.map((p) => [p.name, p.value]), [
    ['prevOwner', '0x0000000000000000000000000000000000000001'],
    ['oldOwner', ALICE],
    ['newOwner', BOB],
  ]);
  const id = '0x' + '5a'.repeat(32);
  const cancel = decodeKnownCall(bytes(new Interface(['function cancel(bytes32)']).encodeFunctionData('cancel', [id])));
  assert.equal(cancel?.name, 'cancel');
  assert.equal('0x' + bytesToHex(cancel?.params[0]?.value as Uint8Array), id);
  const pause = decodeKnownCall(bytes(new Interface(['function pause()']).encodeFunctionData('pause', [])));
  assert.deepEqual(pause, { name: 'pause', signature: 'pause()', params: [] });
});

test('decodes a Safe execTransaction and AccessControl revokeRole (random arguments, property)', () => {
  const iface = new Interface([
    'function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)',
    'function revokeRole(bytes32 role, address account)',
  ]);
  const addr = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => toChecksumAddress(b));
  const u256 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
  fc.assert(
    fc.property(addr, u256, fc.uint8Array({ maxLength: 100 }), fc.constantFrom(0n, 1n), u256, addr, fc.uint8Array({ maxLength: 200 }), (to, value, data, op, gas, refund, sigs) => {
      const args = [to, value, data, op, gas, gas, 0n, refund, refund, sigs];
      const call = decodeKnownCall(bytes(iface.encodeFunctionData('execTransaction', args)));
      assert.equal(call?.name, 'execTransaction');
      assert.deepEqual(call?.params.map((p) => p.value), args);
      assert.deepEqual(call?.params.map((p) => p.name), ['to', 'value', 'data', 'operation', 'safeTxGas', 'baseGas', 'gasPrice', 'gasToken', 'refundReceiver', 'signatures']);
      const role = decodeKnownCall(bytes(iface.encodeFunctionData('revokeRole', [data.length >= 32 ? data.slice(0, 32) : new Uint8Array(32), to])));
      assert.equal(role?.name, 'revokeRole');
    }),
    { numRuns: 100 },
  );
});

test('unknown selectors and data shorter than a selector are null, not errors', () => {
  assert.equal(decodeKnownCall(new Uint8Array(0)), null);
  assert.equal(decodeKnownCall(Uint8Array.of(0xa9, 0x05, 0x9c)), null);
  assert.equal(decodeKnownCall(hexToBytes('deadbeef' + '00'.repeat(32))), null);
});

test('a known selector with malformed arguments is abi-invalid naming the function', () => {
  assert.throws(() => decodeKnownCall(hexToBytes('a9059cbb' + '00'.repeat(40))), hasCode('abi-invalid', /names transfer\(address,uint256\), but its arguments are malformed/));
  assert.throws(() => decodeKnownCall(hexToBytes('a9059cbb' + 'ff'.repeat(64))), hasCode('abi-invalid', /first 12 bytes/));
});

test('decode fuzz: random data after a known selector yields a call or abi-invalid, nothing else', () => {
  const selectors = knownFunctions().map((f) => hexToBytes(f.selector.slice(2)));
  fc.assert(
    fc.property(fc.constantFrom(...selectors), fc.uint8Array({ maxLength: 300 }), (selector, rest) => {
      try {
        decodeKnownCall(new Uint8Array([...selector, ...rest]));
      } catch (error) {
        assert.ok(error instanceof AirlockError && error.code === 'abi-invalid', `unexpected ${String(error)}`);
      }
    }),
    { numRuns: 2000 },
  );
});
