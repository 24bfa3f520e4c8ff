// The Dashboard view: quorum coverage (with the shares checked within policy, can the quorum be met today?),
// what is overdue, the last drill, the latest snapshot's age against policy, and the drill policy with a form. Its
// state and sentences are in DashboardModel; this file draws them.
import type { PublicError } from '../../shared/errors';
import { el, replace } from '../app/dom';
import { formatUtc } from '../app/format';
import type { Scope } from '../app/scope';
import { defineView, type Page, type ViewContext } from '../app/view';
import { coverageGroups } from './CoverageGroups';
import { DashboardModel, lastDrillLine, policySummary, snapshotLine, type DashboardData, type Policy, type Verdict } from './DashboardModel';
import { errorNotice } from '../ui/ErrorNotice';
import { field, textInput } from '../ui/Field';
import { standingPanel } from '../backup/BackupPanel';

export const dashboardView = defineView({
  id: 'dashboard', title: 'Dashboard', page: dashboardPage,
  purpose: 'Can this vault be recovered today? Quorum coverage, what is overdue, the last drill and the latest snapshot.',
});

function dashboardPage({ bridge }: ViewContext, scope: Scope): Page {
  const model = new DashboardModel(bridge);
  const body = el('div', { testid: 'dashboard-body' }, [el('p', { className: 'muted' }, ['Loading…'])]);

  /** Reads the dashboard and draws it; a notice (the policy saved) goes where the policy form reports. */
  async function load(notice?: HTMLElement): Promise<void> {
    const loaded = await model.load();
    if (!scope.shown()) return;
    if (loaded.kind !== 'ready') return void replace(body, noDashboard(loaded.kind === 'failed' ? loaded.error : null));
    replace(body, dashboardPanels(loaded.data, policyForm(model, save)));
    const status = body.querySelector<HTMLElement>('[data-testid="policy-status"]');
    if (notice && status) replace(status, [notice]);
  }

  async function save(status: HTMLElement): Promise<void> {
    const outcome = await model.savePolicy();
    if (!scope.shown()) return;
    if ('error' in outcome) return void replace(status, [errorNotice(outcome.error, 'policy-error')]);
    await load(el('p', { className: 'notice notice-info', testid: 'policy-saved' }, [outcome.saved]));
  }

  void load();
  return { root: body };
}

function noDashboard(error: PublicError | null): HTMLElement[] {
  return [
    error ? errorNotice(error, 'dashboard-error') : el('p', { className: 'muted', testid: 'dashboard-no-vault' }, ['Nothing to show yet: there is no vault in this database.']),
    el('p', { className: 'muted' }, ['Create or import a vault to split the key into shares; its holders, snapshots and drills will be summarised here.']),
  ];
}

const verdict = (v: Verdict) => el('strong', { className: v.ok ? 'coverage-ok' : 'coverage-late' }, [v.text]);

function dashboardPanels(data: DashboardData, policy: HTMLElement): HTMLElement[] {
  const drill = lastDrillLine(data);
  const snapshot = snapshotLine(data);
  return [
    panel('coverage-heading', 'Quorum coverage', [coverageGroups(data.coverage)]),
    panel('overdue-heading', 'Overdue', [overdueList([...data.coverage.overdue, ...data.backup.overdue])]),
    el('div', { className: 'dashboard-pair' }, [
      panel('last-drill-heading', 'Last drill', [
        drill
          ? el('p', { testid: 'last-drill', attrs: { 'data-passed': String(drill.verdict.ok) } }, [verdict(drill.verdict), drill.rest])
          : el('p', { className: 'muted', testid: 'last-drill-none' }, ['No drill has been run yet. Run one in Drills.']),
        el('p', { className: 'muted', testid: 'next-drill' }, [`Next full drill due ${formatUtc(data.coverage.drill.dueAt)}.`]),
      ]),
      panel('latest-snapshot-heading', 'Latest snapshot', [
        snapshot
          ? el('p', { testid: 'latest-snapshot', attrs: { 'data-stale': String(!snapshot.verdict.ok) } }, [snapshot.age, verdict(snapshot.verdict), '.'])
          : el('p', { className: 'muted', testid: 'latest-snapshot-none' }, ['No relay snapshot is imported: a drill cannot build its transactions. Import one in Snapshots.']),
      ]),
    ]),
    standingPanel(data.backup),
    panel('policy-heading', 'Drill policy', [policy]),
  ];
}

function policyForm(model: DashboardModel, save: (status: HTMLElement) => Promise<void>): HTMLElement {
  const policy = model.policy!;
  const status = el('div', { testid: 'policy-status', attrs: { 'aria-live': 'polite' } });
  const number = (key: keyof Policy, label: string, hint: string) =>
    field({
      label,
      hint,
      control: textInput({ testid: `policy-${key}`, type: 'number', value: String(policy[key]), attrs: { min: '1', step: '1' }, onInput: (v) => model.setPolicy(key, Number(v)) }),
    });
  const form = el('form', { className: 'policy-form', testid: 'policy-form' }, [
    el('p', { className: 'muted', testid: 'policy-summary' }, [policySummary(policy)]),
    el('div', { className: 'policy-fields' }, [
      number('drillIntervalDays', 'Drill interval (days)', 'How often the whole recovery is rehearsed.'),
      number('shareCheckIntervalDays', 'Share-check interval (days)', 'How often each holder checks their share.'),
      number('maxSnapshotAgeHours', 'Oldest snapshot (hours)', 'The recovery point a drill accepts.'),
    ]),
    el('button', { className: 'button button-primary', testid: 'policy-save', attrs: { type: 'submit' } }, ['Save policy']),
    status,
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save(status);
  });
  return form;
}

function overdueList(overdue: readonly string[]): HTMLElement {
  return overdue.length
    ? el('ul', { className: 'dashboard-overdue', testid: 'overdue-list' }, overdue.map((s) => el('li', { testid: 'overdue-item' }, [s])))
    : el('p', { className: 'coverage-ok', testid: 'overdue-none' }, ['✓ Nothing is overdue: every share check, the full drill and the backup are within policy.']);
}

function panel(id: string, title: string, children: HTMLElement[]): HTMLElement {
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': id } }, [el('h2', { className: 'panel-title', attrs: { id } }, [title]), ...children]);
}
