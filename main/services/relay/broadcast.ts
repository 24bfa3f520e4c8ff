// Broadcasts a signed transaction the vault made: queue it by hash (a hash already queued is re-checked, and
// only ever re-sent as the same bytes), give it to every endpoint, follow it until every endpoint that answers
// shows it in one block, and report refusals, replacement and dropping in sentences.
import { toHex } from '../../../shared/bytes';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import { decodeSignedTransaction } from '../../../shared/evm/tx';
import type { Db } from '../../db/connection';
import { enqueueBroadcast, readBroadcast, saveBroadcastEndpoints, updateBroadcast, type BroadcastRecord, type BroadcastStatus, type EndpointState } from '../../db/relay';
import { disagreementText, endpointNames, failedObservation, observation, observe, verdict, type EndpointObservation, type Verdict, type WatchedTransaction } from './broadcast-watch';
import { assertChain, hash32, type RpcClient } from './rpc';

export interface BroadcastOptions {
  db: Db;
  clients: readonly RpcClient[];
  now: () => number;
  /** How long to follow the transaction before reporting it as still pending. */
  receiptTimeoutMs?: number;
  /** A sent transaction that no endpoint knows is re-sent (the same bytes) after this long. */
  resendAfterMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface BroadcastOutcome {
  txHash: string;
  status: BroadcastStatus;
  blockNumber: string | null;
  /** True when this hash was already in the queue: it was re-checked, and re-sent (unchanged) only if no endpoint knew it. */
  alreadyQueued: boolean;
  detail: string;
  /** Why it reverted (decoded from the endpoints' replay of its call), or "reason unavailable (why)"; null unless reverted. */
  revertReason: string | null;
  /** What each endpoint said last. */
  endpoints: BroadcastEndpointView[];
}

export interface BroadcastEndpointView {
  endpoint: string;
  state: EndpointState;
  blockNumber: string | null;
  detail: string;
}

const SEND_ATTEMPTS = 3;
const BACKOFF_MS = 250;
const DEFAULT_RECEIPT_TIMEOUT_MS = 120_000;
const DEFAULT_RESEND_AFTER_MS = 30_000;

// One parser for the text the vault showed, shared with the relay's preview (decoded before any click).
export { parseRawTransactionText } from '../../../shared/relay/scanned-preview';

interface Context {
  db: Db;
  clients: readonly RpcClient[];
  /** Each client's name as stored and shown (its label, numbered when two share one). */
  names: readonly string[];
  tx: WatchedTransaction;
  record: Pick<BroadcastRecord, 'nonce' | 'sender'>;
  rawHex: string;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export async function broadcastTransaction(raw: Uint8Array, options: BroadcastOptions): Promise<BroadcastOutcome> {
  const signed = decodeSignedTransaction(raw);
  if (options.clients.length === 0) throw new AirlockError('usage-invalid', 'Broadcasting needs at least one RPC endpoint (--rpc URL).');
  // The hash is computed here from the bytes; no endpoint's word for it is taken.
  const { to, value, data, gasLimit } = signed.transaction;
  const tx: WatchedTransaction = { txHash: toHex(signed.hash), sender: signed.from, nonce: signed.transaction.nonce, call: { from: signed.from, to, value, data, gasLimit } };
  const ctx: Context = {
    db: options.db,
    clients: options.clients,
    names: endpointNames(options.clients),
    tx,
    record: { nonce: tx.nonce.toString(), sender: tx.sender },
    rawHex: toHex(signed.raw),
    now: options.now,
    sleep: options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
  await checkChains(ctx.clients, signed.transaction.chainId);
  const fresh = enqueueBroadcast(options.db, {
    txHash: tx.txHash,
    raw: signed.raw,
    sender: signed.from,
    nonce: tx.nonce.toString(),
    chainId: signed.transaction.chainId.toString(),
    createdAt: options.now(),
  });
  if (fresh) {
    try {
      await sendToAll(ctx);
    } catch (error) {
      // "Nonce too low" can mean this very transaction is already in a block (sent by another tool): look first.
      const mayBeMined = isAirlockError(error) && error.code === 'broadcast-nonce-too-low';
      if (!mayBeMined || verdict(await observeAll(ctx)).kind !== 'included') throw error;
    }
  }
  // A hash queued before is re-checked on every endpoint, whatever its stored status says.
  return follow(ctx, options, { alreadyQueued: !fresh, sentAt: fresh ? options.now() : null });
}

/** Every endpoint that answers must serve the transaction's chain; at least one must answer. */
async function checkChains(clients: readonly RpcClient[], chainId: bigint): Promise<void> {
  const checks = await Promise.allSettled(clients.map((c) => assertChain(c, chainId)));
  const failures = checks.filter((c): c is PromiseRejectedResult => c.status === 'rejected').map((c) => c.reason as unknown);
  const fatal = failures.find((e) => !isAirlockError(e) || e.code === 'rpc-chain-mismatch' || e.code === 'rpc-value-out-of-range');
  if (fatal) throw fatal;
  if (failures.length === clients.length) throw failures[0];
}

/** Gives the same bytes to every endpoint; throws the refusal (or the failure) when none took them. */
async function sendToAll(ctx: Context): Promise<void> {
  const results = await Promise.all(ctx.clients.map((client, i) => sendTo(client, ctx.names[i]!, ctx)));
  const seen = results.map((r) => r.observation);
  const accepted = seen.some((o) => o.state === 'accepted');
  const refusal = results.find((r) => r.error?.code.startsWith('broadcast-'))?.error ?? null;
  const failure = refusal ?? results.find((r) => r.error)?.error ?? new AirlockError('broadcast-not-sent', 'No endpoint took the transaction.');
  ctx.db.transaction(() => {
    saveBroadcastEndpoints(ctx.db, ctx.tx.txHash, seen.map((o) => ({ ...o, checkedAt: ctx.now() })));
    // A node's refusal is final for these bytes; endpoints that were down or silent leave it queued.
    updateBroadcast(ctx.db, ctx.tx.txHash, { status: accepted ? 'sent' : refusal ? 'rejected' : 'queued', detail: accepted ? '' : failure.message, attempted: true, at: ctx.now() });
  })();
  if (!accepted) throw failure;
}

async function sendTo(client: RpcClient, name: string, ctx: Context): Promise<{ observation: EndpointObservation; error?: AirlockError }> {
  let last: AirlockError | null = null;
  for (let attempt = 0; attempt < SEND_ATTEMPTS; attempt++) {
    try {
      const returned = hash32(await client.call('eth_sendRawTransaction', [ctx.rawHex]), client.label, 'the hash of the sent transaction');
      if (returned === ctx.tx.txHash) return { observation: observation(name, 'accepted', 'took it') };
      const error = new AirlockError('rpc-inconsistent', `${client.label} answered the sending with the hash ${returned}, not ${ctx.tx.txHash}, the hash of these bytes; it cannot be trusted.`);
      return { observation: failedObservation(name, error), error };
    } catch (error) {
      if (!isAirlockError(error)) throw error;
      if (error.code === 'rpc-error') {
        const refusal = explainRefusal(String(error.params.rpcMessage ?? error.message), ctx.record);
        if (refusal === null) return { observation: observation(name, 'accepted', 'already had it') };
        return { observation: observation(name, 'refused', refusal.message), error: refusal };
      }
      const observed = failedObservation(name, error);
      if (observed.state === 'inconsistent') return { observation: observed, error };
      last = error; // down, slow, garbled: try again after a pause
      await ctx.sleep(BACKOFF_MS * 2 ** attempt);
    }
  }
  return { observation: failedObservation(name, last!), error: last! };
}

/** A node's refusal as a sentence; null when the node already has this transaction. */
export function explainRefusal(message: string, record: Pick<BroadcastRecord, 'nonce' | 'sender'>): AirlockError | null {
  const m = message.toLowerCase();
  if (m.includes('already known') || m.includes('known transaction') || m.includes('already imported')) return null;
  if (m.includes('nonce too low') || m.includes('nonce has already been used')) {
    return new AirlockError(
      'broadcast-nonce-too-low',
      `The node refused the transaction: nonce ${record.nonce} of ${record.sender} is already used, so another transaction from this account got in first. Take a new snapshot and build the transaction again.`,
    );
  }
  if (m.includes('replacement') && m.includes('underpriced')) {
    return new AirlockError(
      'broadcast-replacement-underpriced',
      `A different transaction with nonce ${record.nonce} from ${record.sender} is already pending, and this one does not pay enough more to replace it (usually +10% on both fees). Raise the fees and sign again, or wait for the pending one.`,
    );
  }
  if (m.includes('underpriced') || m.includes('fee cap') || m.includes('less than block base fee') || m.includes('max fee per gas less')) {
    return new AirlockError('broadcast-underpriced', `The node refused the transaction: its fee is below what the network asks now (${message.slice(0, 120)}). Take a new snapshot for current fees and sign again.`);
  }
  if (m.includes('insufficient funds')) {
    return new AirlockError('broadcast-insufficient-funds', `${record.sender} cannot pay for this transaction's value and gas. Take a new snapshot and check its balance.`);
  }
  return new AirlockError('broadcast-rejected', `The node refused the transaction: ${message.slice(0, 200)}.`);
}


async function observeAll(ctx: Context): Promise<EndpointObservation[]> {
  const seen = await Promise.all(ctx.clients.map((client, i) => observe(client, ctx.names[i]!, ctx.tx)));
  saveBroadcastEndpoints(ctx.db, ctx.tx.txHash, seen.map((o) => ({ ...o, checkedAt: ctx.now() })));
  return seen;
}

/**
 * Follows the transaction until every endpoint that answers shows it in one block, its nonce is used by another
 * (replaced), or the wait ends. No endpoint knowing it means re-sending the same bytes, at most every
 * resendAfterMs and at least once before calling it dropped.
 */
async function follow(ctx: Context, options: BroadcastOptions, run: { alreadyQueued: boolean; sentAt: number | null }): Promise<BroadcastOutcome> {
  const deadline = ctx.now() + (options.receiptTimeoutMs ?? DEFAULT_RECEIPT_TIMEOUT_MS);
  const resendAfter = options.resendAfterMs ?? DEFAULT_RESEND_AFTER_MS;
  let lastSent = run.sentAt;
  let resent = false;
  for (;;) {
    const seen = await observeAll(ctx);
    const found = verdict(seen);
    if (found.kind === 'included') return settle(ctx, run, seen, found.status, includedDetail(ctx, found, seen), found.blockNumber, found.revertReason);
    if (found.kind === 'replaced') return settle(ctx, run, seen, 'replaced', replacedDetail(ctx));
    const over = ctx.now() >= deadline;
    if (found.kind === 'unknown' && (lastSent === null || ctx.now() - lastSent >= resendAfter || (over && !resent))) {
      await sendToAll(ctx);
      lastSent = ctx.now();
      resent = true;
      continue;
    }
    if (over) return settle(ctx, run, seen, ...unsettled(ctx, found.kind, seen));
    await ctx.sleep(options.pollMs ?? 500);
  }
}

/** Where the wait ended without an outcome: dropped, sent (some endpoint knows it), or as it was when none answered. */
function unsettled(ctx: Context, kind: 'unknown' | 'silent' | 'waiting', seen: readonly EndpointObservation[]): [BroadcastStatus, string, string | null] {
  if (kind === 'unknown') return ['dropped', droppedDetail(ctx), null];
  if (kind === 'waiting') return ['sent', waitingDetail(seen), null];
  const stored = readBroadcast(ctx.db, ctx.tx.txHash)!;
  return [stored.status, `No endpoint answered while it was followed (${disagreementText(seen)}). Run the same broadcast again later.`, stored.blockNumber];
}

function settle(ctx: Context, run: { alreadyQueued: boolean }, seen: EndpointObservation[], status: BroadcastStatus, detail: string, blockNumber: string | null = null, revertReason: string | null = null): BroadcastOutcome {
  updateBroadcast(ctx.db, ctx.tx.txHash, { status, detail, blockNumber, at: ctx.now() });
  return {
    txHash: ctx.tx.txHash,
    status,
    blockNumber,
    alreadyQueued: run.alreadyQueued,
    detail,
    revertReason,
    endpoints: seen.map((o) => ({ endpoint: o.endpoint, state: o.state, blockNumber: o.blockNumber, detail: o.detail })),
  };
}

function includedDetail(ctx: Context, found: Extract<Verdict, { kind: 'included' }>, seen: readonly EndpointObservation[]): string {
  const answered = seen.filter((o) => o.state !== 'unreachable').length;
  const where = `on every endpoint that answered (${answered} of ${seen.length})`;
  if (found.status === 'confirmed') return `Included in block ${found.blockNumber} ${where}.`;
  return `The transaction was included in block ${found.blockNumber} ${where} but reverted (${found.revertReason}): it changed nothing except paying its gas and using nonce ${ctx.record.nonce}. Review why before building it again.`;
}

function replacedDetail(ctx: Context): string {
  return `Replaced: nonce ${ctx.record.nonce} of ${ctx.record.sender} was used by another transaction, mined instead of this one (a transaction from the same account with the same nonce, often with a higher fee). This one can never be mined now; find out who sent the other before building anything again.`;
}

function droppedDetail(ctx: Context): string {
  return `Dropped: no endpoint knows this transaction any more and nonce ${ctx.record.nonce} of ${ctx.record.sender} is still free (pools drop transactions whose fee falls below what the network asks). It was re-sent unchanged; run the broadcast again to retry, or take a new snapshot and sign it again with current fees.`;
}

function waitingDetail(seen: readonly EndpointObservation[]): string {
  return `Sent, but not yet in one block on every endpoint that answers (${disagreementText(seen)}). Run the same broadcast again to follow it; it is only ever re-sent unchanged.`;
}
