// What a drill and a real recovery both start from: the vault's runbooks (built-ins stored on first use), and for each
// chain a runbook builds on, that chain's newest verified snapshot, within the drill policy's age.
import { BUILTIN_RUNBOOKS, parseRunbook, type PlannedStep, type Runbook } from '../../../shared/drill/runbooks';
import { AirlockError } from '../../../shared/errors';
import type { Db } from '../../db/connection';
import { listRunbooks, upsertRunbook } from '../../db/drills';
import type { VaultRecord } from '../../db/vault';
import type { Clock } from '../deps';
import type { SnapshotService, SnapshotSummary } from '../snapshots/snapshots';

/** A chain a runbook builds on with its newest verified snapshot; chainId null is "the newest snapshot's chain". */
export interface ChainSnapshot {
  chainId: string | null;
  snapshot: SnapshotSummary | null;
}

/** Built-ins are stored on first use; from then on the vault's copy is the one that is edited and drilled. */
export function storedRunbooks({ db, clock }: { db: Db; clock: Clock }, vault: VaultRecord): Runbook[] {
  const stored = listRunbooks(db, vault.id);
  const missing = BUILTIN_RUNBOOKS.filter((b) => !stored.some((s) => s.name === b.name));
  if (missing.length > 0) {
    db.transaction(() => {
      for (const runbook of missing) upsertRunbook(db, vault.id, runbook.name, JSON.stringify(runbook), true, clock.now());
    }).immediate();
  }
  return listRunbooks(db, vault.id).map((r) => parseRunbook(JSON.parse(r.definitionJson)));
}

// SECURITY(H-30): newest by block of its chain, verified again; never a damaged one or one from a revoked relay.
export function newestSnapshot(snapshots: SnapshotService): SnapshotSummary | null {
  return snapshots.current()?.snapshot ?? null;
}

export function snapshotOn(snapshots: SnapshotService, chainId: string | null): SnapshotSummary | null {
  return chainId === null ? newestSnapshot(snapshots) : (snapshots.currentOn(chainId)?.snapshot ?? null);
}

/** Every chain the plan builds on, in the order the plan first names it, with that chain's snapshot. */
export function chainSnapshots(snapshots: SnapshotService, plan: readonly PlannedStep[]): ChainSnapshot[] {
  return [...new Set(plan.map((p) => p.chainId))].map((chainId) => ({ chainId, snapshot: snapshotOn(snapshots, chainId) }));
}

/**
 * Every chain the runbook builds on needs a snapshot no older than the policy allows; one refusal names each chain
 * that falls short (a single-chain runbook's sentences name no chain).
 */
export function requireWithinPolicy(chains: readonly ChainSnapshot[], maxAgeHours: number): void {
  const problems = chains.flatMap(({ chainId, snapshot }): Array<[string, string]> => {
    const of = chainId === null ? '' : ` of chain ${chainId}`;
    if (!snapshot) return [['drill-no-snapshot', `No relay snapshot${of} is imported, so the runbook cannot be built against the chain. Take one on the relay and import it first.`]];
    if (snapshot.ageSeconds <= maxAgeHours * 3600) return [];
    return [['drill-snapshot-expired', `The latest snapshot${of} is ${Math.floor(snapshot.ageSeconds / 3600)} h old; the policy accepts at most ${maxAgeHours} h. Take and import a fresh one.`]];
  });
  if (problems.length > 0) throw new AirlockError(problems[0]![0], problems.map(([, message]) => message).join(' '));
}

