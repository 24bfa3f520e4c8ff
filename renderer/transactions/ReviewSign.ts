// The Review & sign view: the stored drafts (title, kind, status, built, fingerprint) and the chosen draft's full
// review; signing asks a quorum unlock first when the vault is locked, sends the digest on screen (a changed draft
// is refused), and shows what came out: a raw transaction or Safe owner signatures as QR codes for the relay.
import type { DraftJson, UnlockStatusView, VaultSummaryView } from '../../shared/bridge';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { formatUtc } from '../app/format';
import { defineView, type ViewContext } from '../app/view';
import { draftReview, KIND_LABELS, STATUS_LABELS } from './DraftReview';
import { signPanel, type SignPanel } from './SignPanel';
import { draftSignResult, type DraftSignResult } from './DraftSignResult';
import { emptyState } from '../ui/EmptyState';
import { errorNotice } from '../ui/ErrorNotice';
import { unlockDialog, type UnlockDialog } from '../custody/UnlockDialog';

export const reviewView = defineView({
  id: 'review',
  title: 'Review & sign',
  purpose:
    'Read each draft decoded, with its hashes and risk warnings; then a quorum of holders unlocks the vault to sign it.',
  page: (context, params) => createReviewPage(context, params.draft ?? null),
});

function createReviewPage(context: ViewContext, wanted: number | null) {
  const root = el('div', { className: 'review-page', testid: 'review-page' });
  const listArea = el('div', { className: 'draft-list-area', testid: 'draft-list-area' });
  const detail = el('div', { className: 'draft-detail', testid: 'draft-detail' });
  let drafts: DraftJson[] = [];
  let vault: VaultSummaryView | null = null;
  let status: UnlockStatusView | null = null;
  let selected: DraftJson | null = null;
  let panel: SignPanel | null = null;
  let result: DraftSignResult | null = null;
  let dialog: UnlockDialog | null = null;
  /** Set when Sign opened the unlock dialog: closing it unlocked continues with the signing. */
  let signAfterUnlock = false;
  let disposed = false;

  async function load(): Promise<void> {
    replace(root, [el('p', { className: 'muted', testid: 'review-loading' }, ['Reading the drafts…'])]);
    try {
      const [summary, unlock] = await Promise.all([context.bridge.call('vault.summary', {}), context.bridge.call('unlock.status', {})]);
      vault = summary.vault;
      status = unlock;
      drafts = vault ? (await context.bridge.call('drafts.list', {})).drafts : [];
    } catch (error) {
      if (disposed) return;
      replace(root, [
        errorNotice(toPublicError(error), 'review-error'),
        el('button', { className: 'button', testid: 'review-retry', attrs: { type: 'button' }, on: { click: () => void load() } }, ['Try again']),
      ]);
      return;
    }
    if (disposed) return;
    if (!vault || drafts.length === 0) {
      replace(root, [
        vault ? emptyState('No drafts to review.', 'Build a draft first (Recovery → Build).') : emptyState('No vault yet.', 'Create or import the vault under Holders & shares first.'),
      ]);
      return;
    }
    const current = vault;
    dialog = unlockDialog({ bridge: context.bridge, vault: current, onStatus: (next) => (status = next) });
    dialog.root.addEventListener('close', () => {
      if (signAfterUnlock && status?.state === 'unlocked') void sign();
      else if (signAfterUnlock) panel?.setBusy(null);
      signAfterUnlock = false;
    });
    replace(root, [listArea, detail, dialog.root]);
    renderList();
    const first = drafts.find((d) => d.id === wanted) ?? drafts[0]!;
    show(first);
  }

  function renderList(): void {
    replace(listArea, [
      el('h2', { className: 'draft-list-title' }, [`Drafts (${drafts.length})`]),
      el('table', { className: 'draft-table', testid: 'draft-table' }, [
        el('thead', {}, [el('tr', {}, ['Title', 'Kind', 'Status', 'Built', 'Fingerprint'].map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]),
        el('tbody', {}, drafts.map((d) => draftRow(d))),
      ]),
    ]);
  }

  function draftRow(d: DraftJson): HTMLElement {
    const isSelected = selected?.id === d.id;
    return el('tr', { className: isSelected ? 'draft-list-row is-selected' : 'draft-list-row', testid: 'draft-row', attrs: { 'data-draft': String(d.id), 'data-status': d.status } }, [
      el('td', {}, [
        el('button', { className: 'draft-open', testid: 'draft-open', attrs: { type: 'button', ...(isSelected ? { 'aria-current': 'true' } : {}) }, on: { click: () => void open(d.id) } }, [
          d.title,
        ]),
        d.purpose === 'rehearsal' ? el('span', { className: 'badge badge-rehearsal' }, ['Rehearsal']) : null,
      ]),
      el('td', {}, [KIND_LABELS[d.kind]]),
      el('td', { testid: 'draft-row-status' }, [STATUS_LABELS[d.status], d.blocking.length ? ' · blocked' : '']),
      el('td', {}, [formatUtc(d.createdAt)]),
      el('td', { className: 'draft-row-fingerprint' }, [d.fingerprint]),
    ]);
  }

  /** Fetches the draft again (it is rebuilt and reviewed anew) and shows it. */
  async function open(id: number): Promise<void> {
    try {
      const { draft } = await context.bridge.call('drafts.get', { id });
      if (!disposed) show(draft);
    } catch (error) {
      if (!disposed) replace(detail, [errorNotice(toPublicError(error), 'review-error')]);
    }
  }

  function show(draft: DraftJson): void {
    result?.dispose();
    result?.root.remove();
    result = null;
    selected = draft;
    renderList();
    const locked = status?.state !== 'unlocked';
    panel = signPanel({
      warnings: draft.warnings,
      blocking: draft.blocking,
      acknowledgementsRequired: draft.acknowledgementsRequired,
      buttonLabel: draft.status === 'signed' ? 'Show the signature' : locked ? 'Unlock and sign' : 'Sign',
      hint:
        draft.status === 'signed'
          ? null
          : `${locked ? 'The vault is locked: Sign first asks a quorum of holders to unlock it. ' : ''}The vault signs exactly the digest above; if the draft changed since it was built, signing is refused.`,
      blockedLine: 'Nothing can be signed: fix the draft and build it again.',
      onSign: () => void startSigning(),
    });
    replace(detail, [draftReview(draft), panel.root]);
  }

  async function startSigning(): Promise<void> {
    if (!selected || !panel || !dialog) return;
    panel.showError(null);
    // A signed draft's signature is stored: showing it again needs no unlock.
    if (selected.status === 'signed') return sign();
    try {
      status = await context.bridge.call('unlock.status', {});
    } catch (error) {
      panel.showError(toPublicError(error));
      return;
    }
    if (status.state === 'unlocked') return sign();
    signAfterUnlock = true;
    panel.setBusy('Waiting for a quorum of holders to unlock the vault…');
    dialog.open(status);
  }

  async function sign(): Promise<void> {
    const draft = selected;
    const signPanel = panel;
    if (!draft || !signPanel) return;
    signPanel.setBusy('Signing…');
    try {
      const { signed } = await context.bridge.call('drafts.sign', { id: draft.id, digest: draft.digest, acknowledge: signPanel.acknowledged() });
      if (disposed || selected !== draft) return;
      signPanel.setBusy(null);
      result?.dispose();
      result?.root.remove();
      result = draftSignResult(signed, {
        draft,
        bridge: context.bridge,
        // The execution draft Safe execute built opens in this review, like a draft handed over from Build.
        onDraftCreated: (id) => context.router.go('review', { draft: id }),
      });
      detail.append(result.root);
      result.root.scrollIntoView({ block: 'start' });
      const listed = drafts.find((d) => d.id === draft.id);
      if (listed) listed.status = 'signed';
      renderList();
    } catch (error) {
      if (disposed) return;
      signPanel.setBusy(null);
      signPanel.showError(toPublicError(error));
    }
  }

  void load();
  return {
    root,
    dispose() {
      disposed = true;
      result?.dispose();
      dialog?.dispose();
    },
  };
}
