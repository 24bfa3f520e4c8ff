// The vault's snapshot import: the signed snapshot scanned from the relay's screen (ur:airlock-snapshot) or
// pasted, and the chain the person expects. Main verifies key, Merkle root, signature and chain. An older
// snapshot than the newest of its chain, or one whose nonces went down, is refused until the person ticks the
// box that acknowledges it (main audits the acknowledgement). A snapshot set (ur:airlock-snapshot-set, several chains
// taken in one go) imports every chain or none; its refusal names the chain. The logic is SnapshotImportModel.ts.
import type { ResponseOf } from '../../shared/bridge';
import type { Bridge } from '../bridge';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { errorNotice } from '../ui/ErrorNotice';
import { SNAPSHOT_SET_UR_TYPE, SNAPSHOT_UR_TYPE } from '../../shared/airgap/airlock-types';
import { importedSentence, importOrder } from './SnapshotImportModel';
import { isSnapshotAcknowledgement, type SnapshotAcknowledgement } from '../../shared/snapshot/changes';
import { checkbox, field, textInput } from '../ui/Field';
import { scanButton } from '../airgap/ScanButton';

type Imported = ResponseOf<'snapshots.import'>['snapshot'];

const ACKNOWLEDGEMENTS: Readonly<Record<SnapshotAcknowledgement, string>> = {
  'snapshot-older-than-latest': 'I know this snapshot is older than the newest one of its chain in the vault, and I want it imported anyway.',
  'snapshot-nonce-decreased': 'I know a nonce in this snapshot went down against another snapshot of its chain (a reorganisation, or a wrong endpoint), and I want it imported anyway.',
};

export interface SnapshotImport {
  root: HTMLElement;
  /** Hook for the camera scanner: the decoded snapshot JSON goes in the box, then import runs. */
  scanned(text: string): void;
  /** Stops the camera if a scan is open. */
  dispose(): void;
}

/** onImported gets every snapshot stored by one import (the chains of a set in its order; one otherwise). */
export function snapshotImport(bridge: Bridge, onImported: (snapshots: Imported[]) => void): SnapshotImport {
  let chainId = '1';
  const scan = scanButton({
    bridge,
    expect: [SNAPSHOT_UR_TYPE, SNAPSHOT_SET_UR_TYPE],
    title: "Scan the signed snapshot from the relay's screen",
    testid: 'import-scan',
    onResult: (result) => {
      box.value = new TextDecoder().decode(result.payload);
      acks.forget();
      void run();
    },
  });
  const box = el('textarea', { className: 'input relay-lines', testid: 'import-snapshot', attrs: { rows: '5', spellcheck: 'false', autocomplete: 'off', placeholder: '{"version":1,"chainId":…}' } });
  const chainInput = textInput({ testid: 'import-chain', value: chainId, onInput: (v) => (chainId = v.trim()), attrs: { inputmode: 'numeric' } });
  const submit = el('button', { className: 'button button-primary', testid: 'import-submit', attrs: { type: 'submit' } }, ['Verify and import']);
  const status = el('div', { testid: 'import-status', attrs: { 'aria-live': 'polite' } });
  const acks = acknowledgementBoxes(() => (submit.disabled = acks.missing()));
  box.addEventListener('input', () => acks.forget());
  const form = el('form', { className: 'snapshot-import-form', testid: 'import-form', attrs: { novalidate: '' } }, [
    el('div', { className: 'relay-scanner-slot', testid: 'import-scanner-slot' }, [
      scan.root,
      el('p', { className: 'muted' }, ['Or paste the snapshot text from the relay.']),
    ]),
    field({ label: 'Signed snapshot', control: box }),
    field({ label: 'Chain id you expect', control: chainInput, hint: '1 for Ethereum mainnet; for a set, every chain: 1, 10. A snapshot of any other chain is refused.', className: 'snapshot-chain-field' }),
    acks.root,
    submit,
    status,
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });

  async function run(): Promise<void> {
    const order = importOrder(box.value, chainId);
    if ('error' in order) return void replace(status, [errorNotice(order.error, 'import-error')]);
    submit.disabled = true;
    try {
      const text = box.value.trim();
      const acknowledge = acks.ticked();
      const extra = acknowledge.length ? { acknowledge } : {};
      const snapshots =
        order.kind === 'set'
          ? (await bridge.call('snapshots.importSet', { set: text, chainIds: order.chainIds, ...extra })).snapshots
          : [(await bridge.call('snapshots.import', { snapshot: text, chainId: order.chainId, ...extra })).snapshot];
      const critical = snapshots.some((s) => s.warnings.some((w) => w.severity === 'critical'));
      replace(status, [el('p', { className: `notice ${critical ? 'notice-error' : 'notice-info'}`, testid: 'import-done', attrs: { role: critical ? 'alert' : 'status' } }, [importedSentence(snapshots)])]);
      box.value = '';
      acks.forget();
      onImported(snapshots);
    } catch (error) {
      const refusal = toPublicError(error);
      if (isSnapshotAcknowledgement(refusal.code)) acks.offer(refusal.code);
      replace(status, [errorNotice(refusal, 'import-error')]);
    } finally {
      submit.disabled = acks.missing();
    }
  }

  const root = el('section', { className: 'panel', testid: 'snapshot-import', attrs: { 'aria-labelledby': 'import-heading' } }, [
    el('h2', { className: 'panel-title', attrs: { id: 'import-heading' } }, ['Import a snapshot']),
    form,
  ]);
  return {
    root,
    scanned(text) {
      box.value = text;
      acks.forget();
      void run();
    },
    dispose: () => scan.dispose(),
  };
}

/** A box for each refusal the person may override; the import waits until every box offered is ticked. */
function acknowledgementBoxes(onChange: () => void) {
  const offered: SnapshotAcknowledgement[] = [];
  const ticked = new Set<SnapshotAcknowledgement>();
  const root = el('div', { className: 'draft-acks', testid: 'import-acks' });
  const tick = (code: SnapshotAcknowledgement, on: boolean) => {
    if (on) ticked.add(code);
    else ticked.delete(code);
    onChange();
  };
  const render = () => {
    replace(root, offered.map((code) => checkbox({ testid: `import-ack-${code}`, checked: ticked.has(code), label: ACKNOWLEDGEMENTS[code], onChange: (on) => tick(code, on) })));
    onChange();
  };
  return {
    root,
    offer(code: SnapshotAcknowledgement) {
      if (!offered.includes(code)) offered.push(code);
      render();
    },
    /** A different snapshot needs its own acknowledgements. */
    forget() {
      offered.length = 0;
      ticked.clear();
      render();
    },
    missing: () => offered.some((code) => !ticked.has(code)),
    ticked: () => offered.filter((code) => ticked.has(code)),
  };
}
