// Drafts filled from a verified relay snapshot: what is taken from it, what the description keeps, and the
// review's refusal when the Safe's owners or threshold in the draft are not the snapshot's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AirlockError } from '../../../../shared/errors';
import { buildDraft, parseDraftInput } from '../../../../shared/drafting/draft';
import { reviewDraft } from '../../../../shared/drafting/review';
import { prefillFromSnapshot } from '../../../../shared/drafting/prefill';
import { signSnapshot } from '../../../../shared/snapshot/signature';
import { RELAY_SECRET, sampleBody } from '../snapshot/sample';

const snapshot = signSnapshot(sampleBody(), RELAY_SECRET);
const ACCOUNT = snapshot.accounts[0]!.address;
const SAFE = snapshot.safes[0]!.address;
const TOKEN = snapshot.accounts[0]!.tokens[0]!.token;
const RECIPIENT = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

function review(description: unknown) {
  const input = parseDraftInput(prefillFromSnapshot(description, 7, snapshot));
  return { input, review: reviewDraft(buildDraft(input), input, { registeredAddresses: [ACCOUNT as never, RECIPIENT as never] }) };
}

test('an account draft takes chain, nonce, fees, balance and token metadata from the snapshot', () => {
  const { input, review: r } = review({ executor: { kind: 'eoa', from: ACCOUNT.toLowerCase() }, actions: [{ type: 'native-sweep', to: RECIPIENT }] });
  assert.equal(input.chainId, '31337');
  assert.equal(input.executor.kind === 'eoa' && input.executor.nonce, '3');
  assert.equal(input.executor.kind === 'eoa' && input.executor.maxFeePerGas, '2750000000');
  assert.equal(input.context?.balance, '10000000000000000000000');
  assert.deepEqual(input.context?.snapshot, { id: 7, blockNumber: '42', merkleRoot: snapshot.merkleRoot });
  assert.deepEqual(input.context?.tokens?.[TOKEN], { symbol: 'T=1 ]', decimals: 18 });
  assert.equal(input.context?.snapshotAt, new Date(1700000001000).toISOString());
  assert.deepEqual(r.blocking, []);
  assert.deepEqual((r.json.snapshot as { id: number }).id, 7);
});

test('values the description gives are kept and checked: an old nonce is blocked as stale', () => {
  const { input, review: r } = review({ executor: { kind: 'eoa', from: ACCOUNT, nonce: '2', gasPrice: '5' }, actions: [{ type: 'native-transfer', to: RECIPIENT, value: '1' }] });
  assert.equal(input.executor.kind === 'eoa' && input.executor.gasPrice, '5');
  assert.equal(input.executor.kind === 'eoa' && input.executor.maxFeePerGas, undefined, 'a legacy fee is not mixed with EIP-1559 fees');
  assert.ok(r.blocking.some((w) => w.code === 'stale-nonce'));
});

test('a Safe draft takes owners, threshold, nonce and version from the snapshot; other owners are refused', () => {
  const action = { type: 'safe-swap-owner', oldOwner: snapshot.safes[0]!.owners[1], newOwner: RECIPIENT };
  const { input, review: r } = review({ executor: { kind: 'safe', safe: SAFE }, actions: [action] });
  assert.ok(input.executor.kind === 'safe');
  assert.deepEqual(input.executor.owners, snapshot.safes[0]!.owners);
  assert.equal(input.executor.threshold, 2);
  assert.equal(input.executor.version, '1.4.1');
  assert.equal(r.blocking.length, 0);
  const reordered = review({ executor: { kind: 'safe', safe: SAFE, owners: [...snapshot.safes[0]!.owners].reverse() }, actions: [action] });
  assert.ok(reordered.review.blocking.some((w) => w.code === 'safe-owners-differ'), 'prevOwner from another order would revert');
  const threshold = review({ executor: { kind: 'safe', safe: SAFE, threshold: 1 }, actions: [action] });
  assert.ok(threshold.review.blocking.some((w) => w.code === 'safe-owners-differ'));
});

test('an executor the snapshot does not cover is refused with a sentence', () => {
  const missing = (e: unknown) => e instanceof AirlockError && e.code === 'snapshot-missing-account' && /Take a snapshot/.test(e.message);
  assert.throws(() => prefillFromSnapshot({ executor: { kind: 'eoa', from: RECIPIENT }, actions: [] }, 1, snapshot), missing);
  assert.throws(() => prefillFromSnapshot({ executor: { kind: 'safe', safe: RECIPIENT }, actions: [] }, 1, snapshot), missing);
  assert.throws(() => prefillFromSnapshot('nope', 1, snapshot), (e: unknown) => e instanceof AirlockError && e.code === 'draft-invalid');
});
