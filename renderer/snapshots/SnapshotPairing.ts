// The vault's pinned relay keys and the form that pins one: the relay's public key and the four words
// the person read on the relay's screen. Main recomputes the words and refuses a mismatch. A pairing can be
// revoked (Unpair, after a confirmation): the relay's snapshots are refused from then on, until it is paired again.
import { toHex } from '../../shared/bytes';
import { RELAY_KEY_UR_TYPE } from '../../shared/airgap/airlock-types';
import type { ResponseOf } from '../../shared/bridge';
import type { Bridge } from '../bridge';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { formatUtc } from '../app/format';
import { errorNotice } from '../ui/ErrorNotice';
import { field, textInput } from '../ui/Field';
import { scanButton } from '../airgap/ScanButton';

type Pin = ResponseOf<'snapshots.pins'>['pins'][number];

export interface SnapshotPairing {
  root: HTMLElement;
  /** Reads the pins again; resolves with how many there are. */
  load(): Promise<number>;
  /** Stops the camera if a scan is open. */
  dispose(): void;
}

/** `onChanged` runs after a relay is pinned, unpaired or pinned again. */
export function snapshotPairing(bridge: Bridge, onChanged: () => void): SnapshotPairing {
  const list = el('div', { testid: 'pins' });
  let pins: Pin[] = [];
  let confirming: string | null = null;
  const state = { key: '', words: '', label: '' };
  const status = el('div', { testid: 'pair-status', attrs: { 'aria-live': 'polite' } });
  const submit = el('button', { className: 'button button-primary', testid: 'pair-submit', attrs: { type: 'submit' } }, ['Pin this relay key']);
  const keyInput = textInput({ testid: 'pair-key', value: '', onInput: (v) => (state.key = v), attrs: { placeholder: '0x02… or 0x03… (33 bytes)' } });
  const wordsInput = textInput({ testid: 'pair-words', value: '', onInput: (v) => (state.words = v), attrs: { placeholder: 'four words' } });
  const labelInput = textInput({ testid: 'pair-label', value: '', onInput: (v) => (state.label = v), attrs: { placeholder: 'e.g. office relay', maxlength: '80' } });
  // The key comes by camera from the relay's Pairing view; the words are never scanned: the holder compares them.
  const scan = scanButton({
    bridge,
    expect: [RELAY_KEY_UR_TYPE],
    title: "Scan the relay key from the relay's Pairing view",
    label: 'Scan the relay key',
    testid: 'pair-scan',
    onResult: (result) => {
      state.key = keyInput.value = toHex(result.payload);
      wordsInput.focus();
    },
  });
  const form = el('form', { className: 'snapshot-pair-form', testid: 'pair-form', attrs: { novalidate: '' } }, [
    scan.root,
    field({ label: 'Relay public key', control: keyInput, hint: 'Scanned, or typed as the relay’s Pairing view shows it.' }),
    field({ label: 'Fingerprint words on the relay’s screen', control: wordsInput, hint: 'Type the four words the relay shows. If what you see there differs in any way, stop: do not pair.' }),
    field({ label: 'Name (optional)', control: labelInput }),
    submit,
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void pair();
  });

  async function pair(): Promise<void> {
    submit.disabled = true;
    try {
      const { pinned } = await bridge.call('snapshots.pair', { relayKey: state.key.trim(), words: state.words, ...(state.label.trim() ? { label: state.label.trim() } : {}) });
      replace(status, [el('p', { className: 'notice notice-info', testid: 'pair-done', attrs: { role: 'status' } }, [`Pinned relay "${pinned.label}" (${pinned.fingerprint}). Snapshots signed by it can now be imported.`])]);
      keyInput.value = wordsInput.value = labelInput.value = '';
      state.key = state.words = state.label = '';
      await load();
      details.open = false;
      onChanged();
    } catch (error) {
      replace(status, [errorNotice(toPublicError(error), 'pair-error')]);
    } finally {
      submit.disabled = false;
    }
  }

  async function unpair(relayKey: string): Promise<void> {
    try {
      const { pin } = await bridge.call('snapshots.unpair', { relayKey });
      replace(status, [
        el('p', { className: 'notice notice-info', testid: 'unpair-done', attrs: { role: 'status' } }, [
          `Revoked relay "${pin.label}" (${pin.fingerprint}). Its snapshots are no longer imported or built on; pair it again below only if you trust it again.`,
        ]),
      ]);
      confirming = null;
      await load();
      onChanged();
    } catch (error) {
      replace(status, [errorNotice(toPublicError(error), 'unpair-error')]);
    }
  }

  function draw(): void {
    replace(list, [
      pinTable(pins, {
        confirming,
        ask: (key) => {
          confirming = key;
          draw();
        },
        unpair: (key) => void unpair(key),
      }),
    ]);
  }

  async function load(): Promise<number> {
    try {
      pins = (await bridge.call('snapshots.pins', {})).pins;
      draw();
      return pins.length;
    } catch (error) {
      replace(list, [errorNotice(toPublicError(error), 'pins-error')]);
      return 0;
    }
  }

  const details = el('details', { className: 'snapshot-pair', testid: 'pair-details' }, [el('summary', { testid: 'pair-open' }, ['Pair a relay']), form]);
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
        el('tr', { testid: 'pin-row', attrs: { 'data-fingerprint': p.fingerprint, 'data-revoked': String(p.revokedAt !== null) } }, [
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
    return el('button', { className: 'button button-small', testid: 'pin-unpair', attrs: { type: 'button' }, on: { click: () => actions.ask(pin.relayKey) } }, ['Unpair']);
  }
  return el('span', { className: 'cancel-confirm', testid: 'pin-unpair-confirm' }, [
    'Revoke this relay? Its snapshots will no longer be imported or built on. ',
    el('button', { className: 'button button-danger button-small', testid: 'pin-unpair-yes', attrs: { type: 'button' }, on: { click: () => actions.unpair(pin.relayKey) } }, ['Revoke']),
    ' ',
    el('button', { className: 'button button-small', testid: 'pin-unpair-keep', attrs: { type: 'button' }, on: { click: () => actions.ask(null) } }, ['Keep it']),
  ]);
}
