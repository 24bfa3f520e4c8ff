// "Sign a PSBT" in the Bitcoin section: scan the coordinator's animated ur:crypto-psbt, read its full review, tick
// what the policy asks, and sign: a locked vault first asks a quorum of holders to unlock it. The signed PSBT is
// shown as an animated ur:crypto-psbt for the coordinator to scan. Optionally under a runbook's fallback rule.
import { hexToBytes } from '@noble/hashes/utils.js';
import type { ResponseOf, UnlockStatusView, VaultSummaryView } from '../../shared/bridge';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import type { ViewContext } from '../app/view';
import { animatedQr, type AnimatedQr } from '../components/AnimatedQr';
import { errorNotice } from '../ui/ErrorNotice';
import { field, selectInput } from '../ui/Field';
import { mountQrScanner, type QrScanner } from '../components/QrScanner';
import { signFromPanel, signPanel, type SignPanel } from '../transactions/SignPanel';
import { unlockDialog, type UnlockDialog } from '../custody/UnlockDialog';
import { readReview } from './BitcoinModel';
import { psbtReviewPanel } from './PsbtReviewPanel';

export const CRYPTO_PSBT = 'crypto-psbt';

const button = (label: string, testid: string, onClick: () => void, primary = false) =>
  el('button', { className: primary ? 'button button-primary' : 'button', testid, attrs: { type: 'button' }, on: { click: onClick } }, [label]);

export function psbtSigningSection(context: ViewContext, vault: VaultSummaryView, wallets: readonly string[]) {
  const root = el('section', { className: 'bitcoin-sign', testid: 'psbt-sign' });
  let scanner: QrScanner | null = null;
  let answerQr: AnimatedQr | null = null;
  let disposed = false;
  let rule = '';
  let status: UnlockStatusView | null = null;
  let pending: (() => void) | null = null;
  const dialog: UnlockDialog = unlockDialog({ bridge: context.bridge, vault, onStatus: (next) => (status = next) });
  dialog.root.addEventListener('close', () => {
    const next = pending;
    pending = null;
    if (next && status?.state === 'unlocked') next();
  });

  function clear(): void {
    scanner?.dispose();
    scanner = null;
    answerQr?.dispose();
    answerQr = null;
  }

  function showStart(): void {
    clear();
    const ruleSelect = selectInput<string>({
      testid: 'psbt-rule',
      value: rule,
      options: [['', 'No runbook rule'], ...wallets.map((w) => [w, `Every output must pay "${w}" (fallback sweep)`] as const)],
      onChange: (value) => (rule = value),
    });
    replace(root, [
      el('h2', {}, ['Sign a PSBT from the coordinator']),
      el('p', {}, ['Sparrow, Specter, Nunchuk or Caravan shows the transaction as an animated ur:crypto-psbt. Scan it: the vault reviews every input and output and signs nothing until a quorum has unlocked it.']),
      wallets.length ? field({ label: 'Runbook rule', control: ruleSelect }) : null,
      button('Scan the PSBT', 'psbt-scan', showScanner, true),
      dialog.root,
    ]);
  }

  function showScanner(): void {
    clear();
    const area = el('div', { className: 'transfer-scanner', testid: 'psbt-scanner' });
    replace(root, [area, dialog.root]);
    scanner = mountQrScanner(area, {
      expect: [CRYPTO_PSBT],
      title: "Scan the coordinator's Bitcoin transaction to sign (PSBT)",
      bridge: context.bridge,
      onResult: (result) => void review(result.parts),
      onClose: () => {
        scanner = null;
        if (!disposed) showStart();
      },
    });
  }

  async function review(parts: string[]): Promise<void> {
    clear();
    replace(root, [el('p', { className: 'muted', testid: 'psbt-reviewing' }, ['Decoding and reviewing the PSBT…']), dialog.root]);
    try {
      const reply = await context.bridge.call('psbt.review', { parts, ...(rule ? { outputsOnlyTo: rule } : {}) });
      if (!disposed) showReview(reply);
    } catch (error) {
      if (!disposed) replace(root, [errorNotice(toPublicError(error), 'psbt-error'), button('Scan again', 'psbt-scan-again', showScanner), dialog.root]);
    }
  }

  function showReview(reply: ResponseOf<'psbt.review'>): void {
    const outcome = el('div', { className: 'transfer-outcome', testid: 'psbt-outcome' });
    const { review, blocking } = readReview(reply.review);
    const panel: SignPanel = signPanel({
      warnings: review?.warnings ?? blocking,
      blocking,
      acknowledgementsRequired: review?.acknowledgementsRequired ?? [],
      buttonLabel: 'Sign the PSBT',
      buttonTestId: 'psbt-approve',
      hint: 'A locked vault first asks a quorum of holders to unlock it; the vault signs exactly the PSBT reviewed above.',
      blockedLine: 'Nothing can be signed: this PSBT is refused. Tell the coordinator why (the reasons are below).',
      onSign: () => void startSigning(reply.psbtKey, panel, outcome),
    });
    replace(root, [psbtReviewPanel(reply), panel.root, el('div', { className: 'transfer-actions' }, [button('Reject and scan another', 'psbt-reject', showScanner)]), outcome, dialog.root]);
  }

  async function startSigning(psbtKey: string, panel: SignPanel, outcome: HTMLElement): Promise<void> {
    panel.showError(null);
    try {
      status = await context.bridge.call('unlock.status', {});
    } catch (error) {
      panel.showError(toPublicError(error));
      return;
    }
    if (status.state === 'unlocked') return sign(psbtKey, panel, outcome);
    panel.setBusy('Waiting for a quorum of holders to unlock the vault…');
    pending = () => void sign(psbtKey, panel, outcome);
    dialog.open(status);
    dialog.root.addEventListener('close', () => panel.setBusy(null), { once: true });
  }

  function sign(psbtKey: string, panel: SignPanel, outcome: HTMLElement): Promise<void> {
    return signFromPanel(panel, outcome, (acknowledge) => context.bridge.call('psbt.approve', { psbtKey, acknowledge }), {
      show: (answer) => showAnswer(answer, outcome),
      isCurrent: () => !disposed,
      errorTestId: 'psbt-approve-error',
    });
  }

  function showAnswer(answer: ResponseOf<'psbt.approve'>, outcome: HTMLElement): void {
    answerQr?.dispose();
    answerQr = animatedQr({ source: { type: CRYPTO_PSBT, payload: hexToBytes(answer.payload) }, destination: 'wallet', label: 'Signed PSBT, to the coordinator' });
    replace(outcome, [
      el('section', { className: 'transfer-answer', testid: 'psbt-answer', attrs: { 'data-psbt': answer.psbt, 'data-inputs': answer.signedInputs.join(',') } }, [
        el('h3', { className: 'draft-review-section-title' }, [`Signed ${answer.signedInputs.length} input${answer.signedInputs.length === 1 ? '' : 's'}`]),
        answerQr.root,
        el('p', { className: 'draft-fingerprint' }, [el('span', { className: 'draft-fingerprint-label' }, ['Answer fingerprint ']), el('strong', { testid: 'psbt-answer-fingerprint' }, [answer.fingerprint])]),
        button('Scan another PSBT', 'psbt-scan-next', showScanner),
      ]),
    ]);
  }

  showStart();
  return {
    root,
    dispose() {
      disposed = true;
      clear();
      dialog.dispose();
    },
  };
}
