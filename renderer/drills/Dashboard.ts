// The Dashboard view: quorum coverage (with the shares checked within policy, can the quorum be met today?),
// what is overdue, the last drill, the latest snapshot's age against policy, and the drill policy with a form.
import type { ResponseOf } from '../../shared/bridge';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { formatUtc } from '../app/format';
import { defineView, type ViewContext } from '../app/view';
import { coverageGroups } from './CoverageGroups';
import { formatDuration } from './DrillFormat';
import { errorNotice } from '../ui/ErrorNotice';
import { field, textInput } from '../ui/Field';
import { formatAge } from '../snapshots/SnapshotFormat';

type DashboardData = ResponseOf<'drills.dashboard'>;
type Policy = DashboardData['policy'];

export const dashboardView = defineView({
  id: 'dashboard',
  title: 'Dashboard',
  purpose:
    'Can this vault be recovered today? Quorum coverage, what is overdue, the last drill and the latest snapshot.',
  page: (context) => createPage(context),
});

function createPage(context: ViewContext) {
  let disposed = false;
  const body = el('div', { testid: 'dashboard-body' }, [el('p', { className: 'muted' }, ['Loading…'])]);

  async function load(notice?: HTMLElement): Promise<void> {
    try {
      const data = await context.bridge.call('drills.dashboard', {});
      if (disposed) return;
      replace(body, render(data));
      const status = body.querySelector<HTMLElement>('[data-testid="policy-status"]');
      if (notice && status) replace(status, [notice]);
    } catch (error) {
      if (disposed) return;
      const problem = toPublicError(error);
      replace(body, [
        problem.code === 'vault-missing'
          ? el('p', { className: 'muted', testid: 'dashboard-no-vault' }, ['Nothing to show yet: there is no vault in this database.'])
          : errorNotice(problem, 'dashboard-error'),
        el('p', { className: 'muted' }, ['Create or import a vault to split the key into shares; its holders, snapshots and drills will be summarised here.']),
      ]);
    }
  }

  function render(data: DashboardData): HTMLElement[] {
    return [
      panel('coverage-heading', 'Quorum coverage', [coverageGroups(data.coverage)]),
      panel('overdue-heading', 'Overdue', [
        data.coverage.overdue.length
          ? el('ul', { className: 'dashboard-overdue', testid: 'overdue-list' }, data.coverage.overdue.map((s) => el('li', { testid: 'overdue-item' }, [s])))
          : el('p', { className: 'coverage-ok', testid: 'overdue-none' }, ['✓ Nothing is overdue: every share check and the full drill are within policy.']),
      ]),
      el('div', { className: 'dashboard-pair' }, [
        panel('last-drill-heading', 'Last drill', [
          data.lastDrill
            ? el('p', { testid: 'last-drill', attrs: { 'data-passed': String(data.lastDrill.passed) } }, [
                el('strong', { className: data.lastDrill.passed ? 'coverage-ok' : 'coverage-late' }, [data.lastDrill.passed ? '✓ Passed' : '✗ Failed']),
                ` on ${formatUtc(data.lastDrill.finishedAt)}, RTO ${formatDuration(data.lastDrill.rtoMs)}.`,
              ])
            : el('p', { className: 'muted', testid: 'last-drill-none' }, ['No drill has been run yet. Run one in Drills.']),
          el('p', { className: 'muted', testid: 'next-drill' }, [`Next full drill due ${formatUtc(data.coverage.drill.dueAt)}.`]),
        ]),
        panel('latest-snapshot-heading', 'Latest snapshot', [
          data.latestSnapshot
            ? el('p', { testid: 'latest-snapshot', attrs: { 'data-stale': String(data.latestSnapshot.stale) } }, [
                `Snapshot ${data.latestSnapshot.id} is ${formatAge(data.latestSnapshot.ageSeconds)} old: `,
                el('strong', { className: data.latestSnapshot.stale ? 'coverage-late' : 'coverage-ok' }, [
                  data.latestSnapshot.stale ? `✗ older than the ${data.policy.maxSnapshotAgeHours} h the policy accepts` : `✓ within the ${data.policy.maxSnapshotAgeHours} h policy`,
                ]),
                '.',
              ])
            : el('p', { className: 'muted', testid: 'latest-snapshot-none' }, ['No relay snapshot is imported: a drill cannot build its transactions. Import one in Snapshots.']),
        ]),
      ]),
      panel('policy-heading', 'Drill policy', [policyForm(data.policy)]),
    ];
  }

  function policyForm(policy: Policy): HTMLElement {
    const draft = { ...policy };
    const status = el('div', { testid: 'policy-status', attrs: { 'aria-live': 'polite' } });
    const number = (key: keyof Policy, label: string, hint: string) =>
      field({
        label,
        hint,
        control: textInput({ testid: `policy-${key}`, type: 'number', value: String(policy[key]), attrs: { min: '1', step: '1' }, onInput: (v) => (draft[key] = Number(v)) }),
      });
    const form = el('form', {
      className: 'policy-form',
      testid: 'policy-form',
      on: {
        submit: (event) => {
          event.preventDefault();
          void (async () => {
            try {
              const { policy: saved } = await context.bridge.call('drills.setPolicy', draft);
              if (disposed) return;
              await load(el('p', { className: 'notice notice-info', testid: 'policy-saved' }, [`Saved: a drill every ${saved.drillIntervalDays} days, share checks every ${saved.shareCheckIntervalDays} days, snapshots at most ${saved.maxSnapshotAgeHours} h old.`]));
            } catch (error) {
              if (!disposed) replace(status, [errorNotice(toPublicError(error), 'policy-error')]);
            }
          })();
        },
      },
    }, [
      el('p', { className: 'muted', testid: 'policy-summary' }, [
        `A full drill every ${policy.drillIntervalDays} days; each holder checks their share every ${policy.shareCheckIntervalDays} days; a drill accepts snapshots at most ${policy.maxSnapshotAgeHours} h old.`,
      ]),
      el('div', { className: 'policy-fields' }, [
        number('drillIntervalDays', 'Drill interval (days)', 'How often the whole recovery is rehearsed.'),
        number('shareCheckIntervalDays', 'Share-check interval (days)', 'How often each holder checks their share.'),
        number('maxSnapshotAgeHours', 'Oldest snapshot (hours)', 'The recovery point a drill accepts.'),
      ]),
      el('button', { className: 'button button-primary', testid: 'policy-save', attrs: { type: 'submit' } }, ['Save policy']),
      status,
    ]);
    return form;
  }

  void load();
  return { root: body, dispose: () => (disposed = true) };
}

function panel(id: string, title: string, children: HTMLElement[]): HTMLElement {
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': id } }, [el('h2', { className: 'panel-title', attrs: { id } }, [title]), ...children]);
}
