// "Execute with co-owner signatures", under a signed Safe draft: co-owners' signature payloads or the relay's bundle
// (pasted, or scanned through the addScanned hook), an executor account of this vault with its nonce and fees (typed
// or from a verified snapshot), then drafts.executeSafe builds the execTransaction draft, reviewed like any other.
import { toHex } from '../../shared/bytes';
import { parseSafeAirgapBytes, parseSafeAirgapText, SAFE_BUNDLE_UR_TYPE, SAFE_SIGNATURE_UR_TYPE, signatureHex, type SafeAirgapPayload } from '../../shared/airgap/safe-signature';
import type { ResponseOf } from '../../shared/bridge';
import { AirlockError, isAirlockError, type PublicError } from '../../shared/errors';
import { el, replace } from '../app/dom';
import { toPublicError, type Bridge } from '../bridge';
import { errorNotice } from '../ui/ErrorNotice';
import { field } from '../ui/Field';
import { scanButton } from '../airgap/ScanButton';

export interface SafeExecuteTarget {
  draftId: number;
  chainId: string;
  safe: string;
  /** The draft's safeTxHash (0x, lower case). */
  safeTxHash: string;
  /** Owners whose signature this vault already holds for the draft. */
  ownSigners: readonly string[];
  /** The Safe's threshold the draft was built for, when known. */
  threshold?: number;
}

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

type Snapshots = ResponseOf<'snapshots.list'>['snapshots'];
const DEFAULT_GAS_LIMIT = '300000';
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function safeExecutePanel({ bridge, target, onDraftCreated }: SafeExecutePanelOptions): SafeExecutePanel {
  /** Co-owner signatures by owner (lower case) → 65-byte hex; a bundle adds each of its owners. */
  const collected = new Map<string, { owner: string; hex: string }>();
  let disposed = false;
  let snapshots: Snapshots = [];

  const pasted = el('textarea', { className: 'input relay-lines', testid: 'safe-exec-payload', attrs: { rows: '3', spellcheck: 'false', autocomplete: 'off', placeholder: '{"version":1,…} or ur:airlock-safe-signature/… or ur:airlock-safe-bundle/…' } });
  const add = el('button', { className: 'button', testid: 'safe-exec-add', attrs: { type: 'button' }, on: { click: () => addText(pasted.value) } }, ['Add']);
  const signerList = el('ul', { className: 'safe-exec-signers', testid: 'safe-exec-signers' });
  const progress = el('p', { className: 'safe-exec-progress', testid: 'safe-exec-progress' });
  const executor = el('select', { className: 'input', testid: 'safe-exec-executor' });
  const source = el('select', { className: 'input', testid: 'safe-exec-source', on: { change: () => void fillFromSource() } });
  const nonce = input('safe-exec-nonce', '');
  const gasLimit = input('safe-exec-gas-limit', DEFAULT_GAS_LIMIT);
  const maxFee = input('safe-exec-max-fee', '');
  const priorityFee = input('safe-exec-priority-fee', '');
  const message = el('div', { testid: 'safe-exec-message', attrs: { 'aria-live': 'polite' } });
  const submit = el('button', { className: 'button button-primary', testid: 'safe-exec-submit', attrs: { type: 'button' }, on: { click: () => void execute() } }, ['Build the execution draft']);
  // Co-owners' signatures (or the relay's bundle) come in through the camera; the paste box stays for no camera.
  const scan = scanButton({
    bridge,
    expect: [SAFE_SIGNATURE_UR_TYPE, SAFE_BUNDLE_UR_TYPE],
    title: 'Scan a co-owner signature or the relay\'s bundle',
    testid: 'safe-exec-scan',
    onResult: (result) => panel.addScanned(result.type, result.payload),
  });
  const scannerSlot = el('div', { className: 'safe-exec-scanner-slot', testid: 'safe-exec-scanner-slot' }, [scan.root]);

  const showError = (error: PublicError | null) => replace(message, error ? [errorNotice(error, 'safe-exec-error')] : []);

  function accept(payload: SafeAirgapPayload): void {
    const hash = toHex(payload.safeTxHash);
    if (payload.chainId.toString() !== target.chainId || !same(payload.safe, target.safe) || hash !== target.safeTxHash) {
      throw new AirlockError(
        'safe-bundle-mismatch',
        `This ${payload.type === 'bundle' ? 'bundle' : 'signature'} is for Safe ${payload.safe} on chain ${payload.chainId}, transaction ${hash}; this draft is ${target.safeTxHash}. Scan the one made for this draft.`,
      );
    }
    const signatures = payload.type === 'bundle' ? payload.signatures : [payload.signature];
    for (const s of signatures) collected.set(s.owner.toLowerCase(), { owner: s.owner, hex: signatureHex(s) });
  }

  function addText(text: string): void {
    try {
      accept(parseSafeAirgapText(text));
      pasted.value = '';
      showError(null);
    } catch (error) {
      showError(publicError(error));
    }
    drawSigners();
  }

  function drawSigners(): void {
    const own = target.ownSigners.map((o) => el('li', { testid: 'safe-exec-signer', attrs: { 'data-owner': o, 'data-source': 'vault' } }, [el('code', {}, [o]), ' (this vault)']));
    const others = [...collected.values()]
      .filter((s) => !target.ownSigners.some((o) => same(o, s.owner)))
      .map((s) => el('li', { testid: 'safe-exec-signer', attrs: { 'data-owner': s.owner, 'data-source': 'co-owner' } }, [el('code', {}, [s.owner])]));
    replace(signerList, [...own, ...others]);
    const count = own.length + others.length;
    progress.textContent = target.threshold ? `${count} of ${target.threshold} owner signatures${count >= target.threshold ? ': enough to execute' : ''}` : `${count} owner signatures`;
  }

  async function load(): Promise<void> {
    try {
      const [summary, list] = await Promise.all([bridge.call('vault.summary', {}), bridge.call('snapshots.list', {})]);
      if (disposed) return;
      const accounts = [...(summary.vault?.accounts ?? [])].sort((a, b) => Number(b.role === 'executor') - Number(a.role === 'executor'));
      replace(executor, accounts.map((a) => el('option', { attrs: { value: a.address } }, [`${a.label} · ${a.address}`])));
      // Only snapshots that verified again just now (H-30): never a damaged one or one from a revoked relay.
      snapshots = list.snapshots.filter((s) => s.chainId === target.chainId && s.status === 'verified');
      replace(source, [
        el('option', { attrs: { value: '' } }, ['Typed here']),
        ...snapshots.map((s) => el('option', { attrs: { value: String(s.id) } }, [`From snapshot ${s.id} · block ${s.blockNumber}`])),
      ]);
    } catch (error) {
      if (!disposed) showError(toPublicError(error));
    }
  }

  /** Fills nonce and fees from the chosen verified snapshot's entry for the executor. */
  async function fillFromSource(): Promise<void> {
    if (!source.value) return;
    try {
      const { snapshot, body } = await bridge.call('snapshots.get', { id: Number(source.value) });
      if (!body || snapshot.problem) throw new AirlockError(snapshot.problem?.code ?? 'snapshot-damaged', snapshot.problem?.message ?? `Snapshot ${source.value} no longer verifies.`);
      const account = body.accounts.find((a) => same(a.address, executor.value));
      if (!account) throw new AirlockError('snapshot-missing-account', `Snapshot ${source.value} has no entry for ${executor.value}. Take a snapshot that includes it, or type the nonce and fees.`);
      nonce.value = account.nonce;
      maxFee.value = body.fees.maxFeePerGas;
      priorityFee.value = body.fees.maxPriorityFeePerGas;
      showError(null);
    } catch (error) {
      if (!disposed) showError(publicError(error));
    }
  }

  async function execute(): Promise<void> {
    showError(null);
    const signatures = [...collected.values()].filter((s) => !target.ownSigners.some((o) => same(o, s.owner))).map((s) => s.hex);
    if (signatures.length === 0) return showError({ code: 'safe-exec-empty', message: 'Add at least one co-owner\'s signature or the relay\'s bundle first.' });
    if (!executor.value) return showError({ code: 'safe-exec-no-executor', message: 'This vault has no account to send the transaction from; register one under Holders & shares.' });
    const snapshot = snapshots.find((s) => String(s.id) === source.value);
    submit.disabled = true;
    try {
      const { draft } = await bridge.call('drafts.executeSafe', {
        id: target.draftId,
        signatures,
        executor: { from: executor.value, nonce: nonce.value.trim(), gasLimit: gasLimit.value.trim(), maxFeePerGas: maxFee.value.trim(), maxPriorityFeePerGas: priorityFee.value.trim() },
        ...(snapshot ? { context: { chainId: target.chainId, nonce: nonce.value.trim(), snapshot: { id: snapshot.id, blockNumber: snapshot.blockNumber, merkleRoot: snapshot.merkleRoot } } } : {}),
      });
      if (!disposed) onDraftCreated(draft.id);
    } catch (error) {
      if (!disposed) showError(toPublicError(error));
    } finally {
      submit.disabled = false;
    }
  }

  drawSigners();
  void load();
  const root = el('section', { className: 'panel safe-exec-panel', testid: 'safe-exec-panel', attrs: { 'aria-labelledby': `safe-exec-title-${target.draftId}` } }, [
    el('h3', { className: 'draft-review-section-title', attrs: { id: `safe-exec-title-${target.draftId}` } }, ['Execute with co-owner signatures']),
    el('p', { className: 'field-hint' }, [
      'Add the other owners\' signatures (or the relay\'s bundle once it has enough). Each is checked here to come from a current owner over this very transaction; one of this vault\'s accounts then sends execTransaction.',
    ]),
    scannerSlot,
    field({ label: 'Co-owner signature or bundle', control: pasted, hint: 'The JSON or the ur:airlock-safe-… text the other vault or the relay shows.' }),
    add,
    el('h4', {}, ['Signatures so far']),
    progress,
    signerList,
    field({ label: 'Sent from', control: executor, hint: 'An account of this vault that pays the gas; it needs no Safe role.' }),
    field({ label: 'Nonce and fees', control: source, hint: 'A verified relay snapshot of this chain fills the executor\'s nonce and the fees; you can still change them.' }),
    el('div', { className: 'safe-exec-fees' }, [
      field({ label: 'Nonce', control: nonce }),
      field({ label: 'Gas limit', control: gasLimit }),
      field({ label: 'Max fee per gas (wei)', control: maxFee }),
      field({ label: 'Max priority fee per gas (wei)', control: priorityFee }),
    ]),
    submit,
    message,
  ]);
  const panel: SafeExecutePanel = {
    root,
    addScanned(type, payload) {
      try {
        accept(parseSafeAirgapBytes(type, payload));
        showError(null);
      } catch (error) {
        showError(publicError(error));
      }
      drawSigners();
    },
    dispose: () => {
      disposed = true;
      scan.dispose();
    },
  };
  return panel;
}

/** A payload refused here (parsed in this window) keeps its sentence; anything else goes through the bridge's mapping. */
function publicError(error: unknown): PublicError {
  return isAirlockError(error) ? { code: error.code, message: error.message } : toPublicError(error);
}

function input(testid: string, value: string): HTMLInputElement {
  const control = el('input', { className: 'input', testid, attrs: { type: 'text', inputmode: 'numeric', spellcheck: 'false', autocomplete: 'off' } });
  control.value = value;
  return control;
}
