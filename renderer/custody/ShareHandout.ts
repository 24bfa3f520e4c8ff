// Step 5 of the wizard: the share cards handed out one holder at a time. A hand-over screen names the
// next holder; only when they ask is their card drawn; when they confirm it, the card's DOM is cleared
// and the words dropped before the next hand-over. Nothing here keeps words after that.
import type { ResponseOf, VaultSummaryView } from '../../shared/bridge';
import { el, replace } from '../app/dom';
import { countOf } from '../app/format';
import { identifierWordsOf, type ShareCardSpec } from './ShareCard';
import { printCardPane, type PrintCardPane } from './PrintCard';

type HolderShare = ResponseOf<'vault.create'>['shares'][number];

export interface ShareHandout {
  root: HTMLElement;
  /** Holders who have not yet confirmed their card. */
  remaining(): number;
  dispose(): void;
}

export interface ShareHandoutOptions {
  /** Every new screen (hand-over, card, done): the wizard clears its notices. */
  onChange(): void;
  /** Every card confirmed: the wizard shows its last screen. */
  onAllDone(): void;
  /** The holder's "Go to Holders & shares" after the last card. */
  onFinish(vault: VaultSummaryView): void;
}

export function shareHandout(created: { vault: VaultSummaryView; shares: readonly HolderShare[] }, options: ShareHandoutOptions): ShareHandout {
  const vault = created.vault;
  const shares: Array<HolderShare | null> = [...created.shares];
  const total = shares.length;
  let index = 0;
  let revealed = false;
  let pane: PrintCardPane | null = null;
  const root = el('div', { className: 'share-handout', testid: 'share-handout' });

  function render(): void {
    options.onChange();
    if (index >= total) return renderDone();
    const share = shares[index];
    if (!share) return;
    const position = `Card ${index + 1} of ${total}`;
    if (!revealed) return renderHandover(share, position);
    const next = shares[index + 1];
    pane = printCardPane(cardSpec(share), {
      position,
      next: next ? `Next: ${next.holder}'s card` : 'This is the last card.',
      onDone: () => {
        // Drop this holder's words before anything else is drawn (the pane has cleared its DOM).
        shares[index] = null;
        pane = null;
        index += 1;
        revealed = false;
        render();
      },
    });
    replace(root, [pane.root]);
    pane.root.querySelector<HTMLElement>('[data-testid="card-done"]')?.focus();
  }

  function renderHandover(share: HolderShare, position: string): void {
    const title = el('h3', { className: 'handover-title', testid: 'handover-title', attrs: { tabindex: '-1' } }, [`Hand the screen to ${share.holder}`]);
    replace(root, [
      el('div', { className: 'handover', testid: 'handover' }, [
        el('p', { className: 'handover-position' }, [position]),
        title,
        el('p', { className: 'handover-text' }, [
          `Everyone else, please look away. The next screen shows ${share.holder}'s share words (group ${share.groupIndex + 1}, ${share.group}).`,
        ]),
        el('button', {
          className: 'button button-primary button-large',
          testid: 'card-reveal',
          attrs: { type: 'button' },
          on: {
            click: () => {
              revealed = true;
              render();
            },
          },
        }, [`I am ${share.holder}: show my card`]),
      ]),
    ]);
    title.focus();
  }

  function renderDone(): void {
    const title = el('h3', { className: 'step-title', testid: 'cards-done', attrs: { tabindex: '-1' } }, [`All ${countOf(total, 'share card', 'share cards')} handed out`]);
    replace(root, [
      el('div', { className: 'wizard-body' }, [
        title,
        el('p', { className: 'step-lead' }, [
          `The vault "${vault.name}" is ready. The share words have been cleared from this window. Each holder keeps their card offline and `,
          'remembers their passphrase; the vault stays locked until a quorum of them unlocks it.',
        ]),
      ]),
      el('div', { className: 'wizard-actions' }, [
        el('button', { className: 'button button-primary', testid: 'wizard-finish', attrs: { type: 'button' }, on: { click: () => options.onFinish(vault) } }, [
          'Go to Holders & shares',
        ]),
      ]),
    ]);
    options.onAllDone();
    title.focus();
  }

  function cardSpec(share: HolderShare): ShareCardSpec {
    const group = vault.groups.find((g) => g.groupIndex === share.groupIndex);
    return {
      vaultName: vault.name,
      holder: share.holder,
      groupName: share.group,
      groupIndex: share.groupIndex,
      memberIndex: share.memberIndex,
      memberThreshold: group?.memberThreshold ?? 0,
      memberCount: group?.memberCount ?? 0,
      groupThreshold: vault.groupThreshold,
      groupCount: vault.groups.length,
      words: share.words,
      identifierWords: identifierWordsOf(share.words),
      madeAt: vault.createdAt,
      occasion: 'created',
    };
  }

  render();
  return {
    root,
    remaining: () => shares.filter(Boolean).length,
    dispose() {
      pane?.dispose();
      pane = null;
      shares.fill(null);
      root.replaceChildren();
    },
  };
}
