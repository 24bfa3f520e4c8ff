// The drill statement's text: a fixed, line-based format that any EIP-191 or BIP-322 verifier signs and checks as it
// is, and the one parser that reads it back (every version ever signed still parses).
//
// Version 1, UTF-8, lines joined by "\n" (no final line break), in this order:
//   Airlock recovery drill v1
//   Vault: <vault id>
//   Vault name: <name>
//   Date: <ISO 8601 UTC>
//   Runbook: <runbook name>
//   Snapshot: chain <id> block <n> root <0x…64> | none
//   Nonce: <32 lower-case hex digits>
//
// Version 2 (SECURITY H-25) starts "Airlock recovery drill v2", has the same six lines, then:
//   Audit head: <count> <0x…64>     the vault's audit log when the drill ended, before it locked
//   Checkpoint key: <0x…66>         the vault's audit checkpoint public key (shared/audit/checkpoint.ts)
//   Outcome: passed | failed
//   Reason: <one line>              only when failed: 1 to 10 lines, each at most 300 characters
//
// Version 3 (the report an auditor reads) starts "Airlock recovery drill v3", has version 1's six lines, then:
//   Drill: <n>                      the drill's number in the vault, printed on every page of its report
//   Challenge: "<text>" | none      the auditor's own challenge, so the proof cannot predate it (printable ASCII)
//   Block hash: <0x…64> | none      the hash of the snapshot's block
//   Relay key: <4 words> | none     the fingerprint words of the relay key that signed the snapshot
//   Participants: "<name>", …       the holders who presented a share, JSON-quoted
//   Failed shares: "<name>", … | none   the participants whose share did not open or check
//   RTO: <ms> ms (target <ms> ms)   first unlock to the last signed chain (to this signature when no chain was
//                                   signed; drills before issue 17: drill start to this signature), against the target
//   Chain snapshot: chain <id> block <n> hash <0x…64>   only for a runbook over several chains: one line per chain the
//                                   drill built on (1 to 8), in runbook order
// and then version 2's last lines (audit head, checkpoint key, outcome, reasons).
import { AirlockError } from '../errors';

export const DRILL_STATEMENT_HEADER = 'Airlock recovery drill v1';
export const DRILL_STATEMENT_HEADER_V2 = 'Airlock recovery drill v2';
export const DRILL_STATEMENT_HEADER_V3 = 'Airlock recovery drill v3';
const MAX_STATEMENT = 12_000;
const MAX_REASONS = 10;
const MAX_REASON_LENGTH = 300;
const MAX_PARTICIPANTS = 64;
const MAX_CHAIN_SNAPSHOTS = 8;
const CHAIN_SNAPSHOT = 'Chain snapshot';
export const CHALLENGE_MAX_LENGTH = 128;
export const CHALLENGE_MIN_LENGTH = 8;

export interface DrillStatement {
  vaultId: string;
  vaultName: string;
  /** ISO 8601 UTC. */
  date: string;
  runbook: string;
  snapshot: { chainId: string; blockNumber: string; merkleRoot: string } | null;
  /** 16 random bytes, hex: no two drills sign the same statement. */
  nonce: string;
}

export interface DrillOutcome {
  passed: boolean;
  /** Why it failed: one line each (empty when passed). */
  reasons: string[];
}

export interface DrillStatementV2 extends DrillStatement {
  /** The audit log at the drill's end, before lock: entry count and the hash of the last entry (0x hex). */
  auditHead: { count: number; hash: string };
  /** The vault's audit checkpoint public key, 0x + 66 hex digits. */
  checkpointKey: string;
  outcome: DrillOutcome;
}

export interface DrillStatementV3 extends DrillStatementV2 {
  drillId: number;
  /** The auditor's challenge (checked by parseChallenge), or null when none was given. */
  challenge: string | null;
  /** Where the snapshot came from: its block's hash and the relay key's fingerprint words (null with no snapshot). */
  snapshotSource: { blockHash: string; relayFingerprint: string } | null;
  participants: string[];
  failedShares: string[];
  rto: { ms: number; targetMs: number };
  /** A runbook over several chains names every chain's snapshot (absent for one chain: its Snapshot line says it). */
  chainSnapshots?: DrillChainSnapshot[];
}

/** One chain's snapshot a multi-chain drill built on, named by block number and hash. */
export interface DrillChainSnapshot {
  chainId: string;
  blockNumber: string;
  blockHash: string;
}

export type AnyDrillStatement = DrillStatement | DrillStatementV2 | DrillStatementV3;

export function isDrillStatementV2(statement: AnyDrillStatement): statement is DrillStatementV2 {
  return 'outcome' in statement;
}

export function isDrillStatementV3(statement: AnyDrillStatement): statement is DrillStatementV3 {
  return 'drillId' in statement;
}

export function drillStatementVersion(statement: AnyDrillStatement): 1 | 2 | 3 {
  return isDrillStatementV3(statement) ? 3 : isDrillStatementV2(statement) ? 2 : 1;
}

/**
 * The one check of an auditor's challenge (CLI flag, bridge, statement): 8 to 128 printable ASCII characters, no
 * space at either end. ASCII only, so no look-alike letter or direction mark can make two challenges read the same.
 */
export function parseChallenge(value: string): string {
  if (value.length < CHALLENGE_MIN_LENGTH || value.length > CHALLENGE_MAX_LENGTH || !/^[\x20-\x7e]+$/.test(value) || value.trim() !== value) {
    throw new AirlockError(
      'drill-challenge-invalid',
      `The auditor's challenge must be ${CHALLENGE_MIN_LENGTH} to ${CHALLENGE_MAX_LENGTH} printable ASCII characters (letters, digits, punctuation, inner spaces), ` +
        'such as a random code the auditor wrote down. Ask the auditor for it again.',
    );
  }
  return value;
}

/** A drill's result as a statement carries it: each reason on one line, at most 10 of 300 characters. */
export function drillOutcome(reasons: readonly string[]): DrillOutcome {
  const lines = reasons.map((r) => {
    const line = r.replace(/\s+/g, ' ').trim() || 'failed';
    return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 1)}…` : line;
  });
  if (lines.length > MAX_REASONS) lines.splice(MAX_REASONS - 1, lines.length, `… and ${lines.length - MAX_REASONS + 1} more reasons (see the drill report).`);
  return { passed: lines.length === 0, reasons: lines };
}

const oneLine = (text: string, what: string): string => {
  if (/[\r\n]/.test(text) || text.length > 200) throw new AirlockError('drill-statement-invalid', `The drill statement's ${what} must be one line of at most 200 characters.`);
  return text;
};

export function formatDrillStatement(s: AnyDrillStatement): string {
  if (!/^[0-9a-f]{32}$/.test(s.nonce)) throw new AirlockError('drill-statement-invalid', 'The drill nonce must be 16 random bytes in lower-case hex.');
  const snapshot = s.snapshot ? `chain ${s.snapshot.chainId} block ${s.snapshot.blockNumber} root ${s.snapshot.merkleRoot}` : 'none';
  const version = drillStatementVersion(s);
  return [
    [DRILL_STATEMENT_HEADER, DRILL_STATEMENT_HEADER_V2, DRILL_STATEMENT_HEADER_V3][version - 1]!,
    `Vault: ${oneLine(s.vaultId, 'vault id')}`,
    `Vault name: ${oneLine(s.vaultName, 'vault name')}`,
    `Date: ${oneLine(s.date, 'date')}`,
    `Runbook: ${oneLine(s.runbook, 'runbook')}`,
    `Snapshot: ${snapshot}`,
    `Nonce: ${s.nonce}`,
    ...(isDrillStatementV3(s) ? formatV3Lines(s) : []),
    ...(isDrillStatementV2(s) ? formatV2Lines(s) : []),
  ].join('\n');
}

function formatV2Lines(s: DrillStatementV2): string[] {
  const { auditHead, checkpointKey, outcome } = s;
  if (!Number.isSafeInteger(auditHead.count) || auditHead.count < 1 || !/^0x[0-9a-f]{64}$/.test(auditHead.hash)) {
    throw new AirlockError('drill-statement-invalid', 'The drill statement\'s audit head must be an entry count and a 0x hash of 64 lower-case hex digits.');
  }
  if (!/^0x0[23][0-9a-f]{64}$/.test(checkpointKey)) throw new AirlockError('drill-statement-invalid', 'The drill statement\'s checkpoint key must be 0x and 66 lower-case hex digits.');
  const reasonsFit = outcome.reasons.length <= MAX_REASONS && outcome.reasons.every((r) => r.length > 0 && r.length <= MAX_REASON_LENGTH && !/[\r\n]/.test(r));
  if (outcome.passed !== (outcome.reasons.length === 0) || !reasonsFit) {
    throw new AirlockError('drill-statement-invalid', 'A drill outcome is passed with no reasons, or failed with 1 to 10 one-line reasons (use drillOutcome).');
  }
  return [
    `Audit head: ${auditHead.count} ${auditHead.hash}`,
    `Checkpoint key: ${checkpointKey}`,
    `Outcome: ${outcome.passed ? 'passed' : 'failed'}`,
    ...outcome.reasons.map((r) => `Reason: ${r}`),
  ];
}

/** Names as one line of JSON strings: a comma, quote or line break inside a name cannot shift the list. */
const quotedList = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(', ');

function formatV3Lines(s: DrillStatementV3): string[] {
  const bad = (what: string) => new AirlockError('drill-statement-invalid', `The drill statement's ${what}.`);
  if (!Number.isSafeInteger(s.drillId) || s.drillId < 1) throw bad('drill number must be a whole number from 1');
  if (s.challenge !== null) parseChallenge(s.challenge);
  if ((s.snapshot === null) !== (s.snapshotSource === null)) throw bad('block hash and relay key come with the snapshot, and only with it');
  if (s.snapshotSource && (!/^0x[0-9a-f]{64}$/.test(s.snapshotSource.blockHash) || !/^[a-z]+( [a-z]+){3}$/.test(s.snapshotSource.relayFingerprint))) {
    throw bad('block hash must be 0x and 64 lower-case hex digits, and the relay key four lower-case words');
  }
  const names = [...s.participants, ...s.failedShares];
  if (s.participants.length < 1 || s.participants.length > MAX_PARTICIPANTS || names.some((n) => n.length < 1 || n.length > 64)) {
    throw bad(`participants must be 1 to ${MAX_PARTICIPANTS} names of 1 to 64 characters`);
  }
  if (s.failedShares.some((n) => !s.participants.includes(n))) throw bad('failed shares must each be a participant');
  if (![s.rto.ms, s.rto.targetMs].every((ms) => Number.isSafeInteger(ms) && ms >= 0)) throw bad('RTO and its target must be whole milliseconds');
  return [
    `Drill: ${s.drillId}`,
    `Challenge: ${s.challenge === null ? 'none' : JSON.stringify(s.challenge)}`,
    `Block hash: ${s.snapshotSource?.blockHash ?? 'none'}`,
    `Relay key: ${s.snapshotSource?.relayFingerprint ?? 'none'}`,
    `Participants: ${quotedList(s.participants)}`,
    `Failed shares: ${s.failedShares.length === 0 ? 'none' : quotedList(s.failedShares)}`,
    `RTO: ${s.rto.ms} ms (target ${s.rto.targetMs} ms)`,
    ...formatChainLines(s.chainSnapshots),
  ];
}

function formatChainLines(chains: readonly DrillChainSnapshot[] | undefined): string[] {
  if (chains === undefined) return [];
  if (chains.length === 0 || chains.length > MAX_CHAIN_SNAPSHOTS) throw new AirlockError('drill-statement-invalid', `A drill statement names 1 to ${MAX_CHAIN_SNAPSHOTS} chain snapshots, or none.`);
  return chains.map((c) => {
    const line = `${CHAIN_SNAPSHOT}: chain ${c.chainId} block ${c.blockNumber} hash ${c.blockHash}`;
    parseChainLine(line.slice(CHAIN_SNAPSHOT.length + 2));
    return line;
  });
}

function parseChainLine(text: string): DrillChainSnapshot {
  const match = /^chain ([1-9][0-9]{0,19}) block (0|[1-9][0-9]{0,19}) hash (0x[0-9a-f]{64})$/.exec(text);
  if (!match) throw statementInvalid('each chain snapshot line must read "chain N block N hash 0x<64 hex digits>"');
  return { chainId: match[1]!, blockNumber: match[2]!, blockHash: match[3]! };
}

/** The one parser of a statement's text (version 1, 2 or 3); every deviation is a typed error naming the line. */
export function parseDrillStatement(text: string): AnyDrillStatement {
  if (typeof text !== 'string' || text.length > MAX_STATEMENT) throw statementInvalid(`it is not text of at most ${MAX_STATEMENT} characters`);
  const lines = text.split('\n');
  if (lines[0] === DRILL_STATEMENT_HEADER_V3) return parseV3(lines);
  if (lines[0] === DRILL_STATEMENT_HEADER_V2) return parseV2(lines, 7);
  if (lines.length !== 7 || lines[0] !== DRILL_STATEMENT_HEADER) throw statementInvalid(`it must be 7 lines starting with "${DRILL_STATEMENT_HEADER}"`);
  return parseCommon(lines);
}

const field = (lines: readonly string[], index: number, key: string): string => {
  const line = lines[index];
  if (line === undefined || !line.startsWith(`${key}: `)) throw statementInvalid(`line ${index + 1} must start with "${key}: "`);
  return line.slice(key.length + 2);
};

/** Lines 2 to 7, the same in every version. */
function parseCommon(lines: readonly string[]): DrillStatement {
  const date = field(lines, 3, 'Date');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(date) || Number.isNaN(Date.parse(date))) throw statementInvalid('its date is not an ISO 8601 UTC time');
  const snapshotText = field(lines, 5, 'Snapshot');
  let snapshot: DrillStatement['snapshot'] = null;
  if (snapshotText !== 'none') {
    const match = /^chain ([1-9][0-9]{0,19}) block (0|[1-9][0-9]{0,19}) root (0x[0-9a-f]{64})$/.exec(snapshotText);
    if (!match) throw statementInvalid('its snapshot line must read "chain N block N root 0x…" or "none"');
    snapshot = { chainId: match[1]!, blockNumber: match[2]!, merkleRoot: match[3]! };
  }
  const nonce = field(lines, 6, 'Nonce');
  if (!/^[0-9a-f]{32}$/.test(nonce)) throw statementInvalid('its nonce is not 32 lower-case hex digits');
  return { vaultId: field(lines, 1, 'Vault'), vaultName: field(lines, 2, 'Vault name'), date, runbook: field(lines, 4, 'Runbook'), snapshot, nonce };
}

/** Version 2's lines from `from` on: audit head, checkpoint key, outcome, reasons. */
function parseV2(lines: readonly string[], from: number): DrillStatementV2 {
  if (lines.length < from + 3 || lines.length > from + 3 + MAX_REASONS) throw statementInvalid(`this version has ${from + 3} lines, then up to ${MAX_REASONS} reasons`);
  const common = parseCommon(lines);
  const head = /^(0|[1-9][0-9]{0,14}) (0x[0-9a-f]{64})$/.exec(field(lines, from, 'Audit head'));
  if (!head || Number(head[1]) < 1) throw statementInvalid('its audit head must read "<entries> 0x<64 hex digits>"');
  const checkpointKey = field(lines, from + 1, 'Checkpoint key');
  if (!/^0x0[23][0-9a-f]{64}$/.test(checkpointKey)) throw statementInvalid('its checkpoint key must be 0x and 66 lower-case hex digits');
  const outcome = field(lines, from + 2, 'Outcome');
  if (outcome !== 'passed' && outcome !== 'failed') throw statementInvalid('its outcome must be "passed" or "failed"');
  const reasons = lines.slice(from + 3).map((_, i) => field(lines, from + 3 + i, 'Reason'));
  if ((outcome === 'passed') !== (reasons.length === 0) || reasons.some((r) => r.length === 0 || r.length > MAX_REASON_LENGTH)) {
    throw statementInvalid('a passed drill lists no reason, a failed one 1 to 10 reasons of at most 300 characters');
  }
  return { ...common, auditHead: { count: Number(head[1]), hash: head[2]! }, checkpointKey, outcome: { passed: outcome === 'passed', reasons } };
}

function parseV3(lines: readonly string[]): DrillStatementV3 {
  // Lines 15 on: chain snapshot lines (none for one chain), then version 2's tail.
  let tail = 14;
  while (tail < lines.length && lines[tail]!.startsWith(`${CHAIN_SNAPSHOT}: `)) tail++;
  const chainLines = lines.slice(14, tail);
  if (chainLines.length > MAX_CHAIN_SNAPSHOTS) throw statementInvalid(`it names more than ${MAX_CHAIN_SNAPSHOTS} chain snapshots`);
  const chainSnapshots = chainLines.map((line) => parseChainLine(line.slice(CHAIN_SNAPSHOT.length + 2)));
  if (new Set(chainSnapshots.map((c) => c.chainId)).size !== chainSnapshots.length) throw statementInvalid('it names a chain snapshot twice');
  const base = parseV2(lines, tail);
  const drill = field(lines, 7, 'Drill');
  if (!/^[1-9][0-9]{0,14}$/.test(drill)) throw statementInvalid('its drill number must be a whole number');
  const challengeText = field(lines, 8, 'Challenge');
  const challenge = challengeText === 'none' ? null : quotedString(challengeText, 'challenge');
  if (challenge !== null) parseChallenge(challenge);
  const blockHash = field(lines, 9, 'Block hash');
  const relayFingerprint = field(lines, 10, 'Relay key');
  const withSource = blockHash !== 'none' || relayFingerprint !== 'none';
  if (withSource !== (base.snapshot !== null) || (withSource && (!/^0x[0-9a-f]{64}$/.test(blockHash) || !/^[a-z]+( [a-z]+){3}$/.test(relayFingerprint)))) {
    throw statementInvalid('its block hash (0x and 64 hex digits) and relay key (four words) are given with a snapshot, and "none" without');
  }
  const participants = quotedNames(field(lines, 11, 'Participants'), 'participants');
  const failedText = field(lines, 12, 'Failed shares');
  const failedShares = failedText === 'none' ? [] : quotedNames(failedText, 'failed shares');
  if (participants.length === 0 || failedShares.some((n) => !participants.includes(n))) throw statementInvalid('it names at least one participant, and only participants as failed shares');
  const rto = /^(0|[1-9][0-9]{0,14}) ms \(target (0|[1-9][0-9]{0,14}) ms\)$/.exec(field(lines, 13, 'RTO'));
  if (!rto) throw statementInvalid('its RTO must read "<ms> ms (target <ms> ms)"');
  return {
    ...base,
    drillId: Number(drill),
    challenge,
    snapshotSource: withSource ? { blockHash, relayFingerprint } : null,
    participants,
    failedShares,
    rto: { ms: Number(rto[1]), targetMs: Number(rto[2]) },
    ...(chainSnapshots.length > 0 ? { chainSnapshots } : {}),
  };
}

function quotedString(text: string, what: string): string {
  const list = quotedNames(text, what, CHALLENGE_MAX_LENGTH);
  if (list.length !== 1) throw statementInvalid(`its ${what} must be one quoted text`);
  return list[0]!;
}

/** `"a", "b"` as written by quotedList, and nothing else (re-formatting must give the same text back). */
function quotedNames(text: string, what: string, maxLength = 64): string[] {
  let names: unknown;
  try {
    names = JSON.parse(`[${text}]`);
  } catch {
    names = null;
  }
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string' && n.length >= 1 && n.length <= maxLength && !/[\r\n]/.test(n)) || quotedList(names) !== text) {
    throw statementInvalid(`its ${what} must be quoted names separated by ", "`);
  }
  return names as string[];
}

function statementInvalid(why: string): AirlockError {
  return new AirlockError('drill-statement-invalid', `This is not an Airlock drill statement: ${why}.`);
}
