// The Backup screen: where the vault stands against its backup policy, a backup made to the destinations chosen in the
// system's save dialog (removable media), each copy's verification, the policy form and the history. Thin: what it
// shows and decides comes from ./BackupModel.ts.
import type { UnlockStatusView } from '../../shared/bridge';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import type { Scope } from '../app/scope';
import { defineView, type Page, type ViewContext } from '../app/view';
import { errorNotice, loadInto } from '../ui/ErrorNotice';
import { checkbox, field, textInput } from '../ui/Field';
import { formatUtc } from '../app/format';
import {
  addDestination,
  backupBlockers,
  describePolicy,
  describeReport,
  newBackupDraft,
  policyForm,
  policyFromForm,
  removeDestination,
  sealingLine,
  type BackupDraft,
  type BackupReportView,
  type BackupStatusView,
} from './BackupModel';
import { standingPanel } from './BackupPanel';

export const backupView = defineView({
  id: 'backup', title: 'Backup', page: backupPage,
  purpose: 'Encrypted copies of everything this vault holds besides the key: holders, accounts, runbooks, snapshots, drafts, drills and the audit log.',
});

function backupPage(context: ViewContext, scope: Scope): Page {
  const root = el('div', { testid: 'backup-body' }, [el('p', { className: 'muted' }, ['Loading…'])]);
  const result = el('div', { testid: 'backup-result', attrs: { 'aria-live': 'polite' } });
  let draft: BackupDraft = newBackupDraft();

  const load = (): Promise<void> =>
    loadInto(root, {
      scope,
      errorTestId: 'backup-error',
      read: () => Promise.all([context.bridge.call('backup.status', {}), context.bridge.call('unlock.status', {})]),
      draw: ([status, unlock]) => [standingPanel(status), makePanel(unlock), policyPanel(context, status), historyPanel(status)],
    });

  function makePanel(unlock: UnlockStatusView): HTMLElement {
    const list = el('ul', { className: 'backup-destinations', testid: 'backup-destinations' });
    const blockers = el('ul', { className: 'muted', testid: 'backup-blockers' });
    const start = el('button', { className: 'button button-primary', testid: 'backup-start', attrs: { type: 'button' }, on: { click: () => void run(start) } }, ['Back up now']);
    const redraw = () => {
      replace(list, draft.destinations.map((path) => el('li', { testid: 'backup-destination' }, [path, ' ', removeButton(path)])));
      const reasons = backupBlockers(draft, unlock);
      replace(blockers, reasons.map((r) => el('li', {}, [r])));
      start.disabled = reasons.length > 0;
    };
    const removeButton = (path: string) =>
      el('button', { className: 'button button-quiet', testid: 'backup-destination-remove', attrs: { type: 'button' }, on: { click: () => ((draft = removeDestination(draft, path)), redraw()) } }, ['Remove']);
    const choose = el('button', { className: 'button', testid: 'backup-choose', attrs: { type: 'button' }, on: { click: () => void chooseDestination(redraw) } }, ['Add a destination…']);
    redraw();
    return panel('backup-make-heading', 'Make a backup', [el('p', { className: 'muted' }, [sealingLine(unlock)]), list, choose, blockers, start, result]);
  }

  async function chooseDestination(redraw: () => void): Promise<void> {
    try {
      const { path } = await context.bridge.call('backup.chooseDestination', {});
      draft = addDestination(draft, path);
      redraw();
    } catch (error) {
      replace(result, [errorNotice(toPublicError(error), 'backup-error')]);
    }
  }

  async function run(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    replace(result, [el('p', { className: 'dialog-busy', testid: 'backup-busy', attrs: { role: 'status' } }, ['Writing and verifying each copy…'])]);
    try {
      const report = await context.bridge.call('backup.create', { destinations: draft.destinations });
      if (!scope.shown()) return;
      draft = newBackupDraft();
      await load();
      replace(result, [reportNotice(report)]);
    } catch (error) {
      button.disabled = false;
      if (scope.shown()) replace(result, [errorNotice(toPublicError(error), 'backup-error')]);
    }
  }

  void load();
  return { root };
}

function policyPanel(context: ViewContext, status: BackupStatusView): HTMLElement {
  let form = policyForm(status.policy);
  const notice = el('div', { testid: 'backup-policy-status', attrs: { 'aria-live': 'polite' } });
  const save = async () => {
    const { policy, problem } = policyFromForm(form);
    if (!policy) return replace(notice, [el('p', { className: 'notice notice-warn' }, [problem])]);
    try {
      const saved = await context.bridge.call('backup.setPolicy', policy);
      replace(notice, [el('p', { className: 'notice notice-info', testid: 'backup-policy-saved' }, [`Saved. ${describePolicy(saved.policy)}`])]);
    } catch (error) {
      replace(notice, [errorNotice(toPublicError(error), 'backup-policy-error')]);
    }
  };
  return panel('backup-policy-heading', 'Backup policy', [
    el('p', { className: 'muted', testid: 'backup-policy-summary' }, [describePolicy(status.policy)]),
    field({ label: 'Longest time between backups (days)', control: textInput({ testid: 'backup-policy-days', type: 'number', value: form.maxAgeDays, attrs: { min: '1', step: '1' }, onInput: (v) => (form = { ...form, maxAgeDays: v }) }) }),
    checkbox({ testid: 'backup-policy-every-change', checked: form.afterEveryChange, label: 'A new backup is due after every change', onChange: (on) => (form = { ...form, afterEveryChange: on }) }),
    el('button', { className: 'button', testid: 'backup-policy-save', attrs: { type: 'button' }, on: { click: () => void save() } }, ['Save policy']),
    notice,
  ]);
}

function reportNotice(report: BackupReportView): HTMLElement {
  const { label, copies } = describeReport(report);
  return el('div', { className: 'notice notice-info', testid: 'backup-report' }, [
    el('p', { testid: 'backup-label' }, [label]),
    el('ul', {}, copies.map((c) => el('li', { testid: 'backup-copy', attrs: { 'data-ok': String(c.ok) } }, [`${c.ok ? '✓' : '✗'} ${c.path}: ${c.sentence}`]))),
  ]);
}

function historyPanel(status: BackupStatusView): HTMLElement {
  return panel('backup-history-heading', 'Earlier backups', [
    status.history.length === 0
      ? el('p', { className: 'muted' }, ['None yet.'])
      : el('ul', { testid: 'backup-history' }, status.history.map((b) => el('li', {}, [`${formatUtc(b.madeAt)} · “${b.hashWords}” · ${b.destinations.join(', ')}`]))),
  ]);
}

function panel(id: string, title: string, children: HTMLElement[]): HTMLElement {
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': id } }, [el('h2', { className: 'panel-title', attrs: { id } }, [title]), ...children]);
}
