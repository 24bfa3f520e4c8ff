// The create/import wizard's draft: what has been typed so far, the checks each step makes before
// Next, and the vault.create request built from it. No DOM here.
import type { CreateVaultRequest } from '../../shared/bridge';
import { diceBits, parseDiceRolls } from '../../shared/crypto/entropy';

export type SourceKind = 'new' | 'bip39' | 'slip39';
export type AccountRole = 'eoa-treasury' | 'safe-owner' | 'executor';
export type PathScheme = 'bip44' | 'ledger-live';

export interface HolderDraft {
  name: string;
  passphrase: string;
  confirm: string;
}

export interface GroupDraft {
  name: string;
  memberThreshold: number;
  holders: HolderDraft[];
}

export interface AccountDraft {
  scheme: PathScheme;
  index: number;
  label: string;
  role: AccountRole;
}

/** Everything typed so far. Kept whole across steps and refusals; wiped when the wizard ends. */
export interface VaultDraft {
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
  groups: GroupDraft[];
  iterationExponent: number;
  extendable: boolean;
  accounts: AccountDraft[];
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

export const emptyHolder = (): HolderDraft => ({ name: '', passphrase: '', confirm: '' });

export function newDraft(source: SourceKind): VaultDraft {
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

/** Overwrites every secret the draft holds, then empties its lists (strings cannot be zeroed; references can be dropped). */
export function wipeDraft(draft: VaultDraft): void {
  draft.diceText = '';
  draft.bip39Mnemonic = '';
  draft.bip39Passphrase = '';
  draft.slip39Shares = '';
  draft.slip39Passphrase = '';
  draft.slip39PassphraseConfirm = '';
  for (const group of draft.groups) {
    for (const holder of group.holders) {
      holder.passphrase = '';
      holder.confirm = '';
    }
  }
  draft.groups = [];
}

/** Mirrors shared/evm/hd.ts pathFor (kept local so the renderer bundle does not pull in BIP-32). */
export function pathText(scheme: PathScheme, index: number): string {
  return scheme === 'bip44' ? `m/44'/60'/0'/0/${index}` : `m/44'/60'/${index}'/0/0`;
}

export function holderCount(draft: VaultDraft): number {
  return draft.groups.reduce((n, g) => n + g.holders.length, 0);
}

/** Thresholds a group of `count` holders may use: 1 alone would hand every holder the same share. */
export function thresholdChoices(count: number): number[] {
  if (count <= 1) return [1];
  return Array.from({ length: count - 1 }, (_, i) => i + 2);
}
/** "8 rolls ≈ 20 bits collected", or the sentence naming the first roll that is not 1–6. */
export function diceCounterText(draft: VaultDraft): string {
  try {
    const rolls = parseDiceRolls(draft.diceText).length;
    if (rolls === 0) return 'No dice rolls: the key comes from this computer\'s randomness alone, which is enough.';
    return `${rolls} ${rolls === 1 ? 'roll' : 'rolls'} ≈ ${diceBits(rolls)} bits collected`;
  } catch (error) {
    return error instanceof Error ? error.message : 'These dice rolls cannot be read.';
  }
}
export function checkKeyStep(draft: VaultDraft): string[] {
  const problems: string[] = [];
  if (!draft.name.trim()) problems.push('Give the vault a name, e.g. "Acme treasury".');
  if (draft.source === 'new') {
    try {
      parseDiceRolls(draft.diceText);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : 'The dice rolls cannot be read.');
    }
  } else if (draft.source === 'bip39') {
    if (!draft.bip39Mnemonic.trim()) problems.push('Type the BIP-39 recovery phrase to import.');
  } else {
    if (shareLines(draft).length === 0) problems.push('Type the SLIP-39 shares to import, one per line.');
    problems.push(...slip39PassphraseProblems(draft));
  }
  return problems;
}

function slip39PassphraseProblems(draft: VaultDraft): string[] {
  const problems: string[] = [];
  // SLIP-39 passphrases are printable ASCII only (the standard's rule).
  if (!/^[\x20-\x7e]*$/.test(draft.slip39Passphrase)) problems.push('The SLIP-39 passphrase may use only printable ASCII characters (letters, digits, punctuation, space).');
  if (draft.slip39Passphrase !== draft.slip39PassphraseConfirm) problems.push('The two SLIP-39 passphrases differ; type the same one twice.');
  return problems;
}

const shareLines = (draft: VaultDraft) =>
  draft.slip39Shares
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
export function checkHoldersStep(draft: VaultDraft): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const [gi, group] of draft.groups.entries()) {
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
  if (draft.source !== 'slip39') problems.push(...slip39PassphraseProblems(draft));
  return problems;
}
export function checkAccountsStep(draft: VaultDraft): string[] {
  const problems: string[] = [];
  if (draft.accounts.length === 0) problems.push('Register at least one account.');
  const seen = new Set<string>();
  for (const [ai, account] of draft.accounts.entries()) {
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

// ---------- the request ----------

export function createRequest(draft: VaultDraft): CreateVaultRequest {
  const source: CreateVaultRequest['source'] =
    draft.source === 'new'
      ? { kind: 'new', secretBits: draft.secretBits, diceRolls: parseDiceRolls(draft.diceText) }
      : draft.source === 'bip39'
        ? { kind: 'bip39', mnemonic: draft.bip39Mnemonic.trim().replace(/\s+/g, ' '), bip39Passphrase: draft.bip39Passphrase }
        : { kind: 'slip39', shares: shareLines(draft) };
  return {
    name: draft.name.trim(),
    source,
    groupThreshold: draft.groups.length > 1 ? draft.groupThreshold : 1,
    groups: draft.groups.map((g) => ({
      name: g.name.trim(),
      memberThreshold: g.memberThreshold,
      holders: g.holders.map((h) => ({ name: h.name.trim(), passphrase: h.passphrase })),
    })),
    slip39Passphrase: draft.slip39Passphrase,
    iterationExponent: draft.iterationExponent,
    extendable: draft.extendable,
    accounts: draft.accounts.map((a) => ({ scheme: a.scheme, index: a.index, label: a.label.trim(), role: a.role })),
  };
}

/** The dice rolls the request will carry (0 when the key is imported). */
export function diceRollCount(draft: VaultDraft): number {
  if (draft.source !== 'new') return 0;
  try {
    return parseDiceRolls(draft.diceText).length;
  } catch {
    return 0;
  }
}

export function importedShareCount(draft: VaultDraft): number {
  return shareLines(draft).length;
}

export function importedWordCount(draft: VaultDraft): number {
  return draft.bip39Mnemonic.trim().split(/\s+/).filter(Boolean).length;
}
