// What one holder's share card says, apart from how it is drawn: who and where in the quorum, the words, the set's
// identifier words, when the card was made. Built the same way at creation and at reprint. No DOM here.
import type { ResponseOf, VaultSummaryView } from '../../shared/bridge';

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

/** One holder's share as main hands it out (at creation, or reprinted). */
export type HolderShare = ResponseOf<'vault.create'>['shares'][number];

export const CARD_INSTRUCTIONS = [
  'Keep this card offline and private.',
  'Never type these words into a computer except the Airlock vault.',
  'Your passphrase is separate: never write it on this card.',
] as const;

/** The card for `share` of `vault`: its place in the quorum read from the vault's groups. */
export function cardSpec(vault: VaultSummaryView, share: HolderShare, made: { occasion: ShareCardSpec['occasion']; madeAt: number; identifierWords?: string }): ShareCardSpec {
  const group = vault.groups.find((g) => g.groupIndex === share.groupIndex);
  return {
    vaultName: vault.name,
    holder: share.holder,
    groupName: share.group,
    groupIndex: share.groupIndex,
    memberIndex: share.memberIndex,
    memberThreshold: group?.memberThreshold ?? 0,
    memberCount: group?.memberCount ?? 0,
    groupThreshold: vault.groupThreshold,
    groupCount: vault.groups.length,
    words: share.words,
    identifierWords: made.identifierWords ?? identifierWordsOf(share.words),
    madeAt: made.madeAt,
    occasion: made.occasion,
  };
}

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

/** The words in columns, read down each: two for up to 24 words (128-bit shares have 20), three above (256-bit: 33). */
export function wordColumns<T>(words: readonly T[]): Array<{ start: number; words: T[] }> {
  const columns = words.length <= 24 ? 2 : 3;
  const perColumn = Math.ceil(words.length / columns);
  return Array.from({ length: columns }, (_, c) => ({ start: c * perColumn, words: words.slice(c * perColumn, (c + 1) * perColumn) }));
}
