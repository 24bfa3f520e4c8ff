// How a drill's RPO reads: one snapshot's age for a single-chain drill, and for a drill over several chains the
// stalest chain's age first with each chain's beside it (never the first chain's alone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rpoSentence } from '../../../../renderer/drills/DrillFormat';

test('a drill over two chains reads its RPO as the stalest chain, then each chain; one chain reads as before', () => {
  const chains = [
    { chainId: '1', snapshotId: 3, rpoSeconds: 3600 },
    { chainId: '10', snapshotId: 4, rpoSeconds: 3 * 3600 },
  ];
  assert.equal(rpoSentence({ rpoSeconds: 3 * 3600, snapshotId: 3, chains }), '3 h 0 min (the stalest chain); chain 1: snapshot 3, 1 h 0 min old; chain 10: snapshot 4, 3 h 0 min old');
  assert.equal(
    rpoSentence({ rpoSeconds: null, snapshotId: 3, chains: [chains[0]!, { chainId: '10', snapshotId: null, rpoSeconds: null }] }),
    'a chain has no snapshot; chain 1: snapshot 3, 1 h 0 min old; chain 10: no snapshot',
  );
  assert.equal(rpoSentence({ rpoSeconds: 7200, snapshotId: 5, chains: [chains[0]!] }), 'snapshot 5 was 2 h 0 min old');
  assert.equal(rpoSentence({ rpoSeconds: null, snapshotId: null }), 'no snapshot was imported', 'a drill stored before chains');
});
