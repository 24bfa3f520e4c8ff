// The backup policy and where the vault stands against it: how old the last verified backup is, how many changes it
// lacks, when the next one is due, and the overdue sentences the Dashboard lists beside share checks. Pure: the
// caller passes the latest backup, the count of changes since and the clock's now.
import { DAY_MS } from '../drill/coverage';

export interface BackupPolicy {
  /** A verified backup at least this often. */
  maxAgeDays: number;
  /** Every change to what the vault holds makes a new backup due at once. */
  afterEveryChange: boolean;
}

export const DEFAULT_BACKUP_POLICY: BackupPolicy = Object.freeze({ maxAgeDays: 7, afterEveryChange: true });

/**
 * Audit entries that record a session rather than a change of what the vault holds: they never make a backup due.
 * Everything else (a failed unlock too: it is evidence the backup should carry) does.
 */
export const ROUTINE_ACTIONS: readonly string[] = Object.freeze(['vault-unlocked', 'vault-locked', 'unlock-share-opened']);

export interface BackupStatusInput {
  latest: { madeAt: number } | null;
  /** Changes recorded after the latest backup (0 without one). */
  changesSince: number;
  vaultCreatedAt: number;
}

export interface BackupStanding {
  /** Seconds since the latest verified backup was made: the RPO of the vault's own state. Null without one. */
  ageSeconds: number | null;
  changesSince: number;
  /** When the next backup is due by age (the latest backup, or the vault's creation, plus the policy's days). */
  dueAt: number;
  overdue: string[];
}

export function backupStanding(input: BackupStatusInput, policy: BackupPolicy, now: number): BackupStanding {
  const since = input.latest?.madeAt ?? input.vaultCreatedAt;
  const dueAt = since + policy.maxAgeDays * DAY_MS;
  const overdue: string[] = [];
  if (!input.latest) {
    overdue.push('No backup of this vault has been made: if this laptop fails, its holders, accounts, drafts and audit log are lost. Make one in Backup.');
  } else if (now >= dueAt) {
    const days = Math.floor((now - dueAt) / DAY_MS) + 1;
    overdue.push(`The vault's backup is ${days} day${days === 1 ? '' : 's'} overdue (at least every ${policy.maxAgeDays} days).`);
  }
  if (input.latest && policy.afterEveryChange && input.changesSince > 0) {
    overdue.push(`${input.changesSince} change${input.changesSince === 1 ? ' was' : 's were'} made since the last backup; the policy asks for a backup after every change.`);
  }
  return {
    ageSeconds: input.latest ? Math.max(0, Math.floor((now - input.latest.madeAt) / 1000)) : null,
    changesSince: input.changesSince,
    dueAt,
    overdue,
  };
}

/** Checks a policy typed by a person; returns the sentence saying what is wrong, or null. */
export function backupPolicyProblem(policy: BackupPolicy): string | null {
  if (!Number.isInteger(policy.maxAgeDays) || policy.maxAgeDays < 1 || policy.maxAgeDays > 3650) return 'The longest time between backups must be a whole number of days from 1 to 3650.';
  if (typeof policy.afterEveryChange !== 'boolean') return 'Say whether every change makes a backup due (true or false).';
  return null;
}
