// What the Backup screen holds and says: the destinations chosen in the save dialog, whether a backup can be made now,
// the vault's standing against its policy in sentences, the policy form as typed, and a finished backup's report.
// Pure (no DOM, no bridge): tested in Node; the view (./BackupView.ts) only draws it.
import type { ResponseOf, UnlockStatusView } from '../../shared/bridge';
import { countOf, formatUtc } from '../app/format';

export type BackupStatusView = ResponseOf<'backup.status'>;
export type BackupReportView = ResponseOf<'backup.create'>;
type Policy = BackupStatusView['policy'];

export const MAX_DESTINATIONS = 8;

export interface BackupDraft {
  destinations: string[];
}

export function newBackupDraft(): BackupDraft {
  return { destinations: [] };
}

/** A path the save dialog returned; the same place twice is one destination. */
export function addDestination(draft: BackupDraft, path: string | null): BackupDraft {
  if (!path || draft.destinations.includes(path) || draft.destinations.length >= MAX_DESTINATIONS) return draft;
  return { destinations: [...draft.destinations, path] };
}

export function removeDestination(draft: BackupDraft, path: string): BackupDraft {
  return { destinations: draft.destinations.filter((d) => d !== path) };
}

/** Why the Back up button cannot run yet, as sentences (none: it can). */
export function backupBlockers(draft: BackupDraft, unlock: UnlockStatusView | null): string[] {
  const blockers: string[] = [];
  if (unlock?.state !== 'unlocked') blockers.push('Unlock the vault first (Holders & shares): the backup key comes from the rebuilt key.');
  if (draft.destinations.length === 0) blockers.push('Choose at least one place to write it: removable media kept apart from this laptop, ideally two.');
  return blockers;
}

/** Which key seals a backup made now: the unlocked vault's, or (once a quorum unlocks it) the rebuilt key's. */
export function sealingLine(unlock: UnlockStatusView | null): string {
  return unlock?.state === 'unlocked'
    ? 'The vault is unlocked: its key seals the backup.'
    : 'A quorum must unlock the vault first; the backup is sealed under a key only the rebuilt key derives.';
}

export type Tone = 'ok' | 'late' | 'none';

export interface StandingView {
  tone: Tone;
  headline: string;
  details: string[];
}

/** The latest backup against the policy, for the Backup screen and the Dashboard. */
export function describeStanding(status: BackupStatusView): StandingView {
  const latest = status.latest;
  if (!latest) return { tone: 'none', headline: 'No backup of this vault has been made yet.', details: status.overdue };
  const headline = `Last verified backup ${formatUtc(latest.madeAt)} (${describeAge(latest.ageSeconds)} ago), “${latest.hashWords}”.`;
  const details = [
    `${countOf(latest.destinations.length, 'copy', 'copies')}: ${latest.destinations.join(', ')}.`,
    status.changesSince === 0 ? 'Nothing has changed since.' : `${countOf(status.changesSince, 'change', 'changes')} since.`,
    ...status.overdue,
  ];
  return { tone: status.overdue.length > 0 ? 'late' : 'ok', headline, details };
}

export function describePolicy(policy: Policy): string {
  return `A verified backup at least every ${countOf(policy.maxAgeDays, 'day', 'days')}${policy.afterEveryChange ? ', and after every change' : ''}.`;
}

/** The policy form as typed: numbers arrive as text. */
export interface PolicyForm {
  maxAgeDays: string;
  afterEveryChange: boolean;
}

export function policyForm(policy: Policy): PolicyForm {
  return { maxAgeDays: String(policy.maxAgeDays), afterEveryChange: policy.afterEveryChange };
}

export function policyFromForm(form: PolicyForm): { policy: Policy | null; problem: string | null } {
  const text = form.maxAgeDays.trim();
  if (!/^[1-9][0-9]{0,3}$/.test(text) || Number(text) > 3650) return { policy: null, problem: 'The longest time between backups is a whole number of days from 1 to 3650.' };
  return { policy: { maxAgeDays: Number(text), afterEveryChange: form.afterEveryChange }, problem: null };
}

/** A finished backup as sentences: what to write on each medium's label, and each copy's outcome. */
export function describeReport(report: BackupReportView): { label: string; copies: Array<{ path: string; ok: boolean; sentence: string }> } {
  const label = `Label the media “Airlock vault backup ${formatUtc(report.createdAt).slice(0, 10)} · ${report.hashWords}”: the same four words are in the audit log.`;
  const copies = report.destinations.map((d) => ({
    path: d.path,
    ok: d.verified,
    sentence: d.verified
      ? `Written and verified: read back, decrypted, ${report.verification.auditEntries} audit entries and ${report.verification.checkpointsVerified} checkpoints checked, ${countOf(report.verification.addressesDerived, 'address', 'addresses')} derived again.`
      : (d.error?.message ?? 'This copy failed.'),
  }));
  return { label, copies };
}

export function describeAge(seconds: number): string {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  if (minutes < 60) return countOf(minutes, 'minute', 'minutes');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return countOf(hours, 'hour', 'hours');
  return countOf(Math.floor(hours / 24), 'day', 'days');
}
