// One SLIP-39 share: its fields, mnemonic <-> share conversion, and the key-holder messages for a bad share.
import { AirlockError } from '../errors';
import { CHECKSUM_WORDS, createChecksum, extendableOf, locateChecksumError, verifyChecksum } from './slip39-checksum';
import { SLIP39_WORDLIST } from './slip39-wordlist';

/** A parsed, checksum-verified share. Index fields are 0-based as encoded; messages show them +1. */
export interface Share {
  /** Random 15-bit value common to all shares of one set. */
  readonly identifier: number;
  /** Extendable sets ("shamir_extendable") can get more groups later under new identifiers. */
  readonly extendable: boolean;
  /** PBKDF2 cost: 10 000 * 2^e iterations in total. */
  readonly iterationExponent: number;
  readonly groupIndex: number;
  /** How many groups must be complete to rebuild the master secret. */
  readonly groupThreshold: number;
  readonly groupCount: number;
  readonly memberIndex: number;
  /** How many shares of this group rebuild the group's secret. */
  readonly memberThreshold: number;
  /** The share value: secret. The caller owns it and should zero it when done. */
  readonly value: Uint8Array;
}

/** SLIP-39's 4-bit index fields allow at most 16 groups and 16 members per group. */
export const MAX_SHARE_COUNT = 16;
/** Airlock handles 128- to 256-bit master secrets (the spec's minimum to the largest wallets use). */
export const MIN_SECRET_BYTES = 16;
export const MAX_SECRET_BYTES = 32;
const ID_EXP_WORDS = 2;
const PARAMETER_WORDS = 2;
const METADATA_WORDS = ID_EXP_WORDS + PARAMETER_WORDS + CHECKSUM_WORDS;

/** Number of words in a share of a secret of this many bytes (20 for 16 bytes, 33 for 32). */
export function shareWordCount(secretBytes: number): number {
  return METADATA_WORDS + Math.ceil((secretBytes * 8) / 10);
}

const VALID_WORD_COUNTS: readonly number[] = Array.from({ length: (MAX_SECRET_BYTES - MIN_SECRET_BYTES) / 2 + 1 }, (_, i) =>
  shareWordCount(MIN_SECRET_BYTES + 2 * i),
);
const WORD_INDEX: ReadonlyMap<string, number> = new Map(SLIP39_WORDLIST.map((word, index) => [word, index]));

/**
 * Splits a typed or scanned share into lowercase words: any run of whitespace separates words and
 * ASCII case is ignored, because people copy shares by hand. Everything else is kept as typed,
 * so garbage is reported as an unknown word rather than silently "cleaned".
 */
export function mnemonicWords(mnemonic: string): string[] {
  const trimmed = mnemonic.trim();
  if (trimmed === '') return [];
  return trimmed.split(/\s+/).map((word) => word.replace(/[A-Z]/g, (c) => c.toLowerCase()));
}

/** The share's first two words: identifier, extendable flag and iteration exponent. Every share of a set starts with them. */
export function identifierWords(share: Pick<Share, 'identifier' | 'extendable' | 'iterationExponent'>): string {
  return idExpWords(share)
    .map((i) => SLIP39_WORDLIST[i]!)
    .join(' ');
}

/** One sentence a holder can compare with their paper share during a share check. */
export function describeShare(share: Share): string {
  const groups = share.groupCount === 1 ? 'a set of 1 group' : `a set of ${share.groupCount} groups, ${share.groupThreshold} of which are needed`;
  return (
    `Member ${share.memberIndex + 1} of group ${share.groupIndex + 1} (${plural(share.memberThreshold, 'share')} of this group needed) ` +
    `in ${groups}; the set's shares start with "${identifierWords(share)}" (identifier ${share.identifier}).`
  );
}

/** Share -> mnemonic. Fields are our own (from splitting), so out-of-range values are bugs and throw RangeError. */
export function encodeShare(share: Share): string {
  const inRange = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
  if (
    !inRange(share.identifier, 0, 0x7fff) ||
    !inRange(share.iterationExponent, 0, 15) ||
    !inRange(share.groupIndex, 0, 15) ||
    !inRange(share.groupThreshold, 1, 16) ||
    !inRange(share.groupCount, 1, 16) ||
    !inRange(share.memberIndex, 0, 15) ||
    !inRange(share.memberThreshold, 1, 16) ||
    share.value.length % 2 !== 0 ||
    share.value.length < MIN_SECRET_BYTES ||
    share.value.length > MAX_SECRET_BYTES
  ) {
    throw new RangeError('encodeShare: share fields out of range');
  }
  const parameters =
    (share.groupIndex << 16) | ((share.groupThreshold - 1) << 12) | ((share.groupCount - 1) << 8) | (share.memberIndex << 4) | (share.memberThreshold - 1);
  const data = [...idExpWords(share), parameters >> 10, parameters & 1023, ...valueToWords(share.value)];
  const words = [...data, ...createChecksum(data, share.extendable)].map((i) => SLIP39_WORDLIST[i]!);
  data.fill(0);
  return words.join(' ');
}

/**
 * Mnemonic -> share, checking in the order a holder can fix things: word count, unknown words,
 * checksum, padding, then parameters no real share can have. `label` names the share in messages
 * ("Share 2", "Alice's share"); it must not be secret.
 */
export function decodeShare(mnemonic: string, label = 'The share'): Share {
  const words = typeof mnemonic === 'string' ? mnemonicWords(mnemonic) : [];
  checkWordCount(words.length, label);
  const indices = words.map((word, position) => lookUpWord(word, position, label));
  try {
    const extendable = extendableOf(indices);
    if (!verifyChecksum(indices, extendable)) throw checksumError(indices, label);
    const idExp = (indices[0]! << 10) | indices[1]!;
    const parameters = (indices[2]! << 10) | indices[3]!;
    const share: Share = {
      identifier: idExp >> 5,
      extendable,
      iterationExponent: idExp & 15,
      groupIndex: parameters >> 16,
      groupThreshold: ((parameters >> 12) & 15) + 1,
      groupCount: ((parameters >> 8) & 15) + 1,
      memberIndex: (parameters >> 4) & 15,
      memberThreshold: (parameters & 15) + 1,
      value: wordsToValue(indices.slice(ID_EXP_WORDS + PARAMETER_WORDS, -CHECKSUM_WORDS), label),
    };
    checkParameters(share, label);
    return share;
  } finally {
    indices.fill(0);
  }
}

function idExpWords(share: Pick<Share, 'identifier' | 'extendable' | 'iterationExponent'>): number[] {
  const idExp = (share.identifier << 5) | (Number(share.extendable) << 4) | share.iterationExponent;
  return [idExp >> 10, idExp & 1023];
}

function checkWordCount(count: number, label: string): void {
  if (VALID_WORD_COUNTS.includes(count)) return;
  const others = VALID_WORD_COUNTS.filter((n) => n !== 20 && n !== 33);
  const otherList = `${others.slice(0, -1).join(', ')} or ${others.at(-1)}`;
  const heard = count === 0 ? 'is empty' : `has ${plural(count, 'word')}`;
  throw new AirlockError(
    'share-length-invalid',
    `${label} ${heard}, but a SLIP-39 share has 20 words (128-bit secret) or 33 words (256-bit secret); ` +
      `other secret sizes give ${otherList} words. Check for a missing, repeated or joined-up word.`,
    { label, words: count },
  );
}

function lookUpWord(word: string, position: number, label: string): number {
  const index = WORD_INDEX.get(word);
  if (index !== undefined) return index;
  // SECURITY(H-29): the position only. A mistyped word is most of a secret word, and so is any suggestion; both
  // stay in the input box (shared/crypto/word-suggestion.ts), never in an error that reaches the CLI or a log.
  const hint = /^[a-z]+$/.test(word)
    ? 'Compare it letter by letter with the paper share.'
    : 'SLIP-39 words are letters a to z only; compare it with the paper share.';
  throw new AirlockError('share-word-unknown', `${label}: word ${position + 1} is not in the SLIP-39 word list. ${hint}`, {
    label,
    word: position + 1,
  });
}

function checksumError(indices: readonly number[], label: string): AirlockError {
  const hint = locateChecksumError(indices);
  const start = `${label}: the checksum does not match, so at least one word was copied wrong.`;
  switch (hint.kind) {
    case 'word':
      return new AirlockError(
        'share-checksum-invalid',
        `${start} Word ${hint.index + 1} is the likely one: compare it letter by letter with the paper share.`,
        { label, word: hint.index + 1 },
      );
    case 'swap':
      return new AirlockError(
        'share-checksum-invalid',
        `${start} Words ${hint.index + 1} and ${hint.index + 2} look swapped: compare their order with the paper share.`,
        { label, word: hint.index + 1 },
      );
    default:
      return new AirlockError(
        'share-checksum-invalid',
        `${start} More than one word seems wrong, so compare every word with the paper share.`,
        { label },
      );
  }
}

function valueToWords(value: Uint8Array): number[] {
  const count = Math.ceil((value.length * 8) / 10);
  const words: number[] = [];
  // Left-pad with zero bits so the value fills whole words, as the spec requires.
  let pending = count * 10 - value.length * 8;
  let accumulator = 0;
  for (const byte of value) {
    accumulator = (accumulator << 8) | byte;
    pending += 8;
    while (pending >= 10) {
      pending -= 10;
      words.push((accumulator >>> pending) & 1023);
    }
    accumulator &= (1 << pending) - 1;
  }
  return words;
}

function wordsToValue(words: readonly number[], label: string): Uint8Array {
  // Padding is the bit length modulo 16, which keeps the value a whole number of 16-bit units;
  // the word counts we accept keep it at most 8 bits, all inside the first value word.
  const padding = (words.length * 10) % 16;
  if ((words[0] ?? 0) >>> (10 - padding) !== 0) {
    const word = ID_EXP_WORDS + PARAMETER_WORDS + 1;
    throw new AirlockError(
      'share-padding-invalid',
      `${label} is malformed: word ${word} sets bits that SLIP-39 requires to be zero, although the checksum matches. ` +
        'It was not made by a correct SLIP-39 tool or was altered; ask its holder for the original share.',
      { label, word },
    );
  }
  const value = new Uint8Array((words.length * 10 - padding) / 8);
  let accumulator = 0;
  let pending = -padding;
  let at = 0;
  for (const word of words) {
    accumulator = ((accumulator << 10) | word) & ((1 << (pending + 10)) - 1);
    pending += 10;
    while (pending >= 8) {
      pending -= 8;
      value[at++] = (accumulator >>> pending) & 0xff;
      accumulator &= (1 << pending) - 1;
    }
  }
  return value;
}

function checkParameters(share: Share, label: string): void {
  const problem =
    share.groupThreshold > share.groupCount
      ? `it says ${plural(share.groupThreshold, 'group')} are needed out of only ${share.groupCount}`
      : share.groupIndex >= share.groupCount
        ? `it says it belongs to group ${share.groupIndex + 1} of a set with only ${plural(share.groupCount, 'group')}`
        : null;
  if (problem === null) return;
  share.value.fill(0);
  throw new AirlockError(
    'share-parameters-invalid',
    `${label} cannot be used: ${problem}, which no genuine SLIP-39 share says, although the checksum matches. ` +
      'It was made by faulty software or altered; ask its holder for the original share.',
    { label },
  );
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
