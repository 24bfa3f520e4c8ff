// The vault's trusted relays apart from their DOM: the pinned keys, the pairing form's key, words and name (the words
// typed by the holder, never scanned), a pairing refused by main when the words differ, and a revocation asked for
// once and confirmed. No DOM here.
import type { ResponseOf } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { toPublicError, type Bridge } from '../bridge';

export type Pin = ResponseOf<'snapshots.pins'>['pins'][number];
export type PairingOutcome = { done: string } | { error: PublicError };

export class SnapshotPairingModel {
  pins: Pin[] = [];
  /** The relay key whose revocation waits for its confirmation. */
  confirming: string | null = null;
  readonly form = { key: '', words: '', label: '' };

  constructor(private readonly bridge: Bridge) {}

  /** Reads the pins again; the refusal when they could not be read. */
  async load(): Promise<PublicError | null> {
    try {
      this.pins = (await this.bridge.call('snapshots.pins', {})).pins;
      return null;
    } catch (error) {
      return toPublicError(error);
    }
  }

  /** Pins the key with the words the holder read on the relay's screen (main recomputes them); the form empties once pinned. */
  async pair(): Promise<PairingOutcome> {
    const label = this.form.label.trim();
    try {
      const { pinned } = await this.bridge.call('snapshots.pair', { relayKey: this.form.key.trim(), words: this.form.words, ...(label ? { label } : {}) });
      Object.assign(this.form, { key: '', words: '', label: '' });
      await this.load();
      return { done: `Pinned relay "${pinned.label}" (${pinned.fingerprint}). Snapshots signed by it can now be imported.` };
    } catch (error) {
      return { error: toPublicError(error) };
    }
  }

  /** Asks to revoke a relay (or stops asking, with null). */
  ask(relayKey: string | null): void {
    this.confirming = relayKey;
  }

  async unpair(relayKey: string): Promise<PairingOutcome> {
    try {
      const { pin } = await this.bridge.call('snapshots.unpair', { relayKey });
      this.confirming = null;
      await this.load();
      return { done: `Revoked relay "${pin.label}" (${pin.fingerprint}). Its snapshots are no longer imported or built on; pair it again below only if you trust it again.` };
    } catch (error) {
      return { error: toPublicError(error) };
    }
  }
}
