// Restoring a vault from its backup on a new laptop's first run: the file chosen in the system's open dialog (what it
// says of itself shown before any secret), a quorum of holders each with their passphrase or paper share, then the
// restore and what was verified. Thin: ./RestoreModel.ts holds the state and the request.
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { createScope } from '../app/scope';
import type { ViewContext } from '../app/view';
import { errorNotice } from '../ui/ErrorNotice';
import { field, secretInput, selectInput, textInput, wordsInput } from '../ui/Field';
import { addHolder, changeHolder, chooseFile, describeFile, describeRestored, newRestoreDraft, toRestoreRequest, wipeRestoreDraft, type RestoreDraft, type RestoringHolderDraft } from './RestoreModel';

export interface RestorePane {
  root: HTMLElement;
  dispose(): void;
}

export function restorePane(context: ViewContext, options: { onCancel(): void; onFinished(): void }): RestorePane {
  const scope = createScope();
  const state = { draft: newRestoreDraft() };
  const wipe = () => (state.draft = wipeRestoreDraft(state.draft));
  scope.onDispose(wipe);
  const fileFacts = el('div', { testid: 'restore-file' }, [el('p', { className: 'muted' }, ['No file chosen yet.'])]);
  const status = el('div', { testid: 'restore-status', attrs: { 'aria-live': 'polite' } });
  const submit = el('button', { className: 'button button-primary', testid: 'restore-submit', attrs: { type: 'button' }, on: { click: () => void restore() } }, ['Restore the vault']);

  async function pickFile(): Promise<void> {
    try {
      const chosen = await context.bridge.call('backup.chooseFile', {});
      if (!scope.shown() || !chosen.path) return;
      state.draft = chooseFile(state.draft, chosen.path, chosen.inspection);
      replace(fileFacts, [el('p', { testid: 'restore-file-path' }, [chosen.path]), ...(chosen.inspection ? describeFile(chosen.inspection).map((line) => el('p', { className: 'muted' }, [line])) : [])]);
    } catch (error) {
      if (scope.shown()) replace(fileFacts, [errorNotice(toPublicError(error), 'restore-file-error')]);
    }
  }

  async function restore(): Promise<void> {
    const { request, problems } = toRestoreRequest(state.draft);
    if (!request) return replace(status, [el('ul', { className: 'notice notice-warn', testid: 'restore-problems' }, problems.map((p) => el('li', {}, [p])))]);
    submit.disabled = true;
    replace(status, [el('p', { className: 'dialog-busy', testid: 'restore-busy', attrs: { role: 'status' } }, ['Opening the shares and verifying the backup… each passphrase takes a second or two per holder.'])]);
    try {
      const report = await context.bridge.call('backup.restore', request);
      wipe();
      if (!scope.shown()) return;
      const done = el('button', { className: 'button button-primary', testid: 'restore-done', attrs: { type: 'button' }, on: { click: () => options.onFinished() } }, ['Open the vault']);
      replace(root, [el('div', { className: 'notice notice-info', testid: 'restore-report' }, describeRestored(report).map((line) => el('p', {}, [line]))), done]);
    } catch (error) {
      submit.disabled = false;
      if (scope.shown()) replace(status, [errorNotice(toPublicError(error), 'restore-error')]);
    }
  }

  const root = el('section', { className: 'panel restore-pane', testid: 'restore-pane', attrs: { 'aria-labelledby': 'restore-heading' } }, [
    el('h2', { className: 'panel-title', attrs: { id: 'restore-heading', tabindex: '-1' } }, ['Restore a vault from its backup']),
    el('p', { className: 'muted' }, ['A quorum of holders opens the backup: each with their passphrase, or their paper share where the passphrase is lost. Nothing is written until it is verified.']),
    el('button', { className: 'button', testid: 'restore-choose', attrs: { type: 'button' }, on: { click: () => void pickFile() } }, ['Choose the backup file…']),
    fileFacts,
    ...restoreFields(state),
    status,
    el('div', { className: 'empty-state-buttons' }, [
      submit,
      el('button', { className: 'button button-quiet', testid: 'restore-cancel', attrs: { type: 'button' }, on: { click: () => (wipe(), options.onCancel()) } }, ['Cancel']),
    ]),
  ]);
  return { root, dispose: scope.dispose };
}

/** What the holders type: the latest backup's words, a quorum of holders, and the passphrases of the seed if it has them. */
function restoreFields(state: { draft: RestoreDraft }): HTMLElement[] {
  const set = (change: Partial<RestoreDraft>) => (state.draft = { ...state.draft, ...change });
  return [
    field({
      label: 'The latest backup’s four words (from the last drill report or the media’s label)',
      control: textInput({ testid: 'restore-expect', value: '', onInput: (v) => set({ expect: v }) }),
      hint: 'An older copy would bring back an older vault; with these words Airlock refuses any file but the latest.',
    }),
    holderList(state),
    el('details', {}, [
      el('summary', {}, ['SLIP-39 or BIP-39 passphrase (only if the vault uses one)']),
      field({ label: 'SLIP-39 passphrase', control: secretInput({ testid: 'restore-slip39-passphrase', value: '', onInput: (v) => set({ slip39Passphrase: v }) }) }),
      field({ label: 'BIP-39 passphrase', control: secretInput({ testid: 'restore-bip39-passphrase', value: '', onInput: (v) => set({ bip39Passphrase: v }) }) }),
    ]),
  ];
}

/** The holders opening the backup, one row each, and the button that adds one. */
function holderList(state: { draft: RestoreDraft }): HTMLElement {
  const holders = el('div', { className: 'restore-holders', testid: 'restore-holders' });
  const draw = (): void =>
    replace(holders, [
      ...state.draft.holders.map((holder, index) => holderRow(holder, (change, redraw = false) => ((state.draft = changeHolder(state.draft, index, change)), redraw && draw()))),
      el('button', { className: 'button button-quiet', testid: 'restore-holder-add', attrs: { type: 'button' }, on: { click: () => ((state.draft = addHolder(state.draft)), draw()) } }, ['Add a holder']),
    ]);
  draw();
  return holders;
}

function holderRow(holder: RestoringHolderDraft, set: (change: Partial<RestoringHolderDraft>, redraw?: boolean) => void): HTMLElement {
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
