// The quorum unlock, as a modal dialog: holders open their stored shares one by one with their own
// passphrase, the progress towards the quorum is shown after each, then Unlock rebuilds the key in
// main's memory. It draws UnlockModel; each passphrase box is new and empty whenever it is drawn.
import type { UnlockStatusView, VaultSummaryView } from '../../shared/bridge';
import type { Bridge } from '../bridge';
import { el, replace } from '../app/dom';
import { listInProse } from '../app/format';
import { errorNotice } from '../ui/ErrorNotice';
import { field, secretInput, selectInput } from '../ui/Field';
import { UnlockModel } from './UnlockModel';

export interface UnlockDialog {
  root: HTMLDialogElement;
  open(status: UnlockStatusView): void;
  /** Closes the dialog and forgets what was typed. (The page decides whether opened shares are closed.) */
  dispose(): void;
}

export interface UnlockDialogOptions {
  bridge: Bridge;
  vault: VaultSummaryView;
  /** Called with every new status, so the page behind shows the same state. */
  onStatus(status: UnlockStatusView): void;
}

type Focus = 'passphrase' | 'title' | 'none';

/** "Unlocked · locks itself after 5 idle minutes". */
export function unlockedLine(idleLockMinutes: number): string {
  return `Unlocked · locks itself after ${idleLockMinutes} idle ${idleLockMinutes === 1 ? 'minute' : 'minutes'}`;
}

export function unlockDialog(options: UnlockDialogOptions): UnlockDialog {
  const model = new UnlockModel(options.bridge, options.vault, options.onStatus);
  const content = el('div', { className: 'dialog-content' });
  const root = el('dialog', { className: 'dialog unlock-dialog', testid: 'unlock-dialog', attrs: { 'aria-labelledby': 'unlock-title' } }, [content]);
  // Escape means "cancel this unlock", not "hide it with shares still open".
  root.addEventListener('cancel', (event) => {
    event.preventDefault();
    if (!model.busy) void close(model.cancel());
  });

  function render(focus: Focus = 'none'): void {
    if (!model.status) return;
    model.forget();
    const title = el('h2', { className: 'dialog-title', attrs: { id: 'unlock-title', tabindex: '-1' } }, [`Unlock ${model.vault.name}`]);
    replace(content, [title, ...stagePanel(model, act), busyLine(model.busy), footer(model, act)]);
    for (const control of content.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button')) control.disabled = model.busy !== null;
    if (focus === 'passphrase') content.querySelector<HTMLInputElement>('input[type="password"]')?.focus();
    else if (focus === 'title') title.focus();
  }

  /** Runs a model action: the busy line while main works, then the dialog again with the focus where it helps. */
  async function perform(action: Promise<void>, focus: Focus): Promise<void> {
    render();
    await action;
    render(focus);
  }

  /** Closes the dialog when the model says it may (shares closed), else shows why not. */
  async function close(mayClose: Promise<boolean>): Promise<void> {
    if (await mayClose) root.close();
    else render();
  }

  const act: DialogActions = {
    choose: (name) => (model.choose(name), render('passphrase')),
    present: () => void perform(model.present(), 'passphrase'),
    complete: () => void perform(model.complete(), 'title'),
    cancel: () => void close(model.cancel()),
    lockNow: () => void close(model.lock()),
    closeUnlocked: () => root.close(),
  };

  return {
    root,
    open(status) {
      model.open(status);
      render();
      if (!root.open) root.showModal();
      render(status.state === 'unlocked' ? 'title' : 'passphrase');
    },
    dispose() {
      model.forget();
      if (root.open) root.close();
      content.replaceChildren();
    },
  };
}

interface DialogActions {
  choose(name: string): void;
  present(): void;
  complete(): void;
  cancel(): void;
  lockNow(): void;
  closeUnlocked(): void;
}

function stagePanel(model: UnlockModel, act: DialogActions): HTMLElement[] {
  if (model.stage === 'unlocked') return [unlockedPanel(model)];
  return [
    el('p', { className: 'dialog-lead' }, [
      'Each holder in turn picks their name and types their own passphrase; the others look away. When enough shares are open, ',
      'Unlock rebuilds the key in this computer\'s memory only.',
    ]),
    progressPanel(model.status!),
    ...(model.error ? [errorNotice(model.error, 'unlock-error')] : []),
    model.stage === 'complete' ? completeForm(model, act) : presentForm(model, act),
  ];
}

function progressPanel(current: UnlockStatusView): HTMLElement {
  const progress = current.progress;
  return el('div', { className: 'unlock-progress', testid: 'unlock-progress', attrs: { 'data-complete': String(progress?.complete ?? false) } }, [
    el('p', { className: 'unlock-progress-summary', testid: 'unlock-progress-summary', attrs: { role: 'status', 'aria-live': 'polite' } }, [progress?.summary ?? 'No shares open yet']),
    el(
      'ul',
      { className: 'unlock-groups' },
      (progress?.groups ?? []).map((g) =>
        el('li', { className: 'unlock-group', testid: 'unlock-group', attrs: { 'data-done': String(g.done) } }, [
          el('span', { className: 'unlock-group-name' }, [`Group ${g.groupIndex + 1} · ${g.name}`]),
          el(
            'span',
            { className: 'ticks', attrs: { role: 'img', 'aria-label': `${g.have} of ${g.need} shares open` } },
            Array.from({ length: Math.max(g.need, g.have) }, (_, i) => el('span', { className: i < g.have ? 'tick tick-on' : 'tick', attrs: { 'aria-hidden': 'true' } }, [i < g.have ? '✓' : ''])),
          ),
          el('span', { className: 'unlock-group-count' }, [`${g.have} of ${g.need}${g.done ? ' · done' : ''}`]),
        ]),
      ),
    ),
    current.present.length > 0 ? el('p', { className: 'unlock-present', testid: 'unlock-present' }, [`Opened: ${listInProse(current.present)}`]) : null,
  ]);
}

function presentForm(model: UnlockModel, act: DialogActions): HTMLElement {
  const chosen = model.chosen;
  const holderSelect = selectInput<string>({
    testid: 'unlock-holder',
    value: chosen,
    options: model.waiting().map((h) => [h.name, `${h.name} · group ${h.groupIndex + 1} (${h.group})`] as const),
    onChange: act.choose,
  });
  const passphrase = secretInput({ testid: 'unlock-passphrase', value: '', onInput: (v) => (model.secrets.passphrase = v) });
  return submitForm('unlock-present-form', act.present, [
    field({ label: 'Holder', control: holderSelect }),
    field({ label: chosen ? `${chosen}'s passphrase` : 'Passphrase', control: passphrase, hint: 'Only this holder types it. It is not shown and not kept.' }),
    el('div', { className: 'dialog-actions' }, [el('button', { className: 'button button-primary', testid: 'unlock-open-share', attrs: { type: 'submit' } }, [chosen ? `Open ${chosen}'s share` : 'Open share'])]),
  ]);
}

function completeForm(model: UnlockModel, act: DialogActions): HTMLElement {
  const { vault, secrets } = model;
  return submitForm('unlock-complete-form', act.complete, [
    el('p', { className: 'dialog-ready', testid: 'unlock-ready' }, ['The quorum is present. Unlock rebuilds the key and checks that it derives the registered accounts again.']),
    vault.slip39Passphrase
      ? field({
          label: 'SLIP-39 passphrase',
          control: secretInput({ testid: 'unlock-slip39-passphrase', value: '', onInput: (v) => (secrets.slip39 = v) }),
          hint: 'The vault\'s SLIP-39 passphrase, set when it was created.',
        })
      : null,
    vault.bip39Passphrase
      ? field({
          label: 'BIP-39 passphrase',
          control: secretInput({ testid: 'unlock-bip39-passphrase', value: '', onInput: (v) => (secrets.bip39 = v) }),
          hint: 'The passphrase the imported recovery phrase was used with.',
        })
      : null,
    el('div', { className: 'dialog-actions' }, [el('button', { className: 'button button-primary', testid: 'unlock-complete', attrs: { type: 'submit' } }, ['Unlock'])]),
  ]);
}

function submitForm(testid: string, onSubmit: () => void, children: ReadonlyArray<HTMLElement | null>): HTMLElement {
  const form = el('form', { className: 'dialog-form', testid, attrs: { novalidate: '' } }, children);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit();
  });
  return form;
}

function unlockedPanel(model: UnlockModel): HTMLElement {
  return el('div', { className: 'unlock-done', testid: 'unlock-done' }, [
    el('p', { className: 'unlock-done-line', testid: 'unlock-done-line', attrs: { role: 'status' } }, [unlockedLine(model.vault.idleLockMinutes)]),
    model.openedBy.length > 0 ? el('p', { testid: 'unlock-opened-by' }, [`Shares opened by ${listInProse(model.openedBy)}.`]) : null,
    el('p', { className: 'muted' }, ['Lock it as soon as the work is done. Closing this dialog keeps it unlocked.']),
  ]);
}

function busyLine(busy: string | null): HTMLElement | null {
  return busy ? el('p', { className: 'dialog-busy', testid: 'unlock-busy', attrs: { role: 'status' } }, [el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), busy]) : null;
}

function footer(model: UnlockModel, act: DialogActions): HTMLElement {
  const button = (testid: string, className: string, label: string, onClick: () => void) => el('button', { className, testid, attrs: { type: 'button' }, on: { click: onClick } }, [label]);
  const buttons =
    model.stage === 'unlocked'
      ? [button('unlock-lock-now', 'button', 'Lock now', act.lockNow), button('unlock-close', 'button button-primary', 'Close', act.closeUnlocked)]
      : [button('unlock-cancel', 'button button-quiet', model.cancelLabel, act.cancel)];
  return el('div', { className: 'dialog-footer' }, buttons);
}
