// Take snapshot's "several chains at once" (relay): each chain read from its own endpoints, typed CHAIN=URL (as the
// CLI's --rpc CHAIN=URL) or filled from the saved endpoints whose chain is known, the accounts and Safes of the form
// above read on every chain, all signed in one go and shown as ONE animated QR (ur:airlock-snapshot-set) with a line
// per chain above it: block, the endpoints it was read from, warnings. Before taking, each chain's targets are listed
// as typed. The vault imports every chain of it or none. The logic is SnapshotSetModel.ts and ChainEndpointsModel.ts.
import { SNAPSHOT_SET_UR_TYPE } from '../../shared/airgap/airlock-types';
import type { PublicError } from '../../shared/errors';
import { el, replace } from '../app/dom';
import type { ViewContext } from '../app/view';
import { animatedQr, type AnimatedQr } from '../components/AnimatedQr';
import { errorNotice } from '../ui/ErrorNotice';
import { field } from '../ui/Field';
import { parseChainEndpointLines, setRefusal } from './ChainEndpointsModel';
import type { RelaySnapshotForm } from './RelaySnapshotForm';
import { chainTargets, savedChainLines, snapshotSetOrder, snapshotSetSummary, targetsSentence, type ChainSummary } from './SnapshotSetModel';

export interface SnapshotSetPanel {
  root: HTMLElement;
  dispose(): void;
}

export function snapshotSetPanel(context: ViewContext, form: RelaySnapshotForm): SnapshotSetPanel {
  const chains = el('textarea', {
    className: 'input relay-lines',
    testid: 'snapshot-set-endpoints',
    attrs: { rows: '3', spellcheck: 'false', autocomplete: 'off', placeholder: '1=https://rpc.example.org\n10=https://optimism.example.org' },
    on: { input: () => showTargets() },
  });
  const targets = el('ul', { className: 'relay-set-targets', testid: 'snapshot-set-plan', attrs: { 'aria-live': 'polite' } });
  const savedNote = el('p', { className: 'field-hint', testid: 'snapshot-set-saved-note' });
  const useSaved = el('button', { className: 'button', testid: 'snapshot-set-use-saved', attrs: { type: 'button' }, on: { click: () => void fillSaved() } }, ['Use the saved endpoints']);
  const take = el('button', { className: 'button', testid: 'snapshot-set-take', attrs: { type: 'button' }, on: { click: () => void run() } }, ['Take the snapshots of every chain']);
  const out = el('div', { testid: 'snapshot-set-out', attrs: { 'aria-live': 'polite' } });
  let qr: AnimatedQr | null = null;
  let disposed = false;
  const refuse = (error: PublicError) => replace(out, [errorNotice(error, 'snapshot-set-error')]);

  /** Which endpoints each chain will be read from, as typed; nothing while the lines do not parse (taking says why). */
  function showTargets(): void {
    let typed;
    try {
      typed = chainTargets(parseChainEndpointLines(chains.value));
    } catch {
      return replace(targets, []);
    }
    replace(targets, typed.map((c) => el('li', { testid: 'snapshot-set-target', attrs: { 'data-chain': c.chainId } }, [`Chain ${c.chainId}: ${targetsSentence(c.targets)}`])));
  }

  /** The saved endpoints whose chain the relay recorded, one CHAIN=URL a line; the others are named as unknown. */
  async function fillSaved(): Promise<void> {
    try {
      const { chains: saved } = await context.bridge.call('relay.endpoints', {});
      if (disposed) return;
      const { text, unknown } = savedChainLines(saved);
      chains.value = text;
      showTargets();
      replace(savedNote, [
        unknown === 0
          ? 'Filled from the saved endpoints, each on the chain it answered.'
          : `${unknown} saved endpoint(s) have not answered yet, so their chain is unknown and they are left out: take one snapshot with them above first, or type them here.`,
      ]);
    } catch (error) {
      if (!disposed) refuse(setRefusal(error));
    }
  }

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
      replace(out, [result(snapshotSetSummary(set, request), json, qr.root)]);
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
      ...(context.relayEndpoints.persistent ? [useSaved, savedNote] : []),
      targets,
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
            el('td', { testid: 'snapshot-set-targets' }, [c.targets.length ? targetsSentence(c.targets) : String(c.endpoints)]),
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
