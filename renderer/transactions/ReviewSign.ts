// The Review & sign view: the stored drafts (number, title, kind, snapshot basis, status, built, fingerprint) and the
// chosen draft's full review, which an unsigned draft can be discarded from (confirmed, audited); signing asks a quorum unlock first when the vault is locked, sends the digest on screen (a changed draft
// is refused), and shows what came out: a raw transaction or Safe owner signatures as QR codes for the relay; the
// signed drafts of a multi-chain runbook also as one signed set (SignedSetShow).
import type { DraftJson } from '../../shared/bridge';
import { el, replace } from '../app/dom';
import { formatUtc } from '../app/format';
import { formatAge } from '../snapshots/SnapshotFormat';
import { discardedNotice, discardStep } from './DiscardDraft';
import type { Scope } from '../app/scope';
import { defineView, type ViewContext } from '../app/view';
import { draftReview, KIND_LABELS, STATUS_LABELS } from './DraftReview';
import { ReviewModel } from './ReviewModel';
import { signPanel, type SignPanel } from './SignPanel';
import { draftSignResult, type DraftSignResult } from './DraftSignResult';
import { simulationTransfer, type SimulationTransfer } from './SimulationTransfer';
import { signedSetShow, type SignedSetShow } from './SignedSetShow';
import { emptyState } from '../ui/EmptyState';
import { errorNotice } from '../ui/ErrorNotice';
import { unlockDialog, type UnlockDialog } from '../custody/UnlockDialog';

export const reviewView = defineView({
  id: 'review', title: 'Review & sign',
  purpose: 'Read each draft decoded, with its hashes and risk warnings; then a quorum of holders unlocks the vault to sign it.',
  page: (context, scope, params) => new ReviewPage(context, scope, params.draft ?? null),
});

/** The draft list, the chosen draft's review and sign step, and the unlock dialog signing may need. */
class ReviewPage {
  readonly root = el('div', { className: 'review-page', testid: 'review-page' });
  private readonly listArea = el('div', { className: 'draft-list-area', testid: 'draft-list-area' });
  private readonly detail = el('div', { className: 'draft-detail', testid: 'draft-detail' });
  /** A multi-chain runbook's signed drafts shown to the relay as one signed set. */
  private readonly setArea = el('div', { testid: 'signed-set-area' });
  private signedSet: SignedSetShow | null = null;
  private readonly model: ReviewModel;
  private panel: SignPanel | null = null;
  private result: DraftSignResult | null = null;
  private simulation: SimulationTransfer | null = null;
  private dialog: UnlockDialog | null = null;
  /** Set when Sign opened the unlock dialog: closing it unlocked continues with the signing. */
  private signAfterUnlock = false;

  constructor(
    private readonly context: ViewContext,
    private readonly scope: Scope,
    wanted: number | null,
  ) {
    this.model = new ReviewModel(context.bridge, wanted);
    scope.onDispose(() => {
      this.result?.dispose();
      this.simulation?.dispose();
      this.signedSet?.dispose();
      this.dialog?.dispose();
    });
    void this.load();
  }

  private async load(): Promise<void> {
    replace(this.root, [el('p', { className: 'muted', testid: 'review-loading' }, ['Reading the drafts…'])]);
    const loaded = await this.model.load();
    if (!this.scope.shown()) return;
    if (loaded.kind === 'failed') return void replace(this.root, [errorNotice(loaded.error, 'review-error'), button('review-retry', 'Try again', () => void this.load())]);
    if (loaded.kind === 'no-vault') return void replace(this.root, [emptyState('No vault yet.', 'Create or import the vault under Holders & shares first.')]);
    if (loaded.kind === 'no-drafts') return void replace(this.root, [emptyState('No drafts to review.', 'Build a draft first (Recovery → Build).')]);
    this.dialog = unlockDialog({ bridge: this.context.bridge, vault: this.model.vault!, onStatus: (next) => (this.model.status = next) });
    this.dialog.root.addEventListener('close', () => this.unlockClosed());
    replace(this.root, [this.listArea, this.setArea, this.detail, this.dialog.root]);
    this.show();
  }

  private renderList(): void {
    const { drafts, selected } = this.model;
    replace(this.listArea, [
      el('h2', { className: 'draft-list-title' }, [`Drafts (${drafts.length})`]),
      el('table', { className: 'draft-table', testid: 'draft-table' }, [
        el('thead', {}, [el('tr', {}, ['#', 'Title', 'Kind', 'Chain state from', 'Status', 'Built', 'Fingerprint'].map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]),
        el('tbody', {}, drafts.map((d) => draftRow(d, selected?.id === d.id, () => void this.open(d.id)))),
      ]),
    ]);
    this.signedSet?.dispose();
    this.signedSet = signedSetShow(this.context.bridge, drafts);
    replace(this.setArea, [this.signedSet?.root ?? null]);
  }

  private async open(id: number): Promise<void> {
    const error = await this.model.open(id);
    if (!this.scope.shown()) return;
    if (error) return void replace(this.detail, [errorNotice(error, 'review-error')]);
    this.show();
  }

  /** The chosen draft's review and its sign step. */
  private show(): void {
    const draft = this.model.selected;
    if (!draft) return;
    this.clearResult();
    this.renderList();
    this.simulation?.dispose();
    this.simulation = null;
    if (draft.status === 'discarded') {
      this.panel = null;
      return void replace(this.detail, [draftReview(draft), discardedNotice(draft)]);
    }
    this.panel = signPanel({
      warnings: draft.warnings,
      blocking: draft.blocking,
      acknowledgementsRequired: this.model.acknowledgements(draft),
      buttonLabel: this.model.signLabel(draft),
      hint: this.model.signHint(draft),
      blockedLine: 'Nothing can be signed: fix the draft and build it again.',
      onSign: () => void this.startSigning(),
    });
    // A verified report re-reviews the draft: show it again with the simulation and its warnings.
    this.simulation = draft.status === 'signed' ? null : simulationTransfer(this.context.bridge, draft, (reviewed) => this.showReviewed(reviewed));
    const discard = this.model.canDiscard(draft) ? discardStep(draft, () => void this.discard(discard!)) : null;
    replace(this.detail, [draftReview(draft), this.simulation?.root ?? null, this.panel.root, discard?.root ?? null]);
  }

  /** The holder confirmed: main discards and audits it; the list and the detail show it discarded. */
  private async discard(step: ReturnType<typeof discardStep>): Promise<void> {
    const error = await this.model.discard();
    if (!this.scope.shown()) return;
    if (error) return step.showError(error);
    this.show();
  }

  /** The draft as re-reviewed with a newly imported simulation report. */
  private showReviewed(draft: DraftJson): void {
    if (!this.scope.shown() || this.model.selected?.id !== draft.id) return;
    this.model.selected = draft;
    this.show();
  }

  private async startSigning(): Promise<void> {
    const { panel, dialog } = this;
    if (!panel || !dialog) return;
    panel.showError(null);
    const next = await this.model.beforeSigning();
    if (next === 'sign') return this.sign();
    if (next !== 'unlock') return panel.showError(next);
    this.signAfterUnlock = true;
    panel.setBusy('Waiting for a quorum of holders to unlock the vault…');
    dialog.open(this.model.status!);
  }

  private unlockClosed(): void {
    if (this.signAfterUnlock && this.model.status?.state === 'unlocked') void this.sign();
    else if (this.signAfterUnlock) this.panel?.setBusy(null);
    this.signAfterUnlock = false;
  }

  private async sign(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    panel.setBusy('Signing…');
    const outcome = await this.model.sign(panel.acknowledged());
    if (!this.scope.shown() || outcome === null) return;
    panel.setBusy(null);
    if ('error' in outcome) return panel.showError(outcome.error);
    this.clearResult();
    this.result = draftSignResult(outcome.signed, {
      draft: outcome.draft,
      bridge: this.context.bridge,
      // The execution draft Safe execute built opens in this review, like a draft handed over from Build.
      onDraftCreated: (id) => this.context.router.go('review', { draft: id }),
    });
    this.detail.append(this.result.root);
    this.result.root.scrollIntoView({ block: 'start' });
    this.renderList();
  }

  private clearResult(): void {
    this.result?.dispose();
    this.result?.root.remove();
    this.result = null;
  }
}

function draftRow(d: DraftJson, isSelected: boolean, open: () => void): HTMLElement {
  return el('tr', { className: isSelected ? 'draft-list-row is-selected' : 'draft-list-row', testid: 'draft-row', attrs: { 'data-draft': String(d.id), 'data-status': d.status } }, [
    el('td', { testid: 'draft-row-id' }, [String(d.id)]),
    el('td', {}, [
      el('button', { className: 'draft-open', testid: 'draft-open', attrs: { type: 'button', ...(isSelected ? { 'aria-current': 'true' } : {}) }, on: { click: open } }, [d.title]),
      d.purpose === 'rehearsal' ? el('span', { className: 'badge badge-rehearsal' }, ['Rehearsal']) : null,
    ]),
    el('td', {}, [KIND_LABELS[d.kind]]),
    el('td', { testid: 'draft-row-basis' }, [basisText(d)]),
    el('td', { testid: 'draft-row-status' }, [STATUS_LABELS[d.status], d.blocking.length ? ' · blocked' : '']),
    el('td', {}, [formatUtc(d.createdAt)]),
    el('td', { className: 'draft-row-fingerprint' }, [d.fingerprint]),
  ]);
}

/** "Chain 1 · block 21000000 · snapshot 2, 2 h 0 min old", or that the chain state was typed by a holder. */
export function basisText(d: DraftJson): string {
  if (!d.basis) return `Chain ${d.chainId} · typed by a holder, no snapshot`;
  const age = d.basis.ageSeconds === null ? '' : `, ${formatAge(d.basis.ageSeconds)} old`;
  return `Chain ${d.chainId} · block ${d.basis.blockNumber} · snapshot ${d.basis.snapshotId}${age}`;
}

function button(testid: string, label: string, onClick: () => void): HTMLButtonElement {
  return el('button', { className: 'button', testid, attrs: { type: 'button' }, on: { click: onClick } }, [label]);
}
