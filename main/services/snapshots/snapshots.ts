// Vault side of the relay: pin a relay key after the person compared fingerprint words (and revoke it), import
// signed snapshots (key, Merkle root, signature and chain checked; an older one, or one whose nonces went down,
// only when acknowledged), and show or hand out stored ones only after verifying them again (SECURITY.md H-30).
import { withCheckpointKey } from '../../../shared/audit/checkpoint';
import { fromHex, parseHex, toHex } from '../../../shared/bytes';
import { AirlockError } from '../../../shared/errors';
import { compareSnapshots, isSnapshotAcknowledgement, type SnapshotWarning } from '../../../shared/snapshot/changes';
import type { SignedSnapshot } from '../../../shared/snapshot/schema';
import { parseSignedSnapshot } from '../../../shared/snapshot/schema';
import { inSet, verifySnapshotSet, type SnapshotSet } from '../../../shared/snapshot/set';
import { sealPairing } from '../../../shared/snapshot/pin-seal';
import { relayKeyFingerprint, verifySnapshot } from '../../../shared/snapshot/signature';
import { appendAuditEntry } from '../../db/audit';
import type { Db } from '../../db/connection';
import { findRelayPin, insertRelayPin, insertSnapshot, listSnapshots, repairRelayPin, revokeRelayPin, snapshotIdByRoot, type SnapshotRecord } from '../../db/snapshots';
import { requireVault } from '../../db/vault';
import { requireStoredCheckpointKey } from '../audit';
import type { UnlockService } from '../custody/unlock';
import type { Clock } from '../deps';
import { checkedPins, unsealedPairing, type CheckedPin } from './pins';
import {
  createSnapshotVerifier,
  currentSnapshot,
  isUsable,
  neighboursAmong,
  recomputedWarnings,
  requireUsable,
  type CheckedSnapshot,
  type SnapshotProblem,
  type SnapshotStatus,
} from './stored-snapshots';

export type { SnapshotWarning } from '../../../shared/snapshot/changes';

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
  /** Verified again just now: 'damaged' (the file was changed) and 'revoked' (relay unpaired) are never built on. */
  status: SnapshotStatus;
  problem: SnapshotProblem | null;
  /** The snapshot drills and drafts build on by default (newest by block of its chain). */
  current: boolean;
  warnings: SnapshotWarning[];
}

export interface RelayPinView {
  relayKey: string;
  fingerprint: string;
  label: string;
  pinnedAt: number;
  revokedAt: number | null;
  /** The vault sealed this pairing (shared/snapshot/pin-seal.ts); a current pin without it is not trusted. */
  sealed: boolean;
}

export interface SnapshotImportOptions {
  /** Warning codes the person explicitly accepted (snapshot-older-than-latest, snapshot-nonce-decreased); audited. */
  acknowledge?: readonly string[];
}

export interface SnapshotService {
  /**
   * Pins a relay key once the person confirmed that both screens show the same four words (again after a revocation,
   * or to seal a pairing that has no seal), sealed by the vault: needs a quorum to have it unlocked.
   */
  pair(request: { relayKey: string; words: string; label?: string }): RelayPinView;
  /** Revokes a pairing: the relay's snapshots are refused for import and use from now on. */
  unpair(request: { relayKey: string }): RelayPinView;
  /** Every pinned relay key, revoked ones included. */
  pins(): RelayPinView[];
  /** Verifies and stores a snapshot for the chain the person expects; returns it with its warnings. */
  import(value: unknown, expectedChainId: bigint, options?: SnapshotImportOptions): { snapshot: SnapshotSummary; body: SignedSnapshot };
  /**
   * Verifies every snapshot of a set as `import` verifies one, against exactly the chains the person expects, and
   * stores them all in one transaction, or none: a refusal names its chain.
   */
  importSet(set: SnapshotSet, expectedChainIds: readonly bigint[], options?: SnapshotImportOptions): { snapshots: SnapshotSummary[] };
  /** Stored snapshots, newest import first, each verified again. */
  list(): SnapshotSummary[];
  /** One stored snapshot, verified again; the body only when it is not damaged. */
  get(id: number): { snapshot: SnapshotSummary; body: SignedSnapshot | null };
  /** A stored snapshot to build on: refused when damaged or from a revoked relay. */
  use(id: number): { snapshot: SnapshotSummary; body: SignedSnapshot };
  /** The snapshot drills and drafts build on by default, or null when none is usable. */
  current(): { snapshot: SnapshotSummary; body: SignedSnapshot } | null;
  /** The newest verified snapshot of one chain (by block), for a runbook that acts on several chains; null when none. */
  currentOn(chainId: string): { snapshot: SnapshotSummary; body: SignedSnapshot } | null;
  /** The bodies of the most recently imported snapshots that still verify (never damaged or revoked), newest first. */
  verifiedBodies(limit: number): SignedSnapshot[];
}


export function createSnapshotService({ db, clock, unlock }: { db: Db; clock: Clock; unlock: Pick<UnlockService, 'withSeed' | 'checkpoint'> }): SnapshotService {
  const pinView = (p: CheckedPin): RelayPinView => ({
    relayKey: toHex(p.publicKey),
    fingerprint: relayKeyFingerprint(p.publicKey).join(' '),
    label: p.label,
    pinnedAt: p.pinnedAt,
    revokedAt: p.revokedAt,
    sealed: p.sealed,
  });
  const viewOf = (key: Uint8Array): RelayPinView => pinView(checkedPins(db).find((p) => toHex(p.publicKey) === toHex(key))!);
  const audit = (action: string, details: Record<string, string | number | boolean | null>) => appendAuditEntry(db, { at: clock.now(), actor: 'vault', action, details });

  const verifier = createSnapshotVerifier();
  /** The stored rows and a check bound to the pins as they are now; rows are verified only when looked at. */
  const stored = (chainId?: string) => {
    const pins = checkedPins(db);
    return { records: listSnapshots(db, chainId), check: (record: SnapshotRecord) => verifier.check(record, pins) };
  };
  const summarize = ({ records, check }: ReturnType<typeof stored>, checked: CheckedSnapshot, current: CheckedSnapshot | null): SnapshotSummary => {
    const { record } = checked;
    return {
      id: record.id,
      chainId: record.chainId,
      blockNumber: record.blockNumber,
      blockHash: record.blockHash,
      merkleRoot: record.merkleRoot,
      takenAt: record.takenAt,
      importedAt: record.importedAt,
      ageSeconds: Math.max(0, Math.floor((clock.now() - record.takenAt) / 1000)),
      relayFingerprint: relayKeyFingerprint(record.relayKey).join(' '),
      status: checked.status,
      problem: checked.problem,
      current: current?.record.id === record.id,
      warnings: recomputedWarnings(checked, records, check),
    };
  };
  const checkOne = (id: number) => {
    const all = stored();
    const record = all.records.find((r) => r.id === id);
    if (!record) throw new AirlockError('snapshot-not-found', `There is no snapshot number ${id} in this vault. See the list of imported snapshots.`);
    const checked = all.check(record);
    return { checked, summary: summarize(all, checked, currentSnapshot(all.records, all.check)) };
  };

  const verifyOne = (value: unknown, chainId: bigint) => verifySnapshot(value, trustedKeyFor(checkedPins(db), parseSignedSnapshot(value).relayKey), { chainId });
  /** Its warnings against the other snapshots of its chain; refused when already in the vault. Run inside the transaction. */
  const assess = (snapshot: SignedSnapshot): Assessed => {
    const existing = snapshotIdByRoot(db, snapshot.merkleRoot);
    if (existing !== null) {
      throw new AirlockError('snapshot-already-imported', `This snapshot (chain ${snapshot.chainId}, block ${snapshot.blockNumber}) is already in the vault as number ${existing}. Nothing was added.`);
    }
    const chain = stored(snapshot.chainId);
    const warnings = compareSnapshots(snapshot, neighboursAmong(snapshot, chain.records, chain.check));
    return { snapshot, warnings, needed: [...new Set(warnings.map((w) => w.code).filter(isSnapshotAcknowledgement))] };
  };
  const insert = ({ snapshot, warnings, needed }: Assessed): number => {
    const newId = insertSnapshot(db, {
      chainId: snapshot.chainId,
      blockNumber: snapshot.blockNumber,
      blockHash: snapshot.blockHash,
      merkleRoot: snapshot.merkleRoot,
      relayKey: fromHex(snapshot.relayKey),
      takenAt: Number(snapshot.takenAt),
      importedAt: clock.now(),
      bodyJson: JSON.stringify(snapshot),
    });
    audit('snapshot-imported', {
      id: newId,
      chainId: snapshot.chainId,
      blockNumber: snapshot.blockNumber,
      merkleRoot: snapshot.merkleRoot,
      warnings: warnings.map((w) => w.code).join(','),
      acknowledged: needed.join(',') || null,
    });
    return newId;
  };

  return {
    pair(request) {
      const { key, expected, name } = checkPairingRequest(request);
      const before = checkedPins(db).find((p) => toHex(p.publicKey) === toHex(key));
      if (before?.sealed) throw new AirlockError('relay-already-paired', 'This relay key is already pinned in this vault.');
      const vault = requireVault(db);
      const pinnedAt = clock.now();
      // SECURITY(H-30): the vault seals the pairing while a quorum has it unlocked (shared/snapshot/pin-seal.ts).
      const seal = unlock.withSeed((seed) =>
        withCheckpointKey(seed, (checkpointKey) => {
          requireStoredCheckpointKey(db, vault.id, checkpointKey.publicKey, 'Nothing was pinned.');
          return sealPairing(vault.id, { publicKey: key, label: name, pinnedAt }, checkpointKey);
        }),
      );
      db.transaction(() => {
        const existing = findRelayPin(db, key);
        if (!existing) {
          insertRelayPin(db, { publicKey: key, label: name, pinnedAt, seal });
          audit('relay-paired', { fingerprint: expected });
        } else if (existing.revokedAt !== null) {
          repairRelayPin(db, existing.id, { label: name, pinnedAt, seal });
          audit('relay-paired-again', { fingerprint: expected, revokedAt: existing.revokedAt });
        } else {
          // Paired from another window while this quorum unlocked: already sealed, nothing to do.
          if (checkedPins(db).some((p) => p.id === existing.id && p.sealed)) throw new AirlockError('relay-already-paired', 'This relay key is already pinned in this vault.');
          repairRelayPin(db, existing.id, { label: name, pinnedAt, seal });
          audit('relay-pairing-sealed', { fingerprint: expected, label: name, was: existing.label.slice(0, 80) });
        }
      }).immediate();
      unlock.checkpoint(); // SECURITY(H-25): the vault signs its audit head, covering the pairing just recorded.
      return viewOf(key);
    },

    unpair({ relayKey }) {
      const key = parseRelayKey(relayKey);
      db.transaction(() => {
        const pin = findRelayPin(db, key);
        if (!pin) throw new AirlockError('relay-not-paired', 'This relay key is not paired with this vault, so there is nothing to revoke. Check the key against the list of trusted relays.');
        if (pin.revokedAt !== null) throw new AirlockError('relay-already-unpaired', 'This relay\'s pairing is already revoked. Nothing was changed.');
        // SECURITY(H-30): a relay whose device may be lost or compromised stops being trusted for import and use.
        revokeRelayPin(db, pin.id, clock.now());
        audit('relay-unpaired', { fingerprint: relayKeyFingerprint(key).join(' '), label: pin.label });
      }).immediate();
      return viewOf(key);
    },

    pins: () => checkedPins(db).map(pinView),

    import(value, expectedChainId, options = {}) {
      const snapshot = verifyOne(value, expectedChainId);
      const id = db.transaction(() => {
        const assessed = assess(snapshot);
        refuseUnacknowledged([assessed], new Set(options.acknowledge ?? []));
        return insert(assessed);
      }).immediate();
      return { snapshot: checkOne(id).summary, body: snapshot };
    },

    importSet(set, expectedChainIds, options = {}) {
      // Every snapshot is verified as a single one is before anything is written; then one transaction for all.
      const verified = verifySnapshotSet(set, expectedChainIds, verifyOne);
      const ids = db.transaction(() => {
        const assessed = verified.map((snapshot) => inChain(snapshot, () => assess(snapshot)));
        refuseUnacknowledged(assessed, new Set(options.acknowledge ?? []));
        const stored = assessed.map(insert);
        audit('snapshot-set-imported', { ids: stored.join(','), chains: verified.map((s) => s.chainId).join(',') });
        return stored;
      }).immediate();
      return { snapshots: ids.map((id) => checkOne(id).summary) };
    },

    list() {
      const all = stored();
      const current = currentSnapshot(all.records, all.check);
      return all.records
        .slice(-200)
        .reverse()
        .map((record) => summarize(all, all.check(record), current));
    },

    get(id) {
      const { checked, summary } = checkOne(id);
      return { snapshot: summary, body: checked.body };
    },

    use(id) {
      const { checked, summary } = checkOne(id);
      return { snapshot: summary, body: requireUsable(checked).body };
    },

    current() {
      const all = stored();
      const current = currentSnapshot(all.records, all.check);
      return current ? { snapshot: summarize(all, current, current), body: current.body } : null;
    },

    currentOn(chainId) {
      const all = stored();
      const current = currentSnapshot(all.records.filter((r) => r.chainId === chainId), all.check);
      return current ? { snapshot: summarize(all, current, currentSnapshot(all.records, all.check)), body: current.body } : null;
    },

    verifiedBodies(limit) {
      const all = stored();
      const bodies: SignedSnapshot[] = [];
      for (const record of [...all.records].reverse()) {
        if (bodies.length >= limit) break;
        const checked = all.check(record);
        if (isUsable(checked)) bodies.push(checked.body);
      }
      return bodies;
    },
  };
}

interface Assessed {
  snapshot: SignedSnapshot;
  warnings: SnapshotWarning[];
  /** The acknowledgements its warnings need. */
  needed: string[];
}

/**
 * SECURITY(H-30): an older snapshot, or nonces going down, would silently roll the vault's view of a chain back. The
 * refusal names every snapshot (and, in a set, every chain) that needs the first missing acknowledgement, so one given
 * for a set covers only what its refusal showed.
 */
function refuseUnacknowledged(assessed: readonly Assessed[], acknowledged: ReadonlySet<string>): void {
  const missing = assessed.flatMap((a) => a.needed).find((code) => !acknowledged.has(code));
  if (!missing) return;
  const affected = assessed.filter((a) => a.needed.includes(missing));
  const reasons = affected.map((a) => {
    const sentences = a.warnings.filter((w) => w.code === missing).map((w) => w.message).join(' ');
    return assessed.length > 1 ? `Chain ${a.snapshot.chainId}: ${sentences}` : sentences;
  });
  const whole = assessed.length > 1 ? ' from the set' : '';
  throw new AirlockError(missing, `Nothing${whole} was imported. ${reasons.join(' ')} Import it anyway only if you know why, by acknowledging "${missing}".`, {
    chainId: affected.map((a) => a.snapshot.chainId).join(','),
  });
}

function inChain<T>(snapshot: SignedSnapshot, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw inSet(error, snapshot.chainId);
  }
}

/**
 * A pairing as the person asked for it, checked before anything else (the CLI checks it before a quorum unlocks): the
 * relay key, the four words compared with its fingerprint, a one-line label.
 */
export function checkPairingRequest({ relayKey, words, label }: { relayKey: string; words: string; label?: string }): { key: Uint8Array; expected: string; name: string } {
  const key = parseRelayKey(relayKey);
  const expected = relayKeyFingerprint(key).join(' ');
  const given = words.trim().toLowerCase().split(/\s+/).join(' ');
  if (given !== expected) {
    throw new AirlockError(
      'relay-fingerprint-mismatch',
      'The words you typed are not the fingerprint of this relay key. Nothing was pinned: compare the four words on both screens again, and do not pair if they differ.',
    );
  }
  const name = (label ?? '').trim().slice(0, 80) || 'relay';
  if (/[\r\n]/.test(name)) throw new AirlockError('relay-label-invalid', 'Give the relay a label of one line (up to 80 characters), e.g. "Office relay". Nothing was pinned.');
  return { key, expected, name };
}

/** The pinned key a snapshot must verify against: refused when no relay is trusted, or its relay was revoked or not sealed. */
function trustedKeyFor(pins: readonly CheckedPin[], claimedKey: string): Uint8Array {
  const claimed = pins.find((p) => toHex(p.publicKey) === claimedKey);
  if (claimed && claimed.revokedAt !== null) {
    throw new AirlockError(
      'snapshot-relay-revoked',
      `This snapshot is signed by relay "${relayKeyFingerprint(claimed.publicKey).join(' ')}", whose pairing was revoked. Nothing was imported: take the snapshot on a relay you trust, or pair this one again if you trust it again.`,
    );
  }
  if (claimed && !claimed.sealed) throw unsealedPairing(claimed, 'Nothing was imported.');
  const trusted = pins.filter((p) => p.sealed);
  if (trusted.length === 0) throw new AirlockError('relay-not-paired', 'This vault is not paired with a relay yet. Pair it first (compare the fingerprint words on both screens), then import.');
  // An unknown key is checked against a trusted one so the refusal names both fingerprints.
  return (claimed ?? trusted[0]!).publicKey;
}

function parseRelayKey(text: string): Uint8Array {
  const key = parseHex(text);
  if (!key || key.length !== 33 || (key[0] !== 2 && key[0] !== 3)) {
    throw new AirlockError('relay-key-invalid', 'A relay key is 33 bytes of hex starting with 02 or 03, as the relay shows it. Copy or scan it again.');
  }
  return key;
}
