// The relay's use cases over its database, for the app and the CLI alike: show its key, take a signed
// snapshot from given endpoints, broadcast a signed transaction, list the broadcast queue, collect Safe
// owner signatures until the threshold (./safe-signatures), remember its endpoints (./endpoints).
import { toHex } from '../../../shared/bytes';
import { parseSafeAirgapText } from '../../../shared/airgap/safe-signature';
import { AirlockError } from '../../../shared/errors';
import { parseAddress, type Address } from '../../../shared/evm/address';
import { parseSimulationRequestText } from '../../../shared/simulation/request';
import type { SignedSimulationReport } from '../../../shared/simulation/report';
import { decodeSignedTransaction } from '../../../shared/evm/tx';
import { findAdapter } from '../../../shared/snapshot/adapters';
import type { SignedSnapshot } from '../../../shared/snapshot/schema';
import { MAX_SNAPSHOT_SET_CHAINS, SNAPSHOT_SET_VERSION, type SnapshotSet } from '../../../shared/snapshot/set';
import type { AuditService } from '../audit';
import type { Db } from '../../db/connection';
import { listBroadcasts, readBroadcastEndpoints, type BroadcastStatus, type EndpointState } from '../../db/relay';
import type { Clock, Random } from '../deps';
import { broadcastTransaction, parseRawTransactionText, type BroadcastOutcome } from './broadcast';
import { sendSignedSet, type ChainOutcome } from './broadcast-set';
import { parseSignedSetText } from '../../../shared/relay/signed-set';
import { createRelayEndpointStore } from './endpoints';
import { relayIdentity, relayKeyView } from './identity';
import { collectSafeSignature, listSafeCollectionProgress, type SafeCollectionProgress, type SafeCollectOutcome } from './safe-signatures';
import { createRpcClient, DEFAULT_RPC_TIMEOUT_MS } from './rpc';
import { simulateDraft } from './simulation';
import { takeSnapshot } from './snapshot-taker';

export interface SnapshotOrder {
  endpoints: readonly string[];
  accounts: readonly string[];
  safes: readonly string[];
  tokens: readonly string[];
  /** "ADAPTER:CONTRACT" or an object. */
  positions: readonly { adapter: string; contract: string }[];
  timeoutMs?: number;
  /** One deadline for the whole snapshot (default DEFAULT_SNAPSHOT_DEADLINE_MS). */
  deadlineMs?: number;
  /** Hosts allowed although link-local or a cloud metadata address (an explicit choice). */
  allowHosts?: readonly string[];
}

/** One chain's part of a snapshot set: its own endpoints (named for that chain) and what to read there. */
export interface ChainSnapshotOrder extends SnapshotOrder {
  chainId: string;
}

export interface BroadcastRunOptions {
  timeoutMs?: number;
  receiptTimeoutMs?: number;
  resendAfterMs?: number;
  allowHosts?: readonly string[];
}

export interface BroadcastView {
  txHash: string;
  sender: string;
  nonce: string;
  chainId: string;
  status: BroadcastStatus;
  blockNumber: string | null;
  attempts: number;
  detail: string;
  raw: string;
  /** What each endpoint last said about it, and when. */
  endpoints: { endpoint: string; state: EndpointState; blockNumber: string | null; detail: string; checkedAt: number }[];
}

export interface RelayService {
  key(): { relayKey: string; fingerprint: string };
  snapshot(order: SnapshotOrder, onProgress?: (step: string) => void): Promise<SignedSnapshot>;
  /** `transaction`: the signed raw transaction as 0x hex or ur:bytes parts. */
  /** The snapshots of several chains in one go, each from its own chain's endpoints: one set for one transfer. */
  snapshotSet(orders: readonly ChainSnapshotOrder[], onProgress?: (step: string) => void): Promise<SnapshotSet>;
  broadcast(transaction: string, endpoints: readonly string[], options?: BroadcastRunOptions): Promise<BroadcastOutcome>;
  /**
   * A signed set (JSON or ur:airlock-signed-set parts): each item on its own chain's endpoints (chain id → URLs), a
   * transaction broadcast and followed, an owner signature collected; the outcome per chain. Never sends twice.
   */
  broadcastSet(text: string, endpoints: ReadonlyMap<string, readonly string[]>, options?: BroadcastRunOptions): Promise<ChainOutcome[]>;
  queue(): BroadcastView[];
  /** One Safe owner signature payload (JSON or ur:airlock-safe-signature), checked on chain and kept; the bundle once complete. */
  collectSafe(text: string, endpoints: readonly string[], options?: { timeoutMs?: number; allowHosts?: readonly string[] }): Promise<SafeCollectOutcome>;
  /** Every Safe signature collection kept, as of its last check (no network). */
  safeCollections(): SafeCollectionProgress[];
  /** Simulates a draft the vault showed unsigned (JSON or ur:airlock-simulation-request) on every endpoint; the signed report. */
  simulate(request: string, endpoints: readonly string[], options?: { timeoutMs?: number; deadlineMs?: number; allowHosts?: readonly string[] }): Promise<SignedSimulationReport>;
  /** The RPC endpoints saved for the next start, in order (the first is primary). */
  savedEndpoints(): string[];
  /** The same, each with the chain it serves (null until it was first used). */
  savedEndpointChains(): { url: string; chainId: string | null }[];
  /** Replaces the saved endpoints (checked, at most four; audited); returns them as stored. */
  saveEndpoints(urls: readonly string[]): string[];
}

export interface RelayDeps {
  db: Db;
  clock: Clock;
  random: Random;
  audit: AuditService;
  /** Who the audit entries name (the relay, or the CLI acting for it). */
  actor?: string;
}

type RpcOptions = { timeoutMs?: number | undefined; allowHosts?: readonly string[] | undefined };

/** The relay functions bound to their dependencies, for the bridge and the CLI. */
export function createRelayService(deps: RelayDeps): RelayService {
  const { db } = deps;
  const endpointStore = endpointStoreOf(deps);
  const service: RelayService = {
    key: () => relayKeyView(identityOf(deps)),
    snapshot: (order, onProgress) => takeRelaySnapshot(deps, order, onProgress),
    snapshotSet: (orders, onProgress) => takeRelaySnapshotSet(deps, orders, onProgress),
    broadcast: (transaction, endpoints, options) => broadcastSigned(deps, transaction, endpoints, options),
    broadcastSet: (text, endpoints, options) => broadcastSignedSet(deps, text, endpoints, options),
    queue: () => broadcastQueue(db),
    collectSafe: (text, endpoints, options) => collectSafeOwnerSignature(deps, text, endpoints, options),
    safeCollections: () => listSafeCollectionProgress(db),
    simulate: (text, endpoints, options) => simulateOnRelay(deps, text, endpoints, options),
    savedEndpoints: () => endpointStore.list(),
    savedEndpointChains: () => endpointStore.chains().map((e) => ({ url: e.url, chainId: e.chainId })),
    saveEndpoints: (urls) => endpointStore.save(urls),
  };
  return service;
}

const identityOf = ({ db, clock, random }: RelayDeps) => relayIdentity(db, { clock, random });
const endpointStoreOf = ({ db, clock, actor = 'relay' }: RelayDeps) => createRelayEndpointStore({ db, clock, actor });
const record = (deps: RelayDeps, action: string, details: Parameters<AuditService['record']>[2]) => deps.audit.record(deps.actor ?? 'relay', action, details);

/** Work for a known chain goes only to the endpoints of that chain (saved endpoints carry theirs): see ./endpoints. */
function routed(deps: RelayDeps, endpoints: readonly string[], options: RpcOptions, chainId: bigint | undefined) {
  if (endpoints.length === 0) throw new AirlockError('usage-invalid', 'Give at least one RPC endpoint (give two to cross-check them).');
  const connect = (url: string) => createRpcClient(url, { timeoutMs: options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS, allowHosts: options.allowHosts ?? [] });
  return endpointStoreOf(deps).route(endpoints, chainId, connect);
}

function clientsFor(deps: RelayDeps, endpoints: readonly string[], options: RpcOptions, chainId: bigint) {
  return routed(deps, endpoints, options, chainId).clients;
}

/** A snapshot of one chain, signed with the relay's key and audited. */
export async function takeRelaySnapshot(deps: RelayDeps, order: SnapshotOrder, onProgress?: (step: string) => void, setChainId?: bigint): Promise<SignedSnapshot> {
  const { clients, chainId } = routed(deps, order.endpoints, order, setChainId);
  const request = {
    accounts: addresses(order.accounts, 'account'),
    safes: addresses(order.safes, 'Safe'),
    tokens: addresses(order.tokens, 'token'),
    positions: order.positions.map((p) => ({ adapter: findAdapter(p.adapter).id, contract: addresses([p.contract], 'position contract')[0]! })),
  };
  const snapshot = await takeSnapshot({
    clients,
    request,
    relaySecretKey: identityOf(deps).secretKey,
    now: () => deps.clock.now(),
    ...(chainId !== undefined ? { chainId } : {}),
    ...(order.deadlineMs !== undefined ? { deadlineMs: order.deadlineMs } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  record(deps, 'relay-snapshot-taken', {
    chainId: snapshot.chainId,
    blockNumber: snapshot.blockNumber,
    merkleRoot: snapshot.merkleRoot,
    disagreements: snapshot.crossCheck.disagreements.length,
  });
  return snapshot;
}

/** Several chains' snapshots in parallel, each under its own deadline; the first chain that fails fails the set, named. */
export async function takeRelaySnapshotSet(deps: RelayDeps, orders: readonly ChainSnapshotOrder[], onProgress?: (step: string) => void): Promise<SnapshotSet> {
  const chainIds = checkSetOrders(orders);
  const taken = await Promise.allSettled(orders.map((order, i) => takeRelaySnapshot(deps, order, onProgress && ((step) => onProgress(`chain ${chainIds[i]}: ${step}`)), chainIds[i])));
  const failed = taken.findIndex((t) => t.status === 'rejected');
  if (failed !== -1) throw inChain((taken[failed] as PromiseRejectedResult).reason, chainIds[failed]!);
  const snapshots = taken.map((t) => (t as PromiseFulfilledResult<SignedSnapshot>).value);
  record(deps, 'relay-snapshot-set-taken', { chains: chainIds.join(','), blocks: snapshots.map((s) => s.blockNumber).join(',') });
  return { version: SNAPSHOT_SET_VERSION, snapshots };
}

/** A signed raw transaction broadcast on its chain's endpoints and followed to its receipt (never sent twice). */
export async function broadcastSigned(deps: RelayDeps, transaction: string, endpoints: readonly string[], options: BroadcastRunOptions = {}): Promise<BroadcastOutcome> {
  const raw = parseRawTransactionText(transaction);
  const clients = clientsFor(deps, endpoints, options, decodeSignedTransaction(raw).transaction.chainId);
  const outcome = await broadcastTransaction(raw, {
    db: deps.db,
    clients,
    now: () => deps.clock.now(),
    ...(options.receiptTimeoutMs !== undefined ? { receiptTimeoutMs: options.receiptTimeoutMs } : {}),
    ...(options.resendAfterMs !== undefined ? { resendAfterMs: options.resendAfterMs } : {}),
  });
  record(deps, 'relay-broadcast', { txHash: outcome.txHash, status: outcome.status, alreadyQueued: outcome.alreadyQueued });
  return outcome;
}

/** A signed set: each item on its own chain's endpoints, a transaction broadcast, an owner signature collected. */
export async function broadcastSignedSet(deps: RelayDeps, text: string, endpoints: ReadonlyMap<string, readonly string[]>, options: BroadcastRunOptions = {}): Promise<ChainOutcome[]> {
  const set = parseSignedSetText(text);
  const chains = await sendSignedSet(set, endpoints, {
    broadcast: (raw, urls) => broadcastSigned(deps, raw, urls, options),
    collect: (payload, urls) => collectSafeOwnerSignature(deps, payload, urls, options),
  });
  record(deps, 'relay-signed-set', { chains: chains.map((c) => `${c.chainId}:${c.ok ? 'ok' : 'not-ok'}`).join(','), items: set.items.length });
  return chains;
}

/** The broadcast queue as kept, with what each endpoint last said (no network). */
export function broadcastQueue(db: Db): BroadcastView[] {
  return listBroadcasts(db).map((b) => ({
    txHash: b.txHash,
    sender: b.sender,
    nonce: b.nonce,
    chainId: b.chainId,
    status: b.status,
    blockNumber: b.blockNumber,
    attempts: b.attempts,
    detail: b.detail,
    raw: toHex(b.raw),
    endpoints: readBroadcastEndpoints(db, b.txHash).map((e) => ({ endpoint: e.endpoint, state: e.state, blockNumber: e.blockNumber, detail: e.detail, checkedAt: e.checkedAt })),
  }));
}

/** One Safe owner signature, checked against the Safe's owners on chain and kept; the bundle once complete. */
export async function collectSafeOwnerSignature(deps: RelayDeps, text: string, endpoints: readonly string[], options: RpcOptions = {}): Promise<SafeCollectOutcome> {
  const payload = parseSafeAirgapText(text);
  if (payload.type !== 'signature') {
    throw new AirlockError('safe-payload-invalid', 'This is a signature bundle, which goes to the executing vault; the relay collects single owner signatures (airlock-safe-signature).');
  }
  const outcome = await collectSafeSignature(payload, { db: deps.db, clients: clientsFor(deps, endpoints, options, payload.chainId), now: () => deps.clock.now() });
  record(deps, 'relay-safe-signature-collected', {
    chainId: outcome.chainId,
    safe: outcome.safe,
    safeTxHash: outcome.safeTxHash,
    owner: outcome.owner,
    added: outcome.added,
    signers: outcome.signers.length,
    threshold: outcome.threshold,
  });
  return outcome;
}

/** A draft the vault showed unsigned, simulated on every endpoint; the report signed with the relay's key. */
export async function simulateOnRelay(deps: RelayDeps, text: string, endpoints: readonly string[], options: RpcOptions & { deadlineMs?: number } = {}): Promise<SignedSimulationReport> {
  const request = parseSimulationRequestText(text);
  const report = await simulateDraft({
    clients: clientsFor(deps, endpoints, options, request.chainId),
    request,
    relaySecretKey: identityOf(deps).secretKey,
    now: () => deps.clock.now(),
    random: (length) => deps.random.bytes(length),
    ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
  });
  record(deps, 'relay-simulation', {
    chainId: report.chainId,
    blockNumber: report.blockNumber,
    digest: report.digest,
    status: report.outcome.status,
    traced: report.traced,
    disagreements: report.crossCheck.disagreements.length,
  });
  return report;
}

/** The chain ids of a set's orders: 1 to MAX_SNAPSHOT_SET_CHAINS chains, each once. */
function checkSetOrders(orders: readonly ChainSnapshotOrder[]): bigint[] {
  if (orders.length === 0 || orders.length > MAX_SNAPSHOT_SET_CHAINS) {
    throw new AirlockError('usage-invalid', `A snapshot set covers 1 to ${MAX_SNAPSHOT_SET_CHAINS} chains, each with its own endpoints.`);
  }
  const ids = orders.map((order) => {
    if (!/^[1-9][0-9]{0,19}$/.test(order.chainId)) throw new AirlockError('usage-invalid', `"${order.chainId.slice(0, 24)}" is not a chain id (a whole number such as 1 or 10).`);
    return BigInt(order.chainId);
  });
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new AirlockError('usage-invalid', `Chain ${twice} is named twice; give each chain once, with all its endpoints.`);
  return ids;
}

/** A chain's failure in a set, its chain named first. */
function inChain(error: unknown, chainId: bigint): unknown {
  if (!(error instanceof AirlockError)) return error;
  return new AirlockError(error.code, `Chain ${chainId}: ${error.message} No snapshot set was made.`, { ...error.params, chainId: chainId.toString() });
}

function addresses(texts: readonly string[], what: string): Address[] {
  const out = texts.map((text) => {
    try {
      return parseAddress(text);
    } catch {
      throw new AirlockError('usage-invalid', `"${text.slice(0, 60)}" is not a valid ${what} address.`);
    }
  });
  return [...new Set(out)];
}
