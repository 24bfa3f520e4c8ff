// Recovery drills: the dashboard (policy, overdue items, quorum coverage), the vault's runbooks, and the full
// drill — quorum unlock, derived addresses equal the registered ones, a proof-of-control signature over a fresh
// statement, the runbook's transactions built against the latest snapshot and signed as rehearsals (never
// broadcastable), the latest backup restored into a temporary vault and verified, lock — each step timed, with RTO
// (from the first unlock to the last signed chain, as issue 17 words it), RPO (snapshot age), the RPO of the vault's own state (age of its last verified backup),
// the registered accounts a rebuild from the cards must reproduce, participants and pass/fail with reasons. Stored and
// audited. A runbook over several chains builds each chain's drafts on that chain's own newest snapshot, needs every
// one within policy, and reports RPO and time to last signature per chain.
import { bytesToHex } from '../../../shared/bytes';
import { coverage, type Coverage, type DrillPolicy } from '../../../shared/drill/coverage';
import { drillOutcome, parseChallenge, type DrillChainSnapshot, type DrillProof } from '../../../shared/drill/proof';
import { BUILTIN_RUNBOOKS, isBitcoinStep, parseRunbook, plannedDescription, runbookPlan, type PlannedStep, type Runbook } from '../../../shared/drill/runbooks';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import { parseAddress } from '../../../shared/evm/address';
import { deriveAccount } from '../../../shared/evm/hd';
import type { Db } from '../../db/connection';
import { appendAuditEntry, readHead } from '../../db/audit';
import { insertDrill, lastPassedDrillAt, listDrills, listRunbooks, nextDrillId, readPolicy, upsertRunbook, writePolicy } from '../../db/drills';
import { readAccounts, readGroups, readHolders, requireVault, type VaultRecord } from '../../db/vault';
import { presentShares, signProof } from './drill-steps';
import type { BitcoinDrill } from '../bitcoin/bitcoin-drill';
import type { Clock, Random } from '../deps';
import type { DraftJson } from '../../../shared/bridge';
import type { BackupService, BackupStatus } from '../backup/vault-backup';
import type { DraftService } from '../transactions/drafts';
import type { SnapshotService, SnapshotSummary } from '../snapshots/snapshots';
import type { UnlockService } from '../custody/unlock';

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

/** A chain a runbook builds on with its newest verified snapshot; chainId null is "the newest snapshot's chain". */
interface ChainSnapshot {
  chainId: string | null;
  snapshot: SnapshotSummary | null;
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

interface Deps {
  db: Db;
  clock: Clock;
  random: Random;
  unlock: UnlockService;
  drafts: DraftService;
  snapshots: SnapshotService;
  bitcoin: BitcoinDrill;
  backups: BackupService;
}

export function createDrillService({ db, clock, random, unlock, drafts, snapshots, bitcoin, backups }: Deps): DrillService {
  const audit = (action: string, details: Record<string, string | number | boolean | null>) =>
    db.transaction(() => appendAuditEntry(db, { at: clock.now(), actor: 'vault', action, details })).immediate();

  /** Built-ins are stored on first use; from then on the vault's copy is the one that is edited and drilled. */
  const storedRunbooks = (vault: VaultRecord): Runbook[] => {
    const stored = listRunbooks(db, vault.id);
    const missing = BUILTIN_RUNBOOKS.filter((b) => !stored.some((s) => s.name === b.name));
    if (missing.length > 0) {
      db.transaction(() => {
        for (const runbook of missing) upsertRunbook(db, vault.id, runbook.name, JSON.stringify(runbook), true, clock.now());
      }).immediate();
    }
    return listRunbooks(db, vault.id).map((r) => parseRunbook(JSON.parse(r.definitionJson)));
  };

  // SECURITY(H-30): newest by block of its chain, verified again; never a damaged one or one from a revoked relay.
  const newestSnapshot = () => snapshots.current()?.snapshot ?? null;
  const snapshotOn = (chainId: string | null) => (chainId === null ? newestSnapshot() : (snapshots.currentOn(chainId)?.snapshot ?? null));
  /** Every chain the plan builds on, in the order the plan first names it, with that chain's snapshot. */
  const chainSnapshots = (plan: readonly PlannedStep[]): ChainSnapshot[] =>
    [...new Set(plan.map((p) => p.chainId))].map((chainId) => ({ chainId, snapshot: snapshotOn(chainId) }));

  return {
    dashboard() {
      const vault = requireVault(db);
      const policy = readPolicy(db, vault.id);
      const holders = readHolders(db, vault.id);
      const groups = readGroups(db, vault.id).map((g) => ({
        name: g.name,
        memberThreshold: g.memberThreshold,
        holders: holders.filter((h) => h.groupIndex === g.groupIndex).map((h) => ({ name: h.name, lastVerifiedAt: h.lastVerifiedAt, createdAt: h.createdAt })),
      }));
      const now = clock.now();
      const snapshot = newestSnapshot();
      const last = listDrills(db, vault.id, 1)[0];
      return {
        policy,
        coverage: coverage({ groupThreshold: vault.groupThreshold, groups, lastDrillAt: lastPassedDrillAt(db, vault.id), vaultCreatedAt: vault.createdAt }, policy, now),
        latestSnapshot: snapshot ? { id: snapshot.id, ageSeconds: snapshot.ageSeconds, stale: snapshot.ageSeconds > policy.maxSnapshotAgeHours * 3600 } : null,
        lastDrill: last ? { id: last.id, passed: last.passed, finishedAt: last.finishedAt, rtoMs: last.rtoMs } : null,
        backup: backups.status(),
      };
    },

    setPolicy(policy) {
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
    },

    runbooks: () => storedRunbooks(requireVault(db)),

    saveRunbook(value) {
      const vault = requireVault(db);
      const runbook = parseRunbook(value);
      const builtin = BUILTIN_RUNBOOKS.some((b) => b.name === runbook.name);
      db.transaction(() => {
        upsertRunbook(db, vault.id, runbook.name, JSON.stringify(runbook), builtin, clock.now());
        appendAuditEntry(db, { at: clock.now(), actor: 'vault', action: 'runbook-saved', details: { vault: vault.id, runbook: runbook.name, steps: runbook.steps.length, rtoMinutes: runbook.rtoMinutes } });
      }).immediate();
      return runbook;
    },

    async run(request) {
      const vault = requireVault(db);
      const runbook = storedRunbooks(vault).find((r) => r.name === request.runbook);
      if (!runbook) {
        throw new AirlockError('runbook-unknown', `There is no runbook "${request.runbook.slice(0, 60)}". Known: ${storedRunbooks(vault).map((r) => r.name).join(', ')}.`);
      }
      const challenge = request.challenge === undefined ? null : parseChallenge(request.challenge);
      const policy = readPolicy(db, vault.id);
      const firstAudit = auditHead(db) + 1;
      const startedAt = clock.now();
      const { steps, reasons, step } = stepRecorder(clock);
      let proof: DrillProof | null = null;
      let proofDrillId: number | null = null;
      // The runbook's last signature (any chain), and the proof's: the RTO ends at the first, else at the second.
      let lastChainSignedAt: number | null = null;
      let proofSignedAt: number | null = null;
      audit('drill-started', { vault: vault.id, runbook: runbook.name, participants: request.holders.map((h) => h.name).join(', '), challenge });

      const plan = runbookPlan(runbook);
      const chains = chainSnapshots(plan.filter((p) => !isBitcoinStep(p.draft)));
      const snapshot = chains[0]?.snapshot ?? null;
      const drillSnapshot = snapshot && { chainId: snapshot.chainId, blockNumber: snapshot.blockNumber, blockHash: snapshot.blockHash, relayFingerprint: snapshot.relayFingerprint };
      const signedAt = new Map<string | null, number>();
      const latestBackup = backups.latest();
      const stateRpoSeconds = latestBackup === null ? null : Math.max(0, Math.floor((startedAt - latestBackup.madeAt) / 1000));
      // The RTO starts as the first share begins to open, not with the drill's preparation (snapshots, backups).
      const firstUnlockAt = clock.now();
      const rtoAt = (end: number) => end - firstUnlockAt;
      try {
        const { failedShares, refusal } = await presentShares(request.holders, step, unlock);
        const unlocked = await step('quorum unlock', async () => {
          if (refusal) throw refusal;
          const progress = unlock.status().progress;
          if (!progress?.complete) throw new AirlockError('quorum-not-met', `The shares that opened do not make a quorum: ${progress?.summary ?? 'not enough shares'}.`);
          await unlock.complete({
            ...(request.slip39Passphrase !== undefined ? { slip39Passphrase: request.slip39Passphrase } : {}),
            ...(request.bip39Passphrase !== undefined ? { bip39Passphrase: request.bip39Passphrase } : {}),
          });
        });
        const accounts = readAccounts(db, vault.id);
        if (unlocked) {
          await step('derived addresses match', () =>
            unlock.withSeed((seed) => {
              requireDerivedAccounts(seed, accounts);
              bitcoin.checkAccounts(vault.id, seed);
            }),
          );
          // Restores are tested, not assumed: a backup that no longer opens fails the drill.
          await step('latest backup restores into a temporary vault', () => backups.rehearseRestore());
          // A Bitcoin step builds nothing on an EVM snapshot (its PSBT comes from the coordinator).
          if (chains.length > 0) await step('snapshot within policy', () => requireWithinPolicy(chains, policy.maxSnapshotAgeHours));
          const accountFor = (role: string) => accounts.find((a) => a.role === role)?.address;
          for (const planned of plan) {
            const chainSnapshot = snapshotOn(planned.chainId);
            await step(stepName(planned), () => {
              const description = plannedDescription(runbook, planned, accountFor);
              if (isBitcoinStep(description)) {
                // A Bitcoin sweep needs no EVM snapshot: a coin that does not exist is swept under the runbook's rule.
                unlock.withSeed((seed) => bitcoin.rehearseSweep(vault.id, description.outputsOnlyTo, seed, random.bytes(16)));
                lastChainSignedAt = clock.now();
                return;
              }
              if (!chainSnapshot) throw new AirlockError('drill-no-snapshot', 'No snapshot to build this step against.');
              const draft = drafts.create({ title: `Drill: ${planned.title}`.slice(0, 120), ...description }, { purpose: 'rehearsal', snapshotId: chainSnapshot.id });
              // A rehearsal records what a real recovery would have had to acknowledge; nothing of it can be broadcast.
              drafts.sign(draft.id, { digest: draft.digest, acknowledge: draft.acknowledgementsRequired });
              lastChainSignedAt = clock.now();
              signedAt.set(planned.chainId, lastChainSignedAt);
            });
          }
          // SECURITY(H-25): signed last, while still unlocked, so the proof carries the outcome and the audit head.
          await step('proof of control', () => {
            const signer = accounts.find((a) => a.role === 'eoa-treasury') ?? accounts[0];
            if (!signer) throw new AirlockError('drill-no-account', 'The vault has no registered account to sign the proof of control with.');
            const at = clock.now();
            proofDrillId = nextDrillId(db);
            const statement = proofStatement({
              vault,
              runbook,
              at,
              nonce: bytesToHex(random.bytes(16)),
              drillId: proofDrillId,
              challenge,
              chains,
              participants: request.holders.map((h) => h.name),
              failedShares,
              // Signed after every chain: the RTO it states is the drill's RTO.
              rtoMs: rtoAt(lastChainSignedAt ?? at),
              reasons,
            });
            proof = unlock.withSeed((seed) => {
              const evm = signProof(db, seed, signer, statement);
              const btc = bitcoin.proof(vault.id, evm.statement, seed);
              return btc ? { ...evm, bitcoin: btc } : evm;
            });
            proofSignedAt = at;
          });
        }
        steps.push({ name: 'lock', ms: 0, ok: true });
        const passed = reasons.length === 0;
        const result = {
          runbook: runbook.name,
          passed,
          startedAt,
          firstUnlockAt,
          rtoMs: rtoAt(lastChainSignedAt ?? proofSignedAt ?? firstUnlockAt),
          rtoTargetMs: runbook.rtoMinutes * 60_000,
          rpoSeconds: chains.length === 0 || chains.some((c) => !c.snapshot) ? null : Math.max(...chains.map((c) => c.snapshot!.ageSeconds)),
          chains: chainResults(chains, (chainId) => {
            const signed = signedAt.get(chainId);
            return signed === undefined ? null : rtoAt(signed);
          }),
          stateRpoSeconds,
          latestBackup: latestBackup && { madeAt: latestBackup.madeAt, hash: latestBackup.hash, hashWords: latestBackup.hashWords, auditCount: latestBackup.auditCount },
          accounts: readAccounts(db, vault.id).map((a) => ({ path: a.path, address: a.address, label: a.label, role: a.role })),
          participants: request.holders.map((h) => h.name),
          failedShares,
          challenge,
          snapshot: drillSnapshot,
          steps,
          reasons,
          proof: proof as DrillProof | null,
          snapshotId: snapshot?.id ?? null,
        };
        // The range ends with the drill-completed entry storeDrill writes.
        const recorded = { ...result, auditRange: { from: firstAudit, to: auditHead(db) + 1 } };
        const id = storeDrill(db, vault.id, clock.now(), recorded, proofDrillId);
        // SECURITY(H-25): the drill's own entry is sealed by a checkpoint before the vault locks.
        if (unlock.status().state === 'unlocked') unlock.checkpoint();
        return { id, ...recorded };
      } finally {
        unlock.lock('explicit');
      }
    },

    startRecovery(name) {
      const vault = requireVault(db);
      const runbook = storedRunbooks(vault).find((r) => r.name === name);
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
      const chains = chainSnapshots(plan);
      requireWithinPolicy(chains, readPolicy(db, vault.id).maxSnapshotAgeHours);
      const accounts = readAccounts(db, vault.id);
      const accountFor = (role: string) => accounts.find((a) => a.role === role)?.address;
      // Resolve every step on every chain before creating any draft: a runbook missing a parameter creates nothing.
      const planned = plan.map((p) => ({ title: p.title, description: plannedDescription(runbook, p, accountFor), snapshot: snapshotOn(p.chainId)! }));
      audit('recovery-started', {
        vault: vault.id,
        runbook: runbook.name,
        snapshot: chains[0]!.snapshot!.id,
        chains: chains.map((c) => `${c.snapshot!.chainId}:${c.snapshot!.id}`).join(','),
        steps: planned.length,
      });
      return planned.map(({ title, description, snapshot }) => drafts.create({ title: title.slice(0, 120), ...description }, { snapshotId: snapshot.id }));
    },

    history() {
      const vault = requireVault(db);
      return listDrills(db, vault.id).map((r) => {
        // A drill stored before runbooks had chains has no per-chain figures.
        const stored = JSON.parse(r.resultJson) as Omit<DrillResult, 'id' | 'chains'> & { chains?: DrillChainResult[] };
        return { id: r.id, ...stored, chains: stored.chains ?? [] };
      });
    },
  };
}

/** Runs a drill's steps: each timed and recorded; a refusal (AirlockError) fails that step with its sentence, anything else ends the drill. */
function stepRecorder(clock: Clock) {
  const steps: DrillStepResult[] = [];
  const reasons: string[] = [];
  const step = async (name: string, fn: () => unknown | Promise<unknown>): Promise<boolean> => {
    const begin = clock.now();
    try {
      const note = await fn();
      steps.push({ name, ms: clock.now() - begin, ok: true, ...(typeof note === 'string' ? { note } : {}) });
      return true;
    } catch (error) {
      if (!isAirlockError(error)) throw error;
      steps.push({ name, ms: clock.now() - begin, ok: false, reason: error.message });
      reasons.push(`${name}: ${error.message}`);
      return false;
    }
  };
  return { steps, reasons, step };
}

/** Every registered EVM account derives again from the unlocked seed, or the shares do not rebuild this vault's key. */
function requireDerivedAccounts(seed: Uint8Array, accounts: ReadonlyArray<{ path: string; address: string }>): void {
  for (const account of accounts) {
    const derived = deriveAccount(seed, account.path).address;
    if (derived !== parseAddress(account.address)) {
      throw new AirlockError('account-mismatch', `${account.path} derives ${derived}, but ${account.address} is registered: the shares do not rebuild this vault's key.`);
    }
  }
}

/** What the proof of control signs: the vault, the runbook, its first chain's snapshot and source, who took part, the outcome and the RTO. */
function proofStatement(p: {
  vault: VaultRecord;
  runbook: Runbook;
  at: number;
  nonce: string;
  drillId: number;
  challenge: string | null;
  chains: readonly ChainSnapshot[];
  participants: string[];
  failedShares: string[];
  rtoMs: number;
  reasons: readonly string[];
}) {
  const snapshot = p.chains[0]?.snapshot ?? null;
  return {
    vaultId: p.vault.id,
    vaultName: p.vault.name,
    date: new Date(p.at).toISOString(),
    runbook: p.runbook.name,
    snapshot: snapshot ? { chainId: snapshot.chainId, blockNumber: snapshot.blockNumber, merkleRoot: snapshot.merkleRoot } : null,
    nonce: p.nonce,
    drillId: p.drillId,
    challenge: p.challenge,
    snapshotSource: snapshot ? { blockHash: snapshot.blockHash, relayFingerprint: snapshot.relayFingerprint } : null,
    participants: p.participants,
    failedShares: p.failedShares,
    rto: { ms: p.rtoMs, targetMs: p.runbook.rtoMinutes * 60_000 },
    outcome: drillOutcome(p.reasons),
    // A runbook over several chains names every chain's snapshot in the proof (version 3), not only the first.
    ...(p.runbook.chains && p.chains.some((c) => c.snapshot) ? { chainSnapshots: chainSnapshotLines(p.chains) } : {}),
  };
}

/** Per chain: its snapshot, RPO and time to its last signature. A single-chain runbook with no snapshot at all has no chain to report. */
function chainResults(chains: readonly ChainSnapshot[], signedAfterMs: (chainId: string | null) => number | null): DrillChainResult[] {
  return chains.flatMap((c): DrillChainResult[] => {
    const chainId = c.snapshot?.chainId ?? c.chainId;
    if (chainId === null) return [];
    return [
      {
        chainId,
        snapshotId: c.snapshot?.id ?? null,
        blockNumber: c.snapshot?.blockNumber ?? null,
        blockHash: c.snapshot?.blockHash ?? null,
        rpoSeconds: c.snapshot?.ageSeconds ?? null,
        signedAfterMs: signedAfterMs(c.chainId),
      },
    ];
  });
}

/** A planned step's name in the drill report; a step of a multi-chain runbook names its chain. */
function stepName(planned: PlannedStep): string {
  return `step ${planned.index + 1}${planned.chainId === null ? '' : ` on chain ${planned.chainId}`}: ${planned.title}`;
}

/**
 * Every chain the runbook builds on needs a snapshot no older than the policy allows; one refusal names each chain
 * that falls short (a single-chain runbook's sentences name no chain).
 */
function requireWithinPolicy(chains: readonly ChainSnapshot[], maxAgeHours: number): void {
  const problems = chains.flatMap(({ chainId, snapshot }): Array<[string, string]> => {
    const of = chainId === null ? '' : ` of chain ${chainId}`;
    if (!snapshot) return [['drill-no-snapshot', `No relay snapshot${of} is imported, so the runbook cannot be built against the chain. Take one on the relay and import it first.`]];
    if (snapshot.ageSeconds <= maxAgeHours * 3600) return [];
    return [['drill-snapshot-expired', `The latest snapshot${of} is ${Math.floor(snapshot.ageSeconds / 3600)} h old; the policy accepts at most ${maxAgeHours} h. Take and import a fresh one.`]];
  });
  if (problems.length > 0) throw new AirlockError(problems[0]![0], problems.map(([, message]) => message).join(' '));
}

/** Each chain's snapshot by block number and hash, for the proof; chains without one are left to the drill's reasons. */
function chainSnapshotLines(chains: readonly ChainSnapshot[]): DrillChainSnapshot[] {
  return chains.flatMap((c) => (c.snapshot ? [{ chainId: c.snapshot.chainId, blockNumber: c.snapshot.blockNumber, blockHash: c.snapshot.blockHash }] : []));
}

/** The drill's result and its drill-completed audit entry, in one transaction; returns the drill's id (the one its proof names). */
function storeDrill(db: Db, vaultId: string, finishedAt: number, result: Omit<DrillResult, 'id'>, proofDrillId: number | null): number {
  return db
    .transaction(() => {
      if (proofDrillId !== null && nextDrillId(db) !== proofDrillId) {
        throw new AirlockError('internal', `Another drill was stored while this one ran, so its proof names drill ${proofDrillId} wrongly. Run this drill again, alone.`);
      }
      const drillId = insertDrill(db, vaultId, {
        ...(proofDrillId !== null ? { id: proofDrillId } : {}),
        runbook: result.runbook,
        startedAt: result.startedAt,
        finishedAt,
        passed: result.passed,
        rtoMs: result.rtoMs,
        rpoSeconds: result.rpoSeconds,
        resultJson: JSON.stringify(result),
      });
      appendAuditEntry(db, {
        at: finishedAt,
        actor: 'vault',
        action: 'drill-completed',
        details: {
          vault: vaultId,
          drill: drillId,
          runbook: result.runbook,
          passed: result.passed,
          rtoMs: result.rtoMs,
          rpoSeconds: result.rpoSeconds,
          stateRpoSeconds: result.stateRpoSeconds,
          reasons: result.reasons.join(' | ') || null,
        },
      });
      return drillId;
    })
    .immediate();
}

/** The sequence number of the newest audit entry (0 for none). */
function auditHead(db: Db): number {
  return readHead(db)?.count ?? 0;
}
