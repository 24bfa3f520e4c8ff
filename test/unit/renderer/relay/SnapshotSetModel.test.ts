// The relay's "several chains at once" model: the order main takes (each chain its own endpoints, the same accounts
// and Safes on every chain) and the per-chain summary above the set's QR, with the warnings a holder must read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signSnapshot } from '../../../../shared/snapshot/signature';
import { parseChainEndpointLines } from '../../../../renderer/relay/ChainEndpointsModel';
import { chainTargets, savedChainLines, savedNote, snapshotSetOrder, snapshotSetRequest, snapshotSetSummary, targetsSentence, typedTargets } from '../../../../renderer/relay/SnapshotSetModel';
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

test('names each chain\'s targets, primary first, without the path or query that may hold an API key', () => {
  const typed = chainTargets(parseChainEndpointLines('1=https://a.example/v3/SECRETKEY?key=x\n10=http://127.0.0.1:8545\n1=https://c.example:8443/rpc'));
  assert.deepEqual(typed, [
    { chainId: '1', targets: ['https://a.example', 'https://c.example:8443'] },
    { chainId: '10', targets: ['http://127.0.0.1:8545'] },
  ]);
  assert.equal(targetsSentence(typed[0]!.targets), 'https://a.example, cross-checked by https://c.example:8443');
  assert.equal(targetsSentence(typed[1]!.targets), 'http://127.0.0.1:8545 (one endpoint, not cross-checked)');
  assert.equal(JSON.stringify(typed).includes('SECRETKEY'), false);
  // After taking: the summary of each chain names the endpoints its order gave, matched by chain, not by position.
  const order = snapshotSetOrder(parseChainEndpointLines('10=http://127.0.0.1:8545\n1=https://a.example/v3/k'), ORDER);
  const set = { version: 1 as const, snapshots: [signSnapshot({ ...sampleBody(), chainId: '1' }, RELAY_SECRET), signSnapshot({ ...sampleBody(), chainId: '10' }, RELAY_SECRET)] };
  assert.deepEqual(snapshotSetSummary(set, order).map((c) => [c.chainId, c.targets]), [['1', ['https://a.example']], ['10', ['http://127.0.0.1:8545']]]);
});

test('the saved endpoints fill one line per endpoint whose chain is known, and count those not yet answered', () => {
  const saved = [
    { url: 'https://a.example/', chainId: '1' },
    { url: 'https://b.example/', chainId: null },
    { url: 'https://c.example/', chainId: '10' },
  ];
  assert.deepEqual(savedChainLines(saved), { text: '1=https://a.example/\n10=https://c.example/', unknown: 1 });
  assert.deepEqual(parseChainEndpointLines(savedChainLines(saved).text).map((c) => c.chainId), ['1', '10'], 'the lines parse as typed ones do');
  assert.deepEqual(savedChainLines([]), { text: '', unknown: 0 });
});

test('the set request is refused with a sentence before anything is read: a bad order, a line without its chain', () => {
  assert.deepEqual(snapshotSetRequest('1=https://a.example\n10=https://b.example', { order: ORDER }), {
    request: { chains: [{ chainId: '1', endpoints: ['https://a.example/'], ...ORDER }, { chainId: '10', endpoints: ['https://b.example/'], ...ORDER }] },
  });
  assert.deepEqual(snapshotSetRequest('1=https://a.example', { problem: 'Add at least one account or Safe to read.' }), {
    refusal: { code: 'snapshot-order-invalid', message: 'Add at least one account or Safe to read.' },
  });
  const bad = snapshotSetRequest('https://a.example', { order: ORDER });
  assert.ok('refusal' in bad);
  assert.equal(bad.refusal.code, 'chain-endpoints-invalid');
  assert.match(bad.refusal.message, /^Line 1 is not CHAIN=URL/);
});

test('the targets listed while typing: none until the lines parse', () => {
  assert.deepEqual(typedTargets('1=https://a.example/key123\n1=https://b.example'), [{ chainId: '1', targets: ['https://a.example', 'https://b.example'] }]);
  assert.deepEqual(typedTargets('1=https://a.example\nnot a line'), []);
});

test('filling from the saved endpoints says how many were left out for an unknown chain', () => {
  assert.equal(savedNote(0), 'Filled from the saved endpoints, each on the chain it answered.');
  assert.match(savedNote(2), /^2 saved endpoint\(s\) have not answered yet/);
});
