// What each endpoint says about a transaction the relay sent, checked against the transaction itself (its hash
// computed locally from the raw bytes, its sender and nonce), and the verdict over all of them: a transaction is
// confirmed only when every endpoint that answers shows it in the same block. An endpoint that shows it reverted is
// asked why (./revert-reason), and its answer is that endpoint's word only.
import { AirlockError, isAirlockError } from '../../../shared/errors';
import type { EndpointState } from '../../db/relay';
import { endpointText } from './endpoint-text';
import { REASON_UNAVAILABLE, replayRevertReason, type ReplayedCall } from './revert-reason';
import { boundedQuantity, hash32, quantity, type RpcClient } from './rpc';

export interface WatchedTransaction {
  /** Computed locally from the signed bytes; never taken from an endpoint. */
  txHash: string;
  sender: string;
  nonce: bigint;
  /** What it calls, from its own bytes: replayed to learn why it reverted. */
  call: ReplayedCall;
}

export interface EndpointObservation {
  endpoint: string;
  state: EndpointState;
  blockNumber: string | null;
  blockHash: string | null;
  detail: string;
  /** Why it reverted, as this endpoint's replay says (or why that is unavailable); only when it reverted here. */
  revertReason?: string;
}

export type Verdict =
  | { kind: 'included'; status: 'confirmed' | 'reverted'; blockNumber: string; blockHash: string; revertReason: string | null }
  | { kind: 'replaced' }
  /** Every endpoint that answered does not know it, and its nonce is still free. */
  | { kind: 'unknown' }
  /** No endpoint answered. */
  | { kind: 'silent' }
  | { kind: 'waiting' };

const MAX_BLOCK_NUMBER = 2n ** 63n - 1n;
const DETAIL_LENGTH = 240;

/** An endpoint as it is shown and stored: its label, numbered when two endpoints share one. */
export function endpointNames(clients: readonly RpcClient[]): string[] {
  const seen = new Map<string, number>();
  return clients.map((c) => {
    const count = (seen.get(c.label) ?? 0) + 1;
    seen.set(c.label, count);
    return count === 1 ? c.label : `${c.label} (#${count})`;
  });
}

export function observation(endpoint: string, state: EndpointState, detail: string, block: { number: string; hash: string } | null = null): EndpointObservation {
  return { endpoint, state, blockNumber: block?.number ?? null, blockHash: block?.hash ?? null, detail: endpointText(detail, DETAIL_LENGTH) };
}

/** An endpoint's failure as an observation: no answer, or an answer that cannot be true. */
export function failedObservation(endpoint: string, error: AirlockError): EndpointObservation {
  const silent = ['rpc-unreachable', 'rpc-timeout', 'rpc-http-error', 'rpc-error', 'rpc-redirect'].includes(error.code);
  return observation(endpoint, silent ? 'unreachable' : 'inconsistent', error.message);
}

export async function observe(client: RpcClient, endpoint: string, tx: WatchedTransaction): Promise<EndpointObservation> {
  try {
    const receipt = await client.call('eth_getTransactionReceipt', [tx.txHash]);
    if (receipt !== null) return await included(client, endpoint, tx, receipt);
    const known = await client.call('eth_getTransactionByHash', [tx.txHash]);
    if (known !== null) return pending(client, endpoint, tx, known);
    const used = quantity(await client.call('eth_getTransactionCount', [tx.sender, 'latest']), client.label, `the nonce of ${tx.sender}`);
    if (used > tx.nonce) return observation(endpoint, 'replaced', `does not know it, and nonce ${tx.nonce} of the sender is already used by another transaction`);
    return observation(endpoint, 'unknown', 'does not know this transaction');
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    return failedObservation(endpoint, error);
  }
}

function contradiction(client: RpcClient, what: string): AirlockError {
  return new AirlockError('rpc-inconsistent', `${client.label} ${what}; its answers about this transaction cannot be trusted.`);
}

/** A receipt counts only if it is for this transaction, from its sender, in a block that holds it. */
async function included(client: RpcClient, endpoint: string, tx: WatchedTransaction, receipt: unknown): Promise<EndpointObservation> {
  if (!isRecord(receipt)) throw contradiction(client, 'gave a receipt that is not an object');
  const receiptHash = hash32(receipt.transactionHash, client.label, 'the receipt transaction hash');
  if (receiptHash !== tx.txHash) throw contradiction(client, `gave the receipt of another transaction (${receiptHash}) when asked for ${tx.txHash}`);
  if (typeof receipt.from === 'string' && receipt.from.toLowerCase() !== tx.sender.toLowerCase()) throw contradiction(client, 'gave a receipt from another sender');
  const blockHash = hash32(receipt.blockHash, client.label, 'the receipt block hash');
  const blockNumber = boundedQuantity(receipt.blockNumber, client.label, 'the receipt block number', 0n, MAX_BLOCK_NUMBER);
  const status = boundedQuantity(receipt.status, client.label, 'the receipt status', 0n, 1n);
  const block = await client.call('eth_getBlockByHash', [blockHash, false]);
  if (!isRecord(block)) throw contradiction(client, `gave a receipt in block ${blockHash}, a block it does not know`);
  const holds = Array.isArray(block.transactions) && block.transactions.some((t) => typeof t === 'string' && t.toLowerCase() === tx.txHash);
  const sameBlock = hash32(block.hash, client.label, 'the block hash') === blockHash && boundedQuantity(block.number, client.label, 'the block number', 0n, MAX_BLOCK_NUMBER) === blockNumber;
  if (!sameBlock || !holds) throw contradiction(client, `gave a receipt in block ${blockNumber}, but that block does not hold the transaction`);
  const at = { number: blockNumber.toString(), hash: blockHash };
  if (status === 1n) return observation(endpoint, 'mined', `in block ${blockNumber}`, at);
  const revertReason = await replayRevertReason(client, tx.call, blockNumber);
  return { ...observation(endpoint, 'reverted', `in block ${blockNumber}, reverted: ${revertReason}`, at), revertReason };
}

function pending(client: RpcClient, endpoint: string, tx: WatchedTransaction, known: unknown): EndpointObservation {
  if (!isRecord(known)) throw contradiction(client, 'described the transaction as something that is not an object');
  const hash = hash32(known.hash, client.label, 'the transaction hash');
  if (hash !== tx.txHash) throw contradiction(client, `described another transaction (${hash}) when asked for ${tx.txHash}`);
  return observation(endpoint, 'pending', 'knows it, waiting for a block');
}

/** Confirmed (or reverted) only when every endpoint that answered shows it in one and the same block. */
export function verdict(observations: readonly EndpointObservation[]): Verdict {
  const answered = observations.filter((o) => o.state !== 'unreachable');
  if (answered.length === 0) return { kind: 'silent' };
  const first = answered[0]!;
  const included = answered.every((o) => (o.state === 'mined' || o.state === 'reverted') && o.state === first.state && o.blockHash === first.blockHash);
  if (included) {
    const reverted = first.state === 'reverted';
    return { kind: 'included', status: reverted ? 'reverted' : 'confirmed', blockNumber: first.blockNumber!, blockHash: first.blockHash!, revertReason: reverted ? revertReasonOf(answered) : null };
  }
  if (answered.every((o) => o.state === 'replaced')) return { kind: 'replaced' };
  if (answered.every((o) => o.state === 'unknown')) return { kind: 'unknown' };
  return { kind: 'waiting' };
}

/** The reason every reverting endpoint gives, or each endpoint's own when they differ (none is taken on trust). */
function revertReasonOf(answered: readonly EndpointObservation[]): string {
  const reasons = [...new Set(answered.map((o) => o.revertReason ?? REASON_UNAVAILABLE))];
  if (reasons.length === 1) return reasons[0]!;
  return `the endpoints disagree on the reason: ${answered.map((o) => `${o.endpoint}: ${o.revertReason ?? REASON_UNAVAILABLE}`).join('; ')}`;
}

/** One line per endpoint that does not (yet) show the transaction in a block, for the queue's sentence. */
export function disagreementText(observations: readonly EndpointObservation[]): string {
  return observations.map((o) => `${o.endpoint}: ${o.detail}`).join('; ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
