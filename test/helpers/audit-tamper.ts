// What someone holding only the vault's SQLite file can do to its audit log, done with the project's own hash and
// checkpoint functions: rewrite an entry and recompute every hash and the head, cut the tail and move the head back,
// reorder entries, or replace the checkpoint key and re-sign every checkpoint with their own key.
import Database from 'better-sqlite3';
import { GENESIS_HASH, hashAuditEntry } from '../../shared/audit/chain';
import { checkpointLink, signCheckpoint, type CheckpointRecord } from '../../shared/audit/checkpoint';
import { SecretBytes } from '../../shared/crypto/secret';
import { secp } from '../../shared/evm/secp';

interface Row {
  seq: number;
  at: number;
  actor: string;
  action: string;
  details: string;
}

/** The vault file as someone who holds it edits it: opened outside Airlock, changed in one transaction, closed. */
export function editVaultFile<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return db.transaction(() => fn(db))();
  } finally {
    db.close();
  }
}

/** Rewrites every hash from `fromSeq` on, each on the one before it, and moves the head to the last entry. */
function recomputeFrom(db: Database.Database, fromSeq: number): void {
  const before = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(fromSeq - 1) as { hash: Buffer } | undefined;
  let prev: Uint8Array = before ? new Uint8Array(before.hash) : GENESIS_HASH;
  const rows = db.prepare('SELECT seq, at, actor, action, details FROM audit_log WHERE seq >= ? ORDER BY seq').all(fromSeq) as Row[];
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const row of rows) {
    const hash = hashAuditEntry(prev, row);
    update.run(Buffer.from(prev), Buffer.from(hash), row.seq);
    prev = hash;
  }
  const count = (db.prepare('SELECT max(seq) AS n FROM audit_log').get() as { n: number | null }).n ?? 0;
  db.prepare('UPDATE audit_head SET count = ?, hash = ? WHERE id = 1').run(count, Buffer.from(prev));
}

/** Changes one entry's details (a JSON object) and recomputes every hash after it and the head. */
export function rewriteEntry(path: string, seq: number, details: Record<string, unknown>): void {
  editVaultFile(path, (db) => {
    const changed = db.prepare('UPDATE audit_log SET details = ? WHERE seq = ?').run(JSON.stringify(details), seq);
    if (changed.changes !== 1) throw new Error(`no audit entry ${seq}`);
    recomputeFrom(db, seq);
  });
}

/** Deletes the entries after `keep` and moves the head back to entry `keep`. */
export function truncateAfter(path: string, keep: number): void {
  editVaultFile(path, (db) => {
    db.prepare('DELETE FROM audit_log WHERE seq > ?').run(keep);
    recomputeFrom(db, keep + 1);
  });
}

/** Swaps the contents of entries a < b (their times too) and recomputes every hash from a on. */
export function swapEntries(path: string, a: number, b: number): void {
  editVaultFile(path, (db) => {
    const read = db.prepare('SELECT seq, at, actor, action, details FROM audit_log WHERE seq = ?');
    const [first, second] = [read.get(a) as Row, read.get(b) as Row];
    const write = db.prepare('UPDATE audit_log SET at = ?, actor = ?, action = ?, details = ? WHERE seq = ?');
    write.run(second.at, second.actor, second.action, second.details, a);
    write.run(first.at, first.actor, first.action, first.details, b);
    recomputeFrom(db, a);
  });
}

/** The audit entries' numbers and actions, oldest first. */
export function auditActions(path: string): Array<{ seq: number; action: string }> {
  return editVaultFile(path, (db) => db.prepare('SELECT seq, action FROM audit_log ORDER BY seq').all() as Array<{ seq: number; action: string }>);
}

/**
 * Replaces the stored checkpoint key with the attacker's and re-signs every checkpoint with it, over the same entry
 * ranges but the log's current (possibly rewritten) hashes, exactly as the vault would. Returns the attacker's key.
 */
export function resignWithOwnKey(path: string): Uint8Array {
  const secret = secp.utils.randomSecretKey();
  const publicKey = secp.getPublicKey(secret, true);
  const key = new SecretBytes(secret);
  editVaultFile(path, (db) => {
    const { id: vaultId } = db.prepare('SELECT id FROM vault').get() as { id: string };
    db.prepare('UPDATE audit_checkpoint_key SET public_key = ?').run(Buffer.from(publicKey));
    const hashOf = db.prepare('SELECT hash FROM audit_log WHERE seq = ?');
    const ranges = db.prepare('SELECT number, first_seq, last_seq FROM audit_checkpoint ORDER BY number').all() as Array<{ number: number; first_seq: number; last_seq: number }>;
    const update = db.prepare('UPDATE audit_checkpoint SET entry_hashes = ?, previous = ?, signature = ? WHERE number = ?');
    let previous: CheckpointRecord | null = null;
    for (const range of ranges) {
      const entryHashes = new Uint8Array((range.last_seq - range.first_seq + 1) * 32);
      for (let seq = range.first_seq; seq <= range.last_seq; seq++) entryHashes.set((hashOf.get(seq) as { hash: Buffer }).hash, (seq - range.first_seq) * 32);
      const unsigned = { number: range.number, first: range.first_seq, last: range.last_seq, entryHashes, previous: checkpointLink(vaultId, previous) };
      const forged: CheckpointRecord = signCheckpoint(vaultId, unsigned, key, publicKey);
      update.run(Buffer.from(forged.entryHashes), Buffer.from(forged.previous), Buffer.from(forged.signature), forged.number);
      previous = forged;
    }
  });
  key.dispose();
  return publicKey;
}
