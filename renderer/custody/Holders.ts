// The Holders & shares view: with no vault, the way to create or import one; with a vault, its seed
// derivation and SLIP-39 facts, the quorum by group and holder, the registered accounts, the lock
// state with Unlock/Lock, an audited reprint of one holder's card with their passphrase, and a
// recorded check of one holder's paper share and passphrase (which unlocks nothing).
import type { ResponseOf, UnlockStatusView, VaultSummaryView } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { toPublicError } from '../bridge';
import { el, replace, type Child } from '../app/dom';
import { countOf, formatUtc } from '../app/format';
import { defineView, type ViewContext } from '../app/view';
import { emptyState } from '../ui/EmptyState';
import { errorNotice } from '../ui/ErrorNotice';
import { field, secretInput } from '../ui/Field';
import { shareCheckDialog, type ShareCheckDialog } from './ShareCheckDialog';
import { unlockDialog, type UnlockDialog } from './UnlockDialog';
import { watchOnlyExportPanel, type WatchOnlyExportPanel } from './WatchOnlyExport';
import { createVaultWizard, type CreateVaultWizard } from './CreateVault';
import { ROLE_LABELS, type SourceKind } from './VaultSetupModel';
import { printCardPane, type PrintCardPane } from './PrintCard';

const ORIGINS: Readonly<Record<VaultSummaryView['origin'], string>> = {
  created: 'created in this vault',
  'imported-bip39': 'imported from a BIP-39 recovery phrase',
  'imported-slip39': 'imported from SLIP-39 shares',
};

type Holder = VaultSummaryView['groups'][number]['holders'][number];
type Group = VaultSummaryView['groups'][number];
interface HolderActions {
  reprint(holder: Holder): void;
  check(holder: Holder, group: Group): void;
}

export const holdersView = defineView({
  id: 'holders',
  title: 'Holders & shares',
  purpose:
    'Who keeps each share, in which group, and how many shares make a quorum to rebuild the master secret.',
  page: (context) => createHoldersPage(context),
});

function createHoldersPage(context: ViewContext) {
  const root = el('div', { className: 'holders-page', testid: 'holders-page' });
  let vault: VaultSummaryView | null = null;
  let status: UnlockStatusView | null = null;
  let wizard: CreateVaultWizard | null = null;
  let card: PrintCardPane | null = null;
  let dialog: UnlockDialog | null = null;
  let checkDialog: ShareCheckDialog | null = null;
  let watchOnly: WatchOnlyExportPanel | null = null;
  /** The holder whose share check is open, to return focus to their row when it closes. */
  let checking = '';
  let disposed = false;

  async function load(): Promise<void> {
    replace(root, [el('p', { className: 'muted', testid: 'holders-loading' }, ['Reading the vault…'])]);
    try {
      const [summary, unlock] = await Promise.all([context.bridge.call('vault.summary', {}), context.bridge.call('unlock.status', {})]);
      if (disposed) return;
      vault = summary.vault;
      status = unlock;
      showOverview();
    } catch (error) {
      if (disposed) return;
      replace(root, [
        errorNotice(toPublicError(error), 'holders-error'),
        el('button', { className: 'button', testid: 'holders-retry', attrs: { type: 'button' }, on: { click: () => void load() } }, ['Try again']),
      ]);
    }
  }

  function showOverview(): void {
    closeChildren();
    if (!vault) {
      replace(root, [noVault(startWizard)]);
      return;
    }
    const current = vault;
    dialog = unlockDialog({ bridge: context.bridge, vault: current, onStatus: (next) => updateLock(next) });
    checkDialog = shareCheckDialog({ bridge: context.bridge, onChecked: () => void refreshQuorum() });
    // The row's button may have been redrawn by the refresh: give focus back to the new one.
    checkDialog.root.addEventListener('close', () => {
      root.querySelector<HTMLElement>(`[data-testid="holder-row"][data-holder="${CSS.escape(checking)}"] [data-testid="holder-check"]`)?.focus();
    });
    watchOnly = watchOnlyExportPanel(context.bridge);
    replace(root, [lockBar(), vaultFacts(current), quorumSection(current, holderActions(current)), accountsSection(current), watchOnly.root, dialog.root, checkDialog.root]);
    updateLock(status);
  }

  function lockBar(): HTMLElement {
    return el('div', { className: 'lock-bar', testid: 'lock-bar' }, [
      el('span', { className: 'lock-badge', testid: 'lock-badge' }),
      el('span', { className: 'lock-line', testid: 'lock-line' }),
      el('span', { className: 'lock-actions', testid: 'lock-actions' }),
    ]);
  }

  function updateLock(next: UnlockStatusView | null): void {
    status = next;
    const badge = root.querySelector<HTMLElement>('[data-testid="lock-badge"]');
    const line = root.querySelector<HTMLElement>('[data-testid="lock-line"]');
    const actions = root.querySelector<HTMLElement>('[data-testid="lock-actions"]');
    if (!badge || !line || !actions || !vault || !next) return;
    const state = next.state;
    badge.dataset.state = state;
    badge.textContent = { 'no-vault': 'No vault', locked: 'Locked', collecting: 'Unlocking', unlocked: 'Unlocked' }[state];
    line.textContent =
      state === 'unlocked'
        ? `Locks itself after ${countOf(vault.idleLockMinutes, 'idle minute', 'idle minutes')}. Lock it as soon as the work is done.`
        : state === 'collecting'
          ? `${next.progress?.summary ?? ''}${next.present.length ? ` · opened by ${next.present.join(', ')}` : ''}`
          : `A quorum of holders must unlock it: ${quorumSentence(vault)}.`;
    const unlock = el('button', { className: 'button button-primary', testid: 'unlock-start', attrs: { type: 'button' }, on: { click: () => openDialog() } }, [
      state === 'collecting' ? 'Continue unlocking' : 'Unlock',
    ]);
    const lock = el('button', { className: 'button', testid: 'vault-lock', attrs: { type: 'button' }, on: { click: () => void lockNow(lock) } }, [
      state === 'collecting' ? 'Cancel unlock' : 'Lock',
    ]);
    replace(actions, state === 'unlocked' ? [lock] : state === 'collecting' ? [unlock, lock] : [unlock]);
  }

  function holderActions(current: VaultSummaryView): HolderActions {
    return {
      reprint: (holder) => showReprint(current, holder),
      check: (holder, group) => {
        checking = holder.name;
        checkDialog?.open({ name: holder.name, groupName: group.name, memberIndex: holder.memberIndex, memberCount: group.memberCount });
      },
    };
  }

  /** After a passed share check: read the summary again and redraw the quorum, so "last checked" moves. */
  async function refreshQuorum(): Promise<void> {
    try {
      const summary = await context.bridge.call('vault.summary', {});
      if (disposed || !summary.vault) return;
      vault = summary.vault;
      root.querySelector('[data-testid="quorum"]')?.replaceWith(quorumSection(vault, holderActions(vault)));
    } catch (error) {
      if (!disposed) showPageError(toPublicError(error));
    }
  }

  function openDialog(): void {
    if (dialog && status) dialog.open(status);
  }

  async function lockNow(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      updateLock(await context.bridge.call('vault.lock', {}));
    } catch (error) {
      button.disabled = false;
      showPageError(toPublicError(error));
    }
  }

  function showPageError(error: PublicError): void {
    root.querySelector('[data-testid="holders-action-error"]')?.remove();
    const notice = errorNotice(error, 'holders-action-error');
    root.querySelector('[data-testid="lock-bar"]')?.after(notice);
  }

  function startWizard(source: SourceKind): void {
    closeChildren();
    wizard = createVaultWizard(context, {
      source,
      onCancel: () => {
        wizard = null;
        showOverview();
      },
      onFinished: () => {
        wizard = null;
        void load();
      },
    });
    replace(root, [wizard.root]);
    root.querySelector<HTMLElement>('[data-testid="wizard-title"]')?.focus();
  }

  function showReprint(current: VaultSummaryView, holder: Holder): void {
    closeChildren();
    const group = current.groups.find((g) => g.holders.some((h) => h.id === holder.id));
    let passphrase = '';
    const errorSlot = el('div', { testid: 'reprint-error-slot' });
    const input = secretInput({ testid: 'reprint-passphrase', value: '', onInput: (v) => (passphrase = v) });
    const submit = el('button', { className: 'button button-primary', testid: 'reprint-submit', attrs: { type: 'submit' } }, [`Show ${holder.name}'s card`]);
    const cancel = el('button', { className: 'button button-quiet', testid: 'reprint-cancel', attrs: { type: 'button' }, on: { click: () => void load() } }, ['Cancel']);
    const busy = el('p', { className: 'dialog-busy', testid: 'reprint-busy', attrs: { role: 'status' } }, [el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), `Opening ${holder.name}'s share…`]);
    busy.hidden = true;
    const form = el('form', { className: 'reprint-form', testid: 'reprint-form', attrs: { novalidate: '' } }, [
      el('h2', { className: 'section-title', attrs: { tabindex: '-1' } }, [`Reprint ${holder.name}'s share card`]),
      el('p', { className: 'step-lead' }, [
        `${holder.name} types their passphrase. The share words are then shown on this screen: make sure only ${holder.name} can see it. `,
        'The reprint is recorded in the audit log.',
      ]),
      errorSlot,
      field({ label: `${holder.name}'s passphrase`, control: input }),
      el('div', { className: 'dialog-actions' }, [submit, cancel]),
      busy,
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void reveal();
    });
    replace(root, [form]);
    input.focus();

    async function reveal(): Promise<void> {
      const typed = passphrase;
      passphrase = '';
      input.value = '';
      if (!typed) {
        replace(errorSlot, [errorNotice({ code: 'passphrase-empty', message: `${holder.name} types their passphrase first.` }, 'reprint-error')]);
        input.focus();
        return;
      }
      for (const control of [input, submit, cancel]) control.disabled = true;
      busy.hidden = false;
      let reply: ResponseOf<'shares.reprint'>;
      try {
        reply = await context.bridge.call('shares.reprint', { holder: holder.name, passphrase: typed });
      } catch (error) {
        if (disposed) return;
        for (const control of [input, submit, cancel]) control.disabled = false;
        busy.hidden = true;
        replace(errorSlot, [errorNotice(toPublicError(error), 'reprint-error')]);
        input.focus();
        return;
      }
      if (disposed) return;
      card = printCardPane(
        {
          vaultName: reply.vaultName,
          holder: reply.share.holder,
          groupName: reply.share.group,
          groupIndex: reply.share.groupIndex,
          memberIndex: reply.share.memberIndex,
          memberThreshold: group?.memberThreshold ?? 0,
          memberCount: group?.memberCount ?? 0,
          groupThreshold: current.groupThreshold,
          groupCount: current.groups.length,
          words: reply.share.words,
          identifierWords: reply.identifierWords,
          madeAt: Date.now(),
          occasion: 'reprinted',
        },
        {
          onDone: () => {
            card = null;
            void load();
          },
        },
      );
      replace(root, [card.root]);
      card.root.querySelector<HTMLElement>('[data-testid="card-done"]')?.focus();
    }
  }

  function closeChildren(): void {
    dialog?.dispose();
    dialog = null;
    checkDialog?.dispose();
    checkDialog = null;
    watchOnly?.dispose();
    watchOnly = null;
    card?.dispose();
    card = null;
    wizard?.dispose();
    wizard = null;
  }

  void load();
  return {
    root,
    leaveBlocked: () => wizard?.leaveBlocked() ?? null,
    dispose() {
      disposed = true;
      // Leaving the page mid-unlock closes the shares opened so far: nothing stays open unseen.
      if (status?.state === 'collecting') void context.bridge.call('vault.lock', {}).catch(() => undefined);
      closeChildren();
    },
  };
}

function noVault(start: (source: SourceKind) => void): HTMLElement {
  return emptyState('No holders yet.', 'Create or import a vault to split the key into shares.', [
    el('div', { className: 'empty-state-buttons' }, [
      el('button', { className: 'button button-primary button-large', testid: 'create-vault-start', attrs: { type: 'button' }, on: { click: () => start('new') } }, ['Create a vault']),
      el('button', { className: 'button button-large', testid: 'import-vault-start', attrs: { type: 'button' }, on: { click: () => start('bip39') } }, ['Import an existing key']),
    ]),
    el('p', { className: 'empty-state-hint muted' }, [
      'Creating makes a new key on this computer. Importing takes an existing BIP-39 recovery phrase or SLIP-39 shares. Either way the key ',
      'is split into SLIP-39 shares, one per holder, each also stored here encrypted with that holder\'s passphrase.',
    ]),
  ], 'empty-state empty-state-actions');
}

export function quorumSentence(vault: VaultSummaryView): string {
  if (vault.groups.length === 1) {
    const g = vault.groups[0]!;
    return `any ${g.memberThreshold} of ${g.memberCount} holders`;
  }
  return `any ${vault.groupThreshold} of ${vault.groups.length} groups`;
}

function vaultFacts(vault: VaultSummaryView): HTMLElement {
  const unlockNeeds = ['each present holder\'s own passphrase'];
  if (vault.slip39Passphrase) unlockNeeds.push('the SLIP-39 passphrase');
  if (vault.bip39Passphrase) unlockNeeds.push('the BIP-39 passphrase');
  const facts: Array<[string, Child, string, 'wide'?]> = [
    ['Key', vault.seedDerivationDescription, 'vault-seed-derivation', 'wide'],
    ['Master secret', `${vault.secretBits} bits`, 'vault-secret-bits'],
    ['SLIP-39 identifier', String(vault.identifier), 'vault-identifier'],
    ['Extendable', vault.extendable ? 'Yes: shares can be added later' : 'No (original SLIP-39 format)', 'vault-extendable'],
    ['Iteration exponent', `${vault.iterationExponent} (${(10_000 * 2 ** vault.iterationExponent).toLocaleString('en-GB')} PBKDF2 iterations)`, 'vault-iteration-exponent'],
    ['Unlock needs', `A quorum of holders (${quorumSentence(vault)}), with ${unlockNeeds.join(', ')}`, 'vault-unlock-needs', 'wide'],
    ['Created', `${formatUtc(vault.createdAt)} · ${ORIGINS[vault.origin]}`, 'vault-created'],
    ['Locks itself', `After ${countOf(vault.idleLockMinutes, 'idle minute', 'idle minutes')}`, 'vault-idle-lock'],
  ];
  return el('section', { className: 'panel', testid: 'vault-facts', attrs: { 'aria-labelledby': 'vault-name-heading' } }, [
    el('h2', { className: 'panel-title', testid: 'vault-name-heading', attrs: { id: 'vault-name-heading' } }, [vault.name]),
    el(
      'dl',
      { className: 'facts-grid' },
      facts.map(([label, value, testid, wide]) => el('div', { className: wide ? 'facts-row facts-row-wide' : 'facts-row' }, [el('dt', {}, [label]), el('dd', { testid }, [value])])),
    ),
  ]);
}

function quorumSection(vault: VaultSummaryView, actions: HolderActions): HTMLElement {
  const title =
    vault.groups.length === 1
      ? `Quorum: any ${vault.groups[0]!.memberThreshold} of ${vault.groups[0]!.memberCount} holders`
      : `Quorum: any ${vault.groupThreshold} of ${vault.groups.length} groups`;
  return el('section', { className: 'panel', testid: 'quorum', attrs: { 'aria-labelledby': 'quorum-heading' } }, [
    el('h2', { className: 'panel-title', testid: 'quorum-line', attrs: { id: 'quorum-heading' } }, [title]),
    ...vault.groups.map((group) => groupTable(group, actions)),
  ]);
}

function groupTable(group: Group, actions: HolderActions): HTMLElement {
  return el('div', { className: 'holder-group', testid: 'holder-group', attrs: { 'data-group': String(group.groupIndex) } }, [
    el('h3', { className: 'group-rule', testid: 'group-rule' }, [
      `Group ${group.groupIndex + 1} · ${group.name}`,
      el('span', { className: 'group-rule-need' }, [` — any ${group.memberThreshold} of ${group.memberCount} holders`]),
    ]),
    el('table', { className: 'data-table' }, [
      el('thead', {}, [
        el('tr', {}, [
          el('th', { attrs: { scope: 'col' } }, ['Holder']),
          el('th', { attrs: { scope: 'col' } }, ['Share']),
          el('th', { attrs: { scope: 'col' } }, ['Last checked']),
          el('th', { className: 'col-actions', attrs: { scope: 'col' } }, [el('span', { className: 'visually-hidden' }, ['Actions'])]),
        ]),
      ]),
      el(
        'tbody',
        {},
        group.holders.map((holder) =>
          el('tr', { testid: 'holder-row', attrs: { 'data-holder': holder.name } }, [
            el('td', { className: 'holder-cell', testid: 'holder-name' }, [holder.name]),
            el('td', { className: 'num' }, [`${holder.memberIndex + 1} of ${group.memberCount}`]),
            el('td', { testid: 'holder-last-verified', className: holder.lastVerifiedAt === null ? 'muted' : 'num' }, [
              holder.lastVerifiedAt === null ? 'never checked' : formatUtc(holder.lastVerifiedAt),
            ]),
            el('td', { className: 'col-actions' }, [
              el('span', { className: 'holder-actions' }, [
                el(
                  'button',
                  { className: 'button button-small', testid: 'holder-check', attrs: { type: 'button', 'aria-label': `Check ${holder.name}'s share` }, on: { click: () => actions.check(holder, group) } },
                  ['Check share'],
                ),
                el(
                  'button',
                  { className: 'button button-small', testid: 'holder-reprint', attrs: { type: 'button', 'aria-label': `Reprint ${holder.name}'s card` }, on: { click: () => actions.reprint(holder) } },
                  ['Reprint card'],
                ),
              ]),
            ]),
          ]),
        ),
      ),
    ]),
  ]);
}

function accountsSection(vault: VaultSummaryView): HTMLElement {
  return el('section', { className: 'panel', testid: 'accounts', attrs: { 'aria-labelledby': 'accounts-heading' } }, [
    el('h2', { className: 'panel-title', attrs: { id: 'accounts-heading' } }, [`Registered accounts (${vault.accounts.length})`]),
    el('p', { className: 'panel-lead muted' }, ['Every unlock derives these addresses again; a mismatch means the wrong key and nothing is unlocked.']),
    el('table', { className: 'data-table' }, [
      el('thead', {}, [
        el('tr', {}, [
          el('th', { attrs: { scope: 'col' } }, ['Label']),
          el('th', { attrs: { scope: 'col' } }, ['Role']),
          el('th', { attrs: { scope: 'col' } }, ['Path']),
          el('th', { attrs: { scope: 'col' } }, ['Address']),
        ]),
      ]),
      el(
        'tbody',
        {},
        vault.accounts.map((account) =>
          el('tr', { testid: 'account-row', attrs: { 'data-path': account.path } }, [
            el('td', { testid: 'account-label' }, [account.label]),
            el('td', { testid: 'account-role', attrs: { 'data-role': account.role } }, [ROLE_LABELS[account.role]]),
            el('td', {}, [el('code', { testid: 'account-path' }, [account.path])]),
            el('td', {}, [el('code', { className: 'address', testid: 'account-address' }, [account.address])]),
          ]),
        ),
      ),
    ]),
  ]);
}
