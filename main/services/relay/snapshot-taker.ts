// Takes a signed chain snapshot: limits checked before any request, every read pinned to one block and bounded
// by one deadline, the same state read from every endpoint and compared, canonical entries → Merkle root →
// signed by the relay's device key. Nothing is signed that was not checked.
import { quantityHex } from '../../../shared/bytes';
import type { z } from 'zod';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import type { Address } from '../../../shared/evm/address';
import { snapshotEntries } from '../../../shared/snapshot/merkle';
import { SNAPSHOT_LIMITS, SNAPSHOT_VERSION, snapshotBodySchema, type SignedSnapshot, type SnapshotBody, type SnapshotDisagreement } from '../../../shared/snapshot/schema';
import { signSnapshot } from '../../../shared/snapshot/signature';
import { endpointText } from './endpoint-text';
import { assertChain, boundedQuantity, hash32, readChainId, withDeadline, type RpcClient } from './rpc';
import { BlockReader, readAccount, readFees, readPosition } from './snapshot-reader';
import { readSafe } from './snapshot-safes';

export { FALLBACK_HANDLER_SLOT, GUARD_SLOT, SAFE_SENTINEL, SAFE_VERSION_UNREADABLE } from './snapshot-safes';

export interface SnapshotRequest {
  accounts: readonly Address[];
  safes: readonly Address[];
  tokens: readonly Address[];
  /** Adapter id and contract; run for every account and Safe. */
  positions: readonly { adapter: string; contract: Address }[];
}

export interface TakeSnapshotOptions {
  clients: readonly RpcClient[];
  request: SnapshotRequest;
  relaySecretKey: Uint8Array;
  now: () => number;
  /** The chain the endpoints were named for (a snapshot set): any endpoint serving another is refused before reading. */
  chainId?: bigint;
  /** One deadline for the whole snapshot: every endpoint, every read. */
  deadlineMs?: number;
  onProgress?: (step: string) => void;
}

export const DEFAULT_SNAPSHOT_DEADLINE_MS = 300_000;
export const MAX_SNAPSHOT_ENDPOINTS = 4;
/** Disagreements listed per endpoint; more are counted in one closing line. */
export const MAX_DISAGREEMENTS_PER_ENDPOINT = 100;
export const MAX_BLOCK_NUMBER = 2n ** 63n - 1n;
const MAX_BLOCK_TIME = 2n ** 64n - 1n;

type ChainState = Omit<SnapshotBody, 'takenAt' | 'crossCheck'>;

/** Refuses, before any request, a snapshot larger than a vault accepts. */
export function checkSnapshotRequest(request: SnapshotRequest, endpoints: number): void {
  const positions = request.positions.length * (request.accounts.length + request.safes.length);
  const over: string[] = [];
  if (endpoints > MAX_SNAPSHOT_ENDPOINTS) over.push(`${endpoints} endpoints (at most ${MAX_SNAPSHOT_ENDPOINTS})`);
  if (request.accounts.length > SNAPSHOT_LIMITS.accounts) over.push(`${request.accounts.length} accounts (at most ${SNAPSHOT_LIMITS.accounts})`);
  if (request.safes.length > SNAPSHOT_LIMITS.safes) over.push(`${request.safes.length} Safes (at most ${SNAPSHOT_LIMITS.safes})`);
  if (request.tokens.length > SNAPSHOT_LIMITS.tokens) over.push(`${request.tokens.length} tokens (at most ${SNAPSHOT_LIMITS.tokens})`);
  if (positions > SNAPSHOT_LIMITS.positions) over.push(`${positions} positions, one per adapter and holder (at most ${SNAPSHOT_LIMITS.positions})`);
  if (over.length > 0) {
    throw new AirlockError('snapshot-too-large', `A snapshot cannot hold ${over.join(', ')}; nothing was read. Split it into several snapshots.`);
  }
}

export async function takeSnapshot(options: TakeSnapshotOptions): Promise<SignedSnapshot> {
  if (options.clients.length === 0) throw new AirlockError('usage-invalid', 'A snapshot needs at least one RPC endpoint (--rpc URL).');
  checkSnapshotRequest(options.request, options.clients.length);
  const deadline = startDeadline(options.deadlineMs ?? DEFAULT_SNAPSHOT_DEADLINE_MS);
  try {
    const clients = options.clients.map((c) => withDeadline(c, deadline.signal));
    const [primary, ...others] = clients as [RpcClient, ...RpcClient[]];
    const chainId = options.chainId ?? (await readChainId(primary));
    if (options.chainId !== undefined) await assertChain(primary, chainId);
    for (const other of others) await assertChain(other, chainId);
    const blockNumber = boundedQuantity(await primary.call('eth_blockNumber', []), primary.label, 'the block number', 0n, MAX_BLOCK_NUMBER);
    options.onProgress?.(`block ${blockNumber}`);
    const reads = await Promise.allSettled(clients.map((c) => readChainState(c, chainId, blockNumber, options.request)));
    const state = settledState(reads);
    const disagreements = reads.slice(1).flatMap((read, i) => compare(state, read, i + 1));
    const body = checkedBody({ ...state, takenAt: String(Math.floor(options.now())), crossCheck: { endpoints: String(clients.length), disagreements } });
    return signSnapshot(body, options.relaySecretKey);
  } finally {
    deadline.stop();
  }
}

const snapshotDeadline = (seconds: number) =>
  new AirlockError(
    'snapshot-deadline',
    `The snapshot did not finish within its deadline of ${seconds} s: the endpoints answered too slowly for everything asked. Ask for fewer accounts, tokens or Safes, use a faster endpoint, or allow more time (--deadline).`,
    { deadlineSeconds: seconds },
  );

/**
 * One timer for a whole job (a snapshot, a simulation); its expiry aborts every call in flight with the sentence
 * `expired` makes. `stopped`: why calls still queued after the job ended (or failed elsewhere) are not made.
 */
export function startDeadline(
  ms: number,
  expired: (seconds: number) => AirlockError = snapshotDeadline,
  stopped: () => AirlockError = () => new AirlockError('snapshot-stopped', 'The snapshot stopped; its remaining reads were not made.'),
) {
  const controller = new AbortController();
  const seconds = Math.round(ms / 100) / 10;
  const timer = setTimeout(() => controller.abort(expired(seconds)), ms);
  return {
    signal: controller.signal,
    stop() {
      clearTimeout(timer);
      // Reads still queued after a failure elsewhere stop here instead of running on.
      if (!controller.signal.aborted) controller.abort(stopped());
    },
  };
}

/** The first endpoint's state; its failure, or a passed deadline anywhere, fails the snapshot. */
function settledState(reads: PromiseSettledResult<ChainState>[]): ChainState {
  const deadline = reads.find((r) => r.status === 'rejected' && isAirlockError(r.reason) && r.reason.code === 'snapshot-deadline');
  if (deadline) throw (deadline as PromiseRejectedResult).reason;
  const first = reads[0]!;
  if (first.status === 'rejected') throw first.reason;
  return first.value;
}

/** Every entry where another endpoint says something else, capped; its failure (an oversize answer too) is one entry. */
function compare(primary: ChainState, read: PromiseSettledResult<ChainState>, index: number): SnapshotDisagreement[] {
  const endpoint = String(index);
  if (read.status === 'rejected') {
    const why = isAirlockError(read.reason) ? `${read.reason.code}: ${read.reason.message}` : 'an answer Airlock could not read';
    return [{ path: '*', endpoint, expected: 'an answer', observed: endpointText(why, SNAPSHOT_LIMITS.text) }];
  }
  const withTime = (s: ChainState): SnapshotBody => ({ ...s, takenAt: '0', crossCheck: { endpoints: '0', disagreements: [] } });
  const mine = new Map(snapshotEntries(withTime(primary)).map((e) => [e.path, e.value]));
  const theirs = new Map(snapshotEntries(withTime(read.value)).map((e) => [e.path, e.value]));
  const out: SnapshotDisagreement[] = [];
  let unlisted = 0;
  for (const path of new Set([...mine.keys(), ...theirs.keys()])) {
    const expected = mine.get(path) ?? '(missing)';
    const observed = theirs.get(path) ?? '(missing)';
    if (expected === observed) continue;
    if (out.length < MAX_DISAGREEMENTS_PER_ENDPOINT) out.push({ path: endpointText(path, SNAPSHOT_LIMITS.text), endpoint, expected: endpointText(expected, SNAPSHOT_LIMITS.text), observed: endpointText(observed, SNAPSHOT_LIMITS.text) });
    else unlisted++;
  }
  if (unlisted > 0) out.push({ path: '(more)', endpoint, expected: 'agreement', observed: `${unlisted} more disagreements, not listed` });
  return out;
}

/** The body as the vault's parser will see it; anything that slipped past the checks is a sentence, not a crash. */
function checkedBody(body: SnapshotBody): SnapshotBody {
  return checkedForVault(snapshotBodySchema, body, 'snapshot-unsignable', 'The snapshot');
}

/** `body` parsed by the schema the vault parses it with, or `code` with a sentence naming the field a vault would refuse. */
export function checkedForVault<T>(schema: z.ZodType<T>, body: T, code: string, what: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : what.toLowerCase();
  throw new AirlockError(code, `${what} was not signed: ${field} holds a value a vault would refuse (${endpointText(issue?.message ?? 'invalid', 120)}). Check the endpoint.`, { field });
}

/** Everything the request asks for, at one block, from one endpoint. */
async function readChainState(client: RpcClient, chainId: bigint, blockNumber: bigint, request: SnapshotRequest): Promise<ChainState> {
  const tag = quantityHex(blockNumber);
  const reader = new BlockReader(client, tag);
  const { blockHash, blockTime } = await readBlock(client, blockNumber);
  const [accounts, safes, fees] = await Promise.all([
    Promise.all(request.accounts.map((a) => readAccount(reader, a, request.tokens))),
    Promise.all(request.safes.map((s) => readSafe(reader, s))),
    readFees(client, tag),
  ]);
  const holders = [...request.accounts, ...request.safes];
  const positions = await Promise.all(request.positions.flatMap((spec) => holders.map((holder) => readPosition(reader, spec.adapter, spec.contract, holder))));
  return { version: SNAPSHOT_VERSION, chainId: chainId.toString(), blockNumber: blockNumber.toString(), blockHash, blockTime: blockTime.toString(), accounts, safes, fees, positions };
}

/**
 * The asked block's hash and time, refused when the endpoint answers with another block, or gives it a hash that
 * the endpoint itself does not hold to (a hash it knows no block by, or one naming another block or time).
 */
export async function readBlock(client: RpcClient, blockNumber: bigint): Promise<{ blockHash: string; blockTime: bigint }> {
  const asked = blockHeader(client, blockNumber, await client.call('eth_getBlockByNumber', [quantityHex(blockNumber), false]));
  if (asked === null) throw new AirlockError('rpc-malformed', `The RPC endpoint ${client.label} does not know block ${blockNumber}. It may be behind the others; try again.`);
  if (asked.number !== blockNumber) {
    throw new AirlockError('rpc-block-mismatch', `The RPC endpoint ${client.label} was asked for block ${blockNumber} and answered with block ${asked.number}. Do not trust this endpoint.`);
  }
  const named = blockHeader(client, blockNumber, await client.call('eth_getBlockByHash', [asked.hash, false]));
  if (named === null || named.hash !== asked.hash || named.number !== blockNumber || named.time !== asked.time) {
    const says = named === null ? 'knows no block by that hash' : `gives that hash for block ${named.number} at time ${named.time}, not block ${blockNumber} at time ${asked.time}`;
    throw new AirlockError('rpc-block-mismatch', `The RPC endpoint ${client.label} gave block ${blockNumber} the hash ${asked.hash}, but ${says}. Do not trust this endpoint.`);
  }
  return { blockHash: asked.hash, blockTime: asked.time };
}

/** A block's number, 32-byte hash and time as an endpoint gave them; null when it knows no such block. */
function blockHeader(client: RpcClient, blockNumber: bigint, block: unknown): { number: bigint; hash: string; time: bigint } | null {
  if (block === null) return null;
  if (typeof block !== 'object' || Array.isArray(block)) throw new AirlockError('rpc-malformed', `The RPC endpoint ${client.label} described block ${blockNumber} as something that is not a block.`);
  const b = block as Record<string, unknown>;
  return {
    number: boundedQuantity(b.number, client.label, 'the block number', 0n, MAX_BLOCK_NUMBER),
    hash: hash32(b.hash, client.label, 'the block hash'),
    time: boundedQuantity(b.timestamp, client.label, 'the block time', 0n, MAX_BLOCK_TIME),
  };
}
