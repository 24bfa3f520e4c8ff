// The Audit log view: every recorded change, newest first, and a check of the whole hash chain. What a verdict says and
// which page comes next are in AuditLogModel; this file draws them.
import type { AuditEntryView } from '../../shared/bridge';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { formatUtc } from '../app/format';
import { defineView, type ViewContext } from '../app/view';
import { errorNotice } from '../ui/ErrorNotice';
import { AuditPager, verdictView, type VerdictView } from './AuditLogModel';

export const auditLogView = defineView({
  id: 'audit',
  title: 'Audit log',
  purpose: (context) =>
    `Every change to ${context.status.mode === 'vault' ? 'this vault' : 'this relay'}, in order. Each entry is sealed with the hash of the one before it, so an edited or deleted entry shows when the log is verified.`,
  page(context) {
    const verifyButton = el('button', { className: 'button button-primary', testid: 'audit-verify', attrs: { type: 'button' } }, ['Verify audit log']);
    const refreshButton = el('button', { className: 'button', testid: 'audit-refresh', attrs: { type: 'button' } }, ['Refresh']);
    const result = el('div', { className: 'audit-result', testid: 'audit-result', attrs: { role: 'status', 'aria-live': 'polite' } });
    result.hidden = true;
    const entries = createEntryList(context);

    verifyButton.addEventListener('click', () => void verify(context, verifyButton, result));
    refreshButton.addEventListener('click', () => void entries.load());

    void entries.load();
    return { root: [el('div', { className: 'toolbar' }, [verifyButton, refreshButton]), result, entries.root] };
  },
});

async function verify(context: ViewContext, button: HTMLButtonElement, result: HTMLElement): Promise<void> {
  button.disabled = true;
  button.textContent = 'Verifying…';
  try {
    const verdict = await context.bridge.call('audit.verify', {});
    showVerdict(result, verdictView(verdict, context.status.mode));
  } catch (error) {
    result.dataset.state = 'error';
    replace(result, [errorNotice(toPublicError(error), 'audit-error')]);
  } finally {
    result.hidden = false;
    button.disabled = false;
    button.textContent = 'Verify audit log';
  }
}

function showVerdict(result: HTMLElement, view: VerdictView): void {
  result.dataset.state = view.state;
  const checkpoints = [
    el('p', { className: 'result-detail', testid: 'audit-checkpoints' }, [view.checkpoints]),
    ...(view.note ? [el('p', { className: 'result-detail', testid: 'audit-uncheckpointed' }, [view.note])] : []),
  ];
  if (view.state === 'intact') {
    replace(result, [
      el('p', { className: 'result-line', testid: 'audit-result-summary' }, [view.summary]),
      el('p', { className: 'result-detail' }, ['Full head hash ', el('code', { className: 'hash', testid: 'audit-head-hash' }, [view.headHash])]),
      ...checkpoints,
    ]);
    return;
  }
  replace(result, [
    el('p', { className: 'result-line', testid: 'audit-result-summary' }, [view.summary]),
    el('p', { className: 'result-message', testid: 'audit-problem-message' }, [view.message]),
    el('p', { className: 'result-advice' }, [view.advice]),
    el('p', { className: 'result-detail' }, [
      'Error code ',
      el('code', { testid: 'audit-problem-code' }, [view.code]),
      ' · entry ',
      el('span', { testid: 'audit-problem-row' }, [String(view.row)]),
      view.before ? ` · ${view.before}` : '',
    ]),
    ...checkpoints,
  ]);
}

function createEntryList(context: ViewContext): { root: HTMLElement; load(): Promise<void> } {
  const body = el('tbody', { testid: 'audit-rows' });
  const table = el('table', { className: 'audit-table', testid: 'audit-table' }, [
    el('thead', {}, [
      el('tr', {}, [
        el('th', { className: 'col-seq', attrs: { scope: 'col' } }, ['#']),
        el('th', { className: 'col-time', attrs: { scope: 'col' } }, ['Time (UTC)']),
        el('th', { className: 'col-actor', attrs: { scope: 'col' } }, ['Actor']),
        el('th', { className: 'col-action', attrs: { scope: 'col' } }, ['Action']),
        el('th', { className: 'col-details', attrs: { scope: 'col' } }, ['Details']),
      ]),
    ]),
    body,
  ]);
  const message = el('div', { className: 'audit-list-message', testid: 'audit-list-message' });
  const more = el('button', { className: 'button', testid: 'audit-more', attrs: { type: 'button' } }, ['Show older entries']);
  more.hidden = true;
  const pager = new AuditPager();

  const fetchPage = async (older: boolean) => {
    try {
      const { entries } = await context.bridge.call('audit.list', pager.request(older));
      if (!older) body.replaceChildren();
      for (const entry of entries) body.append(entryRow(entry));
      more.hidden = !pager.took(entries).olderRemain;
      table.hidden = body.childElementCount === 0;
      replace(message, body.childElementCount === 0 ? [el('p', { className: 'muted' }, ['No entries yet.'])] : []);
    } catch (error) {
      replace(message, [errorNotice(toPublicError(error), 'audit-list-error')]);
    }
  };
  more.addEventListener('click', () => void fetchPage(true));

  const root = el('div', { className: 'audit-list' }, [table, message, more]);
  return { root, load: () => fetchPage(false) };
}

function entryRow(entry: AuditEntryView): HTMLTableRowElement {
  const details = Object.entries(entry.details);
  return el('tr', { testid: 'audit-row', attrs: { 'data-seq': String(entry.seq), 'data-action': entry.action } }, [
    el('td', { className: 'col-seq num' }, [String(entry.seq)]),
    el('td', { className: 'col-time num' }, [formatUtc(entry.at)]),
    el('td', { className: 'col-actor' }, [entry.actor]),
    el('td', { className: 'col-action' }, [el('code', { className: 'action' }, [entry.action])]),
    el('td', { className: 'col-details' }, [
      details.length === 0
        ? el('span', { className: 'muted' }, ['—'])
        : el(
            'dl',
            { className: 'details' },
            details.flatMap(([key, value]) => [el('dt', {}, [key]), el('dd', {}, [value === null ? 'none' : String(value)])]),
          ),
    ]),
  ]);
}
