// One holder's share card, on screen and on paper: who and where in the quorum, the numbered words,
// a QR of the same words, the set's identifier words, what to do with the card and how to recover
// without Airlock. Text nodes only.
import { el } from '../app/dom';
import { formatUtc } from '../app/format';
import { hexBlocks } from '../ui/HexBlocks';
import { qrImage } from '../ui/QrImage';
import { CARD_INSTRUCTIONS, placeLine, recoveryGuide, splitWords, wordColumns, type ShareCardSpec } from './ShareCardModel';

export type { ShareCardSpec };

export interface ShareCard {
  root: HTMLElement;
  /** Resolves once the QR is drawn. */
  ready: Promise<void>;
  /** Clears the words and the QR from the DOM and drops them. */
  dispose(): void;
}

export function shareCard(spec: ShareCardSpec): ShareCard {
  const words = splitWords(spec.words);
  const qr = qrImage({ text: words.join(' '), label: `QR code of ${spec.holder}'s share words`, testid: 'card-qr', className: 'share-card-qr' });
  const day = formatUtc(spec.madeAt).slice(0, 10);

  const root = el('article', { className: 'share-card', testid: 'share-card', attrs: { 'aria-label': `Share card of ${spec.holder}`, 'data-holder': spec.holder } }, [
    el('header', { className: 'share-card-head' }, [
      el('p', { className: 'share-card-kicker' }, ['Airlock · SLIP-39 share card']),
      el('p', { className: 'share-card-vault', testid: 'card-vault' }, [spec.vaultName]),
      el('p', { className: 'share-card-holder' }, ['Holder ', el('strong', { testid: 'card-holder' }, [spec.holder])]),
      el('p', { className: 'share-card-place', testid: 'card-place' }, [placeLine(spec)]),
    ]),
    el('div', { className: 'share-card-body' }, [wordColumnsOf(words), el('figure', { className: 'share-card-qr-figure' }, [qr.root, el('figcaption', {}, ['The same words as a QR code'])])]),
    el('dl', { className: 'share-card-facts' }, [
      el('div', {}, [
        el('dt', {}, ['Set starts with']),
        el('dd', { className: 'share-card-identifier', testid: 'card-identifier' }, [spec.identifierWords]),
      ]),
      el('div', {}, [el('dt', {}, ['Words']), el('dd', { testid: 'card-word-count' }, [String(words.length)])]),
      el('div', {}, [el('dt', {}, [spec.occasion === 'created' ? 'Card made' : 'Card reprinted']), el('dd', { testid: 'card-date' }, [`${day} (UTC)`])]),
    ]),
    el(
      'ul',
      { className: 'share-card-rules', testid: 'card-instructions' },
      CARD_INSTRUCTIONS.map((line) => el('li', {}, [line])),
    ),
    recoveryGuideOf(spec),
  ]);

  return {
    root,
    ready: qr.ready,
    dispose() {
      qr.clear();
      root.replaceChildren();
      words.fill('');
    },
  };
}

/** The words in the model's columns, each numbered. */
function wordColumnsOf(words: readonly string[]): HTMLElement {
  const columns = wordColumns(words);
  const lists = columns.map(({ start, words: slice }) =>
    el(
      'ol',
      { className: 'share-word-column', attrs: { start: String(start + 1) } },
      slice.map((word, i) =>
        el('li', { className: 'share-word-row', testid: 'card-word', attrs: { 'data-n': String(start + i + 1) } }, [
          el('span', { className: 'share-word-number', attrs: { 'aria-hidden': 'true' } }, [String(start + i + 1).padStart(2, '\u2007')]),
          el('span', { className: 'share-word' }, [word]),
        ]),
      ),
    ),
  );
  return el('div', { className: `share-words share-words-${columns.length}`, testid: 'card-words' }, lists);
}

/** The recovery guide, numbered; the expected first address in hash-like blocks, to compare block by block. */
function recoveryGuideOf(spec: ShareCardSpec): HTMLElement {
  const address = spec.firstAccount?.address;
  return el('section', { className: 'share-card-guide', testid: 'card-guide' }, [
    el('h2', { className: 'share-card-guide-title' }, ['Recovery guide (with or without Airlock)']),
    el(
      'ol',
      { className: 'share-card-guide-steps' },
      recoveryGuide(spec).map((step) =>
        el('li', { testid: `card-guide-${step.kind}` }, [step.text, step.kind === 'check' && address ? hexBlocks(address, 'card-first-address') : null]),
      ),
    ),
  ]);
}
