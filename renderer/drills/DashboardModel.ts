// The Dashboard apart from its DOM: the vault's coverage, last drill and latest snapshot read once, the sentences the
// page shows for them, and the drill policy being edited and saved. No DOM here.
import type { ResponseOf } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { formatUtc } from '../app/format';
import { formatAge } from '../snapshots/SnapshotFormat';
import { toPublicError, type Bridge } from '../bridge';
import { formatDuration } from './DrillFormat';

export type DashboardData = ResponseOf<'drills.dashboard'>;
export type Policy = DashboardData['policy'];
export type DashboardLoad = { kind: 'ready'; data: DashboardData } | { kind: 'no-vault' } | { kind: 'failed'; error: PublicError };

/** A verdict the page marks as good (✓) or late (✗). */
export interface Verdict {
  ok: boolean;
  text: string;
}

export class DashboardModel {
  data: DashboardData | null = null;
  /** The policy as the form edits it; saved by savePolicy. */
  policy: Policy | null = null;

  constructor(private readonly bridge: Bridge) {}

  async load(): Promise<DashboardLoad> {
    try {
      this.data = await this.bridge.call('drills.dashboard', {});
      this.policy = { ...this.data.policy };
      return { kind: 'ready', data: this.data };
    } catch (error) {
      const problem = toPublicError(error);
      return problem.code === 'vault-missing' ? { kind: 'no-vault' } : { kind: 'failed', error: problem };
    }
  }

  setPolicy(key: keyof Policy, value: number): void {
    if (this.policy) this.policy[key] = value;
  }

  /** Saves the edited policy (the page reads the dashboard again after); the sentence saying what was saved, or the refusal. */
  async savePolicy(): Promise<{ saved: string } | { error: PublicError }> {
    if (!this.policy) return { error: { code: 'vault-missing', message: 'There is no vault in this database yet. Create or import one first.' } };
    try {
      const { policy } = await this.bridge.call('drills.setPolicy', this.policy);
      return { saved: `Saved: a drill every ${policy.drillIntervalDays} days, share checks every ${policy.shareCheckIntervalDays} days, snapshots at most ${policy.maxSnapshotAgeHours} h old.` };
    } catch (error) {
      return { error: toPublicError(error) };
    }
  }
}

export function policySummary(policy: Policy): string {
  return `A full drill every ${policy.drillIntervalDays} days; each holder checks their share every ${policy.shareCheckIntervalDays} days; a drill accepts snapshots at most ${policy.maxSnapshotAgeHours} h old.`;
}

/** The last drill's verdict and the rest of its sentence; null before the first drill. */
export function lastDrillLine(data: DashboardData): { verdict: Verdict; rest: string } | null {
  const drill = data.lastDrill;
  if (!drill) return null;
  return { verdict: { ok: drill.passed, text: drill.passed ? '✓ Passed' : '✗ Failed' }, rest: ` on ${formatUtc(drill.finishedAt)}, RTO ${formatDuration(drill.rtoMs)}.` };
}

/** The latest snapshot's age and its verdict against the policy; null when none is imported. */
export function snapshotLine(data: DashboardData): { age: string; verdict: Verdict } | null {
  const snapshot = data.latestSnapshot;
  if (!snapshot) return null;
  const hours = data.policy.maxSnapshotAgeHours;
  return {
    age: `Snapshot ${snapshot.id} is ${formatAge(snapshot.ageSeconds)} old: `,
    verdict: { ok: !snapshot.stale, text: snapshot.stale ? `✗ older than the ${hours} h the policy accepts` : `✓ within the ${hours} h policy` },
  };
}
