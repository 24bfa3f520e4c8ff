// What one holder's share card says, apart from how it is drawn: who and where in the quorum, the words, the set's
// identifier words, when the card was made, and a recovery guide that still reads in ten years without Airlock.
// Built the same way at creation and at reprint, from the vault's public summary only. No DOM here.
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
  /** Every group of the set, for "how many cards" in the recovery guide. */
  groups: ReadonlyArray<{ name: string; memberThreshold: number; memberCount: number }>;
  /** Whether combining the shares needs a SLIP-39 passphrase (it is on no card). */
  slip39Passphrase: boolean;
  /** Whether the BIP-39 phrase the shares hold needs its passphrase (bip39-mnemonic vaults only). */
  bip39Passphrase: boolean;
  seedDerivation: VaultSummaryView['seedDerivation'];
  /** The vault's first registered account: a recovery is right when it derives this address (public). */
  firstAccount: { label: string; path: string; address: string } | null;
}

/** One holder's share as main hands it out (at creation, or reprinted). */
export type HolderShare = ResponseOf<'vault.create'>['shares'][number];

export const CARD_INSTRUCTIONS = [
  'Keep this card offline and private.',
  'Type these words only into an offline device you trust (the Airlock vault or a SLIP-39 hardware wallet), never into a website, a phone or an online computer.',
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
    groups: vault.groups.map((g) => ({ name: g.name, memberThreshold: g.memberThreshold, memberCount: g.memberCount })),
    slip39Passphrase: vault.slip39Passphrase,
    bip39Passphrase: vault.bip39Passphrase,
    seedDerivation: vault.seedDerivation,
    firstAccount: vault.accounts[0] ? { label: vault.accounts[0].label, path: vault.accounts[0].path, address: vault.accounts[0].address } : null,
  };
}

/** One paragraph of the recovery guide; `kind` names it for the card's test ids. */
export interface RecoveryStep {
  kind: 'what' | 'how-many' | 'tool' | 'passphrase' | 'check';
  text: string;
}

/** The card's recovery guide in plain words: what the card is, how many cards, which tool, which passphrase, which address. */
export function recoveryGuide(spec: ShareCardSpec): RecoveryStep[] {
  const steps: RecoveryStep[] = [
    { kind: 'what', text: whatTheCardIs(spec) },
    { kind: 'how-many', text: howManyCards(spec) },
    { kind: 'tool', text: TOOL[spec.seedDerivation] },
    { kind: 'passphrase', text: passphraseLine(spec) },
  ];
  const first = spec.firstAccount;
  if (first) steps.push({ kind: 'check', text: `Check the result: its first account (${first.label}, path ${first.path}) must have this address. If it does not, a card or the passphrase is wrong.` });
  return steps;
}

const TOOL: Readonly<Record<ShareCardSpec['seedDerivation'], string>> = {
  'slip39-master-secret':
    'These words are a standard SLIP-39 share (a "Shamir backup"): the Airlock vault or any SLIP-39 tool combines the cards, for example a Trezor hardware wallet (recover a multi-share backup).',
  'bip39-mnemonic':
    'These words are a standard SLIP-39 share: any SLIP-39 tool combines the cards into the master secret. Here that secret is the entropy of a BIP-39 recovery phrase: turn it back into that phrase with an offline BIP-39 tool and restore the phrase in a BIP-39 wallet (restoring the cards directly in a Trezor gives other addresses).',
};

function whatTheCardIs(spec: ShareCardSpec): string {
  const total = spec.groups.reduce((sum, g) => sum + g.memberCount, 0);
  const alone = spec.groupThreshold === 1 && spec.memberThreshold === 1;
  return [
    `This card is one of ${total} share cards of the key of "${spec.vaultName}".`,
    alone ? 'This card alone rebuilds the key: guard it like the key itself.' : 'Fewer cards than the quorum below reveal nothing about the key.',
  ].join(' ');
}

function howManyCards(spec: ShareCardSpec): string {
  const same = `Every card of this set starts with "${spec.identifierWords}".`;
  if (spec.groups.length === 1) {
    const only = spec.groups[0]!;
    return `To recover, bring together any ${only.memberThreshold} of the ${only.memberCount} cards. ${same}`;
  }
  const each = spec.groups.map((g) => `${g.name}: any ${g.memberThreshold} of ${g.memberCount}`).join('; ');
  return `To recover, bring together cards from any ${spec.groupThreshold} of the ${spec.groups.length} groups, enough from each (${each}). ${same}`;
}

function passphraseLine(spec: ShareCardSpec): string {
  const slip39 = spec.slip39Passphrase
    ? 'A SLIP-39 passphrase is needed too: it is on no card, and must be typed when the cards are combined.'
    : 'No SLIP-39 passphrase: leave it empty when the cards are combined.';
  const bip39 = spec.seedDerivation === 'bip39-mnemonic' && spec.bip39Passphrase ? ' The BIP-39 phrase needs its BIP-39 passphrase too, which is on no card.' : '';
  return `${slip39}${bip39} The holders' own Airlock passphrases are not needed: they only open the vault's stored copies.`;
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
