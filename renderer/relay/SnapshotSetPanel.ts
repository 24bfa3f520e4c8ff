// Take snapshot's "several chains at once" (relay): each chain read from its own endpoints, typed CHAIN=URL (as the
// CLI's --rpc CHAIN=URL), the accounts and Safes of the form above read on every chain, all signed in one go and shown
// as ONE animated QR (ur:airlock-snapshot-set) with a line per chain above it: block, endpoints, warnings. The vault
// imports every chain of it or none. The logic is SnapshotSetModel.ts and ChainEndpointsModel.ts.
import { SNAPSHOT_SET_UR_TYPE } from '../../shared/airgap/airlock-types';
import type { PublicError } from '../../shared/errors';
import { el, replace } from '../app/dom';
import type { ViewContext } from '../app/view';
import { animatedQr, type AnimatedQr } from '../components/AnimatedQr';
import { errorNotice } from '../ui/ErrorNotice';
import { field } from '../ui/Field';
import { parseChainEndpointLines, setRefusal } from './ChainEndpointsModel';
import type { RelaySnapshotForm } from './RelaySnapshotForm';
import { snapshotSetOrder, snapshotSetSummary, type ChainSummary } from './SnapshotSetModel';

export interface SnapshotSetPanel {
  root: HTMLElement;
  dispose(): void;
}

export function snapshotSetPanel(context: ViewContext, form: RelaySnapshotForm): SnapshotSetPanel {
  const chains = el('textarea', { className: 'input relay-lines', testid: 'snapshot-set-endpoints', attrs: { rows: '3', spellcheck: 'false', autocomplete: 'off', placeholder: '1=https://rpc.example.org\n10=https://optimism.example.org' } });
  const take = el('button', { className: 'button', testid: 'snapshot-set-take', attrs: { type: 'button' }, on: { click: () => void run() } }, ['Take the snapshots of every chain']);
  const out = el('div', { testid: 'snapshot-set-out', attrs: { 'aria-live': 'polite' } });
  let qr: AnimatedQr | null = null;
  let disposed = false;
  const refuse = (error: PublicError) => replace(out, [errorNotice(error, 'snapshot-set-error')]);

  async function run(): Promise<void> {
    qr?.dispose();
    qr = null;
    const read = form.read();
    if ('problem' in read) return refuse({ code: 'snapshot-order-invalid', message: read.problem });
    let request;
    try {
      request = snapshotSetOrder(parseChainEndpointLines(chains.value), read.order);
    } catch (error) {
      return refuse(setRefusal(error));
    }
    take.disabled = true;
    replace(out, [el('p', { className: 'dialog-busy', testid: 'snapshot-set-progress', attrs: { role: 'status' } }, [el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), `Reading ${request.chains.length} chain(s) and signing…`])]);
    try {
      const { set } = await context.bridge.call('relay.snapshotSet', request);
      if (disposed) return;
      const json = JSON.stringify(set);
      qr = animatedQr({ source: { type: SNAPSHOT_SET_UR_TYPE, payload: new TextEncoder().encode(json) }, destination: 'vault', label: `Signed snapshots of ${set.snapshots.length} chains` });
      replace(out, [result(snapshotSetSummary(set), json, qr.root)]);
    } catch (error) {
      if (!disposed) refuse(setRefusal(error));
    } finally {
      take.disabled = false;
    }
  }

  return {
    root: el('section', { className: 'panel', testid: 'snapshot-set' }, [
      el('h2', { className: 'panel-title' }, ['Several chains at once']),
      el('p', { className: 'field-hint' }, ['For a runbook over several chains: the accounts, Safes, tokens and positions above are read on every chain, each from its own endpoints, and carried to the vault as one transfer.']),
      field({ label: 'Endpoints per chain', control: chains, hint: 'One CHAIN=URL a line (several lines for one chain cross-check it). Each endpoint must serve the chain it is named for.' }),
      take,
      out,
    ]),
    dispose() {
      disposed = true;
      qr?.dispose();
    },
  };
}

function result(summary: ChainSummary[], json: string, qr: HTMLElement): HTMLElement {
  const copy = el('textarea', { className: 'input relay-snapshot-json', testid: 'snapshot-set-json', attrs: { rows: '3', readonly: '', spellcheck: 'false' } });
  copy.value = json;
  return el('div', { className: 'relay-snapshot-result', testid: 'snapshot-set-result' }, [
    el('table', { className: 'data-table', testid: 'snapshot-set-summary' }, [
      el('caption', {}, [`Signed snapshots of ${summary.length} chain(s), one transfer`]),
      el('thead', {}, [el('tr', {}, ['Chain', 'Block', 'Endpoints', 'Read', 'Warnings'].map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]),
      el(
        'tbody',
        {},
        summary.map((c) =>
          el('tr', { testid: 'snapshot-set-chain', attrs: { 'data-chain': c.chainId, 'data-block': c.blockNumber } }, [
            el('td', {}, [c.chainId]),
            el('td', {}, [c.blockNumber]),
            el('td', {}, [String(c.endpoints)]),
            el('td', {}, [`${c.accounts} account(s), ${c.safes} Safe(s)`]),
            el('td', { testid: 'snapshot-set-warnings' }, [c.warnings.length ? c.warnings.join(' ') : 'none']),
          ]),
        ),
      ),
    ]),
    el('h3', { className: 'snapshot-section-title' }, ['Show this to the vault']),
    el('p', { className: 'muted' }, ['On the vault: Snapshots & positions → Import, with every chain id listed. It imports every chain or none.']),
    qr,
    el('details', { className: 'relay-snapshot-copy' }, [el('summary', {}, ['Snapshot set as text (to copy when no camera is at hand)']), copy]),
  ]);
}
