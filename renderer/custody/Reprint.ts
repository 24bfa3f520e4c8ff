// A holder's share card reprinted: they type their passphrase (read once, the box emptied), and the card is shown
// for printing (PrintCard). The reprint is recorded in the audit log by main.
import { el, replace } from '../app/dom';
import { errorNotice } from '../ui/ErrorNotice';
import { field, secretInput } from '../ui/Field';
import type { Holder, HoldersModel } from './HoldersModel';
import type { ShareCardSpec } from './ShareCardModel';

export interface ReprintOptions {
  onCard(card: ShareCardSpec): void;
  onCancel(): void;
  /** Whether the page is still shown when main answers. */
  isCurrent(): boolean;
}

export function reprintForm(model: HoldersModel, holder: Holder, options: ReprintOptions): HTMLElement {
  let passphrase = '';
  const errorSlot = el('div', { testid: 'reprint-error-slot' });
  const input = secretInput({ testid: 'reprint-passphrase', value: '', onInput: (v) => (passphrase = v) });
  const submit = el('button', { className: 'button button-primary', testid: 'reprint-submit', attrs: { type: 'submit' } }, [`Show ${holder.name}'s card`]);
  const cancel = el('button', { className: 'button button-quiet', testid: 'reprint-cancel', attrs: { type: 'button' }, on: { click: options.onCancel } }, ['Cancel']);
  const busy = el('p', { className: 'dialog-busy', testid: 'reprint-busy', attrs: { role: 'status' } }, [el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), `Opening ${holder.name}'s share…`]);
  busy.hidden = true;
  const form = el('form', { className: 'reprint-form', testid: 'reprint-form', attrs: { novalidate: '' } }, [
    el('h2', { className: 'section-title', attrs: { tabindex: '-1' } }, [`Reprint ${holder.name}'s share card`]),
    el('p', { className: 'step-lead' }, [
      `${holder.name} types their passphrase. The share words are then shown on this screen: make sure only ${holder.name} can see it. `,
      'The reprint is recorded in the audit log.',
    ]),
    errorSlot,
    field({ label: `${holder.name}'s passphrase`, control: input }),
    el('div', { className: 'dialog-actions' }, [submit, cancel]),
    busy,
  ]);
  const waiting = (on: boolean) => {
    for (const control of [input, submit, cancel]) control.disabled = on;
    busy.hidden = !on;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = passphrase;
    passphrase = input.value = '';
    waiting(typed !== '');
    void model.reprint(holder, typed).then((answer) => {
      if (!options.isCurrent()) return;
      if ('card' in answer) return options.onCard(answer.card);
      waiting(false);
      replace(errorSlot, [errorNotice(answer.error, 'reprint-error')]);
      input.focus();
    });
  });
  return form;
}
