// A holder's share check, as a modal dialog: they type (or scan) the words from their card and their passphrase,
// main checks both without rebuilding anything and records the result. Words stay in the box after a
// refusal so one word can be corrected; everything typed leaves the DOM when the dialog closes.
import type { ResponseOf } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { toPublicError, type Bridge } from '../bridge';
import { el, replace } from '../app/dom';
import { formatUtc } from '../app/format';
import { errorNotice } from '../ui/ErrorNotice';
import { scanButton, type ScanButton } from '../airgap/ScanButton';
import { field, secretInput, wordsInput } from '../ui/Field';
import { wordHint } from './WordHint';

/** Who checks: the holder's name and where their share sits, for the line under the title. */
export interface ShareCheckHolder {
  name: string;
  groupName: string;
  memberIndex: number;
  memberCount: number;
}

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

type ShareCheckResult = ResponseOf<'shares.check'>;

/** Refusals about the passphrase put the cursor there; any other refusal is about the words. */
const PASSPHRASE_CODES = new Set(['passphrase-wrong', 'passphrase-empty', 'passphrase-attempts-delayed']);

export function shareCheckDialog(options: ShareCheckDialogOptions): ShareCheckDialog {
  const { bridge } = options;
  let holder: ShareCheckHolder | null = null;
  let error: PublicError | null = null;
  let result: ShareCheckResult | null = null;
  let busy = false;
  const secrets = { words: '', passphrase: '' };
  let scan: ScanButton | null = null;

  const content = el('div', { className: 'dialog-content' });
  const root = el('dialog', { className: 'dialog share-check-dialog', testid: 'share-check-dialog', attrs: { 'aria-labelledby': 'share-check-title' } }, [content]);
  root.addEventListener('cancel', (event) => {
    // Escape closes, except while main is checking: the answer is recorded either way and is shown.
    if (busy) event.preventDefault();
  });
  root.addEventListener('close', () => forget());

  function forget(): void {
    scan?.dispose();
    scan = null;
    secrets.words = '';
    secrets.passphrase = '';
    error = null;
    result = null;
    // The words were typed into this dialog's textarea: remove it, and with it its value.
    content.replaceChildren();
  }

  function render(focus: 'words' | 'passphrase' | 'title' | 'none' = 'none'): void {
    if (!holder) return;
    const current = holder;
    const title = el('h2', { className: 'dialog-title', attrs: { id: 'share-check-title', tabindex: '-1' } }, [`Check ${current.name}'s share`]);
    const parts: HTMLElement[] = [
      title,
      el('p', { className: 'share-check-scope', testid: 'share-check-scope' }, [
        'A check only: this does not unlock the vault or rebuild the key.',
      ]),
      el('p', { className: 'dialog-lead', testid: 'share-check-place' }, [
        `Share ${current.memberIndex + 1} of ${current.memberCount} in group ${current.groupName}. `,
        `${current.name} types the words from their card and their passphrase; the others look away.`,
      ]),
    ];
    if (result) parts.push(resultPanel(result));
    else {
      if (error) parts.push(errorNotice(error, 'share-check-error'));
      parts.push(checkForm(current));
    }
    parts.push(footer());
    replace(content, parts);
    for (const control of content.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLButtonElement>('input, textarea, button')) control.disabled = busy;
    if (focus === 'words') content.querySelector<HTMLTextAreaElement>('textarea')?.focus();
    else if (focus === 'passphrase') content.querySelector<HTMLInputElement>('input[type="password"]')?.focus();
    else if (focus === 'title') title.focus();
  }

  function checkForm(current: ShareCheckHolder): HTMLElement {
    const words = wordsInput({ testid: 'share-check-words', value: secrets.words, rows: 4, onInput: (v) => (secrets.words = v) });
    const hint = wordHint(words, { list: 'slip39', testid: 'share-check-word-hint' });
    // The typed passphrase is never put back into a box, after a refusal or otherwise.
    secrets.passphrase = '';
    const passphrase = secretInput({ testid: 'share-check-passphrase', value: '', onInput: (v) => (secrets.passphrase = v) });
    // The card carries its words as a plain QR code too. No fingerprint words are shown for it: they would narrow the share.
    scan?.dispose();
    scan = scanButton({
      bridge,
      expect: [],
      title: `Scan the QR code on ${current.name}'s card`,
      label: 'Scan the card',
      testid: 'share-check-scan',
      plainText: { type: 'slip39-share-words', accept: (text) => /^[a-z]+(\s+[a-z]+){19,32}\s*$/i.test(text.trim()) },
      showFingerprint: false,
      onResult: (result) => {
        secrets.words = words.value = new TextDecoder().decode(result.payload);
        hint.update();
        passphrase.focus();
      },
    });
    const form = el('form', { className: 'dialog-form', testid: 'share-check-form', attrs: { novalidate: '' } }, [
      scan.root,
      field({
        label: `${current.name}'s share words`,
        control: words,
        hint: 'All the words on the card, in order, separated by spaces or new lines. Capitals do not matter.',
      }),
      hint.root,
      field({ label: `${current.name}'s passphrase`, control: passphrase, hint: 'Only this holder types it. It is not shown and not kept.' }),
      el('div', { className: 'dialog-actions' }, [
        el('button', { className: 'button button-primary', testid: 'share-check-submit', attrs: { type: 'submit' } }, ['Check']),
      ]),
      busy
        ? el('p', { className: 'dialog-busy', testid: 'share-check-busy', attrs: { role: 'status' } }, [
            el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }),
            `Checking ${current.name}'s share…`,
          ])
        : null,
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void check(current);
    });
    return form;
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

  function footer(): HTMLElement {
    return el('div', { className: 'dialog-footer' }, [
      el('button', { className: result ? 'button button-primary' : 'button button-quiet', testid: 'share-check-close', attrs: { type: 'button' }, on: { click: () => root.close() } }, [
        result ? 'Close' : 'Cancel',
      ]),
    ]);
  }

  async function check(current: ShareCheckHolder): Promise<void> {
    const words = secrets.words.trim();
    const passphrase = secrets.passphrase;
    secrets.passphrase = '';
    if (!words) {
      error = { code: 'share-words-empty', message: `${current.name} types the words from their card first.` };
      render('words');
      return;
    }
    if (!passphrase) {
      error = { code: 'passphrase-empty', message: `${current.name} types their passphrase too.` };
      render('passphrase');
      return;
    }
    busy = true;
    render();
    let focus: 'words' | 'passphrase' | 'title' = 'title';
    try {
      const passed = await bridge.call('shares.check', { holder: current.name, words, passphrase });
      if (holder !== current) return;
      result = passed;
      error = null;
      // A passed check needs the words no more: they go with the form.
      secrets.words = '';
      options.onChecked(passed);
    } catch (failure) {
      if (holder !== current) return;
      // The words stay so one can be corrected; the passphrase is typed again.
      error = toPublicError(failure);
      focus = PASSPHRASE_CODES.has(error.code) ? 'passphrase' : 'words';
    } finally {
      busy = false;
    }
    if (root.open) render(focus);
  }

  return {
    root,
    open(next) {
      forget();
      holder = next;
      render();
      if (!root.open) root.showModal();
      render('words');
    },
    dispose() {
      holder = null;
      if (root.open) root.close();
      forget();
    },
  };
}
