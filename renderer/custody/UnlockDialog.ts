// The quorum unlock, as a modal dialog: holders open their stored shares one by one with their own
// passphrase, the progress towards the quorum is shown after each, then Unlock rebuilds the key in
// main's memory. Passphrases are read from their box once, sent, and the box is emptied.
import type { UnlockStatusView, VaultSummaryView } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { toPublicError, type Bridge } from '../bridge';
import { el, replace } from '../app/dom';
import { listInProse } from '../app/format';
import { errorNotice } from '../ui/ErrorNotice';
import { field, secretInput, selectInput } from '../ui/Field';

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

/** "Unlocked · locks itself after 5 idle minutes". */
export function unlockedLine(idleLockMinutes: number): string {
  return `Unlocked · locks itself after ${idleLockMinutes} idle ${idleLockMinutes === 1 ? 'minute' : 'minutes'}`;
}

export function unlockDialog(options: UnlockDialogOptions): UnlockDialog {
  const { bridge, vault } = options;
  const holders = vault.groups.flatMap((g) => g.holders.map((h) => ({ name: h.name, group: g.name, groupIndex: g.groupIndex })));
  let status: UnlockStatusView | null = null;
  let error: PublicError | null = null;
  let busy: string | null = null;
  let chosen = '';
  /** Who opened their share for the unlock in progress; main forgets the list once the key is rebuilt. */
  let openedBy: string[] = [];
  const secrets = { passphrase: '', slip39: '', bip39: '' };

  const content = el('div', { className: 'dialog-content' });
  const root = el('dialog', { className: 'dialog unlock-dialog', testid: 'unlock-dialog', attrs: { 'aria-labelledby': 'unlock-title' } }, [content]);
  // Escape means "cancel this unlock", not "hide it with shares still open".
  root.addEventListener('cancel', (event) => {
    event.preventDefault();
    if (!busy) void cancel();
  });

  function set(next: UnlockStatusView): void {
    status = next;
    options.onStatus(next);
  }

  function render(focus: 'passphrase' | 'title' | 'none' = 'none'): void {
    if (!status) return;
    const title = el('h2', { className: 'dialog-title', attrs: { id: 'unlock-title', tabindex: '-1' } }, [`Unlock ${vault.name}`]);
    const parts: HTMLElement[] = [title];
    if (status.state === 'unlocked') {
      parts.push(unlockedPanel());
    } else {
      parts.push(
        el('p', { className: 'dialog-lead' }, [
          'Each holder in turn picks their name and types their own passphrase; the others look away. When enough shares are open, ',
          'Unlock rebuilds the key in this computer\'s memory only.',
        ]),
        progressPanel(status),
      );
      if (error) parts.push(errorNotice(error, 'unlock-error'));
      parts.push(status.progress?.complete ? completeForm() : presentForm(status));
    }
    if (busy) parts.push(el('p', { className: 'dialog-busy', testid: 'unlock-busy', attrs: { role: 'status' } }, [el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), busy]));
    parts.push(footer());
    replace(content, parts);
    for (const control of content.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button')) control.disabled = busy !== null;
    if (focus === 'passphrase') content.querySelector<HTMLInputElement>('input[type="password"]')?.focus();
    else if (focus === 'title') title.focus();
  }

  function progressPanel(current: UnlockStatusView): HTMLElement {
    const progress = current.progress;
    const groups = progress?.groups ?? [];
    return el('div', { className: 'unlock-progress', testid: 'unlock-progress', attrs: { 'data-complete': String(progress?.complete ?? false) } }, [
      el('p', { className: 'unlock-progress-summary', testid: 'unlock-progress-summary', attrs: { role: 'status', 'aria-live': 'polite' } }, [
        progress?.summary ?? 'No shares open yet',
      ]),
      el(
        'ul',
        { className: 'unlock-groups' },
        groups.map((g) =>
          el('li', { className: 'unlock-group', testid: 'unlock-group', attrs: { 'data-done': String(g.done) } }, [
            el('span', { className: 'unlock-group-name' }, [`Group ${g.groupIndex + 1} · ${g.name}`]),
            el(
              'span',
              { className: 'ticks', attrs: { 'aria-label': `${g.have} of ${g.need} shares open` } },
              Array.from({ length: Math.max(g.need, g.have) }, (_, i) => el('span', { className: i < g.have ? 'tick tick-on' : 'tick', attrs: { 'aria-hidden': 'true' } }, [i < g.have ? '✓' : ''])),
            ),
            el('span', { className: 'unlock-group-count' }, [`${g.have} of ${g.need}${g.done ? ' · done' : ''}`]),
          ]),
        ),
      ),
      current.present.length > 0 ? el('p', { className: 'unlock-present', testid: 'unlock-present' }, [`Opened: ${listInProse(current.present)}`]) : null,
    ]);
  }

  function presentForm(current: UnlockStatusView): HTMLElement {
    const waiting = holders.filter((h) => !current.present.some((p) => p.toLowerCase() === h.name.toLowerCase()));
    if (!waiting.some((h) => h.name === chosen)) chosen = waiting[0]?.name ?? '';
    const holderSelect = selectInput<string>({
      testid: 'unlock-holder',
      value: chosen,
      options: waiting.map((h) => [h.name, `${h.name} · group ${h.groupIndex + 1} (${h.group})`] as const),
      onChange: (v) => {
        chosen = v;
        error = null;
        render('passphrase');
      },
    });
    const passphrase = secretInput({ testid: 'unlock-passphrase', value: '', onInput: (v) => (secrets.passphrase = v) });
    secrets.passphrase = '';
    const form = el('form', { className: 'dialog-form', testid: 'unlock-present-form', attrs: { novalidate: '' } }, [
      field({ label: 'Holder', control: holderSelect }),
      field({ label: chosen ? `${chosen}'s passphrase` : 'Passphrase', control: passphrase, hint: 'Only this holder types it. It is not shown and not kept.' }),
      el('div', { className: 'dialog-actions' }, [
        el('button', { className: 'button button-primary', testid: 'unlock-open-share', attrs: { type: 'submit' } }, [chosen ? `Open ${chosen}'s share` : 'Open share']),
      ]),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void present();
    });
    return form;
  }

  function completeForm(): HTMLElement {
    const fields: HTMLElement[] = [];
    if (vault.slip39Passphrase) {
      fields.push(
        field({
          label: 'SLIP-39 passphrase',
          control: secretInput({ testid: 'unlock-slip39-passphrase', value: '', onInput: (v) => (secrets.slip39 = v) }),
          hint: 'The vault\'s SLIP-39 passphrase, set when it was created.',
        }),
      );
    }
    if (vault.bip39Passphrase) {
      fields.push(
        field({
          label: 'BIP-39 passphrase',
          control: secretInput({ testid: 'unlock-bip39-passphrase', value: '', onInput: (v) => (secrets.bip39 = v) }),
          hint: 'The passphrase the imported recovery phrase was used with.',
        }),
      );
    }
    secrets.slip39 = '';
    secrets.bip39 = '';
    const form = el('form', { className: 'dialog-form', testid: 'unlock-complete-form', attrs: { novalidate: '' } }, [
      el('p', { className: 'dialog-ready', testid: 'unlock-ready' }, [
        'The quorum is present. Unlock rebuilds the key and checks that it derives the registered accounts again.',
      ]),
      ...fields,
      el('div', { className: 'dialog-actions' }, [el('button', { className: 'button button-primary', testid: 'unlock-complete', attrs: { type: 'submit' } }, ['Unlock'])]),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void complete();
    });
    return form;
  }

  function unlockedPanel(): HTMLElement {
    return el('div', { className: 'unlock-done', testid: 'unlock-done' }, [
      el('p', { className: 'unlock-done-line', testid: 'unlock-done-line', attrs: { role: 'status' } }, [unlockedLine(vault.idleLockMinutes)]),
      openedBy.length > 0 ? el('p', { testid: 'unlock-opened-by' }, [`Shares opened by ${listInProse(openedBy)}.`]) : null,
      el('p', { className: 'muted' }, ['Lock it as soon as the work is done. Closing this dialog keeps it unlocked.']),
    ]);
  }

  function footer(): HTMLElement {
    const unlocked = status?.state === 'unlocked';
    const buttons = unlocked
      ? [
          el('button', { className: 'button', testid: 'unlock-lock-now', attrs: { type: 'button' }, on: { click: () => void lockNow() } }, ['Lock now']),
          el('button', { className: 'button button-primary', testid: 'unlock-close', attrs: { type: 'button' }, on: { click: () => root.close() } }, ['Close']),
        ]
      : [
          el('button', { className: 'button button-quiet', testid: 'unlock-cancel', attrs: { type: 'button' }, on: { click: () => void cancel() } }, [
            status?.present.length ? 'Cancel unlock (close the opened shares)' : 'Cancel',
          ]),
        ];
    return el('div', { className: 'dialog-footer' }, buttons);
  }

  async function run(label: string, work: () => Promise<void>, focus: 'passphrase' | 'title' = 'passphrase'): Promise<void> {
    busy = label;
    render();
    try {
      await work();
    } finally {
      busy = null;
      render(focus);
    }
  }

  async function present(): Promise<void> {
    const holder = chosen;
    const passphrase = secrets.passphrase;
    secrets.passphrase = '';
    if (!holder) return;
    if (!passphrase) {
      error = { code: 'passphrase-empty', message: `${holder} types their passphrase first.` };
      render('passphrase');
      return;
    }
    await run(`Opening ${holder}'s share…`, async () => {
      try {
        set(await bridge.call('unlock.present', { holder, passphrase }));
        error = null;
      } catch (failure) {
        // A wrong passphrase keeps the same holder selected so they can try again.
        error = toPublicError(failure);
      }
    });
  }

  async function complete(): Promise<void> {
    const request = {
      ...(vault.slip39Passphrase ? { slip39Passphrase: secrets.slip39 } : {}),
      ...(vault.bip39Passphrase ? { bip39Passphrase: secrets.bip39 } : {}),
    };
    secrets.slip39 = '';
    secrets.bip39 = '';
    openedBy = [...(status?.present ?? [])];
    await run(
      'Rebuilding the key and checking the accounts…',
      async () => {
        try {
          set(await bridge.call('unlock.complete', request));
          error = null;
        } catch (failure) {
          const refusal = toPublicError(failure);
          // A failed unlock closes every opened share in main: say so, and show the reset progress.
          const after = await bridge.call('unlock.status', {}).catch(() => null);
          if (after) set(after);
          error = after && after.present.length === 0 ? { code: refusal.code, message: `${refusal.message} The opened shares were closed: the holders open them again.` } : refusal;
        }
      },
      'title',
    );
  }

  async function cancel(): Promise<void> {
    error = null;
    if (status && status.present.length > 0 && status.state !== 'unlocked') {
      try {
        set(await bridge.call('vault.lock', {}));
      } catch (failure) {
        error = toPublicError(failure);
        render();
        return;
      }
    }
    root.close();
  }

  async function lockNow(): Promise<void> {
    try {
      set(await bridge.call('vault.lock', {}));
      root.close();
    } catch (failure) {
      error = toPublicError(failure);
      render();
    }
  }

  return {
    root,
    open(current) {
      status = current;
      error = null;
      chosen = '';
      if (current.state !== 'unlocked') openedBy = [];
      render();
      if (!root.open) root.showModal();
      render(current.state === 'unlocked' ? 'title' : 'passphrase');
    },
    dispose() {
      secrets.passphrase = '';
      secrets.slip39 = '';
      secrets.bip39 = '';
      if (root.open) root.close();
      content.replaceChildren();
    },
  };
}
