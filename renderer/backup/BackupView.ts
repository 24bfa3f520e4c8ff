// The Backup screen: where the vault stands against its backup policy, a backup made to the destinations chosen in the
// system's save dialog (removable media), each copy's verification, the policy form and the history. Thin: what it
// shows and decides comes from ./BackupModel.ts.
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import type { ViewContext, ViewDef } from '../app/view';
import { errorNotice } from '../ui/ErrorNotice';
import { checkbox, field, textInput } from '../ui/Field';
import { viewHeader } from '../ui/ViewHeader';
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
  type BackupDraft,
  type BackupReportView,
  type BackupStatusView,
} from './BackupModel';
import { standingPanel } from './BackupPanel';

export const backupView: ViewDef = {
  id: 'backup',
  title: 'Backup',
  render(context) {
    const { header, heading } = viewHeader('Backup', 'Encrypted copies of everything this vault holds besides the key: holders, accounts, runbooks, snapshots, drafts, drills and the audit log.');
    heading.id = 'title-backup';
    const page = createPage(context);
    const root = el('section', { className: 'view view-backup', testid: 'view-backup', attrs: { 'aria-labelledby': 'title-backup' } }, [header, page.root]);
    return { root, heading, dispose: page.dispose };
  },
};

function createPage(context: ViewContext) {
  let disposed = false;
  let draft: BackupDraft = newBackupDraft();
  const root = el('div', { testid: 'backup-body' }, [el('p', { className: 'muted' }, ['Loading…'])]);
  const result = el('div', { testid: 'backup-result', attrs: { 'aria-live': 'polite' } });

  async function load(): Promise<void> {
    try {
      const [status, unlock] = await Promise.all([context.bridge.call('backup.status', {}), context.bridge.call('unlock.status', {})]);
      if (disposed) return;
      replace(root, [standingPanel(status), makePanel(unlock.state === 'unlocked', unlock), policyPanel(status), historyPanel(status)]);
    } catch (error) {
      if (!disposed) replace(root, [errorNotice(toPublicError(error), 'backup-error')]);
    }
  }

  function makePanel(unlocked: boolean, unlock: Parameters<typeof backupBlockers>[1]): HTMLElement {
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
    return panel('backup-make-heading', 'Make a backup', [
      el('p', { className: 'muted' }, [unlocked ? 'The vault is unlocked: its key seals the backup.' : 'A quorum must unlock the vault first; the backup is sealed under a key only the rebuilt key derives.']),
      list,
      choose,
      blockers,
      start,
      result,
    ]);
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
      if (disposed) return;
      draft = newBackupDraft();
      await load();
      replace(result, [reportNotice(report)]);
    } catch (error) {
      button.disabled = false;
      if (!disposed) replace(result, [errorNotice(toPublicError(error), 'backup-error')]);
    }
  }

  function policyPanel(status: BackupStatusView): HTMLElement {
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

  void load();
  return { root, dispose: () => (disposed = true) };
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
