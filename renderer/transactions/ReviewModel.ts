// Review & sign apart from its DOM: the stored drafts and the one chosen (each fetched again, rebuilt and reviewed
// anew), what the Sign button says, whether signing needs a quorum unlock first, and the signing itself with the
// digest on screen (a changed draft is refused by main). No DOM here.
import type { DraftJson, SignedDraftJson, UnlockStatusView, VaultSummaryView } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { toPublicError, type Bridge } from '../bridge';

/** What the page shows after loading: the drafts, or why there is nothing to review. */
export type ReviewLoad = { kind: 'drafts' } | { kind: 'no-vault' } | { kind: 'no-drafts' } | { kind: 'failed'; error: PublicError };

export class ReviewModel {
  drafts: DraftJson[] = [];
  vault: VaultSummaryView | null = null;
  status: UnlockStatusView | null = null;
  selected: DraftJson | null = null;

  constructor(
    private readonly bridge: Bridge,
    /** The draft to open first (Build's, Safe execute's); else the newest. */
    private readonly wanted: number | null,
  ) {}

  async load(): Promise<ReviewLoad> {
    try {
      const [summary, unlock] = await Promise.all([this.bridge.call('vault.summary', {}), this.bridge.call('unlock.status', {})]);
      this.vault = summary.vault;
      this.status = unlock;
      this.drafts = this.vault ? (await this.bridge.call('drafts.list', {})).drafts : [];
    } catch (error) {
      return { kind: 'failed', error: toPublicError(error) };
    }
    if (!this.vault) return { kind: 'no-vault' };
    if (this.drafts.length === 0) return { kind: 'no-drafts' };
    this.selected = this.drafts.find((d) => d.id === this.wanted) ?? this.drafts[0]!;
    return { kind: 'drafts' };
  }

  /** Fetches the draft again (it is rebuilt and reviewed anew) and chooses it; the refusal otherwise. */
  async open(id: number): Promise<PublicError | null> {
    try {
      this.selected = (await this.bridge.call('drafts.get', { id })).draft;
      return null;
    } catch (error) {
      return toPublicError(error);
    }
  }

  get locked(): boolean {
    return this.status?.state !== 'unlocked';
  }

  /** Whether the draft can still be discarded: only an unsigned one (a signature, once made, is not taken back). */
  canDiscard(draft: DraftJson): boolean {
    return draft.status === 'draft';
  }

  /** Discards the chosen draft after the holder confirmed it (audited by main); it stays listed, marked discarded. */
  async discard(): Promise<PublicError | null> {
    const draft = this.selected;
    if (!draft) return null;
    try {
      const { draft: discarded } = await this.bridge.call('drafts.discard', { id: draft.id });
      this.drafts = this.drafts.map((d) => (d.id === discarded.id ? discarded : d));
      if (this.selected?.id === discarded.id) this.selected = discarded;
      return null;
    } catch (error) {
      return toPublicError(error);
    }
  }

  /** The Sign button's words for the chosen draft. */
  signLabel(draft: DraftJson): string {
    return draft.status === 'signed' ? 'Show the signature' : this.locked ? 'Unlock and sign' : 'Sign';
  }

  /** The codes to acknowledge before Sign: none for a draft already signed (its acknowledgements are on record and
   * its signature is handed out as it was made; what blocks still refuses it). */
  acknowledgements(draft: DraftJson): readonly string[] {
    return draft.status === 'signed' ? [] : draft.acknowledgementsRequired;
  }

  /** The line under the acknowledgements: what signing does (none for a draft already signed). */
  signHint(draft: DraftJson): string | null {
    if (draft.status === 'signed') return null;
    return `${this.locked ? 'The vault is locked: Sign first asks a quorum of holders to unlock it. ' : ''}The vault signs exactly the digest above; if the draft changed since it was built, signing is refused.`;
  }

  /**
   * What Sign does next: sign now (a signed draft's signature is stored and needs no unlock), or ask for a quorum
   * unlock first; the refusal when main could not say whether the vault is unlocked.
   */
  async beforeSigning(): Promise<'sign' | 'unlock' | PublicError> {
    if (this.selected?.status === 'signed') return 'sign';
    try {
      this.status = await this.bridge.call('unlock.status', {});
    } catch (error) {
      return toPublicError(error);
    }
    return this.status.state === 'unlocked' ? 'sign' : 'unlock';
  }

  /** Signs the chosen draft with the digest on screen; null when another draft was chosen meanwhile. */
  async sign(acknowledge: string[]): Promise<{ signed: SignedDraftJson; draft: DraftJson } | { error: PublicError } | null> {
    const draft = this.selected;
    if (!draft) return null;
    try {
      const { signed } = await this.bridge.call('drafts.sign', { id: draft.id, digest: draft.digest, acknowledge });
      if (this.selected !== draft) return null;
      const listed = this.drafts.find((d) => d.id === draft.id);
      if (listed) listed.status = 'signed';
      return { signed, draft };
    } catch (error) {
      return { error: toPublicError(error) };
    }
  }
}
