// The vault being set up in the create/import wizard: what has been typed so far, how adding and removing groups,
// holders and accounts change it, the checks each step makes before Next, the review's sentences and the
// vault.create request built from it. ("Setup", not "draft": a draft is an unsigned transaction.) No DOM here.
import type { CreateVaultRequest } from '../../shared/bridge';
import { diceBits, parseDiceRolls } from '../../shared/crypto/entropy';
import { countOf } from '../app/format';

export type SourceKind = 'new' | 'bip39' | 'slip39';
export type AccountRole = 'eoa-treasury' | 'safe-owner' | 'executor';
export type PathScheme = 'bip44' | 'ledger-live';

export interface HolderSetup {
  name: string;
  passphrase: string;
  confirm: string;
}

export interface GroupSetup {
  name: string;
  memberThreshold: number;
  holders: HolderSetup[];
}

export interface AccountSetup {
  scheme: PathScheme;
  index: number;
  label: string;
  role: AccountRole;
}

/** Everything typed so far. Kept whole across steps and refusals; wiped when the wizard ends. */
export interface VaultSetup {
  name: string;
  source: SourceKind;
  secretBits: 128 | 256;
  diceText: string;
  bip39Mnemonic: string;
  bip39Passphrase: string;
  slip39Shares: string;
  slip39Passphrase: string;
  slip39PassphraseConfirm: string;
  groupThreshold: number;
  groups: GroupSetup[];
  iterationExponent: number;
  extendable: boolean;
  accounts: AccountSetup[];
}

export const ROLE_LABELS: Readonly<Record<AccountRole, string>> = {
  'eoa-treasury': 'Treasury account',
  'safe-owner': 'Safe owner',
  executor: 'Executor',
};

export const SCHEME_LABELS: Readonly<Record<PathScheme, string>> = {
  bip44: 'BIP-44 (MetaMask, Trezor)',
  'ledger-live': 'Ledger Live',
};

export const MAX_ACCOUNT_INDEX = 2 ** 31 - 1;
export const MIN_PASSPHRASE = 8;

export const emptyHolder = (): HolderSetup => ({ name: '', passphrase: '', confirm: '' });

export function newSetup(source: SourceKind): VaultSetup {
  return {
    name: '',
    source,
    secretBits: 128,
    diceText: '',
    bip39Mnemonic: '',
    bip39Passphrase: '',
    slip39Shares: '',
    slip39Passphrase: '',
    slip39PassphraseConfirm: '',
    groupThreshold: 1,
    groups: [{ name: 'Holders', memberThreshold: 2, holders: [emptyHolder(), emptyHolder(), emptyHolder()] }],
    iterationExponent: 1,
    extendable: true,
    accounts: [{ scheme: 'bip44', index: 0, label: 'Treasury', role: 'eoa-treasury' }],
  };
}

/** Overwrites every secret the setup holds, then empties its lists (strings cannot be zeroed; references can be dropped). */
export function wipeSetup(setup: VaultSetup): void {
  setup.diceText = '';
  setup.bip39Mnemonic = '';
  setup.bip39Passphrase = '';
  setup.slip39Shares = '';
  setup.slip39Passphrase = '';
  setup.slip39PassphraseConfirm = '';
  for (const group of setup.groups) {
    for (const holder of group.holders) {
      holder.passphrase = '';
      holder.confirm = '';
    }
  }
  setup.groups = [];
}

// ---------- groups, holders and accounts ----------

export function addGroup(setup: VaultSetup): void {
  setup.groups.push({ name: `Group ${setup.groups.length + 1}`, memberThreshold: 2, holders: [emptyHolder(), emptyHolder()] });
}

/** The last group stays: a vault has at least one. */
export function removeGroup(setup: VaultSetup, index: number): void {
  if (setup.groups.length <= 1) return;
  setup.groups.splice(index, 1);
  setup.groupThreshold = Math.min(setup.groupThreshold, setup.groups.length);
}

export function addHolder(group: GroupSetup): void {
  group.holders.push(emptyHolder());
  fitThreshold(group);
}

/** The last holder of a group stays. */
export function removeHolder(group: GroupSetup, index: number): void {
  if (group.holders.length <= 1) return;
  group.holders.splice(index, 1);
  fitThreshold(group);
}

/** Thresholds a group of `count` holders may use: 1 alone would hand every holder the same share. */
export function thresholdChoices(count: number): number[] {
  if (count <= 1) return [1];
  return Array.from({ length: count - 1 }, (_, i) => i + 2);
}

function fitThreshold(group: GroupSetup): void {
  const choices = thresholdChoices(group.holders.length);
  if (!choices.includes(group.memberThreshold)) group.memberThreshold = choices[0]!;
}

/** Another account: the next Ledger Live account number not yet listed, as a Safe owner. */
export function addAccount(setup: VaultSetup): void {
  const used = new Set(setup.accounts.map((a) => `${a.scheme}:${a.index}`));
  let index = 0;
  while (used.has(`ledger-live:${index}`)) index++;
  setup.accounts.push({ scheme: 'ledger-live', index, label: '', role: 'safe-owner' });
}

/** The last account stays. */
export function removeAccount(setup: VaultSetup, index: number): void {
  if (setup.accounts.length > 1) setup.accounts.splice(index, 1);
}

// ---------- what the form says as it is typed ----------

/** Mirrors shared/evm/hd.ts pathFor (kept local so the renderer bundle does not pull in BIP-32). */
export function pathText(scheme: PathScheme, index: number): string {
  return scheme === 'bip44' ? `m/44'/60'/0'/0/${index}` : `m/44'/60'/${index}'/0/0`;
}

/** The path under an account number being typed, or a dash while it is not one. */
export function accountPathText(account: AccountSetup): string {
  return Number.isInteger(account.index) && account.index >= 0 ? pathText(account.scheme, account.index) : '—';
}

export function holderCount(setup: VaultSetup): number {
  return setup.groups.reduce((n, g) => n + g.holders.length, 0);
}

/** "8 rolls ≈ 20 bits collected", or the sentence naming the first roll that is not 1–6. */
export function diceCounterText(setup: VaultSetup): string {
  try {
    const rolls = parseDiceRolls(setup.diceText).length;
    if (rolls === 0) return 'No dice rolls: the key comes from this computer\'s randomness alone, which is enough.';
    return `${rolls} ${rolls === 1 ? 'roll' : 'rolls'} ≈ ${diceBits(rolls)} bits collected`;
  } catch (error) {
    return error instanceof Error ? error.message : 'These dice rolls cannot be read.';
  }
}

export type PassphraseMatch = 'empty' | 'short' | 'same' | 'differ';

/** How a holder's two passphrase boxes compare, and the line shown under them. */
export function passphraseMatch(holder: HolderSetup): { state: PassphraseMatch; line: string } {
  const state: PassphraseMatch =
    !holder.passphrase && !holder.confirm ? 'empty' : holder.passphrase.length < MIN_PASSPHRASE ? 'short' : holder.passphrase === holder.confirm ? 'same' : 'differ';
  const line = {
    empty: `At least ${MIN_PASSPHRASE} characters; a few words is best.`,
    short: `Too short: at least ${MIN_PASSPHRASE} characters.`,
    same: 'Both passphrases match.',
    differ: 'The two passphrases differ.',
  }[state];
  return { state, line };
}

// ---------- the checks before Next ----------

export function checkKeyStep(setup: VaultSetup): string[] {
  const problems: string[] = [];
  if (!setup.name.trim()) problems.push('Give the vault a name, e.g. "Acme treasury".');
  if (setup.source === 'new') {
    try {
      parseDiceRolls(setup.diceText);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : 'The dice rolls cannot be read.');
    }
  } else if (setup.source === 'bip39') {
    if (!setup.bip39Mnemonic.trim()) problems.push('Type the BIP-39 recovery phrase to import.');
  } else {
    if (shareLines(setup).length === 0) problems.push('Type the SLIP-39 shares to import, one per line.');
    problems.push(...slip39PassphraseProblems(setup));
  }
  return problems;
}

function slip39PassphraseProblems(setup: VaultSetup): string[] {
  const problems: string[] = [];
  // SLIP-39 passphrases are printable ASCII only (the standard's rule).
  if (!/^[\x20-\x7e]*$/.test(setup.slip39Passphrase)) problems.push('The SLIP-39 passphrase may use only printable ASCII characters (letters, digits, punctuation, space).');
  if (setup.slip39Passphrase !== setup.slip39PassphraseConfirm) problems.push('The two SLIP-39 passphrases differ; type the same one twice.');
  return problems;
}

const shareLines = (setup: VaultSetup) =>
  setup.slip39Shares
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter(Boolean);

export function checkHoldersStep(setup: VaultSetup): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const [gi, group] of setup.groups.entries()) {
    const label = group.name.trim() || `Group ${gi + 1}`;
    if (!group.name.trim()) problems.push(`Group ${gi + 1} needs a name.`);
    for (const [hi, holder] of group.holders.entries()) {
      const name = holder.name.trim();
      if (!name) {
        problems.push(`${label}: holder ${hi + 1} needs a name.`);
        continue;
      }
      if (names.has(name.toLowerCase())) problems.push(`Two holders are called "${name}"; each holder needs a distinct name.`);
      names.add(name.toLowerCase());
      if (holder.passphrase.length < MIN_PASSPHRASE) problems.push(`${name}'s passphrase is too short: use at least ${MIN_PASSPHRASE} characters.`);
      else if (holder.passphrase !== holder.confirm) problems.push(`${name}'s two passphrases differ; ${name} types the same one twice.`);
    }
  }
  if (setup.source !== 'slip39') problems.push(...slip39PassphraseProblems(setup));
  return problems;
}

export function checkAccountsStep(setup: VaultSetup): string[] {
  const problems: string[] = [];
  if (setup.accounts.length === 0) problems.push('Register at least one account.');
  const seen = new Set<string>();
  for (const [ai, account] of setup.accounts.entries()) {
    const label = account.label.trim() || `Account ${ai + 1}`;
    if (!account.label.trim()) problems.push(`Account ${ai + 1} needs a label, e.g. "Treasury".`);
    if (!Number.isInteger(account.index) || account.index < 0 || account.index > MAX_ACCOUNT_INDEX) {
      problems.push(`${label}: the account number must be a whole number from 0 to ${MAX_ACCOUNT_INDEX}.`);
      continue;
    }
    const key = `${account.scheme}:${account.index}`;
    if (seen.has(key)) problems.push(`${pathText(account.scheme, account.index)} is listed twice.`);
    seen.add(key);
  }
  return problems;
}

// ---------- the request, and the review's sentences ----------

export function createRequest(setup: VaultSetup): CreateVaultRequest {
  const source: CreateVaultRequest['source'] =
    setup.source === 'new'
      ? { kind: 'new', secretBits: setup.secretBits, diceRolls: parseDiceRolls(setup.diceText) }
      : setup.source === 'bip39'
        ? { kind: 'bip39', mnemonic: setup.bip39Mnemonic.trim().replace(/\s+/g, ' '), bip39Passphrase: setup.bip39Passphrase }
        : { kind: 'slip39', shares: shareLines(setup) };
  return {
    name: setup.name.trim(),
    source,
    groupThreshold: setup.groups.length > 1 ? setup.groupThreshold : 1,
    groups: setup.groups.map((g) => ({
      name: g.name.trim(),
      memberThreshold: g.memberThreshold,
      holders: g.holders.map((h) => ({ name: h.name.trim(), passphrase: h.passphrase })),
    })),
    slip39Passphrase: setup.slip39Passphrase,
    iterationExponent: setup.iterationExponent,
    extendable: setup.extendable,
    accounts: setup.accounts.map((a) => ({ scheme: a.scheme, index: a.index, label: a.label.trim(), role: a.role })),
  };
}

/** Where the key comes from, in one sentence for the review. */
export function keySentence(setup: VaultSetup): string {
  if (setup.source === 'new') {
    const rolls = diceRollCount(setup);
    const dice = rolls === 0 ? 'no dice rolls' : `mixed with ${countOf(rolls, 'dice roll', 'dice rolls')}`;
    return `New ${setup.secretBits}-bit key from this computer's randomness, ${dice}`;
  }
  if (setup.source === 'bip39') {
    const words = setup.bip39Mnemonic.trim().split(/\s+/).filter(Boolean).length;
    return `Imported BIP-39 recovery phrase (${countOf(words, 'word', 'words')}), ${setup.bip39Passphrase ? 'with a BIP-39 passphrase (needed at every unlock)' : 'no BIP-39 passphrase'}`;
  }
  return `Imported SLIP-39 set (${countOf(shareLines(setup).length, 'share', 'shares')}), split again for these holders`;
}

/** "Any 2 of 3 holders", or "Any 2 of 3 groups, each reaching its own threshold". */
export function quorumSentence(request: Pick<CreateVaultRequest, 'groups' | 'groupThreshold'>): string {
  const only = request.groups.length === 1 ? request.groups[0] : undefined;
  if (only) return `Any ${only.memberThreshold} of ${only.holders.length} holders`;
  return `Any ${request.groupThreshold} of ${request.groups.length} groups, each reaching its own threshold`;
}

/** The dice rolls the request will carry (0 when the key is imported or the rolls cannot be read). */
function diceRollCount(setup: VaultSetup): number {
  if (setup.source !== 'new') return 0;
  try {
    return parseDiceRolls(setup.diceText).length;
  } catch {
    return 0;
  }
}
