// The sign step under a review (a draft's or another wallet's request): why nothing can be signed (blocking
// warnings), one acknowledgement per warning code that needs one (its label from the one rules table), and the Sign
// button, enabled only when both allow it. The page does the signing; main enforces the same policy again.
import type { PublicError } from '../../shared/errors';
import { acknowledgementLabel, isWarningCode } from '../../shared/drafting/rules';
import { el, replace } from '../app/dom';
import { toPublicError } from '../bridge';
import { checkbox } from '../ui/Field';
import { errorNotice } from '../ui/ErrorNotice';

interface PanelWarning {
  code: string;
  severity: string;
  message: string;
}

export interface SignPanelSpec {
  warnings: readonly PanelWarning[];
  blocking: readonly PanelWarning[];
  acknowledgementsRequired: readonly string[];
  buttonLabel: string;
  /** The button's data-testid ("sign-draft" unless given). */
  buttonTestId?: string;
  /** A line under the acknowledgements (what signing does); null for none. */
  hint: string | null;
  /** The first line of the blocked notice: what to do instead. */
  blockedLine: string;
  onSign(): void;
}

export interface SignPanel {
  root: HTMLElement;
  /** A line while signing or unlocking; null when idle. */
  setBusy(line: string | null): void;
  showError(error: PublicError | null): void;
  /** The acknowledged codes, in the order the review asked for them. */
  acknowledged(): string[];
}

/** Whether the button may be pressed, and why not: the panel's whole state, apart from the DOM. */
export function signPanelState(spec: Pick<SignPanelSpec, 'blocking' | 'acknowledgementsRequired'>, ticked: ReadonlySet<string>, busy: boolean): 'blocked' | 'acknowledge' | 'busy' | 'ready' {
  if (spec.blocking.length > 0) return 'blocked';
  if (spec.acknowledgementsRequired.some((code) => !ticked.has(code))) return 'acknowledge';
  return busy ? 'busy' : 'ready';
}

/** What the Sign button says while it cannot be pressed. */
export const DISABLED_LABELS: Readonly<Record<'blocked' | 'acknowledge' | 'busy', string>> = {
  blocked: 'Cannot sign: see the reasons above',
  acknowledge: 'Confirm each item above to sign',
  // The line under the button says what it waits for (a quorum, the signer).
  busy: 'Please wait…',
};

export function signPanel(spec: SignPanelSpec): SignPanel {
  const ticked = new Set<string>();
  const blocked = spec.blocking.length > 0;
  const status = el('div', { className: 'draft-sign-status', testid: 'sign-status', attrs: { 'aria-live': 'polite' } });
  const button = el('button', { className: 'button button-primary button-large', testid: spec.buttonTestId ?? 'sign-draft', attrs: { type: 'button' }, on: { click: () => spec.onSign() } }, [spec.buttonLabel]);
  let busy: string | null = null;

  const refresh = () => {
    const state = signPanelState(spec, ticked, busy !== null);
    button.disabled = state !== 'ready';
    button.dataset.reason = state;
    // Not by opacity alone: a button that cannot be pressed says why in its own words and looks unlike a live one.
    const label = state === 'ready' ? spec.buttonLabel : DISABLED_LABELS[state];
    if (button.textContent !== label) button.textContent = label;
  };

  const acks = spec.acknowledgementsRequired.map((code) => {
    const warnings = spec.warnings.filter((w) => w.code === code);
    return checkbox({
      testid: `ack-${code}`,
      checked: false,
      label: el('span', {}, [isWarningCode(code) ? acknowledgementLabel(code) : `I have read and accept: ${code}`, ' ', el('code', {}, [`(${code})`])]),
      ...(warnings.length > 0 ? { hint: warnings.map((w) => w.message).join(' ') } : {}),
      onChange: (checked) => {
        if (checked) ticked.add(code);
        else ticked.delete(code);
        refresh();
      },
    });
  });

  const parts = [
    el('h3', { className: 'draft-review-section-title' }, ['Sign']),
    blocked
      ? el('div', { className: 'notice notice-error', testid: 'sign-blocked', attrs: { role: 'alert' } }, [
          el('p', { className: 'notice-message' }, [spec.blockedLine]),
          el('ul', { className: 'notice-list' }, spec.blocking.map((w) => el('li', { testid: 'sign-blocked-reason', attrs: { 'data-code': w.code } }, [w.message]))),
        ])
      : null,
    acks.length && !blocked
      ? el('div', { className: 'draft-acks', testid: 'sign-acks' }, [el('p', { className: 'field-label' }, ['Before signing, confirm each of these:']), ...acks])
      : null,
    !blocked && spec.hint ? el('p', { className: 'field-hint' }, [spec.hint]) : null,
    el('div', { className: 'draft-sign-actions' }, [button]),
    status,
  ];
  const root = el('section', { className: 'draft-sign', testid: 'sign-panel', attrs: { 'data-blocked': String(blocked) } }, parts);
  refresh();

  return {
    root,
    setBusy(line) {
      busy = line;
      refresh();
      replace(status, line ? [el('p', { className: 'dialog-busy', testid: 'sign-busy', attrs: { role: 'status' } }, [el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), line])] : []);
    },
    showError(error) {
      replace(status, error ? [errorNotice(error, 'sign-error')] : []);
    },
    acknowledged: () => spec.acknowledgementsRequired.filter((code) => ticked.has(code)),
  };
}

/**
 * One signing round from a panel: busy while main signs with the ticked acknowledgements, then the answer drawn by
 * `show`, or main's refusal (a locked vault, an unknown request…) in `outcome` — signing again stays allowed.
 */
export async function signFromPanel<T>(
  panel: SignPanel,
  outcome: HTMLElement,
  approve: (acknowledge: string[]) => Promise<T>,
  then: { show(answer: T): void; isCurrent(): boolean; errorTestId: string },
): Promise<void> {
  panel.setBusy('Signing…');
  replace(outcome, []);
  try {
    const answer = await approve(panel.acknowledged());
    panel.setBusy(null);
    if (then.isCurrent()) then.show(answer);
  } catch (error) {
    panel.setBusy(null);
    if (then.isCurrent()) replace(outcome, [errorNotice(toPublicError(error), then.errorTestId)]);
  }
}
