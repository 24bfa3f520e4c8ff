// The relay's broadcast queue as a table: state in words (never colour alone), hash, sender and nonce,
// block, attempts, and the sentence saying why a transaction failed or what it waits for.
import type { ResponseOf } from '../../shared/bridge';
import { el } from '../app/dom';

type Broadcast = ResponseOf<'relay.queue'>['broadcasts'][number];
export type BroadcastStatus = Broadcast['status'];

export const STATUS_LABELS: Readonly<Record<BroadcastStatus, string>> = {
  queued: '○ Queued',
  sent: '◐ Sent, waiting for a block',
  confirmed: '● Mined',
  reverted: '✕ Mined but reverted',
  rejected: '✕ Rejected by the node',
};

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
          el('td', {}, [el('code', { className: 'hash relay-wrap', testid: 'queue-hash' }, [b.txHash]), el('div', { className: 'muted' }, [`chain ${b.chainId}`])]),
          el('td', {}, [el('code', { className: 'hash relay-wrap' }, [b.sender]), el('div', { className: 'muted' }, [`nonce ${b.nonce}`])]),
          el('td', { testid: 'queue-block' }, [b.blockNumber ?? '—']),
          el('td', {}, [String(b.attempts)]),
          el('td', { testid: 'queue-detail' }, [b.detail]),
        ]),
      ),
    ),
  ]);
}
