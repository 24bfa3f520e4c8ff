// Audit use cases: record a state change, list recent entries, verify the whole log against its hash chain and its
// signed checkpoints, and (SECURITY H-25) store the vault's checkpoint key, check history at unlock, seal the head.
import { bytesToHex, toHex } from '../../shared/bytes';
import { constantTimeEqual } from '../../shared/crypto/secret';
import { AirlockError } from '../../shared/errors';
import { GENESIS_HASH, verifyChain, type AuditDetails, type AuditProblem, type ChainRow } from '../../shared/audit/chain';
import {
  CHECKPOINT_KEY_PATH,
  HASH_BYTES,
  checkpointHead,
  checkpointKeyWords,
  checkpointLink,
  checkpointSignatureValid,
  signCheckpoint,
  type CheckpointKey,
} from '../../shared/audit/checkpoint';
import { verifyHistory, type HistoryVerdict } from '../../shared/audit/history';
import type { AuditEntryView } from '../../shared/bridge';
import type { Db } from '../db/connection';
import {
  appendAuditEntry,
  auditHashHex,
  insertCheckpoint,
  insertCheckpointKey,
  iterateAuditLog,
  listAuditEntries,
  listCheckpoints,
  readAuditHash,
  readCheckpointKey,
  readHead,
  readLatestCheckpoint,
} from '../db/audit';
import { readVault } from '../db/vault';
import type { Clock } from './deps';

export interface AuditService {
  /** Records an event in its own transaction (for events that change nothing else). */
  record(actor: string, action: string, details?: AuditDetails): void;
  list(limit: number, beforeSeq?: number): AuditEntryView[];
  /** The hash chain and every signed checkpoint; `checkpointKey` is a key known from outside the file (a drill report). */
  verify(options?: { checkpointKey?: Uint8Array }): HistoryVerdict;
  /** The stored hash of entry `seq` (hex), or null when the log has no such entry. */
  entryHash(seq: number): string | null;
}

/** Records an event in its own transaction (for events that change nothing else): what AuditService.record does, for services built from db and clock. */
export function recordAuditEntry({ db, clock }: { db: Db; clock: Clock }, actor: string, action: string, details: AuditDetails = {}): void {
  db.transaction(() => appendAuditEntry(db, { at: clock.now(), actor, action, details })).immediate();
}

export function createAuditService({ db, clock }: { db: Db; clock: Clock }): AuditService {
  return {
    record: (actor, action, details) => recordAuditEntry({ db, clock }, actor, action, details),
    list(limit, beforeSeq) {
      return listAuditEntries(db, limit, beforeSeq).map((row) => ({
        seq: row.seq,
        at: row.at,
        actor: row.actor,
        action: row.action,
        details: parseDetails(row.rawDetails, row.seq),
        hash: auditHashHex(row),
      }));
    },
    verify(options = {}) {
      return verifyAuditHistory(db, { givenKey: options.checkpointKey, everySignature: true });
    },
    entryHash(seq) {
      const hash = readAuditHash(db, seq);
      return hash ? bytesToHex(hash) : null;
    },
  };
}

/** One consistent read of the log, its head, the vault's checkpoints and key, checked together. */
export function verifyAuditHistory(db: Db, options: { givenKey?: Uint8Array | undefined; everySignature: boolean }): HistoryVerdict {
  return db.transaction(() => {
    const vault = readVault(db);
    return verifyHistory({
      rows: iterateAuditLog(db),
      head: readHead(db),
      vaultId: vault?.id ?? null,
      checkpoints: vault ? listCheckpoints(db) : [],
      storedKey: vault ? readCheckpointKey(db, vault.id) : null,
      givenKey: options.givenKey,
      everySignature: options.everySignature,
    });
  })();
}

/** SECURITY(H-25): the vault's checkpoint public key, stored at creation (or the first unlock of an older vault), audited. */
export function storeCheckpointKey(db: Db, at: number, vaultId: string, publicKey: Uint8Array): void {
  insertCheckpointKey(db, vaultId, { publicKey, path: CHECKPOINT_KEY_PATH, at });
  appendAuditEntry(db, {
    at,
    actor: 'vault',
    action: 'audit-checkpoint-key-stored',
    details: { vault: vaultId, key: toHex(publicKey), words: checkpointKeyWords(publicKey), path: CHECKPOINT_KEY_PATH },
  });
}

/**
 * SECURITY(H-25): at a quorum unlock, before anything is unlocked. The key stored in the file must be the one the
 * rebuilt seed derives (a replaced key means someone re-signed a rewritten history), and the log must verify under
 * it. Returns whether a key is stored (false for a vault from before checkpoints: the caller stores it). A file
 * stripped of its key and every checkpoint looks the same as such a vault; only a key or head known from outside
 * the file (a drill report or proof: `audit verify --checkpoint-key`, `drill verify --db`) tells them apart.
 */
export function checkHistoryAtUnlock(db: Db, vaultId: string, derivedKey: Uint8Array): boolean {
  const stored = readCheckpointKey(db, vaultId);
  if (stored && !constantTimeEqual(stored, derivedKey)) {
    throw new AirlockError(
      'audit-checkpoint-key-replaced',
      'The audit checkpoint key stored in this vault file is not the one this vault’s key derives: someone replaced it, most likely to re-sign a rewritten history. ' +
        'Nothing was unlocked. Keep this file as evidence; the holders can rebuild the vault from their paper shares on a new database.',
    );
  }
  const verdict = verifyAuditHistory(db, { givenKey: stored ? derivedKey : undefined, everySignature: false });
  if (verdict.problem) throw historyDamaged(verdict.problem, 'Nothing was unlocked.');
  return stored !== null;
}

/**
 * SECURITY(H-25): while the vault is open, the key stored in the file must still be the one the seed derives (it was
 * compared at unlock): whatever is about to be signed with the seed's key is refused when the file's was replaced.
 */
export function requireStoredCheckpointKey(db: Db, vaultId: string, derivedKey: Uint8Array, consequence: string): void {
  const stored = readCheckpointKey(db, vaultId);
  if (!stored || !constantTimeEqual(stored, derivedKey)) {
    throw new AirlockError('audit-checkpoint-key-replaced', `The audit checkpoint key stored in this vault file changed while the vault was open. ${consequence} Lock the vault and verify the audit log.`);
  }
}

/**
 * SECURITY(H-25): signs the audit head now, covering every entry since the previous checkpoint (call it right after
 * the entry recording the event is written). Links only onto a checkpoint that verifies, and seals only entries
 * that chain from it; does nothing when no entry was added since. Runs in its own transaction or the caller's.
 */
export function writeCheckpoint(db: Db, vaultId: string, key: CheckpointKey): void {
  db.transaction(() => {
    requireStoredCheckpointKey(db, vaultId, key.publicKey, 'No checkpoint was signed.');
    const head = readHead(db);
    const latest = readLatestCheckpoint(db);
    const start = latest ? { count: latest.last, hash: checkpointHead(latest) } : { count: 0, hash: GENESIS_HASH };
    if (!head || (head.count === start.count && constantTimeEqual(head.hash, start.hash))) return;
    if (latest && !checkpointSignatureValid(vaultId, latest, key.publicKey)) {
      throw historyDamaged({ code: 'audit-checkpoint-signature-invalid', row: latest.first, message: `Signed checkpoint ${latest.number} does not verify.` }, 'No new checkpoint was signed.');
    }
    const hashes: Uint8Array[] = [];
    const segment = verifyChain(collectHashes(iterateAuditLog(db, start.count), hashes), head, start);
    if (segment.problem) throw historyDamaged(segment.problem, 'No new checkpoint was signed.');
    const entryHashes = new Uint8Array(hashes.length * HASH_BYTES);
    hashes.forEach((hash, i) => entryHashes.set(hash, i * HASH_BYTES));
    const unsigned = { number: (latest?.number ?? 0) + 1, first: start.count + 1, last: head.count, entryHashes, previous: checkpointLink(vaultId, latest) };
    insertCheckpoint(db, signCheckpoint(vaultId, unsigned, key.privateKey, key.publicKey));
  }).immediate();
}

function* collectHashes(rows: Iterable<ChainRow>, into: Uint8Array[]): Generator<ChainRow> {
  for (const row of rows) {
    into.push(row.hash);
    yield row;
  }
}

function historyDamaged(problem: AuditProblem, consequence: string): AirlockError {
  return new AirlockError(
    'audit-history-damaged',
    `The audit log fails its check at entry ${problem.row} (${problem.code}): ${problem.message} ${consequence} ` +
      'Run `airlock audit verify` for the details, and have the holders find out who changed this file before anyone signs with it.',
    { row: problem.row, problem: problem.code },
  );
}

function parseDetails(raw: string, seq: number): AuditDetails {
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const out: Record<string, string | number | boolean | null> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
      }
      return out;
    }
  } catch {
    // fall through: an unreadable row is reported, not hidden
  }
  throw new AirlockError('audit-row-unreadable', `Audit entry ${seq} cannot be read; run "Verify audit log" to see where the log was damaged.`, { row: seq });
}
