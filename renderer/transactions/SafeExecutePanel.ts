// "Execute with co-owner signatures", under a signed Safe draft: co-owners' signature payloads or the relay's bundle
// (pasted, or scanned), an executor account of this vault with its nonce and fees (typed or from a verified
// snapshot), then the execution draft, reviewed like any other. It draws SafeExecuteModel.
import { SAFE_BUNDLE_UR_TYPE, SAFE_SIGNATURE_UR_TYPE } from '../../shared/airgap/safe-signature';
import type { PublicError } from '../../shared/errors';
import { el, replace } from '../app/dom';
import { createScope } from '../app/scope';
import type { Bridge } from '../bridge';
import { scanButton } from '../airgap/ScanButton';
import { errorNotice } from '../ui/ErrorNotice';
import { field } from '../ui/Field';
import { amountField, type AmountField } from './AmountField';
import { FEE_UNIT } from './DraftFormModel';
import { DEFAULT_GAS_LIMIT, SafeExecuteModel, type SafeExecuteTarget } from './SafeExecuteModel';

export type { SafeExecuteTarget };

export interface SafeExecutePanelOptions {
  bridge: Pick<Bridge, 'call'>;
  target: SafeExecuteTarget;
  /** Called with the new execTransaction draft's id once it is stored. */
  onDraftCreated(id: number): void;
}

export interface SafeExecutePanel {
  root: HTMLElement;
  /** Hook for the camera scanner: a decoded UR of type airlock-safe-signature or airlock-safe-bundle. */
  addScanned(type: string, payload: Uint8Array): void;
  dispose(): void;
}

export function safeExecutePanel({ bridge, target, onDraftCreated }: SafeExecutePanelOptions): SafeExecutePanel {
  const model = new SafeExecuteModel(bridge, target);
  const scope = createScope();
  const pasted = el('textarea', { className: 'input relay-lines', testid: 'safe-exec-payload', attrs: { rows: '3', spellcheck: 'false', autocomplete: 'off', placeholder: '{"version":1,…} or ur:airlock-safe-signature/… or ur:airlock-safe-bundle/…' } });
  const signerList = el('ul', { className: 'safe-exec-signers', testid: 'safe-exec-signers' });
  const progress = el('p', { className: 'safe-exec-progress', testid: 'safe-exec-progress' });
  const executor = el('select', { className: 'input', testid: 'safe-exec-executor' });
  const source = el('select', { className: 'input', testid: 'safe-exec-source', on: { change: () => void fillFromSource() } });
  const fields = { nonce: input('safe-exec-nonce', ''), gasLimit: input('safe-exec-gas-limit', DEFAULT_GAS_LIMIT), };
  const fees = {
    maxFee: amountField({ testid: 'safe-exec-max-fee', label: 'Max fee per gas (gwei)', value: '', unit: FEE_UNIT }),
    priorityFee: amountField({ testid: 'safe-exec-priority-fee', label: 'Max priority fee per gas (gwei)', value: '', unit: FEE_UNIT }),
  };
  const message = el('div', { testid: 'safe-exec-message', attrs: { 'aria-live': 'polite' } });
  const submit = el('button', { className: 'button button-primary', testid: 'safe-exec-submit', attrs: { type: 'button' }, on: { click: () => void execute() } }, ['Build the execution draft']);
  const showError = (error: PublicError | null) => replace(message, error ? [errorNotice(error, 'safe-exec-error')] : []);
  const added = (error: PublicError | null) => (showError(error), drawSigners(model, signerList, progress));
  // Co-owners' signatures (or the relay's bundle) come in through the camera; the paste box stays for no camera.
  const scan = scope.own(
    scanButton({
      bridge,
      expect: [SAFE_SIGNATURE_UR_TYPE, SAFE_BUNDLE_UR_TYPE],
      title: 'Scan a co-owner signature or the relay\'s bundle',
      testid: 'safe-exec-scan',
      onResult: (result) => added(model.addScanned(result.type, result.payload)),
    }),
  );
  const add = el('button', { className: 'button', testid: 'safe-exec-add', attrs: { type: 'button' } }, ['Add']);
  add.addEventListener('click', () => {
    const error = model.addText(pasted.value);
    if (!error) pasted.value = '';
    added(error);
  });

  async function fillFromSource(): Promise<void> {
    if (!source.value) return;
    const filled = await model.fromSnapshot(Number(source.value), executor.value);
    if (!scope.shown()) return;
    if ('error' in filled) return showError(filled.error);
    fields.nonce.value = filled.nonce;
    fees.maxFee.set(filled.maxFeePerGas);
    fees.priorityFee.set(filled.maxPriorityFeePerGas);
    showError(null);
  }

  async function execute(): Promise<void> {
    showError(null);
    submit.disabled = true;
    const built = await model.execute({
      from: executor.value,
      nonce: fields.nonce.value,
      gasLimit: fields.gasLimit.value,
      maxFeePerGas: fees.maxFee.control.value,
      maxPriorityFeePerGas: fees.priorityFee.control.value,
      snapshotId: source.value,
    });
    submit.disabled = false;
    if (!scope.shown()) return;
    if ('error' in built) return showError(built.error);
    onDraftCreated(built.draftId);
  }

  void model.load().then((error) => {
    if (!scope.shown()) return;
    if (error) return showError(error);
    replace(executor, model.accounts.map((a) => el('option', { attrs: { value: a.address } }, [`${a.label} · ${a.address}`])));
    replace(source, [el('option', { attrs: { value: '' } }, ['Typed here']), ...model.snapshots.map((s) => el('option', { attrs: { value: String(s.id) } }, [`From snapshot ${s.id} · block ${s.blockNumber}`]))]);
  });
  drawSigners(model, signerList, progress);
  const root = panelLayout(target.draftId, { scan: scan.root, pasted, add, progress, signerList, executor, source, fields, fees, submit, message });
  return { root, addScanned: (type, payload) => added(model.addScanned(type, payload)), dispose: scope.dispose };
}

interface PanelParts {
  scan: HTMLElement;
  pasted: HTMLTextAreaElement;
  add: HTMLButtonElement;
  progress: HTMLElement;
  signerList: HTMLElement;
  executor: HTMLSelectElement;
  source: HTMLSelectElement;
  fields: Record<'nonce' | 'gasLimit', HTMLInputElement>;
  fees: Record<'maxFee' | 'priorityFee', AmountField>;
  submit: HTMLButtonElement;
  message: HTMLElement;
}

function panelLayout(draftId: number, parts: PanelParts): HTMLElement {
  return el('section', { className: 'panel safe-exec-panel', testid: 'safe-exec-panel', attrs: { 'aria-labelledby': `safe-exec-title-${draftId}` } }, [
    el('h3', { className: 'draft-review-section-title', attrs: { id: `safe-exec-title-${draftId}` } }, ['Execute with co-owner signatures']),
    el('p', { className: 'field-hint' }, [
      'Add the other owners\' signatures (or the relay\'s bundle once it has enough). Each is checked here to come from a current owner over this very transaction; one of this vault\'s accounts then sends execTransaction.',
    ]),
    el('div', { className: 'safe-exec-scanner-slot', testid: 'safe-exec-scanner-slot' }, [parts.scan]),
    field({ label: 'Co-owner signature or bundle', control: parts.pasted, hint: 'The JSON or the ur:airlock-safe-… text the other vault or the relay shows.' }),
    parts.add,
    el('h4', {}, ['Signatures so far']),
    parts.progress,
    parts.signerList,
    field({ label: 'Sent from', control: parts.executor, hint: 'An account of this vault that pays the gas; it needs no Safe role.' }),
    field({ label: 'Nonce and fees', control: parts.source, hint: 'A verified relay snapshot of this chain fills the executor\'s nonce and the fees; you can still change them.' }),
    el('div', { className: 'safe-exec-fees' }, [
      field({ label: 'Nonce', control: parts.fields.nonce }),
      field({ label: 'Gas limit', control: parts.fields.gasLimit }),
      parts.fees.maxFee.root,
      parts.fees.priorityFee.root,
    ]),
    parts.submit,
    parts.message,
  ]);
}

function drawSigners(model: SafeExecuteModel, list: HTMLElement, progress: HTMLElement): void {
  replace(
    list,
    model.signers().map(({ owner, source }) => el('li', { testid: 'safe-exec-signer', attrs: { 'data-owner': owner, 'data-source': source } }, [el('code', {}, [owner]), source === 'vault' ? ' (this vault)' : null])),
  );
  progress.textContent = model.progressLine();
}

function input(testid: string, value: string): HTMLInputElement {
  const control = el('input', { className: 'input', testid, attrs: { type: 'text', inputmode: 'numeric', spellcheck: 'false', autocomplete: 'off' } });
  control.value = value;
  return control;
}
