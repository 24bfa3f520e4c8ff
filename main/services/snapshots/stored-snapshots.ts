// A stored snapshot verified again whenever it is shown, listed or used (SECURITY.md H-30): the row is only as
// good as its signed body, so the body is parsed, its Merkle root recomputed, the pinned relay's signature and
// the chain checked, and every column shown beside it compared with the body. Its warnings are recomputed from
// the verified bodies of its chain, never read from the file.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, toHex, utf8ToBytes } from '../../../shared/bytes';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import { compareSnapshots, type ChainNeighbours, type SnapshotWarning } from '../../../shared/snapshot/changes';
import type { SignedSnapshot, SnapshotBody } from '../../../shared/snapshot/schema';
import { relayKeyFingerprint, verifySnapshot } from '../../../shared/snapshot/signature';
import type { RelayPinRecord, SnapshotRecord } from '../../db/snapshots';
import { unsealedPairing, type CheckedPin } from './pins';

export type SnapshotStatus = 'verified' | 'damaged' | 'revoked';

export interface SnapshotProblem {
  code: string;
  message: string;
}

/** A stored row after verification: its body only when the signature and root still hold. */
export type CheckedSnapshot =
  | { record: SnapshotRecord; status: 'verified'; problem: null; body: SignedSnapshot }
  | { record: SnapshotRecord; status: 'revoked'; problem: SnapshotProblem; body: SignedSnapshot }
  | { record: SnapshotRecord; status: 'damaged'; problem: SnapshotProblem; body: null };

export type UsableSnapshot = Extract<CheckedSnapshot, { status: 'verified' }>;

export const isUsable = (checked: CheckedSnapshot): checked is UsableSnapshot => checked.status === 'verified';


/** Why a stored snapshot no longer verifies, per verification code, in words for a key holder. */
const DAMAGE: Readonly<Record<string, string>> = {
  'snapshot-malformed': 'its stored contents are no longer a valid snapshot',
  'snapshot-columns-changed': 'the chain, block, root, relay key or time stored beside it differ from what the relay signed',
  'snapshot-root-mismatch': 'its contents (a balance, nonce, Safe, fee or position) no longer match the Merkle root the relay signed',
  'snapshot-signature-invalid': "the relay's signature no longer matches it",
  'snapshot-relay-unknown': 'it is signed by a relay key this vault never paired with',
};

/** Verifying is a pure function of the row and the relay key: at most this many outcomes are remembered. */
const REMEMBERED = 4096;

export interface SnapshotVerifier {
  /** Verifies one stored snapshot against the relay pins (revoked ones included, to tell revoked from damaged). */
  check(record: SnapshotRecord, pins: readonly CheckedPin[]): CheckedSnapshot;
}

/**
 * Verifies stored snapshots, remembering each outcome by a digest of the whole row and the relay key: a row edited
 * in any byte has another digest and is verified afresh, so only the repeated signature checks are saved.
 */
export function createSnapshotVerifier(): SnapshotVerifier {
  const outcomes = new Map<string, { code: string } | { body: SignedSnapshot }>();
  return {
    check(record, pins) {
      // SECURITY(H-30): a row in the file is not trusted: only what the pinned relay signed is shown or built on.
      const pin = pins.find((p) => toHex(p.publicKey) === toHex(record.relayKey));
      if (!pin) return damaged(record, 'snapshot-relay-unknown');
      if (pin.revokedAt === null && !pin.sealed) return unsealed(record, pin);
      const digest = rowDigest(record, pin.publicKey);
      let outcome = outcomes.get(digest);
      if (!outcome) {
        if (outcomes.size >= REMEMBERED) outcomes.clear();
        outcome = verifyRow(record, pin.publicKey);
        outcomes.set(digest, outcome);
      }
      if ('code' in outcome) return damaged(record, outcome.code);
      if (pin.revokedAt !== null) return revoked(record, outcome.body, pin);
      return { record, status: 'verified', problem: null, body: outcome.body };
    },
  };
}

function rowDigest(record: SnapshotRecord, relayKey: Uint8Array): string {
  const { id, chainId, blockNumber, blockHash, merkleRoot, takenAt, importedAt, bodyJson } = record;
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify([id, chainId, blockNumber, blockHash, merkleRoot, toHex(record.relayKey), takenAt, importedAt, bodyJson, toHex(relayKey)]))));
}

function verifyRow(record: SnapshotRecord, relayKey: Uint8Array): { code: string } | { body: SignedSnapshot } {
  let stored: unknown;
  try {
    stored = JSON.parse(record.bodyJson);
  } catch {
    return { code: 'snapshot-malformed' };
  }
  try {
    const body = verifySnapshot(stored, relayKey, { chainId: decimalColumn(record.chainId) ?? -1n });
    return columnsMatch(record, body) ? { body } : { code: 'snapshot-columns-changed' };
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    return { code: error.code === 'snapshot-chain-mismatch' || error.code === 'snapshot-relay-unpaired' ? 'snapshot-columns-changed' : error.code };
  }
}

function columnsMatch(record: SnapshotRecord, body: SignedSnapshot): boolean {
  return (
    record.chainId === body.chainId &&
    record.blockNumber === body.blockNumber &&
    record.blockHash === body.blockHash &&
    record.merkleRoot === body.merkleRoot &&
    toHex(record.relayKey) === body.relayKey &&
    String(record.takenAt) === body.takenAt
  );
}

function damaged(record: SnapshotRecord, code: string): CheckedSnapshot {
  const reason = DAMAGE[code] ?? 'it no longer verifies';
  return {
    record,
    status: 'damaged',
    body: null,
    problem: {
      code,
      message: `Snapshot ${record.id} is damaged: ${reason}. The vault file was changed outside Airlock; nothing is shown from it or built on it. Import a fresh snapshot from the relay and find out who changed the file.`,
    },
  };
}

/** A snapshot whose relay's pin the vault did not seal: never shown as verified nor built on (pins.ts). */
function unsealed(record: SnapshotRecord, pin: RelayPinRecord): CheckedSnapshot {
  const why = unsealedPairing(pin, `Snapshot ${record.id} is not shown or built on.`);
  return { record, status: 'damaged', body: null, problem: { code: 'snapshot-relay-unsealed', message: why.message } };
}

function revoked(record: SnapshotRecord, body: SignedSnapshot, pin: RelayPinRecord): CheckedSnapshot {
  return {
    record,
    status: 'revoked',
    body,
    problem: {
      code: 'snapshot-relay-revoked',
      message: `Snapshot ${record.id} is from relay "${relayKeyFingerprint(pin.publicKey).join(' ')}", whose pairing was revoked: nothing is built on it. Import a snapshot from a relay you trust, or pair this one again if you trust it again.`,
    },
  };
}

/** The checked snapshot, or a refusal saying why nothing may be built on it. */
export function requireUsable(checked: CheckedSnapshot): UsableSnapshot {
  if (checked.status === 'verified') return checked;
  throw new AirlockError(checked.status === 'damaged' ? 'snapshot-damaged' : 'snapshot-relay-revoked', checked.problem.message);
}

/** A column read as a decimal, or null when the file holds something else there (then the row cannot verify). */
function decimalColumn(text: string): bigint | null {
  return /^(0|[1-9][0-9]{0,79})$/.test(text) ? BigInt(text) : null;
}

/** How the selections below verify a row (a SnapshotVerifier's check with the pins at hand). */
type Check = (record: SnapshotRecord) => CheckedSnapshot;

/** Rows by a decimal column, highest (1) or lowest (-1) first, a later import first on a tie; a non-number column drops the row. */
function byColumn(records: readonly SnapshotRecord[], column: (r: SnapshotRecord) => string, direction: 1 | -1): SnapshotRecord[] {
  const keyed = records.flatMap((record) => {
    const key = decimalColumn(column(record));
    return key === null ? [] : [{ record, key }];
  });
  keyed.sort((a, b) => (a.key === b.key ? b.record.id - a.record.id : (a.key > b.key ? -direction : direction)));
  return keyed.map((k) => k.record);
}

/** Verifies rows in order until one is usable: never more of them than needed. */
function firstUsable(records: readonly SnapshotRecord[], check: Check): UsableSnapshot | null {
  for (const record of records) {
    const checked = check(record);
    if (isUsable(checked)) return checked;
  }
  return null;
}

/**
 * The verified snapshots of `next`'s chain it is weighed against, among `others` (the same chain). Rows are
 * ordered by their block column and verified one by one: a verified row's column equals its signed block, and a
 * row whose column lies fails verification and is passed over.
 */
export function neighboursAmong(next: SnapshotBody, others: readonly SnapshotRecord[], check: Check): ChainNeighbours {
  const block = BigInt(next.blockNumber);
  const highest = byColumn(others, (r) => r.blockNumber, 1);
  const atOrBelow = highest.filter((r) => BigInt(r.blockNumber) <= block);
  const above = byColumn(others, (r) => r.blockNumber, -1).filter((r) => BigInt(r.blockNumber) > block);
  return {
    newest: firstUsable(highest, check)?.body ?? null,
    before: firstUsable(atOrBelow, check)?.body ?? null,
    after: firstUsable(above, check)?.body ?? null,
  };
}

/**
 * A snapshot's warnings, recomputed as at its import: against the verified snapshots of its chain imported
 * before it. `chain` holds the stored rows of that chain.
 */
export function recomputedWarnings(target: CheckedSnapshot, chain: readonly SnapshotRecord[], check: Check): SnapshotWarning[] {
  if (!target.body) return [];
  const earlier = chain.filter((r) => r.chainId === target.record.chainId && r.id < target.record.id);
  return compareSnapshots(target.body, neighboursAmong(target.body, earlier, check));
}

/**
 * The snapshot drills and drafts build on by default: of the verified snapshots, the chain of the one the relay
 * took last, and on that chain the highest block (a later import wins a tie). Never a damaged or revoked one.
 */
export function currentSnapshot(records: readonly SnapshotRecord[], check: Check): UsableSnapshot | null {
  const latest = firstUsable(byColumn(records, (r) => String(r.takenAt), 1), check);
  if (!latest) return null;
  return firstUsable(byColumn(records.filter((r) => r.chainId === latest.record.chainId), (r) => r.blockNumber, 1), check);
}
