// The Drills view: start a timed full drill of a runbook with the participating holders (passphrase or paper
// share words; cleared after the run), progress while it runs, the result as the printable report (Print report
// → window.print()), and past drills with an RTO chart.
import type { DrillResultJson } from '../../shared/bridge';
import { el, replace } from '../app/dom';
import { formatUtc } from '../app/format';
import type { Scope } from '../app/scope';
import { defineView, type Page, type ViewContext } from '../app/view';
import { drillChart } from './DrillChart';
import { formatDuration } from './DrillFormat';
import { drillParticipants, type DrillParticipants } from './DrillParticipants';
import { drillReport, type DrillReport } from './DrillReport';
import { DrillsModel } from './DrillsModel';
import { errorNotice } from '../ui/ErrorNotice';
import { field, selectInput, textInput } from '../ui/Field';

export const drillsView = defineView({
  id: 'drills', title: 'Drills', page: drillsPage,
  purpose:
    'Timed rehearsals of a runbook: the quorum unlocks, proves control with a signature, and signs the runbook’s transactions as rehearsals that are never broadcast. Recovery time (RTO) and recovery point (RPO) are measured.',
});

function drillsPage({ bridge }: ViewContext, scope: Scope): Page {
  const model = new DrillsModel(bridge);
  let participants: DrillParticipants | null = null;
  let report: DrillReport | null = null;
  const start = el('div', { testid: 'drill-start-slot' }, [el('p', { className: 'muted' }, ['Loading…'])]);
  const progress = el('div', { testid: 'drill-progress-slot', attrs: { 'aria-live': 'polite' } });
  const result = el('div', { testid: 'drill-result-slot' });
  const history = el('div', { testid: 'drill-history-slot' });

  /** The report of the drill the model shows, and the history with that row marked. */
  function draw(): void {
    report?.dispose();
    report = null;
    const drill = model.shown;
    if (drill) {
      // The printed report's every page says which drill it belongs to, with its page number (renderer/styles/print.css, @page drill-report).
      document.documentElement.style.setProperty('--drill-print-label', `"Drill ${drill.id}"`);
      report = drillReport(drill, model.vault?.name ?? null);
      report.root.classList.add('print-target', 'drill-print-target');
      replace(result, [reportPanel(drill, report.root)]);
    }
    replace(history, [historyPanel(model, (d) => (model.show(d), draw()))]);
  }

  async function runDrill(runbook: string, challenge: string, button: HTMLButtonElement): Promise<void> {
    if (model.running || !participants) return;
    const refused = model.challengeProblem(challenge);
    if (refused) return void replace(progress, [errorNotice(refused, 'drill-challenge-error')]);
    const holders = participants.collect();
    button.disabled = true;
    const stop = showRunning(progress, model.runningLine(runbook, holders));
    const outcome = await model.run(runbook, holders, challenge);
    stop();
    participants.clear();
    button.disabled = false;
    if (!scope.shown() || !outcome) return;
    if ('error' in outcome) return void replace(progress, [errorNotice(outcome.error, 'drill-run-error')]);
    replace(progress, [el('p', { className: 'muted', testid: 'drill-done' }, [`Drill #${outcome.drill.id} finished: ${outcome.drill.passed ? 'passed' : 'failed'}. The vault is locked again.`])]);
    draw();
    result.scrollIntoView({ block: 'start' });
  }

  void model.load().then((loaded) => {
    if (!scope.shown()) return;
    if (loaded.kind === 'failed') return void replace(start, [errorNotice(loaded.error, 'drills-error')]);
    if (loaded.kind === 'no-vault') return void replace(start, [el('p', { className: 'muted', testid: 'drill-no-vault' }, ['A drill needs a vault with holders. Create or import one first.'])]);
    participants = drillParticipants(model.holders());
    replace(start, [startForm(model, participants, runDrill)]);
    draw();
  });
  scope.onDispose(() => {
    participants?.clear();
    report?.dispose();
    document.documentElement.style.removeProperty('--drill-print-label');
  });
  return { root: el('div', { className: 'drills-page' }, [start, progress, result, history]) };
}

function startForm(model: DrillsModel, participants: DrillParticipants, run: (runbook: string, challenge: string, button: HTMLButtonElement) => void): HTMLElement {
  let runbook = model.runbooks[0]?.name ?? '';
  const challenge = textInput({ testid: 'drill-challenge-input', value: '', onInput: () => undefined, attrs: { maxlength: '128' } });
  const button = el('button', { className: 'button button-primary', testid: 'drill-run', attrs: { type: 'submit' } }, ['Start the drill']);
  const form = el('form', { className: 'drill-start', testid: 'drill-start' }, [
    field({
      label: 'Runbook to drill',
      control: selectInput({ testid: 'drill-runbook', value: runbook, options: model.runbooks.map((r) => [r.name, `${r.title} (${r.name})`] as const), onChange: (v) => (runbook = v) }),
    }),
    el('p', { className: 'muted' }, [model.participantsLine()]),
    participants.root,
    field({
      label: 'Auditor’s challenge (optional)',
      control: challenge,
      hint: 'A code the auditor chose (8 to 128 letters, digits, punctuation). It is signed into the proof, so the auditor knows the proof was made after asking.',
    }),
    button,
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(runbook, challenge.value, button);
  });
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'drill-start-heading' } }, [el('h2', { className: 'panel-title', attrs: { id: 'drill-start-heading' } }, ['Start a drill']), form]);
}

/** The running line with the time elapsed; returns the function that stops its clock. */
function showRunning(slot: HTMLElement, line: string): () => void {
  const began = Date.now();
  const elapsed = el('span', { testid: 'drill-elapsed' }, ['0 s']);
  const timer = setInterval(() => (elapsed.textContent = formatDuration(Date.now() - began)), 500);
  replace(slot, [
    el('div', { className: 'notice notice-info drill-progress', testid: 'drill-progress', attrs: { role: 'status', 'aria-busy': 'true' } }, [
      el('p', {}, [line, elapsed]),
      el('progress', { attrs: { 'aria-label': 'Drill in progress' } }),
    ]),
  ]);
  return () => clearInterval(timer);
}

function reportPanel(drill: DrillResultJson, report: HTMLElement): HTMLElement {
  return el('section', { className: 'panel drill-result', testid: 'drill-result', attrs: { 'data-id': String(drill.id), 'aria-label': `Report of drill ${drill.id}` } }, [
    el('div', { className: 'drill-result-actions' }, [el('button', { className: 'button', testid: 'drill-print', attrs: { type: 'button' }, on: { click: () => window.print() } }, ['Print report'])]),
    report,
  ]);
}

function historyPanel(model: DrillsModel, show: (drill: DrillResultJson) => void): HTMLElement {
  const drills = model.history;
  const row = (d: DrillResultJson) =>
    el('tr', { testid: 'drill-history-row', attrs: { 'data-id': String(d.id), 'data-passed': String(d.passed), 'aria-current': String(model.shown?.id === d.id) } }, [
      el('td', { className: 'num' }, [String(d.id)]),
      el('td', {}, [formatUtc(d.startedAt)]),
      el('td', {}, [d.runbook]),
      el('td', { className: d.passed ? 'coverage-ok' : 'coverage-late' }, [d.passed ? '✓ passed' : '✗ failed']),
      el('td', { className: 'num' }, [formatDuration(d.rtoMs)]),
      el('td', {}, [d.participants.join(', ')]),
      el('td', {}, [el('button', { className: 'button button-small', testid: 'drill-history-open', attrs: { type: 'button' }, on: { click: () => show(d) } }, ['Show report'])]),
    ]);
  const body = drills.length
    ? [
        drillChart(drills),
        el('table', { className: 'data-table', testid: 'drill-history' }, [
          el('thead', {}, [el('tr', {}, ['#', 'Date', 'Runbook', 'Result', 'RTO', 'Participants', ''].map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]),
          el('tbody', {}, drills.map(row)),
        ]),
      ]
    : [el('p', { className: 'muted', testid: 'drill-history-none' }, ['No drills yet.'])];
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'drill-history-heading' } }, [el('h2', { className: 'panel-title', attrs: { id: 'drill-history-heading' } }, ['Past drills']), ...body]);
}
