// Risk review of what the vault may sign: the call tree (MultiSend batches decoded to the bottom) of a Safe
// transaction or an account's transaction, and its warnings, each raised through the one rules table (rules.ts),
// each a sentence a key holder can act on.
import { bytesToHex, toHex } from '../bytes';
import { isAirlockError } from '../errors';
import { decodeFunctionCall, functionSelector, type AbiValue } from '../evm/abi';
import type { Address } from '../evm/address';
import { decodeKnownCall } from '../evm/known-calls';
import { decodeMultiSend, isMultiSendCall, isTrustedDelegateCallTarget, safeDeploymentAt, type MultiSendCall, type SafeDeployment } from '../evm/multisend';
import { parseSafeVersion, ZERO_ADDRESS, type SafeTx, type SafeTxRequest } from '../evm/safe';

import { bySeverity, warning, type Warning, type WarningCode } from './rules';

export { bySeverity, type Severity, type Warning } from './rules';

/** What the vault knows besides the transaction: from the latest snapshot and the treasury's settings. */
export interface RiskContext {
  /** The chain the snapshot (and so the vault's view of this Safe) is for, or the chain a sign request declares. */
  chainId?: bigint;
  /** Where `chainId` comes from, for the chain-mismatch sentence ("the vault's snapshot of the Safe" unless given). */
  chainSource?: string;
  /** The Safe's current nonce from the snapshot. */
  safeNonce?: bigint;
  /** Addresses the treasury registered as its own or as known counterparties; every recipient must be one. */
  registeredAddresses?: readonly Address[];
  policy?: {
    /** Most the Safe may pay back as a gas refund (gasPrice × (safeTxGas + baseGas)), in wei or gas-token units. */
    maxGasRefund?: bigint;
  };
}

export type KnownCall = NonNullable<ReturnType<typeof decodeKnownCall>>;

/** One call in the tree: the Safe transaction itself at the root, batch members below it. */
export interface CallNode {
  /** "" for the Safe transaction, "3" for call 3 of its batch, "3.2" for call 2 of the batch in call 3. */
  path: string;
  operation: 0 | 1;
  to: Address;
  value: bigint;
  data: Uint8Array;
  /** The decoded function, or null (empty data, a function Airlock does not know, or malformed arguments). */
  method: KnownCall | null;
  /** Set when the selector names a known function but its arguments do not decode: suspicious, not merely unknown. */
  malformed: string | null;
  /** Set when `to` is a Safe library Airlock knows (MultiSendCallOnly, SignMessageLib, ...). */
  library: SafeDeployment | null;
  /** The decoded batch when this is a multiSend call; null otherwise. */
  calls: CallNode[] | null;
  /** Why a multiSend batch could not be decoded (then `calls` is null), or the nesting limit was reached. */
  batchProblem: 'invalid' | 'too-deep' | null;
}

/** Batches nested deeper than this are not decoded; the transaction is then flagged critical. */
export const MAX_BATCH_DEPTH = 4;

/** Decodes a call and, for multiSend, every call in its batch, recursively. Never throws on bad calldata. */
export function describeCall(call: MultiSendCall, path = ''): CallNode {
  const decoded = safeDecodeKnownCall(call.data);
  const node: CallNode = {
    path,
    operation: call.operation,
    to: call.to,
    value: call.value,
    data: call.data,
    method: decoded.method,
    malformed: decoded.problem,
    library: safeDeploymentAt(call.to) ?? null,
    calls: null,
    batchProblem: null,
  };
  if (!isMultiSendCall(call.data)) return node;
  const depth = path === '' ? 0 : path.split('.').length;
  if (depth >= MAX_BATCH_DEPTH) {
    node.batchProblem = 'too-deep';
    return node;
  }
  let batch: MultiSendCall[];
  try {
    batch = decodeMultiSend(call.data);
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    node.batchProblem = 'invalid';
    return node;
  }
  node.calls = batch.map((inner, i) => describeCall(inner, path === '' ? String(i + 1) : `${path}.${i + 1}`));
  return node;
}

/** Every warning for a Safe transaction, most severe first. An empty list means no rule fired, not that it is safe. */
export function analyzeSafeTx(ctx: RiskContext, request: SafeTxRequest): Warning[] {
  const { tx } = request;
  const warnings: Warning[] = [];
  const add: Add = (code, message) => warnings.push(warning(code, message));
  const version = typeof request.version === 'string' ? parseSafeVersion(request.version) : request.version;

  if (ctx.chainId !== undefined && ctx.chainId !== request.chainId) {
    add('chain-mismatch', `This transaction is hashed for chain ${request.chainId}, but ${ctx.chainSource ?? "the vault's snapshot of the Safe"} is for chain ${ctx.chainId}. Do not sign: the signature would be valid on chain ${request.chainId}.`);
  }
  if (version.legacyDomain) {
    add('legacy-domain-replayable', `Safes before 1.3.0 (this transaction hashes as Safe ${version.release}) do not put the chain id in what owners sign, so this signature would also be valid for a Safe at the same address on another chain with the same nonce.`);
  }
  if (ctx.safeNonce !== undefined && tx.nonce < ctx.safeNonce) {
    add('stale-nonce', `The transaction's nonce is ${tx.nonce}, but the Safe has already used every nonce below ${ctx.safeNonce}; it can never execute. Rebuild it with nonce ${ctx.safeNonce}.`);
  }
  warnings.push(...safeTxBodyWarnings(ctx, request.safe, tx));
  return bySeverity(warnings);
}

/** The warnings of the Safe transaction alone (gas refund, every call of the tree), not of its hash domain or nonce. */
function safeTxBodyWarnings(ctx: Pick<RiskContext, 'registeredAddresses' | 'policy'>, safe: Address, tx: SafeTx): Warning[] {
  const warnings: Warning[] = [];
  const add: Add = (code, message) => warnings.push(warning(code, message));
  gasRefundWarnings(ctx, { tx }, add);
  const root = describeCall({ operation: tx.operation, to: tx.to, value: tx.value, data: tx.data });
  warnings.push(...callTreeWarnings(ctx, root, safe));
  return warnings;
}

/**
 * Every call of the tree, and the Safe transaction any of them executes through a Safe's execTransaction (an
 * account's, or a Safe's that owns another Safe): whoever signs the execution makes that Safe transaction happen, so
 * it gets the same codes as when the Safe transaction itself is signed (the Bybit shape is no safer one level down).
 */
function callTreeWarnings(ctx: Pick<RiskContext, 'registeredAddresses' | 'policy'>, root: CallNode, own: Address | null): Warning[] {
  const warnings: Warning[] = [];
  const add: Add = (code, message) => warnings.push(warning(code, message));
  const registered = ctx.registeredAddresses ? new Set(ctx.registeredAddresses.map((a) => a.toLowerCase())) : null;
  walk(root, (node) => {
    callWarnings(node, own, registered, add);
    const executed = executedSafeTx(node);
    if (executed) warnings.push(...safeTxBodyWarnings(ctx, node.to, executed));
    // A DAO timelock's scheduled or executed payloads run later as calls from the timelock: reviewed as its calls.
    timelockCalls(node).forEach((call, i) => warnings.push(...callTreeWarnings(ctx, describeCall(call, String(i + 1)), node.to)));
  });
  return warnings;
}

const TIMELOCK_ONE = ['schedule(address,uint256,bytes,bytes32,bytes32,uint256)', 'execute(address,uint256,bytes,bytes32,bytes32)'];
const TIMELOCK_BATCH = ['scheduleBatch(address[],uint256[],bytes[],bytes32,bytes32,uint256)', 'executeBatch(address[],uint256[],bytes[],bytes32,bytes32)'];

/** The calls a well-formed TimelockController schedule/execute (batch or not) carries, as the timelock will make them. */
function timelockCalls(node: CallNode): MultiSendCall[] {
  const signature = node.method?.signature ?? '';
  const [targets, values, payloads] = node.method?.params.map((p) => p.value) ?? [];
  const call = (to: AbiValue | undefined, value: AbiValue | undefined, data: AbiValue | undefined): MultiSendCall => ({
    operation: 0,
    to: (typeof to === 'string' ? to : ZERO_ADDRESS) as Address,
    value: typeof value === 'bigint' ? value : 0n,
    data: data instanceof Uint8Array ? data : new Uint8Array(),
  });
  if (TIMELOCK_ONE.includes(signature)) return [call(targets, values, payloads)];
  if (!TIMELOCK_BATCH.includes(signature) || !Array.isArray(targets) || !Array.isArray(values) || !Array.isArray(payloads)) return [];
  return targets.map((to, i) => call(to, values[i], payloads[i]));
}

const EXEC_TRANSACTION = 'execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)';

/** The Safe transaction a well-formed execTransaction call runs (its nonce is the Safe's own, not in the calldata). */
function executedSafeTx(node: CallNode): SafeTx | null {
  if (node.method?.signature !== EXEC_TRANSACTION) return null;
  const [to, value, data, operation, safeTxGas, baseGas, gasPrice, gasToken, refundReceiver] = node.method.params.map((p) => p.value);
  const uint = (v: AbiValue | undefined) => (typeof v === 'bigint' ? v : 0n);
  const address = (v: AbiValue | undefined) => (typeof v === 'string' ? (v as Address) : ZERO_ADDRESS);
  return {
    to: address(to),
    value: uint(value),
    data: data instanceof Uint8Array ? data : new Uint8Array(),
    // Any operation but a plain call is reviewed as the delegatecall the Safe would make (or revert on).
    operation: operation === 0n ? 0 : 1,
    safeTxGas: uint(safeTxGas),
    baseGas: uint(baseGas),
    gasPrice: uint(gasPrice),
    gasToken: address(gasToken),
    refundReceiver: address(refundReceiver),
    nonce: 0n,
  };
}

type Add = (code: WarningCode, message: string) => void;

function gasRefundWarnings(ctx: Pick<RiskContext, 'policy'>, { tx }: Pick<SafeTxRequest, 'tx'>, add: Add): void {
  const reasons: string[] = [];
  if (tx.gasPrice !== 0n) reasons.push(`a gas price of ${tx.gasPrice}`);
  if (tx.gasToken !== ZERO_ADDRESS) reasons.push(`the gas token ${tx.gasToken}`);
  if (tx.refundReceiver !== ZERO_ADDRESS) reasons.push(`the refund receiver ${tx.refundReceiver}`);
  if (reasons.length > 0) {
    const payee = tx.refundReceiver !== ZERO_ADDRESS ? tx.refundReceiver : 'whoever executes it';
    const currency = tx.gasToken !== ZERO_ADDRESS ? `token ${tx.gasToken}` : 'the native coin';
    const effect =
      tx.gasPrice !== 0n
        ? `so the Safe pays a gas refund in ${currency} out of its own funds to ${payee}`
        : 'which pays no refund at a gas price of 0, but these fields are normally left at their defaults; ask why they are set';
    add('gas-refund-rerouting', `The transaction sets ${joinList(reasons)}, ${effect}. Recovery transactions leave gas price, gas token and refund receiver at zero.`);
  }
  const max = ctx.policy?.maxGasRefund;
  if (max === undefined || tx.gasPrice === 0n) return;
  if (tx.safeTxGas === 0n) {
    add('fee-above-policy', `With safeTxGas 0 the gas refund has no upper bound (gas used × ${tx.gasPrice}), so it cannot be held to the policy maximum of ${max}.`);
    return;
  }
  const bound = (tx.safeTxGas + tx.baseGas) * tx.gasPrice;
  if (bound > max) {
    add('fee-above-policy', `The Safe could pay a gas refund of up to ${bound} ((safeTxGas + baseGas) × gasPrice), above the policy maximum of ${max}.`);
  }
}

/** Visits the call and every call of its batches, in the order they execute. */
export function walk(node: CallNode, visit: (node: CallNode) => void): void {
  visit(node);
  for (const child of node.calls ?? []) walk(child, visit);
}

function where(node: CallNode): string {
  if (node.path === '') return 'The transaction';
  const parts = node.path.split('.');
  const [last] = parts.slice(-1);
  return parts.length === 1 ? `Call ${last} of the batch` : `Call ${last} of the batch inside call ${parts.slice(0, -1).join('.')}`;
}

/** `own`: the Safe or account that makes the call (never its own unregistered recipient); null when not known. */
function callWarnings(node: CallNode, own: Address | null, registered: Set<string> | null, add: Add): void {
  const at = where(node);
  if (node.operation === 1 && !isTrustedDelegateCallTarget(node.to)) {
    // SECURITY(H-23): the Bybit vector. A delegatecall runs the target's code with the Safe's storage and funds.
    add('untrusted-delegatecall', `${at} is a delegatecall to ${node.to}, which is not a Safe library Airlock trusts: that contract's code would run as the Safe and could replace its owners or singleton. Do not sign unless you have verified that code.`);
  }
  const selector = node.data.length >= 4 ? bytesToHex(node.data.subarray(0, 4)) : null;
  const sensitive = selector ? sensitiveSelectors().get(selector) : undefined;
  const named = node.method?.signature ?? (sensitive && sensitive.kind !== 'hash' ? sensitive.signature : null);
  if (node.operation === 1 && named && !isMultiSendCall(node.data)) {
    // SECURITY(H-23): a library is delegatecalled for its library function (multiSend). A delegatecall that carries an
    // ordinary call (transfer, approve, an owner change, changeMasterCopy…) is the Bybit disguise: the signer sees
    // "transfer 0 tokens" while the target's code rewrites the Safe. Never signed.
    add(
      'disguised-delegatecall',
      `${at} is a delegatecall to ${node.to} dressed as ${named}: the Safe would not call ${named.slice(0, named.indexOf('('))} on that contract, it would run that contract's code as itself. This is the shape of the Bybit theft. Nothing is signed.`,
    );
  }
  if (node.batchProblem === 'invalid') {
    add('multisend-invalid', `${at} is a multiSend whose batch cannot be decoded, so what it does cannot be shown. Do not sign it.`);
  }
  if (node.batchProblem === 'too-deep') {
    add('multisend-too-deep', `${at} is a multiSend nested more than ${MAX_BATCH_DEPTH} levels deep; Airlock does not decode it, so what it does cannot be shown. Do not sign it.`);
  }
  if (sensitive?.kind === 'hash') {
    // SECURITY(H-23): approveHash is an owner's approval of whatever Safe transaction hashes to those 32 bytes.
    add('opaque-hash', `${at} calls approveHash on ${node.to}: it approves, as a Safe owner, whatever Safe transaction hashes to ${toHex(node.data.subarray(4, 36))}, and no review can show what that is. Nothing is signed; sign the Safe transaction itself, as a draft or as typed data.`);
  }
  if (sensitive?.kind === 'owners') {
    add('owner-or-threshold-change', `${at} calls ${sensitive.name} on ${node.to === own ? 'this Safe' : node.to}: ${OWNER_CALL_EFFECTS[sensitive.name] ?? 'it changes who controls'} ${node.to === own ? 'the Safe' : 'that contract'}. ${OWNER_CALL_CHECKS[sensitive.name] ?? 'Check every owner address and the threshold against the runbook.'}`);
  } else if (sensitive?.kind === 'config') {
    add('safe-configuration-change', `${at} calls ${sensitive.name} on ${node.to === own ? 'this Safe' : node.to}: a module, guard, fallback handler or singleton can take full control of a Safe. Do not sign unless the runbook calls for exactly this.`);
  }
  if (node.malformed && !isMultiSendCall(node.data)) {
    add('malformed-call', `${at} to ${node.to} does not decode: ${node.malformed} Do not sign calldata that cannot be shown.`);
  } else if (node.data.length > 0 && !node.method && !isMultiSendCall(node.data) && !sensitive) {
    add('unknown-function', `${at} calls an unknown function (selector 0x${selector ?? bytesToHex(node.data)}) on ${node.to}; Airlock cannot show what it does. Confirm the calldata with its author before signing.`);
  }
  approvalWarnings(node, at, add);
  if (registered) recipientWarnings(node, at, own, registered, add);
}

function recipientWarnings(node: CallNode, at: string, own: Address | null, registered: Set<string>, add: Add): void {
  for (const [role, address] of recipients(node)) {
    const key = address.toLowerCase();
    if (key !== own?.toLowerCase() && !registered.has(key)) {
      add('recipient-not-registered', `${at} makes ${address} the ${role}, and that address is not registered with this treasury. Verify it out of band before signing.`);
    }
  }
}

/** The review of an account's transaction: its decoded call, the call tree (a multiSend too) and its warnings. */
export interface TransactionCallReview {
  call: KnownCall | null;
  /** null for a contract creation (no recipient). */
  root: CallNode | null;
  warnings: Warning[];
}

/**
 * Reviews the call an account's transaction makes (`to` null: a contract creation) with the same rules as a Safe
 * transaction's calls: malformed and unknown calls, approvals, owner and configuration changes, and, when the
 * treasury's registered addresses are given, every recipient. Most severe first. Never throws on bad calldata.
 */
export function analyzeTransactionCall(
  ctx: Pick<RiskContext, 'registeredAddresses' | 'policy'>,
  tx: { from: Address | null; to: Address | null; value: bigint; data: Uint8Array },
): TransactionCallReview {
  if (tx.to === null) {
    return { call: null, root: null, warnings: [warning('contract-creation', 'The transaction has no recipient: it deploys a new contract from its data. Recovery transactions never do this.')] };
  }
  const root = describeCall({ operation: 0, to: tx.to, value: tx.value, data: tx.data });
  return { call: root.method, root, warnings: bySeverity(callTreeWarnings(ctx, root, tx.from)) };
}

const UNLIMITED = 1n << 128n;

function approvalWarnings(node: CallNode, at: string, add: Add): void {
  const args = argsOf(node, 'approve(address,uint256)') ?? argsOf(node, 'increaseAllowance(address,uint256)');
  if (args && typeof args[1] === 'bigint' && args[1] >= UNLIMITED) {
    add('unlimited-approval', `${at} lets ${String(args[0])} spend an unlimited amount of the token at ${node.to}. Approve only the exact amount needed, or revoke instead.`);
  }
  const all = argsOf(node, 'setApprovalForAll(address,bool)');
  if (all && all[1] === true) {
    add('unlimited-approval', `${at} lets ${String(all[0])} move every token of the collection at ${node.to}.`);
  }
}

function recipients(node: CallNode): Array<[string, Address]> {
  const out: Array<[string, Address]> = [];
  if (node.value > 0n) out.push(['recipient of the native value', node.to]);
  const asAddress = (v: AbiValue | undefined) => (typeof v === 'string' ? (v as Address) : null);
  const push = (role: string, v: AbiValue | undefined) => {
    const a = asAddress(v);
    if (a) out.push([role, a]);
  };
  let args: AbiValue[] | null;
  if ((args = argsOf(node, 'transfer(address,uint256)'))) push('token recipient', args[0]);
  else if ((args = argsOf(node, 'transferFrom(address,address,uint256)'))) push('token recipient', args[1]);
  else if ((args = argsOf(node, 'approve(address,uint256)'))) push('token spender', args[0]);
  else if ((args = argsOf(node, 'increaseAllowance(address,uint256)'))) push('token spender', args[0]);
  else if ((args = argsOf(node, 'setApprovalForAll(address,bool)'))) push('operator of all tokens', args[0]);
  else if ((args = argsOf(node, 'addOwnerWithThreshold(address,uint256)'))) push('new Safe owner', args[0]);
  else if ((args = argsOf(node, 'swapOwner(address,address,address)'))) push('new Safe owner', args[2]);
  else if ((args = argsOf(node, 'grantRole(bytes32,address)'))) push('holder of a granted role', args[1]);
  return out;
}

/** The arguments when the node is a well-formed call of `signature` (reusing the known-call decoding), else null. */
function argsOf(node: CallNode, signature: string): AbiValue[] | null {
  if (node.method?.signature === signature) return node.method.params.map((p) => p.value);
  return node.method ? null : decodeIf(node.data, signature);
}

function decodeIf(data: Uint8Array, signature: string): AbiValue[] | null {
  const selector = selectorOf(signature);
  if (data.length < 4 || data[0] !== selector[0] || data[1] !== selector[1] || data[2] !== selector[2] || data[3] !== selector[3]) return null;
  try {
    return decodeFunctionCall(signature, data);
  } catch (error) {
    if (isAirlockError(error)) return null;
    throw error;
  }
}

function safeDecodeKnownCall(data: Uint8Array): { method: KnownCall | null; problem: string | null } {
  try {
    return { method: decodeKnownCall(data), problem: null };
  } catch (error) {
    if (isAirlockError(error)) return { method: null, problem: error.message };
    throw error;
  }
}

const SELECTORS = new Map<string, Uint8Array>();
function selectorOf(signature: string): Uint8Array {
  let s = SELECTORS.get(signature);
  if (!s) SELECTORS.set(signature, (s = functionSelector(signature)));
  return s;
}

// What each owner call changes, said exactly: swapOwner replaces one owner and leaves the threshold as it is.
const OWNER_CALL_EFFECTS: Readonly<Record<string, string>> = {
  addOwnerWithThreshold: 'it adds an owner to and sets the threshold of',
  removeOwner: 'it removes an owner from and sets the threshold of',
  swapOwner: 'it replaces one owner of',
  changeThreshold: 'it changes the threshold of',
};
const OWNER_CALL_CHECKS: Readonly<Record<string, string>> = {
  addOwnerWithThreshold: 'Check the new owner address and the new threshold against the runbook.',
  removeOwner: 'Check the removed owner and the new threshold against the runbook.',
  swapOwner: 'Check the old and the new owner address against the runbook; the threshold does not change.',
  changeThreshold: 'Check the new threshold against the runbook.',
};
const OWNER_FUNCTIONS = ['addOwnerWithThreshold(address,uint256)', 'removeOwner(address,address,uint256)', 'swapOwner(address,address,address)', 'changeThreshold(uint256)'];
// Functions that hand control of a Safe to code: the end state of the Bybit attack was a replaced singleton.
const CONFIG_FUNCTIONS = ['enableModule(address)', 'disableModule(address,address)', 'setGuard(address)', 'setModuleGuard(address)', 'setFallbackHandler(address)', 'changeMasterCopy(address)', 'setup(address[],uint256,address,bytes,address,address,uint256,address)'];
// An owner's on-chain approval of a bare safeTxHash: what it approves is not in the call.
const HASH_FUNCTIONS = ['approveHash(bytes32)'];

type Sensitive = { kind: 'owners' | 'config' | 'hash'; name: string; signature: string };
let sensitive: Map<string, Sensitive> | null = null;
function sensitiveSelectors(): Map<string, Sensitive> {
  if (!sensitive) {
    sensitive = new Map();
    const put = (kind: Sensitive['kind'], f: string) => sensitive!.set(bytesToHex(selectorOf(f)), { kind, name: f.slice(0, f.indexOf('(')), signature: f });
    OWNER_FUNCTIONS.forEach((f) => put('owners', f));
    CONFIG_FUNCTIONS.forEach((f) => put('config', f));
    HASH_FUNCTIONS.forEach((f) => put('hash', f));
  }
  return sensitive;
}

function joinList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
