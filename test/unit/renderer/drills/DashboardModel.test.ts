// The Dashboard's model against the real services and gate, on one vault: no vault yet, the sentences for the last
// drill and the latest snapshot, and the drill policy edited, refused when out of range or not a number, and saved.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { DashboardModel, lastDrillLine, policySummary, snapshotLine } from '../../../../renderer/drills/DashboardModel';
import { rendererBridge } from '../../../helpers/renderer-bridge';
import { twoOfThree, vaultServices } from '../../../helpers/vault-fixture';

const { services, custody } = vaultServices();
const model = new DashboardModel(rendererBridge(services));
after(() => services.close());

test('with no vault the dashboard says so and no policy can be saved', async () => {
  assert.deepEqual(await model.load(), { kind: 'no-vault' });
  assert.equal(model.policy, null);
  const refused = await model.savePolicy();
  assert.equal('error' in refused && refused.error.code, 'vault-missing');
});

test('the policy is refused out of range or when not a number, and a saved policy is what the next read shows', async () => {
  await custody.vault.create(twoOfThree());
  const loaded = await model.load();
  assert.equal(loaded.kind, 'ready');
  const before = { ...model.policy! };
  assert.match(policySummary(before), /^A full drill every \d+ days; each holder checks their share every \d+ days; a drill accepts snapshots at most \d+ h old\.$/);
  for (const bad of [0, 3651, 1.5, Number.NaN]) {
    model.setPolicy('drillIntervalDays', bad);
    const refused = await model.savePolicy();
    assert.ok('error' in refused, `${bad} is refused`);
  }
  await model.load();
  assert.deepEqual(model.data!.policy, before, 'nothing refused was stored');
  model.setPolicy('drillIntervalDays', 30);
  assert.deepEqual(await model.savePolicy(), {
    saved: `Saved: a drill every 30 days, share checks every ${before.shareCheckIntervalDays} days, snapshots at most ${before.maxSnapshotAgeHours} h old.`,
  });
  await model.load();
  assert.equal(model.data!.policy.drillIntervalDays, 30);
});

test('the last drill and the latest snapshot read as verdicts against the policy', () => {
  const data = model.data!;
  assert.deepEqual([lastDrillLine(data), snapshotLine(data)], [null, null], 'no drill and no snapshot yet');
  const policy = { ...data.policy, maxSnapshotAgeHours: 24 };
  const failed = lastDrillLine({ ...data, lastDrill: { id: 3, passed: false, finishedAt: Date.UTC(2026, 10, 23, 9, 0, 0), rtoMs: 125_000 } })!;
  assert.deepEqual(failed.verdict, { ok: false, text: '✗ Failed' });
  assert.match(failed.rest, /^ on .+, RTO 2 min 5 s\.$/);
  const stale = snapshotLine({ ...data, policy, latestSnapshot: { id: 7, ageSeconds: 2 * 86_400, stale: true } })!;
  assert.deepEqual(stale.verdict, { ok: false, text: '✗ older than the 24 h the policy accepts' });
  assert.match(stale.age, /^Snapshot 7 is .+ old: $/);
  assert.deepEqual(snapshotLine({ ...data, policy, latestSnapshot: { id: 8, ageSeconds: 7200, stale: false } })!.verdict, { ok: true, text: '✓ within the 24 h policy' });
});
