// The relay's "several chains at once" model: the order main takes (each chain its own endpoints, the same accounts
// and Safes on every chain) and the per-chain summary above the set's QR, with the warnings a holder must read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signSnapshot } from '../../../../shared/snapshot/signature';
import { parseChainEndpointLines } from '../../../../renderer/relay/ChainEndpointsModel';
import { snapshotSetOrder, snapshotSetSummary } from '../../../../renderer/relay/SnapshotSetModel';
import { RELAY_SECRET, sampleBody } from '../../shared/snapshot/sample';

const ORDER = { accounts: ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8'], safes: [], tokens: [], positions: [] };

test('each typed chain is read from its own endpoints only, with the same order on every chain', () => {
  const request = snapshotSetOrder(parseChainEndpointLines('1=https://a.example\n10=https://b.example\n1=https://c.example'), ORDER);
  assert.deepEqual(request, {
    chains: [
      { chainId: '1', endpoints: ['https://a.example/', 'https://c.example/'], ...ORDER },
      { chainId: '10', endpoints: ['https://b.example/'], ...ORDER },
    ],
  });
});

test('summarises each chain of the set: block, endpoints and what was read, warning of one endpoint and of disagreements', () => {
  const crossChecked = { ...sampleBody(), chainId: '1' };
  const single = { ...sampleBody(), chainId: '10', blockNumber: '77', crossCheck: { endpoints: '1', disagreements: [] } };
  const summary = snapshotSetSummary({ version: 1, snapshots: [signSnapshot(crossChecked, RELAY_SECRET), signSnapshot(single, RELAY_SECRET)] });
  assert.deepEqual(
    summary.map((c) => [c.chainId, c.blockNumber, c.endpoints, c.accounts, c.safes]),
    [['1', crossChecked.blockNumber, 2, crossChecked.accounts.length, crossChecked.safes.length], ['10', '77', 1, single.accounts.length, single.safes.length]],
  );
  assert.deepEqual(summary[0]!.warnings, ['1 cross-check disagreement(s) between endpoints: the vault lists them after import; read them before relying on it.']);
  assert.deepEqual(summary[1]!.warnings, ['Read from one endpoint: not cross-checked.']);
});
