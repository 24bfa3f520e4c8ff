// The Transfer view (vault): signing requests from another device across the air gap. "Scan from another device"
// opens the camera for an ERC-4527 eth-sign-request; the vault shows its full review; Approve signs it (the vault
// must be unlocked) and the answer, an eth-signature, is shown as a QR code for the wallet that asked.
import type { ResponseOf } from '../../shared/bridge';
import { el, type Child } from '../app/dom';
import type { Scope } from '../app/scope';
import { defineView, type Page, type ViewContext } from '../app/view';
import { signPanel, type SignPanel } from '../transactions/SignPanel';
import { flowButton, signingFlow, type SignedAnswer, type SigningFlow } from './SigningFlow';
import { policyOf, signRequestReview } from './SignRequestReview';

export const SIGN_REQUEST_UR_TYPE = 'eth-sign-request';

export const transferView = defineView({
  id: 'transfer', title: 'Transfer', page: transferPage,
  purpose: 'The only way across the air gap: QR codes in from another device\'s screen through the camera, and out to it on this screen.',
});

function transferPage({ bridge }: ViewContext, scope: Scope): Page {
  const root = el('div', { className: 'transfer-page', testid: 'transfer-page' });
  const flow: SigningFlow = signingFlow({
    bridge,
    scope,
    root,
    prefix: 'transfer',
    expect: SIGN_REQUEST_UR_TYPE,
    scanTitle: "Scan the wallet's signing request",
    reviewing: 'Decoding and reviewing the request…',
    start: () => [startSection(() => flow.scan())],
    decode: (parts) => bridge.call('sign.review', { parts }),
    review: (reply) => reviewScreen(reply),
  });

  function reviewScreen(reply: ResponseOf<'sign.review'>): Child[] {
    const outcome = el('div', { className: 'transfer-outcome', testid: 'transfer-outcome' });
    // SECURITY(H-23): the same panel as a draft's: blocking codes leave nothing to press, each acknowledgeable code a box.
    const panel: SignPanel = signPanel({
      ...policyOf(reply.review),
      buttonLabel: 'Approve and sign',
      buttonTestId: 'sign-approve',
      hint: 'The vault must be unlocked; it signs exactly the digest above, for the account above.',
      blockedLine: 'Nothing can be signed: this request is refused. Tell the wallet that asked why (the reasons are below).',
      onSign: () => void flow.sign(panel, outcome, (acknowledge) => bridge.call('sign.approve', { requestKey: reply.requestKey, acknowledge }), signatureAnswer, 'sign-approve-error'),
    });
    return flow.reviewed(signRequestReview(reply), panel, outcome, 'sign-reject');
  }

  flow.start();
  return { root };
}

function startSection(scan: () => void): HTMLElement {
  return el('section', { className: 'transfer-start', testid: 'transfer-start' }, [
    el('h2', {}, ['Signing request from another wallet']),
    el('p', {}, [
      'A wallet on another device (for example a MetaMask-style "QR hardware wallet") shows an eth-sign-request as a QR code. ',
      'Scan it here: the vault decodes it in full and signs nothing until you approve it with the vault unlocked.',
    ]),
    flowButton('Scan from another device', 'transfer-scan', scan, true),
  ]);
}

/** The eth-signature for the wallet that asked. */
function signatureAnswer(answer: ResponseOf<'sign.approve'>): SignedAnswer {
  return {
    testid: 'sign-answer',
    attrs: { 'data-signature': answer.signature, 'data-address': answer.address },
    title: ['Signed by ', el('code', { testid: 'sign-answer-address' }, [answer.address])],
    qr: { source: { parts: [answer.signature] }, destination: 'wallet', label: 'Signature, to the wallet that asked' },
    fingerprint: { label: 'Signature fingerprint ', words: answer.fingerprint, testid: 'sign-answer-fingerprint' },
    next: { label: 'Scan another request', testid: 'transfer-scan-next' },
  };
}
