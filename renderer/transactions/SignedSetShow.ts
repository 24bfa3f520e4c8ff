// Review & sign's "Show the signed set": the signed recovery drafts of a multi-chain runbook (those built together
// ticked at first) shown to the relay as ONE animated QR (ur:airlock-signed-set), with each chain's items, what each
// does and its fingerprint listed above it, as the relay will list them before it sends anything.
// The logic is SignedSetChoiceModel.ts.
import { SIGNED_SET_UR_TYPE } from '../../shared/airgap/airlock-types';
import type { DraftJson } from '../../shared/bridge';
import { el, replace } from '../app/dom';
import { createScope } from '../app/scope';
import type { Bridge } from '../bridge';
import { animatedQr, type AnimatedQr } from '../components/AnimatedQr';
import { errorNotice } from '../ui/ErrorNotice';
import { checkbox } from '../ui/Field';
import { initialChoice, setCandidates, showSignedSet, type ShownSet } from './SignedSetChoiceModel';

export interface SignedSetShow {
  root: HTMLElement;
  dispose(): void;
}

/** Null when no draft is signed for recovery: there is nothing to show the relay. */
export function signedSetShow(bridge: Bridge, drafts: readonly DraftJson[]): SignedSetShow | null {
  const candidates = setCandidates(drafts);
  if (candidates.length === 0) return null;
  const chosen = new Set(initialChoice(candidates));
  const scope = createScope();
  const qr = scope.slot<AnimatedQr>();
  const out = el('div', { testid: 'signed-set-out', attrs: { 'aria-live': 'polite' } });

  async function show(): Promise<void> {
    const shown = await showSignedSet(bridge, [...chosen]);
    qr.clear();
    if ('error' in shown) return void replace(out, [errorNotice(shown.error, 'signed-set-error')]);
    const code = qr.hold(animatedQr({ source: { type: SIGNED_SET_UR_TYPE, payload: new TextEncoder().encode(shown.json) }, destination: 'relay', label: `Signed set (${shown.chains.length} chain${shown.chains.length === 1 ? '' : 's'})` }));
    replace(out, [itemTable(shown), code.root]);
  }

  const root = el('section', { className: 'panel signed-set', testid: 'signed-set' }, [
    el('h2', { className: 'panel-title' }, ['Signed results for the relay as one transfer']),
    el('p', { className: 'field-hint' }, ['A runbook over several chains signs one draft per step and chain. Tick the signed drafts to send together (those built with the newest are ticked); the relay sends each on its own chain.']),
    el(
      'div',
      { testid: 'signed-set-choices' },
      candidates.map((d) =>
        checkbox({
          testid: `signed-set-pick-${d.id}`,
          checked: chosen.has(d.id),
          label: `Draft ${d.id}: ${d.title} (chain ${d.chainId})`,
          onChange: (on) => (on ? chosen.add(d.id) : chosen.delete(d.id)),
        }),
      ),
    ),
    el('button', { className: 'button button-primary', testid: 'signed-set-show', attrs: { type: 'button' }, on: { click: () => void show() } }, ['Show the signed set']),
    out,
  ]);
  return { root, dispose: scope.dispose };
}

function itemTable(shown: ShownSet): HTMLElement {
  return el('table', { className: 'data-table', testid: 'signed-set-items' }, [
    el('caption', {}, [`${shown.rows.length} signed result${shown.rows.length === 1 ? '' : 's'} on chain${shown.chains.length === 1 ? '' : 's'} ${shown.chains.join(', ')}`]),
    el('thead', {}, [el('tr', {}, ['Chain', 'Draft', 'What it does', 'Fingerprint (the relay shows the same)'].map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]),
    el(
      'tbody',
      {},
      shown.rows.map((row) =>
        el('tr', { testid: 'signed-set-item', attrs: { 'data-chain': row.chainId, 'data-draft': String(row.draft), 'data-kind': row.kind } }, [
          el('td', {}, [row.chainId]),
          el('td', {}, [String(row.draft)]),
          el('td', {}, [row.summary]),
          el('td', {}, [el('strong', { testid: 'signed-set-fingerprint', attrs: { 'data-words': row.fingerprint } }, [row.fingerprint])]),
        ]),
      ),
    ),
  ]);
}
