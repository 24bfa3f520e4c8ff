// Quorum coverage and overdue items across a fixed clock: boundary days, several groups, the group threshold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverage, DAY_MS, DEFAULT_POLICY, type CoverageInput } from '../../../../shared/drill/coverage';

const T0 = Date.UTC(2026, 0, 1);
const policy = { ...DEFAULT_POLICY, shareCheckIntervalDays: 30, drillIntervalDays: 90 };
const holder = (name: string, checkedDaysAfterT0: number | null) => ({ name, lastVerifiedAt: checkedDaysAfterT0 === null ? null : T0 + checkedDaysAfterT0 * DAY_MS, createdAt: T0 });

function layout(groupThreshold: number, groups: CoverageInput['groups']): CoverageInput {
  return { groupThreshold, groups, lastDrillAt: null, vaultCreatedAt: T0 };
}

test('a share checked 30 days ago is due today: verified until the instant before, overdue by one day from then', () => {
  const input = layout(1, [{ name: 'Board', memberThreshold: 2, holders: [holder('Alice', 0), holder('Bob', 10), holder('Carol', 20)] }]);
  const justBefore = coverage(input, policy, T0 + 30 * DAY_MS - 1);
  assert.deepEqual(justBefore.groups[0]!.holders.map((h) => h.verified), [true, true, true]);
  assert.equal(justBefore.quorumCovered, true);
  const due = coverage(input, policy, T0 + 30 * DAY_MS);
  assert.deepEqual(due.groups[0]!.holders.map((h) => [h.name, h.verified, h.overdueDays]), [['Alice', false, 1], ['Bob', true, 0], ['Carol', true, 0]]);
  assert.equal(due.quorumCovered, true, 'two of three still verified: 2-of-3 is covered');
  assert.ok(due.overdue.includes("Alice's share check is 1 day overdue (every 30 days)."));
  const later = coverage(input, policy, T0 + 41 * DAY_MS);
  assert.equal(later.groups[0]!.verified, 1, 'only Carol (checked day 20) is within 30 days on day 41');
  assert.equal(later.quorumCovered, false);
  assert.match(later.overdue[0]!, /^The quorum is not covered: 0 of the 1 required group have enough shares checked within 30 days/);
});

test('a share never checked counts from the day it was handed out', () => {
  const input = layout(1, [{ name: 'Board', memberThreshold: 1, holders: [holder('Alice', null)] }]);
  assert.equal(coverage(input, policy, T0 + 29 * DAY_MS).quorumCovered, true);
  assert.equal(coverage(input, policy, T0 + 30 * DAY_MS).quorumCovered, false);
});

test('two groups with a group threshold of 2: one group falling short breaks the quorum, and says which', () => {
  const input = layout(2, [
    { name: 'Board', memberThreshold: 2, holders: [holder('Alice', 50), holder('Bob', 50), holder('Carol', 0)] },
    { name: 'Custodians', memberThreshold: 1, holders: [holder('Dan', 0), holder('Erin', 0)] },
  ]);
  const result = coverage(input, policy, T0 + 60 * DAY_MS);
  assert.deepEqual(result.groups.map((g) => [g.name, g.verified, g.met]), [['Board', 2, true], ['Custodians', 0, false]]);
  assert.equal(result.groupsMet, 1);
  assert.equal(result.quorumCovered, false);
  assert.ok(result.overdue.includes('Group "Custodians": 0 of 1 needed shares are checked within policy.'));
  const oneGroupEnough = coverage({ ...input, groupThreshold: 1 }, policy, T0 + 60 * DAY_MS);
  assert.equal(oneGroupEnough.quorumCovered, true);
});

test('the drill is due an interval after the last passed drill, or after the vault was created', () => {
  const input = layout(1, [{ name: 'Board', memberThreshold: 1, holders: [holder('Alice', 100)] }]);
  assert.equal(coverage(input, policy, T0 + 89 * DAY_MS).drill.overdueDays, 0);
  const overdue = coverage(input, policy, T0 + 95 * DAY_MS);
  assert.equal(overdue.drill.overdueDays, 6);
  assert.ok(overdue.overdue.includes('The full recovery drill is 6 days overdue (every 90 days).'));
  const drilled = coverage({ ...input, lastDrillAt: T0 + 80 * DAY_MS }, policy, T0 + 95 * DAY_MS);
  assert.equal(drilled.drill.overdueDays, 0);
  assert.equal(drilled.drill.dueAt, T0 + 170 * DAY_MS);
});
