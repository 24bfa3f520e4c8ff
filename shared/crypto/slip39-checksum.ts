// SLIP-39's RS1024 checksum (three words, Reed-Solomon over GF(1024)) and locating a likely copying error.

const GENERATOR = [0xe0e040, 0x1c1c080, 0x3838100, 0x7070200, 0xe0e0009, 0x1c0c2412, 0x38086c24, 0x3090fc48, 0x21b1f890, 0x3f3f120];

/** Number of checksum words at the end of every share. */
export const CHECKSUM_WORDS = 3;

function step(state: number, value: number): number {
  const top = state >>> 20;
  let next = ((state & 0xfffff) << 10) ^ value;
  for (let i = 0; i < 10; i++) next ^= -((top >>> i) & 1) & GENERATOR[i]!;
  return next;
}

function feed(state: number, values: Iterable<number>): number {
  let s = state;
  for (const v of values) s = step(s, v);
  return s;
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
// The customization string differs between the two variants, so a share of one can never pass as the other.
const STATE_AFTER_CUSTOMIZATION = {
  original: feed(1, ascii('shamir')),
  extendable: feed(1, ascii('shamir_extendable')),
} as const;

function start(extendable: boolean): number {
  return extendable ? STATE_AFTER_CUSTOMIZATION.extendable : STATE_AFTER_CUSTOMIZATION.original;
}

/** The three checksum words for the data words of a share. */
export function createChecksum(data: readonly number[], extendable: boolean): number[] {
  const residue = feed(start(extendable), [...data, 0, 0, 0]) ^ 1;
  return [(residue >>> 20) & 1023, (residue >>> 10) & 1023, residue & 1023];
}

/** Whether a whole share (data and checksum words) is a codeword. */
export function verifyChecksum(words: readonly number[], extendable: boolean): boolean {
  return feed(start(extendable), words) === 1;
}

/**
 * Where a failed checksum most likely went wrong: the one word whose change would make it valid,
 * or the one pair of neighbouring words whose swap would. RS1024 has distance 4, so a single
 * wrong word always has exactly one such position, and two wrong words never look like one.
 * Deliberately returns only positions, never the replacement word: SLIP-39 asks implementations
 * not to suggest corrections, because with more errors a "fix" yields a valid but wrong share.
 */
export type ChecksumHint = { kind: 'word'; index: number } | { kind: 'swap'; index: number } | { kind: 'none' };

/** The extendable flag lives in bit 4 of the second word; it selects the customization string. */
export const extendableOf = (words: readonly number[]): boolean => (((words[1] ?? 0) >> 4) & 1) === 1;

export function locateChecksumError(words: readonly number[]): ChecksumHint {
  const positions = new Set<number>();
  for (let index = 0; index < words.length; index++) {
    if (singleWordFixExists(words, index)) positions.add(index);
  }
  if (positions.size === 1) return { kind: 'word', index: [...positions][0]! };
  if (positions.size > 1) return { kind: 'none' };

  const swaps: number[] = [];
  for (let index = 0; index + 1 < words.length; index++) {
    if (words[index] === words[index + 1]) continue;
    const swapped = [...words];
    swapped[index] = words[index + 1]!;
    swapped[index + 1] = words[index]!;
    if (verifyChecksum(swapped, extendableOf(swapped))) swaps.push(index);
  }
  return swaps.length === 1 ? { kind: 'swap', index: swaps[0]! } : { kind: 'none' };
}

function singleWordFixExists(words: readonly number[], index: number): boolean {
  // Changing word 0 or 1 can flip the extendable flag (and so the customization), so try those
  // from scratch; for later words, the state up to the changed word is shared by all candidates.
  if (index < 2) {
    const candidate = [...words];
    for (let value = 0; value < 1024; value++) {
      if (value === words[index]) continue;
      candidate[index] = value;
      if (verifyChecksum(candidate, extendableOf(candidate))) return true;
    }
    return false;
  }
  const prefix = feed(start(extendableOf(words)), words.slice(0, index));
  const suffix = words.slice(index + 1);
  for (let value = 0; value < 1024; value++) {
    if (value === words[index]) continue;
    if (feed(step(prefix, value), suffix) === 1) return true;
  }
  return false;
}
