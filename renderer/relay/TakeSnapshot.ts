// The Take snapshot view (relay): read accounts, Safes, tokens and positions at one block from the
// endpoints, sign it with the relay key, show what was read and the signed snapshot as a QR for the vault; or the
// same order on several chains at once, one QR for the set (SnapshotSetPanel).
import { parseWatchList, WATCH_LIST_UR_TYPE } from '../../shared/airgap/watch-list';
import type { SignedSnapshot } from '../../shared/snapshot/schema';
import type { PublicError } from '../../shared/errors';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import type { Disposable, Scope } from '../app/scope';
import { defineView, type Page, type ViewContext } from '../app/view';
import { animatedQr, type AnimatedQr } from '../components/AnimatedQr';
import { errorNotice } from '../ui/ErrorNotice';
import { endpointLine } from './EndpointLine';
import { relaySnapshotForm } from './RelaySnapshotForm';
import { snapshotSetPanel } from './SnapshotSetPanel';
import { scanButton } from '../airgap/ScanButton';
import { addressLabels, snapshotDetails, type AddressLabels } from '../snapshots/SnapshotDetails';
import { progressLine, readingLead, snapshotRequest, snapshotSummary } from './TakeSnapshotModel';

/** The UR type the snapshot QR carries: the signed snapshot JSON as UTF-8 bytes. */
import { SNAPSHOT_UR_TYPE } from '../../shared/airgap/airlock-types';
export { SNAPSHOT_UR_TYPE };

export const takeSnapshotView = defineView({
  id: 'take-snapshot', title: 'Take snapshot', page: takeSnapshotPage,
  purpose: 'Read balances, nonces, Safe configurations and fees at one block, sign them with the relay key, and carry them to the vault by QR.',
});

function takeSnapshotPage(context: ViewContext, scope: Scope): Page {
  const form = relaySnapshotForm();
  const status = el('div', { testid: 'snapshot-status', attrs: { 'aria-live': 'polite' } });
  const result = el('div', { testid: 'snapshot-result-slot' });
  const take = el('button', { className: 'button button-primary button-large', testid: 'snapshot-take', attrs: { type: 'submit' } }, ['Take snapshot']);
  const qr = scope.slot<AnimatedQr>();
  const progress = scope.slot<Disposable>();
  // The vault's labels for its accounts and Safes, from its scanned watch list: the result shows them by name.
  let labels: AddressLabels = addressLabels([]);
  const showProblem = (error: PublicError) => replace(status, [errorNotice(error, 'snapshot-error')]);

  async function run(): Promise<void> {
    const asked = snapshotRequest(context.relayEndpoints.list(), form.read());
    qr.clear();
    replace(result, []);
    if ('problem' in asked) return showProblem({ code: 'snapshot-order-invalid', message: asked.problem });
    take.disabled = true;
    progress.hold({ dispose: showProgress(status, asked.request.endpoints.length) });
    try {
      const { snapshot } = await context.bridge.call('relay.snapshot', asked.request);
      if (!scope.shown()) return;
      replace(status, []);
      const json = JSON.stringify(snapshot);
      const code = qr.hold(animatedQr({ source: { type: SNAPSHOT_UR_TYPE, payload: new TextEncoder().encode(json) }, destination: 'vault', label: 'Signed chain snapshot' }));
      replace(result, [snapshotResult(snapshot, json, code.root, labels)]);
      result.scrollIntoView({ block: 'start' });
    } catch (error) {
      if (scope.shown()) showProblem(toPublicError(error));
    } finally {
      progress.clear();
      take.disabled = false;
    }
  }

  // The vault shows its watch list as a QR code: its accounts and Safes, so nothing has to be typed here.
  const scan = scope.own(
    scanButton({
      bridge: context.bridge,
      expect: [WATCH_LIST_UR_TYPE],
      title: "Scan the vault's watch list",
      label: "Scan the vault's watch list",
      testid: 'watch-list-scan',
      onResult: (scanned) => {
        try {
          const list = parseWatchList(scanned.payload);
          form.useWatchList(list);
          labels = addressLabels([...list.accounts, ...list.safes]);
        } catch (error) {
          showProblem(toPublicError(error));
        }
      },
    }),
  );
  const order = el('form', { className: 'panel', testid: 'snapshot-order', attrs: { novalidate: '' }, on: { submit: (event) => (event.preventDefault(), void run()) } }, [
    el('h2', { className: 'panel-title' }, ['What to read']),
    scope.own(endpointLine(context.relayEndpoints, 'snapshot-endpoints', readingLead)).root,
    scan.root,
    form.root,
    take,
  ]);
  // A runbook over several chains: the same order read on each chain, one QR for the set.
  return { root: el('div', { className: 'relay-take-snapshot' }, [order, status, result, snapshotSetPanel(context, scope, form)]) };
}

/** The reading line with the seconds passed; returns the function that stops its clock. */
function showProgress(status: HTMLElement, endpoints: number): () => void {
  const started = Date.now();
  const line = el('span', { testid: 'snapshot-progress-text' }, ['Reading chain state…']);
  replace(status, [el('p', { className: 'dialog-busy', testid: 'snapshot-progress', attrs: { role: 'status' } }, [el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), line])]);
  const timer = setInterval(() => (line.textContent = progressLine(endpoints, Math.round((Date.now() - started) / 1000))), 1000);
  return () => clearInterval(timer);
}

/** The signed snapshot: what was read, its QR for the vault, and its text to copy. */
function snapshotResult(snapshot: SignedSnapshot, json: string, qr: HTMLElement, labels: AddressLabels): HTMLElement {
  const disagreements = snapshot.crossCheck.disagreements.length;
  const copy = el('textarea', { className: 'input relay-snapshot-json', testid: 'snapshot-json', attrs: { rows: '4', readonly: '', spellcheck: 'false' } });
  copy.value = json;
  return el('div', { className: `panel relay-snapshot-result${disagreements ? ' relay-snapshot-disagree' : ''}`, testid: 'snapshot-result', attrs: { 'data-block': snapshot.blockNumber } }, [
    el('h2', { className: 'panel-title', testid: 'snapshot-summary' }, [snapshotSummary(snapshot)]),
    el('div', { className: 'relay-snapshot-qr' }, [
      el('h3', { className: 'snapshot-section-title' }, ['Show this to the vault']),
      el('p', { className: 'muted' }, ['On the vault: Snapshots & positions → Import. The vault checks the relay key, the Merkle root and the chain before it keeps anything.']),
      qr,
      el('details', { className: 'relay-snapshot-copy' }, [el('summary', {}, ['Snapshot as text (to copy when no camera is at hand)']), copy]),
    ]),
    snapshotDetails(snapshot, labels),
  ]);
}
