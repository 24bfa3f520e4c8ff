// The round both signing screens go through (Transfer's eth-sign-request, Bitcoin's PSBT): the start screen, the
// camera for one request, a "reviewing" line while the vault decodes it, then its review, or the refusal with "Scan
// again"; after signing, the answer as an animated QR with its fingerprint and "Scan another". One scanner and one
// answer QR at a time, both let go of when the page is left.
import { el, replace, type Child } from '../app/dom';
import type { Scope } from '../app/scope';
import type { Bridge } from '../bridge';
import { toPublicError } from '../bridge';
import { animatedQr, type AnimatedQr, type AnimatedQrSpec } from '../components/AnimatedQr';
import { mountQrScanner, type QrScanner } from '../components/QrScanner';
import { errorNotice } from '../ui/ErrorNotice';
import { signFromPanel, type SignPanel } from '../transactions/SignPanel';

export interface SigningFlowSpec<R> {
  bridge: Pick<Bridge, 'call'>;
  scope: Scope;
  root: HTMLElement;
  /** The test-id prefix: <prefix>-scanner, -reviewing, -error, -scan-again. */
  prefix: string;
  /** The one UR type scanned, and the scanner's title. */
  expect: string;
  scanTitle: string;
  /** Said while the vault decodes what was scanned. */
  reviewing: string;
  /** Kept at the end of the page whatever it shows (the unlock dialog). */
  keep?: Child;
  /** The start screen. */
  start(): Child[];
  /** Asks the vault to decode and review the scanned parts. */
  decode(parts: string[]): Promise<R>;
  /** The review screen: the review, the sign panel, its outcome slot. */
  review(reply: R): Child[];
}

/** The answer drawn under the sign panel. */
export interface SignedAnswer {
  testid: string;
  attrs: Record<string, string>;
  title: Child[];
  qr: AnimatedQrSpec;
  fingerprint: { label: string; words: string; testid: string };
  next: { label: string; testid: string };
}

export interface SigningFlow {
  /** The start screen (a scanner or answer shown before is let go of). */
  start(): void;
  /** Opens the camera for the next request. */
  scan(): void;
  /** The review screen's parts: the review, its sign panel, "Reject and scan another", and the outcome slot. */
  reviewed(review: HTMLElement, panel: SignPanel, outcome: HTMLElement, rejectTestId: string): Child[];
  /** Signs from the panel; the answer (its QR held until the next one or until the page is left), or main's refusal, goes in `outcome`. */
  sign<T>(panel: SignPanel, outcome: HTMLElement, approve: (acknowledge: string[]) => Promise<T>, answer: (signed: T) => SignedAnswer, errorTestId: string): Promise<void>;
}

export function flowButton(label: string, testid: string, onClick: () => void, primary = false): HTMLButtonElement {
  return el('button', { className: primary ? 'button button-primary' : 'button', testid, attrs: { type: 'button' }, on: { click: onClick } }, [label]);
}

export function signingFlow<R>(spec: SigningFlowSpec<R>): SigningFlow {
  const { scope, root, prefix } = spec;
  const scanner = scope.slot<QrScanner>();
  const answerQr = scope.slot<AnimatedQr>();
  const show = (children: Child[]) => replace(root, [...children, spec.keep]);
  const clear = () => (scanner.clear(), answerQr.clear());

  function start(): void {
    clear();
    show(spec.start());
  }

  function scan(): void {
    clear();
    const area = el('div', { className: 'transfer-scanner', testid: `${prefix}-scanner` });
    show([area]);
    scanner.hold(
      mountQrScanner(area, {
        expect: [spec.expect],
        title: spec.scanTitle,
        bridge: spec.bridge,
        onResult: (result) => void review(result.parts),
        onClose: () => scope.shown() && start(),
      }),
    );
  }

  async function review(parts: string[]): Promise<void> {
    clear();
    show([el('p', { className: 'muted', testid: `${prefix}-reviewing` }, [spec.reviewing])]);
    try {
      const reply = await spec.decode(parts);
      if (scope.shown()) show(spec.review(reply));
    } catch (error) {
      if (scope.shown()) show([errorNotice(toPublicError(error), `${prefix}-error`), flowButton('Scan again', `${prefix}-scan-again`, scan)]);
    }
  }

  function answer(outcome: HTMLElement, shown: SignedAnswer): void {
    const qr = answerQr.hold(animatedQr(shown.qr));
    replace(outcome, [
      el('section', { className: 'transfer-answer', testid: shown.testid, attrs: shown.attrs }, [
        el('h3', { className: 'draft-review-section-title' }, shown.title),
        qr.root,
        el('p', { className: 'draft-fingerprint' }, [
          el('span', { className: 'draft-fingerprint-label' }, [shown.fingerprint.label]),
          el('strong', { testid: shown.fingerprint.testid }, [shown.fingerprint.words]),
        ]),
        flowButton(shown.next.label, shown.next.testid, scan),
      ]),
    ]);
  }

  return {
    start,
    scan,
    reviewed: (review, panel, outcome, rejectTestId) => [review, panel.root, el('div', { className: 'transfer-actions' }, [flowButton('Reject and scan another', rejectTestId, scan)]), outcome],
    sign: (panel, outcome, approve, toAnswer, errorTestId) => signFromPanel(panel, outcome, approve, { show: (signed) => answer(outcome, toAnswer(signed)), isCurrent: scope.shown, errorTestId }),
  };
}
