// Broadcasts a signed transaction the vault made: queue it by hash (a hash already queued is followed,
// never sent again), send it to the endpoints with retries, follow it to a receipt, and explain refusals.
import { RAW_TX_UR_TYPE } from '../../../shared/airgap/airlock-types';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import { decodeUrParts } from '../../../shared/airgap/ur';
import { decodeSignedTransaction } from '../../../shared/evm/tx';
import type { Db } from '../../db/connection';
import { enqueueBroadcast, readBroadcast, updateBroadcast, type BroadcastRecord, type BroadcastStatus } from '../../db/relay';
import { assertChain, quantity, type RpcClient } from './rpc';

export interface BroadcastOptions {
  db: Db;
  clients: readonly RpcClient[];
  now: () => number;
  /** How long to follow the transaction before reporting it as still pending. */
  receiptTimeoutMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface BroadcastOutcome {
  txHash: string;
  status: BroadcastStatus;
  blockNumber: string | null;
  /** True when this hash was already in the queue: it was followed, not sent again. */
  alreadyQueued: boolean;
  detail: string;
}

const SEND_ATTEMPTS = 3;
const BACKOFF_MS = 250;

/**
 * The signed transaction from text: 0x hex, the vault's ur:airlock-raw-tx (the raw bytes), or a ur:bytes (a CBOR
 * byte string, as other tools write it) — UR parts one per line or space.
 */
export function parseRawTransactionText(text: string): Uint8Array {
  const trimmed = text.trim();
  if (/^ur:/i.test(trimmed)) {
    const decoded = decodeUrParts(trimmed.split(/\s+/), [RAW_TX_UR_TYPE, 'bytes']);
    return decoded.type === RAW_TX_UR_TYPE ? decoded.payload : cborByteString(decoded.payload);
  }
  const hex = trimmed.startsWith('0x') || trimmed.startsWith('0X') ? trimmed.slice(2) : trimmed;
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new AirlockError('input-invalid', 'Standard input must be the signed transaction as 0x hex, or its UR (ur:airlock-raw-tx/… as the vault shows it, or ur:bytes/…).');
  }
  return hexToBytes(hex.toLowerCase());
}

function cborByteString(cbor: Uint8Array): Uint8Array {
  const head = cbor[0] ?? 0;
  let length: number;
  let offset: number;
  if (head >= 0x40 && head <= 0x57) [length, offset] = [head - 0x40, 1];
  else if (head === 0x58) [length, offset] = [cbor[1] ?? 0, 2];
  else if (head === 0x59) [length, offset] = [((cbor[1] ?? 0) << 8) | (cbor[2] ?? 0), 3];
  else if (head === 0x5a) [length, offset] = [(((cbor[1] ?? 0) << 24) >>> 0) + (((cbor[2] ?? 0) << 16) | ((cbor[3] ?? 0) << 8) | (cbor[4] ?? 0)), 5];
  else throw new AirlockError('input-invalid', 'The UR does not hold a byte string; expected the raw signed transaction as ur:bytes.');
  if (offset + length !== cbor.length) throw new AirlockError('input-invalid', 'The ur:bytes payload has the wrong length; scan it again.');
  return cbor.slice(offset);
}

export async function broadcastTransaction(raw: Uint8Array, options: BroadcastOptions): Promise<BroadcastOutcome> {
  const signed = decodeSignedTransaction(raw);
  const txHash = '0x' + bytesToHex(signed.hash);
  if (options.clients.length === 0) throw new AirlockError('usage-invalid', 'Broadcasting needs at least one RPC endpoint (--rpc URL).');
  for (const client of options.clients) await assertChain(client, signed.transaction.chainId);
  const fresh = enqueueBroadcast(options.db, {
    txHash,
    raw: signed.raw,
    sender: signed.from,
    nonce: signed.transaction.nonce.toString(),
    chainId: signed.transaction.chainId.toString(),
    createdAt: options.now(),
  });
  const existing = readBroadcast(options.db, txHash)!;
  // Sent, confirmed or reverted before: follow it, never send the same bytes again by accident.
  const resend = fresh || existing.status === 'queued' || existing.status === 'rejected';
  if (!resend) {
    if (existing.status === 'sent') return follow(existing, options, !fresh);
    return outcome(existing, true);
  }
  // Tried before and it may have arrived after all (a timeout is not a refusal): ask before sending again.
  if (!fresh && (await options.clients[0]!.call('eth_getTransactionByHash', [txHash])) !== null) {
    updateBroadcast(options.db, txHash, { status: 'sent', detail: existing.detail, at: options.now() });
    return follow(readBroadcast(options.db, txHash)!, options, true);
  }
  await send(existing, options);
  return follow(readBroadcast(options.db, txHash)!, options, !fresh);
}

async function send(record: BroadcastRecord, options: BroadcastOptions): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const rawHex = '0x' + bytesToHex(record.raw);
  let accepted = false;
  let lastError: AirlockError | null = null;
  for (const client of options.clients) {
    for (let attempt = 0; attempt < SEND_ATTEMPTS; attempt++) {
      try {
        await client.call('eth_sendRawTransaction', [rawHex]);
        accepted = true;
        break;
      } catch (error) {
        if (!isAirlockError(error)) throw error;
        if (error.code === 'rpc-error') {
          const refusal = explainRefusal(String(error.params.rpcMessage ?? error.message), record);
          if (refusal === null) {
            accepted = true; // "already known": the node has it
            break;
          }
          lastError = refusal;
          break; // a node's refusal does not change by asking again
        }
        lastError = error; // down, slow, garbled: try again after a pause
        await sleep(BACKOFF_MS * 2 ** attempt);
      }
    }
    if (accepted) break;
  }
  // A node's refusal is final for these bytes; an endpoint that was down or silent leaves it queued.
  const refused = lastError !== null && lastError.code.startsWith('broadcast-');
  updateBroadcast(options.db, record.txHash, {
    status: accepted ? 'sent' : refused ? 'rejected' : 'queued',
    detail: accepted ? '' : (lastError?.message ?? 'not sent'),
    attempted: true,
    at: options.now(),
  });
  if (!accepted) throw lastError ?? new AirlockError('broadcast-rejected', 'No endpoint accepted the transaction.');
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

async function follow(record: BroadcastRecord, options: BroadcastOptions, alreadyQueued: boolean): Promise<BroadcastOutcome> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const deadline = options.now() + (options.receiptTimeoutMs ?? 120_000);
  const client = options.clients[0]!;
  for (;;) {
    const receipt = (await client.call('eth_getTransactionReceipt', [record.txHash])) as Record<string, unknown> | null;
    if (receipt && typeof receipt === 'object') {
      const status = quantity(receipt.status, client.label, 'the receipt status');
      const blockNumber = quantity(receipt.blockNumber, client.label, 'the receipt block').toString();
      const reverted = status === 0n;
      const detail = reverted
        ? `The transaction was included in block ${blockNumber} but reverted: it changed nothing except paying its gas and using nonce ${record.nonce}. Review why before building it again.`
        : `Included in block ${blockNumber}.`;
      updateBroadcast(options.db, record.txHash, { status: reverted ? 'reverted' : 'confirmed', detail, blockNumber, at: options.now() });
      return outcome(readBroadcast(options.db, record.txHash)!, alreadyQueued);
    }
    if (options.now() >= deadline) {
      const detail = 'Sent, but no receipt yet. Run the same broadcast again later to follow it; it will not be sent twice.';
      updateBroadcast(options.db, record.txHash, { status: 'sent', detail, at: options.now() });
      return outcome(readBroadcast(options.db, record.txHash)!, alreadyQueued);
    }
    await sleep(options.pollMs ?? 500);
  }
}

function outcome(record: BroadcastRecord, alreadyQueued: boolean): BroadcastOutcome {
  return { txHash: record.txHash, status: record.status, blockNumber: record.blockNumber, alreadyQueued, detail: record.detail };
}
