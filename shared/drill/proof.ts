// The drill's proof of control: a fixed, line-based statement (vault, date, runbook, the snapshot the drill
// used, a fresh nonce; from version 2 also the audit head and the drill's outcome; from version 3 the participants,
// failed shares, RTO, block hash, relay key and the auditor's challenge) signed with EIP-191 personal_sign by a
// registered account. Anyone can check it without a vault: the signature must recover to the
// stated address, and the statement must parse.
//
// The statement's format and its parser live in ./statement (re-exported here).
import { fromHex, toHex } from '../bytes';
import { AirlockError } from '../errors';
import type { SecretBytes } from '../crypto/secret';
import { addressFromPublicKey, parseAddress, type Address } from '../evm/address';
import { hashPersonalMessage } from '../evm/eip712';
import { secp } from '../evm/secp';
import { verifyBitcoinDrillProof, type BitcoinDrillProof } from './bitcoin-proof';
import { parseDrillStatement, type AnyDrillStatement } from './statement';

export {
  CHALLENGE_MAX_LENGTH,
  CHALLENGE_MIN_LENGTH,
  DRILL_STATEMENT_HEADER,
  DRILL_STATEMENT_HEADER_V2,
  DRILL_STATEMENT_HEADER_V3,
  drillOutcome,
  drillStatementVersion,
  formatDrillStatement,
  isDrillStatementV2,
  isDrillStatementV3,
  parseChallenge,
  parseDrillStatement,
  type AnyDrillStatement,
  type DrillChainSnapshot,
  type DrillOutcome,
  type DrillStatement,
  type DrillStatementV2,
  type DrillStatementV3,
} from './statement';

export interface DrillProof {
  statement: string;
  /** 65 bytes r ‖ s ‖ v (v = 27|28), 0x hex, as personal_sign returns it. */
  signature: string;
  address: string;
  /** A vault with a Bitcoin treasury account also signs the same statement with BIP-322 (shared/drill/bitcoin-proof.ts). */
  bitcoin?: BitcoinDrillProof;
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
