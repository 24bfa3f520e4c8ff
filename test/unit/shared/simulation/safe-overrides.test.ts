// The state overrides that let an unsigned Safe transaction run: storage slots computed as Solidity lays out Safe 1.x
// (checked against ethers' own encoding), as many injected owners as the real threshold, in ascending order, each
// pre-approving the hash; the threshold never overridden; nonce and guard only when needed, the guard by a fresh stand-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AbiCoder, keccak256, ZeroAddress } from 'ethers';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { parseAddress } from '../../../../shared/evm/address';
import { decodeFunctionCall } from '../../../../shared/evm/abi';
import { SAFE_GUARD_SLOT, safeSimulationPlan } from '../../../../shared/simulation/safe-overrides';
import { built, safeInput, SAFE, TARGET } from './sample';

const coder = AbiCoder.defaultAbiCoder();
const EXEC = 'execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)';

function counter() {
  let n = 0;
  return (length: number) => Uint8Array.from({ length }, (_, i) => (i === length - 1 ? 200 - n++ : 0x11 + n));
}

test('injects threshold-many owners off the list, each pre-approving the safeTxHash, and signs with approved-hash signatures', () => {
  const { draft, digest } = built(safeInput([{ type: 'pause', target: TARGET }]));
  if (draft.kind !== 'safe') throw new Error('expected a Safe draft');
  const plan = safeSimulationPlan({ safe: parseAddress(SAFE), tx: draft.request.tx, safeTxHash: digest, state: { threshold: 2n, nonce: 4n, guard: parseAddress(ZeroAddress) }, random: counter() });
  const owners = plan.artefacts;
  assert.equal(owners.length, 2);
  assert.ok(BigInt(owners[0]!) < BigInt(owners[1]!), 'ascending, as checkSignatures requires');
  const diff = plan.stateOverride[SAFE]!.stateDiff!;
  for (const owner of owners) {
    const ownerSlot = keccak256(coder.encode(['address', 'uint256'], [owner, 2]));
    assert.equal(diff[ownerSlot], `0x${'0'.repeat(63)}1`, 'owners[x] = SENTINEL');
    const approved = keccak256(coder.encode(['bytes32', 'bytes32'], [`0x${bytesToHex(digest)}`, keccak256(coder.encode(['address', 'uint256'], [owner, 8]))]));
    assert.equal(diff[approved], `0x${'0'.repeat(63)}1`, 'approvedHashes[x][safeTxHash] = 1');
  }
  assert.equal(Object.keys(diff).length, 4, 'no threshold, nonce or guard override');
  const args = decodeFunctionCall(EXEC, hexToBytes(plan.call.data.slice(2)));
  const signatures = bytesToHex(args[9] as Uint8Array);
  assert.equal(signatures, owners.map((o) => `${o.slice(2).toLowerCase().padStart(64, '0')}${'0'.repeat(64)}01`).join(''));
  assert.equal(plan.call.to, SAFE);
  assert.equal(plan.guardStandIn, null);
});

test('a draft waiting behind others gets the Safe\'s nonce set to its own; a guard is replaced by a stand-in that only returns', () => {
  const { draft, digest } = built(safeInput([{ type: 'pause', target: TARGET }]));
  if (draft.kind !== 'safe') throw new Error('expected a Safe draft');
  const guard = parseAddress('0x00000000000000000000000000000000000060a4');
  const plan = safeSimulationPlan({ safe: parseAddress(SAFE), tx: draft.request.tx, safeTxHash: digest, state: { threshold: 1n, nonce: 2n, guard }, random: counter() });
  const diff = plan.stateOverride[SAFE]!.stateDiff!;
  assert.equal(diff[`0x${'0'.repeat(63)}5`], `0x${'0'.repeat(63)}4`, 'nonce slot 5 = the draft\'s nonce 4');
  assert.ok(plan.guardStandIn);
  assert.notEqual(plan.guardStandIn, guard);
  assert.equal(diff[SAFE_GUARD_SLOT], `0x${plan.guardStandIn!.slice(2).toLowerCase().padStart(64, '0')}`);
  assert.deepEqual(plan.stateOverride[plan.guardStandIn!], { code: '0x00' });
  assert.match(plan.notes.join(' '), /nonce set from 2 to 4/);
  assert.match(plan.notes.join(' '), /guard .* replaced/);
});
