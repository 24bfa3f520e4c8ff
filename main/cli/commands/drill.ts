// `airlock drill run|verify|history|dashboard|policy` and `airlock runbook list|save|start`: recovery drills measured
// and reported, the proof an auditor checks without a vault, and a real recovery started from a runbook.
import { z } from 'zod';
import { DRILL_PROOF_UR_TYPE } from '../../../shared/airgap/airlock-types';
import { decodeUrParts } from '../../../shared/airgap/ur';
import { checkpointKeyWords, parseCheckpointKey } from '../../../shared/audit/checkpoint';
import { drillStatementVersion, isDrillStatementV2, isDrillStatementV3, parseChallenge, verifyDrillProof, type AnyDrillStatement, type DrillProofVerdict } from '../../../shared/drill/proof';
import { optionalNumber, optionalOne, requireOne } from '../args';
import { EXIT, type CliCommand, type CliInput } from '../command';
import { parseJsonInput, readJsonInput } from '../stdin-json';
import type { AppServices } from '../../app-services';
import { custodyCommand, withVaultCustody, withVaultServices, type Custody } from '../vault-session';
import { quorumInput } from '../unlock-input';

const wholeNumber = (input: CliInput, name: string) => optionalNumber(input.options, name, /^[1-9][0-9]{0,4}$/, 'a whole number such as 90');

/** What `drill verify` prints: whether the proof is authentic and, apart from that, whether the drill passed. */
function describeProof(verdict: DrillProofVerdict) {
  const statement = verdict.statement;
  const v2 = statement && isDrillStatementV2(statement) ? statement : null;
  const outcome = v2 ? (v2.outcome.passed ? 'passed' : 'failed') : null;
  const summary = !verdict.valid
    ? 'The proof is NOT authentic.'
    : v2
      ? `The proof is authentic, and the drill it reports ${outcome === 'passed' ? 'PASSED' : `FAILED: ${v2.outcome.reasons.join(' ')}`}`
      : 'The proof is authentic. It is a version 1 proof: it says neither whether the drill passed nor what the audit log held.';
  const v3 = statement && isDrillStatementV3(statement) ? statement : null;
  return {
    valid: verdict.valid,
    authentic: verdict.valid,
    version: statement ? drillStatementVersion(statement) : null,
    address: verdict.address,
    statement,
    /** SECURITY(H-25): a failed drill's proof is authentic, and still exits 1. Null for version 1 (not stated). */
    passed: v2 ? v2.outcome.passed : null,
    outcome,
    reasons: v2 ? v2.outcome.reasons : [],
    auditHead: v2 ? v2.auditHead : null,
    checkpointKey: v2 ? v2.checkpointKey : null,
    checkpointKeyWords: v2 ? checkpointKeyWords(parseCheckpointKey(v2.checkpointKey)) : null,
    /** Version 3: what the auditor reads off the report, as signed (null for older versions). */
    drill: v3 ? v3.drillId : null,
    challenge: v3 ? v3.challenge : null,
    participants: v3 ? v3.participants : null,
    failedShares: v3 ? v3.failedShares : null,
    rtoMs: v3 ? v3.rto.ms : null,
    snapshotSource: v3 ? v3.snapshotSource : null,
    summary,
    /** The BIP-322 proof of the Bitcoin treasury account beside the EIP-191 one, when the vault has one. */
    bitcoin: verdict.bitcoin ?? null,
    ...(verdict.problem ? { problem: verdict.problem } : {}),
  };
}

/** With --challenge, an authentic proof is still refused unless it signs exactly the auditor's challenge. */
function checkChallenge(verdict: DrillProofVerdict, expected: string) {
  const signed = verdict.statement && isDrillStatementV3(verdict.statement) ? verdict.statement.challenge : null;
  if (!verdict.valid || signed === expected) return {};
  const problem =
    signed === null
      ? 'The proof signs no auditor\'s challenge, so it may have been made before you asked: ask for a drill run with --challenge.'
      : `The proof signs the challenge ${JSON.stringify(signed)}, not yours: it answers another request.`;
  return { valid: false, code: 'drill-proof-challenge-mismatch', problem };
}

/** SECURITY(H-25): with --db, the proof must belong to this vault, and its audit log must still hold the head it sealed. */
function checkAgainstVault(services: AppServices & { custody: Custody }, statement: AnyDrillStatement, address: string, bitcoinAddress: string | null) {
  const refuse = (code: string, problem: string) => ({ valid: false, code, problem });
  const summary = services.custody.vault.summary();
  if (!summary || summary.id !== statement.vaultId) return refuse('drill-proof-other-vault', 'The statement names another vault than the one in this database.');
  if (!services.custody.vault.accounts().some((a) => a.address === address)) return refuse('drill-proof-unregistered', `${address} is not a registered account of this vault.`);
  if (bitcoinAddress !== null) {
    const account = services.custody.bitcoin.overview().accounts.find((a) => a.firstAddress === bitcoinAddress);
    if (!account) return refuse('drill-proof-unregistered', `${bitcoinAddress} is not receive address 0 of a registered Bitcoin account of this vault.`);
    if (!account.sealed) {
      return refuse('btc-account-unsealed', `${bitcoinAddress} is receive address 0 of the account "${account.label}", whose seal in this file does not verify: it was changed outside Airlock, or registered before accounts were sealed (a quorum unlock seals it again).`);
    }
  }
  if (!isDrillStatementV2(statement)) return { registered: true };
  const { count, hash } = statement.auditHead;
  const held = services.audit.entryHash(count);
  if (held === null) {
    return refuse(
      'drill-proof-head-missing',
      `This vault's audit log has fewer than ${count} entries, but the drill proof sealed entry ${count}: this file is an older copy rolled back behind the proof, or its history was cut.`,
    );
  }
  if (`0x${held}` !== hash) {
    return refuse('drill-proof-head-mismatch', `Entry ${count} of this vault's audit log is not the one the drill proof sealed: its history was rewritten, or this is another copy of the vault.`);
  }
  const history = services.audit.verify({ checkpointKey: parseCheckpointKey(statement.checkpointKey) });
  if (history.problem) {
    return refuse(history.problem.code, `The vault's audit log does not verify under the proof's checkpoint key, at entry ${history.problem.row}: ${history.problem.message}`);
  }
  return { registered: true, auditLog: { valid: true, count: history.count, uncheckpointedFrom: history.uncheckpointedFrom } };
}

const passedExit = (value: unknown) => ((value as { passed?: boolean; valid?: boolean }).passed === false || (value as { valid?: boolean }).valid === false ? EXIT.checkFailed : EXIT.ok);

export const drillCommands: CliCommand[] = [
  {
    path: ['drill', 'run'],
    summary:
      'Run a full recovery drill of --runbook NAME (stdin: {"holders":[{"name","passphrase"},…]}): quorum unlock, derived addresses, a signed ' +
      'proof of control, the runbook built and signed as rehearsals against the latest snapshot; prints timings, RTO, RPO and the proof. ' +
      '--challenge TEXT signs an auditor\'s challenge (8 to 128 printable ASCII characters) into the proof, so it cannot predate the request. Exit 1 if it failed.',
    options: ['db', 'runbook', 'challenge'],
    exitCodeOf: passedExit,
    async run(input) {
      const runbook = requireOne(input.options, 'runbook');
      const given = optionalOne(input.options, 'challenge');
      // Checked before stdin is read and before any share is opened: a mistyped challenge costs no passphrase attempt.
      const challenge = given === undefined ? {} : { challenge: parseChallenge(given) };
      const spec = parseJsonInput(await input.readStdin(), quorumInput, 'the drill participants');
      return withVaultCustody(input, (custody) => custody.drills.run({ runbook, ...spec, ...challenge }));
    },
  },
  {
    path: ['drill', 'verify'],
    summary:
      'Check a drill proof (stdin: {"statement","signature","address"} or the report QR\'s ur:airlock-drill-proof) with no vault: the signature must recover to the address and the statement ' +
      'must parse; prints the drill\'s outcome and the audit head it sealed (version 2 proofs). With --db, the address must also be a registered account of that vault, ' +
      'the statement name it, and the vault\'s audit log still hold that head and verify under the proof\'s checkpoint key. With --challenge TEXT, the proof must sign ' +
      'that auditor\'s challenge (it was made after the auditor asked). Exit 1 if not valid, or if the drill failed.',
    options: ['db', 'challenge'],
    exitCodeOf: passedExit,
    async run(input) {
      const text = (await input.readStdin()).trim();
      // The report's QR code carries the proof as ur:airlock-drill-proof; its JSON works the same.
      const proof = /^ur:/i.test(text) ? readJsonInput(new TextDecoder().decode(decodeUrParts(text.split(/\s+/), [DRILL_PROOF_UR_TYPE]).payload), 'the drill proof') : readJsonInput(text, 'the drill proof');
      const expected = optionalOne(input.options, 'challenge');
      const verdict = verifyDrillProof(proof);
      const out = { ...describeProof(verdict), ...(expected === undefined ? {} : checkChallenge(verdict, expected)) };
      if (!out.valid || optionalOne(input.options, 'db') === undefined) return out;
      return withVaultServices(input, (services) => ({ ...out, ...checkAgainstVault(services, verdict.statement!, verdict.address!, verdict.bitcoin?.address ?? null) }));
    },
  },
  custodyCommand(['drill', 'history'], 'Past drills, newest first: runbook, pass/fail with reasons, RTO, RPO, participants, steps.', (custody) => ({ drills: custody.drills.history() })),
  custodyCommand(
    ['drill', 'dashboard'],
    'Policy, overdue items and quorum coverage: can the quorum still be met with the shares checked within policy?',
    (custody) => custody.drills.dashboard(),
  ),
  {
    path: ['drill', 'policy'],
    summary: 'Set the drill policy: --drill-interval-days N, --share-check-interval-days N, --max-snapshot-age-hours N (audited).',
    options: ['db', 'drill-interval-days', 'share-check-interval-days', 'max-snapshot-age-hours'],
    async run(input) {
      return withVaultCustody(input, (custody) => {
        const current = custody.drills.dashboard().policy;
        return {
          policy: custody.drills.setPolicy({
            drillIntervalDays: wholeNumber(input, 'drill-interval-days') ?? current.drillIntervalDays,
            shareCheckIntervalDays: wholeNumber(input, 'share-check-interval-days') ?? current.shareCheckIntervalDays,
            maxSnapshotAgeHours: wholeNumber(input, 'max-snapshot-age-hours') ?? current.maxSnapshotAgeHours,
          }),
        };
      });
    },
  },
  custodyCommand(
    ['runbook', 'list'],
    'The vault\'s runbooks (built-ins and edited ones): steps as draft templates, parameters, target RTO.',
    (custody) => ({ runbooks: custody.drills.runbooks() }),
  ),
  {
    path: ['runbook', 'save'],
    summary: 'Store a runbook (stdin: its JSON as `runbook list` prints it), e.g. with its parameters set (audited).',
    options: ['db'],
    async run(input) {
      const json = readJsonInput(await input.readStdin(), 'the runbook');
      return withVaultCustody(input, (custody) => ({ runbook: custody.drills.saveRunbook(json) }));
    },
  },
  {
    path: ['runbook', 'start'],
    summary:
      'Start a real recovery from --runbook NAME: each step becomes a recovery draft (one per chain of a multi-chain runbook) built on the newest snapshot of its chain, ' +
      'which must be within the drill policy; nothing is signed. Review, simulate and sign each with `airlock draft show|simulation|sign`.',
    options: ['db', 'runbook'],
    async run(input) {
      const name = requireOne(input.options, 'runbook');
      return withVaultCustody(input, (custody) => ({ drafts: custody.drills.startRecovery(name) }));
    },
  },
];
