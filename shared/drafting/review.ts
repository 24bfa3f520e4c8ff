// The review of a built draft, shown before anyone signs: exactly what is signed (digest and its fingerprint
// words), every call decoded (MultiSend batches too), and risk warnings from the one rules table, with which ones
// block or need an acknowledgement (rules.ts decides, policy.ts enforces).
import { fingerprintText } from '../airgap/fingerprint';
import type { Address } from '../evm/address';
import { formatUnits, nativeAmount, safeTxFromJson, safeTxJson, tokenEntry } from './actions';
import { fromHex, toHex } from '../bytes';
import type { BuiltDraft } from './draft';
import type { DraftContext, DraftInput } from './input';
import { knownCallJson } from '../evm/known-calls';
import { analyzeSafeTx, analyzeTransactionCall, describeCall, type CallNode } from './risk';
import { assess, bySeverity, warning, type Warning, type WarningCode } from './rules';
import { safeOwnershipChange } from './safe-owners';
import { isAirlockError } from '../errors';
import { decodeSafeSignatures, encodeSignatures, safeTxHashes, type SafeTx } from '../evm/safe';
import { signingHash, transactionJson, type Transaction } from '../evm/tx';
import { simulationJson, simulationWarnings, type SimulationEvidence } from '../simulation/intent';

export interface DraftReviewContext {
  /** The vault's own accounts and known counterparties: every recipient should be one of them. */
  registeredAddresses: readonly Address[];
  /** Now (ms since the epoch) and the oldest chain state the policy accepts: a draft on older state needs an acknowledgement. */
  freshness?: { now: number; maxSnapshotAgeSeconds: number };
  /** The relay's simulation of this draft as the vault has verified it (whether it is required comes from the draft's policy). */
  simulation?: Omit<SimulationEvidence, 'required'>;
}

export interface DraftReview {
  /** Exactly what is signed: the transaction's signing hash, or the safeTxHash. */
  digest: Uint8Array;
  /** Fingerprint words over the digest, shown on every screen that shows the draft. */
  fingerprint: string;
  warnings: Warning[];
  /** The warnings that forbid signing. */
  blocking: Warning[];
  /** Warning codes the signer must explicitly acknowledge before signing. */
  acknowledgementsRequired: WarningCode[];
  /** JSON-safe review for the CLI, the bridge and the UI. */
  json: Record<string, unknown>;
}

/** The fingerprint type of a draft digest (shared/airgap/fingerprint.ts): every vault shows the same words for one safeTxHash. */
export const DRAFT_FINGERPRINT_TYPE = 'airlock-draft-digest';

export function reviewDraft(built: BuiltDraft, input: DraftInput, ctx: DraftReviewContext): DraftReview {
  const context: DraftContext = input.context ?? {};
  const { digest, warnings, detail } = built.kind === 'eoa' ? reviewEoa(built, input, context, ctx) : reviewSafe(built, context, ctx);
  warnings.push(...balanceWarnings(built, context), ...freshnessWarnings(context, ctx));
  const simulation: SimulationEvidence = { report: null, relayFingerprint: null, problem: null, ...ctx.simulation, required: context.policy?.requireSimulation === true };
  warnings.push(...simulationWarnings(simulation, built, input.actions, context));
  const sorted = bySeverity(warnings);
  const { blocking, acknowledgementsRequired } = assess(sorted);
  const fingerprint = fingerprintText(DRAFT_FINGERPRINT_TYPE, digest);
  const json = {
    kind: built.kind,
    title: built.title,
    chainId: built.chainId.toString(),
    digest: toHex(digest),
    fingerprint,
    actions: built.actions.map((a) => ({ type: a.type, description: a.description, to: a.to, value: a.value.toString(), data: toHex(a.data) })),
    ...detail,
    ...(context.snapshot ? { snapshot: { ...context.snapshot, takenAt: context.snapshotAt ?? null } } : {}),
    simulation: simulationJson(simulation),
    warnings: sorted,
    blocking,
    acknowledgementsRequired,
  };
  return { digest, fingerprint, warnings: sorted, blocking, acknowledgementsRequired, json };
}

interface ReviewParts {
  digest: Uint8Array;
  warnings: Warning[];
  detail: Record<string, unknown>;
}

function reviewEoa(built: Extract<BuiltDraft, { kind: 'eoa' }>, input: DraftInput, context: DraftContext, ctx: DraftReviewContext): ReviewParts {
  const tx = built.transaction;
  // An execTransaction's Safe transaction (a safe-exec action, or a contract-call that is one) is reviewed in it too.
  const { call, root, warnings } = analyzeTransactionCall(riskContext(context, ctx), { from: built.from, to: tx.to, value: tx.value, data: tx.data });
  warnings.push(...chainWarnings(built.chainId, context));
  warnings.push(...nonceWarnings(tx.nonce, context, 'the account'));
  const feePerGas = tx.type === 'eip1559' ? tx.maxFeePerGas : tx.gasPrice;
  const maxFee = context.policy?.maxFeePerGas;
  if (maxFee !== undefined && feePerGas > BigInt(maxFee)) {
    warnings.push(
      warning(
        'fee-above-policy',
        `The transaction offers up to ${feePerGas} wei per gas (${tx.type === 'eip1559' ? 'max fee' : 'gas price'}), above the policy maximum of ${maxFee} wei. Lower the fee, or change the policy if the network really is this busy.`,
      ),
    );
  }
  const detail: Record<string, unknown> = {
    from: built.from,
    transaction: transactionJson(tx),
    call: knownCallJson(call),
    calls: root ? callTreeJson(root, built.chainId, context.tokens) : null,
    signingHash: toHex(signingHash(tx)),
    maxGasCost: maxGasCost(tx).toString(),
  };
  const exec = input.actions[0]?.type === 'safe-exec' ? input.actions[0] : null;
  if (exec) {
    const safeTx = safeTxFromJson(exec.safeTx);
    const check = checkExecSignatures(exec, safeTx, built.chainId);
    warnings.push(...check.warnings);
    const calls = describeCall(safeTx);
    // The owners and threshold the execution names (its signatures are checked against them) are the "before".
    const ownership = exec.owners && exec.threshold !== undefined ? safeOwnershipChange(calls, exec.safe, exec.owners, exec.threshold) : null;
    detail.safeExec = { safe: exec.safe, safeTx: safeTxJson(safeTx), ...check.detail, calls: callTreeJson(calls, built.chainId, context.tokens), ownership: ownership && { basis: 'draft', ...ownership } };
  }
  return { digest: signingHash(tx), warnings, detail };
}

function reviewSafe(built: Extract<BuiltDraft, { kind: 'safe' }>, context: DraftContext, ctx: DraftReviewContext): ReviewParts {
  const { request } = built;
  const hashes = safeTxHashes(request);
  const warnings = analyzeSafeTx(
    { ...riskContext(context, ctx), ...(context.chainId !== undefined ? { chainId: BigInt(context.chainId) } : {}), ...(context.nonce !== undefined ? { safeNonce: BigInt(context.nonce) } : {}) },
    request,
  );
  warnings.push(...nonceWarnings(request.tx.nonce, context, 'the Safe').filter((w) => w.code !== 'stale-nonce'));
  warnings.push(...ownerWarnings(built, context));
  const root = describeCall(request.tx);
  const detail = {
    safe: built.safe,
    version: built.version,
    owners: built.owners,
    threshold: built.threshold,
    safeTx: safeTxJson(request.tx),
    domainHash: toHex(hashes.domainHash),
    messageHash: toHex(hashes.messageHash),
    safeTxHash: toHex(hashes.safeTxHash),
    calls: callTreeJson(root, built.chainId, context.tokens),
    ownership: ownershipJson(root, built, context),
  };
  return { digest: hashes.safeTxHash, warnings, detail };
}

/**
 * Owners and threshold before → after the transaction's owner calls, from the snapshot's owners and threshold (the
 * draft's own when no snapshot gives them; a difference between the two blocks signing anyway); null without owner calls.
 */
function ownershipJson(root: CallNode, built: Extract<BuiltDraft, { kind: 'safe' }>, context: DraftContext): Record<string, unknown> | null {
  const fromSnapshot = context.safeOwners !== undefined && context.safeThreshold !== undefined;
  const owners = fromSnapshot ? context.safeOwners! : built.owners;
  const change = safeOwnershipChange(root, built.safe, owners, fromSnapshot ? context.safeThreshold! : built.threshold);
  return change && { basis: fromSnapshot ? 'snapshot' : 'draft', ...change };
}

type SafeExecAction = Extract<DraftInput['actions'][number], { type: 'safe-exec' }>;

/**
 * With the Safe's version, owners and threshold, a safe-exec's signatures are checked offline exactly as
 * checkSignatures will: each recovers to a current owner over the recomputed safeTxHash, no owner twice, at
 * least the threshold, in ascending owner order. Without them, the review says plainly that it could not check.
 */
function checkExecSignatures(exec: SafeExecAction, safeTx: SafeTx, chainId: bigint): { warnings: Warning[]; detail: Record<string, unknown> } {
  if (exec.version === undefined || exec.owners === undefined || exec.threshold === undefined) {
    return {
      warnings: [
        warning('safe-signatures-unchecked', 'The Safe version, owners and threshold were not given, so the owner signatures were not checked here; the Safe will reject them on chain if they are wrong, after the fee is spent.'),
      ],
      detail: {},
    };
  }
  const hashes = safeTxHashes({ chainId, safe: exec.safe, version: exec.version, tx: safeTx });
  const given = fromHex(exec.signatures);
  try {
    const signatures = decodeSafeSignatures(hashes.safeTxHash, given);
    const joined = encodeSignatures({ safeTxHash: hashes.safeTxHash, owners: exec.owners, threshold: exec.threshold, signatures });
    const detail = { safeTxHash: toHex(hashes.safeTxHash), domainHash: toHex(hashes.domainHash), signers: signatures.map((s) => s.owner) };
    if (toHex(joined) !== toHex(given)) {
      return {
        warnings: [warning('safe-signatures-invalid', 'The owner signatures are valid but not in ascending owner order, so the Safe would reject them. Combine them again (airlock safe combine).')],
        detail,
      };
    }
    return { warnings: [], detail };
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    return {
      warnings: [warning('safe-signatures-invalid', `The Safe would reject this execution: ${error.message}`)],
      detail: { safeTxHash: toHex(hashes.safeTxHash), domainHash: toHex(hashes.domainHash) },
    };
  }
}

/**
 * The Safe's owners and threshold as the draft assumes them must be the snapshot's: owner changes compute
 * prevOwner from this order, and a different owner list means the Safe changed since (or the input is wrong).
 */
function ownerWarnings(built: Extract<BuiltDraft, { kind: 'safe' }>, context: DraftContext): Warning[] {
  const out: Warning[] = [];
  if (context.safeOwners !== undefined) {
    const assumed = built.owners.map((o) => o.toLowerCase()).join(',');
    const actual = context.safeOwners.map((o) => o.toLowerCase()).join(',');
    if (assumed !== actual) {
      out.push(warning('safe-owners-differ', `The draft assumes the owners ${built.owners.join(', ')}, but the snapshot shows ${context.safeOwners.join(', ') || 'none'} (in that order). Build the draft again from the latest snapshot.`));
    }
  }
  if (context.safeThreshold !== undefined && context.safeThreshold !== built.threshold) {
    out.push(warning('safe-owners-differ', `The draft assumes a threshold of ${built.threshold}, but the snapshot shows ${context.safeThreshold}. Build the draft again from the latest snapshot.`));
  }
  return out;
}

function riskContext(context: DraftContext, ctx: DraftReviewContext) {
  const maxGasRefund = context.policy?.maxGasRefund;
  return { registeredAddresses: ctx.registeredAddresses, ...(maxGasRefund !== undefined ? { policy: { maxGasRefund: BigInt(maxGasRefund) } } : {}) };
}

function chainWarnings(chainId: bigint, context: DraftContext): Warning[] {
  if (context.chainId === undefined || BigInt(context.chainId) === chainId) return [];
  return [
    warning('chain-mismatch', `This transaction is for chain ${chainId}, but the vault's snapshot of the account is for chain ${context.chainId}. Nothing is signed: a signature is valid on the chain it names.`),
  ];
}

function nonceWarnings(nonce: bigint, context: DraftContext, who: string): Warning[] {
  if (context.nonce === undefined) return [];
  const current = BigInt(context.nonce);
  if (nonce < current) {
    return [warning('stale-nonce', `The transaction's nonce is ${nonce}, but ${who} has already used every nonce below ${current}; it can never execute. Rebuild it with nonce ${current}.`)];
  }
  if (nonce > current) {
    return [warning('nonce-gap', `The transaction's nonce is ${nonce}, but ${who}'s next nonce is ${current}: it executes only after nonces ${current} to ${nonce - 1n} have been used.`)];
  }
  return [];
}

/** value-above-balance: native value (plus the most an EOA's gas can cost) and token amounts against the snapshot's balances. */
function balanceWarnings(built: BuiltDraft, context: DraftContext): Warning[] {
  const warnings: Warning[] = [];
  const who = built.kind === 'eoa' ? built.from : built.safe;
  if (context.balance !== undefined) {
    const balance = BigInt(context.balance);
    const value = built.actions.reduce((sum, a) => sum + a.value, 0n);
    const gas = built.kind === 'eoa' ? maxGasCost(built.transaction) : 0n;
    if (value + gas > balance) {
      const needs = gas > 0n ? `${nativeAmount(value, built.chainId)} plus up to ${nativeAmount(gas, built.chainId)} of gas` : nativeAmount(value, built.chainId);
      warnings.push(warning('value-above-balance', `The draft sends ${needs}, but ${who} holds ${nativeAmount(balance, built.chainId)} in the snapshot. Nothing is signed: lower the amount.`));
    }
  }
  const byToken = new Map<string, { token: Address; amount: bigint }>();
  for (const action of built.actions) {
    const method = describeCall({ operation: 0, to: action.to, value: action.value, data: action.data }).method;
    if (method?.signature !== 'transfer(address,uint256)') continue;
    const entry = byToken.get(action.to) ?? { token: action.to, amount: 0n };
    entry.amount += method.params[1]!.value as bigint;
    byToken.set(action.to, entry);
  }
  for (const { token, amount } of byToken.values()) {
    const held = tokenEntry(context.tokenBalances, token);
    if (held !== undefined && amount > BigInt(held)) {
      warnings.push(warning('value-above-balance', `The draft transfers ${tokenUnits(amount, token, context)} of ${token}, but ${who} holds ${tokenUnits(BigInt(held), token, context)} in the snapshot. Nothing is signed: lower the amount.`));
    }
  }
  return warnings;
}

function maxGasCost(tx: Transaction): bigint {
  return tx.gasLimit * (tx.type === 'eip1559' ? tx.maxFeePerGas : tx.gasPrice);
}

function tokenUnits(raw: bigint, token: Address, context: DraftContext): string {
  const meta = tokenEntry(context.tokens, token);
  return meta ? `${formatUnits(raw, meta.decimals)} ${meta.symbol}` : `${raw} raw units`;
}

/** snapshot-stale: the chain state came from a snapshot older than the policy accepts (checked on every review, so a draft ages). */
function freshnessWarnings(context: DraftContext, ctx: DraftReviewContext): Warning[] {
  if (!ctx.freshness || context.snapshotAt === undefined) return [];
  const takenAt = Date.parse(context.snapshotAt);
  if (Number.isNaN(takenAt)) return [];
  const ageSeconds = Math.floor((ctx.freshness.now - takenAt) / 1000);
  if (ageSeconds <= ctx.freshness.maxSnapshotAgeSeconds) return [];
  const hours = (s: number) => `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return [
    warning(
      'snapshot-stale',
      `The chain state this draft was checked against was taken ${hours(ageSeconds)} ago (${context.snapshotAt}); the policy accepts at most ${hours(ctx.freshness.maxSnapshotAgeSeconds)}. Nonces, balances or Safe owners may have changed: take a fresh snapshot and build again, or acknowledge.`,
    ),
  ];
}

const TOKEN_AMOUNT_FUNCTIONS = new Set(['transfer(address,uint256)', 'approve(address,uint256)', 'transferFrom(address,address,uint256)', 'increaseAllowance(address,uint256)']);

/** One call and its batch as JSON: decoded method, native value and token amounts in units with symbols when known. */
export function callTreeJson(node: CallNode, chainId: bigint, tokens: DraftContext['tokens']): Record<string, unknown> {
  const meta = tokenEntry(tokens, node.to);
  let token: Record<string, unknown> | null = null;
  if (node.method && TOKEN_AMOUNT_FUNCTIONS.has(node.method.signature)) {
    const raw = node.method.params[node.method.params.length - 1]!.value as bigint;
    token = { address: node.to, amount: raw.toString(), units: meta ? formatUnits(raw, meta.decimals) : null, symbol: meta?.symbol ?? null };
  }
  return {
    path: node.path,
    operation: node.operation === 1 ? 'delegatecall' : 'call',
    to: node.to,
    value: node.value.toString(),
    valueText: nativeAmount(node.value, chainId),
    data: toHex(node.data),
    method: knownCallJson(node.method),
    malformed: node.malformed,
    library: node.library ? `${node.library.contract} ${node.library.version}` : null,
    token,
    calls: node.calls ? node.calls.map((c) => callTreeJson(c, chainId, tokens)) : null,
    batchProblem: node.batchProblem,
  };
}
