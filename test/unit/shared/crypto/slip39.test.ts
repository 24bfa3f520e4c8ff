// Tests SLIP-39 split/combine: the 45 official vectors, quorum properties, and every key-holder error.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import fc from 'fast-check';
import {
  combineMnemonics,
  decodeShare,
  encodeShare,
  recoverEncryptedMasterSecret,
  splitEncryptedMasterSecret,
  splitMasterSecret,
  webCryptoPbkdf2,
  type GroupSpec,
  type Share,
  type SplitParams,
} from '../../../../shared/crypto/slip39';
import { AirlockError } from '../../../../shared/errors';

type Vector = [description: string, mnemonics: string[], masterSecret: string, xprv: string];
const VECTORS = JSON.parse(readFileSync(new URL('../../../vectors/slip39-trezor.json', import.meta.url), 'utf8')) as Vector[];
const webCrypto = webCryptoPbkdf2(globalThis.crypto.subtle);

/** Deterministic "random" bytes from a seed (SHA-256 in counter mode), so failures replay exactly. */
function seededRandom(seed: number): (length: number) => Uint8Array {
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let at = 0; at < length; at += 32) {
      const block = sha256(new TextEncoder().encode(`slip39-test:${seed}:${counter++}`));
      out.set(block.subarray(0, Math.min(32, length - at)), at);
    }
    return out;
  };
}

/** Asserts a typed AirlockError with this code whose message contains every fragment. */
function assertAirlockError(error: unknown, code: string, fragments: readonly string[] = []): true {
  assert.ok(error instanceof AirlockError, `expected AirlockError ${code}, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  for (const fragment of fragments) assert.ok(error.message.includes(fragment), `message lacks "${fragment}": ${error.message}`);
  return true;
}
const rejectsWith = (promise: Promise<unknown>, code: string, fragments: readonly string[] = []) =>
  assert.rejects(promise, (e) => assertAirlockError(e, code, fragments));
const throwsWith = (fn: () => unknown, code: string, fragments: readonly string[] = []) =>
  assert.throws(fn, (e) => assertAirlockError(e, code, fragments));

const vector = (n: number): Vector => VECTORS[n - 1]!;
const SECRET_256 = hexToBytes('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
const splitParams = (overrides: Partial<SplitParams> = {}): SplitParams => ({
  masterSecret: SECRET_256,
  passphrase: '',
  groupThreshold: 1,
  groups: [{ memberThreshold: 2, memberCount: 3 }],
  iterationExponent: 0,
  extendable: true,
  random: seededRandom(1),
  pbkdf2: webCrypto,
  ...overrides,
});

/** The code each invalid official vector must give, keyed by its description. */
function expectedCode(description: string): string {
  const rules: [RegExp, string][] = [
    [/invalid checksum/, 'share-checksum-invalid'],
    [/invalid padding/, 'share-padding-invalid'],
    [/^\d+\. Basic sharing/, 'shares-not-enough'],
    [/different identifiers/, 'shares-from-different-sets'],
    [/different iteration exponents|mismatching (group thresholds|group counts|member thresholds)/, 'share-parameters-mismatch'],
    [/greater group threshold than group counts/, 'share-parameters-invalid'],
    [/duplicate member indices/, 'share-duplicate'],
    [/invalid digest/, 'shares-inconsistent'],
    [/[Ii]nsufficient number of (groups|members)/, 'shares-not-enough'],
    [/insufficient length|invalid master secret length/, 'share-length-invalid'],
  ];
  const rule = rules.find(([pattern]) => pattern.test(description));
  assert.ok(rule, `no expected code for vector "${description}"`);
  return rule[1];
}

describe('official SLIP-39 vectors (Trezor python-shamir-mnemonic, passphrase TREZOR)', () => {
  test('there are 45 vectors: 15 valid and 30 to be rejected', () => {
    assert.equal(VECTORS.length, 45);
    assert.equal(VECTORS.filter(([, , secret]) => secret !== '').length, 15);
  });

  for (const [description, mnemonics, secretHex, xprv] of VECTORS) {
    if (secretHex !== '') {
      test(`recovers the master secret and root xprv: ${description}`, async () => {
        const secret = await combineMnemonics(mnemonics, 'TREZOR');
        assert.equal(bytesToHex(secret), secretHex);
        assert.equal(HDKey.fromMasterSeed(secret).privateExtendedKey, xprv);
        // The native PBKDF2 path must give the same bytes, and so must any order of the shares.
        const native = await combineMnemonics([...mnemonics].reverse(), 'TREZOR', { pbkdf2: webCrypto });
        assert.equal(bytesToHex(native), secretHex);
      });
    } else {
      const code = expectedCode(description);
      test(`rejects with ${code}: ${description}`, async () => {
        await rejectsWith(combineMnemonics(mnemonics, 'TREZOR'), code);
      });
    }
  }

  test('every share of the valid vectors decodes and re-encodes to the same words', () => {
    for (const [, mnemonics, secretHex] of VECTORS) {
      if (secretHex === '') continue;
      for (const mnemonic of mnemonics) assert.equal(encodeShare(decodeShare(mnemonic)), mnemonic);
    }
  });
});

/** A random share layout: 1-4 groups of 1-5 members; threshold 1 only for 1-of-1 groups, as the spec asks. */
const groupArb: fc.Arbitrary<GroupSpec> = fc
  .integer({ min: 1, max: 5 })
  .chain((memberCount) => fc.integer({ min: memberCount === 1 ? 1 : 2, max: memberCount }).map((memberThreshold) => ({ memberThreshold, memberCount })));
const layoutArb = fc
  .array(groupArb, { minLength: 1, maxLength: 4 })
  .chain((groups) => fc.integer({ min: 1, max: groups.length }).map((groupThreshold) => ({ groupThreshold, groups })));
const secretArb = fc.integer({ min: 8, max: 16 }).chain((half) => fc.uint8Array({ minLength: 2 * half, maxLength: 2 * half }));
/** Which shares a subset takes: one flag per (group, member), and a seed for its order. */
const pickArb = fc.record({
  flags: fc.array(fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), { minLength: 4, maxLength: 4 }),
  orderSeed: fc.integer(),
});

function pickSubset(groups: string[][], flags: boolean[][], orderSeed: number) {
  const chosen = groups.flatMap((members, g) => members.filter((_, m) => flags[g]![m]!).map((mnemonic) => ({ mnemonic, group: g })));
  const order = seededRandom(orderSeed)(chosen.length * 4);
  // Fisher-Yates with seeded bytes: the order must not matter.
  for (let i = chosen.length - 1; i > 0; i--) {
    const j = (((order[4 * i]! << 8) | order[4 * i + 1]!) >>> 0) % (i + 1);
    [chosen[i], chosen[j]] = [chosen[j]!, chosen[i]!];
  }
  return chosen;
}

function qualifies(layout: { groupThreshold: number; groups: readonly GroupSpec[] }, chosen: { group: number }[]): boolean {
  const complete = layout.groups.filter((spec, g) => chosen.filter((c) => c.group === g).length >= spec.memberThreshold).length;
  return complete >= layout.groupThreshold;
}

describe('quorum properties', () => {
  test('every qualifying subset, in any order, rebuilds the encrypted master secret; every other subset throws shares-not-enough', () => {
    fc.assert(
      fc.property(layoutArb, secretArb, fc.integer({ min: 0, max: 0x7fff }), fc.boolean(), fc.integer({ min: 0, max: 15 }), pickArb, fc.integer(), (layout, ciphertext, identifier, extendable, iterationExponent, pick, seed) => {
        const ems = { identifier, extendable, iterationExponent, ciphertext };
        const groups = splitEncryptedMasterSecret(ems, layout.groupThreshold, layout.groups, seededRandom(seed));
        assert.deepEqual(groups.map((g) => g.length), layout.groups.map((g) => g.memberCount));
        const chosen = pickSubset(groups, pick.flags, pick.orderSeed);
        const mnemonics = chosen.map((c) => c.mnemonic);
        if (qualifies(layout, chosen)) {
          const rebuilt = recoverEncryptedMasterSecret(mnemonics);
          assert.deepEqual(rebuilt, { identifier, extendable, iterationExponent, ciphertext });
        } else {
          assert.throws(() => recoverEncryptedMasterSecret(mnemonics), (e) => assertAirlockError(e, 'shares-not-enough'));
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a minimal quorum rebuilds the secret and the same quorum less any one share does not', () => {
    fc.assert(
      fc.property(layoutArb, secretArb, fc.integer(), fc.integer(), (layout, ciphertext, seed, orderSeed) => {
        const ems = { identifier: 1234, extendable: true, iterationExponent: 0, ciphertext };
        const groups = splitEncryptedMasterSecret(ems, layout.groupThreshold, layout.groups, seededRandom(seed));
        const order = seededRandom(orderSeed)(64);
        // Exactly groupThreshold groups, exactly memberThreshold shares each, chosen by the seed.
        const groupOrder = groups.map((_, g) => g).sort((a, b) => order[a]! - order[b]! || a - b);
        // Per group, memberThreshold distinct shares starting at member 0 or 1 (the rotation is seeded).
        const quorum = groupOrder.slice(0, layout.groupThreshold).flatMap((g) => groups[g]!.slice(order[16 + g]! % 2).concat(groups[g]!).slice(0, layout.groups[g]!.memberThreshold));
        assert.deepEqual(recoverEncryptedMasterSecret(quorum).ciphertext, ciphertext);
        for (let drop = 0; drop < quorum.length; drop++) {
          const short = quorum.filter((_, i) => i !== drop);
          assert.throws(() => recoverEncryptedMasterSecret(short), (e) => assertAirlockError(e, 'shares-not-enough'));
        }
      }),
      { numRuns: 150 },
    );
  });

  test('split then combine gives back the master secret through the full cipher, for random secrets, layouts, passphrases and both variants', async () => {
    const passphraseArb = fc.array(fc.integer({ min: 32, max: 126 }), { maxLength: 12 }).map((codes) => String.fromCharCode(...codes));
    await fc.assert(
      fc.asyncProperty(layoutArb, secretArb, passphraseArb, fc.boolean(), fc.integer({ min: 0, max: 1 }), fc.integer(), async (layout, masterSecret, passphrase, extendable, iterationExponent, seed) => {
        // PBKDF2 dominates here (10 000-20 000 iterations per pass), hence few runs; the default noble path splits.
        const groups = await splitMasterSecret({ ...layout, masterSecret, passphrase, extendable, iterationExponent, random: seededRandom(seed), pbkdf2: undefined });
        const quorum = groups.flatMap((members, g) => (g < layout.groupThreshold ? members.slice(0, layout.groups[g]!.memberThreshold) : [])).reverse();
        const share = decodeShare(quorum[0]!);
        assert.equal(share.extendable, extendable);
        assert.equal(share.iterationExponent, iterationExponent);
        assert.deepEqual(await combineMnemonics(quorum, passphrase, { pbkdf2: webCrypto }), masterSecret);
      }),
      { numRuns: 12 },
    );
  });
});

describe('splitting', () => {
  test('produces the requested groups with the thresholds encoded in every share', async () => {
    const groups = await splitMasterSecret(
      splitParams({ groupThreshold: 2, groups: [{ memberThreshold: 1, memberCount: 1 }, { memberThreshold: 2, memberCount: 3 }, { memberThreshold: 3, memberCount: 5 }] }),
    );
    assert.deepEqual(groups.map((g) => g.length), [1, 3, 5]);
    const shares = groups.map((g) => g.map((m) => decodeShare(m)));
    const identifier = shares[0]![0]!.identifier;
    shares.forEach((members, g) =>
      members.forEach((share, m) => {
        assert.equal(share.identifier, identifier);
        assert.equal(share.groupIndex, g);
        assert.equal(share.memberIndex, m);
        assert.equal(share.groupThreshold, 2);
        assert.equal(share.groupCount, 3);
        assert.equal(share.memberThreshold, [1, 2, 3][g]);
        assert.equal(share.value.length, 32);
      }),
    );
    assert.equal(groups[0]![0]!.split(' ').length, 33);
  });

  test('1-of-1 groups carry the group secret itself, and two of them rebuild a 2-of-3 set', async () => {
    const groups = await splitMasterSecret(
      splitParams({ groupThreshold: 2, groups: [{ memberThreshold: 1, memberCount: 1 }, { memberThreshold: 1, memberCount: 1 }, { memberThreshold: 2, memberCount: 2 }] }),
    );
    assert.deepEqual(await combineMnemonics([groups[1]![0]!, groups[0]![0]!], '', { pbkdf2: webCrypto }), SECRET_256);
    assert.deepEqual(await combineMnemonics([groups[2]![1]!, groups[0]![0]!, groups[2]![0]!], '', { pbkdf2: webCrypto }), SECRET_256);
  });

  test('takes the 15-bit identifier from the injected random source and is deterministic for a fixed source', async () => {
    const first = await splitMasterSecret(splitParams({ random: seededRandom(7) }));
    const again = await splitMasterSecret(splitParams({ random: seededRandom(7) }));
    const other = await splitMasterSecret(splitParams({ random: seededRandom(8) }));
    assert.deepEqual(first, again);
    assert.notDeepEqual(first, other);
    const idBytes = seededRandom(7)(2);
    assert.equal(decodeShare(first[0]![0]!).identifier, ((idBytes[0]! << 8) | idBytes[1]!) & 0x7fff);
  });

  test('draws every polynomial coefficient and digest key from the injected random source, as the spec prescribes', async () => {
    const drawn: number[] = [];
    const source = seededRandom(5);
    const groups = await splitMasterSecret(
      splitParams({
        groupThreshold: 2,
        groups: [{ memberThreshold: 2, memberCount: 3 }, { memberThreshold: 3, memberCount: 5 }],
        random: (n) => (drawn.push(n), source(n)),
      }),
    );
    // Identifier (2); group level T=2: digest key (32-4); group 1 T=2: digest key; group 2 T=3: one coefficient (32) and a digest key.
    assert.deepEqual(drawn, [2, 28, 28, 32, 28]);
    // The coefficient drawn for group 2 is member 1's share value: random, not zero.
    for (const mnemonic of groups.flat()) assert.ok(decodeShare(mnemonic).value.some((b) => b !== 0));
    const firstMembers = new Set(groups[1]!.map((m) => bytesToHex(decodeShare(m).value)));
    assert.equal(firstMembers.size, 5);
  });

  test('extendable and original variants differ in their checksum customization and salt, and each recovers', async () => {
    for (const extendable of [true, false]) {
      const groups = await splitMasterSecret(splitParams({ extendable, random: seededRandom(3), passphrase: 'TREZOR' }));
      assert.equal(decodeShare(groups[0]![0]!).extendable, extendable);
      assert.deepEqual(await combineMnemonics(groups[0]!.slice(1), 'TREZOR'), SECRET_256);
    }
    const extendable = await splitMasterSecret(splitParams({ extendable: true, random: seededRandom(3) }));
    const original = await splitMasterSecret(splitParams({ extendable: false, random: seededRandom(3) }));
    assert.notEqual(extendable[0]![0], original[0]![0]);
  });

  test('a wrong passphrase gives a different secret without any error, as SLIP-39 intends', async () => {
    const groups = await splitMasterSecret(splitParams({ passphrase: 'correct horse' }));
    const wrong = await combineMnemonics(groups[0]!.slice(0, 2), 'correct hors', { pbkdf2: webCrypto });
    assert.equal(wrong.length, 32);
    assert.notDeepEqual(wrong, SECRET_256);
  });

  test('the noble and WebCrypto PBKDF2 paths give identical shares and secrets', async () => {
    for (const extendable of [true, false]) {
      const viaNoble = await splitMasterSecret(splitParams({ extendable, pbkdf2: undefined, passphrase: 'TREZOR', random: seededRandom(11) }));
      const viaWebCrypto = await splitMasterSecret(splitParams({ extendable, pbkdf2: webCrypto, passphrase: 'TREZOR', random: seededRandom(11) }));
      assert.deepEqual(viaNoble, viaWebCrypto);
      assert.deepEqual(await combineMnemonics(viaNoble[0]!.slice(0, 2), 'TREZOR'), SECRET_256);
    }
  });

  test('does not modify or keep the caller\'s master secret', async () => {
    const secret = SECRET_256.slice();
    await splitMasterSecret(splitParams({ masterSecret: secret }));
    assert.deepEqual(secret, SECRET_256);
  });
});

describe('key-holder errors when combining', () => {
  const v4 = vector(4)[1]; // 2-of-3, 128 bits

  test('H-29 names the share and the word position only: neither the typed word nor the word it probably is', async () => {
    const words = v4[1]!.split(' ');
    assert.equal(words[13], 'unkind');
    words[13] = 'unkinf';
    await assert.rejects(combineMnemonics([v4[0]!, words.join(' ')], 'TREZOR'), (e) => {
      assertAirlockError(e, 'share-word-unknown');
      assert.equal((e as AirlockError).message, 'Share 2: word 14 is not in the SLIP-39 word list. Compare it letter by letter with the paper share.');
      assert.deepEqual((e as AirlockError).params, { label: 'Share 2', word: 14 });
      return true;
    });
  });

  test('says that SLIP-39 words are letters only, still without repeating the word', async () => {
    const words = v4[0]!.split(' ');
    words[2] = 'acid1';
    await assert.rejects(combineMnemonics([words.join(' ')], ''), (e) => {
      assertAirlockError(e, 'share-word-unknown', ['Share 1: word 3 is not in the SLIP-39 word list', 'letters a to z only']);
      assert.ok(!(e as Error).message.includes('acid'), (e as Error).message);
      return true;
    });
  });

  test('points at the one wrong word of a failed checksum without suggesting a replacement', () => {
    const words = v4[0]!.split(' ');
    const original = words[6]!;
    words[6] = original === 'acid' ? 'acne' : 'acid';
    throwsWith(() => decodeShare(words.join(' '), 'Share 1'), 'share-checksum-invalid', ['Share 1: the checksum does not match', 'Word 7 is the likely one']);
    try {
      decodeShare(words.join(' '));
    } catch (error) {
      assert.ok(!(error as Error).message.includes(`'${original}'`), 'must not suggest the correction');
    }
  });

  test('recognizes two swapped neighbouring words, and says to check every word when it cannot tell', () => {
    const words = v4[0]!.split(' ');
    [words[9], words[10]] = [words[10]!, words[9]!];
    throwsWith(() => decodeShare(words.join(' ')), 'share-checksum-invalid', ['Words 10 and 11 look swapped']);
    const many = v4[0]!.split(' ');
    many[4] = 'acid';
    many[8] = 'acid';
    many[12] = 'acid';
    throwsWith(() => decodeShare(many.join(' ')), 'share-checksum-invalid', ['compare every word']);
  });

  test('refuses a share with a missing word, saying how many words it has and should have', async () => {
    const short = v4[0]!.split(' ').slice(0, 19).join(' ');
    await rejectsWith(combineMnemonics([short], ''), 'share-length-invalid', ['Share 1 has 19 words', '20 words (128-bit secret) or 33 words (256-bit secret)']);
  });

  test('refuses a share whose padding bits are not zero', async () => {
    await rejectsWith(combineMnemonics(vector(3)[1], 'TREZOR'), 'share-padding-invalid', ['Share 1 is malformed: word 5']);
  });

  test('refuses a share from another set, naming both identifiers and their first words', async () => {
    await rejectsWith(combineMnemonics(vector(6)[1], 'TREZOR'), 'shares-from-different-sets', [
      'Share 2 belongs to a different set than share 1',
      '"adequate smoking" (identifier 282)',
      '"adequate stay" (identifier 283)',
    ]);
  });

  test('refuses the same share given twice, even typed with other case and spacing', async () => {
    const copy = `  ${v4[0]!.toUpperCase().split(' ').join('   ')}\n`;
    await rejectsWith(combineMnemonics([v4[0]!, copy], 'TREZOR'), 'share-duplicate', ['Share 2 is the same share as share 1', 'remove the copy']);
  });

  test('refuses two different shares claiming the same member index', async () => {
    await rejectsWith(combineMnemonics(vector(11)[1], 'TREZOR'), 'share-duplicate', ['Shares 1 and 2 both say they are member 3 of group 1, but their words differ']);
  });

  test('refuses shares that disagree on set parameters, naming the parameter and both values', async () => {
    await rejectsWith(combineMnemonics(vector(7)[1], 'TREZOR'), 'share-parameters-mismatch', ['the iteration exponent (3 and 0)', '"peasant leaves" and "peasant leader"']);
    await rejectsWith(combineMnemonics(vector(8)[1], 'TREZOR'), 'share-parameters-mismatch', ['Shares 1 and 3', 'how many groups are needed (2 and 1)']);
    await rejectsWith(combineMnemonics(vector(9)[1], 'TREZOR'), 'share-parameters-mismatch', ['how many groups the set has (3 and 1)']);
    await rejectsWith(combineMnemonics(vector(12)[1], 'TREZOR'), 'share-parameters-mismatch', ['how many shares group 1 needs (1 and 2)']);
  });

  test('refuses shares of different lengths from one identifier', async () => {
    const base = decodeShare(v4[0]!);
    const longer = encodeShare({ ...base, memberIndex: 5, value: new Uint8Array(32).fill(7) });
    await rejectsWith(combineMnemonics([v4[0]!, longer], ''), 'share-parameters-mismatch', ['their length (20 words and 33 words)']);
  });

  test('refuses a share claiming more needed groups than exist, or a group that does not exist', () => {
    throwsWith(() => decodeShare(vector(10)[1][0]!, 'Share 1'), 'share-parameters-invalid', ['Share 1 cannot be used: it says 2 groups are needed out of only 1']);
    const base = decodeShare(v4[0]!);
    const outside = encodeShare({ ...base, groupIndex: 3, groupCount: 2, groupThreshold: 1 });
    throwsWith(() => decodeShare(outside), 'share-parameters-invalid', ['belongs to group 4 of a set with only 2 groups']);
  });

  test('says how many more shares each group and how many more groups are needed', async () => {
    const groups = await splitMasterSecret(splitParams({ groupThreshold: 2, groups: [{ memberThreshold: 2, memberCount: 3 }, { memberThreshold: 3, memberCount: 3 }] }));
    await rejectsWith(combineMnemonics([groups[0]![0]!], ''), 'shares-not-enough', [
      'Not enough shares to rebuild the master secret. Group 1 needs 1 more share (has 1 of 2); 1 more group is needed (has 1 of 2).',
    ]);
    await rejectsWith(combineMnemonics([groups[0]![0]!, groups[0]![2]!, groups[1]![1]!], ''), 'shares-not-enough', ['Group 2 needs 2 more shares (has 1 of 3).']);
    await rejectsWith(combineMnemonics([], ''), 'shares-not-enough', ['No shares were given']);
  });

  test('refuses shares that pass their checksums but do not fit together (digest mismatch)', async () => {
    await rejectsWith(combineMnemonics(vector(13)[1], 'TREZOR'), 'shares-inconsistent', ['The shares of group 1', 'do not fit together', 'altered or fabricated']);
  });

  test('refuses threshold-1 groups whose values disagree, which no digest would catch', () => {
    const base: Share = { identifier: 99, extendable: true, iterationExponent: 0, groupIndex: 0, groupThreshold: 1, groupCount: 2, memberIndex: 0, memberThreshold: 1, value: new Uint8Array(16).fill(1) };
    const a = encodeShare(base);
    const b = encodeShare({ ...base, groupIndex: 1, value: new Uint8Array(16).fill(2) });
    throwsWith(() => recoverEncryptedMasterSecret([a, b]), 'shares-inconsistent', ['The groups']);
    assert.deepEqual(recoverEncryptedMasterSecret([a, encodeShare({ ...base, groupIndex: 1 })]).ciphertext, base.value);
  });

  test('refuses a passphrase outside printable ASCII without quoting the character', async () => {
    await rejectsWith(combineMnemonics(v4, 'pässword'), 'passphrase-invalid-characters', ['printable ASCII', 'character 2 is not one of them']);
    await rejectsWith(combineMnemonics(v4, 'tab\there'), 'passphrase-invalid-characters', ['character 4']);
    await rejectsWith(splitMasterSecret(splitParams({ passphrase: 'new\nline' })), 'passphrase-invalid-characters', ['character 4']);
    await assert.rejects(combineMnemonics(v4, 'pässword'), (e) => !(e as Error).message.includes('ä'));
  });
});

describe('key-holder errors when splitting', () => {
  const invalid: [string, Partial<SplitParams>, string][] = [
    ['no groups', { groups: [] }, 'There must be 1 to 16 groups; got 0'],
    ['17 groups', { groups: Array.from({ length: 17 }, () => ({ memberThreshold: 1, memberCount: 1 })) }, 'got 17'],
    ['group threshold 0', { groupThreshold: 0 }, 'The group threshold must be a whole number from 1 to the number of groups (1); got 0'],
    ['group threshold above the group count', { groupThreshold: 2 }, 'got 2'],
    ['fractional group threshold', { groupThreshold: 1.5 }, 'got 1.5'],
    ['17 members', { groups: [{ memberThreshold: 2, memberCount: 17 }] }, 'Group 1: the number of shares must be a whole number from 1 to 16; got 17'],
    ['member threshold above its count', { groups: [{ memberThreshold: 4, memberCount: 3 }] }, 'Group 1: the member threshold must be a whole number from 1 to its 3 shares; got 4'],
    ['member threshold 0', { groups: [{ memberThreshold: 0, memberCount: 3 }] }, 'got 0'],
    ['1-of-3 group', { groups: [{ memberThreshold: 1, memberCount: 3 }] }, 'a threshold of 1 with 3 shares would give every member the same secret value'],
    ['iteration exponent 16', { iterationExponent: 16 }, 'The iteration exponent must be a whole number from 0 to 15; got 16'],
    ['negative iteration exponent', { iterationExponent: -1 }, 'got -1'],
    ['extendable not a boolean', { extendable: 'yes' as unknown as boolean }, '"extendable" must be true or false'],
    ['no random source', { random: undefined as unknown as SplitParams['random'] }, 'No random number source'],
  ];
  for (const [what, overrides, fragment] of invalid) {
    test(`refuses ${what} with split-parameters-invalid`, async () => {
      await rejectsWith(splitMasterSecret(splitParams(overrides)), 'split-parameters-invalid', [fragment]);
    });
  }

  for (const length of [0, 15, 17, 30 + 1, 34]) {
    test(`refuses a ${length}-byte master secret, saying the allowed sizes`, async () => {
      await rejectsWith(splitMasterSecret(splitParams({ masterSecret: new Uint8Array(length).fill(1) })), 'master-secret-length-invalid', [
        '16 to 32 bytes (128 to 256 bits)',
        `it is ${length} bytes`,
      ]);
    });
  }

  test('refuses a master secret that is not bytes', async () => {
    await rejectsWith(splitMasterSecret(splitParams({ masterSecret: '00'.repeat(16) as unknown as Uint8Array })), 'master-secret-length-invalid', ['it is not bytes']);
  });

  test('accepts every even length from 16 to 32 bytes', async () => {
    for (let length = 16; length <= 32; length += 2) {
      const masterSecret = seededRandom(length)(length);
      const groups = await splitMasterSecret(splitParams({ masterSecret }));
      assert.deepEqual(await combineMnemonics(groups[0]!.slice(0, 2), '', { pbkdf2: webCrypto }), masterSecret);
    }
  });

  test('fails closed on a random source that returns constant or short data', async () => {
    await rejectsWith(splitMasterSecret(splitParams({ random: (n) => new Uint8Array(n) })), 'random-source-invalid', ['no shares were created']);
    await rejectsWith(splitMasterSecret(splitParams({ random: (n) => new Uint8Array(Math.max(0, n - 1)) })), 'random-source-invalid');
  });
});

describe('input normalization and type confusion', () => {
  const [mnemonicA, mnemonicB] = vector(4)[1] as [string, string];
  const secret = vector(4)[2];

  test('accepts uppercase, mixed case, tabs, newlines and repeated spaces around words', async () => {
    const messy = `\n\t ${mnemonicA.toUpperCase().split(' ').join(' \t ')}  \r\n`;
    const mixed = mnemonicB.split(' ').map((w, i) => (i % 2 ? w : w[0]!.toUpperCase() + w.slice(1))).join('\n');
    assert.equal(bytesToHex(await combineMnemonics([messy, mixed], 'TREZOR', { pbkdf2: webCrypto })), secret);
  });

  test('rejects empty and blank shares as having no words', async () => {
    await rejectsWith(combineMnemonics([''], ''), 'share-length-invalid', ['Share 1 is empty']);
    await rejectsWith(combineMnemonics([mnemonicA, ' \n\t '], ''), 'share-length-invalid', ['Share 2 is empty']);
  });

  test('rejects non-text shares and non-list input with typed errors, never a TypeError', async () => {
    for (const junk of [null, undefined, 42, {}, ['a'], new Uint8Array(20)]) {
      await rejectsWith(combineMnemonics([junk as unknown as string], ''), 'share-length-invalid');
    }
    await rejectsWith(combineMnemonics('not a list' as unknown as string[], ''), 'shares-not-enough');
    await rejectsWith(combineMnemonics([mnemonicA, mnemonicB], null as unknown as string), 'passphrase-invalid-characters');
  });

  test('rejects look-alike Unicode letters instead of folding them to ASCII', async () => {
    // U+212A KELVIN SIGN lowercases to ASCII "k" in JavaScript; it must not sneak in as a word letter.
    const words = mnemonicA.split(' ');
    const position = words.findIndex((w) => w.includes('k'));
    assert.ok(position >= 0);
    words[position] = words[position]!.replace('k', '\u212a');
    await rejectsWith(combineMnemonics([words.join(' '), mnemonicB], 'TREZOR'), 'share-word-unknown', [`word ${position + 1}`]);
  });

  test('a garbage word with control characters and a long paste is named by its position alone', async () => {
    const words = mnemonicA.split(' ');
    words[0] = `ab\u0007${'x'.repeat(500)}`;
    await assert.rejects(combineMnemonics([words.join(' ')], ''), (e) => {
      assertAirlockError(e, 'share-word-unknown', ['Share 1: word 1 is not in the SLIP-39 word list']);
      return !/[\u0007x]{2}/.test((e as Error).message) && (e as Error).message.length < 200;
    });
  });
});
