// Discarding the chosen draft from Review & sign: a quiet button, then a confirmation that says what discarding does
// (listed as discarded, never signable, audited) before anything is sent. The page calls the model on confirm.
import type { DraftJson } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { el, replace } from '../app/dom';
import { errorNotice } from '../ui/ErrorNotice';

export interface DiscardStep {
  root: HTMLElement;
  showError(error: PublicError): void;
}

export function discardStep(draft: DraftJson, onConfirm: () => void): DiscardStep {
  const root = el('section', { className: 'draft-discard', testid: 'draft-discard' });
  const ask = () =>
    replace(root, [
      el('button', { className: 'button button-quiet', testid: 'draft-discard-start', attrs: { type: 'button' }, on: { click: confirm } }, [`Discard draft ${draft.id}…`]),
    ]);
  const confirm = () =>
    replace(root, [
      el('div', { className: 'notice notice-warn', testid: 'draft-discard-confirm', attrs: { role: 'alertdialog', 'aria-labelledby': `discard-q-${draft.id}` } }, [
        el('p', { className: 'notice-message', attrs: { id: `discard-q-${draft.id}` } }, [`Discard draft ${draft.id}, “${draft.title}”, for good?`]),
        el('p', {}, ['It stays in the list marked discarded, it can never be signed or executed, and the discard is written to the audit log. To send it after all, build it again.']),
        el('div', { className: 'draft-discard-actions' }, [
          el('button', { className: 'button button-danger', testid: 'draft-discard-yes', attrs: { type: 'button' }, on: { click: onConfirm } }, [`Discard draft ${draft.id}`]),
          el('button', { className: 'button', testid: 'draft-discard-no', attrs: { type: 'button' }, on: { click: ask } }, ['Keep it']),
        ]),
      ]),
    ]);
  ask();
  return { root, showError: (error) => root.append(errorNotice(error, 'draft-discard-error')) };
}

/** What a discarded draft shows instead of the sign step. */
export function discardedNotice(draft: DraftJson): HTMLElement {
  return el('p', { className: 'notice notice-info', testid: 'draft-discarded' }, [`Draft ${draft.id} was discarded: it can never be signed or executed. Build a new draft if the transaction is still needed.`]);
}
