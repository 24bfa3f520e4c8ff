// The quorum unlock as a state machine: which holders may still open their share, each passphrase read once and
// sent (never kept), the progress main reports after each, the completion (with the SLIP-39 / BIP-39 passphrases the
// vault needs), a refusal's sentence, and cancel or lock, which close every opened share. No DOM here.
import type { UnlockStatusView, VaultSummaryView } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { toPublicError, type Bridge } from '../bridge';

export interface UnlockHolder {
  name: string;
  group: string;
  groupIndex: number;
}

/** Which form the dialog shows: a holder opens a share, the quorum completes, or the vault is unlocked. */
export type UnlockStage = 'present' | 'complete' | 'unlocked';

export class UnlockModel {
  status: UnlockStatusView | null = null;
  error: PublicError | null = null;
  /** A line while main works (opening a share, rebuilding the key); null when idle. */
  busy: string | null = null;
  /** The holder picked to open their share next. */
  chosen = '';
  /** Who opened their share for the unlock in progress; main forgets the list once the key is rebuilt. */
  openedBy: string[] = [];
  /** What is typed into the secret boxes, read once by the action that sends it and emptied. */
  readonly secrets = { passphrase: '', slip39: '', bip39: '' };
  readonly holders: readonly UnlockHolder[];

  constructor(
    private readonly bridge: Bridge,
    readonly vault: VaultSummaryView,
    /** Called with every new status, so the page behind shows the same state. */
    private readonly onStatus: (status: UnlockStatusView) => void,
  ) {
    this.holders = vault.groups.flatMap((g) => g.holders.map((h) => ({ name: h.name, group: g.name, groupIndex: g.groupIndex })));
  }

  /** The dialog opens on the vault's current status, with nothing typed and no error. */
  open(status: UnlockStatusView): void {
    this.status = status;
    this.error = null;
    this.chosen = '';
    if (status.state !== 'unlocked') this.openedBy = [];
    this.pickWaiting();
  }

  get stage(): UnlockStage {
    if (this.status?.state === 'unlocked') return 'unlocked';
    return this.status?.progress?.complete ? 'complete' : 'present';
  }

  /** The holders who have not opened their share yet, in the vault's order. */
  waiting(): UnlockHolder[] {
    const present = this.status?.present ?? [];
    return this.holders.filter((h) => !present.some((p) => p.toLowerCase() === h.name.toLowerCase()));
  }

  choose(name: string): void {
    this.chosen = name;
    this.error = null;
  }

  /** Cancel closes the shares opened so far: the button says so once there are any. */
  get cancelLabel(): string {
    return this.status?.present.length ? 'Cancel unlock (close the opened shares)' : 'Cancel';
  }

  /** The chosen holder opens their share with the passphrase typed; a wrong one keeps them chosen to try again. */
  async present(): Promise<void> {
    const holder = this.chosen;
    const passphrase = this.takeSecret('passphrase');
    if (!holder) return;
    if (!passphrase) {
      this.error = { code: 'passphrase-empty', message: `${holder} types their passphrase first.` };
      return;
    }
    this.busy = `Opening ${holder}'s share…`;
    try {
      this.setStatus(await this.bridge.call('unlock.present', { holder, passphrase }));
      this.error = null;
    } catch (failure) {
      this.error = toPublicError(failure);
    } finally {
      this.busy = null;
    }
  }

  /** The quorum is present: rebuild the key. A failure closes every opened share in main, and the sentence says so. */
  async complete(): Promise<void> {
    const request = {
      ...(this.vault.slip39Passphrase ? { slip39Passphrase: this.takeSecret('slip39') } : {}),
      ...(this.vault.bip39Passphrase ? { bip39Passphrase: this.takeSecret('bip39') } : {}),
    };
    this.forget();
    this.openedBy = [...(this.status?.present ?? [])];
    this.busy = 'Rebuilding the key and checking the accounts…';
    try {
      this.setStatus(await this.bridge.call('unlock.complete', request));
      this.error = null;
    } catch (failure) {
      const refusal = toPublicError(failure);
      const after = await this.bridge.call('unlock.status', {}).catch(() => null);
      if (after) this.setStatus(after);
      this.error = after && after.present.length === 0 ? { code: refusal.code, message: `${refusal.message} The opened shares were closed: the holders open them again.` } : refusal;
    } finally {
      this.busy = null;
    }
  }

  /** Cancel: closes the shares opened so far. True when the dialog may close. */
  async cancel(): Promise<boolean> {
    this.error = null;
    if (!this.status || this.status.present.length === 0 || this.status.state === 'unlocked') return true;
    return this.lock();
  }

  /** Lock now, from the unlocked dialog. True when the dialog may close. */
  async lock(): Promise<boolean> {
    try {
      this.setStatus(await this.bridge.call('vault.lock', {}));
      return true;
    } catch (failure) {
      this.error = toPublicError(failure);
      return false;
    }
  }

  /** Forgets whatever was typed. */
  forget(): void {
    this.secrets.passphrase = this.secrets.slip39 = this.secrets.bip39 = '';
  }

  private setStatus(next: UnlockStatusView): void {
    this.status = next;
    this.pickWaiting();
    this.onStatus(next);
  }

  private takeSecret(which: keyof UnlockModel['secrets']): string {
    const value = this.secrets[which];
    this.secrets[which] = '';
    return value;
  }

  /** Keeps the chosen holder if they still wait, else picks the first who does. */
  private pickWaiting(): void {
    const waiting = this.waiting();
    if (!waiting.some((h) => h.name === this.chosen)) this.chosen = waiting[0]?.name ?? '';
  }
}
