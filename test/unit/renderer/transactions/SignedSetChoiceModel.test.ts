// Review & sign's signed-set model: only signed recovery drafts can go in a set (a rehearsal never leaves the vault),
// those built with the newest are ticked at first, and a set signed by ethers (an independent implementation) is
// listed by chain with the same summaries and fingerprints the relay shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Wallet } from 'ethers';
import type { DraftJson } from '../../../../shared/bridge';
import { previewSignedTransaction } from '../../../../shared/relay/scanned-preview';
import { previewSetText } from '../../../../renderer/relay/SignedSetModel';
import { initialChoice, ONE_BUILD_MS, setCandidates, setRows } from '../../../../renderer/transactions/SignedSetChoiceModel';

const T = 1_800_000_000_000;
function draft(id: number, over: Partial<DraftJson>): DraftJson {
  return {
    id, title: `Step ${id}`, kind: 'eoa', purpose: 'recovery', status: 'signed', createdAt: T, chainId: '1', digest: `0x${'00'.repeat(32)}`, fingerprint: 'a b c d',
    input: {}, review: {}, warnings: [], blocking: [], acknowledgementsRequired: [], signatures: [], basis: null, ...over,
  };
}

test('only signed recovery drafts are candidates, newest first; rehearsals, unsigned and discarded drafts are not', () => {
  const drafts = [
    draft(1, { createdAt: T - 10 * ONE_BUILD_MS }),
    draft(2, { status: 'draft' }),
    draft(3, { purpose: 'rehearsal' }),
    draft(4, { status: 'discarded' }),
    draft(5, { chainId: '10' }),
    draft(6, { chainId: '1' }),
  ];
  assert.deepEqual(setCandidates(drafts).map((d) => d.id), [6, 5, 1]);
});

test('ticks at first the drafts built with the newest one (a runbook recovery), in step order, and none when there is nothing', () => {
  const candidates = setCandidates([draft(1, { createdAt: T - ONE_BUILD_MS - 1 }), draft(2, { createdAt: T - 2 }), draft(3, { chainId: '10', createdAt: T })]);
  assert.deepEqual(initialChoice(candidates), [2, 3]);
  assert.deepEqual(initialChoice([]), []);
});

test('lists each item of the set by chain with the summary and fingerprint the relay shows', async () => {
  const wallet = new Wallet('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
  const raw = (chainId: bigint) =>
    wallet.signTransaction({ type: 2, chainId, nonce: 0, maxFeePerGas: 30n * 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n, gasLimit: 21_000n, to: wallet.address, value: 5n });
  const [one, ten] = [await raw(1n), await raw(10n)];
  const rows = setRows(previewSetText(JSON.stringify({ version: 1, items: [{ chainId: '1', draft: 7, rawTransaction: one }, { chainId: '10', draft: 8, rawTransaction: ten }] })));
  assert.deepEqual(
    rows.map((r) => [r.chainId, r.draft, r.kind, r.fingerprint]),
    [['1', 7, 'transaction', previewSignedTransaction(one).fingerprint], ['10', 8, 'transaction', previewSignedTransaction(ten).fingerprint]],
  );
  assert.match(rows[1]!.summary, /on chain 10, /);
  assert.notEqual(rows[0]!.fingerprint, rows[1]!.fingerprint, 'the same transfer on two chains has two fingerprints');
});
