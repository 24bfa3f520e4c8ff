// The print route for one share card: the card alone on screen, Print (window.print; the @media print
// rules put only the .print-target card on paper) and "I have written/printed it". Used at creation and reprint.
import { el } from '../app/dom';
import { shareCard, type ShareCardSpec } from './ShareCard';

export interface PrintCardPane {
  root: HTMLElement;
  /** Resolves once the card's QR is drawn. */
  ready: Promise<void>;
  /** Clears the card (words and QR) from the DOM and drops it. */
  dispose(): void;
}

export interface PrintCardOptions {
  /** e.g. "Card 1 of 3". */
  position?: string;
  /** What comes after this card, for the done button's hint: "Next: Bob's card". */
  next?: string;
  onDone(): void;
}

export function printCardPane(spec: ShareCardSpec, options: PrintCardOptions): PrintCardPane {
  const card = shareCard(spec);
  card.root.classList.add('print-target');
  const print = el('button', { className: 'button', testid: 'card-print', attrs: { type: 'button' }, on: { click: () => window.print() } }, ['Print this card']);
  const done = el('button', { className: 'button button-primary', testid: 'card-done', attrs: { type: 'button' } }, ['I have written/printed it']);
  let finished = false;
  done.addEventListener('click', () => {
    if (finished) return;
    finished = true;
    dispose();
    options.onDone();
  });

  const root = el('section', { className: 'card-pane', testid: 'card-pane', attrs: { 'aria-label': `${spec.holder}'s share card` } }, [
    el('div', { className: 'card-pane-note', attrs: { role: 'note' } }, [
      options.position ? el('p', { className: 'card-pane-position', testid: 'card-position' }, [options.position]) : null,
      el('p', { className: 'card-pane-who' }, [
        el('strong', {}, [`Only ${spec.holder} should see this screen.`]),
        ' Write the words on the card in order, or print it. Check each word against the screen before you go on.',
      ]),
    ]),
    card.root,
    el('div', { className: 'card-pane-actions' }, [
      print,
      done,
      options.next ? el('span', { className: 'card-pane-next muted' }, [options.next]) : null,
    ]),
  ]);

  function dispose(): void {
    card.dispose();
    root.replaceChildren();
  }

  return { root, ready: card.ready, dispose };
}
