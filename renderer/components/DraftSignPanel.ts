// The sign step under a draft's review: why nothing can be signed (blocking warnings), one acknowledgement per
// warning that needs one, and the Sign button, enabled only when both allow it. The page does the signing.
import type { DraftJson } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { el, replace } from '../app/dom';
import { checkbox } from './Field';
import { errorNotice } from './ErrorNotice';

const ACKNOWLEDGEMENTS: Readonly<Record<string, string>> = {
  'unknown-function': 'I have checked the raw call data.',
  'untrusted-delegatecall': 'I have checked the delegatecall target and know what its code does with the Safe.',
  'owner-or-threshold-change': 'I have checked the owners and threshold this transaction sets.',
  'unlimited-approval': 'I have checked that an unlimited approval is intended.',
  'recipient-not-registered': 'I have checked the recipient address with its owner.',
};

export interface DraftSignPanel {
  root: HTMLElement;
  /** A line while signing or unlocking; null when idle. */
  setBusy(line: string | null): void;
  showError(error: PublicError | null): void;
  /** The acknowledged codes, in the order the review asked for them. */
  acknowledged(): string[];
}

export function draftSignPanel(draft: DraftJson, onSign: () => void, locked: boolean): DraftSignPanel {
  const ticked = new Set<string>();
  const blocked = draft.blocking.length > 0;
  const status = el('div', { className: 'draft-sign-status', testid: 'sign-status', attrs: { 'aria-live': 'polite' } });
  const button = el('button', { className: 'button button-primary button-large', testid: 'sign-draft', attrs: { type: 'button' }, on: { click: () => onSign() } }, [
    draft.status === 'signed' ? 'Show the signature' : locked ? 'Unlock and sign' : 'Sign',
  ]);
  let busy: string | null = null;

  const refresh = () => {
    const missing = draft.acknowledgementsRequired.some((code) => !ticked.has(code));
    button.disabled = blocked || missing || busy !== null;
    button.dataset.reason = blocked ? 'blocked' : missing ? 'acknowledge' : busy ? 'busy' : 'ready';
  };

  const acks = draft.acknowledgementsRequired.map((code) => {
    const warning = draft.warnings.find((w) => w.code === code);
    const box = checkbox({
      testid: `ack-${code}`,
      checked: false,
      label: ACKNOWLEDGEMENTS[code] ?? `I have read and accept: ${warning?.message ?? code}`,
      ...(warning ? { hint: warning.message } : {}),
      onChange: (checked) => {
        if (checked) ticked.add(code);
        else ticked.delete(code);
        refresh();
      },
    });
    return box;
  });

  const parts = [
    el('h3', { className: 'draft-review-section-title' }, ['Sign']),
    blocked
      ? el('div', { className: 'notice notice-error', testid: 'sign-blocked', attrs: { role: 'alert' } }, [
          el('p', { className: 'notice-message' }, ['Nothing can be signed: fix the draft and build it again.']),
          el('ul', { className: 'notice-list' }, draft.blocking.map((w) => el('li', { testid: 'sign-blocked-reason', attrs: { 'data-code': w.code } }, [w.message]))),
        ])
      : null,
    acks.length && !blocked
      ? el('div', { className: 'draft-acks', testid: 'sign-acks' }, [el('p', { className: 'field-label' }, ['Before signing, confirm:']), ...acks])
      : null,
    !blocked && draft.status !== 'signed'
      ? el('p', { className: 'field-hint' }, [
          locked ? 'The vault is locked: Sign first asks a quorum of holders to unlock it. ' : '',
          'The vault signs exactly the digest above; if the draft changed since it was built, signing is refused.',
        ])
      : null,
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
    acknowledged: () => draft.acknowledgementsRequired.filter((code) => ticked.has(code)),
  };
}
