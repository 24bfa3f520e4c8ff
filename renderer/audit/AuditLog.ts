// The Audit log view: every recorded change, newest first, and a check of the whole hash chain.
import type { AuditEntryView, AuditVerification } from '../../shared/bridge';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { countOf, formatUtc, shortHash } from '../app/format';
import { defineView, type ViewContext } from '../app/view';
import { errorNotice } from '../ui/ErrorNotice';

const PAGE_SIZE = 100;

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
  const advice =
    context.status.mode === 'vault'
      ? 'Sign nothing with this vault until the holders have found out who changed it and why.'
      : 'Broadcast nothing from this relay until the holders have found out who changed it and why.';
  button.disabled = true;
  button.textContent = 'Verifying…';
  try {
    const verdict = await context.bridge.call('audit.verify', {});
    showVerdict(result, verdict, advice);
  } catch (error) {
    result.dataset.state = 'error';
    replace(result, [errorNotice(toPublicError(error), 'audit-error')]);
  } finally {
    result.hidden = false;
    button.disabled = false;
    button.textContent = 'Verify audit log';
  }
}

function showVerdict(result: HTMLElement, verdict: AuditVerification, advice: string): void {
  if (verdict.valid || !verdict.problem) {
    result.dataset.state = 'intact';
    replace(result, [
      el('p', { className: 'result-line', testid: 'audit-result-summary' }, [
        `Audit log intact: ${countOf(verdict.count, 'entry', 'entries')}, head ${shortHash(verdict.headHash)}`,
      ]),
      el('p', { className: 'result-detail' }, ['Full head hash ', el('code', { className: 'hash', testid: 'audit-head-hash' }, [verdict.headHash])]),
      ...checkpointLines(verdict),
    ]);
    return;
  }
  const { code, row, message } = verdict.problem;
  result.dataset.state = 'damaged';
  replace(result, [
    el('p', { className: 'result-line', testid: 'audit-result-summary' }, [`Audit log damaged at entry ${row}`]),
    el('p', { className: 'result-message', testid: 'audit-problem-message' }, [message]),
    el('p', { className: 'result-advice' }, [advice]),
    el('p', { className: 'result-detail' }, [
      'Error code ',
      el('code', { testid: 'audit-problem-code' }, [code]),
      ' · entry ',
      el('span', { testid: 'audit-problem-row' }, [String(row)]),
      verdict.count > 0 ? ` · ${verdict.count === 1 ? 'entry 1 before it checks out' : `entries 1 to ${verdict.count} before it check out`}` : '',
    ]),
    ...checkpointLines(verdict),
  ]);
}

/** SECURITY(H-25): what the vault's signed checkpoints vouch for, and what only the hash chain protects. */
function checkpointLines(verdict: AuditVerification): HTMLElement[] {
  const { stored, verified, latest, keyWords } = verdict.checkpoints;
  const sealed = latest
    ? `Signed checkpoints: ${verified} of ${stored} check out; the latest (#${latest.number}) seals entries 1 to ${latest.last}. Checkpoint key words: ${keyWords ?? '—'}.`
    : `No signed checkpoint seals this log${stored > 0 ? ` (${stored} stored, none checks out)` : ''}.`;
  return [
    el('p', { className: 'result-detail', testid: 'audit-checkpoints' }, [sealed]),
    ...(verdict.note ? [el('p', { className: 'result-detail', testid: 'audit-uncheckpointed' }, [verdict.note])] : []),
  ];
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
  let oldestSeq: number | undefined;

  const fetchPage = async (beforeSeq: number | undefined) => {
    const request = beforeSeq === undefined ? { limit: PAGE_SIZE } : { limit: PAGE_SIZE, beforeSeq };
    try {
      const { entries } = await context.bridge.call('audit.list', request);
      if (beforeSeq === undefined) body.replaceChildren();
      for (const entry of entries) body.append(entryRow(entry));
      oldestSeq = entries.at(-1)?.seq ?? oldestSeq;
      more.hidden = entries.length < PAGE_SIZE || oldestSeq === 1;
      table.hidden = body.childElementCount === 0;
      replace(message, body.childElementCount === 0 ? [el('p', { className: 'muted' }, ['No entries yet.'])] : []);
    } catch (error) {
      replace(message, [errorNotice(toPublicError(error), 'audit-list-error')]);
    }
  };
  more.addEventListener('click', () => void fetchPage(oldestSeq));

  const root = el('div', { className: 'audit-list' }, [table, message, more]);
  return { root, load: () => fetchPage(undefined) };
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
