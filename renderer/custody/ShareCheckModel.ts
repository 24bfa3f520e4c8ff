// A holder's share check as a state machine: the words (typed or scanned) and the passphrase, checked by main without
// rebuilding anything and recorded; the words stay after a refusal so one can be corrected, the passphrase never
// does, and everything typed is forgotten when the dialog closes. No DOM here.
import type { ResponseOf } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { toPublicError, type Bridge } from '../bridge';

/** Who checks: the holder's name and where their share sits, for the line under the title. */
export interface ShareCheckHolder {
  name: string;
  groupName: string;
  memberIndex: number;
  memberCount: number;
}

export type ShareCheckResult = ResponseOf<'shares.check'>;

/** Where the cursor goes after a check: to what needs typing again, or to the title over the result. */
export type ShareCheckFocus = 'words' | 'passphrase' | 'title';

/** Refusals about the passphrase put the cursor there; any other refusal is about the words. */
const PASSPHRASE_CODES = new Set(['passphrase-wrong', 'passphrase-empty', 'passphrase-attempts-delayed']);

/** A card's QR code carries its words as plain text: 20 to 33 words. */
export const isShareWords = (text: string): boolean => /^[a-z]+(\s+[a-z]+){19,32}\s*$/i.test(text.trim());

export class ShareCheckModel {
  holder: ShareCheckHolder | null = null;
  error: PublicError | null = null;
  result: ShareCheckResult | null = null;
  busy = false;
  readonly secrets = { words: '', passphrase: '' };

  constructor(
    private readonly bridge: Bridge,
    /** Called after a passed check, so the page behind can show the new "last checked" date. */
    private readonly onChecked: (result: ShareCheckResult) => void,
  ) {}

  open(holder: ShareCheckHolder): void {
    this.forget();
    this.holder = holder;
  }

  /** Forgets everything typed and any answer. */
  forget(): void {
    this.secrets.words = '';
    this.secrets.passphrase = '';
    this.error = null;
    this.result = null;
  }

  close(): void {
    this.holder = null;
    this.forget();
  }

  /** Sends the words and passphrase; returns where the cursor should go, or null when the dialog moved on meanwhile. */
  async check(): Promise<ShareCheckFocus | null> {
    const current = this.holder;
    if (!current) return null;
    const words = this.secrets.words.trim();
    const passphrase = this.secrets.passphrase;
    this.secrets.passphrase = '';
    if (!words) return this.refuse({ code: 'share-words-empty', message: `${current.name} types the words from their card first.` }, 'words');
    if (!passphrase) return this.refuse({ code: 'passphrase-empty', message: `${current.name} types their passphrase too.` }, 'passphrase');
    this.busy = true;
    try {
      const passed = await this.bridge.call('shares.check', { holder: current.name, words, passphrase });
      if (this.holder !== current) return null;
      this.result = passed;
      this.error = null;
      // A passed check needs the words no more.
      this.secrets.words = '';
      this.onChecked(passed);
      return 'title';
    } catch (failure) {
      if (this.holder !== current) return null;
      // The words stay so one can be corrected; the passphrase is typed again.
      const error = toPublicError(failure);
      return this.refuse(error, PASSPHRASE_CODES.has(error.code) ? 'passphrase' : 'words');
    } finally {
      this.busy = false;
    }
  }

  private refuse(error: PublicError, focus: ShareCheckFocus): ShareCheckFocus {
    this.error = error;
    return focus;
  }
}
