// The drill report, on screen and on paper: vault, runbook, date, pass/fail with reasons, the steps with their
// timings, RTO against target, RPO, participants, the audit-log range it covers, and the signed proof of control
// (statement, signature, address) with a QR code of it (UR airlock-drill-proof) for `airlock drill verify`.
import type { DrillResultJson } from '../../shared/bridge';
import { DRILL_PROOF_UR_TYPE } from '../../shared/airgap/airlock-types';
import { encodeSingleUr } from '../../shared/airgap/ur';
import { checkpointKeyWords, parseCheckpointKey } from '../../shared/audit/checkpoint';
import { isDrillStatementV2, parseDrillStatement, type AnyDrillStatement } from '../../shared/drill/proof';
import { el } from '../app/dom';
import { formatUtc } from '../app/format';
import { formatDuration, rpoSentence, rtoSentence } from './DrillFormat';
import { qrImage, type QrImage } from '../ui/QrImage';
import { formatAge } from '../snapshots/SnapshotFormat';
import { backupRows } from '../backup/DrillRows';

export interface DrillReport {
  root: HTMLElement;
  /** Resolves once the proof's QR code is drawn (at once when there is no proof). */
  ready: Promise<void>;
  dispose(): void;
}

/** The proof as one UR part (it fits one code: a few hundred bytes), upper case for the QR's alphanumeric mode. */
export function drillProofUr(proof: NonNullable<DrillResultJson['proof']>): string {
  const payload = new TextEncoder().encode(JSON.stringify({ statement: proof.statement, signature: proof.signature, address: proof.address }));
  return encodeSingleUr(DRILL_PROOF_UR_TYPE, payload).toUpperCase();
}

/** SECURITY(H-25): the audit head the proof seals and the vault's checkpoint key, for `airlock audit verify --checkpoint-key`. */
function auditAnchorRows(statement: AnyDrillStatement | null): Array<[string, Node | string, string]> {
  if (!statement || !isDrillStatementV2(statement)) return [['Audit head', 'not in this proof (version 1)', 'drill-proof-audit-head']];
  const { count, hash } = statement.auditHead;
  const words = checkpointKeyWords(parseCheckpointKey(statement.checkpointKey));
  return [
    ['Audit head', el('span', {}, [`entry ${count}, `, el('code', { className: 'hash' }, [hash])]), 'drill-proof-audit-head'],
    ['Checkpoint key', el('span', {}, [el('code', { className: 'hash' }, [statement.checkpointKey]), ` · words: ${words}`]), 'drill-proof-checkpoint-key'],
  ];
}

export function drillReport(drill: DrillResultJson, vaultName: string | null): DrillReport {
  let statement: AnyDrillStatement | null = null;
  try {
    statement = drill.proof ? parseDrillStatement(drill.proof.statement) : null;
  } catch {
    statement = null;
  }
  const proof = drill.proof ? proofPanel(drill.proof) : null;
  const proofSection = proof?.root ?? el('p', { className: 'drill-report-noproof', testid: 'drill-proof-none' }, ['No proof of control was signed: the drill did not get that far.']);

  const root = el('article', { className: 'drill-report', testid: 'drill-report', attrs: { 'data-id': String(drill.id), 'data-passed': String(drill.passed), 'aria-labelledby': `drill-report-${drill.id}` } }, [
    el('header', { className: 'drill-report-header' }, [
      el('p', { className: 'drill-report-kicker' }, ['Airlock recovery drill report']),
      el('h2', { attrs: { id: `drill-report-${drill.id}` } }, [`Drill #${drill.id}: ${drill.runbook}`]),
      el('p', { className: `drill-verdict ${drill.passed ? 'drill-verdict-pass' : 'drill-verdict-fail'}`, testid: 'drill-verdict' }, [drill.passed ? '✓ PASSED' : '✗ FAILED']),
    ]),
    drill.reasons.length
      ? el('div', { className: 'drill-report-reasons', testid: 'drill-reasons' }, [
          el('h3', {}, ['Why it failed']),
          el('ul', {}, drill.reasons.map((r) => el('li', { testid: 'drill-reason' }, [r]))),
        ])
      : null,
    rows([
      ['Vault', vaultName ?? statement?.vaultName ?? '—', 'drill-vault'],
      ['Vault id', statement?.vaultId ?? '—'],
      ['Runbook', drill.runbook],
      ['Date', formatUtc(drill.startedAt), 'drill-date'],
      ['RTO', rtoSentence(drill.rtoMs, drill.rtoTargetMs), 'drill-rto'],
      ['RPO', rpoSentence(drill), 'drill-rpo'],
      ['Snapshot', statement?.snapshot ? `chain ${statement.snapshot.chainId}, block ${statement.snapshot.blockNumber}` : drill.snapshotId === null ? 'none' : `#${drill.snapshotId}`],
      ['Participants', drill.participants.join(', '), 'drill-participants'],
      ['Audit log', drill.auditRange ? `entries ${drill.auditRange.from} to ${drill.auditRange.to}` : '—', 'drill-audit-range'],
      ...backupRows(drill),
      ...(drill.proof ? auditAnchorRows(statement) : []),
    ]),
    el('h3', {}, ['Steps']),
    stepsTable(drill.steps),
    proofSection,
    el('p', { className: 'drill-report-footer muted' }, [
      drill.steps.some((s) => s.ok && s.name.startsWith('step '))
        ? 'A rehearsal: the runbook’s transactions were built and signed against the snapshot but marked rehearsal, and never exported for broadcast.'
        : 'A rehearsal: no transaction of the runbook was signed, and a drill never exports one for broadcast.',
    ]),
  ]);
  return { root, ready: proof ? proof.qr.ready : Promise.resolve(), dispose: () => proof?.qr.clear() };
}

function rows(pairs: Array<[string, Node | string, string?]>): HTMLElement {
  return el('dl', { className: 'drill-report-facts' }, pairs.flatMap(([k, v, testid]) => [el('dt', {}, [k]), el('dd', testid ? { testid } : {}, [v])]));
}

/** The signed statement, its signature and address, how an auditor checks it, and its QR. */
function proofPanel(proof: NonNullable<DrillResultJson['proof']>): { root: HTMLElement; qr: QrImage } {
  const qr = qrImage({ text: drillProofUr(proof), label: 'QR code of the signed drill proof', testid: 'drill-proof-qr', className: 'drill-report-qr' });
  const root = el('section', { className: 'drill-report-proof', testid: 'drill-proof', attrs: { 'data-address': proof.address } }, [
    el('h3', {}, ['Proof of control']),
    el('div', { className: 'drill-report-proof-body' }, [
      el('div', {}, [
        el('p', {}, ['Statement signed with EIP-191 (personal_sign):']),
        el('pre', { className: 'drill-report-statement', testid: 'drill-proof-statement' }, [proof.statement]),
        rows([
          ['Address', el('code', { className: 'hash' }, [proof.address]), 'drill-proof-address'],
          ['Signature', el('code', { className: 'hash drill-report-signature' }, [proof.signature]), 'drill-proof-signature'],
        ]),
        el('p', { className: 'drill-report-verify', testid: 'drill-proof-verify' }, [
          'Auditor: scan the code (UR type ',
          el('code', {}, [DRILL_PROOF_UR_TYPE]),
          ') or copy the statement, signature and address, and run ',
          el('code', {}, ['airlock drill verify']),
          '. It needs no vault: the signature must recover to the address above, which must be one of the vault’s registered accounts. ' +
            'With the vault file (--db) it also checks the audit log still holds the head above; keep the checkpoint key for ',
          el('code', {}, ['airlock audit verify --checkpoint-key']),
          '.',
        ]),
      ]),
      qr.root,
    ]),
  ]);
  return { root, qr };
}

function stepsTable(steps: DrillResultJson['steps']): HTMLElement {
  return el('table', { className: 'data-table drill-steps', testid: 'drill-steps' }, [
    el('thead', {}, [el('tr', {}, ['#', 'Step', 'Time', 'Result'].map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]),
    el(
      'tbody',
      {},
      steps.map((step, index) =>
        el('tr', { testid: 'drill-step', attrs: { 'data-ok': String(step.ok), 'data-name': step.name } }, [
          el('td', { className: 'num' }, [String(index + 1)]),
          el('td', {}, [step.name]),
          el('td', { className: 'num' }, [formatDuration(step.ms)]),
          el('td', { className: step.ok ? 'coverage-ok' : 'coverage-late' }, [step.ok ? `✓ ${step.note ?? 'ok'}` : `✗ ${step.reason ?? 'failed'}`]),
        ]),
      ),
    ),
  ]);
}
