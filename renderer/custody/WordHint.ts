// The line under a share-words or recovery-phrase box that names each mistyped word and the word it most likely is.
// SECURITY(H-29): computed here from the box's own text and shown only next to it; nothing of it is sent over the
// bridge or logged, and it leaves the DOM with the box.
import { describeMistypedWord, mistypedWords, type WordListName } from '../../shared/crypto/word-suggestion';
import { el, replace } from '../app/dom';

export interface WordHint {
  root: HTMLElement;
  /** Reads the box again (call after setting its value from code, e.g. a scanned card). */
  update(): void;
}

export function wordHint(box: HTMLTextAreaElement, spec: { list: WordListName; testid: string; linesAreShares?: boolean }): WordHint {
  const root = el('ul', { className: 'word-hint', testid: spec.testid, attrs: { 'aria-live': 'polite' } });
  const show = (typing: boolean) => {
    const mistakes = mistypedWords(box.value, spec.list, { linesAreShares: spec.linesAreShares ?? false, typing });
    replace(root, mistakes.map((m) => el('li', { testid: `${spec.testid}-item` }, [describeMistypedWord(m, spec.list)])));
    root.hidden = mistakes.length === 0;
  };
  const update = () => show(false);
  // While typing, the last word is not flagged as long as it can still become a list word.
  box.addEventListener('input', () => show(true));
  box.addEventListener('blur', update);
  update();
  return { root, update };
}
