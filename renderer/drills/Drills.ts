// The Drills view: start a timed full drill of a runbook with the participating holders (passphrase or paper
// share words; cleared after the run), progress while it runs, the result as the printable report (Print report
// → window.print()), and past drills with an RTO chart.
import type { DrillResultJson, ResponseOf } from '../../shared/bridge';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { formatUtc } from '../app/format';
import { defineView, type ViewContext } from '../app/view';
import { drillChart } from './DrillChart';
import { formatDuration } from './DrillFormat';
import { drillParticipants, type DrillParticipants } from './DrillParticipants';
import { drillReport, type DrillReport } from './DrillReport';
import { errorNotice } from '../ui/ErrorNotice';
import { field, selectInput } from '../ui/Field';

type Summary = NonNullable<ResponseOf<'vault.summary'>['vault']>;

export const drillsView = defineView({
  id: 'drills',
  title: 'Drills',
  purpose:
    'Timed rehearsals of a runbook: the quorum unlocks, proves control with a signature, and signs the runbook’s transactions as rehearsals that are never broadcast. Recovery time (RTO) and recovery point (RPO) are measured.',
  page: (context) => createPage(context),
});

function createPage(context: ViewContext) {
  let disposed = false;
  let running = false;
  let vault: Summary | null = null;
  let participants: DrillParticipants | null = null;
  let report: DrillReport | null = null;
  let drills: DrillResultJson[] = [];
  const start = el('div', { testid: 'drill-start-slot' }, [el('p', { className: 'muted' }, ['Loading…'])]);
  const progress = el('div', { testid: 'drill-progress-slot', attrs: { 'aria-live': 'polite' } });
  const result = el('div', { testid: 'drill-result-slot' });
  const history = el('div', { testid: 'drill-history-slot' });

  async function load(): Promise<void> {
    try {
      const [summary, { runbooks }] = await Promise.all([context.bridge.call('vault.summary', {}), context.bridge.call('runbooks.list', {})]);
      if (disposed) return;
      vault = summary.vault;
      if (!vault) {
        replace(start, [el('p', { className: 'muted', testid: 'drill-no-vault' }, ['A drill needs a vault with holders. Create or import one first.'])]);
        return;
      }
      replace(start, [startForm(vault, runbooks.map((r) => ({ name: String(r.name), title: String(r.title) })))]);
      await loadHistory();
    } catch (error) {
      if (!disposed) replace(start, [errorNotice(toPublicError(error), 'drills-error')]);
    }
  }

  async function loadHistory(): Promise<void> {
    const response = await context.bridge.call('drills.history', {});
    if (disposed) return;
    drills = response.drills;
    replace(history, [historyPanel()]);
    if (!report && drills[0]) showReport(drills[0]);
  }

  function startForm(summary: Summary, runbooks: Array<{ name: string; title: string }>): HTMLElement {
    let runbook = runbooks[0]?.name ?? '';
    participants = drillParticipants(summary.groups.flatMap((g) => g.holders.map((h) => ({ name: h.name, group: g.name }))));
    const need = summary.groups.map((g) => `${g.memberThreshold} of ${g.holders.length} in ${g.name}`).join('; ');
    const run = el('button', { className: 'button button-primary', testid: 'drill-run', attrs: { type: 'submit' } }, ['Start the drill']);
    const form = el('form', {
      className: 'drill-start',
      testid: 'drill-start',
      on: {
        submit: (event) => {
          event.preventDefault();
          void runDrill(runbook, run);
        },
      },
    }, [
      field({
        label: 'Runbook to drill',
        control: selectInput({ testid: 'drill-runbook', value: runbook, options: runbooks.map((r) => [r.name, `${r.title} (${r.name})`] as const), onChange: (v) => (runbook = v) }),
      }),
      el('p', { className: 'muted' }, [`Participants: the vault needs ${summary.groupThreshold} group${summary.groupThreshold === 1 ? '' : 's'} (${need}). Each present holder types their passphrase or their paper share’s words.`]),
      participants.root,
      run,
    ]);
    return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'drill-start-heading' } }, [el('h2', { className: 'panel-title', attrs: { id: 'drill-start-heading' } }, ['Start a drill']), form]);
  }

  async function runDrill(runbook: string, button: HTMLButtonElement): Promise<void> {
    if (running || !participants) return;
    const holders = participants.collect();
    running = true;
    button.disabled = true;
    const began = Date.now();
    const elapsed = el('span', { testid: 'drill-elapsed' }, ['0 s']);
    const timer = setInterval(() => (elapsed.textContent = formatDuration(Date.now() - began)), 500);
    replace(progress, [
      el('div', { className: 'notice notice-info drill-progress', testid: 'drill-progress', attrs: { role: 'status', 'aria-busy': 'true' } }, [
        el('p', {}, [`Drill of ${runbook} running with ${holders.map((h) => h.name).join(', ') || 'nobody'}: quorum unlock, address check, proof of control, then the runbook’s transactions signed as rehearsals. Each share takes about a second to open. `, elapsed]),
        el('progress', { attrs: { 'aria-label': 'Drill in progress' } }),
      ]),
    ]);
    try {
      const { drill } = await context.bridge.call('drills.run', { runbook, holders });
      if (disposed) return;
      replace(progress, [el('p', { className: 'muted', testid: 'drill-done' }, [`Drill #${drill.id} finished: ${drill.passed ? 'passed' : 'failed'}. The vault is locked again.`])]);
      showReport(drill);
      await loadHistory();
      result.scrollIntoView({ block: 'start' });
    } catch (error) {
      if (!disposed) replace(progress, [errorNotice(toPublicError(error), 'drill-run-error')]);
    } finally {
      clearInterval(timer);
      participants?.clear();
      running = false;
      button.disabled = false;
    }
  }

  function showReport(drill: DrillResultJson): void {
    report?.dispose();
    report = drillReport(drill, vault?.name ?? null);
    report.root.classList.add('print-target', 'drill-print-target');
    replace(result, [
      el('section', { className: 'panel drill-result', testid: 'drill-result', attrs: { 'data-id': String(drill.id), 'aria-label': `Report of drill ${drill.id}` } }, [
        el('div', { className: 'drill-result-actions' }, [
          el('button', { className: 'button', testid: 'drill-print', attrs: { type: 'button' }, on: { click: () => window.print() } }, ['Print report']),
        ]),
        report.root,
      ]),
    ]);
    for (const row of history.querySelectorAll<HTMLElement>('[data-testid="drill-history-row"]')) row.setAttribute('aria-current', String(row.dataset.id === String(drill.id)));
  }

  function historyPanel(): HTMLElement {
    const body = drills.length
      ? [
          drillChart(drills),
          el('table', { className: 'data-table', testid: 'drill-history' }, [
            el('thead', {}, [el('tr', {}, ['#', 'Date', 'Runbook', 'Result', 'RTO', 'Participants', ''].map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]),
            el(
              'tbody',
              {},
              drills.map((d) =>
                el('tr', { testid: 'drill-history-row', attrs: { 'data-id': String(d.id), 'data-passed': String(d.passed), 'aria-current': String(report?.root.dataset.id === String(d.id)) } }, [
                  el('td', { className: 'num' }, [String(d.id)]),
                  el('td', {}, [formatUtc(d.startedAt)]),
                  el('td', {}, [d.runbook]),
                  el('td', { className: d.passed ? 'coverage-ok' : 'coverage-late' }, [d.passed ? '✓ passed' : '✗ failed']),
                  el('td', { className: 'num' }, [formatDuration(d.rtoMs)]),
                  el('td', {}, [d.participants.join(', ')]),
                  el('td', {}, [el('button', { className: 'button button-small', testid: 'drill-history-open', attrs: { type: 'button' }, on: { click: () => showReport(d) } }, ['Show report'])]),
                ]),
              ),
            ),
          ]),
        ]
      : [el('p', { className: 'muted', testid: 'drill-history-none' }, ['No drills yet.'])];
    return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'drill-history-heading' } }, [el('h2', { className: 'panel-title', attrs: { id: 'drill-history-heading' } }, ['Past drills']), ...body]);
  }

  void load();
  return {
    root: el('div', { className: 'drills-page' }, [start, progress, result, history]),
    dispose() {
      disposed = true;
      participants?.clear();
      report?.dispose();
    },
  };
}
