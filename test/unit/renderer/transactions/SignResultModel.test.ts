// What a signed draft hands out: the Safe and threshold read from the draft, and an owner signature becomes the
// relay's payload only when the relay can check it (the draft's chain and Safe known, a signature, not a rehearsal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DraftJson, SignedDraftJson } from '../../../../shared/bridge';
import { ownerSignaturePayload, safeOf, thresholdOf } from '../../../../renderer/transactions/SignResultModel';

const SAFE = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const OWNER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const DIGEST = `0x${'ab'.repeat(32)}`;
const SIGNATURE = `0x${'11'.repeat(64)}1b`;

function draft(over: Partial<DraftJson>): DraftJson {
  return {
    id: 7, title: 'Rotate owner', kind: 'safe', purpose: 'recovery', status: 'signed', createdAt: 1, chainId: '10', digest: DIGEST, fingerprint: 'a b c d',
    input: {}, review: {}, warnings: [], blocking: [], acknowledgementsRequired: [], signatures: [], basis: null, ...over,
  };
}
const signed = (over: Partial<SignedDraftJson> = {}): SignedDraftJson => ({ id: 7, kind: 'safe', purpose: 'recovery', digest: DIGEST, fingerprint: 'a b c d', signatures: [{ owner: OWNER, signature: SIGNATURE }], ...over });

test('the Safe comes from the review, else from the executor described; the threshold only when it is a number', () => {
  assert.equal(safeOf(draft({ review: { safe: SAFE }, input: { executor: { safe: '0xother' } } })), SAFE);
  assert.equal(safeOf(draft({ input: { executor: { safe: SAFE, threshold: 2 } } })), SAFE);
  assert.equal(safeOf(draft({ input: { executor: 'eoa' } })), null);
  assert.deepEqual(thresholdOf(draft({ input: { executor: { safe: SAFE, threshold: 2 } } })), { threshold: 2 });
  assert.deepEqual(thresholdOf(draft({ input: { executor: { safe: SAFE, threshold: '2' } } })), {});
});

test('an owner signature becomes the payload the relay parses, for this chain, Safe and digest', () => {
  const payload = ownerSignaturePayload(signed(), { owner: OWNER, signature: SIGNATURE }, draft({ review: { safe: SAFE } }));
  assert.ok(payload);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), { version: 1, chainId: '10', safe: SAFE, safeTxHash: DIGEST, owner: OWNER, signature: SIGNATURE });
});

test('no payload without the draft, its Safe or a signature, nor for a rehearsal', () => {
  const withSafe = draft({ review: { safe: SAFE } });
  assert.equal(ownerSignaturePayload(signed(), { owner: OWNER, signature: SIGNATURE }, null), null);
  assert.equal(ownerSignaturePayload(signed(), { owner: OWNER, signature: SIGNATURE }, draft({})), null);
  assert.equal(ownerSignaturePayload(signed(), { owner: OWNER }, withSafe), null);
  assert.equal(ownerSignaturePayload(signed({ purpose: 'rehearsal' }), { owner: OWNER, signature: SIGNATURE }, withSafe), null);
});
