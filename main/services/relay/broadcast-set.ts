// The relay's side of a signed set (one multi-chain runbook's signed results, one transfer): each item goes to its
// own chain's endpoints — a raw transaction broadcast and followed, a Safe owner signature checked and collected —
// and the outcome is reported per chain. Items of one chain go in the set's order (a sender's nonces in turn); chains
// run side by side. Sending is the single broadcast's, keyed by transaction hash, so a set scanned twice re-checks
// what it sent and never sends anything twice.
import { AirlockError, isAirlockError } from '../../../shared/errors';
import type { SignedSet, SignedSetItem } from '../../../shared/relay/signed-set';
import type { BroadcastStatus } from '../../db/relay';
import type { BroadcastOutcome } from './broadcast';
import type { SafeCollectOutcome } from './safe-signatures';

export type SetItemOutcome =
  | { draft: number; kind: 'transaction'; txHash: string; status: BroadcastStatus; blockNumber: string | null; alreadyQueued: boolean; detail: string; revertReason: string | null }
  | { draft: number; kind: 'safe-signature'; status: 'collected' | 'complete'; safeTxHash: string; owner: string; added: boolean; signers: number; threshold: number; detail: string }
  | { draft: number; kind: 'transaction' | 'safe-signature'; status: 'failed'; code: string; detail: string };

export interface ChainOutcome {
  chainId: string;
  /** Every item of the chain done as hoped: confirmed transactions, collected signatures. */
  ok: boolean;
  items: SetItemOutcome[];
}

export interface SetSenders {
  broadcast(raw: string, endpoints: readonly string[]): Promise<BroadcastOutcome>;
  collect(payload: string, endpoints: readonly string[]): Promise<SafeCollectOutcome>;
}

const SETTLED_WELL: ReadonlySet<string> = new Set(['confirmed', 'collected', 'complete']);

/** Checks that every chain of the set has endpoints before anything is sent: a set half sent for want of a URL is worse. */
export function checkSetEndpoints(set: SignedSet, endpoints: ReadonlyMap<string, readonly string[]>): void {
  const chains = [...new Set(set.items.map((i) => i.chainId))];
  const missing = chains.filter((c) => (endpoints.get(c) ?? []).length === 0);
  if (missing.length > 0) {
    throw new AirlockError('usage-invalid', `The signed set has results for chain ${missing.join(', ')}, and no endpoint serves it. Nothing was sent: give --rpc ${missing[0]}=URL.`);
  }
  const unused = [...endpoints.keys()].filter((c) => !chains.includes(c));
  if (unused.length > 0) throw new AirlockError('usage-invalid', `The signed set has nothing for chain ${unused.join(', ')}. Nothing was sent: check the set and the endpoints you gave.`);
}

/** Sends each item on its chain; one item's failure is its outcome, and the chain's later items still go. */
export async function sendSignedSet(set: SignedSet, endpoints: ReadonlyMap<string, readonly string[]>, senders: SetSenders): Promise<ChainOutcome[]> {
  checkSetEndpoints(set, endpoints);
  const chains = [...new Set(set.items.map((i) => i.chainId))];
  return Promise.all(
    chains.map(async (chainId) => {
      const items: SetItemOutcome[] = [];
      for (const item of set.items.filter((i) => i.chainId === chainId)) items.push(await sendItem(item, endpoints.get(chainId)!, senders));
      return { chainId, ok: items.every((i) => SETTLED_WELL.has(i.status)), items };
    }),
  );
}

async function sendItem(item: SignedSetItem, endpoints: readonly string[], senders: SetSenders): Promise<SetItemOutcome> {
  const kind = 'rawTransaction' in item ? 'transaction' : 'safe-signature';
  try {
    if ('rawTransaction' in item) {
      const o = await senders.broadcast(item.rawTransaction, endpoints);
      return { draft: item.draft, kind: 'transaction', txHash: o.txHash, status: o.status, blockNumber: o.blockNumber, alreadyQueued: o.alreadyQueued, detail: o.detail, revertReason: o.revertReason };
    }
    const o = await senders.collect(JSON.stringify(item.safeSignature), endpoints);
    const complete = o.complete;
    return {
      draft: item.draft,
      kind: 'safe-signature',
      status: complete ? 'complete' : 'collected',
      safeTxHash: o.safeTxHash,
      owner: o.owner,
      added: o.added,
      signers: o.signers.length,
      threshold: o.threshold,
      detail: `${o.signers.length} of ${o.threshold} owner signatures${complete ? ': the bundle is ready for the executing vault (airlock relay bundles)' : ''}.`,
    };
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    return { draft: item.draft, kind, status: 'failed', code: error.code, detail: error.message };
  }
}
