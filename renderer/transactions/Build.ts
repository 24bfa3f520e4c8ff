// The Build view: a recovery transaction from a template (sweep, revoke, contract call, Safe owner changes,
// pause, timelock cancel, roles, a Safe batch), its executor, fees and the chain state typed by the holder.
// The drafts service builds, reviews and stores it; then the Review & sign view opens on it. Nothing is signed here.
import type { ResponseOf, VaultSummaryView } from '../../shared/bridge';
import type { DraftDescription } from '../../shared/drafting/input';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import type { Scope } from '../app/scope';
import { defineView, type ViewContext } from '../app/view';
import { draftForm } from './DraftForm';
import { emptyState } from '../ui/EmptyState';
import { errorNotice } from '../ui/ErrorNotice';
import { formatAge } from '../snapshots/SnapshotFormat';

export const buildView = defineView({
  id: 'build',
  title: 'Build',
  purpose:
    'Describe a recovery transaction: what to do, who sends it, fees and what you know of the chain. The vault builds and reviews it as a draft; nothing is signed here.',
  page(context, scope) {
    const page = el('div', { className: 'build-page', testid: 'build-page' });
    void load(context, page, scope);
    return { root: page };
  },
});

async function load(context: ViewContext, page: HTMLElement, scope: Pick<Scope, 'shown'>): Promise<void> {
  replace(page, [el('p', { className: 'muted', testid: 'build-loading' }, ['Reading the vault…'])]);
  let vault: VaultSummaryView | null;
  let snapshots: ResponseOf<'snapshots.list'>['snapshots'] = [];
  try {
    vault = (await context.bridge.call('vault.summary', {})).vault;
    snapshots = (await context.bridge.call('snapshots.list', {})).snapshots;
  } catch (error) {
    if (!scope.shown()) return;
    replace(page, [
      errorNotice(toPublicError(error), 'build-error'),
      el('button', { className: 'button', testid: 'build-retry', attrs: { type: 'button' }, on: { click: () => void load(context, page, scope) } }, ['Try again']),
    ]);
    return;
  }
  if (!scope.shown()) return;
  if (!vault) {
    replace(page, [emptyState('No vault yet.', 'Create or import the vault under Holders & shares first; drafts are built for its accounts.')]);
    return;
  }
  const form = draftForm({
    accounts: vault.accounts,
    snapshots: buildableSnapshots(snapshots).map((s) => ({ id: s.id, label: `Snapshot ${s.id} · chain ${s.chainId} · block ${s.blockNumber} · ${formatAge(s.ageSeconds)} old` })),
    onSubmit: (input, snapshotId) => void submit(input, snapshotId),
  });

  async function submit(input: DraftDescription, snapshotId: number | null): Promise<void> {
    form.showError(null);
    form.setBusy(true);
    try {
      const { draft } = await context.bridge.call('drafts.create', snapshotId ? { input, snapshotId } : { input });
      if (!scope.shown()) return;
      context.router.go('review', { draft: draft.id });
    } catch (error) {
      if (!scope.shown()) return;
      form.showError(toPublicError(error));
    } finally {
      if (scope.shown()) form.setBusy(false);
    }
  }

  replace(page, [form.root]);
}

/**
 * The snapshots a draft may be built on, the default first: the one drills use (newest by block of its chain),
 * then the others newest import first. Damaged snapshots and those of a revoked relay are left out (H-30).
 */
function buildableSnapshots(snapshots: ResponseOf<'snapshots.list'>['snapshots']): ResponseOf<'snapshots.list'>['snapshots'] {
  const usable = snapshots.filter((s) => s.status === 'verified');
  return [...usable.filter((s) => s.current), ...usable.filter((s) => !s.current)];
}
