// SECURITY(H-29): no secret in any error. Hostile inputs (randomly mistyped SLIP-39 shares and BIP-39 phrases, shares of
// other sets, wrong and malformed passphrases) go through every parser and service that reads them; each refusal's
// code, message and params, and the audit log afterwards, are scanned for the typed words and passphrases.
// A word may appear only if the code itself writes it (a letter run inside a string literal of shared/ or main/,
// word lists left out) or if it is one of a share's first two words, which SLIP-39 makes the public name of its set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkpointKeyWords, parseCheckpointKey } from '../../shared/audit/checkpoint';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist as BIP39_ENGLISH } from '@scure/bip39/wordlists/english.js';
import { AirlockError } from '../../shared/errors';
import { combineMnemonics, decodeShare, splitMasterSecret } from '../../shared/crypto/slip39';
import { bip39EntropyFromMnemonic, parseBip39Mnemonic } from '../../shared/crypto/seed';
import { SLIP39_WORDLIST } from '../../shared/crypto/slip39-wordlist';
import { platformPbkdf2 } from '../../main/services/deps';
import { HOLDERS, twoOfThree, vaultServices } from '../helpers/vault-fixture';

const IMPORT_PASSPHRASE = 'import phrase passphrase';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every letter run inside a string literal of shared/ and main/: the words the code itself can write. */
function uiWords(): ReadonlySet<string> {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') && !path.endsWith('-wordlist.ts') ? [path] : [];
    });
  const words = new Set<string>();
  for (const file of [...sources(join(root, 'shared')), ...sources(join(root, 'main'))]) {
    const code = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '');
    for (const literal of code.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)) {
      for (const run of literal[0].toLowerCase().match(/[a-z]+/g) ?? []) words.add(run);
    }
  }
  return words;
}
const UI_WORDS = uiWords();

interface Secrets {
  /** Everything typed: share or phrase words, correct or mistyped. */
  words: readonly string[];
  /** The first two words of each SLIP-39 share: the set's public name, shown to tell sets apart. */
  publicWords?: readonly string[];
  passphrases?: readonly string[];
}

let scanned = 0;

function assertTextHasNoSecret(text: string, secrets: Secrets, what: string): void {
  const lower = text.toLowerCase();
  const tokens = new Set(lower.match(/[a-z]+/g) ?? []);
  const open = new Set(secrets.publicWords ?? []);
  for (const typed of secrets.words.map((w) => w.toLowerCase())) {
    if (open.has(typed)) continue;
    for (const run of typed.match(/[a-z]+/g) ?? []) {
      if (run.length >= 3 && !UI_WORDS.has(run) && !open.has(run)) assert.ok(!tokens.has(run), `${what}: the typed "${run}" appears in: ${text}`);
    }
    // Garbage with other characters is looked for whole too, once long enough not to occur in a sentence by chance.
    if (typed.length >= 6 && !/^[a-z]+$/.test(typed)) assert.ok(!lower.includes(typed), `${what}: the typed "${typed}" appears in: ${text}`);
  }
  for (const passphrase of secrets.passphrases ?? []) {
    if (passphrase.length >= 3) assert.ok(!text.includes(passphrase), `${what}: a passphrase appears in: ${text}`);
  }
}

/** The refusal is typed, and its code, message and params carry no secret. */
function assertNoSecret(error: unknown, secrets: Secrets, what: string): void {
  assert.ok(error instanceof AirlockError, `${what}: expected a typed refusal, got ${String(error)}`);
  assertTextHasNoSecret(`${error.code}\n${error.message}\n${JSON.stringify(error.params)}`, secrets, what);
  scanned++;
}

async function refusal(work: () => unknown): Promise<unknown> {
  try {
    await work();
    return null;
  } catch (error) {
    return error;
  }
}

// ---------- hostile typing ----------

type Slip = 'change' | 'insert' | 'drop' | 'swap-letters' | 'other-word' | 'swap-words' | 'drop-word' | 'repeat-word' | 'junk';
interface Mutation {
  slip: Slip;
  at: number;
  letter: string;
  word: string;
  junk: string;
}

const mutationArb = (list: readonly string[]): fc.Arbitrary<Mutation> =>
  fc.record({
    slip: fc.constantFrom<Slip>('change', 'insert', 'drop', 'swap-letters', 'other-word', 'swap-words', 'drop-word', 'repeat-word', 'junk'),
    at: fc.nat(),
    letter: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz', '1', '-', 'é', '\u0007'),
    word: fc.constantFrom(...list),
    junk: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/\s/.test(s)),
  });

function mistype(words: readonly string[], mutations: readonly Mutation[]): string[] {
  let out = [...words];
  for (const m of mutations) {
    const i = m.at % out.length;
    const word = out[i]!;
    const j = (Math.floor(m.at / out.length) % word.length) | 0;
    const edited: Record<Slip, () => string[]> = {
      change: () => [word.slice(0, j) + m.letter + word.slice(j + 1)],
      insert: () => [word.slice(0, j) + m.letter + word.slice(j)],
      drop: () => [word.length > 1 ? word.slice(0, j) + word.slice(j + 1) : m.letter],
      'swap-letters': () => [word.slice(0, j) + (word[j + 1] ?? '') + word[j] + word.slice(j + 2)],
      'other-word': () => [m.word],
      'swap-words': () => [out[(i + 1) % out.length]!],
      'drop-word': () => [],
      'repeat-word': () => [word, word],
      junk: () => [m.junk],
    };
    const replacement = edited[m.slip]();
    if (m.slip === 'swap-words') out[(i + 1) % out.length] = word;
    out = [...out.slice(0, i), ...replacement, ...out.slice(i + 1)];
    if (out.length === 0) out = [m.letter];
  }
  return out;
}

const mutationsArb = (list: readonly string[]) => fc.array(mutationArb(list), { minLength: 1, maxLength: 3 });

// ---------- SLIP-39 and BIP-39 parsers ----------

async function twoSets(): Promise<{ set: string[]; other: string[] }> {
  const split = (seed: number) =>
    splitMasterSecret({
      masterSecret: new Uint8Array(16).fill(seed),
      passphrase: '',
      groupThreshold: 1,
      groups: [{ memberThreshold: 2, memberCount: 3 }],
      iterationExponent: 0,
      extendable: true,
      random: (n) => new Uint8Array(n).fill(seed * 7 + n),
      pbkdf2: platformPbkdf2,
    });
  return { set: (await split(1))[0]!, other: (await split(2))[0]!.slice(0, 1) };
}

test('H-29 mistyped SLIP-39 shares, alone or combined with others of their set or another set: no typed word in any refusal', async () => {
  const { set, other } = await twoSets();
  const before = scanned;
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: 2 }), mutationsArb(SLIP39_WORDLIST), fc.constantFrom('same-set', 'other-set', 'alone'), async (which, mutations, company) => {
      const original = set[which]!.split(' ');
      const typed = mistype(original, mutations).join(' ');
      const partner = company === 'same-set' ? [set[(which + 1) % 3]!] : company === 'other-set' ? other : [];
      const mnemonics = [typed, ...partner];
      const words = mnemonics.flatMap((m) => m.split(' ')).concat(original);
      const secrets = { words, publicWords: [set[which]!, ...partner].flatMap((m) => m.split(' ').slice(0, 2)) };
      const decoded = await refusal(() => decodeShare(typed, 'Share 1'));
      if (decoded) assertNoSecret(decoded, secrets, 'decodeShare');
      const combined = await refusal(() => combineMnemonics(mnemonics, '', { pbkdf2: platformPbkdf2 }));
      if (combined) assertNoSecret(combined, secrets, 'combineMnemonics');
    }),
    { numRuns: 600, seed: 2029 },
  );
  assert.ok(scanned - before > 900, `only ${scanned - before} refusals were scanned`);
});

test('H-29 a SLIP-39 passphrase with characters it may not hold is refused by position, never repeated', async () => {
  const { set } = await twoSets();
  await fc.assert(
    fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9]{8,20}$/), fc.constantFrom('é', '€', '\u0000', '\n', '😀'), async (text, bad) => {
      const passphrase = `${text}${bad}${text}`;
      const error = await refusal(() => combineMnemonics(set.slice(0, 2), passphrase, { pbkdf2: platformPbkdf2 }));
      assert.ok(error, 'a passphrase with a non-printable or non-ASCII character is refused');
      assertNoSecret(error, { words: [], passphrases: [passphrase, text] }, 'combineMnemonics passphrase');
    }),
    { numRuns: 200, seed: 2029 },
  );
});

test('H-29 mistyped BIP-39 recovery phrases: no typed word in any refusal', () => {
  const before = scanned;
  fc.assert(
    fc.property(fc.constantFrom(16, 20, 24, 28, 32), fc.uint8Array({ minLength: 32, maxLength: 32 }), mutationsArb(BIP39_ENGLISH), (bytes, entropy, mutations) => {
      const original = entropyToMnemonic(entropy.slice(0, bytes), BIP39_ENGLISH).split(' ');
      const typed = mistype(original, mutations).join(' ');
      const secrets = { words: [...original, ...typed.split(' ')] };
      for (const [what, parse] of [['parseBip39Mnemonic', parseBip39Mnemonic], ['bip39EntropyFromMnemonic', bip39EntropyFromMnemonic]] as const) {
        try {
          parse(typed);
        } catch (error) {
          assertNoSecret(error, secrets, what);
        }
      }
    }),
    { numRuns: 600, seed: 2029 },
  );
  assert.ok(scanned - before > 900, `only ${scanned - before} refusals were scanned`);
});

// ---------- the services: unlock, paper words, share check, reprint, import ----------

/**
 * The checkpoint key's four words are a fingerprint of the public key beside them (from the same word list as the
 * shares, so a typed word can match one by chance): checked to be exactly that fingerprint, then left out of the scan.
 */
function withoutPublicFingerprint(entry: { action: string; details: Record<string, unknown> }): Record<string, unknown> {
  if (entry.action !== 'audit-checkpoint-key-stored') return entry.details;
  const { words, ...rest } = entry.details;
  assert.equal(words, checkpointKeyWords(parseCheckpointKey(String(entry.details.key))), 'the stored words are the key\'s fingerprint');
  return rest;
}

test('H-29 unlock, paper words, share check, reprint and import refuse mistyped words and wrong passphrases without repeating them, in errors and in the audit log', async () => {
  const { services, custody } = vaultServices();
  const shares = (await custody.vault.create(twoOfThree())).shares.map((s) => s.words);
  const everything: { words: string[]; publicWords: string[]; passphrases: string[] } = {
    words: shares.flatMap((s) => s.split(' ')),
    // The set's public name, and the names the vault was given (holders, vault, group): none of them is secret.
    publicWords: [...shares.flatMap((s) => s.split(' ').slice(0, 2)), ...HOLDERS.map((h) => h.name.toLowerCase()), 'acme', 'treasury', 'board'],
    passphrases: [...HOLDERS.map((h) => h.passphrase), IMPORT_PASSPHRASE],
  };
  const sample = <T>(arb: fc.Arbitrary<T>, n: number) => fc.sample(arb, { numRuns: n, seed: 2029 });

  const typos = sample(fc.tuple(fc.nat({ max: 2 }), mutationsArb(SLIP39_WORDLIST)), 60)
    .map(([which, mutations]) => ({ which, typed: mistype(shares[which]!.split(' '), mutations).join(' ') }))
    .filter(({ which, typed }) => typed !== shares[which]);
  for (const { which, typed } of typos) {
    const holder = HOLDERS[which]!;
    everything.words.push(...typed.split(' '));
    assertNoSecret(await refusal(() => custody.unlock.presentWords(holder.name, typed)), everything, 'presentWords');
    assertNoSecret(await refusal(() => custody.shareCheck.check(holder.name, typed, holder.passphrase)), everything, 'share check words');
  }

  // Wrong passphrases run the real KDF: a few per path, then the wait (H-28) refuses the rest untried.
  const guesses = sample(fc.stringMatching(/^[a-z]{4,10} [a-z]{4,10}[0-9]{0,3}$/), 9);
  everything.passphrases.push(...guesses, '\ud800lone surrogate');
  const [alice, bob, carol] = HOLDERS as [(typeof HOLDERS)[0], (typeof HOLDERS)[0], (typeof HOLDERS)[0]];
  for (const guess of ['', '\ud800lone surrogate', ...guesses.slice(0, 5)]) {
    assertNoSecret(await refusal(() => custody.unlock.present(alice.name, guess)), everything, 'unlock present');
  }
  for (const guess of guesses.slice(5, 7)) assertNoSecret(await refusal(() => custody.vault.reprint(carol.name, guess)), everything, 'reprint');
  for (const guess of guesses.slice(7)) assertNoSecret(await refusal(() => custody.shareCheck.check(bob.name, shares[1]!, guess)), everything, 'share check passphrase');

  // Importing a mistyped phrase or mistyped shares into a new vault.
  const fresh = vaultServices();
  const phrases = sample(fc.tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), mutationsArb(BIP39_ENGLISH)), 20).map(([entropy, mutations]) => {
    const original = entropyToMnemonic(entropy, BIP39_ENGLISH);
    return { original, typed: mistype(original.split(' '), mutations).join(' ') };
  });
  for (const { original, typed } of phrases.filter((p) => p.typed !== p.original)) {
    everything.words.push(...original.split(' '), ...typed.split(' '));
    const input = twoOfThree({ source: { kind: 'bip39', mnemonic: typed, bip39Passphrase: IMPORT_PASSPHRASE } });
    assertNoSecret(await refusal(() => fresh.custody.vault.create(input)), everything, 'import bip39');
  }
  for (const { typed } of typos.slice(0, 20)) {
    const input = twoOfThree({ source: { kind: 'slip39', shares: [typed, shares[2]!] } });
    assertNoSecret(await refusal(() => fresh.custody.vault.create(input)), everything, 'import slip39');
  }

  // Nothing typed reached the audit log either.
  for (const [label, log] of [['vault', services], ['import', fresh.services]] as const) {
    const entries = log.audit.list(10_000);
    assert.ok(entries.length > 0);
    assertTextHasNoSecret(entries.map((e) => `${e.action} ${JSON.stringify(withoutPublicFingerprint(e))}`).join('\n'), everything, `${label} audit log`);
  }
  services.close();
  fresh.services.close();
});
