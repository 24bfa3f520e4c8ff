// The share cards handed out one holder at a time, as a state machine: a hand-over names the next holder; only when
// they ask is their card shown; when they confirm it, their words are dropped before the next hand-over. No DOM here.
import type { VaultSummaryView } from '../../shared/bridge';
import { cardSpec, type HolderShare, type ShareCardSpec } from './ShareCardModel';

/** What the hand-out shows now: a hand-over to the next holder, their card, or the end. */
export type HandoutScreen =
  | { kind: 'handover'; holder: string; position: string; where: string }
  | { kind: 'card'; card: ShareCardSpec; position: string; next: string }
  | { kind: 'done'; total: number };

export class ShareHandoutModel {
  private readonly shares: Array<HolderShare | null>;
  private index = 0;
  private revealed = false;

  constructor(
    readonly vault: VaultSummaryView,
    shares: readonly HolderShare[],
  ) {
    this.shares = [...shares];
  }

  get total(): number {
    return this.shares.length;
  }

  screen(): HandoutScreen {
    if (this.index >= this.total) return { kind: 'done', total: this.total };
    const share = this.shares[this.index]!;
    const position = `Card ${this.index + 1} of ${this.total}`;
    if (!this.revealed) return { kind: 'handover', holder: share.holder, position, where: `group ${share.groupIndex + 1}, ${share.group}` };
    const next = this.shares[this.index + 1];
    return {
      kind: 'card',
      card: cardSpec(this.vault, share, { occasion: 'created', madeAt: this.vault.createdAt }),
      position,
      next: next ? `Next: ${next.holder}'s card` : 'This is the last card.',
    };
  }

  /** The holder at the screen asks for their card. */
  reveal(): void {
    if (this.index < this.total) this.revealed = true;
  }

  /** They have written or printed it: their words are dropped, and the next hand-over follows. */
  confirm(): void {
    if (!this.revealed) return;
    this.shares[this.index] = null;
    this.index += 1;
    this.revealed = false;
  }

  /** Holders who have not yet confirmed their card. */
  remaining(): number {
    return this.shares.filter(Boolean).length;
  }

  /** Drops every share's words still held. */
  wipe(): void {
    this.shares.fill(null);
  }
}
