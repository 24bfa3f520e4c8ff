// Help for a mistyped share or recovery-phrase word while it is still in its input box: which words are not in
// the word list, and the list word each most likely is.
// SECURITY(H-29): a suggestion is most of a secret word, so it lives only next to the box that holds the words
// (the renderer computes it locally); it never goes into an error, over the bridge or into a log.
import { wordlist as BIP39_ENGLISH } from '@scure/bip39/wordlists/english.js';
import { bip39Words } from './seed';
import { mnemonicWords } from './slip39-share';
import { SLIP39_WORDLIST } from './slip39-wordlist';

export type WordListName = 'slip39' | 'bip39';

export interface MistypedWord {
  /** 1-based share number when each line of the box is one share; null when the box holds one share or phrase. */
  share: number | null;
  /** 1-based position of the word (within its share). */
  position: number;
  /** The list word it most likely is, or null when no single word is close enough to name. */
  suggestion: string | null;
}

interface WordList {
  title: string;
  words: readonly string[];
  known: ReadonlySet<string>;
  byPrefix: ReadonlyMap<string, string>;
  split(text: string): string[];
}

function wordList(title: string, words: readonly string[], split: (text: string) => string[]): WordList {
  // Both lists are unique in their first four letters, so four letters name one word.
  return { title, words, known: new Set(words), byPrefix: new Map(words.map((w) => [w.slice(0, 4), w])), split };
}

const LISTS: Readonly<Record<WordListName, WordList>> = {
  slip39: wordList('SLIP-39', SLIP39_WORDLIST, mnemonicWords),
  bip39: wordList('BIP-39', BIP39_ENGLISH, bip39Words),
};

/** A box shows this many mistakes at most: enough to work through, and a long paste stays cheap to check. */
export const MAX_MISTYPED_WORDS = 8;
/** Longer than any list word by more than two typos: no suggestion is looked for. */
const MAX_SUGGESTABLE_LENGTH = 10;

export interface MistypedWordsOptions {
  /** Every non-empty line is one share (as the import box reads them); positions count per line. */
  linesAreShares?: boolean;
  /** While the holder types: a last word with no space after it that starts a list word is not flagged yet. */
  typing?: boolean;
}

/** The words of `text` that are not in the list, in order, each with the word it most likely is. */
export function mistypedWords(text: string, listName: WordListName, options: MistypedWordsOptions = {}): MistypedWord[] {
  const list = LISTS[listName];
  const groups = options.linesAreShares ? text.split(/\r?\n/).filter((line) => line.trim() !== '') : [text];
  const unfinished = options.typing && /\S$/.test(text) ? list.split(groups.at(-1) ?? '').length : 0;
  const found: MistypedWord[] = [];
  groups.forEach((group, index) => {
    list.split(group).forEach((word, position) => {
      if (found.length >= MAX_MISTYPED_WORDS || list.known.has(word)) return;
      if (index === groups.length - 1 && position + 1 === unfinished && list.words.some((w) => w.startsWith(word))) return;
      found.push({ share: options.linesAreShares ? index + 1 : null, position: position + 1, suggestion: suggestWord(word, list) });
    });
  });
  return found;
}

/** One line a holder reads under the box, e.g. "Word 5 is not a SLIP-39 word: did you mean “academic”?". */
export function describeMistypedWord(mistake: MistypedWord, listName: WordListName): string {
  const where = mistake.share === null ? `Word ${mistake.position}` : `Share ${mistake.share}, word ${mistake.position}`;
  const title = LISTS[listName].title;
  return mistake.suggestion
    ? `${where} is not a ${title} word: did you mean “${mistake.suggestion}”?`
    : `${where} is not a ${title} word, and none is close enough to suggest.`;
}

/** The word `typed` most likely is: the one its first four letters name, else the single nearest within two typos. */
function suggestWord(typed: string, list: WordList): string | null {
  if (!/^[a-z]+$/.test(typed) || typed.length > MAX_SUGGESTABLE_LENGTH) return null;
  const byPrefix = typed.length >= 4 ? list.byPrefix.get(typed.slice(0, 4)) : undefined;
  if (byPrefix) return byPrefix;
  let best: string | null = null;
  let bestDistance = typed.length <= 4 ? 1 : 2;
  let tied = false;
  for (const word of list.words) {
    const distance = typoDistance(typed, word, bestDistance + 1);
    if (distance > bestDistance) continue;
    if (best === null || distance < bestDistance) {
      best = word;
      bestDistance = distance;
      tied = false;
    } else tied = true;
  }
  return best !== null && !tied ? best : null;
}

/**
 * Typos between two words: letters inserted, dropped, changed, or two neighbours swapped (optimal string alignment).
 * Returns `cap` or more as soon as the answer cannot be below `cap`.
 */
export function typoDistance(a: string, b: string, cap = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= cap) return cap;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
