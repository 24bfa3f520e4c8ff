// The full drill, step by step: every participant's share, the quorum unlock, the derived addresses, the latest backup
// restored into a temporary vault, each runbook step built on its chain's snapshot and signed as a rehearsal (never
// broadcastable), the proof of control, lock. Each step is timed; the result (RTO from the first unlock, RPO per
// chain and of the vault's own state, reasons) is stored with its audit entry and sealed by a checkpoint.
import { bytesToHex } from '../../../shared/bytes';
import { drillOutcome, parseChallenge, type DrillChainSnapshot, type DrillProof } from '../../../shared/drill/proof';
import { isBitcoinStep, plannedDescription, runbookPlan, type PlannedStep, type Runbook } from '../../../shared/drill/runbooks';
import type { DrillPolicy } from '../../../shared/drill/coverage';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import { parseAddress } from '../../../shared/evm/address';
import { deriveAccount } from '../../../shared/evm/hd';
import type { Db } from '../../db/connection';
import { appendAuditEntry, readHead } from '../../db/audit';
import { insertDrill, nextDrillId, readPolicy } from '../../db/drills';
import { readAccounts, requireVault, type AccountRecord, type VaultRecord } from '../../db/vault';
import { recordAuditEntry } from '../audit';
import type { Clock } from '../deps';
import { chainSnapshots, requireWithinPolicy, snapshotOn, storedRunbooks, type ChainSnapshot } from './drill-plan';
import { presentShares, signProof } from './drill-steps';
import type { DrillChainResult, DrillDeps, DrillResult, DrillRunRequest, DrillStepResult } from './drills';

/** What one drill has found so far: its plan, its steps and reasons, and when each chain (and the proof) was signed. */
interface DrillRun {
  vault: VaultRecord;
  runbook: Runbook;
  challenge: string | null;
  policy: DrillPolicy;
  firstAudit: number;
  startedAt: number;
  /** The RTO starts as the first share begins to open, not with the drill's preparation (snapshots, backups). */
  firstUnlockAt: number;
  plan: PlannedStep[];
  chains: ChainSnapshot[];
  latestBackup: ReturnType<DrillDeps['backups']['latest']>;
  stateRpoSeconds: number | null;
  steps: DrillStepResult[];
  reasons: string[];
  step: (name: string, fn: () => unknown | Promise<unknown>) => Promise<boolean>;
  /** Per chain, when its last step was signed. */
  signedAt: Map<string | null, number>;
  /** The runbook's last signature (any chain), and the proof's: the RTO ends at the first, else at the second. */
  lastChainSignedAt: number | null;
  proofSignedAt: number | null;
  proof: DrillProof | null;
  proofDrillId: number | null;
}

export async function runDrill(deps: DrillDeps, request: DrillRunRequest): Promise<DrillResult> {
  const { db, unlock } = deps;
  const vault = requireVault(db);
  const runbook = storedRunbooks(deps, vault).find((r) => r.name === request.runbook);
  if (!runbook) {
    throw new AirlockError('runbook-unknown', `There is no runbook "${request.runbook.slice(0, 60)}". Known: ${storedRunbooks(deps, vault).map((r) => r.name).join(', ')}.`);
  }
  const run = beginDrill(deps, vault, runbook, request);
  try {
    const { failedShares, refusal } = await presentShares(request.holders, run.step, unlock);
    const unlocked = await run.step('quorum unlock', async () => {
      if (refusal) throw refusal;
      const progress = unlock.status().progress;
      if (!progress?.complete) throw new AirlockError('quorum-not-met', `The shares that opened do not make a quorum: ${progress?.summary ?? 'not enough shares'}.`);
      await unlock.complete({
        ...(request.slip39Passphrase !== undefined ? { slip39Passphrase: request.slip39Passphrase } : {}),
        ...(request.bip39Passphrase !== undefined ? { bip39Passphrase: request.bip39Passphrase } : {}),
      });
    });
    if (unlocked) await rehearse(deps, run, request, failedShares);
    run.steps.push({ name: 'lock', ms: 0, ok: true });
    return recordDrill(deps, run, request, failedShares);
  } finally {
    unlock.lock('explicit');
  }
}

/** The drill's start: audited, its plan and each chain's snapshot, the latest backup; then the RTO clock starts. */
function beginDrill(deps: DrillDeps, vault: VaultRecord, runbook: Runbook, request: DrillRunRequest): DrillRun {
  const { db, clock } = deps;
  const challenge = request.challenge === undefined ? null : parseChallenge(request.challenge);
  const policy = readPolicy(db, vault.id);
  const firstAudit = auditHead(db) + 1;
  const startedAt = clock.now();
  const recorder = stepRecorder(clock);
  recordAuditEntry(deps, 'vault', 'drill-started', { vault: vault.id, runbook: runbook.name, participants: request.holders.map((h) => h.name).join(', '), challenge });
  const plan = runbookPlan(runbook);
  const chains = chainSnapshots(deps.snapshots, plan.filter((p) => !isBitcoinStep(p.draft)));
  const latestBackup = deps.backups.latest();
  const stateRpoSeconds = latestBackup === null ? null : Math.max(0, Math.floor((startedAt - latestBackup.madeAt) / 1000));
  return {
    vault,
    runbook,
    challenge,
    policy,
    firstAudit,
    startedAt,
    plan,
    chains,
    latestBackup,
    stateRpoSeconds,
    ...recorder,
    signedAt: new Map(),
    lastChainSignedAt: null,
    proofSignedAt: null,
    proof: null,
    proofDrillId: null,
    firstUnlockAt: clock.now(),
  };
}

/** After the quorum unlock: the keys, the backup and the snapshots are checked, each runbook step rehearsed, the proof signed. */
async function rehearse(deps: DrillDeps, run: DrillRun, request: DrillRunRequest, failedShares: string[]): Promise<void> {
  const { db, unlock, bitcoin, backups } = deps;
  const accounts = readAccounts(db, run.vault.id);
  await run.step('derived addresses match', () =>
    unlock.withSeed((seed) => {
      requireDerivedAccounts(seed, accounts);
      bitcoin.checkAccounts(run.vault.id, seed);
    }),
  );
  // Restores are tested, not assumed: a backup that no longer opens fails the drill.
  await run.step('latest backup restores into a temporary vault', () => backups.rehearseRestore());
  // A Bitcoin step builds nothing on an EVM snapshot (its PSBT comes from the coordinator).
  if (run.chains.length > 0) await run.step('snapshot within policy', () => requireWithinPolicy(run.chains, run.policy.maxSnapshotAgeHours));
  for (const planned of run.plan) {
    const chainSnapshot = snapshotOn(deps.snapshots, planned.chainId);
    await run.step(stepName(planned), () => rehearseStep(deps, run, planned, chainSnapshot?.id ?? null, accounts));
  }
  // SECURITY(H-25): signed last, while still unlocked, so the proof carries the outcome and the audit head.
  await run.step('proof of control', () => signRunProof(deps, run, accounts, request, failedShares));
}

/** One runbook step as a rehearsal: a draft built on its chain's snapshot and signed (or a Bitcoin sweep signed in memory). */
function rehearseStep(deps: DrillDeps, run: DrillRun, planned: PlannedStep, snapshotId: number | null, accounts: readonly AccountRecord[]): void {
  const { clock, unlock, bitcoin, random, drafts } = deps;
  const description = plannedDescription(run.runbook, planned, (role) => accounts.find((a) => a.role === role)?.address);
  if (isBitcoinStep(description)) {
    // A Bitcoin sweep needs no EVM snapshot: a coin that does not exist is swept under the runbook's rule.
    unlock.withSeed((seed) => bitcoin.rehearseSweep(run.vault.id, description.outputsOnlyTo, seed, random.bytes(16)));
    run.lastChainSignedAt = clock.now();
    return;
  }
  if (snapshotId === null) throw new AirlockError('drill-no-snapshot', 'No snapshot to build this step against.');
  const draft = drafts.create({ title: `Drill: ${planned.title}`.slice(0, 120), ...description }, { purpose: 'rehearsal', snapshotId });
  // A rehearsal records what a real recovery would have had to acknowledge; nothing of it can be broadcast.
  drafts.sign(draft.id, { digest: draft.digest, acknowledge: draft.acknowledgementsRequired });
  run.lastChainSignedAt = clock.now();
  run.signedAt.set(planned.chainId, run.lastChainSignedAt);
}

/** The proof of control over the drill's statement (EIP-191, and BIP-322 for Bitcoin accounts), signed while unlocked. */
function signRunProof(deps: DrillDeps, run: DrillRun, accounts: readonly AccountRecord[], request: DrillRunRequest, failedShares: string[]): void {
  const { db, clock, random, unlock, bitcoin } = deps;
  const signer = accounts.find((a) => a.role === 'eoa-treasury') ?? accounts[0];
  if (!signer) throw new AirlockError('drill-no-account', 'The vault has no registered account to sign the proof of control with.');
  const at = clock.now();
  run.proofDrillId = nextDrillId(db);
  const statement = proofStatement({
    vault: run.vault,
    runbook: run.runbook,
    at,
    nonce: bytesToHex(random.bytes(16)),
    drillId: run.proofDrillId,
    challenge: run.challenge,
    chains: run.chains,
    participants: request.holders.map((h) => h.name),
    failedShares,
    // Signed after every chain: the RTO it states is the drill's RTO.
    rtoMs: (run.lastChainSignedAt ?? at) - run.firstUnlockAt,
    reasons: run.reasons,
  });
  run.proof = unlock.withSeed((seed) => {
    const evm = signProof(db, seed, signer, statement);
    const btc = bitcoin.proof(run.vault.id, evm.statement, seed);
    return btc ? { ...evm, bitcoin: btc } : evm;
  });
  run.proofSignedAt = at;
}

/** The drill's result, stored with its audit entry and sealed by a checkpoint while still unlocked. */
function recordDrill(deps: DrillDeps, run: DrillRun, request: DrillRunRequest, failedShares: string[]): DrillResult {
  const { db, clock, unlock } = deps;
  const rtoAt = (end: number) => end - run.firstUnlockAt;
  const { chains, runbook, latestBackup } = run;
  const snapshot = chains[0]?.snapshot ?? null;
  const result = {
    runbook: runbook.name,
    passed: run.reasons.length === 0,
    startedAt: run.startedAt,
    firstUnlockAt: run.firstUnlockAt,
    rtoMs: rtoAt(run.lastChainSignedAt ?? run.proofSignedAt ?? run.firstUnlockAt),
    rtoTargetMs: runbook.rtoMinutes * 60_000,
    rpoSeconds: chains.length === 0 || chains.some((c) => !c.snapshot) ? null : Math.max(...chains.map((c) => c.snapshot!.ageSeconds)),
    chains: chainResults(chains, (chainId) => {
      const signed = run.signedAt.get(chainId);
      return signed === undefined ? null : rtoAt(signed);
    }),
    stateRpoSeconds: run.stateRpoSeconds,
    latestBackup: latestBackup && { madeAt: latestBackup.madeAt, hash: latestBackup.hash, hashWords: latestBackup.hashWords, auditCount: latestBackup.auditCount },
    accounts: readAccounts(db, run.vault.id).map((a) => ({ path: a.path, address: a.address, label: a.label, role: a.role })),
    participants: request.holders.map((h) => h.name),
    failedShares,
    challenge: run.challenge,
    snapshot: snapshot && { chainId: snapshot.chainId, blockNumber: snapshot.blockNumber, blockHash: snapshot.blockHash, relayFingerprint: snapshot.relayFingerprint },
    steps: run.steps,
    reasons: run.reasons,
    proof: run.proof,
    snapshotId: snapshot?.id ?? null,
  };
  // The range ends with the drill-completed entry storeDrill writes.
  const recorded = { ...result, auditRange: { from: run.firstAudit, to: auditHead(db) + 1 } };
  const id = storeDrill(db, run.vault.id, clock.now(), recorded, run.proofDrillId);
  // SECURITY(H-25): the drill's own entry is sealed by a checkpoint before the vault locks.
  if (unlock.status().state === 'unlocked') unlock.checkpoint();
  return { id, ...recorded };
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
