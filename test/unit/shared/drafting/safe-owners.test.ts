// Safe configuration changes in the draft review: owners and threshold before → after, replayed from the calldata the
// owners sign (MultiSend batches too) from the snapshot's owners and threshold; swapOwner's warning says the threshold
// stays; owner changes and unregistered new owners need their acknowledgement; a call the Safe would revert is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Interface } from 'ethers';
import { fromHex } from '../../../../shared/bytes';
import { buildDraft, parseDraftInput } from '../../../../shared/drafting/draft';
import { reviewDraft, type DraftReview } from '../../../../shared/drafting/review';
import { describeCall } from '../../../../shared/drafting/risk';
import { safeOwnershipChange } from '../../../../shared/drafting/safe-owners';
import { SENTINEL_OWNERS, ZERO_ADDRESS } from '../../../../shared/evm/safe';
import { ALICE, BOB, CAROL, SAFE, STRANGER, TARGET } from '../../../helpers/draft-addresses';

const OWNERS = [ALICE, BOB, CAROL];
const safeAbi = new Interface(['function swapOwner(address prevOwner, address oldOwner, address newOwner)', 'function changeThreshold(uint256 _threshold)']);

type Json = Record<string, unknown>;
function review(actions: Json[], context: Json = { safeOwners: OWNERS, safeThreshold: 2 }): DraftReview {
  const input = parseDraftInput({
    chainId: '1',
    executor: { kind: 'safe', safe: SAFE, version: '1.4.1', owners: OWNERS, threshold: 2, nonce: '4' },
    actions,
    context: { chainId: '1', nonce: '4', balance: '0', ...context },
  });
  return reviewDraft(buildDraft(input), input, { registeredAddresses: [ALICE, BOB, CAROL] });
}
const ownership = (r: DraftReview) => r.json.ownership as { basis: string; owners: { before: string[]; after: string[] }; threshold: { before: number; after: number }; steps: string[]; problems: string[] };

test('a swap to an unregistered owner shows owners before → after with the threshold unchanged, and needs both acknowledgements', () => {
  const r = review([{ type: 'safe-swap-owner', oldOwner: CAROL, newOwner: STRANGER }]);
  assert.deepEqual(ownership(r), {
    basis: 'snapshot',
    owners: { before: OWNERS, after: [ALICE, BOB, STRANGER] },
    threshold: { before: 2, after: 2 },
    steps: [`The transaction: swapOwner replaces ${CAROL} with ${STRANGER}; the threshold stays 2`],
    problems: [],
  });
  const change = r.warnings.find((w) => w.code === 'owner-or-threshold-change')!;
  assert.match(change.message, /calls swapOwner on this Safe: it replaces one owner of the Safe\. Check the old and the new owner address against the runbook; the threshold does not change\.$/);
  assert.doesNotMatch(change.message, /new threshold/);
  assert.deepEqual(r.blocking, []);
  assert.deepEqual([...r.acknowledgementsRequired].sort(), ['owner-or-threshold-change', 'recipient-not-registered']);
});

test('a MultiSend batch of add, remove and threshold changes is replayed in order, as the Safe lists its owners', () => {
  const r = review([
    { type: 'safe-add-owner', owner: STRANGER, threshold: 3 },
    { type: 'safe-remove-owner', owner: ALICE, threshold: 2 },
    { type: 'safe-change-threshold', threshold: 3 },
  ]);
  const o = ownership(r);
  // addOwnerWithThreshold links the new owner at the head of getOwners().
  assert.deepEqual(o.owners, { before: OWNERS, after: [STRANGER, BOB, CAROL] });
  assert.deepEqual(o.threshold, { before: 2, after: 3 });
  assert.deepEqual(o.steps, [
    `Call 1 of the batch: addOwnerWithThreshold adds ${STRANGER} and sets the threshold to 3`,
    `Call 2 of the batch: removeOwner removes ${ALICE} and sets the threshold to 2`,
    'Call 3 of the batch: changeThreshold sets the threshold to 3',
  ]);
  assert.deepEqual(o.problems, []);
  assert.match(r.warnings.find((w) => w.message.includes('changeThreshold'))!.message, /Check the new threshold against the runbook\.$/);
});

test('"before" is the snapshot\'s owners and threshold; without them, the draft\'s own, said so', () => {
  assert.equal(ownership(review([{ type: 'safe-change-threshold', threshold: 1 }])).basis, 'snapshot');
  const bare = ownership(review([{ type: 'safe-change-threshold', threshold: 1 }], {}));
  assert.equal(bare.basis, 'draft');
  assert.deepEqual(bare.threshold, { before: 2, after: 1 });
});

test('a transaction without owner calls has no before → after', () => {
  assert.equal(review([{ type: 'pause', target: TARGET }]).json.ownership, null);
});

test('an owner call the Safe would revert (wrong prevOwner, impossible threshold) is named and changes nothing', () => {
  const wrongPrev = describeCall({ operation: 0, to: SAFE, value: 0n, data: fromHex(safeAbi.encodeFunctionData('swapOwner', [SENTINEL_OWNERS, CAROL, STRANGER])) });
  const swap = safeOwnershipChange(wrongPrev, SAFE, OWNERS, 2)!;
  assert.deepEqual(swap.owners.after, OWNERS);
  assert.deepEqual(swap.steps, []);
  assert.match(swap.problems[0]!, new RegExp(`swapOwner would revert: it names ${SENTINEL_OWNERS} as the owner before ${CAROL}, but the Safe lists ${BOB}`));
  const tooHigh = describeCall({ operation: 0, to: SAFE, value: 0n, data: fromHex(safeAbi.encodeFunctionData('changeThreshold', [4])) });
  assert.match(safeOwnershipChange(tooHigh, SAFE, OWNERS, 2)!.problems[0]!, /a threshold of 4 is impossible with 3 owner\(s\)/);
});

test('an owner call on another contract, or by delegatecall, is not a change of this Safe\'s owners', () => {
  const data = fromHex(safeAbi.encodeFunctionData('changeThreshold', [1]));
  assert.equal(safeOwnershipChange(describeCall({ operation: 0, to: TARGET, value: 0n, data }), SAFE, OWNERS, 2), null);
  assert.equal(safeOwnershipChange(describeCall({ operation: 1, to: SAFE, value: 0n, data }), SAFE, OWNERS, 2), null);
});

test('an account executing a Safe owner swap shows the same before → after, from the owners the execution names', () => {
  const input = parseDraftInput({
    chainId: '1',
    executor: { kind: 'eoa', from: ALICE, nonce: '7', maxFeePerGas: '30000000000', maxPriorityFeePerGas: '1000000000', gasLimit: '300000' },
    actions: [
      {
        type: 'safe-exec',
        safe: SAFE,
        version: '1.4.1',
        owners: OWNERS,
        threshold: 2,
        safeTx: { to: SAFE, value: '0', data: safeAbi.encodeFunctionData('swapOwner', [BOB, CAROL, STRANGER]), operation: 0, safeTxGas: '0', baseGas: '0', gasPrice: '0', gasToken: ZERO_ADDRESS, refundReceiver: ZERO_ADDRESS, nonce: '3' },
        signatures: '0x' + '11'.repeat(65),
      },
    ],
    context: { chainId: '1', nonce: '7', balance: '1000000000000000000' },
  });
  const r = reviewDraft(buildDraft(input), input, { registeredAddresses: OWNERS });
  const o = (r.json.safeExec as { ownership: ReturnType<typeof ownership> }).ownership;
  assert.deepEqual(o.owners, { before: OWNERS, after: [ALICE, BOB, STRANGER] });
  assert.deepEqual(o.threshold, { before: 2, after: 2 });
  assert.ok(r.acknowledgementsRequired.includes('owner-or-threshold-change'));
});
