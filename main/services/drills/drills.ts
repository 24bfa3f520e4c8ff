// Recovery drills: the dashboard (policy, overdue items, quorum coverage), the vault's runbooks, a real recovery
// started from a runbook, and (in drill-run.ts) the full drill — quorum unlock, derived addresses equal the registered ones, a proof-of-control signature over a fresh
// statement, the runbook's transactions built against the latest snapshot and signed as rehearsals (never
// broadcastable), the latest backup restored into a temporary vault and verified, lock — each step timed, with RTO
// (from the first unlock to the last signed chain, as issue 17 words it), RPO (snapshot age), the RPO of the vault's own state (age of its last verified backup),
// the registered accounts a rebuild from the cards must reproduce, participants and pass/fail with reasons. Stored and
// audited. A runbook over several chains builds each chain's drafts on that chain's own newest snapshot, needs every
// one within policy, and reports RPO and time to last signature per chain.
import { coverage, type Coverage, type DrillPolicy } from '../../../shared/drill/coverage';
import type { DrillProof } from '../../../shared/drill/proof';
import { BUILTIN_RUNBOOKS, isBitcoinStep, parseRunbook, plannedDescription, runbookPlan, type Runbook } from '../../../shared/drill/runbooks';
import { AirlockError } from '../../../shared/errors';
import type { DraftJson } from '../../../shared/bridge';
import type { Db } from '../../db/connection';
import { appendAuditEntry } from '../../db/audit';
import { lastPassedDrillAt, listDrills, readPolicy, upsertRunbook, writePolicy } from '../../db/drills';
import { readAccounts, readGroups, readHolders, requireVault } from '../../db/vault';
import type { BitcoinDrill } from '../bitcoin/bitcoin-drill';
import { recordAuditEntry } from '../audit';
import type { Clock, Random } from '../deps';
import type { BackupService, BackupStatus } from '../backup/vault-backup';
import type { DraftService } from '../transactions/drafts';
import type { SnapshotService } from '../snapshots/snapshots';
import type { UnlockService } from '../custody/unlock';
import { chainSnapshots, newestSnapshot, requireWithinPolicy, snapshotOn, storedRunbooks } from './drill-plan';
import { runDrill } from './drill-run';

export interface DrillStepResult {
  name: string;
  ms: number;
  ok: boolean;
  reason?: string;
  /** What a passed step found worth saying (e.g. that there was no backup to restore yet). */
  note?: string;
}

export interface DrillResult {
  id: number;
  runbook: string;
  passed: boolean;
  startedAt: number;
  /** When the first share began to open: the RTO is measured from here (absent on drills stored before it was). */
  firstUnlockAt?: number;
  /** From the first unlock to the runbook's last signed chain (to the proof of control when no chain was signed). */
  rtoMs: number;
  /** Target recovery time of the runbook, for comparison. */
  rtoTargetMs: number;
  /** The worst RPO over the runbook's chains (null when one has no snapshot). */
  rpoSeconds: number | null;
  /** Per chain: its snapshot, RPO, and the time from the first unlock to that chain's last signed step (null: none signed). */
  chains: DrillChainResult[];
  /** The RPO of the vault's own state: seconds since its last verified backup when the drill began (null: none). */
  stateRpoSeconds: number | null;
  /** The latest verified backup when the drill began: on a new laptop, `vault restore --expect` refuses any older copy. */
  latestBackup: { madeAt: number; hash: string; hashWords: string; auditCount: number } | null;
  /** The registered accounts: what a rebuild from the cards alone must derive again, address for address. */
  accounts: Array<{ path: string; address: string; label: string; role: string }>;
  participants: string[];
  /** The participants whose share did not open or check (each has its own failed step with the reason). */
  failedShares: string[];
  /** The auditor's challenge the proof signs (null: none was given). */
  challenge: string | null;
  /** The snapshot the proof names: its block and the relay key that signed it (null: no snapshot). */
  snapshot: DrillSnapshot | null;
  steps: DrillStepResult[];
  reasons: string[];
  proof: DrillProof | null;
  snapshotId: number | null;
  /** The audit log range this drill's entries occupy (inclusive), for the report. */
  auditRange: { from: number; to: number } | null;
}

export interface DrillSnapshot {
  chainId: string;
  blockNumber: string;
  blockHash: string;
  relayFingerprint: string;
}

export interface DrillChainResult {
  chainId: string;
  snapshotId: number | null;
  /** The snapshot's block, as the version 3 proof names it (null: no snapshot; absent in drills stored before). */
  blockNumber?: string | null;
  blockHash?: string | null;
  rpoSeconds: number | null;
  signedAfterMs: number | null;
}

export interface Dashboard {
  policy: DrillPolicy;
  coverage: Coverage;
  latestSnapshot: { id: number; ageSeconds: number; stale: boolean } | null;
  lastDrill: { id: number; passed: boolean; finishedAt: number; rtoMs: number } | null;
  /** The vault's backups against their policy. */
  backup: BackupStatus;
}

export interface DrillRunRequest {
  runbook: string;
  /** Each participating holder opens their stored share with their passphrase, or brings their paper share's words. */
  holders: ReadonlyArray<{ name: string; passphrase: string } | { name: string; words: string }>;
  slip39Passphrase?: string;
  bip39Passphrase?: string;
  /** An auditor's challenge: signed into the proof, so the proof cannot have been made before the auditor asked. */
  challenge?: string;
}

export interface DrillService {
  dashboard(): Dashboard;
  setPolicy(policy: DrillPolicy): DrillPolicy;
  runbooks(): Runbook[];
  saveRunbook(value: unknown): Runbook;
  run(request: DrillRunRequest): Promise<DrillResult>;
  history(): DrillResult[];
  /** A real recovery starts from a runbook: its steps become drafts built on the latest snapshot, for review and signing. */
  startRecovery(runbook: string): DraftJson[];
}

export interface DrillDeps {
  db: Db;
  clock: Clock;
  random: Random;
  unlock: UnlockService;
  drafts: DraftService;
  snapshots: SnapshotService;
  bitcoin: BitcoinDrill;
  backups: BackupService;
}

/** The drill functions bound to their dependencies, for the bridge and the CLI. */
export function createDrillService(deps: DrillDeps): DrillService {
  return {
    dashboard: () => drillDashboard(deps),
    setPolicy: (policy) => setDrillPolicy(deps, policy),
    runbooks: () => storedRunbooks(deps, requireVault(deps.db)),
    saveRunbook: (value) => saveRunbook(deps, value),
    run: (request) => runDrill(deps, request),
    history: () => drillHistory(deps),
    startRecovery: (name) => startRecovery(deps, name),
  };
}

export function drillDashboard({ db, clock, snapshots, backups }: DrillDeps): Dashboard {
  const vault = requireVault(db);
  const policy = readPolicy(db, vault.id);
  const holders = readHolders(db, vault.id);
  const groups = readGroups(db, vault.id).map((g) => ({
    name: g.name,
    memberThreshold: g.memberThreshold,
    holders: holders.filter((h) => h.groupIndex === g.groupIndex).map((h) => ({ name: h.name, lastVerifiedAt: h.lastVerifiedAt, createdAt: h.createdAt })),
  }));
  const now = clock.now();
  const snapshot = newestSnapshot(snapshots);
  const last = listDrills(db, vault.id, 1)[0];
  return {
    policy,
    coverage: coverage({ groupThreshold: vault.groupThreshold, groups, lastDrillAt: lastPassedDrillAt(db, vault.id), vaultCreatedAt: vault.createdAt }, policy, now),
    latestSnapshot: snapshot ? { id: snapshot.id, ageSeconds: snapshot.ageSeconds, stale: snapshot.ageSeconds > policy.maxSnapshotAgeHours * 3600 } : null,
    lastDrill: last ? { id: last.id, passed: last.passed, finishedAt: last.finishedAt, rtoMs: last.rtoMs } : null,
    backup: backups.status(),
  };
}

export function setDrillPolicy({ db, clock }: DrillDeps, policy: DrillPolicy): DrillPolicy {
  const vault = requireVault(db);
  const within = (value: number, max: number, what: string) => {
    if (!Number.isInteger(value) || value < 1 || value > max) throw new AirlockError('policy-invalid', `${what} must be a whole number from 1 to ${max}.`);
  };
  within(policy.drillIntervalDays, 3650, 'The drill interval (days)');
  within(policy.shareCheckIntervalDays, 3650, 'The share-check interval (days)');
  within(policy.maxSnapshotAgeHours, 8760, 'The oldest snapshot a drill accepts (hours)');
  db.transaction(() => {
    writePolicy(db, vault.id, policy, clock.now());
    appendAuditEntry(db, { at: clock.now(), actor: 'vault', action: 'drill-policy-set', details: { vault: vault.id, ...policy } });
  }).immediate();
  return readPolicy(db, vault.id);
}

export function saveRunbook({ db, clock }: DrillDeps, value: unknown): Runbook {
  const vault = requireVault(db);
  const runbook = parseRunbook(value);
  const builtin = BUILTIN_RUNBOOKS.some((b) => b.name === runbook.name);
  db.transaction(() => {
    upsertRunbook(db, vault.id, runbook.name, JSON.stringify(runbook), builtin, clock.now());
    appendAuditEntry(db, { at: clock.now(), actor: 'vault', action: 'runbook-saved', details: { vault: vault.id, runbook: runbook.name, steps: runbook.steps.length, rtoMinutes: runbook.rtoMinutes } });
  }).immediate();
  return runbook;
}

/** A real recovery starts from a runbook: its EVM steps become drafts built on each chain's latest snapshot. */
export function startRecovery(deps: DrillDeps, name: string): DraftJson[] {
  const { db, snapshots, drafts } = deps;
  const vault = requireVault(db);
  const runbook = storedRunbooks(deps, vault).find((r) => r.name === name);
  if (!runbook) throw new AirlockError('runbook-unknown', `There is no runbook "${name.slice(0, 60)}".`);
  if (runbook.steps.every((s) => isBitcoinStep(s.draft))) {
    throw new AirlockError(
      'runbook-bitcoin-only',
      `"${runbook.title}" signs the coordinator's PSBT: scan it in Bitcoin → Sign a PSBT with this runbook's rule, or run \`airlock psbt sign --db …\` with "runbook":"${runbook.name}".`,
    );
  }
  // A Bitcoin step's PSBT comes from the coordinator: it is signed with `psbt sign --db … "runbook"` or the
  // Bitcoin view's fallback rule, so a recovery drafts only the runbook's EVM steps.
  const plan = runbookPlan(runbook).filter((p) => !isBitcoinStep(p.draft));
  const chains = chainSnapshots(snapshots, plan);
  requireWithinPolicy(chains, readPolicy(db, vault.id).maxSnapshotAgeHours);
  const accounts = readAccounts(db, vault.id);
  const accountFor = (role: string) => accounts.find((a) => a.role === role)?.address;
  // Resolve every step on every chain before creating any draft: a runbook missing a parameter creates nothing.
  const planned = plan.map((p) => ({ title: p.title, description: plannedDescription(runbook, p, accountFor), snapshot: snapshotOn(snapshots, p.chainId)! }));
  recordAuditEntry(deps, 'vault', 'recovery-started', {
    vault: vault.id,
    runbook: runbook.name,
    snapshot: chains[0]!.snapshot!.id,
    chains: chains.map((c) => `${c.snapshot!.chainId}:${c.snapshot!.id}`).join(','),
    steps: planned.length,
  });
  return planned.map(({ title, description, snapshot }) => drafts.create({ title: title.slice(0, 120), ...description }, { snapshotId: snapshot.id }));
}

export function drillHistory({ db }: DrillDeps): DrillResult[] {
  const vault = requireVault(db);
  return listDrills(db, vault.id).map((r) => {
    // A drill stored before runbooks had chains has no per-chain figures.
    const stored = JSON.parse(r.resultJson) as Omit<DrillResult, 'id' | 'chains'> & { chains?: DrillChainResult[] };
    return { id: r.id, ...stored, chains: stored.chains ?? [] };
  });
}
