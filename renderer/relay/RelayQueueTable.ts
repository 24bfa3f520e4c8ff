// The relay's broadcast queue as a table: state in words (never colour alone), hash, what it does (amount, recipient,
// most the fee can be, decoded again from the stored bytes), sender and nonce,
// block, attempts, the sentence saying why a transaction failed or what it waits for, and what each
// endpoint last said about it (the relay trusts no single endpoint).
import type { ResponseOf } from '../../shared/bridge';
import { el } from '../app/dom';
import { isAirlockError } from '../../shared/errors';
import { previewSignedTransaction } from '../../shared/relay/scanned-preview';

type Broadcast = ResponseOf<'relay.queue'>['broadcasts'][number];
export type BroadcastStatus = Broadcast['status'];
type EndpointState = Broadcast['endpoints'][number]['state'];

export const STATUS_LABELS: Readonly<Record<BroadcastStatus, string>> = {
  queued: '○ Queued',
  sent: '◐ Sent, waiting for a block',
  confirmed: '● Mined',
  reverted: '✕ Mined but reverted',
  rejected: '✕ Rejected by the node',
  replaced: '✕ Replaced by another transaction',
  dropped: '✕ Dropped by the network',
};

export const ENDPOINT_STATE_LABELS: Readonly<Record<EndpointState, string>> = {
  accepted: 'took it',
  refused: 'refused it',
  unreachable: 'did not answer',
  unknown: 'does not know it',
  pending: 'pending',
  mined: 'mined',
  reverted: 'mined, reverted',
  replaced: 'nonce used by another',
  inconsistent: '⚠ contradicts it',
};

/** One line per endpoint: its name, its state in words, and its own sentence (text as written, never HTML). */
function endpointList(endpoints: Broadcast['endpoints']): HTMLElement | null {
  if (endpoints.length === 0) return null;
  return el(
    'ul',
    { className: 'relay-endpoint-states', testid: 'queue-endpoints' },
    endpoints.map((e) =>
      el('li', { testid: 'queue-endpoint', attrs: { 'data-state': e.state } }, [
        el('code', { className: 'relay-wrap' }, [e.endpoint]),
        ` — ${ENDPOINT_STATE_LABELS[e.state]}`,
        e.detail ? el('span', { className: 'muted' }, [`: ${e.detail}`]) : null,
      ]),
    ),
  );
}

/** "1 ETH to 0x…, fee ≤ 0.0001 ETH" from the stored bytes (the relay keeps only what decoded when it was queued). */
function whatItDoes(raw: string): string {
  try {
    const p = previewSignedTransaction(raw);
    return `${p.to ? `${p.value} to ${p.to}` : `deploys a contract with ${p.value}`}${p.call ? `, calling ${p.call}` : ''}, fee ≤ ${p.maxFee}`;
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    return `does not decode: ${error.message}`;
  }
}

export function relayQueueTable(broadcasts: readonly Broadcast[]): HTMLElement {
  if (broadcasts.length === 0) return el('p', { className: 'muted', testid: 'queue-empty' }, ['Nothing broadcast yet.']);
  return el('table', { className: 'data-table relay-queue', testid: 'queue-table' }, [
    el('thead', {}, [el('tr', {}, ['State', 'Transaction', 'Sender · nonce', 'Block', 'Tries', 'What happened'].map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]),
    el(
      'tbody',
      {},
      broadcasts.map((b) =>
        el('tr', { testid: 'queue-row', attrs: { 'data-hash': b.txHash, 'data-status': b.status } }, [
          el('td', {}, [el('span', { className: `relay-status relay-status-${b.status}`, testid: 'queue-status' }, [STATUS_LABELS[b.status]])]),
          el('td', {}, [el('code', { className: 'hash relay-wrap', testid: 'queue-hash' }, [b.txHash]), el('div', { testid: 'queue-what' }, [whatItDoes(b.raw)]), el('div', { className: 'muted' }, [`chain ${b.chainId}`])]),
          el('td', {}, [el('code', { className: 'hash relay-wrap' }, [b.sender]), el('div', { className: 'muted' }, [`nonce ${b.nonce}`])]),
          el('td', { testid: 'queue-block' }, [b.blockNumber ?? '—']),
          el('td', {}, [String(b.attempts)]),
          el('td', {}, [el('div', { testid: 'queue-detail' }, [b.detail]), endpointList(b.endpoints)]),
        ]),
      ),
    ),
  ]);
}
