// The drill's proof of control: a fixed, line-based statement (vault, date, runbook, the snapshot the drill
// used, a fresh nonce) signed with EIP-191 personal_sign by a registered account. Anyone can check it without a
// vault: the signature must recover to the stated address, and the statement must parse.
//
// Statement format (version 1), UTF-8, lines joined by "\n", in this order:
//   Airlock recovery drill v1
//   Vault: <vault id>
//   Vault name: <name>
//   Date: <ISO 8601 UTC>
//   Runbook: <runbook name>
//   Snapshot: chain <id> block <n> root <0x…64> | none
//   Nonce: <32 lower-case hex digits>
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { AirlockError } from '../errors';
import type { SecretBytes } from '../crypto/secret';
import { addressFromPublicKey, parseAddress, type Address } from '../evm/address';
import { hashPersonalMessage } from '../evm/eip712';
import { secp } from '../evm/secp';

export const DRILL_STATEMENT_HEADER = 'Airlock recovery drill v1';
const MAX_STATEMENT = 2000;

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

export interface DrillProof {
  statement: string;
  /** 65 bytes r ‖ s ‖ v (v = 27|28), 0x hex, as personal_sign returns it. */
  signature: string;
  address: string;
}

const oneLine = (text: string, what: string): string => {
  if (/[\r\n]/.test(text) || text.length > 200) throw new AirlockError('drill-statement-invalid', `The drill statement's ${what} must be one line of at most 200 characters.`);
  return text;
};

export function formatDrillStatement(s: DrillStatement): string {
  if (!/^[0-9a-f]{32}$/.test(s.nonce)) throw new AirlockError('drill-statement-invalid', 'The drill nonce must be 16 random bytes in lower-case hex.');
  const snapshot = s.snapshot ? `chain ${s.snapshot.chainId} block ${s.snapshot.blockNumber} root ${s.snapshot.merkleRoot}` : 'none';
  return [
    DRILL_STATEMENT_HEADER,
    `Vault: ${oneLine(s.vaultId, 'vault id')}`,
    `Vault name: ${oneLine(s.vaultName, 'vault name')}`,
    `Date: ${oneLine(s.date, 'date')}`,
    `Runbook: ${oneLine(s.runbook, 'runbook')}`,
    `Snapshot: ${snapshot}`,
    `Nonce: ${s.nonce}`,
  ].join('\n');
}

/** The one parser of a statement's text; every deviation is a typed error naming the line. */
export function parseDrillStatement(text: string): DrillStatement {
  if (typeof text !== 'string' || text.length > MAX_STATEMENT) throw statementInvalid('it is not text of at most 2000 characters');
  const lines = text.split('\n');
  if (lines.length !== 7 || lines[0] !== DRILL_STATEMENT_HEADER) throw statementInvalid(`it must be 7 lines starting with "${DRILL_STATEMENT_HEADER}"`);
  const field = (index: number, key: string): string => {
    const line = lines[index]!;
    if (!line.startsWith(`${key}: `)) throw statementInvalid(`line ${index + 1} must start with "${key}: "`);
    return line.slice(key.length + 2);
  };
  const date = field(3, 'Date');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(date) || Number.isNaN(Date.parse(date))) throw statementInvalid('its date is not an ISO 8601 UTC time');
  const snapshotText = field(5, 'Snapshot');
  let snapshot: DrillStatement['snapshot'] = null;
  if (snapshotText !== 'none') {
    const match = /^chain ([1-9][0-9]{0,19}) block (0|[1-9][0-9]{0,19}) root (0x[0-9a-f]{64})$/.exec(snapshotText);
    if (!match) throw statementInvalid('its snapshot line must read "chain N block N root 0x…" or "none"');
    snapshot = { chainId: match[1]!, blockNumber: match[2]!, merkleRoot: match[3]! };
  }
  const nonce = field(6, 'Nonce');
  if (!/^[0-9a-f]{32}$/.test(nonce)) throw statementInvalid('its nonce is not 32 lower-case hex digits');
  return { vaultId: field(1, 'Vault'), vaultName: field(2, 'Vault name'), date, runbook: field(4, 'Runbook'), snapshot, nonce };
}

/** personal_sign of the statement with a registered account's key (borrowed; the caller disposes it). */
export function signDrillStatement(statement: string, privateKey: SecretBytes, address: Address): DrillProof {
  parseDrillStatement(statement);
  const digest = hashPersonalMessage(statement);
  const recovered = privateKey.use((key) => secp.sign(digest, key, { prehash: false, lowS: true, format: 'recovered', extraEntropy: false }));
  const signature = '0x' + bytesToHex(recovered.subarray(1, 65)) + (27 + recovered[0]!).toString(16);
  if (recoverSigner(statement, signature) !== address) {
    throw new AirlockError('signature-fault', 'The drill proof just signed does not recover to the account that signed it; it was discarded.');
  }
  return { statement, signature, address };
}

export interface DrillProofVerdict {
  valid: boolean;
  /** The address the signature recovers to (null when it recovers to none). */
  address: string | null;
  statement: DrillStatement | null;
  /** Why the proof is not valid, in a sentence; null when valid. */
  problem: string | null;
}

/** Checks a proof with no vault: the statement parses and the signature recovers to the stated address. */
export function verifyDrillProof(proof: unknown): DrillProofVerdict {
  if (typeof proof !== 'object' || proof === null) return invalid(null, null, 'A drill proof is a JSON object with "statement", "signature" and "address".');
  const { statement, signature, address } = proof as Record<string, unknown>;
  if (typeof statement !== 'string' || typeof signature !== 'string' || typeof address !== 'string') {
    return invalid(null, null, 'A drill proof needs "statement", "signature" and "address", each a string.');
  }
  let parsed: DrillStatement;
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
  return { valid: true, address: signer, statement: parsed, problem: null };
}

function recoverSigner(statement: string, signature: string): Address | null {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) return null;
  const bytes = hexToBytes(signature.slice(2));
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

function invalid(address: string | null, statement: DrillStatement | null, problem: string): DrillProofVerdict {
  return { valid: false, address, statement, problem };
}

function statementInvalid(why: string): AirlockError {
  return new AirlockError('drill-statement-invalid', `This is not an Airlock drill statement: ${why}.`);
}
