// The participants of a drill: each holder of the vault is absent, opens their stored share with their
// passphrase, or brings their paper share's words. Secrets stay in the inputs until the run and are cleared after.
import type { RequestOf } from '../../shared/bridge';
import { el } from '../app/dom';
import { field, secretInput, selectInput, wordsInput } from '../ui/Field';
import { wordHint } from '../custody/WordHint';

type Participant = RequestOf<'drills.run'>['holders'][number];
type Way = 'absent' | 'passphrase' | 'words';

export interface DrillParticipants {
  root: HTMLElement;
  /** The present holders with what they typed (read at the moment of the run). */
  collect(): Participant[];
  /** Empties every secret box. */
  clear(): void;
}

export function drillParticipants(holders: ReadonlyArray<{ name: string; group: string }>): DrillParticipants {
  const rows = holders.map((holder, index) => {
    let way: Way = 'absent';
    const passphrase = secretInput({ testid: 'participant-passphrase', value: '', onInput: () => undefined, attrs: { 'aria-label': `${holder.name}'s passphrase` } });
    const words = wordsInput({ testid: 'participant-words', value: '', rows: 3, onInput: () => undefined, attrs: { 'aria-label': `${holder.name}'s share words` } });
    const hint = wordHint(words, { list: 'slip39', testid: 'participant-word-hint' });
    const secretSlot = el('div', { className: 'participant-secret' });
    const show = () => {
      secretSlot.replaceChildren(
        ...(way === 'passphrase'
          ? [field({ label: `${holder.name}’s passphrase`, control: passphrase, hint: 'Opens the share stored in this vault.' })]
          : way === 'words'
            ? [field({ label: `${holder.name}’s share words`, control: words, hint: 'The words on the paper share card, in order.' }), hint.root]
            : []),
      );
    };
    const choose = selectInput<Way>({
      testid: 'participant-way',
      value: way,
      options: [
        ['absent', 'Not taking part'],
        ['passphrase', 'Passphrase (stored share)'],
        ['words', 'Paper share words'],
      ],
      onChange: (value) => {
        way = value;
        show();
      },
    });
    choose.id = `participant-way-${index}`;
    const root = el('li', { className: 'participant', testid: 'participant', attrs: { 'data-holder': holder.name } }, [
      el('label', { className: 'participant-name', attrs: { for: choose.id } }, [el('strong', {}, [holder.name]), el('span', { className: 'muted' }, [` · ${holder.group}`])]),
      choose,
      secretSlot,
    ]);
    return {
      root,
      collect: (): Participant | null =>
        way === 'passphrase' ? { name: holder.name, passphrase: passphrase.value } : way === 'words' ? { name: holder.name, words: words.value } : null,
      clear() {
        passphrase.value = '';
        words.value = '';
        hint.update();
      },
    };
  });
  return {
    root: el('ul', { className: 'participants', testid: 'participants' }, rows.map((r) => r.root)),
    collect: () => rows.map((r) => r.collect()).filter((p): p is Participant => p !== null),
    clear: () => rows.forEach((r) => r.clear()),
  };
}
