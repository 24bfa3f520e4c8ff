// The vault's snapshot import: the signed snapshot scanned from the relay's screen (ur:airlock-snapshot) or
// pasted, and the chain the person expects. Main verifies key, Merkle root, signature and chain.
import type { ResponseOf } from '../../shared/bridge';
import type { Bridge } from '../bridge';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { errorNotice } from './ErrorNotice';
import { SNAPSHOT_UR_TYPE } from '../../shared/airgap/airlock-types';
import { field, textInput } from './Field';
import { scanButton } from './ScanButton';

type Imported = ResponseOf<'snapshots.import'>['snapshot'];

export interface SnapshotImport {
  root: HTMLElement;
  /** Hook for the camera scanner: the decoded snapshot JSON goes in the box, then import runs. */
  scanned(text: string): void;
  /** Stops the camera if a scan is open. */
  dispose(): void;
}

export function snapshotImport(bridge: Bridge, onImported: (snapshot: Imported) => void): SnapshotImport {
  let chainId = '1';
  const scan = scanButton({
    bridge,
    expect: [SNAPSHOT_UR_TYPE],
    title: "Scan the signed snapshot from the relay's screen",
    testid: 'import-scan',
    onResult: (result) => {
      box.value = new TextDecoder().decode(result.payload);
      void run();
    },
  });
  const box = el('textarea', { className: 'input relay-lines', testid: 'import-snapshot', attrs: { rows: '5', spellcheck: 'false', autocomplete: 'off', placeholder: '{"version":1,"chainId":…}' } });
  const chainInput = textInput({ testid: 'import-chain', value: chainId, onInput: (v) => (chainId = v.trim()), attrs: { inputmode: 'numeric' } });
  const submit = el('button', { className: 'button button-primary', testid: 'import-submit', attrs: { type: 'submit' } }, ['Verify and import']);
  const status = el('div', { testid: 'import-status', attrs: { 'aria-live': 'polite' } });
  const form = el('form', { className: 'snapshot-import-form', testid: 'import-form', attrs: { novalidate: '' } }, [
    el('div', { className: 'relay-scanner-slot', testid: 'import-scanner-slot' }, [
      scan.root,
      el('p', { className: 'muted' }, ['Or paste the snapshot text from the relay.']),
    ]),
    field({ label: 'Signed snapshot', control: box }),
    field({ label: 'Chain id you expect', control: chainInput, hint: '1 for Ethereum mainnet. A snapshot of any other chain is refused.', className: 'snapshot-chain-field' }),
    submit,
    status,
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });

  async function run(): Promise<void> {
    const text = box.value.trim();
    if (!text) return void replace(status, [errorNotice({ code: 'snapshot-empty', message: 'Paste the snapshot from the relay first.' }, 'import-error')]);
    if (!/^[1-9][0-9]{0,30}$/.test(chainId)) {
      return void replace(status, [errorNotice({ code: 'chain-id-invalid', message: 'The chain id is a whole number such as 1 (Ethereum mainnet).' }, 'import-error')]);
    }
    submit.disabled = true;
    try {
      const { snapshot } = await bridge.call('snapshots.import', { snapshot: text, chainId });
      const critical = snapshot.warnings.some((w) => w.severity === 'critical');
      replace(status, [
        el('p', { className: `notice ${critical ? 'notice-error' : 'notice-info'}`, testid: 'import-done', attrs: { role: critical ? 'alert' : 'status' } }, [
          `Imported snapshot ${snapshot.id}: chain ${snapshot.chainId}, block ${snapshot.blockNumber}.`,
          snapshot.warnings.length ? ` ${snapshot.warnings.length} warning(s): read them below before you rely on it.` : '',
        ]),
      ]);
      box.value = '';
      onImported(snapshot);
    } catch (error) {
      replace(status, [errorNotice(toPublicError(error), 'import-error')]);
    } finally {
      submit.disabled = false;
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
      void run();
    },
    dispose: () => scan.dispose(),
  };
}
