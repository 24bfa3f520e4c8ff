// One runbook on the Runbooks view: title, description, target RTO, each step's draft template in readable
// lines (placeholders marked), its parameters, and a form to edit the parameters and the RTO (runbooks.save).
import { el, type Child } from '../app/dom';
import { field, textInput } from '../ui/Field';

export interface RunbookJson {
  name: string;
  title: string;
  description: string;
  rtoMinutes: number;
  params: Record<string, string>;
  steps: Array<{ title: string; draft: Record<string, unknown> }>;
}

const PLACEHOLDER = /(\{\{(?:param|account):[A-Za-z][A-Za-z0-9_-]*\}\})/;

/** Text with its {{param:…}} / {{account:…}} placeholders set apart, so a reader sees what gets filled in. */
function withPlaceholders(text: string): Child[] {
  return text.split(PLACEHOLDER).map((part) => (PLACEHOLDER.test(part) ? el('code', { className: 'runbook-placeholder' }, [part]) : part));
}

/** A draft template as nested "key: value" lines rather than raw JSON. */
export function templateLines(value: unknown, key?: string): HTMLElement {
  const label = key === undefined ? [] : [el('span', { className: 'runbook-key' }, [`${key}: `])];
  if (Array.isArray(value)) {
    return el('li', {}, [...label, el('ol', { className: 'runbook-template' }, value.map((v) => templateLines(v)))]);
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return el('li', {}, [...label, el('ul', { className: 'runbook-template' }, entries.map(([k, v]) => templateLines(v, k)))]);
  }
  return el('li', {}, [...label, ...withPlaceholders(String(value))]);
}

export function runbookCard(
  runbook: RunbookJson,
  onSave: (edited: RunbookJson, status: HTMLElement) => Promise<void>,
  onStart?: (runbook: RunbookJson, status: HTMLElement) => Promise<void>,
): HTMLElement {
  const paramNames = Object.keys(runbook.params);
  return el('article', { className: 'panel runbook-card', testid: 'runbook', attrs: { 'data-name': runbook.name, 'aria-labelledby': `runbook-${runbook.name}` } }, [
    el('h2', { className: 'panel-title', attrs: { id: `runbook-${runbook.name}` } }, [runbook.title]),
    onStart ? startRecovery(runbook, onStart) : null,
    el('p', { className: 'muted' }, [el('code', {}, [runbook.name]), ` · target RTO ${runbook.rtoMinutes} min`]),
    el('p', { className: 'panel-lead' }, [runbook.description]),
    el('h3', { className: 'runbook-subtitle' }, ['Parameters']),
    paramNames.length
      ? el(
          'ul',
          { className: 'runbook-params', testid: 'runbook-params' },
          paramNames.map((name) =>
            el('li', { testid: 'runbook-param', attrs: { 'data-param': name } }, [
              el('code', {}, [name]),
              ': ',
              runbook.params[name] ? el('code', { className: 'runbook-value' }, [runbook.params[name] ?? '']) : el('strong', { className: 'coverage-late' }, ['not set — a drill of this runbook fails until it is']),
            ]),
          ),
        )
      : el('p', { className: 'muted' }, ['No parameters.']),
    el('h3', { className: 'runbook-subtitle' }, ['Steps']),
    el(
      'ol',
      { className: 'runbook-steps' },
      runbook.steps.map((step) =>
        el('li', { testid: 'runbook-step' }, [el('strong', {}, [step.title]), el('ul', { className: 'runbook-template' }, [templateLines(step.draft, 'draft')])]),
      ),
    ),
    editForm(runbook, paramNames, onSave),
  ]);
}

/** A real recovery starts here: the steps become drafts on the latest snapshot, opened in Review & sign. */
function startRecovery(runbook: RunbookJson, onStart: (runbook: RunbookJson, status: HTMLElement) => Promise<void>): HTMLElement {
  const status = el('div', { testid: 'runbook-start-status', attrs: { 'aria-live': 'polite' } });
  return el('div', { className: 'runbook-start' }, [
    el('button', { className: 'button button-primary', testid: 'runbook-start', attrs: { type: 'button' }, on: { click: () => void onStart(runbook, status) } }, ['Start the recovery']),
    el('span', { className: 'muted' }, [' Builds this runbook\'s transactions on the latest snapshot for review; nothing is signed yet.']),
    status,
  ]);
}

/** The target RTO and the parameters, edited and saved. */
function editForm(runbook: RunbookJson, paramNames: readonly string[], onSave: (edited: RunbookJson, status: HTMLElement) => Promise<void>): HTMLElement {
  const params = { ...runbook.params };
  let rto = String(runbook.rtoMinutes);
  const status = el('div', { testid: 'runbook-status', attrs: { 'aria-live': 'polite' } });
  const form = el('form', { className: 'runbook-form', testid: 'runbook-form' }, [
    el('h4', { className: 'runbook-subtitle' }, ['Edit']),
    el('div', { className: 'runbook-fields' }, [
      field({
        label: 'Target recovery time (minutes)',
        control: textInput({ testid: 'runbook-rto', value: rto, attrs: { inputmode: 'numeric' }, onInput: (v) => (rto = v) }),
      }),
      ...paramNames.map((name) =>
        field({
          label: `Parameter ${name}`,
          hint: 'Used where the steps say {{param:' + name + '}}.',
          control: textInput({ testid: `runbook-param-${name}`, value: params[name] ?? '', attrs: { 'data-param': name, placeholder: 'not set' }, onInput: (v) => (params[name] = v) }),
        }),
      ),
    ]),
    el('button', { className: 'button button-primary', testid: 'runbook-save', attrs: { type: 'submit' } }, ['Save runbook']),
    status,
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    status.replaceChildren();
    // The service judges the values and refuses bad ones with a sentence; text that is not a number goes as is.
    const minutes = /^\s*\d+\s*$/.test(rto) ? Number(rto) : rto;
    void onSave({ ...runbook, params: { ...params }, rtoMinutes: minutes as number }, status);
  });
  return form;
}
