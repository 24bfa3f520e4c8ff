// The relay's signature on a simulation report, and the vault's verification of one against a draft.
//
// Digest (version 1): SHA-256( "airlock/simulation-report/v1" || 0x00 || chainId as 32-byte big-endian
//   || blockHash (32 bytes) || draft digest (32 bytes) || SHA-256(canonical JSON of the body) ). The chain, block and
//   draft digest are bound explicitly, the rest through the body's hash; the tag keeps the signature from meaning
//   anything as a snapshot signature (shared/snapshot/signature.ts) or to a wallet. ECDSA secp256k1 over that digest
//   (prehash off, RFC 6979, low-s) with the relay's device key, 64-byte compact.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, toHex, utf8ToBytes } from '../bytes';
import { AirlockError } from '../errors';
import { secp } from '../evm/secp';
import { relayKeyFingerprint, relayPublicKey } from '../snapshot/signature';
import { canonicalJson, parseSimulationReport, simulationBodySchema, type SignedSimulationReport, type SimulationBody } from './report';

export const SIMULATION_SIGNATURE_TAG = 'airlock/simulation-report/v1';

export function simulationDigest(body: SimulationBody): Uint8Array {
  const chainId = hexToBytes(BigInt(body.chainId).toString(16).padStart(64, '0'));
  if (chainId.length !== 32) throw new RangeError('expected a chain id below 2^256');
  const bodyHash = sha256(utf8ToBytes(canonicalJson(body)));
  return sha256(concatBytes(utf8ToBytes(SIMULATION_SIGNATURE_TAG), Uint8Array.of(0), chainId, hexToBytes(body.blockHash.slice(2)), hexToBytes(body.digest.slice(2)), bodyHash));
}

/** Signs a report body with the relay's device key. */
export function signSimulationReport(body: SimulationBody, secretKey: Uint8Array): SignedSimulationReport {
  const checked = simulationBodySchema.parse(body);
  const signature = secp.sign(simulationDigest(checked), secretKey, { prehash: false, lowS: true });
  return { ...checked, signature: toHex(signature), relayKey: toHex(relayPublicKey(secretKey)) };
}

export interface SimulationExpectation {
  /** The relay key the vault trusts for this report (a pinned, not revoked one). */
  relayKey: Uint8Array;
  /** The draft's digest as the vault reviews it now. */
  digest: Uint8Array;
  chainId: bigint;
  /** The block of the snapshot the draft was built on: a report from an earlier block says nothing about it. */
  minBlock: bigint | null;
}

/**
 * Parses and checks a report from outside against the draft it is for: the paired relay's key, its signature, the
 * draft's digest and chain, a block no older than the draft's snapshot. Throws a typed AirlockError.
 */
export function verifySimulationReport(value: unknown, expect: SimulationExpectation): SignedSimulationReport {
  const report = parseSimulationReport(value);
  const relayKey = hexToBytes(report.relayKey.slice(2));
  if (bytesToHex(relayKey) !== bytesToHex(expect.relayKey)) {
    throw new AirlockError(
      'simulation-relay-unpaired',
      `This simulation report was signed by relay key "${relayKeyFingerprint(relayKey).join(' ')}", not the relay this vault is paired with ("${relayKeyFingerprint(expect.relayKey).join(' ')}"). Simulate on the paired relay, or pair this one first.`,
    );
  }
  const { signature, relayKey: _key, ...body } = report;
  let valid = false;
  try {
    valid = secp.verify(hexToBytes(signature.slice(2)), simulationDigest(body), relayKey, { prehash: false, lowS: true });
  } catch {
    valid = false;
  }
  if (!valid) throw new AirlockError('simulation-signature-invalid', "The relay's signature on this simulation report is not valid: it was changed or damaged in transfer. Simulate the draft again.");
  if (report.digest !== toHex(expect.digest)) {
    throw new AirlockError(
      'simulation-digest-mismatch',
      `This simulation report is about the transaction ${report.digest}, not this draft (${toHex(expect.digest)}). Show this draft's simulation request to the relay and bring back its report.`,
    );
  }
  if (BigInt(report.chainId) !== expect.chainId) {
    throw new AirlockError('simulation-chain-mismatch', `This simulation ran on chain ${report.chainId}, but the draft is for chain ${expect.chainId}. Simulate with an endpoint of the right chain.`);
  }
  if (expect.minBlock !== null && BigInt(report.blockNumber) < expect.minBlock) {
    throw new AirlockError(
      'simulation-block-too-old',
      `This simulation ran at block ${report.blockNumber}, before the snapshot the draft was built on (block ${expect.minBlock}). Simulate again at the latest block.`,
    );
  }
  return report;
}
