// The vault's side of simulation: a relay's signed report about a draft is imported only when it verifies (a paired,
// not revoked relay key, its signature, this draft's digest and chain, a block no older than the draft's snapshot),
// kept, and verified again every time the draft is reviewed, so what the review says the transaction does always comes
// from a report that holds now. The review turns it into warnings (shared/simulation/intent.ts); the signing policy
// decides.
import { hexToBytes, toHex } from '../../../shared/bytes';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import type { SimulationEvidence } from '../../../shared/simulation/intent';
import { parseSimulationReport, type SignedSimulationReport } from '../../../shared/simulation/report';
import { verifySimulationReport, type SimulationExpectation } from '../../../shared/simulation/signature';
import { relayKeyFingerprint } from '../../../shared/snapshot/signature';
import { appendAuditEntry } from '../../db/audit';
import type { Db } from '../../db/connection';
import { insertDraftSimulation, listDraftSimulations, type DraftSimulationRecord } from '../../db/simulations';
import { checkedPins, unsealedPairing, type CheckedPin } from '../snapshots/pins';
import type { Clock } from '../deps';

/** What a report must match: the draft as it is reviewed now. */
export type DraftExpectation = Omit<SimulationExpectation, 'relayKey'>;


/** The evidence a review of draft `draftId` uses: the verified report at the highest block, or why none counts. */
export function simulationEvidence(db: Db, draftId: number, expect: DraftExpectation): Omit<SimulationEvidence, 'required'> {
  const pins = checkedPins(db);
  let best: { report: SignedSimulationReport; record: DraftSimulationRecord } | null = null;
  let problem: SimulationEvidence['problem'] = null;
  for (const record of listDraftSimulations(db, draftId)) {
    try {
      const report = verifyStored(record, pins, expect);
      if (!best || BigInt(report.blockNumber) > BigInt(best.report.blockNumber)) best = { report, record };
    } catch (error) {
      if (!isAirlockError(error)) throw error;
      problem ??= { code: error.code, message: error.message };
    }
  }
  if (!best) return { report: null, relayFingerprint: null, problem };
  return { report: best.report, relayFingerprint: relayKeyFingerprint(best.record.relayKey).join(' '), problem: null };
}

/** SECURITY(H-30): a stored report counts only while it verifies and its relay is still paired. */
function verifyStored(record: DraftSimulationRecord, pins: readonly CheckedPin[], expect: DraftExpectation): SignedSimulationReport {
  let json: unknown;
  try {
    json = JSON.parse(record.reportJson);
  } catch {
    throw new AirlockError('simulation-report-damaged', `Simulation report ${record.id} in the vault file is not readable: the file was changed outside Airlock. Simulate the draft again.`);
  }
  const report = verifySimulationReport(json, { ...expect, relayKey: trustedKey(pins, record.relayKey) });
  if (report.relayKey !== toHex(record.relayKey) || report.blockNumber !== record.blockNumber || report.chainId !== record.chainId) {
    throw new AirlockError('simulation-report-damaged', `Simulation report ${record.id} no longer matches the columns stored beside it: the vault file was changed outside Airlock. Simulate the draft again.`);
  }
  return report;
}

/** The pinned key a report must verify against: refused when its relay is not paired, was unpaired, or is not sealed. */
function trustedKey(pins: readonly CheckedPin[], key: Uint8Array): Uint8Array {
  const pin = pins.find((p) => toHex(p.publicKey) === toHex(key));
  const words = relayKeyFingerprint(key).join(' ');
  if (!pin) {
    throw new AirlockError('simulation-relay-unpaired', `This simulation report is signed by relay "${words}", which this vault is not paired with. Simulate on the paired relay, or pair this one first (compare its words on both screens).`);
  }
  if (pin.revokedAt !== null) {
    throw new AirlockError('simulation-relay-revoked', `This simulation report is signed by relay "${words}", whose pairing was revoked. Simulate on a relay you trust.`);
  }
  if (!pin.sealed) throw unsealedPairing(pin, 'Its simulation reports are not used.');
  return pin.publicKey;
}

/** Verifies a report brought from the relay for draft `draftId` and keeps it (audited). */
export function importSimulation(db: Db, clock: Clock, draftId: number, value: unknown, expect: DraftExpectation): SignedSimulationReport {
  const claimed = parseSimulationReport(value);
  const relayKey = hexToBytes(claimed.relayKey.slice(2));
  const report = verifySimulationReport(claimed, { ...expect, relayKey: trustedKey(checkedPins(db), relayKey) });
  const reportJson = JSON.stringify(report);
  return db
    .transaction(() => {
      if (listDraftSimulations(db, draftId).some((r) => r.reportJson === reportJson)) {
        throw new AirlockError('simulation-already-imported', `This simulation report (block ${report.blockNumber}) is already kept for draft ${draftId}. Nothing was added.`);
      }
      const id = insertDraftSimulation(db, { draftId, digest: expect.digest, chainId: report.chainId, blockNumber: report.blockNumber, relayKey, importedAt: clock.now(), reportJson });
      appendAuditEntry(db, {
        at: clock.now(),
        actor: 'vault',
        action: 'draft-simulation-imported',
        details: {
          draft: draftId,
          simulation: id,
          digest: report.digest,
          chainId: report.chainId,
          blockNumber: report.blockNumber,
          outcome: report.outcome.status,
          traced: report.traced,
          disagreements: report.crossCheck.disagreements.length,
          relay: relayKeyFingerprint(relayKey).join(' '),
        },
      });
      return report;
    })
    .immediate();
}
