// Take snapshot's decisions: nothing goes to the relay without an endpoint or with an order it cannot read, and the
// lines said while reading and after signing name the endpoints, the holdings and any cross-check disagreement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressLine, readingLead, snapshotRequest, snapshotSummary } from '../../../../renderer/relay/TakeSnapshotModel';
import { sampleBody } from '../../shared/snapshot/sample';

const ORDER = { accounts: ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8'], safes: [], tokens: [], positions: [] };

test('the request carries every endpoint and the order; no endpoint, or a problem in the order, is refused first', () => {
  assert.deepEqual(snapshotRequest(['https://a.example', 'https://b.example'], { order: ORDER }), { request: { endpoints: ['https://a.example', 'https://b.example'], ...ORDER } });
  assert.deepEqual(snapshotRequest([], { order: ORDER }), { problem: 'Add at least one RPC endpoint in Endpoints first.' });
  assert.deepEqual(snapshotRequest(['https://a.example'], { problem: 'Add at least one account or Safe to read.' }), { problem: 'Add at least one account or Safe to read.' });
});

test('one endpoint is said to be not cross-checked, while reading and before', () => {
  assert.equal(readingLead(1), 'Reading from one endpoint (not cross-checked): ');
  assert.equal(readingLead(3), 'Reading from 3 endpoints, cross-checked: ');
  assert.equal(progressLine(1, 4), 'Reading chain state from the endpoint and signing… 4 s');
  assert.equal(progressLine(2, 12), 'Reading chain state from 2 endpoints and signing… 12 s');
});

test('the summary adds up what the accounts hold and names the disagreements', () => {
  const body = sampleBody();
  assert.equal(
    snapshotSummary(body),
    'Signed snapshot of chain 31337 at block 42: 1 account(s) holding 10,000 ETH, 1 Safe(s) — 1 cross-check disagreement(s)',
  );
  assert.equal(snapshotSummary({ ...body, crossCheck: { endpoints: '2', disagreements: [] } }), 'Signed snapshot of chain 31337 at block 42: 1 account(s) holding 10,000 ETH, 1 Safe(s)');
});
