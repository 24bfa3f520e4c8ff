// What the relay's scan-or-paste forms (a signed transaction, an owner signature, a signed set) may send: only what
// is previewed on screen, once. An edit of the box withdraws the preview; a refusal leaves nothing to confirm. No DOM.

export class PreviewGate<T> {
  private shown: T | null = null;

  /** `value` is now on screen, waiting for the person's confirmation. */
  show(value: T): void {
    this.shown = value;
  }

  /** Whether `value` is still the preview on screen (a click on a withdrawn preview sends nothing). */
  isShown(value: T): boolean {
    return this.shown !== null && this.shown === value;
  }

  /** The box was edited: true when a preview was on screen and is now withdrawn (its outcome is cleared). */
  withdraw(): boolean {
    const had = this.shown !== null;
    this.shown = null;
    return had;
  }

  /** Sent or refused: nothing is left to confirm. */
  drop(): void {
    this.shown = null;
  }
}

/** The refusal when the box is empty, with the form's error code. */
export function emptyRefusal(id: string, sentence: string): { code: string; message: string } {
  return { code: `${id}-empty`, message: sentence };
}

/** The refusal when no RPC endpoint is set, before anything is sent. */
export function noEndpointRefusal(id: string): { code: string; message: string } {
  return { code: `${id}-no-endpoint`, message: 'Add at least one RPC endpoint in Endpoints first.' };
}
