// The Transfer view (vault): signing requests from another device across the air gap. "Scan from another device"
// opens the camera for an ERC-4527 eth-sign-request; the vault shows its full review; Approve signs it (the vault
// must be unlocked) and the answer, an eth-signature, is shown as a QR code for the wallet that asked.
import type { ResponseOf } from '../../shared/bridge';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { defineView, type ViewContext } from '../app/view';
import { animatedQr, type AnimatedQr } from '../components/AnimatedQr';
import { errorNotice } from '../ui/ErrorNotice';
import { mountQrScanner, type QrScanner } from '../components/QrScanner';
import { signFromPanel, signPanel, type SignPanel } from '../transactions/SignPanel';
import { policyOf, signRequestReview } from './SignRequestReview';

export const SIGN_REQUEST_UR_TYPE = 'eth-sign-request';

export const transferView = defineView({
  id: 'transfer',
  title: 'Transfer',
  purpose:
    'The only way across the air gap: QR codes in from another device\'s screen through the camera, and out to it on this screen.',
  page: (context) => createTransferPage(context),
});

function createTransferPage(context: ViewContext) {
  const root = el('div', { className: 'transfer-page', testid: 'transfer-page' });
  let scanner: QrScanner | null = null;
  let answerQr: AnimatedQr | null = null;
  let disposed = false;

  function clear(): void {
    scanner?.dispose();
    scanner = null;
    answerQr?.dispose();
    answerQr = null;
  }

  function button(label: string, testid: string, onClick: () => void, primary = false): HTMLButtonElement {
    return el('button', { className: primary ? 'button button-primary' : 'button', testid, attrs: { type: 'button' }, on: { click: onClick } }, [label]);
  }

  function showStart(): void {
    clear();
    replace(root, [
      el('section', { className: 'transfer-start', testid: 'transfer-start' }, [
        el('h2', {}, ['Signing request from another wallet']),
        el('p', {}, [
          'A wallet on another device (for example a MetaMask-style "QR hardware wallet") shows an eth-sign-request as a QR code. ',
          'Scan it here: the vault decodes it in full and signs nothing until you approve it with the vault unlocked.',
        ]),
        button('Scan from another device', 'transfer-scan', showScanner, true),
      ]),
    ]);
  }

  function showScanner(): void {
    clear();
    const area = el('div', { className: 'transfer-scanner', testid: 'transfer-scanner' });
    replace(root, [area]);
    scanner = mountQrScanner(area, {
      expect: [SIGN_REQUEST_UR_TYPE],
      title: "Scan the wallet's signing request",
      bridge: context.bridge,
      onResult: (result) => void review(result.parts),
      onClose: () => {
        scanner = null;
        if (!disposed) showStart();
      },
    });
  }

  async function review(parts: string[]): Promise<void> {
    scanner?.dispose();
    scanner = null;
    replace(root, [el('p', { className: 'muted', testid: 'transfer-reviewing' }, ['Decoding and reviewing the request…'])]);
    try {
      const reply = await context.bridge.call('sign.review', { parts });
      if (!disposed) showReview(reply);
    } catch (error) {
      if (!disposed) replace(root, [errorNotice(toPublicError(error), 'transfer-error'), button('Scan again', 'transfer-scan-again', showScanner)]);
    }
  }

  function showReview(reply: ResponseOf<'sign.review'>): void {
    const outcome = el('div', { className: 'transfer-outcome', testid: 'transfer-outcome' });
    const verdict = policyOf(reply.review);
    // SECURITY(H-23): the same panel as a draft's: blocking codes leave nothing to press, each acknowledgeable code a box.
    const panel: SignPanel = signPanel({
      ...verdict,
      buttonLabel: 'Approve and sign',
      buttonTestId: 'sign-approve',
      hint: 'The vault must be unlocked; it signs exactly the digest above, for the account above.',
      blockedLine: 'Nothing can be signed: this request is refused. Tell the wallet that asked why (the reasons are below).',
      onSign: () => void sign(reply.requestKey, panel, outcome),
    });
    replace(root, [
      signRequestReview(reply),
      panel.root,
      el('div', { className: 'transfer-actions' }, [button('Reject and scan another', 'sign-reject', showScanner)]),
      outcome,
    ]);
  }

  function sign(requestKey: string, panel: SignPanel, outcome: HTMLElement): Promise<void> {
    return signFromPanel(panel, outcome, (acknowledge) => context.bridge.call('sign.approve', { requestKey, acknowledge }), {
      show: (answer) => showAnswer(answer, outcome),
      isCurrent: () => !disposed,
      errorTestId: 'sign-approve-error',
    });
  }

  function showAnswer(answer: ResponseOf<'sign.approve'>, outcome: HTMLElement): void {
    answerQr?.dispose();
    answerQr = animatedQr({ source: { parts: [answer.signature] }, destination: 'wallet', label: 'Signature, to the wallet that asked' });
    replace(outcome, [
      el('section', { className: 'transfer-answer', testid: 'sign-answer', attrs: { 'data-signature': answer.signature, 'data-address': answer.address } }, [
        el('h3', { className: 'draft-review-section-title' }, ['Signed by ', el('code', { testid: 'sign-answer-address' }, [answer.address])]),
        answerQr.root,
        el('p', { className: 'draft-fingerprint' }, [
          el('span', { className: 'draft-fingerprint-label' }, ['Signature fingerprint ']),
          el('strong', { testid: 'sign-answer-fingerprint' }, [answer.fingerprint]),
        ]),
        button('Scan another request', 'transfer-scan-next', showScanner),
      ]),
    ]);
  }

  showStart();
  return {
    root,
    dispose() {
      disposed = true;
      clear();
    },
  };
}
