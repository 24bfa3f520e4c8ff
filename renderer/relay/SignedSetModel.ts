// The relay's signed-set screen without the DOM: the endpoints typed per chain (ChainEndpointsModel.ts) checked
// against the set, the set decoded and grouped by chain for a person to check before anything is sent (the
// parser is shared/relay/signed-set.ts, the one the relay's main uses), and main's per-chain outcome read into rows.
import { AirlockError } from '../../shared/errors';
import { parseSignedSetText, previewSignedSet, type SignedSetItemPreview } from '../../shared/relay/signed-set';
import type { ChainEndpoints } from './ChainEndpointsModel';

export interface SetPreview {
  /** Exactly the text that was decoded: only this is sent after the click. */
  text: string;
  chains: { chainId: string; items: SignedSetItemPreview[] }[];
}

export type SetItemStatus = 'queued' | 'sent' | 'confirmed' | 'reverted' | 'rejected' | 'replaced' | 'dropped' | 'collected' | 'complete' | 'failed';

export interface SetStatusRow {
  chainId: string;
  draft: number;
  kind: 'transaction' | 'safe-signature';
  status: SetItemStatus;
  /** The transaction hash, or the Safe transaction hash of an owner signature. */
  hash: string;
  blockNumber: string | null;
  alreadyQueued: boolean;
  detail: string;
}

export interface SetChainStatus {
  chainId: string;
  ok: boolean;
  rows: SetStatusRow[];
}

const usage = (message: string) => new AirlockError('signed-set-endpoints', message);

/** The set decoded (a throw is the parser's refusal, naming the item and chain), its items grouped by chain in set order. */
export function previewSetText(text: string): SetPreview {
  const items = previewSignedSet(parseSignedSetText(text));
  const chains: SetPreview['chains'] = [];
  for (const item of items) {
    const chain = chains.find((c) => c.chainId === item.chainId) ?? chains[chains.push({ chainId: item.chainId, items: [] }) - 1]!;
    chain.items.push(item);
  }
  return { text, chains };
}

/** Only the endpoints of the set's chains, and a refusal before anything is sent when a chain of the set has none. */
export function endpointsForSet(preview: SetPreview, given: readonly ChainEndpoints[]): ChainEndpoints[] {
  const missing = preview.chains.map((c) => c.chainId).filter((id) => !given.some((g) => g.chainId === id));
  if (missing.length > 0) throw usage(`No endpoint is given for chain ${missing.join(', ')} of the set. Nothing was sent: add a line ${missing[0]}=URL.`);
  return given.filter((g) => preview.chains.some((c) => c.chainId === g.chainId));
}

/** Main's answer (relay.broadcastSet), its items read field by field into rows for the status table. */
export function setStatus(chains: readonly { chainId: string; ok: boolean; items: readonly Record<string, unknown>[] }[]): SetChainStatus[] {
  return chains.map((chain) => ({ chainId: chain.chainId, ok: chain.ok, rows: chain.items.map((item) => statusRow(chain.chainId, item)) }));
}

function statusRow(chainId: string, item: Record<string, unknown>): SetStatusRow {
  const text = (key: string) => (typeof item[key] === 'string' ? (item[key] as string) : '');
  return {
    chainId,
    draft: typeof item.draft === 'number' ? item.draft : 0,
    kind: item.kind === 'safe-signature' ? 'safe-signature' : 'transaction',
    status: text('status') as SetItemStatus,
    hash: text('txHash') || text('safeTxHash'),
    blockNumber: typeof item.blockNumber === 'string' ? item.blockNumber : null,
    alreadyQueued: item.alreadyQueued === true,
    detail: text('detail'),
  };
}

