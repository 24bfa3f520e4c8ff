// compareSnapshots: what a snapshot says against its neighbours on its chain — endpoints that disagreed, an older
// block, Safe configuration changes, nonces that fell (critical) or rose (medium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSnapshots, isSnapshotAcknowledgement, SNAPSHOT_ACKNOWLEDGEMENTS } from '../../../../shared/snapshot/changes';
import type { SnapshotBody } from '../../../../shared/snapshot/schema';
import { sampleBody } from './sample';

function at(block: number, change: (body: SnapshotBody) => void = () => {}): SnapshotBody {
  const body = sampleBody();
  body.blockNumber = String(block);
  body.crossCheck = { endpoints: '2', disagreements: [] };
  change(body);
  return body;
}

const none = { newest: null, before: null, after: null };
/** `earlier` is both the newest and the one before; an older snapshot also has one `after` it. */
const codes = (next: SnapshotBody, earlier: SnapshotBody | null, after: SnapshotBody | null = null) =>
  compareSnapshots(next, { newest: after ?? earlier, before: earlier, after }).map((w) => `${w.severity}:${w.code}`);

test('a first snapshot raises only what it flags itself: endpoints that disagreed', () => {
  assert.deepEqual(codes(sampleBody(), null), ['critical:snapshot-endpoints-disagree']);
  assert.deepEqual(compareSnapshots(at(1), none), []);
});

test('an account or Safe nonce that fell is critical, one that rose is medium, unchanged says nothing', () => {
  const earlier = at(100, (b) => ((b.accounts[0]!.nonce = '5'), (b.safes[0]!.nonce = '2')));
  assert.deepEqual(codes(at(200, (b) => ((b.accounts[0]!.nonce = '5'), (b.safes[0]!.nonce = '2'))), earlier), []);
  assert.deepEqual(codes(at(200, (b) => ((b.accounts[0]!.nonce = '4'), (b.safes[0]!.nonce = '3'))), earlier), ['critical:snapshot-nonce-decreased', 'medium:safe-nonce-increased']);
  assert.deepEqual(codes(at(200, (b) => ((b.accounts[0]!.nonce = '6'), (b.safes[0]!.nonce = '1'))), earlier), ['medium:account-nonce-increased', 'critical:snapshot-nonce-decreased']);
  // An account absent from the earlier snapshot has nothing to compare with.
  assert.deepEqual(codes(at(200, (b) => ((b.accounts[0]!.address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'), (b.safes[0]!.nonce = '2'))), earlier), []);
});

test('an older snapshot is flagged, and its nonces may not exceed those of the snapshot after it', () => {
  const low = at(100, (b) => (b.accounts[0]!.nonce = '3'));
  const high = at(300, (b) => (b.accounts[0]!.nonce = '5'));
  assert.deepEqual(codes(at(200, (b) => (b.accounts[0]!.nonce = '4')), low, high), ['medium:snapshot-older-than-latest', 'medium:account-nonce-increased']);
  assert.deepEqual(codes(at(200, (b) => (b.accounts[0]!.nonce = '6')), low, high), [
    'medium:snapshot-older-than-latest',
    'medium:account-nonce-increased',
    'critical:snapshot-nonce-decreased',
  ]);
});

test('a Safe owner, module or guard change is critical and names both blocks', () => {
  const earlier = at(100);
  const warnings = compareSnapshots(
    at(200, (b) => ((b.safes[0]!.modules = ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8']), (b.safes[0]!.guard = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'))),
    { newest: earlier, before: earlier, after: null },
  );
  assert.deepEqual(warnings.map((w) => w.code), ['safe-modules-changed', 'safe-guard-changed']);
  assert.match(warnings[0]!.message, /between block 100 and block 200: was none, is now 0x70997970C51812dc3A010C7d01b50e0d17dc79C8/);
});

test('only the older-snapshot and nonce-decreased warnings can be acknowledged', () => {
  assert.deepEqual([...SNAPSHOT_ACKNOWLEDGEMENTS], ['snapshot-older-than-latest', 'snapshot-nonce-decreased']);
  assert.equal(isSnapshotAcknowledgement('snapshot-nonce-decreased'), true);
  assert.equal(isSnapshotAcknowledgement('safe-owners-changed'), false);
});
