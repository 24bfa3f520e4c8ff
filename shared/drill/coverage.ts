// Drill policy and quorum coverage: "with the shares verified within policy, can the quorum still be met
// today?" — per group and for the vault — plus what is overdue (holders' share checks, the full drill).
// Pure: the caller passes the layout, the dates and the clock's now.

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface DrillPolicy {
  /** A full drill at least this often. */
  drillIntervalDays: number;
  /** Each holder checks their share at least this often. */
  shareCheckIntervalDays: number;
  /** A drill (or recovery) must use a snapshot at most this old: the recovery point objective. */
  maxSnapshotAgeHours: number;
}

export const DEFAULT_POLICY: DrillPolicy = { drillIntervalDays: 90, shareCheckIntervalDays: 180, maxSnapshotAgeHours: 24 };

export interface CoverageInput {
  groupThreshold: number;
  groups: ReadonlyArray<{
    name: string;
    memberThreshold: number;
    holders: ReadonlyArray<{ name: string; lastVerifiedAt: number | null; createdAt: number }>;
  }>;
  lastDrillAt: number | null;
  vaultCreatedAt: number;
}

export interface HolderCoverage {
  name: string;
  lastVerifiedAt: number | null;
  /** When the next check is due: the last check (or the share's creation) plus the interval. */
  dueAt: number;
  verified: boolean;
  overdueDays: number;
}

export interface GroupCoverage {
  name: string;
  memberThreshold: number;
  verified: number;
  met: boolean;
  holders: HolderCoverage[];
}

export interface Coverage {
  groups: GroupCoverage[];
  groupThreshold: number;
  groupsMet: number;
  /** The vault's quorum can be met with shares verified within policy. */
  quorumCovered: boolean;
  drill: { lastAt: number | null; dueAt: number; overdueDays: number };
  /** Sentences for the dashboard, most urgent first. */
  overdue: string[];
}

export function coverage(input: CoverageInput, policy: DrillPolicy, now: number): Coverage {
  const checkInterval = policy.shareCheckIntervalDays * DAY_MS;
  const groups = input.groups.map((group): GroupCoverage => {
    const holders = group.holders.map((holder): HolderCoverage => {
      // A share never checked counts from the day it was handed out: a fresh card is known good.
      const since = holder.lastVerifiedAt ?? holder.createdAt;
      const dueAt = since + checkInterval;
      return {
        name: holder.name,
        lastVerifiedAt: holder.lastVerifiedAt,
        dueAt,
        verified: now < dueAt,
        overdueDays: now < dueAt ? 0 : Math.floor((now - dueAt) / DAY_MS) + 1,
      };
    });
    const verified = holders.filter((h) => h.verified).length;
    return { name: group.name, memberThreshold: group.memberThreshold, verified, met: verified >= group.memberThreshold, holders };
  });
  const groupsMet = groups.filter((g) => g.met).length;
  const drillDueAt = (input.lastDrillAt ?? input.vaultCreatedAt) + policy.drillIntervalDays * DAY_MS;
  const drillOverdueDays = now < drillDueAt ? 0 : Math.floor((now - drillDueAt) / DAY_MS) + 1;
  const quorumCovered = groupsMet >= input.groupThreshold;

  const overdue: string[] = [];
  if (!quorumCovered) {
    overdue.push(
      `The quorum is not covered: ${groupsMet} of the ${input.groupThreshold} required group${input.groupThreshold === 1 ? '' : 's'} have enough shares checked within ${policy.shareCheckIntervalDays} days. Have holders check their shares now.`,
    );
  }
  for (const group of groups) {
    if (!group.met) overdue.push(`Group "${group.name}": ${group.verified} of ${group.memberThreshold} needed shares are checked within policy.`);
  }
  if (drillOverdueDays > 0) overdue.push(`The full recovery drill is ${plural(drillOverdueDays, 'day')} overdue (every ${policy.drillIntervalDays} days).`);
  for (const group of groups) {
    for (const holder of group.holders) {
      if (!holder.verified) overdue.push(`${holder.name}'s share check is ${plural(holder.overdueDays, 'day')} overdue (every ${policy.shareCheckIntervalDays} days).`);
    }
  }
  return { groups, groupThreshold: input.groupThreshold, groupsMet, quorumCovered, drill: { lastAt: input.lastDrillAt, dueAt: drillDueAt, overdueDays: drillOverdueDays }, overdue };
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
