// Vault side of the relay: pin a relay key after the person compared fingerprint words, import signed
// snapshots (key, Merkle root, signature and chain checked), keep their history, and warn when a Safe
// changed against the previous snapshot of its chain — the trace a Bybit-style takeover leaves.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { AirlockError } from '../../shared/errors';
import type { SignedSnapshot, SnapshotBody, SnapshotSafe } from '../../shared/snapshot/schema';
import { parseSignedSnapshot } from '../../shared/snapshot/schema';
import { relayKeyFingerprint, verifySnapshot } from '../../shared/snapshot/signature';
import { appendAuditEntry } from '../db/audit';
import type { Db } from '../db/connection';
import { insertRelayPin, insertSnapshot, latestSnapshot, listRelayPins, listSnapshots, readSnapshot, type SnapshotRecord } from '../db/snapshots';
import type { Clock } from './deps';

export type SnapshotWarningSeverity = 'critical' | 'medium';

export interface SnapshotWarning {
  code: string;
  severity: SnapshotWarningSeverity;
  message: string;
}

export interface SnapshotSummary {
  id: number;
  chainId: string;
  blockNumber: string;
  blockHash: string;
  merkleRoot: string;
  takenAt: number;
  importedAt: number;
  /** Seconds between the relay reading the chain and now: the recovery point. */
  ageSeconds: number;
  relayFingerprint: string;
  warnings: SnapshotWarning[];
}

export interface RelayPinView {
  relayKey: string;
  fingerprint: string;
  label: string;
  pinnedAt: number;
}

export interface SnapshotService {
  /** Pins a relay key once the person confirmed that both screens show the same four words. */
  pair(request: { relayKey: string; words: string; label?: string }): RelayPinView;
  pins(): RelayPinView[];
  /** Verifies and stores a snapshot for the chain the person expects; returns it with its warnings. */
  import(value: unknown, expectedChainId: bigint): { snapshot: SnapshotSummary; body: SignedSnapshot };
  list(): SnapshotSummary[];
  get(id: number): { snapshot: SnapshotSummary; body: SignedSnapshot };
}

export function createSnapshotService({ db, clock }: { db: Db; clock: Clock }): SnapshotService {
  const pinView = (p: { publicKey: Uint8Array; label: string; pinnedAt: number }): RelayPinView => ({
    relayKey: '0x' + bytesToHex(p.publicKey),
    fingerprint: relayKeyFingerprint(p.publicKey).join(' '),
    label: p.label,
    pinnedAt: p.pinnedAt,
  });
  const summary = (record: SnapshotRecord): SnapshotSummary => ({
    id: record.id,
    chainId: record.chainId,
    blockNumber: record.blockNumber,
    blockHash: record.blockHash,
    merkleRoot: record.merkleRoot,
    takenAt: record.takenAt,
    importedAt: record.importedAt,
    ageSeconds: Math.max(0, Math.floor((clock.now() - record.takenAt) / 1000)),
    relayFingerprint: relayKeyFingerprint(record.relayKey).join(' '),
    warnings: JSON.parse(record.warningsJson) as SnapshotWarning[],
  });
  return {
    pair({ relayKey, words, label }) {
      const key = parseRelayKey(relayKey);
      const expected = relayKeyFingerprint(key).join(' ');
      const given = words.trim().toLowerCase().split(/\s+/).join(' ');
      if (given !== expected) {
        throw new AirlockError(
          'relay-fingerprint-mismatch',
          'The words you typed are not the fingerprint of this relay key. Nothing was pinned: compare the four words on both screens again, and do not pair if they differ.',
        );
      }
      const pinnedAt = clock.now();
      return db.transaction(() => {
        insertRelayPin(db, { publicKey: key, label: (label ?? 'relay').slice(0, 80), pinnedAt });
        appendAuditEntry(db, { at: pinnedAt, actor: 'vault', action: 'relay-paired', details: { fingerprint: expected } });
        return pinView({ publicKey: key, label: label ?? 'relay', pinnedAt });
      }).immediate();
    },
    pins: () => listRelayPins(db).map(pinView),
    import(value, expectedChainId) {
      const pins = listRelayPins(db);
      if (pins.length === 0) throw new AirlockError('relay-not-paired', 'This vault is not paired with a relay yet. Pair it first (compare the fingerprint words on both screens), then import.');
      const claimed = parseSignedSnapshot(value).relayKey;
      const pin = pins.find((p) => '0x' + bytesToHex(p.publicKey) === claimed) ?? pins[0]!;
      const snapshot = verifySnapshot(value, pin.publicKey, { chainId: expectedChainId });
      const importedAt = clock.now();
      const id = db.transaction(() => {
        const previous = latestSnapshot(db, snapshot.chainId);
        const warnings = compareSnapshots(previous ? (JSON.parse(previous.bodyJson) as SnapshotBody) : null, snapshot);
        const newId = insertSnapshot(db, {
          chainId: snapshot.chainId,
          blockNumber: snapshot.blockNumber,
          blockHash: snapshot.blockHash,
          merkleRoot: snapshot.merkleRoot,
          relayKey: hexToBytes(snapshot.relayKey.slice(2)),
          takenAt: Number(snapshot.takenAt),
          importedAt,
          bodyJson: JSON.stringify(snapshot),
          warningsJson: JSON.stringify(warnings),
        });
        appendAuditEntry(db, {
          at: importedAt,
          actor: 'vault',
          action: 'snapshot-imported',
          details: { id: newId, chainId: snapshot.chainId, blockNumber: snapshot.blockNumber, merkleRoot: snapshot.merkleRoot, warnings: warnings.map((w) => w.code).join(',') },
        });
        return newId;
      }).immediate();
      return { snapshot: summary(readSnapshot(db, id)!), body: snapshot };
    },
    list: () => listSnapshots(db).map(summary),
    get(id) {
      const record = readSnapshot(db, id);
      if (!record) throw new AirlockError('snapshot-not-found', `There is no snapshot number ${id} in this vault. See the list of imported snapshots.`);
      return { snapshot: summary(record), body: parseSignedSnapshot(JSON.parse(record.bodyJson)) };
    },
  };
}

function parseRelayKey(text: string): Uint8Array {
  const hex = text.trim().toLowerCase().replace(/^0x/, '');
  if (!/^0[23][0-9a-f]{64}$/.test(hex)) {
    throw new AirlockError('relay-key-invalid', 'A relay key is 33 bytes of hex starting with 02 or 03, as the relay shows it. Copy or scan it again.');
  }
  return hexToBytes(hex);
}

/** What changed since the previous snapshot of the chain, and what the snapshot itself flags. */
export function compareSnapshots(previous: SnapshotBody | null, next: SnapshotBody): SnapshotWarning[] {
  const warnings: SnapshotWarning[] = [];
  const { disagreements } = next.crossCheck;
  if (disagreements.length > 0) {
    const paths = disagreements.slice(0, 5).map((d) => d.path).join(', ');
    warnings.push({
      code: 'snapshot-endpoints-disagree',
      severity: 'critical',
      message: `The relay's RPC endpoints disagreed on ${disagreements.length} value(s) (${paths}${disagreements.length > 5 ? ', …' : ''}). One of them is wrong or lying; check them before you rely on this snapshot.`,
    });
  }
  if (!previous) return warnings;
  if (BigInt(next.blockNumber) < BigInt(previous.blockNumber)) {
    warnings.push({ code: 'snapshot-older-than-latest', severity: 'medium', message: `This snapshot (block ${next.blockNumber}) is older than the latest one already imported (block ${previous.blockNumber}).` });
  }
  const before = new Map(previous.safes.map((s) => [s.address, s]));
  for (const safe of next.safes) {
    const old = before.get(safe.address);
    if (old) warnings.push(...safeChanges(old, safe, previous.blockNumber, next.blockNumber));
  }
  return warnings;
}

const WATCHED: { field: keyof SnapshotSafe; code: string; what: string }[] = [
  { field: 'implementation', code: 'safe-implementation-changed', what: 'implementation (storage slot 0, the code every call runs)' },
  { field: 'owners', code: 'safe-owners-changed', what: 'owners' },
  { field: 'threshold', code: 'safe-threshold-changed', what: 'threshold' },
  { field: 'modules', code: 'safe-modules-changed', what: 'modules (modules can move funds without owner signatures)' },
  { field: 'guard', code: 'safe-guard-changed', what: 'transaction guard' },
  { field: 'fallbackHandler', code: 'safe-fallback-handler-changed', what: 'fallback handler' },
];

function safeChanges(old: SnapshotSafe, now: SnapshotSafe, fromBlock: string, toBlock: string): SnapshotWarning[] {
  const show = (v: SnapshotSafe[keyof SnapshotSafe]) => (Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : v);
  return WATCHED.filter(({ field }) => JSON.stringify(old[field]) !== JSON.stringify(now[field])).map(({ field, code, what }) => ({
    code,
    severity: 'critical' as const,
    message: `The Safe ${now.address} changed its ${what} between block ${fromBlock} and block ${toBlock}: was ${show(old[field])}, is now ${show(now[field])}. If no one of you made this change, the Safe may be taken over: stop and investigate before signing anything for it.`,
  }));
}
