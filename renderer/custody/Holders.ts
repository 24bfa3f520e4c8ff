// The Holders & shares view: with no vault, the way to create or import one; with a vault, its seed
// derivation and SLIP-39 facts, the quorum by group and holder, the registered accounts, the lock
// state with Unlock/Lock, an audited reprint of one holder's card with their passphrase, and a
// recorded check of one holder's paper share and passphrase (which unlocks nothing). It draws HoldersModel.
import type { UnlockStatusView, VaultSummaryView } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { el, replace } from '../app/dom';
import { formatUtc } from '../app/format';
import { defineView, type ViewContext } from '../app/view';
import { emptyState } from '../ui/EmptyState';
import { errorNotice } from '../ui/ErrorNotice';
import { createVaultWizard, type CreateVaultWizard } from './CreateVault';
import { HoldersModel, quorumTitle, type Group, type Holder } from './HoldersModel';
import { printCardPane, type PrintCardPane } from './PrintCard';
import { reprintForm } from './Reprint';
import { shareCheckDialog, type ShareCheckDialog } from './ShareCheckDialog';
import { unlockDialog, type UnlockDialog } from './UnlockDialog';
import { ROLE_LABELS, type SourceKind } from './VaultSetupModel';
import { watchOnlyExportPanel, type WatchOnlyExportPanel } from './WatchOnlyExport';
import { restorePane } from '../backup/RestorePane';

interface HolderActions {
  reprint(holder: Holder): void;
  check(holder: Holder, group: Group): void;
}

export const holdersView = defineView({
  id: 'holders',
  title: 'Holders & shares',
  purpose: 'Who keeps each share, in which group, and how many shares make a quorum to rebuild the master secret.',
  // leaveBlocked: the shell asks before switching views (a vault setup must not vanish mid-way).
  page: (context) => new HoldersPage(context),
});

/** What the page shows at a time (the overview, the wizard, a reprint) and the dialogs it holds. */
class HoldersPage {
  readonly root = el('div', { className: 'holders-page', testid: 'holders-page' });
  private readonly model: HoldersModel;
  private wizard: CreateVaultWizard | null = null;
  private card: PrintCardPane | null = null;
  private unlock: UnlockDialog | null = null;
  private check: ShareCheckDialog | null = null;
  private watchOnly: WatchOnlyExportPanel | null = null;
  /** The holder whose share check is open, to return focus to their row when it closes. */
  private checking = '';
  private disposed = false;

  constructor(private readonly context: ViewContext) {
    this.model = new HoldersModel(context.bridge);
    void this.load();
  }

  async load(): Promise<void> {
    replace(this.root, [el('p', { className: 'muted', testid: 'holders-loading' }, ['Reading the vault…'])]);
    const error = await this.model.load();
    if (this.disposed) return;
    if (!error) return this.showOverview();
    replace(this.root, [
      errorNotice(error, 'holders-error'),
      el('button', { className: 'button', testid: 'holders-retry', attrs: { type: 'button' }, on: { click: () => void this.load() } }, ['Try again']),
    ]);
  }

  private showOverview(): void {
    this.closeChildren();
    const vault = this.model.vault;
    if (!vault) return void replace(this.root, [noVault((source) => this.startWizard(source), () => this.startRestore())]);
    this.unlock = unlockDialog({ bridge: this.context.bridge, vault, onStatus: (next) => this.showLock(next) });
    this.check = shareCheckDialog({ bridge: this.context.bridge, onChecked: () => void this.refreshQuorum() });
    // The row's button may have been redrawn by the refresh: give focus back to the new one.
    this.check.root.addEventListener('close', () => {
      this.root.querySelector<HTMLElement>(`[data-testid="holder-row"][data-holder="${CSS.escape(this.checking)}"] [data-testid="holder-check"]`)?.focus();
    });
    this.watchOnly = watchOnlyExportPanel(this.context.bridge);
    replace(this.root, [lockBar(), vaultFacts(this.model, vault), quorumSection(vault, this.actions()), accountsSection(vault), this.watchOnly.root, this.unlock.root, this.check.root]);
    this.showLock(this.model.status);
  }

  private actions(): HolderActions {
    return {
      reprint: (holder) => this.showReprint(holder),
      check: (holder, group) => {
        this.checking = holder.name;
        this.check?.open({ name: holder.name, groupName: group.name, memberIndex: holder.memberIndex, memberCount: group.memberCount });
      },
    };
  }

  private showLock(status: UnlockStatusView | null): void {
    this.model.status = status;
    const bar = this.model.lockBar();
    const slot = (id: string) => this.root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    const [badge, line, actions] = [slot('lock-badge'), slot('lock-line'), slot('lock-actions')];
    if (!bar || !badge || !line || !actions) return;
    badge.dataset.state = bar.state;
    badge.textContent = bar.badge;
    line.textContent = bar.line;
    const unlock = bar.unlock && button('unlock-start', 'button button-primary', bar.unlock, () => this.model.status && this.unlock?.open(this.model.status));
    const lock = bar.lock && button('vault-lock', 'button', bar.lock, () => void this.lockNow(lock as HTMLButtonElement));
    replace(actions, [unlock, lock]);
  }

  private async lockNow(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const error = await this.model.lock();
    if (error) {
      button.disabled = false;
      return this.showError(error);
    }
    this.showLock(this.model.status);
  }

  private async refreshQuorum(): Promise<void> {
    const error = await this.model.refreshVault();
    if (this.disposed) return;
    if (error) return this.showError(error);
    if (this.model.vault) this.root.querySelector('[data-testid="quorum"]')?.replaceWith(quorumSection(this.model.vault, this.actions()));
  }

  private showError(error: PublicError): void {
    this.root.querySelector('[data-testid="holders-action-error"]')?.remove();
    this.root.querySelector('[data-testid="lock-bar"]')?.after(errorNotice(error, 'holders-action-error'));
  }

  private startWizard(source: SourceKind): void {
    this.closeChildren();
    this.wizard = createVaultWizard(this.context, {
      source,
      onCancel: () => ((this.wizard = null), this.showOverview()),
      onFinished: () => ((this.wizard = null), void this.load()),
    });
    replace(this.root, [this.wizard.root]);
    this.root.querySelector<HTMLElement>('[data-testid="wizard-title"]')?.focus();
  }

  /** A new laptop's first run: the vault comes back from its backup instead of being created. */
  private startRestore(): void {
    this.closeChildren();
    const pane = restorePane(this.context, { onCancel: () => void this.load(), onFinished: () => void this.load() });
    replace(this.root, [pane.root]);
    this.root.querySelector<HTMLElement>('#restore-heading')?.focus();
  }

  private showReprint(holder: Holder): void {
    this.closeChildren();
    const form = reprintForm(this.model, holder, {
      isCurrent: () => !this.disposed,
      onCancel: () => void this.load(),
      onCard: (spec) => {
        this.card = printCardPane(spec, { onDone: () => ((this.card = null), void this.load()) });
        replace(this.root, [this.card.root]);
        this.card.root.querySelector<HTMLElement>('[data-testid="card-done"]')?.focus();
      },
    });
    replace(this.root, [form]);
    form.querySelector<HTMLInputElement>('input')?.focus();
  }

  private closeChildren(): void {
    for (const child of [this.unlock, this.check, this.watchOnly, this.card, this.wizard]) child?.dispose();
    this.unlock = this.check = this.watchOnly = this.card = this.wizard = null;
  }

  readonly leaveBlocked = (): string | null => this.wizard?.leaveBlocked() ?? null;

  readonly dispose = (): void => {
    this.disposed = true;
    this.model.leave();
    this.closeChildren();
  };
}

function button(testid: string, className: string, label: string, onClick: () => void): HTMLButtonElement {
  return el('button', { className, testid, attrs: { type: 'button' }, on: { click: onClick } }, [label]);
}

function noVault(start: (source: SourceKind) => void, restore: () => void): HTMLElement {
  return emptyState(
    'No holders yet.',
    'Create or import a vault to split the key into shares.',
    [
      el('div', { className: 'empty-state-buttons' }, [
        button('create-vault-start', 'button button-primary button-large', 'Create a vault', () => start('new')),
        button('import-vault-start', 'button button-large', 'Import an existing key', () => start('bip39')),
        button('restore-vault-start', 'button button-large', 'Restore from a backup', restore),
      ]),
      el('p', { className: 'empty-state-hint muted' }, [
        'Creating makes a new key on this computer. Importing takes an existing BIP-39 recovery phrase or SLIP-39 shares. Either way the key ',
        'is split into SLIP-39 shares, one per holder, each also stored here encrypted with that holder\'s passphrase.',
      ]),
    ],
    'empty-state empty-state-actions',
  );
}

function lockBar(): HTMLElement {
  return el('div', { className: 'lock-bar', testid: 'lock-bar' }, [
    el('span', { className: 'lock-badge', testid: 'lock-badge' }),
    el('span', { className: 'lock-line', testid: 'lock-line' }),
    el('span', { className: 'lock-actions', testid: 'lock-actions' }),
  ]);
}

function vaultFacts(model: HoldersModel, vault: VaultSummaryView): HTMLElement {
  return el('section', { className: 'panel', testid: 'vault-facts', attrs: { 'aria-labelledby': 'vault-name-heading' } }, [
    el('h2', { className: 'panel-title', testid: 'vault-name-heading', attrs: { id: 'vault-name-heading' } }, [vault.name]),
    el(
      'dl',
      { className: 'facts-grid' },
      model.facts(vault).map((f) => el('div', { className: f.wide ? 'facts-row facts-row-wide' : 'facts-row' }, [el('dt', {}, [f.label]), el('dd', { testid: f.testid }, [f.value])])),
    ),
  ]);
}

function quorumSection(vault: VaultSummaryView, actions: HolderActions): HTMLElement {
  return el('section', { className: 'panel', testid: 'quorum', attrs: { 'aria-labelledby': 'quorum-heading' } }, [
    el('h2', { className: 'panel-title', testid: 'quorum-line', attrs: { id: 'quorum-heading' } }, [quorumTitle(vault)]),
    ...vault.groups.map((group) => groupTable(group, actions)),
  ]);
}

function groupTable(group: Group, actions: HolderActions): HTMLElement {
  return el('div', { className: 'holder-group', testid: 'holder-group', attrs: { 'data-group': String(group.groupIndex) } }, [
    el('h3', { className: 'group-rule', testid: 'group-rule' }, [
      `Group ${group.groupIndex + 1} · ${group.name}`,
      el('span', { className: 'group-rule-need' }, [` — any ${group.memberThreshold} of ${group.memberCount} holders`]),
    ]),
    dataTable(['Holder', 'Share', 'Last checked', null], group.holders.map((holder) => holderRow(group, holder, actions))),
  ]);
}

function holderRow(group: Group, holder: Holder, actions: HolderActions): HTMLElement {
  const small = (testid: string, label: string, aria: string, onClick: () => void) =>
    el('button', { className: 'button button-small', testid, attrs: { type: 'button', 'aria-label': aria }, on: { click: onClick } }, [label]);
  return el('tr', { testid: 'holder-row', attrs: { 'data-holder': holder.name } }, [
    el('td', { className: 'holder-cell', testid: 'holder-name' }, [holder.name]),
    el('td', { className: 'num' }, [`${holder.memberIndex + 1} of ${group.memberCount}`]),
    el('td', { testid: 'holder-last-verified', className: holder.lastVerifiedAt === null ? 'muted' : 'num' }, [holder.lastVerifiedAt === null ? 'never checked' : formatUtc(holder.lastVerifiedAt)]),
    el('td', { className: 'col-actions' }, [
      el('span', { className: 'holder-actions' }, [
        small('holder-check', 'Check share', `Check share of ${holder.name}`, () => actions.check(holder, group)),
        small('holder-reprint', 'Reprint card', `Reprint card for ${holder.name}`, () => actions.reprint(holder)),
      ]),
    ]),
  ]);
}

function accountsSection(vault: VaultSummaryView): HTMLElement {
  return el('section', { className: 'panel', testid: 'accounts', attrs: { 'aria-labelledby': 'accounts-heading' } }, [
    el('h2', { className: 'panel-title', attrs: { id: 'accounts-heading' } }, [`Registered accounts (${vault.accounts.length})`]),
    el('p', { className: 'panel-lead muted' }, ['Every unlock derives these addresses again; a mismatch means the wrong key and nothing is unlocked.']),
    dataTable(
      ['Label', 'Role', 'Path', 'Address'],
      vault.accounts.map((account) =>
        el('tr', { testid: 'account-row', attrs: { 'data-path': account.path } }, [
          el('td', { testid: 'account-label' }, [account.label]),
          el('td', { testid: 'account-role', attrs: { 'data-role': account.role } }, [ROLE_LABELS[account.role]]),
          el('td', {}, [el('code', { testid: 'account-path' }, [account.path])]),
          el('td', {}, [el('code', { className: 'address', testid: 'account-address' }, [account.address])]),
        ]),
      ),
    ),
  ]);
}

/** A table with a header row; a null heading is the actions column, named for screen readers only. */
function dataTable(headings: ReadonlyArray<string | null>, rows: HTMLElement[]): HTMLElement {
  const th = (heading: string | null) =>
    heading === null
      ? el('th', { className: 'col-actions', attrs: { scope: 'col' } }, [el('span', { className: 'visually-hidden' }, ['Actions'])])
      : el('th', { attrs: { scope: 'col' } }, [heading]);
  return el('table', { className: 'data-table' }, [el('thead', {}, [el('tr', {}, headings.map(th))]), el('tbody', {}, rows)]);
}
