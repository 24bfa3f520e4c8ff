// The Holders & shares page apart from its DOM: the vault and its lock state as main reports them, what the lock bar
// and the facts say, the quorum after a share check, a reprint (the holder's passphrase read once), and closing the
// shares opened mid-unlock when the page is left. No DOM here.
import type { UnlockStatusView, VaultSummaryView } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { countOf, formatUtc } from '../app/format';
import { toPublicError, type Bridge } from '../bridge';
import { cardSpec, type ShareCardSpec } from './ShareCardModel';

export type Holder = VaultSummaryView['groups'][number]['holders'][number];
export type Group = VaultSummaryView['groups'][number];

const ORIGINS: Readonly<Record<VaultSummaryView['origin'], string>> = {
  created: 'created in this vault',
  'imported-bip39': 'imported from a BIP-39 recovery phrase',
  'imported-slip39': 'imported from SLIP-39 shares',
};

const BADGES: Readonly<Record<UnlockStatusView['state'], string>> = { 'no-vault': 'No vault', locked: 'Locked', collecting: 'Unlocking', unlocked: 'Unlocked' };

/** What the lock bar shows: the state, its sentence, and which buttons (with their labels). */
export interface LockBar {
  state: UnlockStatusView['state'];
  badge: string;
  line: string;
  unlock: string | null;
  lock: string | null;
}

/** One line of the vault's facts. */
export interface Fact {
  label: string;
  value: string;
  testid: string;
  wide?: boolean;
}

export class HoldersModel {
  vault: VaultSummaryView | null = null;
  status: UnlockStatusView | null = null;

  constructor(private readonly bridge: Bridge) {}

  /** Reads the vault and its lock state; the refusal when main could not answer. */
  async load(): Promise<PublicError | null> {
    return this.attempt(async () => {
      const [summary, unlock] = await Promise.all([this.bridge.call('vault.summary', {}), this.bridge.call('unlock.status', {})]);
      this.vault = summary.vault;
      this.status = unlock;
    });
  }

  /** After a passed share check: the summary again, so "last checked" moves. */
  async refreshVault(): Promise<PublicError | null> {
    return this.attempt(async () => {
      const { vault } = await this.bridge.call('vault.summary', {});
      if (vault) this.vault = vault;
    });
  }

  /** Lock, or cancel an unlock in progress (closing the shares opened so far). */
  async lock(): Promise<PublicError | null> {
    return this.attempt(async () => {
      this.status = await this.bridge.call('vault.lock', {});
    });
  }

  /** Leaving the page mid-unlock closes the shares opened so far: nothing stays open unseen. */
  leave(): void {
    if (this.status?.state === 'collecting') void this.bridge.call('vault.lock', {}).catch(() => undefined);
  }

  lockBar(): LockBar | null {
    const { vault, status } = this;
    if (!vault || !status) return null;
    const state = status.state;
    const line =
      state === 'unlocked'
        ? `Locks itself after ${countOf(vault.idleLockMinutes, 'idle minute', 'idle minutes')}. Lock it as soon as the work is done.`
        : state === 'collecting'
          ? `${status.progress?.summary ?? ''}${status.present.length ? ` · opened by ${status.present.join(', ')}` : ''}`
          : `A quorum of holders must unlock it: ${quorumOf(vault)}.`;
    return {
      state,
      badge: BADGES[state],
      line,
      unlock: state === 'unlocked' ? null : state === 'collecting' ? 'Continue unlocking' : 'Unlock',
      lock: state === 'unlocked' ? 'Lock' : state === 'collecting' ? 'Cancel unlock' : null,
    };
  }

  facts(vault: VaultSummaryView): Fact[] {
    const unlockNeeds = ["each present holder's own passphrase"];
    if (vault.slip39Passphrase) unlockNeeds.push('the SLIP-39 passphrase');
    if (vault.bip39Passphrase) unlockNeeds.push('the BIP-39 passphrase');
    return [
      { label: 'Key', value: vault.seedDerivationDescription, testid: 'vault-seed-derivation', wide: true },
      { label: 'Master secret', value: `${vault.secretBits} bits`, testid: 'vault-secret-bits' },
      { label: 'SLIP-39 identifier', value: String(vault.identifier), testid: 'vault-identifier' },
      { label: 'Extendable', value: vault.extendable ? 'Yes: shares can be added later' : 'No (original SLIP-39 format)', testid: 'vault-extendable' },
      { label: 'Iteration exponent', value: `${vault.iterationExponent} (${(10_000 * 2 ** vault.iterationExponent).toLocaleString('en-GB')} PBKDF2 iterations)`, testid: 'vault-iteration-exponent' },
      { label: 'Unlock needs', value: `A quorum of holders (${quorumOf(vault)}), with ${unlockNeeds.join(', ')}`, testid: 'vault-unlock-needs', wide: true },
      { label: 'Created', value: `${formatUtc(vault.createdAt)} · ${ORIGINS[vault.origin]}`, testid: 'vault-created' },
      { label: 'Locks itself', value: `After ${countOf(vault.idleLockMinutes, 'idle minute', 'idle minutes')}`, testid: 'vault-idle-lock' },
    ];
  }

  /** A holder's card again: their passphrase opens their stored share (audited). The card, or why not. */
  async reprint(holder: Holder, passphrase: string): Promise<{ card: ShareCardSpec } | { error: PublicError }> {
    const vault = this.vault;
    if (!vault) return { error: { code: 'vault-missing', message: 'There is no vault in this database yet. Create or import one first.' } };
    if (!passphrase) return { error: { code: 'passphrase-empty', message: `${holder.name} types their passphrase first.` } };
    try {
      const reply = await this.bridge.call('shares.reprint', { holder: holder.name, passphrase });
      return { card: { ...cardSpec(vault, reply.share, { occasion: 'reprinted', madeAt: Date.now(), identifierWords: reply.identifierWords }), vaultName: reply.vaultName } };
    } catch (error) {
      return { error: toPublicError(error) };
    }
  }

  private async attempt(work: () => Promise<void>): Promise<PublicError | null> {
    try {
      await work();
      return null;
    } catch (error) {
      return toPublicError(error);
    }
  }
}

/** "any 2 of 3 holders", or "any 2 of 3 groups". */
export function quorumOf(vault: Pick<VaultSummaryView, 'groups' | 'groupThreshold'>): string {
  const only = vault.groups.length === 1 ? vault.groups[0]! : null;
  return only ? `any ${only.memberThreshold} of ${only.memberCount} holders` : `any ${vault.groupThreshold} of ${vault.groups.length} groups`;
}

/** "Quorum: any 2 of 3 holders". */
export function quorumTitle(vault: VaultSummaryView): string {
  return `Quorum: ${quorumOf(vault)}`;
}
