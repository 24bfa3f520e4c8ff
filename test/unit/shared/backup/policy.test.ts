// The backup policy across a fixed clock: no backup is overdue at once; a backup ages into overdue after its days;
// changes since the last backup make one due when the policy says every change counts, and not otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backupPolicyProblem, backupStanding, DEFAULT_BACKUP_POLICY } from '../../../../shared/backup/policy';

const DAY = 24 * 3600 * 1000;
const CREATED = Date.UTC(2026, 0, 1);

test('a vault without a backup is overdue from the start, and has no RPO of its own state', () => {
  const standing = backupStanding({ latest: null, changesSince: 0, vaultCreatedAt: CREATED }, DEFAULT_BACKUP_POLICY, CREATED + 1000);
  assert.equal(standing.ageSeconds, null);
  assert.equal(standing.overdue.length, 1);
  assert.match(standing.overdue[0]!, /^No backup of this vault has been made/);
});

test('a backup is within policy until its days are up, then overdue by whole days', () => {
  const latest = { madeAt: CREATED + DAY };
  const policy = { maxAgeDays: 7, afterEveryChange: false };
  const fresh = backupStanding({ latest, changesSince: 0, vaultCreatedAt: CREATED }, policy, CREATED + 3 * DAY);
  assert.deepEqual([fresh.ageSeconds, fresh.overdue, fresh.dueAt], [2 * 86400, [], CREATED + 8 * DAY]);
  const late = backupStanding({ latest, changesSince: 0, vaultCreatedAt: CREATED }, policy, CREATED + 10 * DAY);
  assert.deepEqual(late.overdue, ["The vault's backup is 3 days overdue (at least every 7 days)."]);
});

test('changes since the last backup make one due only when every change counts', () => {
  const latest = { madeAt: CREATED };
  const input = { latest, changesSince: 2, vaultCreatedAt: CREATED };
  assert.deepEqual(backupStanding(input, { maxAgeDays: 30, afterEveryChange: false }, CREATED + DAY).overdue, []);
  assert.deepEqual(backupStanding(input, { maxAgeDays: 30, afterEveryChange: true }, CREATED + DAY).overdue, [
    '2 changes were made since the last backup; the policy asks for a backup after every change.',
  ]);
});

test('a policy outside its bounds is named', () => {
  assert.equal(backupPolicyProblem({ maxAgeDays: 7, afterEveryChange: true }), null);
  for (const maxAgeDays of [0, 3651, 1.5, Number.NaN]) assert.match(backupPolicyProblem({ maxAgeDays, afterEveryChange: true }) ?? '', /whole number of days/);
});
