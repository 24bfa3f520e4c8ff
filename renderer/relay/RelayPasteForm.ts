// The relay's scan-or-paste form (Broadcast queue, Safe signatures): the endpoints it will use, a scan button, the
// box for what the vault showed, and two steps. The form's button (and a scan) only decodes: it shows what the text
// does, with the fingerprint words the vault showed. Nothing reaches main until the person presses the confirm button
// under that preview; editing the box withdraws the preview, so what is sent is exactly what was shown
// (./RelayPreviewModel.ts).
import type { PublicError } from '../../shared/errors';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import type { Scope } from '../app/scope';
import type { ViewContext } from '../app/view';
import { scanButton } from '../airgap/ScanButton';
import type { QrScanResult } from '../components/QrScanner';
import { errorNotice } from '../ui/ErrorNotice';
import { field } from '../ui/Field';
import { endpointLine } from './EndpointLine';
import { emptyRefusal, noEndpointRefusal, PreviewGate } from './RelayPreviewModel';

export interface RelayPasteFormSpec {
  /** The test-id and error-code prefix: <id>-form, -input, -preview, -outcome, -error, -empty, -no-endpoint, -scan. */
  id: string;
  heading: string;
  /** The endpoint line's lead, e.g. "Sends to: ". */
  endpointsLead: string;
  /** What the camera reads, and the text it puts in the box; `note` is said under the scan button. */
  scan: { expect: string[]; title: string; text(result: QrScanResult): string; note?: string };
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
}

/** The form, drawn in the page's `scope` (its scanner and endpoint line go with it). */
export function relayPasteForm({ bridge, relayEndpoints }: ViewContext, scope: Scope, spec: RelayPasteFormSpec): RelayPasteForm {
  const input = el('textarea', {
    className: 'input relay-lines',
    testid: `${spec.id}-input`,
    attrs: { rows: '4', spellcheck: 'false', autocomplete: 'off', placeholder: spec.input.placeholder },
  });
  const button = el('button', { className: 'button', testid: spec.button.testid, attrs: { type: 'submit' } }, [spec.button.label]);
  const outcome = el('div', { testid: `${spec.id}-outcome`, attrs: { 'aria-live': 'polite' } });
  const gate = new PreviewGate<string>();
  const refuse = (error: PublicError) => {
    gate.drop();
    replace(outcome, [errorNotice(error, `${spec.id}-error`)]);
  };
  const scan = scope.own(
    scanButton({ bridge, expect: spec.scan.expect, title: spec.scan.title, testid: `${spec.id}-scan`, onResult: (result) => show((input.value = spec.scan.text(result)).trim()) }),
  );

  function show(payload: string): void {
    if (!payload) return refuse(emptyRefusal(spec.id, spec.empty));
    let card: HTMLElement;
    try {
      card = spec.preview(payload);
    } catch (error) {
      return refuse(toPublicError(error));
    }
    gate.show(payload);
    const confirm = el('button', { className: 'button button-primary', testid: spec.confirm.testid, attrs: { type: 'button' }, on: { click: () => void send(payload, confirm) } }, [spec.confirm.label]);
    replace(outcome, [el('div', { className: 'panel relay-preview', testid: `${spec.id}-preview` }, [card, confirm])]);
  }

  async function send(payload: string, confirm: HTMLButtonElement): Promise<void> {
    // Only what is on screen is sent: a preview withdrawn by an edit cannot be confirmed.
    if (!gate.isShown(payload)) return;
    const urls = relayEndpoints.list();
    if (urls.length === 0) return refuse(noEndpointRefusal(spec.id));
    gate.drop();
    confirm.disabled = true;
    button.disabled = true;
    try {
      await spec.send(payload, [...urls], outcome);
    } catch (error) {
      if (scope.shown()) refuse(toPublicError(error));
    } finally {
      button.disabled = false;
      await spec.settled();
    }
  }

  const form = el('form', { className: 'panel', testid: `${spec.id}-form`, attrs: { novalidate: '' }, on: { submit: (event) => (event.preventDefault(), show(input.value.trim())) } }, [
    el('h2', { className: 'panel-title' }, [spec.heading]),
    scope.own(endpointLine(relayEndpoints, `${spec.id}-endpoints`, () => spec.endpointsLead)).root,
    el('div', { className: 'relay-scanner-slot', testid: `${spec.id}-scanner-slot` }, [scan.root, spec.scan.note ? el('p', { className: 'muted' }, [spec.scan.note]) : null]),
    field({ label: spec.input.label, control: input, hint: spec.input.hint }),
    button,
  ]);
  input.addEventListener('input', () => gate.withdraw() && replace(outcome, []));
  return { form, outcome, input };
}
