// Step 5 of the wizard: the share cards handed out one holder at a time. A hand-over screen names the
// next holder; only when they ask is their card drawn; when they confirm it, the card's DOM is cleared
// and the words dropped before the next hand-over. Nothing here keeps words after that.
import type { VaultSummaryView } from '../../shared/bridge';
import { el, replace } from '../app/dom';
import { countOf } from '../app/format';
import type { HolderShare } from './ShareCardModel';
import { ShareHandoutModel, type HandoutScreen } from './ShareHandoutModel';
import { printCardPane, type PrintCardPane } from './PrintCard';

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
  const model = new ShareHandoutModel(created.vault, created.shares);
  let pane: PrintCardPane | null = null;
  const root = el('div', { className: 'share-handout', testid: 'share-handout' });

  function render(): void {
    options.onChange();
    const screen = model.screen();
    if (screen.kind === 'done') return renderDone(screen.total);
    if (screen.kind === 'handover') {
      const { box, title } = handover(screen, () => (model.reveal(), render()));
      replace(root, [box]);
      return title.focus();
    }
    pane = printCardPane(screen.card, {
      position: screen.position,
      next: screen.next,
      // Drop this holder's words before anything else is drawn (the pane has cleared its DOM).
      onDone: () => {
        model.confirm();
        pane = null;
        render();
      },
    });
    replace(root, [pane.root]);
    pane.root.querySelector<HTMLElement>('[data-testid="card-done"]')?.focus();
  }

  function renderDone(total: number): void {
    const title = el('h3', { className: 'step-title', testid: 'cards-done', attrs: { tabindex: '-1' } }, [`All ${countOf(total, 'share card', 'share cards')} handed out`]);
    replace(root, [
      el('div', { className: 'wizard-body' }, [
        title,
        el('p', { className: 'step-lead' }, [
          `The vault "${model.vault.name}" is ready. The share words have been cleared from this window. Each holder keeps their card offline and `,
          'remembers their passphrase; the vault stays locked until a quorum of them unlocks it.',
        ]),
      ]),
      el('div', { className: 'wizard-actions' }, [
        el('button', { className: 'button button-primary', testid: 'wizard-finish', attrs: { type: 'button' }, on: { click: () => options.onFinish(model.vault) } }, ['Go to Holders & shares']),
      ]),
    ]);
    options.onAllDone();
    title.focus();
  }

  render();
  return {
    root,
    remaining: () => model.remaining(),
    dispose() {
      pane?.dispose();
      pane = null;
      model.wipe();
      root.replaceChildren();
    },
  };
}

/** "Hand the screen to Bob": everyone else looks away until Bob asks for his card. */
function handover(screen: Extract<HandoutScreen, { kind: 'handover' }>, reveal: () => void): { box: HTMLElement; title: HTMLElement } {
  const title = el('h3', { className: 'handover-title', testid: 'handover-title', attrs: { tabindex: '-1' } }, [`Hand the screen to ${screen.holder}`]);
  const box = el('div', { className: 'handover', testid: 'handover' }, [
    el('p', { className: 'handover-position' }, [screen.position]),
    title,
    el('p', { className: 'handover-text' }, [`Everyone else, please look away. The next screen shows ${screen.holder}'s share words (${screen.where}).`]),
    el('button', { className: 'button button-primary button-large', testid: 'card-reveal', attrs: { type: 'button' }, on: { click: reveal } }, [`I am ${screen.holder}: show my card`]),
  ]);
  return { box, title };
}
