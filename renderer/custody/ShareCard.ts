// One holder's share card, on screen and on paper: who and where in the quorum, the numbered words,
// a QR of the same words, the set's identifier words and what to do with the card. Text nodes only.
import { el } from '../app/dom';
import { formatUtc } from '../app/format';
import { qrImage } from '../ui/QrImage';

export interface ShareCardSpec {
  vaultName: string;
  holder: string;
  groupName: string;
  /** 0-based, as in the contract; shown + 1. */
  groupIndex: number;
  /** 0-based, as in the contract; shown + 1. */
  memberIndex: number;
  memberThreshold: number;
  memberCount: number;
  groupThreshold: number;
  groupCount: number;
  /** The share mnemonic, words separated by single spaces. Secret. */
  words: string;
  /** The words every share of this set starts with (SLIP-39: identifier, extendable flag, iteration exponent). */
  identifierWords: string;
  /** When this card is made (creation or reprint). */
  madeAt: number;
  /** "created" at vault creation, "reprinted" for a later copy. */
  occasion: 'created' | 'reprinted';
}

export interface ShareCard {
  root: HTMLElement;
  /** Resolves once the QR is drawn. */
  ready: Promise<void>;
  /** Clears the words and the QR from the DOM and drops them. */
  dispose(): void;
}

export const CARD_INSTRUCTIONS = [
  'Keep this card offline and private.',
  'Never type these words into a computer except the Airlock vault.',
  'Your passphrase is separate: never write it on this card.',
] as const;

/** "Group 1 (Board) · share 2 of 3 · any 2 of 3 in this group · any 1 of 1 group". */
export function placeLine(spec: Pick<ShareCardSpec, 'groupName' | 'groupIndex' | 'memberIndex' | 'memberThreshold' | 'memberCount' | 'groupThreshold' | 'groupCount'>): string {
  const groups = spec.groupCount === 1 ? 'group' : 'groups';
  return [
    `Group ${spec.groupIndex + 1} (${spec.groupName})`,
    `share ${spec.memberIndex + 1} of ${spec.memberCount}`,
    `any ${spec.memberThreshold} of ${spec.memberCount} in this group`,
    `any ${spec.groupThreshold} of ${spec.groupCount} ${groups}`,
  ].join(' · ');
}

/** The first two words: every share of one SLIP-39 set starts with them, whatever its group. */
export function identifierWordsOf(words: string): string {
  return splitWords(words).slice(0, 2).join(' ');
}

export function splitWords(words: string): string[] {
  return words.trim().split(/\s+/).filter(Boolean);
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
    el('div', { className: 'share-card-body' }, [wordColumns(words), el('figure', { className: 'share-card-qr-figure' }, [qr.root, el('figcaption', {}, ['The same words as a QR code'])])]),
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

/** Two columns for up to 24 words (128-bit shares have 20), three above (256-bit shares have 33); read down each column. */
function wordColumns(words: readonly string[]): HTMLElement {
  const columns = words.length <= 24 ? 2 : 3;
  const perColumn = Math.ceil(words.length / columns);
  const lists: HTMLElement[] = [];
  for (let c = 0; c < columns; c++) {
    const start = c * perColumn;
    const slice = words.slice(start, start + perColumn);
    lists.push(
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
  }
  return el('div', { className: `share-words share-words-${columns}`, testid: 'card-words' }, lists);
}
