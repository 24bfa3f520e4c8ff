// Runs one simulation on one endpoint and reads its effects: debug_traceCall with the call tracer (outcome, gas, logs,
// contracts created or destroyed) and the prestate tracer in diff mode (every balance and storage word that changed),
// with the state overrides a not-yet-signed Safe transaction needs. A node without debug_traceCall still answers
// eth_call: the outcome is then known, its effects are not (traced: false). Everything an endpoint answers is checked
// and capped before it becomes part of a report.
import { bytesToHex, hexToBytes, toHex } from '../../../shared/bytes';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import { toChecksumAddress, type Address } from '../../../shared/evm/address';
import { decodeEvent, decodeRevert } from '../../../shared/simulation/decode';
import { SIMULATION_LIMITS, type SimulationEffects } from '../../../shared/simulation/report';
import type { StateOverride } from '../../../shared/simulation/safe-overrides';
import { endpointText } from './endpoint-text';
import { dataBytes, quantity, type RpcClient } from './rpc';
import { BlockReader } from './snapshot-reader';
import { readSafeControl, type SafeControl, type StorageReader } from './snapshot-safes';

export interface SimulationCall {
  from: Address;
  to: Address | null;
  value?: string;
  data: string;
  gas: string;
}

export interface SimulationRun {
  blockTag: string;
  call: SimulationCall;
  stateOverride: StateOverride | null;
  /** The Safe executing the draft, with its control as read at the block (Safe drafts only). */
  safe: { address: Address; before: SafeControl } | null;
  /** Addresses that exist only in the simulation: left out of every effect. */
  artefacts: readonly Address[];
}

export type TracedEffects = SimulationEffects & { traced: boolean };

/** ERC-1967 slots: a proxy's implementation, beacon and admin. */
const PROXY_SLOTS: Readonly<Record<string, 'implementation' | 'beacon' | 'admin'>> = {
  '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc': 'implementation',
  '0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50': 'beacon',
  '0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103': 'admin',
};
const MAX_FRAMES = 20_000;
const MAX_DEPTH = 1024;

interface Frame {
  type: string;
  from: Address;
  to: Address | null;
  output: Uint8Array;
  error: string | null;
  gasUsed: bigint;
  logs: { address: Address; topics: Uint8Array[]; data: Uint8Array }[];
  calls: Frame[];
}

interface AccountState {
  balance: bigint | null;
  storage: Map<string, string>;
}

export async function traceSimulation(client: RpcClient, run: SimulationRun): Promise<TracedEffects> {
  const params = (tracer: Record<string, unknown>) => [callObject(run.call), run.blockTag, { ...tracer, ...(run.stateOverride ? { stateOverrides: run.stateOverride } : {}) }];
  let root: Frame;
  try {
    root = parseFrame(await client.call('debug_traceCall', params({ tracer: 'callTracer', tracerConfig: { withLog: true } })), client.label, { count: 0 }, 0);
  } catch (error) {
    if (isAirlockError(error) && error.code === 'rpc-error' && /not (found|supported|available)|does not exist|unknown method/i.test(String(error.params.rpcMessage ?? ''))) {
      return untraced(client, run);
    }
    throw error;
  }
  const outcome = outcomeOf(root);
  if (outcome.status === 'reverted') return { traced: true, outcome, ...noEffects() };
  const diff = parseDiff(await client.call('debug_traceCall', params({ tracer: 'prestateTracer', tracerConfig: { diffMode: true, disableCode: true } })), client.label);
  const skip = new Set(run.artefacts.map((a) => a.toLowerCase()));
  const logs = liveLogs(root).filter((log) => !skip.has(log.address.toLowerCase()));
  const decoded = logs.map((log) => ({ address: log.address, ...decodeEvent(log.topics, log.data) }));
  const safeTxHash = run.safe ? executedHash(decoded, run.safe.address) : null;
  return {
    traced: true,
    outcome: { ...outcome, safeTxHash },
    balanceChanges: [...nativeChanges(diff, skip), ...tokenChanges(decoded)].slice(0, SIMULATION_LIMITS.balances),
    approvals: approvals(decoded).slice(0, SIMULATION_LIMITS.approvals),
    safeChanges: run.safe ? await safeChanges(client, run, diff) : [],
    codeChanges: codeChanges(root, diff, skip).slice(0, SIMULATION_LIMITS.codeChanges),
    storageChanges: [...diff.post]
      .filter(([address, state]) => !skip.has(address.toLowerCase()) && state.storage.size > 0)
      .map(([address, state]) => ({ address, slots: String(state.storage.size) }))
      .slice(0, SIMULATION_LIMITS.storage),
    events: decoded.slice(0, SIMULATION_LIMITS.events).map((e) => ({ address: e.address, name: e.name, args: endpointText(e.args, SIMULATION_LIMITS.text) })),
  };
}

function callObject(call: SimulationCall): Record<string, string> {
  return { from: call.from, ...(call.to ? { to: call.to } : {}), ...(call.value ? { value: call.value } : {}), data: call.data, gas: call.gas };
}

function noEffects(): Omit<SimulationEffects, 'outcome'> {
  return { balanceChanges: [], approvals: [], safeChanges: [], codeChanges: [], storageChanges: [], events: [] };
}

/** eth_call only: whether it succeeds and what it returns or why it reverts. */
async function untraced(client: RpcClient, run: SimulationRun): Promise<TracedEffects> {
  const params = [callObject(run.call), run.blockTag, ...(run.stateOverride ? [run.stateOverride] : [])];
  try {
    const output = dataBytes(await client.call('eth_call', params), client.label, 'the simulated call\'s result');
    return { traced: false, outcome: { status: 'success', reason: null, gasUsed: '0', returnData: capped(output), safeTxHash: null }, ...noEffects() };
  } catch (error) {
    if (!isAirlockError(error) || error.code !== 'rpc-error') throw error;
    const reason = endpointText(String(error.params.rpcMessage ?? 'reverted').replace(/^execution reverted:?\s*/i, ''), 300) || 'no reason given';
    return { traced: false, outcome: { status: 'reverted', reason, gasUsed: '0', returnData: '0x', safeTxHash: null }, ...noEffects() };
  }
}

function outcomeOf(root: Frame): SimulationEffects['outcome'] {
  const base = { gasUsed: root.gasUsed.toString(), returnData: capped(root.output), safeTxHash: null };
  if (root.error === null) return { status: 'success', reason: null, ...base };
  const inner = deepestFailure(root);
  const own = root.output.length > 0 ? decodeRevert(root.output) : endpointText(root.error, 120);
  const why = inner && inner !== root ? `${own} (inside: ${inner.output.length > 0 ? decodeRevert(inner.output) : endpointText(inner.error ?? '', 120)} in a call to ${inner.to ?? 'a new contract'})` : own;
  return { status: 'reverted', reason: endpointText(why, SIMULATION_LIMITS.text), ...base };
}

/** The failed call nearest the cause: the deepest failed frame under a failed frame. */
function deepestFailure(frame: Frame): Frame | null {
  if (frame.error === null) return null;
  for (const child of frame.calls) {
    const deeper = deepestFailure(child);
    if (deeper) return deeper;
  }
  return frame;
}

/** Logs of frames that did not fail (a reverted call's logs never happen). */
function liveLogs(frame: Frame): Frame['logs'] {
  if (frame.error !== null) return [];
  return [...frame.logs, ...frame.calls.flatMap(liveLogs)];
}

function executedHash(events: { address: Address; name: string; values: Record<string, unknown> }[], safe: Address): string | null {
  const done = events.find((e) => e.name === 'ExecutionSuccess' && e.address.toLowerCase() === safe.toLowerCase());
  return done ? toHex(done.values.txHash as Uint8Array) : null;
}

function nativeChanges(diff: Diff, skip: ReadonlySet<string>): SimulationEffects['balanceChanges'] {
  const out: SimulationEffects['balanceChanges'] = [];
  for (const [address, post] of diff.post) {
    if (post.balance === null || skip.has(address.toLowerCase())) continue;
    const delta = post.balance - (diff.pre.get(address)?.balance ?? 0n);
    if (delta !== 0n) out.push({ address, asset: 'native', delta: delta.toString() });
  }
  return out;
}

type Decoded = { address: Address; name: string; values: Record<string, unknown> };

/** ERC-20 amounts (and ERC-721 tokens as one unit each), netted per holder and token. */
function tokenChanges(events: readonly Decoded[]): SimulationEffects['balanceChanges'] {
  const net = new Map<string, { address: Address; asset: Address; delta: bigint }>();
  const add = (holder: string, token: Address, amount: bigint) => {
    const entry = net.get(`${holder}|${token}`) ?? { address: holder as Address, asset: token, delta: 0n };
    entry.delta += amount;
    net.set(`${holder}|${token}`, entry);
  };
  for (const e of events) {
    if (e.name !== 'Transfer') continue;
    const amount = typeof e.values.value === 'bigint' ? e.values.value : 1n;
    add(String(e.values.from), e.address, -amount);
    add(String(e.values.to), e.address, amount);
  }
  return [...net.values()].filter((e) => e.delta !== 0n).map((e) => ({ address: e.address, asset: e.asset, delta: e.delta.toString() }));
}

function approvals(events: readonly Decoded[]): SimulationEffects['approvals'] {
  return events.flatMap((e) => {
    if (e.name === 'Approval') {
      const spender = String(e.values.spender ?? e.values.approved);
      const amount = typeof e.values.value === 'bigint' ? e.values.value.toString() : `token ${String(e.values.tokenId)}`;
      return [{ token: e.address, owner: String(e.values.owner), spender, amount }];
    }
    if (e.name === 'ApprovalForAll') return [{ token: e.address, owner: String(e.values.owner), spender: String(e.values.operator), amount: e.values.approved ? 'all' : 'none' }];
    return [];
  });
}

function codeChanges(root: Frame, diff: Diff, skip: ReadonlySet<string>): SimulationEffects['codeChanges'] {
  const out: SimulationEffects['codeChanges'] = [];
  const visit = (frame: Frame) => {
    if (frame.error !== null) return;
    if ((frame.type === 'CREATE' || frame.type === 'CREATE2') && frame.to) out.push({ address: frame.to, kind: 'created', before: 'no code', after: 'code' });
    if (frame.type === 'SELFDESTRUCT') out.push({ address: frame.from, kind: 'destroyed', before: 'code', after: `self-destructed, funds to ${frame.to ?? 'nobody'}` });
    frame.calls.forEach(visit);
  };
  visit(root);
  for (const [address, post] of diff.post) {
    if (skip.has(address.toLowerCase())) continue;
    for (const [slot, kind] of Object.entries(PROXY_SLOTS)) {
      const after = post.storage.get(slot);
      if (after === undefined) continue;
      out.push({ address, kind, before: wordAddress(diff.pre.get(address)?.storage.get(slot) ?? '0x0'), after: wordAddress(after) });
    }
  }
  return out;
}

/** The Safe's control before (read at the block) and after (the same storage with the simulation's writes laid over it). */
async function safeChanges(client: RpcClient, run: SimulationRun, diff: Diff): Promise<SimulationEffects['safeChanges']> {
  const { address, before } = run.safe!;
  const real = new BlockReader(client, run.blockTag);
  const written = diff.post.get(address)?.storage ?? new Map<string, string>();
  const after: StorageReader = {
    storage: async (account, slot) => {
      const over = account === address ? written.get(normalSlot(slot)) : undefined;
      return over !== undefined ? hexToBytes(over.slice(2).padStart(64, '0')) : real.storage(account, slot);
    },
  };
  let post: SafeControl | null = null;
  try {
    post = await readSafeControl(after, address);
  } catch (error) {
    if (!isAirlockError(error) || error.code !== 'snapshot-read-failed') throw error;
  }
  const fields = [
    ['owners', before.owners.join(', '), post ? post.owners.join(', ') : 'unreadable: the owner list in storage is broken'],
    ['threshold', before.threshold, post?.threshold ?? 'unreadable'],
    ['modules', before.modules.join(', '), post ? post.modules.join(', ') : 'unreadable: the module list in storage is broken'],
    ['guard', before.guard, post?.guard ?? 'unreadable'],
    ['fallbackHandler', before.fallbackHandler, post?.fallbackHandler ?? 'unreadable'],
    ['singleton', before.singleton, post?.singleton ?? 'unreadable'],
  ] as const;
  return fields.filter(([, was, now]) => was !== now).map(([field, was, now]) => ({ safe: address, field, before: endpointText(was, SIMULATION_LIMITS.text), after: endpointText(now, SIMULATION_LIMITS.text) }));
}

/** A storage slot as the diff keys it: 0x + 64 lower-case hex digits. */
function normalSlot(slot: string): string {
  return `0x${BigInt(slot === '0x' ? '0x0' : slot).toString(16).padStart(64, '0')}`;
}

function wordAddress(word: string): string {
  return toChecksumAddress(hexToBytes(word.slice(2).padStart(64, '0')).subarray(12));
}

function capped(bytes: Uint8Array): string {
  return toHex(bytes.subarray(0, SIMULATION_LIMITS.returnBytes));
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing what the tracers answer: every field checked, the tree bounded

function malformed(label: string, what: string): AirlockError {
  return new AirlockError('rpc-malformed', `The RPC endpoint ${label} answered debug_traceCall with ${what}. It is not a working Ethereum node.`);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function address(value: unknown, label: string): Address {
  const bytes = dataBytes(value, label, 'an address in a trace');
  if (bytes.length !== 20) throw malformed(label, 'an address that is not 20 bytes');
  return toChecksumAddress(bytes);
}

function parseFrame(value: unknown, label: string, seen: { count: number }, depth: number): Frame {
  if (!isRecord(value)) throw malformed(label, 'a call frame that is not an object');
  if (++seen.count > MAX_FRAMES || depth > MAX_DEPTH) throw malformed(label, `more than ${MAX_FRAMES} calls or deeper than ${MAX_DEPTH}`);
  const logs = Array.isArray(value.logs) ? value.logs : [];
  const calls = Array.isArray(value.calls) ? value.calls : [];
  return {
    type: typeof value.type === 'string' ? value.type.toUpperCase().slice(0, 20) : 'CALL',
    from: address(value.from, label),
    to: value.to === undefined || value.to === null ? null : address(value.to, label),
    output: value.output === undefined ? new Uint8Array(0) : dataBytes(value.output, label, 'a call\'s output'),
    error: typeof value.error === 'string' ? value.error.slice(0, 300) : null,
    gasUsed: quantity(value.gasUsed ?? '0x0', label, 'the gas used'),
    logs: logs.map((log) => {
      if (!isRecord(log) || !Array.isArray(log.topics) || log.topics.length > 4) throw malformed(label, 'a log that is not a log');
      return { address: address(log.address, label), topics: log.topics.map((t) => dataBytes(t, label, 'a log topic')), data: dataBytes(log.data ?? '0x', label, 'log data') };
    }),
    calls: calls.map((call) => parseFrame(call, label, seen, depth + 1)),
  };
}

interface Diff {
  pre: Map<Address, AccountState>;
  post: Map<Address, AccountState>;
}

function parseDiff(value: unknown, label: string): Diff {
  if (!isRecord(value) || !isRecord(value.pre) || !isRecord(value.post)) throw malformed(label, 'a state diff without pre and post');
  return { pre: accounts(value.pre, label), post: accounts(value.post, label) };
}

function accounts(value: Record<string, unknown>, label: string): Map<Address, AccountState> {
  const out = new Map<Address, AccountState>();
  for (const [key, state] of Object.entries(value)) {
    if (!isRecord(state)) throw malformed(label, 'an account state that is not an object');
    const storage = new Map<string, string>();
    if (isRecord(state.storage)) {
      for (const [slot, word] of Object.entries(state.storage)) {
        const bytes = dataBytes(word, label, 'a storage word');
        if (bytes.length > 32) throw malformed(label, 'a storage word longer than 32 bytes');
        storage.set(normalSlot(toHex(dataBytes(slot, label, 'a storage slot'))), `0x${bytesToHex(bytes).padStart(64, '0')}`);
      }
    }
    out.set(address(key, label), { balance: state.balance === undefined ? null : quantity(state.balance, label, 'a balance'), storage });
  }
  return out;
}

