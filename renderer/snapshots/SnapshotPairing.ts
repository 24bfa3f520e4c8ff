// The vault's pinned relay keys and the form that pins one: the relay's public key and the four words
// the person read on the relay's screen. Main recomputes the words and refuses a mismatch. A pairing can be
// revoked (Unpair, after a confirmation): the relay's snapshots are refused from then on, until it is paired again.
// A pairing is sealed by the vault, so pairing needs a quorum to have it unlocked; a pin without a valid seal (in the
// file from before seals, or written there by someone) is shown as not trusted until it is paired again.
import { toHex } from '../../shared/bytes';
import { RELAY_KEY_UR_TYPE } from '../../shared/airgap/airlock-types';
import type { Bridge } from '../bridge';
import { el, replace } from '../app/dom';
import { formatUtc } from '../app/format';
import { errorNotice } from '../ui/ErrorNotice';
import { field, textInput } from '../ui/Field';
import { scanButton } from '../airgap/ScanButton';
import { SnapshotPairingModel, type PairingOutcome, type Pin } from './SnapshotPairingModel';

export interface SnapshotPairing {
  root: HTMLElement;
  /** Reads the pins again; resolves with how many there are. */
  load(): Promise<number>;
  /** Stops the camera if a scan is open. */
  dispose(): void;
}

/** `onChanged` runs after a relay is pinned, unpaired or pinned again. */
export function snapshotPairing(bridge: Bridge, onChanged: () => void): SnapshotPairing {
  const model = new SnapshotPairingModel(bridge);
  const list = el('div', { testid: 'pins' });
  const status = el('div', { testid: 'pair-status', attrs: { 'aria-live': 'polite' } });
  const submit = el('button', { className: 'button button-primary', testid: 'pair-submit', attrs: { type: 'submit' } }, ['Pin this relay key']);
  const keyInput = textInput({ testid: 'pair-key', value: '', onInput: (v) => (model.form.key = v), attrs: { placeholder: '0x02… or 0x03… (33 bytes)' } });
  const wordsInput = textInput({ testid: 'pair-words', value: '', onInput: (v) => (model.form.words = v), attrs: { placeholder: 'four words' } });
  const labelInput = textInput({ testid: 'pair-label', value: '', onInput: (v) => (model.form.label = v), attrs: { placeholder: 'e.g. office relay', maxlength: '80' } });
  // The key comes by camera from the relay's Pairing view; the words are never scanned: the holder compares them.
  const scan = scanButton({
    bridge,
    expect: [RELAY_KEY_UR_TYPE],
    title: "Scan the relay key from the relay's Pairing view",
    label: 'Scan the relay key',
    testid: 'pair-scan',
    onResult: (result) => {
      model.form.key = keyInput.value = toHex(result.payload);
      wordsInput.focus();
    },
  });
  const form = el('form', { className: 'snapshot-pair-form', testid: 'pair-form', attrs: { novalidate: '' } }, [
    scan.root,
    field({ label: 'Relay public key', control: keyInput, hint: 'Scanned, or typed as the relay’s Pairing view shows it.' }),
    field({ label: 'Fingerprint words on the relay’s screen', control: wordsInput, hint: 'Type the four words the relay shows. If what you see there differs in any way, stop: do not pair.' }),
    field({ label: 'Name (optional)', control: labelInput }),
    el('p', { className: 'muted', testid: 'pair-needs-unlock' }, ['The vault seals each pairing with its own key, so a quorum must have it unlocked to pair.']),
    submit,
  ]);
  const details = el('details', { className: 'snapshot-pair', testid: 'pair-details' }, [el('summary', { testid: 'pair-open' }, ['Pair a relay']), form]);

  /** A pairing or revocation's outcome in the status line; on success the list is drawn again and the page told. */
  function report(outcome: PairingOutcome, testids: { done: string; error: string }): boolean {
    if ('error' in outcome) {
      replace(status, [errorNotice(outcome.error, testids.error)]);
      return false;
    }
    replace(status, [el('p', { className: 'notice notice-info', testid: testids.done, attrs: { role: 'status' } }, [outcome.done])]);
    draw();
    onChanged();
    return true;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    void model.pair().then((outcome) => {
      submit.disabled = false;
      if (!report(outcome, { done: 'pair-done', error: 'pair-error' })) return;
      keyInput.value = wordsInput.value = labelInput.value = '';
      details.open = false;
    });
  });

  function draw(): void {
    const ask = (key: string | null) => (model.ask(key), draw());
    const unpair = (key: string) => void model.unpair(key).then((outcome) => report(outcome, { done: 'unpair-done', error: 'unpair-error' }));
    replace(list, [pinTable(model.pins, { confirming: model.confirming, ask, unpair })]);
  }

  async function load(): Promise<number> {
    const error = await model.load();
    if (error) {
      replace(list, [errorNotice(error, 'pins-error')]);
      return 0;
    }
    draw();
    return model.pins.length;
  }

  const root = el('section', { className: 'panel', testid: 'snapshot-pairing', attrs: { 'aria-labelledby': 'pairing-heading' } }, [
    el('h2', { className: 'panel-title', attrs: { id: 'pairing-heading' } }, ['Trusted relays']),
    list,
    details,
    status,
  ]);
  return { root, load, dispose: () => scan.dispose() };
}

interface PinActions {
  /** The relay key whose revocation is being confirmed. */
  confirming: string | null;
  ask(relayKey: string | null): void;
  unpair(relayKey: string): void;
}

function pinTable(pins: readonly Pin[], actions: PinActions): HTMLElement {
  if (pins.length === 0) {
    return el('p', { className: 'muted', testid: 'pins-none' }, ['No relay is paired yet: snapshots cannot be imported until one is. Open Pair a relay below, with the relay’s Pairing view at hand.']);
  }
  return el('table', { className: 'data-table', testid: 'pins-table' }, [
    el('thead', {}, [el('tr', {}, ['Name', 'Fingerprint words', 'Public key', 'Pinned', 'Trust'].map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]),
    el(
      'tbody',
      {},
      pins.map((p) =>
        el('tr', { testid: 'pin-row', attrs: { 'data-fingerprint': p.fingerprint, 'data-revoked': String(p.revokedAt !== null), 'data-sealed': String(p.sealed) } }, [
          el('td', {}, [p.label]),
          el('td', {}, [el('strong', { testid: 'pin-fingerprint' }, [p.fingerprint])]),
          el('td', {}, [el('code', { className: 'hash relay-wrap' }, [p.relayKey])]),
          el('td', {}, [formatUtc(p.pinnedAt)]),
          el('td', {}, [trustCell(p, actions)]),
        ]),
      ),
    ),
  ]);
}

/** Revoked since when, or the Unpair button and, once pressed, its confirmation. */
function trustCell(pin: Pin, actions: PinActions): HTMLElement {
  if (pin.revokedAt !== null) return el('strong', { className: 'coverage-late', testid: 'pin-revoked' }, [`✗ revoked ${formatUtc(pin.revokedAt)}`]);
  if (actions.confirming !== pin.relayKey) {
    const unpair = el('button', { className: 'button button-small', testid: 'pin-unpair', attrs: { type: 'button' }, on: { click: () => actions.ask(pin.relayKey) } }, ['Unpair']);
    if (pin.sealed) return unpair;
    return el('span', {}, [
      el('strong', { className: 'coverage-late', testid: 'pin-unsealed' }, ['✗ not sealed by this vault: nothing from it is trusted. If it is your relay, compare its words and pair it again with a quorum. ']),
      unpair,
    ]);
  }
  return el('span', { className: 'cancel-confirm', testid: 'pin-unpair-confirm' }, [
    'Revoke this relay? Its snapshots will no longer be imported or built on. ',
    el('button', { className: 'button button-danger button-small', testid: 'pin-unpair-yes', attrs: { type: 'button' }, on: { click: () => actions.unpair(pin.relayKey) } }, ['Revoke']),
    ' ',
    el('button', { className: 'button button-small', testid: 'pin-unpair-keep', attrs: { type: 'button' }, on: { click: () => actions.ask(null) } }, ['Keep it']),
  ]);
}
