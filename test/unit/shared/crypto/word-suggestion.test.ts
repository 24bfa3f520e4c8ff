import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { wordlist as BIP39_ENGLISH } from '@scure/bip39/wordlists/english.js';
import { describeMistypedWord, MAX_MISTYPED_WORDS, mistypedWords, typoDistance } from '../../../../shared/crypto/word-suggestion';
import { SLIP39_WORDLIST } from '../../../../shared/crypto/slip39-wordlist';

const SHARE = 'academic acid acne acquire acrobat activity actress adapt adequate adjust admit adorn adult advance advocate afraid again agency agree aide';

test('a box of list words has no mistyped word, whatever the case and spacing', () => {
  assert.deepEqual(mistypedWords(SHARE, 'slip39'), []);
  assert.deepEqual(mistypedWords(`  ${SHARE.toUpperCase().replace(/ /g, '\n\t ')}  `, 'slip39'), []);
  assert.deepEqual(mistypedWords('abandon ability able about', 'bip39'), []);
});

test('names the position of each mistyped word and the word its first four letters name', () => {
  const words = SHARE.split(' ');
  words[4] = 'acrobatt';
  words[13] = 'ADVANS';
  assert.deepEqual(mistypedWords(words.join(' '), 'slip39'), [
    { share: null, position: 5, suggestion: 'acrobat' },
    { share: null, position: 14, suggestion: 'advance' },
  ]);
});

test('a typo in the first four letters is suggested by the nearest word when only one is that near', () => {
  assert.deepEqual(mistypedWords('lmap', 'slip39'), [{ share: null, position: 1, suggestion: 'lamp' }]);
  assert.deepEqual(mistypedWords('abnadon', 'bip39'), [{ share: null, position: 1, suggestion: 'abandon' }]);
  assert.deepEqual(mistypedWords('ok', 'bip39'), [{ share: null, position: 1, suggestion: 'oak' }]);
  // Letters no list word is near, and characters no list word has, get no suggestion.
  assert.deepEqual(mistypedWords('qxzvjk acid1 ok', 'slip39').map((m) => m.suggestion), [null, null, null]);
});

test('two equally near words give no suggestion rather than a guess', () => {
  assert.deepEqual(SLIP39_WORDLIST.filter((w) => typoDistance('hat', w) === 1), ['heat', 'that']);
  assert.deepEqual(mistypedWords('hat', 'slip39'), [{ share: null, position: 1, suggestion: null }]);
});

test('each line is a share when the box holds several, and positions count per share', () => {
  const second = SHARE.replace('adjust', 'adjsut');
  assert.deepEqual(mistypedWords(`${SHARE}\n\n${second}\n`, 'slip39', { linesAreShares: true }), [{ share: 2, position: 10, suggestion: 'adjust' }]);
  assert.equal(describeMistypedWord({ share: 2, position: 10, suggestion: 'adjust' }, 'slip39'), 'Share 2, word 10 is not a SLIP-39 word: did you mean “adjust”?');
  assert.equal(describeMistypedWord({ share: null, position: 3, suggestion: null }, 'bip39'), 'Word 3 is not a BIP-39 word, and none is close enough to suggest.');
});

test('while typing, a last word that can still become a list word is not flagged; once finished it is', () => {
  assert.deepEqual(mistypedWords('academic acid acro', 'slip39', { typing: true }), []);
  assert.deepEqual(mistypedWords('academic acid acro ', 'slip39', { typing: true }), [{ share: null, position: 3, suggestion: 'acrobat' }]);
  assert.deepEqual(mistypedWords('academic acid acro', 'slip39'), [{ share: null, position: 3, suggestion: 'acrobat' }]);
  assert.equal(mistypedWords('acro academic acid', 'slip39', { typing: true }).length, 1, 'only the last word may be unfinished');
  assert.equal(mistypedWords('academic acid acrz', 'slip39', { typing: true }).length, 1, 'no list word starts with acrz');
});

test('a long paste reports at most the first few mistakes', () => {
  const junk = Array.from({ length: 500 }, (_, i) => `zz${i}`).join(' ');
  const found = mistypedWords(junk, 'bip39');
  assert.equal(found.length, MAX_MISTYPED_WORDS);
  assert.deepEqual(found.map((m) => m.position), Array.from({ length: MAX_MISTYPED_WORDS }, (_, i) => i + 1));
});

type Typo = 'change' | 'insert' | 'drop' | 'swap';
function withTypo(word: string, at: number, letter: string, kind: Typo): string {
  if (kind === 'change') return word.slice(0, at) + letter + word.slice(at + 1);
  if (kind === 'insert') return word.slice(0, at) + letter + word.slice(at);
  if (kind === 'drop') return word.slice(0, at) + word.slice(at + 1);
  return word.slice(0, at) + (word[at + 1] ?? '') + word[at] + word.slice(at + 2);
}

const typoArb = (list: readonly string[]) =>
  fc.record({
    word: fc.constantFrom(...list),
    at: fc.nat(),
    letter: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
    kind: fc.constantFrom<Typo>('change', 'insert', 'drop', 'swap'),
  });

for (const [name, list] of [['slip39', SLIP39_WORDLIST], ['bip39', BIP39_ENGLISH]] as const) {
  test(`${name}: any one typo after the fourth letter is suggested as the word itself`, () => {
    fc.assert(
      fc.property(typoArb(list), ({ word, at, letter, kind }) => {
        const room = kind === 'insert' ? word.length - 3 : kind === 'swap' ? word.length - 5 : word.length - 4;
        fc.pre(room > 0);
        const typed = withTypo(word, 4 + (at % room), letter, kind);
        fc.pre(typed !== word);
        assert.deepEqual(mistypedWords(typed, name), [{ share: null, position: 1, suggestion: word }]);
      }),
      { numRuns: 500 },
    );
  });

  test(`${name}: any one typo gets a list word or no suggestion, never anything else`, () => {
    fc.assert(
      fc.property(typoArb(list), ({ word, at, letter, kind }) => {
        const typed = withTypo(word, at % word.length, letter, kind);
        const found = mistypedWords(typed, name);
        if (list.includes(typed)) return found.length === 0;
        return found.length === 1 && (found[0]!.suggestion === null || list.includes(found[0]!.suggestion));
      }),
      { numRuns: 500 },
    );
  });
}

test('typoDistance counts changed, inserted, dropped and swapped letters', () => {
  assert.equal(typoDistance('academic', 'academic'), 0);
  assert.equal(typoDistance('acadmic', 'academic'), 1);
  assert.equal(typoDistance('acadeimc', 'academic'), 1);
  assert.equal(typoDistance('xcadeimc', 'academic'), 2);
  assert.equal(typoDistance('kitten', 'sitting'), 3);
  assert.equal(typoDistance('kitten', 'sitting', 2), 2, 'stops at the cap');
});
