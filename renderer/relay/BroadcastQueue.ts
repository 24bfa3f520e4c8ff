// The Broadcast queue view (relay): paste (or, once the camera scanner lands, scan) a transaction the
// vault signed, send it to the endpoints and follow it to a receipt; the queue shows every state, per endpoint.
import { toHex } from '../../shared/bytes';
import { RAW_TX_UR_TYPE } from '../../shared/airgap/airlock-types';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { defineView, type ViewContext } from '../app/view';
import { errorNotice } from '../ui/ErrorNotice';
import { field } from '../ui/Field';
import { endpointLine } from './EndpointLine';
import { relayQueueTable, STATUS_LABELS } from './RelayQueueTable';
import { scanButton } from '../airgap/ScanButton';

/** While a transaction waits for its block, the queue is read again this often. */
const QUEUE_REFRESH_MS = 3000;

export const broadcastQueueView = defineView({
  id: 'broadcast',
  title: 'Broadcast queue',
  purpose:
    'Send what the vault signed to the network, follow it to a block, and see why anything failed. Nothing is sent twice by accident.',
  page: (context) => createPage(context),
});

function createPage(context: ViewContext) {
  const input = el('textarea', { className: 'input relay-lines', testid: 'broadcast-input', attrs: { rows: '4', spellcheck: 'false', autocomplete: 'off', placeholder: '0x02f8… or ur:bytes/… (one part a line)' } });
  const send = el('button', { className: 'button button-primary', testid: 'broadcast-send', attrs: { type: 'submit' } }, ['Send to the network']);
  // The vault shows the signed transaction as ur:airlock-raw-tx (raw bytes); ur:bytes from other tools is read too.
  const scan = scanButton({
    bridge: context.bridge,
    expect: [RAW_TX_UR_TYPE, 'bytes'],
    title: 'Scan the signed transaction from the vault',
    testid: 'broadcast-scan',
    onResult: (result) => page.scanned(result.type === RAW_TX_UR_TYPE ? toHex(result.payload) : result.parts.join('\n')),
  });
  const scannerSlot = el('div', { className: 'relay-scanner-slot', testid: 'broadcast-scanner-slot' }, [
    scan.root,
    el('p', { className: 'muted' }, ['Or paste the signed transaction (hex, or its ur: parts one a line).']),
  ]);
  const line = endpointLine(context.relayEndpoints, 'broadcast-endpoints', () => 'Sends to: ');
  const outcome = el('div', { testid: 'broadcast-outcome', attrs: { 'aria-live': 'polite' } });
  const queue = el('div', { testid: 'queue' });
  const form = el('form', { className: 'panel', testid: 'broadcast-form', attrs: { novalidate: '' } }, [
    el('h2', { className: 'panel-title' }, ['Send a signed transaction']),
    line.root,
    scannerSlot,
    field({ label: 'Signed transaction', control: input, hint: 'Exactly what the vault showed after signing. The relay decodes it and refuses anything that is not a signed transaction.' }),
    send,
  ]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void broadcast(input.value.trim());
  });

  async function broadcast(transaction: string): Promise<void> {
    const endpoints = context.relayEndpoints.list();
    if (!transaction) return void replace(outcome, [errorNotice({ code: 'broadcast-empty', message: 'Paste the signed transaction first.' }, 'broadcast-error')]);
    if (endpoints.length === 0) return void replace(outcome, [errorNotice({ code: 'broadcast-no-endpoint', message: 'Add at least one RPC endpoint in Endpoints first.' }, 'broadcast-error')]);
    send.disabled = true;
    replace(outcome, [
      el('p', { className: 'dialog-busy', testid: 'broadcast-busy', attrs: { role: 'status' } }, [el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), 'Sending and waiting for a block…']),
    ]);
    const refreshing = setInterval(() => void loadQueue(), QUEUE_REFRESH_MS);
    try {
      const result = await context.bridge.call('relay.broadcast', { transaction, endpoints: [...endpoints] });
      if (disposed) return;
      const good = result.status === 'confirmed' || result.status === 'sent' || result.status === 'queued';
      replace(outcome, [
        el('div', { className: `notice ${good ? 'notice-info relay-broadcast-ok' : 'notice-error'}`, testid: 'broadcast-result', attrs: { 'data-status': result.status, role: good ? 'status' : 'alert' } }, [
          el('p', { className: 'notice-message' }, [
            `${STATUS_LABELS[result.status]}${result.blockNumber ? ` in block ${result.blockNumber}` : ''}${result.alreadyQueued ? ' (already in the queue: followed, not sent again)' : ''}`,
          ]),
          el('p', {}, ['Transaction ', el('code', { className: 'hash', testid: 'broadcast-hash' }, [result.txHash])]),
          result.detail ? el('p', { testid: 'broadcast-detail' }, [result.detail]) : null,
        ]),
      ]);
      if (good) input.value = '';
    } catch (error) {
      if (!disposed) replace(outcome, [errorNotice(toPublicError(error), 'broadcast-error')]);
    } finally {
      clearInterval(refreshing);
      send.disabled = false;
      await loadQueue();
    }
  }

  async function loadQueue(): Promise<void> {
    try {
      const { broadcasts } = await context.bridge.call('relay.queue', {});
      if (disposed) return;
      replace(queue, [relayQueueTable(broadcasts)]);
      // Follow anything still on its way to a block.
      clearTimeout(timer);
      if (broadcasts.some((b) => b.status === 'sent' || b.status === 'queued')) timer = setTimeout(() => void loadQueue(), QUEUE_REFRESH_MS);
    } catch (error) {
      if (!disposed) replace(queue, [errorNotice(toPublicError(error), 'queue-error')]);
    }
  }
  void loadQueue();

  const page = {
    root: el('div', { className: 'relay-broadcast' }, [
      form,
      outcome,
      el('div', { className: 'panel' }, [
        el('div', { className: 'relay-queue-head' }, [
          el('h2', { className: 'panel-title' }, ['Queue']),
          el('button', { className: 'button button-small', testid: 'queue-refresh', attrs: { type: 'button' }, on: { click: () => void loadQueue() } }, ['Refresh']),
        ]),
        queue,
      ]),
    ]),
    /** For the camera scanner: put what was scanned in the box and send it. */
    scanned(text: string) {
      input.value = text;
      void broadcast(text.trim());
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      line.dispose();
      scan.dispose();
    },
  };
  return page;
}
