// Whether decoded SLIP-39 shares belong to one set, and how far they are from a quorum (for combine and drills).
import { AirlockError } from '../errors';
import { identifierWords, plural, shareWordCount, type Share } from './slip39-share';

export interface GroupStatus {
  /** 0-based; shown to people as groupIndex + 1. */
  groupIndex: number;
  memberThreshold: number;
  /** Distinct shares of this group present. */
  members: number;
  complete: boolean;
}

export interface QuorumStatus {
  groupThreshold: number;
  groupCount: number;
  /** Only groups with at least one share present, by group index. */
  groups: GroupStatus[];
  completeGroups: number;
  /** Enough complete groups to rebuild the master secret. */
  complete: boolean;
}

/**
 * Checks that the shares can be combined (one set, no duplicates) and counts the quorum.
 * Share numbers in messages are positions in `shares`, 1-based. Does not read share values
 * except to tell a repeated share from a conflicting one.
 */
export function quorumStatus(shares: readonly Share[]): QuorumStatus {
  checkSameSet(shares);
  const first = shares[0];
  if (!first) return { groupThreshold: 0, groupCount: 0, groups: [], completeGroups: 0, complete: false };
  const byGroup = new Map<number, GroupStatus>();
  for (const share of shares) {
    const group = byGroup.get(share.groupIndex) ?? { groupIndex: share.groupIndex, memberThreshold: share.memberThreshold, members: 0, complete: false };
    group.members += 1;
    group.complete = group.members >= group.memberThreshold;
    byGroup.set(share.groupIndex, group);
  }
  const groups = [...byGroup.values()].sort((a, b) => a.groupIndex - b.groupIndex);
  const completeGroups = groups.filter((g) => g.complete).length;
  return { groupThreshold: first.groupThreshold, groupCount: first.groupCount, groups, completeGroups, complete: completeGroups >= first.groupThreshold };
}

/** "Group 1 needs 1 more share (has 1 of 2); 1 more group is needed (has 1 of 2)" — what is still missing. */
export function shortfall(status: QuorumStatus): string {
  const parts = status.groups
    .filter((g) => !g.complete)
    .map((g) => `Group ${g.groupIndex + 1} needs ${plural(g.memberThreshold - g.members, 'more share')} (has ${g.members} of ${g.memberThreshold})`);
  const started = status.groups.length;
  const missingGroups = status.groupThreshold - started;
  if (missingGroups > 0) {
    parts.push(`${plural(missingGroups, 'more group')} ${missingGroups === 1 ? 'is' : 'are'} needed (has ${started} of ${status.groupThreshold})`);
  } else if (started > status.groupThreshold && status.completeGroups < status.groupThreshold) {
    parts.push(`completing any ${status.groupThreshold - status.completeGroups} of these groups is enough`);
  }
  return parts.join('; ');
}

/** Throws the first reason these shares cannot be combined, naming both shares involved. */
export function checkSameSet(shares: readonly Share[]): void {
  const first = shares[0];
  if (!first) return;
  shares.forEach((share, i) => {
    if (i > 0) compareSetParameters(first, share, 1, i + 1);
  });
  const seen = new Map<number, { share: Share; number: number }>();
  const thresholds = new Map<number, { share: Share; number: number }>();
  shares.forEach((share, i) => {
    const number = i + 1;
    const sameGroup = thresholds.get(share.groupIndex);
    if (sameGroup && sameGroup.share.memberThreshold !== share.memberThreshold) {
      throw mismatch(sameGroup.number, number, `how many shares group ${share.groupIndex + 1} needs`, sameGroup.share.memberThreshold, share.memberThreshold);
    }
    if (!sameGroup) thresholds.set(share.groupIndex, { share, number });
    const key = share.groupIndex * 16 + share.memberIndex;
    const earlier = seen.get(key);
    if (earlier) throw duplicate(earlier.share, earlier.number, share, number);
    seen.set(key, { share, number });
  });
}

function compareSetParameters(a: Share, b: Share, numberA: number, numberB: number): void {
  if (a.identifier !== b.identifier) {
    throw new AirlockError(
      'shares-from-different-sets',
      `Share ${numberB} belongs to a different set than share ${numberA}: share ${numberA} starts "${identifierWords(a)}" (identifier ${a.identifier}) ` +
        `and share ${numberB} starts "${identifierWords(b)}" (identifier ${b.identifier}). All shares of one set start with the same two words; combine only shares of one set.`,
      { shares: `${numberA},${numberB}`, identifierA: a.identifier, identifierB: b.identifier },
    );
  }
  const yesNo = (v: boolean) => (v ? 'yes' : 'no');
  if (a.extendable !== b.extendable) throw mismatch(numberA, numberB, 'whether the set is extendable', yesNo(a.extendable), yesNo(b.extendable), a, b);
  if (a.iterationExponent !== b.iterationExponent) {
    throw mismatch(numberA, numberB, 'the iteration exponent', a.iterationExponent, b.iterationExponent, a, b);
  }
  if (a.groupThreshold !== b.groupThreshold) throw mismatch(numberA, numberB, 'how many groups are needed', a.groupThreshold, b.groupThreshold);
  if (a.groupCount !== b.groupCount) throw mismatch(numberA, numberB, 'how many groups the set has', a.groupCount, b.groupCount);
  if (a.value.length !== b.value.length) {
    throw mismatch(numberA, numberB, 'their length', `${shareWordCount(a.value.length)} words`, `${shareWordCount(b.value.length)} words`);
  }
}

function mismatch(numberA: number, numberB: number, what: string, valueA: string | number, valueB: string | number, a?: Share, b?: Share): AirlockError {
  // When the first two words differ while the identifier is the same, say so: holders compare words, not numbers.
  const words = a && b ? ` Their first two words are "${identifierWords(a)}" and "${identifierWords(b)}".` : '';
  return new AirlockError(
    'share-parameters-mismatch',
    `Shares ${numberA} and ${numberB} cannot be combined: they disagree on ${what} (${valueA} and ${valueB}).${words} ` +
      'Shares of one set always agree on it, so one of them belongs to another set or was altered.',
    { shares: `${numberA},${numberB}` },
  );
}

function duplicate(a: Share, numberA: number, b: Share, numberB: number): AirlockError {
  const who = `member ${b.memberIndex + 1} of group ${b.groupIndex + 1}`;
  let difference = a.value.length ^ b.value.length;
  for (let k = 0; k < Math.min(a.value.length, b.value.length); k++) difference |= a.value[k]! ^ b.value[k]!;
  const identical = difference === 0;
  return new AirlockError(
    'share-duplicate',
    identical
      ? `Share ${numberB} is the same share as share ${numberA} (${who}). Each share counts once; remove the copy.`
      : `Shares ${numberA} and ${numberB} both say they are ${who}, but their words differ. Only one can be genuine: both pass the checksum, ` +
          'so the other comes from another set with the same first words or was altered. Check both with their holders.',
    { shares: `${numberA},${numberB}` },
  );
}
