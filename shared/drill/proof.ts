// The drill's proof of control: a fixed, line-based statement (vault, date, runbook, the snapshot the drill
// used, a fresh nonce; from version 2 also the audit head and the drill's outcome) signed with EIP-191
// personal_sign by a registered account. Anyone can check it without a vault: the signature must recover to the
// stated address, and the statement must parse.
//
// Statement format (version 1), UTF-8, lines joined by "\n", in this order:
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
// Version 3 (a runbook over several chains) starts "Airlock recovery drill v3", has every version 2 line, then:
//   Chain snapshot: chain <id> block <n> hash <0x…64>   one per chain the drill built on (1 to 8), in runbook order
// Version 1 proofs still verify; they say nothing of the outcome or the audit log.
import { fromHex, toHex } from '../bytes';
import { AirlockError } from '../errors';
import type { SecretBytes } from '../crypto/secret';
import { addressFromPublicKey, parseAddress, type Address } from '../evm/address';
import { hashPersonalMessage } from '../evm/eip712';
import { secp } from '../evm/secp';
import { verifyBitcoinDrillProof, type BitcoinDrillProof } from './bitcoin-proof';

export const DRILL_STATEMENT_HEADER = 'Airlock recovery drill v1';
export const DRILL_STATEMENT_HEADER_V2 = 'Airlock recovery drill v2';
export const DRILL_STATEMENT_HEADER_V3 = 'Airlock recovery drill v3';
const MAX_CHAIN_SNAPSHOTS = 8;
const CHAIN_SNAPSHOT = 'Chain snapshot';
const MAX_STATEMENT = 6000;
const MAX_REASONS = 10;
const MAX_REASON_LENGTH = 300;

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

/** One chain's snapshot a multi-chain drill built on, named by block number and hash. */
export interface DrillChainSnapshot {
  chainId: string;
  blockNumber: string;
  blockHash: string;
}

export interface DrillStatementV3 extends DrillStatementV2 {
  chainSnapshots: DrillChainSnapshot[];
}

export type AnyDrillStatement = DrillStatement | DrillStatementV2 | DrillStatementV3;

export function isDrillStatementV3(statement: AnyDrillStatement): statement is DrillStatementV3 {
  return 'chainSnapshots' in statement;
}

/** The statement's version: 3 names every chain's snapshot, 2 adds the outcome and audit head to 1. */
export function drillStatementVersion(statement: AnyDrillStatement): 1 | 2 | 3 {
  return isDrillStatementV3(statement) ? 3 : isDrillStatementV2(statement) ? 2 : 1;
}

export function isDrillStatementV2(statement: AnyDrillStatement): statement is DrillStatementV2 {
  return 'outcome' in statement;
}

/** A drill's result as a version 2 statement carries it: each reason on one line, at most 10 of 300 characters. */
export function drillOutcome(reasons: readonly string[]): DrillOutcome {
  const lines = reasons.map((r) => {
    const line = r.replace(/\s+/g, ' ').trim() || 'failed';
    return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 1)}…` : line;
  });
  if (lines.length > MAX_REASONS) lines.splice(MAX_REASONS - 1, lines.length, `… and ${lines.length - MAX_REASONS + 1} more reasons (see the drill report).`);
  return { passed: lines.length === 0, reasons: lines };
}

export interface DrillProof {
  statement: string;
  /** 65 bytes r ‖ s ‖ v (v = 27|28), 0x hex, as personal_sign returns it. */
  signature: string;
  address: string;
  /** A vault with a Bitcoin treasury account also signs the same statement with BIP-322 (shared/drill/bitcoin-proof.ts). */
  bitcoin?: BitcoinDrillProof;
}

const oneLine = (text: string, what: string): string => {
  if (/[\r\n]/.test(text) || text.length > 200) throw new AirlockError('drill-statement-invalid', `The drill statement's ${what} must be one line of at most 200 characters.`);
  return text;
};

export function formatDrillStatement(s: AnyDrillStatement): string {
  if (!/^[0-9a-f]{32}$/.test(s.nonce)) throw new AirlockError('drill-statement-invalid', 'The drill nonce must be 16 random bytes in lower-case hex.');
  const snapshot = s.snapshot ? `chain ${s.snapshot.chainId} block ${s.snapshot.blockNumber} root ${s.snapshot.merkleRoot}` : 'none';
  const v2 = isDrillStatementV2(s);
  const version = drillStatementVersion(s);
  return [
    version === 3 ? DRILL_STATEMENT_HEADER_V3 : v2 ? DRILL_STATEMENT_HEADER_V2 : DRILL_STATEMENT_HEADER,
    `Vault: ${oneLine(s.vaultId, 'vault id')}`,
    `Vault name: ${oneLine(s.vaultName, 'vault name')}`,
    `Date: ${oneLine(s.date, 'date')}`,
    `Runbook: ${oneLine(s.runbook, 'runbook')}`,
    `Snapshot: ${snapshot}`,
    `Nonce: ${s.nonce}`,
    ...(v2 ? formatV2Lines(s) : []),
    ...(isDrillStatementV3(s) ? formatChainLines(s.chainSnapshots) : []),
  ].join('\n');
}

function formatChainLines(chains: readonly DrillChainSnapshot[]): string[] {
  if (chains.length === 0 || chains.length > MAX_CHAIN_SNAPSHOTS) throw new AirlockError('drill-statement-invalid', `A version 3 drill statement names 1 to ${MAX_CHAIN_SNAPSHOTS} chain snapshots.`);
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

/** The one parser of a statement's text (version 1 or 2); every deviation is a typed error naming the line. */
export function parseDrillStatement(text: string): AnyDrillStatement {
  if (typeof text !== 'string' || text.length > MAX_STATEMENT) throw statementInvalid(`it is not text of at most ${MAX_STATEMENT} characters`);
  const lines = text.split('\n');
  if (lines[0] === DRILL_STATEMENT_HEADER_V2) return parseV2(lines);
  if (lines[0] === DRILL_STATEMENT_HEADER_V3) return parseV3(lines);
  if (lines.length !== 7 || lines[0] !== DRILL_STATEMENT_HEADER) throw statementInvalid(`it must be 7 lines starting with "${DRILL_STATEMENT_HEADER}"`);
  return parseCommon(lines);
}

const field = (lines: readonly string[], index: number, key: string): string => {
  const line = lines[index]!;
  if (!line.startsWith(`${key}: `)) throw statementInvalid(`line ${index + 1} must start with "${key}: "`);
  return line.slice(key.length + 2);
};

/** Lines 2 to 7, the same in both versions. */
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

function parseV2(lines: readonly string[]): DrillStatementV2 {
  if (lines.length < 10 || lines.length > 10 + MAX_REASONS) throw statementInvalid(`a version 2 statement has 10 lines, then up to ${MAX_REASONS} reasons`);
  const common = parseCommon(lines);
  const head = /^(0|[1-9][0-9]{0,14}) (0x[0-9a-f]{64})$/.exec(field(lines, 7, 'Audit head'));
  if (!head || Number(head[1]) < 1) throw statementInvalid('its audit head must read "<entries> 0x<64 hex digits>"');
  const checkpointKey = field(lines, 8, 'Checkpoint key');
  if (!/^0x0[23][0-9a-f]{64}$/.test(checkpointKey)) throw statementInvalid('its checkpoint key must be 0x and 66 lower-case hex digits');
  const outcome = field(lines, 9, 'Outcome');
  if (outcome !== 'passed' && outcome !== 'failed') throw statementInvalid('its outcome must be "passed" or "failed"');
  const reasons = lines.slice(10).map((_, i) => field(lines, 10 + i, 'Reason'));
  if ((outcome === 'passed') !== (reasons.length === 0) || reasons.some((r) => r.length === 0 || r.length > MAX_REASON_LENGTH)) {
    throw statementInvalid('a passed drill lists no reason, a failed one 1 to 10 reasons of at most 300 characters');
  }
  return { ...common, auditHead: { count: Number(head[1]), hash: head[2]! }, checkpointKey, outcome: { passed: outcome === 'passed', reasons } };
}

/** Version 2's lines, then the chain snapshot lines, each chain once. */
function parseV3(lines: readonly string[]): DrillStatementV3 {
  const first = lines.findIndex((line) => line.startsWith(`${CHAIN_SNAPSHOT}: `));
  if (first === -1) throw statementInvalid(`a version 3 statement ends with 1 to ${MAX_CHAIN_SNAPSHOTS} "${CHAIN_SNAPSHOT}:" lines`);
  const chainLines = lines.slice(first);
  if (chainLines.length > MAX_CHAIN_SNAPSHOTS) throw statementInvalid(`a version 3 statement names at most ${MAX_CHAIN_SNAPSHOTS} chain snapshots`);
  const chainSnapshots = chainLines.map((_, i) => parseChainLine(field(lines, first + i, CHAIN_SNAPSHOT)));
  if (new Set(chainSnapshots.map((c) => c.chainId)).size !== chainSnapshots.length) throw statementInvalid('it names a chain snapshot twice');
  return { ...parseV2([DRILL_STATEMENT_HEADER_V2, ...lines.slice(1, first)]), chainSnapshots };
}

/** personal_sign of the statement with a registered account's key (borrowed; the caller disposes it). */
export function signDrillStatement(statement: string, privateKey: SecretBytes, address: Address): DrillProof {
  parseDrillStatement(statement);
  const digest = hashPersonalMessage(statement);
  const recovered = privateKey.use((key) => secp.sign(digest, key, { prehash: false, lowS: true, format: 'recovered', extraEntropy: false }));
  const signature = toHex(recovered.subarray(1, 65)) + (27 + recovered[0]!).toString(16);
  if (recoverSigner(statement, signature) !== address) {
    throw new AirlockError('signature-fault', 'The drill proof just signed does not recover to the account that signed it; it was discarded.');
  }
  return { statement, signature, address };
}

export interface DrillProofVerdict {
  valid: boolean;
  /** The address the signature recovers to (null when it recovers to none). */
  address: string | null;
  statement: AnyDrillStatement | null;
  /** Why the proof is not valid, in a sentence; null when valid. */
  problem: string | null;
  /** The BIP-322 part, when the proof has one: valid only if both signatures are. */
  bitcoin?: { address: string | null; valid: boolean };
}

/** Checks a proof with no vault: the statement parses and the signature recovers to the stated address. */
export function verifyDrillProof(proof: unknown): DrillProofVerdict {
  if (typeof proof !== 'object' || proof === null) return invalid(null, null, 'A drill proof is a JSON object with "statement", "signature" and "address".');
  const { statement, signature, address } = proof as Record<string, unknown>;
  if (typeof statement !== 'string' || typeof signature !== 'string' || typeof address !== 'string') {
    return invalid(null, null, 'A drill proof needs "statement", "signature" and "address", each a string.');
  }
  let parsed: AnyDrillStatement;
  try {
    parsed = parseDrillStatement(statement);
  } catch (error) {
    return invalid(null, null, error instanceof AirlockError ? error.message : 'The statement cannot be read.');
  }
  let stated: Address;
  try {
    stated = parseAddress(address);
  } catch (error) {
    return invalid(null, parsed, `The stated address is not valid: ${error instanceof AirlockError ? error.message : ''}`.trim());
  }
  const signer = recoverSigner(statement, signature);
  if (signer === null) return invalid(null, parsed, 'The signature is not a valid 65-byte personal_sign signature; no signer can be recovered.');
  if (signer !== stated) return invalid(signer, parsed, `The signature recovers to ${signer}, not to the stated ${stated}: the statement or the signature was changed.`);
  const { bitcoin } = proof as Record<string, unknown>;
  if (bitcoin === undefined) return { valid: true, address: signer, statement: parsed, problem: null };
  const btc = verifyBitcoinDrillProof(statement, bitcoin);
  return { valid: btc.valid, address: signer, statement: parsed, problem: btc.problem, bitcoin: { address: btc.address, valid: btc.valid } };
}

function recoverSigner(statement: string, signature: string): Address | null {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) return null;
  const bytes = fromHex(signature);
  const v = bytes[64]!;
  if (v !== 27 && v !== 28) return null;
  try {
    const recovered = new Uint8Array(65);
    recovered[0] = v - 27;
    recovered.set(bytes.subarray(0, 64), 1);
    return addressFromPublicKey(secp.recoverPublicKey(recovered, hashPersonalMessage(statement), { prehash: false }));
  } catch {
    return null;
  }
}

function invalid(address: string | null, statement: AnyDrillStatement | null, problem: string): DrillProofVerdict {
  return { valid: false, address, statement, problem };
}

function statementInvalid(why: string): AirlockError {
  return new AirlockError('drill-statement-invalid', `This is not an Airlock drill statement: ${why}.`);
}
