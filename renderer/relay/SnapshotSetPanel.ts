// Take snapshot's "several chains at once" (relay): each chain read from its own endpoints, typed CHAIN=URL (as the
// CLI's --rpc CHAIN=URL) or filled from the saved endpoints whose chain is known, the accounts and Safes of the form
// above read on every chain, all signed in one go and shown as ONE animated QR (ur:airlock-snapshot-set) with a line
// per chain above it: block, the endpoints it was read from, warnings. Before taking, each chain's targets are listed
// as typed. The vault imports every chain of it or none. The logic is SnapshotSetModel.ts and ChainEndpointsModel.ts.
import { SNAPSHOT_SET_UR_TYPE } from '../../shared/airgap/airlock-types';
import type { PublicError } from '../../shared/errors';
import { el, replace } from '../app/dom';
import type { Scope } from '../app/scope';
import type { ViewContext } from '../app/view';
import { animatedQr, type AnimatedQr } from '../components/AnimatedQr';
import { errorNotice } from '../ui/ErrorNotice';
import { field } from '../ui/Field';
import { setRefusal } from './ChainEndpointsModel';
import type { RelaySnapshotForm } from './RelaySnapshotForm';
import { savedChainLines, savedNote, snapshotSetRequest, snapshotSetSummary, targetsSentence, typedTargets, type ChainSummary } from './SnapshotSetModel';

/** The panel, drawn in the page's `scope` (its QR goes with it); `form` is Take snapshot's order, read on every chain. */
export function snapshotSetPanel({ bridge, relayEndpoints }: ViewContext, scope: Scope, form: RelaySnapshotForm): HTMLElement {
  const chains = el('textarea', {
    className: 'input relay-lines',
    testid: 'snapshot-set-endpoints',
    attrs: { rows: '3', spellcheck: 'false', autocomplete: 'off', placeholder: '1=https://rpc.example.org\n10=https://optimism.example.org' },
    on: { input: () => showTargets() },
  });
  const targets = el('ul', { className: 'relay-set-targets', testid: 'snapshot-set-plan', attrs: { 'aria-live': 'polite' } });
  const note = el('p', { className: 'field-hint', testid: 'snapshot-set-saved-note' });
  const useSaved = el('button', { className: 'button', testid: 'snapshot-set-use-saved', attrs: { type: 'button' }, on: { click: () => void fillSaved() } }, ['Use the saved endpoints']);
  const take = el('button', { className: 'button', testid: 'snapshot-set-take', attrs: { type: 'button' }, on: { click: () => void run() } }, ['Take the snapshots of every chain']);
  const out = el('div', { testid: 'snapshot-set-out', attrs: { 'aria-live': 'polite' } });
  const qr = scope.slot<AnimatedQr>();
  const refuse = (error: PublicError) => replace(out, [errorNotice(error, 'snapshot-set-error')]);

  /** Which endpoints each chain will be read from, as typed. */
  const showTargets = () =>
    replace(targets, typedTargets(chains.value).map((c) => el('li', { testid: 'snapshot-set-target', attrs: { 'data-chain': c.chainId } }, [`Chain ${c.chainId}: ${targetsSentence(c.targets)}`])));

  /** The saved endpoints whose chain the relay recorded, one CHAIN=URL a line; the others are named as unknown. */
  async function fillSaved(): Promise<void> {
    try {
      const { chains: saved } = await bridge.call('relay.endpoints', {});
      if (!scope.shown()) return;
      const { text, unknown } = savedChainLines(saved);
      chains.value = text;
      showTargets();
      replace(note, [savedNote(unknown)]);
    } catch (error) {
      if (scope.shown()) refuse(setRefusal(error));
    }
  }

  async function run(): Promise<void> {
    qr.clear();
    const asked = snapshotSetRequest(chains.value, form.read());
    if ('refusal' in asked) return refuse(asked.refusal);
    take.disabled = true;
    replace(out, [el('p', { className: 'dialog-busy', testid: 'snapshot-set-progress', attrs: { role: 'status' } }, [el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), `Reading ${asked.request.chains.length} chain(s) and signing…`])]);
    try {
      const { set } = await bridge.call('relay.snapshotSet', asked.request);
      if (!scope.shown()) return;
      const json = JSON.stringify(set);
      const code = qr.hold(animatedQr({ source: { type: SNAPSHOT_SET_UR_TYPE, payload: new TextEncoder().encode(json) }, destination: 'vault', label: `Signed snapshots of ${set.snapshots.length} chains` }));
      replace(out, [result(snapshotSetSummary(set, asked.request), json, code.root)]);
    } catch (error) {
      if (scope.shown()) refuse(setRefusal(error));
    } finally {
      take.disabled = false;
    }
  }

  return el('section', { className: 'panel', testid: 'snapshot-set' }, [
    el('h2', { className: 'panel-title' }, ['Several chains at once']),
    el('p', { className: 'field-hint' }, ['For a runbook over several chains: the accounts, Safes, tokens and positions above are read on every chain, each from its own endpoints, and carried to the vault as one transfer.']),
    field({ label: 'Endpoints per chain', control: chains, hint: 'One CHAIN=URL a line (several lines for one chain cross-check it). Each endpoint must serve the chain it is named for.' }),
    ...(relayEndpoints.persistent ? [useSaved, note] : []),
    targets,
    take,
    out,
  ]);
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
