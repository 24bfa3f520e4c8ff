// Simulate before signing: the draft goes to the relay unsigned (ur:airlock-simulation-request, no secret in it) and
// the relay's signed report comes back (scanned, ur:airlock-simulation-report, or pasted). Main verifies the report
// against the paired relay and this draft; the review then shows it and the signing policy weighs it.
import { SIMULATION_REPORT_UR_TYPE, SIMULATION_REQUEST_UR_TYPE } from '../../shared/airgap/airlock-types';
import type { DraftJson } from '../../shared/bridge';
import { el, replace } from '../app/dom';
import { createScope } from '../app/scope';
import { toPublicError, type Bridge } from '../bridge';
import { animatedQr, type AnimatedQr } from '../components/AnimatedQr';
import { errorNotice } from '../ui/ErrorNotice';
import { field } from '../ui/Field';
import { scanButton } from '../airgap/ScanButton';

export interface SimulationTransfer {
  root: HTMLElement;
  dispose(): void;
}

export function simulationTransfer(bridge: Bridge, draft: DraftJson, onImported: (draft: DraftJson) => void): SimulationTransfer {
  const scope = createScope();
  const qr = scope.slot<AnimatedQr>();
  const qrSlot = el('div', { testid: 'simulation-request-slot' });
  const status = el('div', { testid: 'simulation-import-status', attrs: { 'aria-live': 'polite' } });
  const box = el('textarea', { className: 'input relay-lines', testid: 'simulation-report-input', attrs: { rows: '4', spellcheck: 'false', autocomplete: 'off', placeholder: '{"version":1,"chainId":…} or ur:airlock-simulation-report/…' } });
  const scan = scope.own(
    scanButton({
      bridge,
      expect: [SIMULATION_REPORT_UR_TYPE],
      title: "Scan the simulation report from the relay's screen",
      testid: 'simulation-scan',
      onResult: (result) => {
        box.value = new TextDecoder().decode(result.payload);
        void importReport();
      },
    }),
  );

  async function showRequest(): Promise<void> {
    try {
      const { request } = await bridge.call('drafts.simulationRequest', { id: draft.id });
      const code = qr.hold(animatedQr({ source: { type: SIMULATION_REQUEST_UR_TYPE, payload: new TextEncoder().encode(JSON.stringify(request)) }, destination: 'relay', label: 'Simulation request (unsigned draft)' }));
      replace(qrSlot, [code.root]);
    } catch (error) {
      replace(qrSlot, [errorNotice(toPublicError(error), 'simulation-request-error')]);
    }
  }

  async function importReport(): Promise<void> {
    const text = box.value.trim();
    if (!text) return void replace(status, [errorNotice({ code: 'simulation-report-empty', message: 'Scan or paste the simulation report from the relay first.' }, 'simulation-import-error')]);
    try {
      const { draft: reviewed } = await bridge.call('drafts.importSimulation', { id: draft.id, report: text });
      box.value = '';
      onImported(reviewed);
    } catch (error) {
      replace(status, [errorNotice(toPublicError(error), 'simulation-import-error')]);
    }
  }

  const root = el('section', { className: 'panel simulation-transfer', testid: 'simulation-transfer' }, [
    el('h3', { className: 'draft-review-section-title' }, ['Simulate on the relay before signing']),
    el('p', { className: 'field-hint' }, ['The relay runs this exact transaction against the chain, unsigned, and signs what it did. Show it this code, then bring its report back.']),
    el('button', { className: 'button', testid: 'simulation-request-show', attrs: { type: 'button' }, on: { click: () => void showRequest() } }, ['Show the simulation request']),
    qrSlot,
    scan.root,
    field({ label: 'Or paste the simulation report', control: box }),
    el('button', { className: 'button button-primary', testid: 'simulation-import', attrs: { type: 'button' }, on: { click: () => void importReport() } }, ['Verify the report']),
    status,
  ]);
  return { root, dispose: scope.dispose };
}
