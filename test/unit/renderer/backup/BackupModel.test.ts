// The Backup screen's model: destinations as chosen in the save dialog (no repeats, at most eight), why a backup cannot
// run yet, the standing and the policy in sentences, the policy form as typed, and a finished backup's report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backupStatusSchema, backupPolicySchema } from '../../../../shared/backup/contract';
import type { UnlockStatusView } from '../../../../shared/bridge';
import {
  addDestination,
  backupBlockers,
  describePolicy,
  describeReport,
  describeStanding,
  MAX_DESTINATIONS,
  newBackupDraft,
  policyFromForm,
  removeDestination,
  sealingLine,
  type BackupReportView,
  type BackupStatusView,
} from '../../../../renderer/backup/BackupModel';

const unlocked: UnlockStatusView = { state: 'unlocked', progress: null, present: [], unlockedAt: 1, locksAt: 2 };
const locked: UnlockStatusView = { ...unlocked, state: 'locked' };
const MADE = Date.UTC(2026, 10, 20, 9, 30);

test('destinations: a cancelled dialog adds nothing, the same path once, at most eight; the button waits for an unlock and a place', () => {
  let draft = addDestination(newBackupDraft(), null);
  assert.deepEqual(draft.destinations, []);
  assert.equal(backupBlockers(draft, locked).length, 2);
  draft = addDestination(addDestination(draft, '/media/usb-a/v.airlock-backup'), '/media/usb-a/v.airlock-backup');
  assert.deepEqual(draft.destinations, ['/media/usb-a/v.airlock-backup']);
  assert.deepEqual(backupBlockers(draft, unlocked), []);
  assert.match(backupBlockers(draft, locked)[0]!, /^Unlock the vault first/);
  for (let i = 0; i < 20; i++) draft = addDestination(draft, `/media/usb-${i}/v.airlock-backup`);
  assert.equal(draft.destinations.length, MAX_DESTINATIONS);
  assert.equal(removeDestination(draft, '/media/usb-a/v.airlock-backup').destinations.length, MAX_DESTINATIONS - 1);
});

test('the standing says when, how old, where and what is overdue; a vault without a backup says so', () => {
  const none: BackupStatusView = backupStatusSchema.parse({ policy: { maxAgeDays: 7, afterEveryChange: true }, latest: null, changesSince: 0, dueAt: 0, overdue: ['No backup of this vault has been made: …'], history: [] });
  assert.deepEqual(describeStanding(none), { tone: 'none', headline: 'No backup of this vault has been made yet.', details: ['No backup of this vault has been made: …'] });
  const latest = { madeAt: MADE, hash: 'ab'.repeat(32), hashWords: 'galaxy laptop balcony feed', bytes: 2e5, auditCount: 40, destinations: ['/media/a/v.airlock-backup', '/media/b/v.airlock-backup'], ageSeconds: 3 * 86400 + 60 };
  const late = backupStatusSchema.parse({ policy: { maxAgeDays: 2, afterEveryChange: true }, latest, changesSince: 2, dueAt: 0, overdue: ['overdue sentence'], history: [latest] });
  const standing = describeStanding(late);
  assert.equal(standing.tone, 'late');
  assert.equal(standing.headline, 'Last verified backup 2026-11-20 09:30:00 UTC (3 days ago), “galaxy laptop balcony feed”.');
  assert.deepEqual(standing.details, ['2 copies: /media/a/v.airlock-backup, /media/b/v.airlock-backup.', '2 changes since.', 'overdue sentence']);
  assert.equal(describeStanding({ ...late, changesSince: 0, overdue: [] }).tone, 'ok');
});

test('the policy form reads whole days from 1 to 3650 and becomes what the contract accepts', () => {
  assert.deepEqual(policyFromForm({ maxAgeDays: ' 14 ', afterEveryChange: false }), { policy: { maxAgeDays: 14, afterEveryChange: false }, problem: null });
  assert.doesNotThrow(() => backupPolicySchema.parse(policyFromForm({ maxAgeDays: '3650', afterEveryChange: true }).policy));
  for (const typed of ['', '0', '1.5', '-3', '3651', 'seven']) assert.equal(policyFromForm({ maxAgeDays: typed, afterEveryChange: true }).policy, null, typed);
  assert.equal(describePolicy({ maxAgeDays: 1, afterEveryChange: true }), 'A verified backup at least every 1 day, and after every change.');
});

test('a report names the label for the media and each copy, a failed one with its reason', () => {
  const report: BackupReportView = {
    vaultId: 'v',
    createdAt: MADE,
    hash: 'ab'.repeat(32),
    hashWords: 'galaxy laptop balcony feed',
    bytes: 1,
    auditHead: { count: 9, hash: 'cd'.repeat(32) },
    destinations: [{ path: '/media/a/v', verified: true }, { path: '/media/b/v', verified: false, error: { code: 'backup-disk-full', message: 'The copy at /media/b/v failed: full.' } }],
    verification: { integrity: 'ok', auditEntries: 9, checkpointsVerified: 2, uncheckpointedFrom: null, addressesDerived: 1, rowCounts: {} },
  };
  const { label, copies } = describeReport(report);
  assert.equal(label, 'Label the media “Airlock vault backup 2026-11-20 · galaxy laptop balcony feed”: the same four words are in the audit log.');
  assert.deepEqual(copies.map((c) => c.ok), [true, false]);
  assert.match(copies[0]!.sentence, /9 audit entries and 2 checkpoints checked, 1 address derived again\.$/);
  assert.equal(copies[1]!.sentence, 'The copy at /media/b/v failed: full.');
});

test('the make panel says which key seals a backup made now: the unlocked vault\'s, else one a quorum must rebuild first', () => {
  assert.equal(sealingLine(unlocked), 'The vault is unlocked: its key seals the backup.');
  assert.match(sealingLine(locked), /^A quorum must unlock the vault first/);
  assert.match(sealingLine(null), /^A quorum must unlock the vault first/);
});
