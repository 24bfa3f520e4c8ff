// Naming what a simulated transaction emits and why it reverted: Error(string), Panic, OpenZeppelin custom errors,
// ERC-20 vs ERC-721 Transfer by topic count, Safe events of either version; anything else by its selector or topic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AbiCoder, id, Interface, zeroPadValue } from 'ethers';
import { hexToBytes } from '@noble/hashes/utils.js';
import { decodeEvent, decodeRevert } from '../../../../shared/simulation/decode';

const bytes = (hex: string) => hexToBytes(hex.slice(2));
const word = (address: string) => bytes(zeroPadValue(address, 32));
const A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const B = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

test('reverts: a message, a panic, a known custom error with its arguments, an unknown selector, nothing', () => {
  const errors = new Interface(['error Error(string)', 'error Panic(uint256)', 'error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)', 'error EnforcedPause()']);
  assert.equal(decodeRevert(bytes(errors.encodeErrorResult('Error', ['GS013']))), 'GS013');
  assert.equal(decodeRevert(bytes(errors.encodeErrorResult('Panic', [0x11]))), 'Panic(0x11)');
  assert.equal(decodeRevert(bytes(errors.encodeErrorResult('EnforcedPause', []))), 'EnforcedPause()');
  assert.equal(decodeRevert(bytes(errors.encodeErrorResult('AccessControlUnauthorizedAccount', [A, id('PAUSER_ROLE')]))), `AccessControlUnauthorizedAccount(account=${A}, neededRole=${id('PAUSER_ROLE')})`);
  assert.equal(decodeRevert(bytes('0xdeadbeef')), 'custom error 0xdeadbeef');
  assert.equal(decodeRevert(new Uint8Array(0)), 'no reason given');
});

test('events: ERC-20 and ERC-721 Transfer told apart by their topics, Safe 1.4.1 ExecutionSuccess, an unknown topic', () => {
  const topic = bytes(id('Transfer(address,address,uint256)'));
  const erc20 = decodeEvent([topic, word(A), word(B)], bytes(AbiCoder.defaultAbiCoder().encode(['uint256'], [5])));
  assert.deepEqual([erc20.name, erc20.values.value], ['Transfer', 5n]);
  assert.equal(erc20.args, `from=${A}, to=${B}, value=5`);
  const nft = decodeEvent([topic, word(A), word(B), bytes(zeroPadValue('0x07', 32))], new Uint8Array(0));
  assert.deepEqual([nft.name, nft.values.tokenId], ['Transfer', 7n]);
  const hash = id('a safe tx');
  const executed = decodeEvent([bytes(id('ExecutionSuccess(bytes32,uint256)')), bytes(hash)], bytes(AbiCoder.defaultAbiCoder().encode(['uint256'], [0])));
  assert.equal(executed.name, 'ExecutionSuccess');
  assert.equal(executed.args, `txHash=${hash}, payment=0`);
  assert.deepEqual(decodeEvent([bytes(id('Whatever()'))], new Uint8Array(0)).name, 'unknown');
  assert.equal(decodeEvent([], new Uint8Array(0)).args, 'no topic');
});
