// The relay's scan-or-paste form (Broadcast queue, Safe signatures): the endpoints it will use, a scanner slot, the
// box for what the vault showed, and two steps. The form's button (and a scan) only decodes: it shows what the text
// does, with the fingerprint words the vault showed. Nothing reaches main until the person presses the confirm button
// under that preview; editing the box withdraws the preview, so what is sent is exactly what was shown.
import type { PublicError } from '../../shared/errors';
import { toPublicError } from '../bridge';
import { el, replace, type Child } from '../app/dom';
import { errorNotice } from '../ui/ErrorNotice';
import { field } from '../ui/Field';
import { endpointLine } from './EndpointLine';
import type { RelayEndpoints } from './RelayEndpointsModel';

export interface RelayPasteFormSpec {
  /** The test-id and error-code prefix: <id>-form, -input, -preview, -outcome, -error, -empty, -no-endpoint. */
  id: string;
  heading: string;
  /** The endpoint line's lead, e.g. "Sends to: ". */
  endpointsLead: string;
  scanner: Child[];
  input: { label: string; hint: string; placeholder: string };
  /** The form's button: decodes and shows, never sends. */
  button: { label: string; testid: string };
  /** The button under the preview that sends. */
  confirm: { label: string; testid: string };
  /** The sentence when the box is empty. */
  empty: string;
  /** Decodes the text (pure, in the page) into what the person checks before confirming; a throw is shown as the refusal. */
  preview(payload: string): HTMLElement;
  /** Asks main with the text that was previewed and draws the answer in outcome; a throw is shown as the refusal. */
  send(payload: string, endpoints: string[], outcome: HTMLElement): Promise<void>;
  /** After every send, answered or refused (e.g. read the queue again). */
  settled(): Promise<void>;
}

export interface RelayPasteForm {
  form: HTMLFormElement;
  outcome: HTMLElement;
  input: HTMLTextAreaElement;
  /** Puts text in the box (a scan) and shows what it does; nothing is sent. */
  show(text: string): void;
  readonly disposed: boolean;
  dispose(): void;
}

export function relayPasteForm(endpoints: RelayEndpoints, spec: RelayPasteFormSpec): RelayPasteForm {
  const input = el('textarea', {
    className: 'input relay-lines',
    testid: `${spec.id}-input`,
    attrs: { rows: '4', spellcheck: 'false', autocomplete: 'off', placeholder: spec.input.placeholder },
  });
  const button = el('button', { className: 'button', testid: spec.button.testid, attrs: { type: 'submit' } }, [spec.button.label]);
  const line = endpointLine(endpoints, `${spec.id}-endpoints`, () => spec.endpointsLead);
  const outcome = el('div', { testid: `${spec.id}-outcome`, attrs: { 'aria-live': 'polite' } });
  const form = el('form', { className: 'panel', testid: `${spec.id}-form`, attrs: { novalidate: '' } }, [
    el('h2', { className: 'panel-title' }, [spec.heading]),
    line.root,
    el('div', { className: 'relay-scanner-slot', testid: `${spec.id}-scanner-slot` }, spec.scanner),
    field({ label: spec.input.label, control: input, hint: spec.input.hint }),
    button,
  ]);
  let disposed = false;
  let previewed: string | null = null;
  const refuse = (error: PublicError) => {
    previewed = null;
    replace(outcome, [errorNotice(error, `${spec.id}-error`)]);
  };

  function show(payload: string): void {
    if (!payload) return refuse({ code: `${spec.id}-empty`, message: spec.empty });
    let card: HTMLElement;
    try {
      card = spec.preview(payload);
    } catch (error) {
      return refuse(toPublicError(error));
    }
    previewed = payload;
    const confirm = el('button', { className: 'button button-primary', testid: spec.confirm.testid, attrs: { type: 'button' }, on: { click: () => void send(payload, confirm) } }, [spec.confirm.label]);
    replace(outcome, [el('div', { className: 'panel relay-preview', testid: `${spec.id}-preview` }, [card, confirm])]);
  }

  async function send(payload: string, confirm: HTMLButtonElement): Promise<void> {
    // Only what is on screen is sent: a preview withdrawn by an edit cannot be confirmed.
    if (previewed !== payload) return;
    const urls = endpoints.list();
    if (urls.length === 0) return refuse({ code: `${spec.id}-no-endpoint`, message: 'Add at least one RPC endpoint in Endpoints first.' });
    previewed = null;
    confirm.disabled = true;
    button.disabled = true;
    try {
      await spec.send(payload, [...urls], outcome);
    } catch (error) {
      if (!disposed) refuse(toPublicError(error));
    } finally {
      button.disabled = false;
      await spec.settled();
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    show(input.value.trim());
  });
  input.addEventListener('input', () => {
    if (previewed === null) return;
    previewed = null;
    replace(outcome, []);
  });
  return {
    form,
    outcome,
    input,
    show(text) {
      input.value = text;
      show(text.trim());
    },
    get disposed() {
      return disposed;
    },
    dispose() {
      disposed = true;
      line.dispose();
    },
  };
}
