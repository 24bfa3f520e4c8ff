// "Sign a PSBT" in the Bitcoin section: scan the coordinator's animated ur:crypto-psbt, read its full review, tick
// what the policy asks, and sign: a locked vault first asks a quorum of holders to unlock it. The signed PSBT is
// shown as an animated ur:crypto-psbt for the coordinator to scan. Optionally under a runbook's fallback rule.
// The round (start, camera, review, answer) is the one Transfer goes through (../airgap/SigningFlow.ts).
import { hexToBytes } from '../../shared/bytes';
import type { ResponseOf, UnlockStatusView, VaultSummaryView } from '../../shared/bridge';
import { toPublicError } from '../bridge';
import { el, type Child } from '../app/dom';
import type { Scope } from '../app/scope';
import type { ViewContext } from '../app/view';
import { flowButton, signingFlow, type SignedAnswer, type SigningFlow } from '../airgap/SigningFlow';
import { field, selectInput } from '../ui/Field';
import { signPanel, type SignPanel } from '../transactions/SignPanel';
import { unlockDialog, type UnlockDialog } from '../custody/UnlockDialog';
import { psbtReviewRequest, readReview, ruleOptions, signedInputsTitle, signingStep } from './BitcoinModel';
import { psbtReviewPanel } from './PsbtReviewPanel';

export const CRYPTO_PSBT = 'crypto-psbt';

/** The signing section, drawn in `scope` (it lets go of its scanner, QR and dialog when the scope ends). */
export function psbtSigningSection({ bridge }: ViewContext, scope: Scope, vault: VaultSummaryView, wallets: readonly string[]): HTMLElement {
  const root = el('section', { className: 'bitcoin-sign', testid: 'psbt-sign' });
  let rule = '';
  const unlock = unlockFirst(bridge, vault, scope);
  const flow: SigningFlow = signingFlow({
    bridge,
    scope,
    root,
    prefix: 'psbt',
    expect: CRYPTO_PSBT,
    scanTitle: "Scan the coordinator's Bitcoin transaction to sign (PSBT)",
    reviewing: 'Decoding and reviewing the PSBT…',
    keep: unlock.dialog.root,
    start: () => startScreen(wallets, rule, (value) => (rule = value), () => flow.scan()),
    decode: (parts) => bridge.call('psbt.review', psbtReviewRequest(parts, rule)),
    review: (reply) => reviewScreen(reply),
  });

  function reviewScreen(reply: ResponseOf<'psbt.review'>): Child[] {
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
      onSign: () => void unlock.then(panel, () => flow.sign(panel, outcome, (acknowledge) => bridge.call('psbt.approve', { psbtKey: reply.psbtKey, acknowledge }), psbtAnswer, 'psbt-approve-error')),
    });
    return flow.reviewed(psbtReviewPanel(reply), panel, outcome, 'psbt-reject');
  }

  flow.start();
  return root;
}

function startScreen(wallets: readonly string[], rule: string, choose: (rule: string) => void, scan: () => void): Child[] {
  const ruleSelect = selectInput<string>({ testid: 'psbt-rule', value: rule, options: ruleOptions(wallets), onChange: choose });
  return [
    el('h2', {}, ['Sign a PSBT from the coordinator']),
    el('p', {}, ['Sparrow, Specter, Nunchuk or Caravan shows the transaction as an animated ur:crypto-psbt. Scan it: the vault reviews every input and output and signs nothing until a quorum has unlocked it.']),
    wallets.length ? field({ label: 'Runbook rule', control: ruleSelect }) : null,
    flowButton('Scan the PSBT', 'psbt-scan', scan, true),
  ];
}

/** Signing with the vault unlocked: straight on when it is; otherwise the unlock dialog first, then signing once it closes unlocked. */
function unlockFirst(bridge: ViewContext['bridge'], vault: VaultSummaryView, scope: Scope) {
  let pending: (() => void) | null = null;
  let status: UnlockStatusView | null = null;
  const dialog: UnlockDialog = scope.own(unlockDialog({ bridge, vault, onStatus: (next) => (status = next) }));
  dialog.root.addEventListener('close', () => {
    const next = pending;
    pending = null;
    if (next && status && signingStep(status) === 'sign') next();
  });
  return {
    dialog,
    async then(panel: SignPanel, sign: () => Promise<void>): Promise<void> {
      panel.showError(null);
      try {
        status = await bridge.call('unlock.status', {});
      } catch (error) {
        return panel.showError(toPublicError(error));
      }
      if (signingStep(status) === 'sign') return sign();
      panel.setBusy('Waiting for a quorum of holders to unlock the vault…');
      pending = () => void sign();
      dialog.open(status);
      dialog.root.addEventListener('close', () => panel.setBusy(null), { once: true });
    },
  };
}

/** The signed PSBT for the coordinator. */
function psbtAnswer(answer: ResponseOf<'psbt.approve'>): SignedAnswer {
  return {
    testid: 'psbt-answer',
    attrs: { 'data-psbt': answer.psbt, 'data-inputs': answer.signedInputs.join(',') },
    title: [signedInputsTitle(answer.signedInputs)],
    qr: { source: { type: CRYPTO_PSBT, payload: hexToBytes(answer.payload) }, destination: 'wallet', label: 'Signed PSBT, to the coordinator' },
    fingerprint: { label: 'Answer fingerprint ', words: answer.fingerprint, testid: 'psbt-answer-fingerprint' },
    next: { label: 'Scan another PSBT', testid: 'psbt-scan-next' },
  };
}
