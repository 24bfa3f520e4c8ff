// The relay's paste-and-send form (Broadcast queue, Safe signatures): the endpoints it will use, a scanner slot, the
// box for what the vault showed, one button; it refuses an empty box or no endpoint before asking main, keeps the
// button off while main works, and shows a refusal in the outcome under the form. The view says what to send.
import type { PublicError } from '../../shared/errors';
import { toPublicError } from '../bridge';
import { el, replace, type Child } from '../app/dom';
import { errorNotice } from '../ui/ErrorNotice';
import { field } from '../ui/Field';
import { endpointLine } from './EndpointLine';
import type { RelayEndpoints } from './RelayEndpointsModel';

export interface RelayPasteFormSpec {
  /** The test-id and error-code prefix: <id>-form, -input, -outcome, -error, -empty, -no-endpoint. */
  id: string;
  heading: string;
  /** The endpoint line's lead, e.g. "Sends to: ". */
  endpointsLead: string;
  scanner: Child[];
  input: { label: string; hint: string; placeholder: string };
  button: { label: string; testid: string };
  /** The sentence when the box is empty. */
  empty: string;
  /** Asks main with the pasted text and draws the answer in outcome; a throw is shown as the refusal. */
  send(payload: string, endpoints: string[], outcome: HTMLElement): Promise<void>;
  /** After every send, answered or refused (e.g. read the queue again). */
  settled(): Promise<void>;
}

export interface RelayPasteForm {
  form: HTMLFormElement;
  outcome: HTMLElement;
  input: HTMLTextAreaElement;
  /** Puts text in the box (a scan) and sends it. */
  submit(text: string): Promise<void>;
  readonly disposed: boolean;
  dispose(): void;
}

export function relayPasteForm(endpoints: RelayEndpoints, spec: RelayPasteFormSpec): RelayPasteForm {
  const input = el('textarea', {
    className: 'input relay-lines',
    testid: `${spec.id}-input`,
    attrs: { rows: '4', spellcheck: 'false', autocomplete: 'off', placeholder: spec.input.placeholder },
  });
  const button = el('button', { className: 'button button-primary', testid: spec.button.testid, attrs: { type: 'submit' } }, [spec.button.label]);
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
  const refuse = (error: PublicError) => replace(outcome, [errorNotice(error, `${spec.id}-error`)]);

  async function send(payload: string): Promise<void> {
    const urls = endpoints.list();
    if (!payload) return refuse({ code: `${spec.id}-empty`, message: spec.empty });
    if (urls.length === 0) return refuse({ code: `${spec.id}-no-endpoint`, message: 'Add at least one RPC endpoint in Endpoints first.' });
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
    void send(input.value.trim());
  });
  return {
    form,
    outcome,
    input,
    submit(text) {
      input.value = text;
      return send(text.trim());
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
