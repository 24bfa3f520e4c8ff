// Recovery-transaction drafts: from a parsed description (input.ts) to the exact EOA transaction or
// Safe transaction to sign: one action per EOA transaction, several Safe actions batched via MultiSendCallOnly.
import { AirlockError, isAirlockError } from '../errors';
import type { Address } from '../evm/address';
import { buildAction, type ActionEnv, type ActionSummary } from './actions';
import { draftInvalid, type DraftInput } from './input';
import { encodeMultiSend, SAFE_DEPLOYMENTS } from '../evm/multisend';
import { parseSafeVersion, ZERO_ADDRESS, type SafeTx, type SafeTxRequest } from '../evm/safe';
import { buildTransaction, type Transaction } from '../evm/tx';

export { draftInputSchema, parseDraftInput, ACTION_FIELDS, ACTION_TYPES, type ActionType, type DescribedAction, type DraftDescription, type DraftInput, type DraftAction, type DraftContext, type DraftExecutor } from './input';
export type { ActionSummary } from './actions';

export type BuiltDraft =
  | { kind: 'eoa'; title: string; chainId: bigint; from: Address; transaction: Transaction; actions: ActionSummary[] }
  | {
      kind: 'safe';
      title: string;
      chainId: bigint;
      safe: Address;
      version: string;
      owners: Address[];
      threshold: number;
      request: SafeTxRequest;
      actions: ActionSummary[];
    };

/** A plain native transfer (no data) costs exactly this much gas; anything else needs an explicit gas limit. */
const TRANSFER_GAS = 21_000n;
const MAX_TITLE = 120;

/** Builds the transaction a draft describes. Throws AirlockError with a sentence naming the field at fault. */
export function buildDraft(input: DraftInput): BuiltDraft {
  const chainId = BigInt(input.chainId);
  if (chainId === 0n) throw draftInvalid('In the draft description, chainId must not be 0: a signature for chain 0 could be replayed on any chain.');
  const context = input.context ?? {};
  return input.executor.kind === 'eoa' ? buildEoa(input, chainId, context) : buildSafe(input, chainId, context);
}

function buildEoa(input: DraftInput, chainId: bigint, context: ActionEnv['context']): BuiltDraft {
  const executor = input.executor;
  if (executor.kind !== 'eoa') throw new TypeError('expected an EOA executor');
  if (input.actions.length !== 1) {
    throw draftInvalid(`In the draft description, actions has ${input.actions.length} entries, but an EOA executor sends exactly one transaction: one action. Use one draft per action, or a Safe executor to batch.`);
  }
  const [action] = input.actions as [DraftInput['actions'][number]];
  const plainTransfer = action.type === 'native-sweep' || action.type === 'native-transfer';
  const gasLimit = executor.gasLimit !== undefined ? BigInt(executor.gasLimit) : plainTransfer ? TRANSFER_GAS : null;
  const feePerGas = BigInt(executor.maxFeePerGas ?? executor.gasPrice ?? '0');
  const summary = buildAction(action, 0, { executor: 'eoa', chainId, context, owners: [], maxGasCost: (gasLimit ?? 0n) * feePerGas });
  if (gasLimit === null) {
    throw draftInvalid(`In the draft description, executor.gasLimit is missing: only a plain native transfer has a known gas cost (21000); a ${action.type} needs an estimate from the relay or the runbook.`);
  }
  const common = { chainId, nonce: BigInt(executor.nonce), gasLimit, to: summary.to, value: summary.value, data: summary.data };
  let transaction: Transaction;
  try {
    transaction =
      executor.gasPrice !== undefined
        ? buildTransaction({ type: 'legacy', ...common, gasPrice: BigInt(executor.gasPrice) })
        : buildTransaction({ type: 'eip1559', ...common, maxFeePerGas: feePerGas, maxPriorityFeePerGas: BigInt(executor.maxPriorityFeePerGas ?? '0') });
  } catch (error) {
    if (isAirlockError(error)) throw new AirlockError(error.code, `In the draft description, the executor's transaction is not valid: ${error.message}`, error.params);
    throw error;
  }
  return { kind: 'eoa', title: title(input, [summary]), chainId, from: executor.from, transaction, actions: [summary] };
}

function buildSafe(input: DraftInput, chainId: bigint, context: ActionEnv['context']): BuiltDraft {
  const executor = input.executor;
  if (executor.kind !== 'safe') throw new TypeError('expected a Safe executor');
  let release: string;
  try {
    release = parseSafeVersion(executor.version).release;
  } catch (error) {
    if (isAirlockError(error)) throw draftInvalid(`In the draft description, executor.version: ${error.message}`);
    throw error;
  }
  const owners = [...executor.owners];
  const seen = new Set<string>();
  for (const owner of owners) {
    if (seen.has(owner)) throw draftInvalid(`In the draft description, executor.owners lists ${owner} twice; copy the list from the Safe's getOwners().`);
    seen.add(owner);
  }
  if (executor.threshold > owners.length) {
    throw draftInvalid(`In the draft description, executor.threshold is ${executor.threshold}, more than the ${owners.length} owners listed in executor.owners.`);
  }
  const env: ActionEnv = { executor: 'safe', chainId, context, safe: executor.safe, owners: [...owners] };
  const actions = input.actions.map((action, i) => buildAction(action, i, env));
  const nonce = BigInt(executor.nonce);
  const defaults = { safeTxGas: 0n, baseGas: 0n, gasPrice: 0n, gasToken: ZERO_ADDRESS, refundReceiver: ZERO_ADDRESS, nonce };
  let tx: SafeTx;
  if (actions.length === 1) {
    const [only] = actions as [ActionSummary];
    tx = { to: only.to, value: only.value, data: only.data, operation: 0, ...defaults };
  } else {
    const batch = actions.map((a) => ({ operation: 0 as const, to: a.to, value: a.value, data: a.data }));
    tx = { to: executor.multiSendCallOnly ?? canonicalMultiSendCallOnly(release), value: 0n, data: encodeMultiSend(batch), operation: 1, ...defaults };
  }
  return {
    kind: 'safe',
    title: title(input, actions),
    chainId,
    safe: executor.safe,
    version: release,
    owners,
    threshold: executor.threshold,
    request: { chainId, safe: executor.safe, version: release, tx },
    actions,
  };
}

/** The MultiSendCallOnly the Safe's own release deployed through the singleton factory. */
export function canonicalMultiSendCallOnly(release: string): Address {
  const deployment = SAFE_DEPLOYMENTS.find((d) => d.contract === 'MultiSendCallOnly' && d.version === release && d.variant === 'canonical');
  if (!deployment) {
    const known = [...new Set(SAFE_DEPLOYMENTS.filter((d) => d.contract === 'MultiSendCallOnly').map((d) => d.version))].join(', ');
    throw draftInvalid(`In the draft description, executor.multiSendCallOnly is needed to batch actions: Safe ${release} has no canonical MultiSendCallOnly Airlock knows (it knows ${known}). Give the address the Safe app uses on this chain.`);
  }
  return deployment.address;
}

function title(input: DraftInput, actions: readonly ActionSummary[]): string {
  if (input.title !== undefined && input.title.trim() !== '') return input.title.trim();
  const first = actions[0]!.description;
  const text = actions.length === 1 ? first : `${actions.length} actions: ${first}; …`;
  return text.length <= MAX_TITLE ? text : `${text.slice(0, MAX_TITLE - 1)}…`;
}
