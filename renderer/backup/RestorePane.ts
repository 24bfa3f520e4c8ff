// Restoring a vault from its backup on a new laptop's first run: the file chosen in the system's open dialog (what it
// says of itself shown before any secret), a quorum of holders each with their passphrase or paper share, then the
// restore and what was verified. Thin: ./RestoreModel.ts holds the state and the request.
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import type { ViewContext } from '../app/view';
import { errorNotice } from '../ui/ErrorNotice';
import { field, secretInput, selectInput, textInput, wordsInput } from '../ui/Field';
import { chooseFile, describeFile, describeRestored, emptyHolder, newRestoreDraft, toRestoreRequest, wipeRestoreDraft, type RestoreDraft, type RestoringHolderDraft } from './RestoreModel';

export interface RestorePane {
  root: HTMLElement;
  dispose(): void;
}

export function restorePane(context: ViewContext, options: { onCancel(): void; onFinished(): void }): RestorePane {
  let draft: RestoreDraft = newRestoreDraft();
  let disposed = false;
  const fileFacts = el('div', { testid: 'restore-file' }, [el('p', { className: 'muted' }, ['No file chosen yet.'])]);
  const holders = el('div', { className: 'restore-holders', testid: 'restore-holders' });
  const status = el('div', { testid: 'restore-status', attrs: { 'aria-live': 'polite' } });
  const submit = el('button', { className: 'button button-primary', testid: 'restore-submit', attrs: { type: 'button' }, on: { click: () => void restore() } }, ['Restore the vault']);

  function drawHolders(): void {
    replace(holders, [
      ...draft.holders.map((holder, index) => holderRow(holder, index)),
      el('button', { className: 'button button-quiet', testid: 'restore-holder-add', attrs: { type: 'button' }, on: { click: () => ((draft = { ...draft, holders: [...draft.holders, emptyHolder()] }), drawHolders()) } }, ['Add a holder']),
    ]);
  }

  function holderRow(holder: RestoringHolderDraft, index: number): HTMLElement {
    const set = (change: Partial<RestoringHolderDraft>, redraw = false) => {
      draft = { ...draft, holders: draft.holders.map((h, i) => (i === index ? { ...h, ...change } : h)) };
      if (redraw) drawHolders();
    };
    const secret =
      holder.with === 'passphrase'
        ? secretInput({ testid: 'restore-holder-passphrase', value: holder.secret, onInput: (v) => set({ secret: v }) })
        : wordsInput({ testid: 'restore-holder-words', value: holder.secret, rows: 3, onInput: (v) => set({ secret: v }) });
    return el('fieldset', { className: 'restore-holder', testid: 'restore-holder' }, [
      field({ label: 'Holder', control: textInput({ testid: 'restore-holder-name', value: holder.name, onInput: (v) => set({ name: v }) }), hint: 'As registered: capitals count.' }),
      field({
        label: 'Opens their share with',
        control: selectInput({ testid: 'restore-holder-with', value: holder.with, options: [['passphrase', 'their passphrase'], ['words', 'their paper share']], onChange: (v) => set({ with: v, secret: '' }, true) }),
      }),
      field({ label: holder.with === 'passphrase' ? 'Passphrase' : 'Share words', control: secret }),
    ]);
  }

  async function pickFile(): Promise<void> {
    try {
      const chosen = await context.bridge.call('backup.chooseFile', {});
      if (disposed || !chosen.path) return;
      draft = chooseFile(draft, chosen.path, chosen.inspection);
      replace(fileFacts, [el('p', { testid: 'restore-file-path' }, [chosen.path]), ...(chosen.inspection ? describeFile(chosen.inspection).map((line) => el('p', { className: 'muted' }, [line])) : [])]);
    } catch (error) {
      if (!disposed) replace(fileFacts, [errorNotice(toPublicError(error), 'restore-file-error')]);
    }
  }

  async function restore(): Promise<void> {
    const { request, problems } = toRestoreRequest(draft);
    if (!request) return replace(status, [el('ul', { className: 'notice notice-warn', testid: 'restore-problems' }, problems.map((p) => el('li', {}, [p])))]);
    submit.disabled = true;
    replace(status, [el('p', { className: 'dialog-busy', testid: 'restore-busy', attrs: { role: 'status' } }, ['Opening the shares and verifying the backup… each passphrase takes a second or two per holder.'])]);
    try {
      const report = await context.bridge.call('backup.restore', request);
      draft = wipeRestoreDraft(draft);
      if (disposed) return;
      const done = el('button', { className: 'button button-primary', testid: 'restore-done', attrs: { type: 'button' }, on: { click: () => options.onFinished() } }, ['Open the vault']);
      replace(root, [el('div', { className: 'notice notice-info', testid: 'restore-report' }, describeRestored(report).map((line) => el('p', {}, [line]))), done]);
    } catch (error) {
      submit.disabled = false;
      if (!disposed) replace(status, [errorNotice(toPublicError(error), 'restore-error')]);
    }
  }

  drawHolders();
  const root = el('section', { className: 'panel restore-pane', testid: 'restore-pane', attrs: { 'aria-labelledby': 'restore-heading' } }, [
    el('h2', { className: 'panel-title', attrs: { id: 'restore-heading', tabindex: '-1' } }, ['Restore a vault from its backup']),
    el('p', { className: 'muted' }, ['A quorum of holders opens the backup: each with their passphrase, or their paper share where the passphrase is lost. Nothing is written until it is verified.']),
    el('button', { className: 'button', testid: 'restore-choose', attrs: { type: 'button' }, on: { click: () => void pickFile() } }, ['Choose the backup file…']),
    fileFacts,
    field({
      label: 'The latest backup’s four words (from the last drill report or the media’s label)',
      control: textInput({ testid: 'restore-expect', value: '', onInput: (v) => (draft = { ...draft, expect: v }) }),
      hint: 'An older copy would bring back an older vault; with these words Airlock refuses any file but the latest.',
    }),
    holders,
    el('details', {}, [
      el('summary', {}, ['SLIP-39 or BIP-39 passphrase (only if the vault uses one)']),
      field({ label: 'SLIP-39 passphrase', control: secretInput({ testid: 'restore-slip39-passphrase', value: '', onInput: (v) => (draft = { ...draft, slip39Passphrase: v }) }) }),
      field({ label: 'BIP-39 passphrase', control: secretInput({ testid: 'restore-bip39-passphrase', value: '', onInput: (v) => (draft = { ...draft, bip39Passphrase: v }) }) }),
    ]),
    status,
    el('div', { className: 'empty-state-buttons' }, [
      submit,
      el('button', { className: 'button button-quiet', testid: 'restore-cancel', attrs: { type: 'button' }, on: { click: () => ((draft = wipeRestoreDraft(draft)), options.onCancel()) } }, ['Cancel']),
    ]),
  ]);
  return {
    root,
    dispose() {
      disposed = true;
      draft = wipeRestoreDraft(draft);
    },
  };
}
