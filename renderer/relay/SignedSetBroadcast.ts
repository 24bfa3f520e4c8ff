// The Broadcast queue's signed-set panel (relay): scan or paste the vault's signed set of a multi-chain runbook, see
// every item decoded per chain (what it does, its fingerprint) before anything is sent, send only on an explicit
// click to each chain's own endpoints (typed CHAIN=URL, as the CLI's --rpc), then a per-chain status table. Editing
// the set withdraws the preview, so what is sent is exactly what was shown. The logic is SignedSetModel.ts.
import { SIGNED_SET_UR_TYPE } from '../../shared/airgap/airlock-types';
import type { PublicError } from '../../shared/errors';
import type { SignedSetItemPreview } from '../../shared/relay/signed-set';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import type { Scope } from '../app/scope';
import type { ViewContext } from '../app/view';
import { scanButton } from '../airgap/ScanButton';
import { errorNotice } from '../ui/ErrorNotice';
import { field } from '../ui/Field';
import { STATUS_LABELS } from './RelayQueueTable';
import { safeSignatureCard, signedTransactionCard } from './ScannedPreview';
import { parseChainEndpointLines, setRefusal } from './ChainEndpointsModel';
import { emptyRefusal, PreviewGate } from './RelayPreviewModel';
import { endpointsForSet, previewSetText, setStatus, type SetChainStatus, type SetItemStatus, type SetPreview } from './SignedSetModel';

const LABELS: Readonly<Record<SetItemStatus, string>> = {
  ...STATUS_LABELS,
  collected: '◐ Owner signature kept, more needed',
  complete: '● Owner signatures complete',
  failed: '✕ Refused',
};

/** Drawn in the page's `scope`; settled is called after each send, answered or refused (e.g. read the queue again). */
export function signedSetPanel(context: ViewContext, scope: Scope, settled: () => Promise<void>): HTMLElement {
  const scan = scope.own(scanButton({
    bridge: context.bridge,
    expect: [SIGNED_SET_UR_TYPE],
    title: 'Scan the signed set from the vault',
    testid: 'set-scan',
    onResult: (result) => {
      input.value = result.parts.join('\n');
      show();
    },
  }));
  const input = el('textarea', { className: 'input relay-lines', testid: 'set-input', attrs: { rows: '4', spellcheck: 'false', autocomplete: 'off', placeholder: 'ur:airlock-signed-set/… (one part a line) or its JSON' } });
  const chains = el('textarea', { className: 'input relay-lines', testid: 'set-endpoints', attrs: { rows: '3', spellcheck: 'false', autocomplete: 'off', placeholder: '1=https://rpc.example.org\n10=https://optimism.example.org' } });
  const outcome = el('div', { testid: 'set-outcome', attrs: { 'aria-live': 'polite' } });
  const gate = new PreviewGate<SetPreview>();
  const refuse = (error: PublicError) => {
    gate.drop();
    replace(outcome, [errorNotice(error, 'set-error')]);
  };

  function show(): void {
    const text = input.value.trim();
    if (!text) return refuse(emptyRefusal('set', 'Paste or scan the signed set first.'));
    let preview: SetPreview;
    try {
      preview = previewSetText(text);
    } catch (error) {
      return refuse(setRefusal(error));
    }
    gate.show(preview);
    const confirm = el('button', { className: 'button button-primary', testid: 'set-send', attrs: { type: 'button' }, on: { click: () => void send(preview, confirm) } }, ['Broadcast each on its chain']);
    replace(outcome, [el('div', { className: 'panel relay-preview', testid: 'set-preview' }, [...preview.chains.map(chainPreview), confirm])]);
  }

  async function send(preview: SetPreview, confirm: HTMLButtonElement): Promise<void> {
    if (!gate.isShown(preview)) return;
    let given;
    try {
      given = endpointsForSet(preview, parseChainEndpointLines(chains.value));
    } catch (error) {
      return refuse(setRefusal(error));
    }
    gate.drop();
    confirm.disabled = true;
    replace(outcome, [el('p', { className: 'dialog-busy', testid: 'set-busy', attrs: { role: 'status' } }, [el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), 'Sending each on its chain and waiting for blocks…'])]);
    try {
      const result = await context.bridge.call('relay.broadcastSet', { set: preview.text, chains: given });
      if (scope.shown()) replace(outcome, [statusTable(setStatus(result.chains))]);
    } catch (error) {
      if (scope.shown()) refuse(toPublicError(error));
    } finally {
      await settled();
    }
  }

  const form = el('form', { className: 'panel', testid: 'set-form', attrs: { novalidate: '' } }, [
    el('h2', { className: 'panel-title' }, ['Send a signed set (several chains)']),
    el('div', { className: 'relay-scanner-slot' }, [scan.root, el('p', { className: 'muted' }, ['Or paste the signed set (its ur: parts one a line, or its JSON).'])]),
    field({ label: 'Signed set', control: input, hint: 'Exactly what the vault showed as "the signed set". The relay decodes every item first; nothing is sent before you confirm.' }),
    field({ label: 'Endpoints per chain', control: chains, hint: 'One CHAIN=URL a line, for every chain of the set (several lines for one chain cross-check it).' }),
    el('button', { className: 'button', testid: 'set-decode', attrs: { type: 'submit' } }, ['Show what each does']),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    show();
  });
  input.addEventListener('input', () => gate.withdraw() && replace(outcome, []));
  return el('div', { className: 'relay-set' }, [form, outcome]);
}

function chainPreview(chain: SetPreview['chains'][number]): HTMLElement {
  return el('section', { className: 'relay-set-chain', testid: 'set-chain', attrs: { 'data-chain': chain.chainId } }, [
    el('h3', {}, [`Chain ${chain.chainId}: ${chain.items.length} item${chain.items.length === 1 ? '' : 's'}`]),
    ...chain.items.map(itemCard),
  ]);
}

function itemCard(item: SignedSetItemPreview): HTMLElement {
  const card = item.kind === 'transaction' ? signedTransactionCard(item.transaction) : safeSignatureCard(item.safeSignature);
  return el('div', { className: 'relay-set-item', testid: 'set-item', attrs: { 'data-draft': String(item.draft), 'data-kind': item.kind } }, [el('p', { className: 'muted' }, [`Draft ${item.draft}`]), card]);
}

function statusTable(chains: SetChainStatus[]): HTMLElement {
  const allOk = chains.every((c) => c.ok);
  return el('div', { className: `notice ${allOk ? 'notice-info' : 'notice-error'}`, testid: 'set-result', attrs: { 'data-ok': String(allOk), role: allOk ? 'status' : 'alert' } }, [
    el('p', { className: 'notice-message' }, [allOk ? 'Every chain is done.' : 'Not every chain is done: see each line.']),
    el('table', { className: 'data-table', testid: 'set-status-table' }, [
      el('thead', {}, [el('tr', {}, ['Chain', 'Draft', 'Status', 'Block', 'Hash', 'Detail'].map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]),
      el(
        'tbody',
        {},
        chains.flatMap((chain) =>
          chain.rows.map((row) =>
            el('tr', { testid: 'set-status-row', attrs: { 'data-chain': row.chainId, 'data-status': row.status } }, [
              el('td', {}, [row.chainId]),
              el('td', {}, [String(row.draft)]),
              el('td', { testid: 'set-status' }, [`${LABELS[row.status] ?? row.status}${row.alreadyQueued ? ' (already queued: followed, not sent again)' : ''}`]),
              el('td', { testid: 'set-block' }, [row.blockNumber ?? '—']),
              el('td', {}, [el('code', { className: 'hash relay-wrap', testid: 'set-hash' }, [row.hash])]),
              el('td', {}, [row.detail]),
            ]),
          ),
        ),
      ),
    ]),
  ]);
}
