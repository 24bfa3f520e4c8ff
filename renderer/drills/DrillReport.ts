// The drill report, on screen and on paper: drill number, vault, runbook, date, pass/fail with reasons and the shares
// that failed, the steps with their timings, RTO against target, RPO, participants, the snapshot's block hash and
// relay key, the auditor's challenge, the audit-log range it covers, and the signed proof of control (statement,
// signature, address) with a QR code of it (UR airlock-drill-proof) and a recipe to check it with no Airlock.
// Printed, every page is footed "Drill <id> · page N of M" (renderer/styles/print.css, @page drill-report).
import type { DrillResultJson } from '../../shared/bridge';
import { DRILL_PROOF_UR_TYPE } from '../../shared/airgap/airlock-types';
import { encodeSingleUr } from '../../shared/airgap/ur';
import { checkpointKeyWords, parseCheckpointKey } from '../../shared/audit/checkpoint';
import { isDrillStatementV2, parseDrillStatement, type AnyDrillStatement } from '../../shared/drill/statement';
import { el } from '../app/dom';
import { formatUtc } from '../app/format';
import { formatDuration, rpoSentence, rtoSentence } from './DrillFormat';
import { qrImage, type QrImage } from '../ui/QrImage';
import { formatAge } from '../snapshots/SnapshotFormat';
import { backupRows } from '../backup/DrillRows';
import { drillProofRecipe } from './DrillProofRecipe';

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
      ['Drill', `#${drill.id}`, 'drill-id'],
      ['Outcome', outcomeLine(drill), 'drill-outcome'],
      ['Vault', vaultName ?? statement?.vaultName ?? '—', 'drill-vault'],
      ['Vault id', statement?.vaultId ?? '—'],
      ['Runbook', drill.runbook],
      ['Date', formatUtc(drill.startedAt), 'drill-date'],
      ['RTO', `${rtoSentence(drill.rtoMs, drill.rtoTargetMs)} ${rtoSpan(drill)}`, 'drill-rto'],
      ['RPO', rpoSentence(drill), 'drill-rpo'],
      ['Snapshot', statement?.snapshot ? `chain ${statement.snapshot.chainId}, block ${statement.snapshot.blockNumber}` : drill.snapshotId === null ? 'none' : `#${drill.snapshotId}`, 'drill-snapshot'],
      ...snapshotSourceRows(drill),
      ['Participants', drill.participants.join(', '), 'drill-participants'],
      ['Failed shares', drill.failedShares === undefined ? 'not recorded (a drill from before each share was tried on its own)' : drill.failedShares.join(', ') || 'none', 'drill-failed-shares'],
      ['Auditor’s challenge', challengeLine(drill), 'drill-challenge'],
      ['Nonce', statement ? statement.nonce : '—', 'drill-nonce'],
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

/** "✓ passed" or "✗ failed: the shares of Bob failed" (the reasons are listed above the facts). */
function outcomeLine(drill: DrillResultJson): string {
  if (drill.passed) return '✓ passed';
  const failed = drill.failedShares ?? [];
  return failed.length === 0 ? '✗ failed (see why above)' : `✗ failed; the share${failed.length === 1 ? '' : 's'} of ${failed.join(', ')} failed`;
}

function challengeLine(drill: DrillResultJson): Node | string {
  if (drill.challenge === undefined) return 'not supported (a drill from before auditors’ challenges)';
  if (drill.challenge === null) return 'none given: the proof’s freshness rests on its date and the vault’s random nonce';
  return el('code', {}, [JSON.stringify(drill.challenge)]);
}

/** The snapshot's block hash and the relay key that signed it: what the proof names, so an auditor can ask the relay. */
function snapshotSourceRows(drill: DrillResultJson): Array<[string, Node | string, string]> {
  const source = drill.snapshot;
  if (source === undefined) return [];
  return [
    ['Block hash', source ? el('code', { className: 'hash' }, [source.blockHash]) : 'none', 'drill-block-hash'],
    ['Relay key', source ? `fingerprint words: ${source.relayFingerprint}` : 'none', 'drill-relay-key'],
  ];
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
      ]),
      qr.root,
    ]),
    drillProofRecipe(proof),
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

/** What the RTO spans: drills stored before the first unlock was recorded measured it from their start. */
function rtoSpan(drill: DrillResultJson): string {
  return drill.firstUnlockAt === undefined ? '(from the drill’s start to its last signature)' : '(from the first unlock to the last signed chain)';
}
