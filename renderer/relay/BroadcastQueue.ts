// The Broadcast queue view (relay): scan or paste a transaction the vault signed, see it decoded (recipient, amount,
// fee, nonce, the vault's fingerprint words), send it only on an explicit click, and follow it to a receipt; the
// queue shows every state, per endpoint, and what each transaction does. A signed set (several chains) has its own panel.
import type { RequestOf, ResponseOf } from '../../shared/bridge';
import { toHex } from '../../shared/bytes';
import { RAW_TX_UR_TYPE } from '../../shared/airgap/airlock-types';
import { el, replace } from '../app/dom';
import type { Scope } from '../app/scope';
import { defineView, type Page, type ViewContext } from '../app/view';
import { loadInto } from '../ui/ErrorNotice';
import { relayPasteForm } from './RelayPasteForm';
import { relayQueueTable, STATUS_LABELS } from './RelayQueueTable';
import { previewSignedTransaction } from '../../shared/relay/scanned-preview';
import { signedTransactionCard } from './ScannedPreview';
import { signedSetPanel } from './SignedSetBroadcast';

/** While a transaction waits for its block, the queue is read again this often. */
const QUEUE_REFRESH_MS = 3000;

export const broadcastQueueView = defineView({
  id: 'broadcast', title: 'Broadcast queue', page: broadcastQueuePage,
  purpose: 'Send what the vault signed to the network, follow it to a block, and see why anything failed. Nothing is sent twice by accident.',
});

function broadcastQueuePage(context: ViewContext, scope: Scope): Page {
  const paste = relayPasteForm(context, scope, {
    id: 'broadcast',
    heading: 'Send a signed transaction',
    endpointsLead: 'Sends to: ',
    // The vault shows the signed transaction as ur:airlock-raw-tx (raw bytes); ur:bytes from other tools is read too.
    scan: {
      expect: [RAW_TX_UR_TYPE, 'bytes'],
      title: 'Scan the signed transaction from the vault',
      text: (result) => (result.type === RAW_TX_UR_TYPE ? toHex(result.payload) : result.parts.join('\n')),
      note: 'Or paste the signed transaction (hex, or its ur: parts one a line).',
    },
    input: {
      label: 'Signed transaction',
      hint: 'Exactly what the vault showed after signing. The relay decodes it first and shows what it does; nothing is sent before you confirm.',
      placeholder: '0x02f8… or ur:bytes/… (one part a line)',
    },
    button: { label: 'Show what it does', testid: 'broadcast-decode' },
    confirm: { label: 'Broadcast to the network', testid: 'broadcast-send' },
    preview: (text) => signedTransactionCard(previewSignedTransaction(text)),
    empty: 'Paste the signed transaction first.',
    send: async (transaction, endpoints, outcome) => {
      if (await broadcast(context, scope, { transaction, endpoints }, outcome, () => void queue.load())) paste.input.value = '';
    },
    settled: () => queue.load(),
  });
  const queue = queueList(context, scope);
  // A multi-chain runbook's signed results come as one set: each item goes to its own chain's endpoints.
  const set = signedSetPanel(context, scope, () => queue.load());
  return { root: el('div', { className: 'relay-broadcast' }, [paste.form, paste.outcome, set, queue.root]) };
}

/** Sends one signed transaction and draws its outcome (the queue is read again while it waits for its block); true when it went out. */
async function broadcast(context: ViewContext, scope: Scope, request: RequestOf<'relay.broadcast'>, outcome: HTMLElement, refresh: () => void): Promise<boolean> {
  const sent = previewSignedTransaction(request.transaction).summary;
  replace(outcome, [
    el('p', { className: 'dialog-busy', testid: 'broadcast-busy', attrs: { role: 'status' } }, [el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), 'Sending and waiting for a block…']),
    el('p', { className: 'muted' }, [sent]),
  ]);
  const refreshing = setInterval(refresh, QUEUE_REFRESH_MS);
  try {
    const result = await context.bridge.call('relay.broadcast', request);
    if (!scope.shown()) return false;
    replace(outcome, [broadcastResult(result, sent)]);
    return isGood(result.status);
  } finally {
    clearInterval(refreshing);
  }
}

/** The queue panel: every broadcast and its state, followed while anything is on its way to a block. */
function queueList({ bridge }: ViewContext, scope: Scope): { root: HTMLElement; load(): Promise<void> } {
  const queue = el('div', { testid: 'queue' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  scope.onDispose(() => clearTimeout(timer));
  const load = (): Promise<void> =>
    loadInto(queue, {
      scope,
      errorTestId: 'queue-error',
      read: () => bridge.call('relay.queue', {}),
      draw: ({ broadcasts }) => {
        clearTimeout(timer);
        if (broadcasts.some((b) => b.status === 'sent' || b.status === 'queued')) timer = setTimeout(() => void load(), QUEUE_REFRESH_MS);
        return [relayQueueTable(broadcasts)];
      },
    });
  void load();
  const root = el('div', { className: 'panel' }, [
    el('div', { className: 'relay-queue-head' }, [
      el('h2', { className: 'panel-title' }, ['Queue']),
      el('button', { className: 'button button-small', testid: 'queue-refresh', attrs: { type: 'button' }, on: { click: () => void load() } }, ['Refresh']),
    ]),
    queue,
  ]);
  return { root, load };
}

type BroadcastResult = ResponseOf<'relay.broadcast'>;

const isGood = (status: BroadcastResult['status']) => status === 'confirmed' || status === 'sent' || status === 'queued';

function broadcastResult(result: BroadcastResult, sent: string): HTMLElement {
  const good = isGood(result.status);
  return el('div', { className: `notice ${good ? 'notice-info relay-broadcast-ok' : 'notice-error'}`, testid: 'broadcast-result', attrs: { 'data-status': result.status, role: good ? 'status' : 'alert' } }, [
    el('p', { className: 'notice-message' }, [
      `${STATUS_LABELS[result.status]}${result.blockNumber ? ` in block ${result.blockNumber}` : ''}${result.alreadyQueued ? ' (already in the queue: followed, not sent again)' : ''}`,
    ]),
    el('p', {}, ['Transaction ', el('code', { className: 'hash', testid: 'broadcast-hash' }, [result.txHash])]),
    el('p', { testid: 'broadcast-sent' }, [sent]),
    result.detail ? el('p', { testid: 'broadcast-detail' }, [result.detail]) : null,
  ]);
}
