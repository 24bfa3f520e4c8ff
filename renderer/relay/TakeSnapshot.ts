// The Take snapshot view (relay): read accounts, Safes, tokens and positions at one block from the
// endpoints, sign it with the relay key, show what was read and the signed snapshot as a QR for the vault; or the
// same order on several chains at once, one QR for the set (SnapshotSetPanel).
import { parseWatchList, WATCH_LIST_UR_TYPE } from '../../shared/airgap/watch-list';
import type { SignedSnapshot } from '../../shared/snapshot/schema';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { defineView, type ViewContext } from '../app/view';
import { animatedQr, type AnimatedQr } from '../components/AnimatedQr';
import { errorNotice } from '../ui/ErrorNotice';
import { endpointLine } from './EndpointLine';
import { relaySnapshotForm } from './RelaySnapshotForm';
import { snapshotSetPanel } from './SnapshotSetPanel';
import { scanButton } from '../airgap/ScanButton';
import { addressLabels, snapshotDetails, type AddressLabels } from '../snapshots/SnapshotDetails';
import { formatEth } from '../snapshots/SnapshotFormat';

/** The UR type the snapshot QR carries: the signed snapshot JSON as UTF-8 bytes. */
import { SNAPSHOT_UR_TYPE } from '../../shared/airgap/airlock-types';
export { SNAPSHOT_UR_TYPE };

export const takeSnapshotView = defineView({
  id: 'take-snapshot',
  title: 'Take snapshot',
  purpose:
    'Read balances, nonces, Safe configurations and fees at one block, sign them with the relay key, and carry them to the vault by QR.',
  page: (context) => createPage(context),
});

function createPage(context: ViewContext) {
  const form = relaySnapshotForm();
  const line = endpointLine(context.relayEndpoints, 'snapshot-endpoints', (n) => `Reading from ${n === 1 ? 'one endpoint (not cross-checked)' : `${n} endpoints, cross-checked`}: `);
  const status = el('div', { testid: 'snapshot-status', attrs: { 'aria-live': 'polite' } });
  const result = el('div', { testid: 'snapshot-result-slot' });
  const take = el('button', { className: 'button button-primary button-large', testid: 'snapshot-take', attrs: { type: 'submit' } }, ['Take snapshot']);
  // The vault's labels for its accounts and Safes, from its scanned watch list: the result shows them by name.
  let labels: AddressLabels = addressLabels([]);
  // The vault shows its watch list as a QR code: its accounts and Safes, so nothing has to be typed here.
  const scan = scanButton({
    bridge: context.bridge,
    expect: [WATCH_LIST_UR_TYPE],
    title: "Scan the vault's watch list",
    label: "Scan the vault's watch list",
    testid: 'watch-list-scan',
    onResult: (result) => {
      try {
        const list = parseWatchList(result.payload);
        form.useWatchList(list);
        labels = addressLabels([...list.accounts, ...list.safes]);
      } catch (error) {
        replace(status, [errorNotice(toPublicError(error), 'snapshot-error')]);
      }
    },
  });
  const formEl = el('form', { className: 'panel', testid: 'snapshot-order', attrs: { novalidate: '' } }, [
    el('h2', { className: 'panel-title' }, ['What to read']),
    line.root,
    scan.root,
    form.root,
    take,
  ]);
  // A runbook over several chains: the same order read on each chain, one QR for the set.
  const several = snapshotSetPanel(context, form);
  let qr: AnimatedQr | null = null;
  let stopProgress = () => {};
  let disposed = false;

  formEl.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });

  async function run(): Promise<void> {
    const endpoints = context.relayEndpoints.list();
    const read = form.read();
    clearResult();
    if (endpoints.length === 0) return showProblem('Add at least one RPC endpoint in Endpoints first.');
    if ('problem' in read) return showProblem(read.problem);
    take.disabled = true;
    const stop = (stopProgress = showProgress(status, endpoints.length));
    try {
      const { snapshot } = await context.bridge.call('relay.snapshot', { endpoints: [...endpoints], ...read.order });
      if (disposed) return;
      replace(status, []);
      showResult(snapshot);
      result.scrollIntoView({ block: 'start' });
    } catch (error) {
      if (!disposed) replace(status, [errorNotice(toPublicError(error), 'snapshot-error')]);
    } finally {
      stop();
      take.disabled = false;
    }
  }

  function showProblem(sentence: string): void {
    replace(status, [errorNotice({ code: 'snapshot-order-invalid', message: sentence }, 'snapshot-error')]);
  }

  function clearResult(): void {
    qr?.dispose();
    qr = null;
    replace(result, []);
  }

  function showResult(snapshot: SignedSnapshot): void {
    const json = JSON.stringify(snapshot);
    qr = animatedQr({ source: { type: SNAPSHOT_UR_TYPE, payload: new TextEncoder().encode(json) }, destination: 'vault', label: 'Signed chain snapshot' });
    replace(result, [snapshotResult(snapshot, json, qr.root, labels)]);
  }

  return {
    root: el('div', { className: 'relay-take-snapshot' }, [formEl, status, result, several.root]),
    dispose() {
      disposed = true;
      scan.dispose();
      several.dispose();
      stopProgress();
      line.dispose();
      qr?.dispose();
    },
  };
}

/** The reading line with the seconds passed; returns the function that stops its clock. */
function showProgress(status: HTMLElement, endpoints: number): () => void {
  const started = Date.now();
  const progressLine = el('span', { testid: 'snapshot-progress-text' }, ['Reading chain state…']);
  replace(status, [el('p', { className: 'dialog-busy', testid: 'snapshot-progress', attrs: { role: 'status' } }, [el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), progressLine])]);
  const timer = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    progressLine.textContent = `Reading chain state from ${endpoints === 1 ? 'the endpoint' : `${endpoints} endpoints`} and signing… ${seconds} s`;
  }, 1000);
  return () => clearInterval(timer);
}

/** The signed snapshot: what was read, its QR for the vault, and its text to copy. */
function snapshotResult(snapshot: SignedSnapshot, json: string, qr: HTMLElement, labels: AddressLabels): HTMLElement {
  const disagreements = snapshot.crossCheck.disagreements.length;
  const totalWei = snapshot.accounts.reduce((sum, a) => sum + BigInt(a.balance), 0n);
  const copy = el('textarea', { className: 'input relay-snapshot-json', testid: 'snapshot-json', attrs: { rows: '4', readonly: '', spellcheck: 'false' } });
  copy.value = json;
  return el('div', { className: `panel relay-snapshot-result${disagreements ? ' relay-snapshot-disagree' : ''}`, testid: 'snapshot-result', attrs: { 'data-block': snapshot.blockNumber } }, [
    el('h2', { className: 'panel-title', testid: 'snapshot-summary' }, [
      `Signed snapshot of chain ${snapshot.chainId} at block ${snapshot.blockNumber}: ${snapshot.accounts.length} account(s) holding ${formatEth(totalWei.toString())}, ${snapshot.safes.length} Safe(s)`,
      disagreements ? ` — ${disagreements} cross-check disagreement(s)` : '',
    ]),
    el('div', { className: 'relay-snapshot-qr' }, [
      el('h3', { className: 'snapshot-section-title' }, ['Show this to the vault']),
      el('p', { className: 'muted' }, ['On the vault: Snapshots & positions → Import. The vault checks the relay key, the Merkle root and the chain before it keeps anything.']),
      qr,
      el('details', { className: 'relay-snapshot-copy' }, [el('summary', {}, ['Snapshot as text (to copy when no camera is at hand)']), copy]),
    ]),
    snapshotDetails(snapshot, labels),
  ]);
}
