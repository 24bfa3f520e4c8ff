// A stored snapshot verified again whenever it is shown, listed or used (SECURITY.md H-30): the row is only as
// good as its signed body, so the body is parsed, its Merkle root recomputed, the pinned relay's signature and
// the chain checked, and every column shown beside it compared with the body. Its warnings are recomputed from
// the verified bodies of its chain, never read from the file.
import { bytesToHex } from '@noble/hashes/utils.js';
import { AirlockError, isAirlockError } from '../../shared/errors';
import { chainNeighbours, compareSnapshots, type SnapshotWarning } from '../../shared/snapshot/changes';
import type { SignedSnapshot } from '../../shared/snapshot/schema';
import { parseSignedSnapshot } from '../../shared/snapshot/schema';
import { relayKeyFingerprint, verifySnapshot } from '../../shared/snapshot/signature';
import type { Db } from '../db/connection';
import { listRelayPins, listSnapshots, type RelayPinRecord, type SnapshotRecord } from '../db/snapshots';

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

const hex = (bytes: Uint8Array) => '0x' + bytesToHex(bytes);

/** Why a stored snapshot no longer verifies, per verification code, in words for a key holder. */
const DAMAGE: Readonly<Record<string, string>> = {
  'snapshot-malformed': 'its stored contents are no longer a valid snapshot',
  'snapshot-columns-changed': 'the chain, block, root, relay key or time stored beside it differ from what the relay signed',
  'snapshot-root-mismatch': 'its contents (a balance, nonce, Safe, fee or position) no longer match the Merkle root the relay signed',
  'snapshot-signature-invalid': "the relay's signature no longer matches it",
  'snapshot-relay-unknown': 'it is signed by a relay key this vault never paired with',
};

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

/** Verifies one stored snapshot against the relay pins (revoked ones included, to tell revoked from damaged). */
export function checkStoredSnapshot(record: SnapshotRecord, pins: readonly RelayPinRecord[]): CheckedSnapshot {
  let body: SignedSnapshot;
  try {
    body = parseSignedSnapshot(JSON.parse(record.bodyJson));
  } catch {
    return damaged(record, 'snapshot-malformed');
  }
  if (!columnsMatch(record, body)) return damaged(record, 'snapshot-columns-changed');
  const pin = pins.find((p) => hex(p.publicKey) === body.relayKey);
  if (!pin) return damaged(record, 'snapshot-relay-unknown');
  try {
    verifySnapshot(body, pin.publicKey, { chainId: BigInt(record.chainId) });
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    return damaged(record, error.code);
  }
  if (pin.revokedAt !== null) {
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
  return { record, status: 'verified', problem: null, body };
}

function columnsMatch(record: SnapshotRecord, body: SignedSnapshot): boolean {
  return (
    record.chainId === body.chainId &&
    record.blockNumber === body.blockNumber &&
    record.blockHash === body.blockHash &&
    record.merkleRoot === body.merkleRoot &&
    hex(record.relayKey) === body.relayKey &&
    String(record.takenAt) === body.takenAt
  );
}

/** Every stored snapshot (of one chain, or all) verified again, in import order. */
export function checkStoredSnapshots(db: Db, chainId?: string): CheckedSnapshot[] {
  const pins = listRelayPins(db);
  return listSnapshots(db, chainId).map((record) => checkStoredSnapshot(record, pins));
}

/** The checked snapshot, or a refusal saying why nothing may be built on it. */
export function requireUsable(checked: CheckedSnapshot): UsableSnapshot {
  if (checked.status === 'verified') return checked;
  throw new AirlockError(checked.status === 'damaged' ? 'snapshot-damaged' : 'snapshot-relay-revoked', checked.problem.message);
}

/**
 * A snapshot's warnings, recomputed as at its import: against the verified snapshots of its chain imported
 * before it. `chain` is every checked snapshot of that chain in import order.
 */
export function recomputedWarnings(target: CheckedSnapshot, chain: readonly CheckedSnapshot[]): SnapshotWarning[] {
  if (!target.body) return [];
  const earlier = chain.filter(isUsable).filter((c) => c.record.id < target.record.id).map((c) => c.body);
  return compareSnapshots(target.body, chainNeighbours(target.body, earlier));
}

/**
 * The snapshot drills and drafts build on by default: of the verified snapshots, the chain of the one the relay
 * took last, and on that chain the highest block (a later import wins a tie). Never a damaged or revoked one.
 * `checked` is in import order.
 */
export function currentSnapshot(checked: readonly CheckedSnapshot[]): UsableSnapshot | null {
  const usable = checked.filter(isUsable);
  let latest: UsableSnapshot | null = null;
  for (const c of usable) if (!latest || BigInt(c.body.takenAt) >= BigInt(latest.body.takenAt)) latest = c;
  if (!latest) return null;
  const chainId = latest.body.chainId;
  const onChain = usable.filter((c) => c.body.chainId === chainId);
  let newest = onChain[0]!;
  // In import order, so of two snapshots at one block the later import wins.
  for (const c of onChain) if (BigInt(c.body.blockNumber) >= BigInt(newest.body.blockNumber)) newest = c;
  return newest;
}
