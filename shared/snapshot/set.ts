// The snapshots of several chains the relay took in one go, carried to the vault as one transfer
// (ur:airlock-snapshot-set). Each snapshot in it is signed on its own exactly as a single one is; the set adds no
// signature of its own, so the vault checks each one as it checks a single snapshot, and the chains it expects
// against the chains the set holds (a dropped or added chain is refused). SECURITY(H-19): one parser, capped.
import { SNAPSHOT_SET_UR_TYPE } from '../airgap/airlock-types';
import { airlockJsonText } from '../airgap/payload-text';
import { AirlockError } from '../errors';
import { parseSignedSnapshot, type SignedSnapshot } from './schema';

export const SNAPSHOT_SET_VERSION = 1;
/** Chains in one set: a security council's mainnet and its L2s, with room to spare. */
export const MAX_SNAPSHOT_SET_CHAINS = 8;
/** Eight snapshots of at most 4 MiB of text each would be far past any QR transfer; 16 MiB bounds the parse. */
export const MAX_SNAPSHOT_SET_CHARS = 16 * 1024 * 1024;

export interface SnapshotSet {
  version: typeof SNAPSHOT_SET_VERSION;
  /** One per chain, in the order the relay was asked for them. */
  snapshots: SignedSnapshot[];
}

const malformed = (message: string, params: Record<string, string | number> = {}) => new AirlockError('snapshot-set-malformed', message, params);

/** The one parser for a snapshot set from outside: each snapshot parsed as a single one is, chains distinct. */
export function parseSnapshotSet(value: unknown): SnapshotSet {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed('This is not an Airlock snapshot set. Take the snapshots again on the relay.');
  const { version, snapshots, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw malformed(`This snapshot set holds a field Airlock does not know ("${Object.keys(rest)[0]!.slice(0, 40)}"). Take the snapshots again on the relay.`);
  if (typeof version === 'number' && version > SNAPSHOT_SET_VERSION) {
    throw new AirlockError('snapshot-set-version-unsupported', `This snapshot set was made by a newer Airlock (set version ${version}; this one reads ${SNAPSHOT_SET_VERSION}). Update Airlock on this computer.`);
  }
  if (version !== SNAPSHOT_SET_VERSION) throw malformed('This snapshot set has no version Airlock reads. Take the snapshots again on the relay.');
  if (!Array.isArray(snapshots) || snapshots.length === 0 || snapshots.length > MAX_SNAPSHOT_SET_CHAINS) {
    throw malformed(`A snapshot set holds 1 to ${MAX_SNAPSHOT_SET_CHAINS} snapshots, one per chain. Take the snapshots again on the relay.`);
  }
  const parsed = snapshots.map((snapshot, i) => {
    try {
      return parseSignedSnapshot(snapshot);
    } catch (error) {
      throw inSet(error, chainOf(snapshot) ?? `number ${i + 1}`);
    }
  });
  const seen = new Set<string>();
  for (const snapshot of parsed) {
    if (seen.has(snapshot.chainId)) throw malformed(`This snapshot set holds chain ${snapshot.chainId} twice; a set holds one snapshot per chain. Nothing was imported.`, { chainId: snapshot.chainId });
    seen.add(snapshot.chainId);
  }
  return { version: SNAPSHOT_SET_VERSION, snapshots: parsed };
}

/** A set pasted as JSON or scanned as ur:airlock-snapshot-set parts. */
export function parseSnapshotSetText(text: string): SnapshotSet {
  return parseSnapshotSet(airlockJsonText(text, { type: SNAPSHOT_SET_UR_TYPE, maxChars: MAX_SNAPSHOT_SET_CHARS, what: 'snapshot set', code: 'snapshot-set-malformed' }));
}

/**
 * Checks that the set holds exactly the chains the person expects, and gives each snapshot to `check` in order (the
 * single snapshot's verification); the first refusal is rethrown naming its chain, so nothing after it runs.
 */
export function verifySnapshotSet<T>(set: SnapshotSet, expectedChainIds: readonly bigint[], check: (snapshot: SignedSnapshot, chainId: bigint) => T): T[] {
  const expected = [...new Set(expectedChainIds.map(String))];
  const held = set.snapshots.map((s) => s.chainId);
  const missing = expected.filter((id) => !held.includes(id));
  if (missing.length > 0) {
    throw new AirlockError('snapshot-set-chain-missing', `The snapshot set has no snapshot of chain ${missing.join(', ')}, which you expect. Nothing was imported: take the snapshots again with an endpoint for every chain.`, {
      chainId: missing[0]!,
    });
  }
  const extra = held.filter((id) => !expected.includes(id));
  if (extra.length > 0) {
    throw new AirlockError('snapshot-set-chain-unexpected', `The snapshot set holds chain ${extra.join(', ')}, which you did not expect. Nothing was imported: check the chains you gave, or take the snapshots again.`, {
      chainId: extra[0]!,
    });
  }
  return set.snapshots.map((snapshot) => {
    try {
      return check(snapshot, BigInt(snapshot.chainId));
    } catch (error) {
      throw inSet(error, snapshot.chainId);
    }
  });
}

/** `error` with its chain named first, keeping its code (and its acknowledgement, when it is one). */
export function inSet(error: unknown, chain: string): unknown {
  if (!(error instanceof AirlockError)) return error;
  const where = /^[0-9]+$/.test(chain) ? `chain ${chain}` : `snapshot ${chain.replace(/^number /, '')}`;
  const nothing = /Nothing (was|from)/.test(error.message) ? '' : ' Nothing from the set was imported.';
  return new AirlockError(error.code, `In the snapshot set, ${where}: ${error.message}${nothing}`, { ...error.params, chainId: chain });
}

function chainOf(snapshot: unknown): string | null {
  const chainId = (snapshot as { chainId?: unknown } | null)?.chainId;
  return typeof chainId === 'string' && /^[1-9][0-9]{0,19}$/.test(chainId) ? chainId : null;
}
