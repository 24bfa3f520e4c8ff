// A holder's share check, as a modal dialog: they type (or scan) the words from their card and their passphrase,
// main checks both without rebuilding anything and records the result. It draws ShareCheckModel; the words typed
// leave the DOM with the form when the dialog closes.
import type { ResponseOf } from '../../shared/bridge';
import type { Bridge } from '../bridge';
import { el, replace } from '../app/dom';
import { formatUtc } from '../app/format';
import { scanButton, type ScanButton } from '../airgap/ScanButton';
import { errorNotice } from '../ui/ErrorNotice';
import { field, secretInput, wordsInput } from '../ui/Field';
import { isShareWords, ShareCheckModel, type ShareCheckFocus, type ShareCheckHolder, type ShareCheckResult } from './ShareCheckModel';
import { wordHint } from './WordHint';

export type { ShareCheckHolder };

export interface ShareCheckDialog {
  root: HTMLDialogElement;
  open(holder: ShareCheckHolder): void;
  /** Closes the dialog and forgets what was typed. */
  dispose(): void;
}

export interface ShareCheckDialogOptions {
  bridge: Bridge;
  /** Called after a passed check, so the page behind can show the new "last checked" date. */
  onChecked(result: ResponseOf<'shares.check'>): void;
}

export function shareCheckDialog(options: ShareCheckDialogOptions): ShareCheckDialog {
  const model = new ShareCheckModel(options.bridge, options.onChecked);
  let scan: ScanButton | null = null;
  const content = el('div', { className: 'dialog-content' });
  const root = el('dialog', { className: 'dialog share-check-dialog', testid: 'share-check-dialog', attrs: { 'aria-labelledby': 'share-check-title' } }, [content]);
  // Escape closes, except while main is checking: the answer is recorded either way and is shown.
  root.addEventListener('cancel', (event) => model.busy && event.preventDefault());
  root.addEventListener('close', () => forget());

  function forget(): void {
    scan?.dispose();
    scan = null;
    model.forget();
    // The words were typed into this dialog's textarea: remove it, and with it its value.
    content.replaceChildren();
  }

  function render(focus: ShareCheckFocus | 'none' = 'none'): void {
    const holder = model.holder;
    if (!holder) return;
    const title = el('h2', { className: 'dialog-title', attrs: { id: 'share-check-title', tabindex: '-1' } }, [`Check ${holder.name}'s share`]);
    scan?.dispose();
    scan = null;
    const check = model.result ? null : checkForm(model, holder, options.bridge, () => void submit());
    scan = check?.scan ?? null;
    const body = check ? [model.error ? errorNotice(model.error, 'share-check-error') : null, check.form] : [resultPanel(model.result!)];
    replace(content, [title, ...lead(holder), ...body, footer(model.result !== null, () => root.close())]);
    for (const control of content.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLButtonElement>('input, textarea, button')) control.disabled = model.busy;
    if (focus === 'words') content.querySelector<HTMLTextAreaElement>('textarea')?.focus();
    else if (focus === 'passphrase') content.querySelector<HTMLInputElement>('input[type="password"]')?.focus();
    else if (focus === 'title') title.focus();
  }

  async function submit(): Promise<void> {
    const pending = model.check();
    if (model.busy) render();
    const focus = await pending;
    if (focus && root.open) render(focus);
  }

  return {
    root,
    open(holder) {
      forget();
      model.open(holder);
      render();
      if (!root.open) root.showModal();
      render('words');
    },
    dispose() {
      model.close();
      if (root.open) root.close();
      forget();
    },
  };
}

/** The words (typed or scanned) and the passphrase; the scanner it holds is disposed by the dialog. */
function checkForm(model: ShareCheckModel, holder: ShareCheckHolder, bridge: Bridge, check: () => void): { form: HTMLElement; scan: ScanButton } {
  const words = wordsInput({ testid: 'share-check-words', value: model.secrets.words, rows: 4, onInput: (v) => (model.secrets.words = v) });
  const hint = wordHint(words, { list: 'slip39', testid: 'share-check-word-hint' });
  // The typed passphrase is never put back into a box, after a refusal or otherwise.
  model.secrets.passphrase = '';
  const passphrase = secretInput({ testid: 'share-check-passphrase', value: '', onInput: (v) => (model.secrets.passphrase = v) });
  // The card carries its words as a plain QR code too. No fingerprint words are shown for it: they would narrow the share.
  const scan = scanButton({
    bridge,
    expect: [],
    title: `Scan the QR code on ${holder.name}'s card`,
    label: 'Scan the card',
    testid: 'share-check-scan',
    plainText: { type: 'slip39-share-words', accept: isShareWords },
    showFingerprint: false,
    onResult: (result) => {
      model.secrets.words = words.value = new TextDecoder().decode(result.payload);
      hint.update();
      passphrase.focus();
    },
  });
  const form = el('form', { className: 'dialog-form', testid: 'share-check-form', attrs: { novalidate: '' } }, [
    scan.root,
    field({ label: `${holder.name}'s share words`, control: words, hint: 'All the words on the card, in order, separated by spaces or new lines. Capitals do not matter.' }),
    hint.root,
    field({ label: `${holder.name}'s passphrase`, control: passphrase, hint: 'Only this holder types it. It is not shown and not kept.' }),
    el('div', { className: 'dialog-actions' }, [el('button', { className: 'button button-primary', testid: 'share-check-submit', attrs: { type: 'submit' } }, ['Check'])]),
    model.busy ? busyLine(holder) : null,
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    check();
  });
  return { form, scan };
}

function lead(holder: ShareCheckHolder): HTMLElement[] {
  return [
    el('p', { className: 'share-check-scope', testid: 'share-check-scope' }, ['A check only: this does not unlock the vault or rebuild the key.']),
    el('p', { className: 'dialog-lead', testid: 'share-check-place' }, [
      `Share ${holder.memberIndex + 1} of ${holder.memberCount} in group ${holder.groupName}. `,
      `${holder.name} types the words from their card and their passphrase; the others look away.`,
    ]),
  ];
}

function busyLine(holder: ShareCheckHolder): HTMLElement {
  return el('p', { className: 'dialog-busy', testid: 'share-check-busy', attrs: { role: 'status' } }, [el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), `Checking ${holder.name}'s share…`]);
}

function resultPanel(passed: ShareCheckResult): HTMLElement {
  return el('div', { className: 'share-check-passed', testid: 'share-check-result', attrs: { role: 'status' } }, [
    el('p', { className: 'share-check-passed-line', testid: 'share-check-passed-line' }, [`${passed.holder}'s share and passphrase passed every check`]),
    el(
      'ul',
      { className: 'share-check-list' },
      passed.checks.map((sentence) => el('li', { testid: 'share-check-item' }, [el('span', { className: 'share-check-tick', attrs: { 'aria-hidden': 'true' } }, ['✓']), ` ${sentence}`])),
    ),
    el('p', { className: 'share-check-recorded', testid: 'share-check-recorded' }, [`Recorded on ${formatUtc(passed.checkedAt)}`]),
  ]);
}

function footer(passed: boolean, close: () => void): HTMLElement {
  return el('div', { className: 'dialog-footer' }, [
    el('button', { className: passed ? 'button button-primary' : 'button button-quiet', testid: 'share-check-close', attrs: { type: 'button' }, on: { click: close } }, [passed ? 'Close' : 'Cancel']),
  ]);
}
