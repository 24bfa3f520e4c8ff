// The Runbooks view: the vault's recovery plans (built-ins stored on first use), each with its steps' draft
// templates, parameters and target RTO, editable here; the service refuses bad input with a sentence shown in place.
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import type { Scope } from '../app/scope';
import { defineView, type Page, type ViewContext } from '../app/view';
import { errorNotice } from '../ui/ErrorNotice';
import { runbookCard, type RunbookJson } from './RunbookCard';

export const runbooksView = defineView({
  id: 'runbooks', title: 'Runbooks', page: runbooksPage,
  purpose:
    'Named recovery plans: the transactions to build when something goes wrong, with a target recovery time. Set their parameters before drilling them.',
});

function runbooksPage(context: ViewContext, scope: Scope): Page {
  const list = el('div', { className: 'runbook-list', testid: 'runbook-list' }, [el('p', { className: 'muted' }, ['Loading…'])]);

  async function load(savedName?: string): Promise<void> {
    try {
      const { runbooks } = await context.bridge.call('runbooks.list', {});
      if (!scope.shown()) return;
      const cards = (runbooks as unknown as RunbookJson[]).map((runbook) => runbookCard(runbook, save, startRecovery));
      replace(list, cards.length ? cards : [el('p', { className: 'muted' }, ['This vault has no runbooks.'])]);
      if (savedName) {
        const card = list.querySelector<HTMLElement>(`[data-testid="runbook"][data-name="${CSS.escape(savedName)}"]`);
        const status = card?.querySelector<HTMLElement>('[data-testid="runbook-status"]');
        if (status) replace(status, [el('p', { className: 'notice notice-info', testid: 'runbook-saved' }, ['Saved. Drills of this runbook use these values from now on.'])]);
      }
    } catch (error) {
      if (!scope.shown()) return;
      const problem = toPublicError(error);
      replace(list, [
        problem.code === 'vault-missing'
          ? el('p', { className: 'muted', testid: 'runbooks-no-vault' }, ['Runbooks are stored in the vault: create or import one first, and the built-in runbooks appear here.'])
          : errorNotice(problem, 'runbooks-error'),
      ]);
    }
  }

  async function startRecovery(runbook: RunbookJson, status: HTMLElement): Promise<void> {
    try {
      const { drafts } = await context.bridge.call('runbooks.start', { runbook: runbook.name });
      if (!scope.shown() || !drafts[0]) return;
      context.router.go('review', { draft: drafts[0].id });
    } catch (error) {
      if (scope.shown()) replace(status, [errorNotice(toPublicError(error), 'runbook-start-error')]);
    }
  }

  async function save(edited: RunbookJson, status: HTMLElement): Promise<void> {
    try {
      await context.bridge.call('runbooks.save', { runbook: edited as unknown as Record<string, unknown> });
      if (scope.shown()) await load(edited.name);
    } catch (error) {
      if (scope.shown()) replace(status, [errorNotice(toPublicError(error), 'runbook-error')]);
    }
  }

  void load();
  return { root: list };
}
