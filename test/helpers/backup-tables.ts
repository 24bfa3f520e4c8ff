// Reads every table of a database file as plain rows, and checks a restored database against its source: every table
// equal row for row, except what only grows — the audit log (the backup's entries, then the restore's own entry), its
// checkpoints (then the restore's seal) and the backup records (those made after the image are not in it).
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';

export type Tables = Record<string, Array<Record<string, unknown>>>;

export function readTables(path: string): Tables {
  const db = new Database(path, { readonly: true });
  try {
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    const tables: Tables = {};
    for (const name of names) {
      const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all() as Array<Record<string, unknown>>;
      tables[name] = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v])));
    }
    return tables;
  } finally {
    db.close();
  }
}

/**
 * `backupHead`: the audit entry count the backup holds. A vault's restore appends `vault-restored-from-backup` and
 * seals it with a checkpoint; a relay's appends `relay-restored-from-backup` (a relay signs no checkpoints).
 */
export function assertRestoredContent(source: Tables, restored: Tables, backupHead: number, backupHash: string, kind: 'vault' | 'relay' = 'vault'): void {
  assert.deepEqual(Object.keys(restored), Object.keys(source), 'the same tables');
  for (const table of Object.keys(source)) {
    const mine = source[table]!;
    const theirs = restored[table]!;
    if (table === 'audit_log') {
      assert.deepEqual(theirs.slice(0, backupHead), mine.slice(0, backupHead), 'the audit log up to the backup, entry for entry');
      assert.equal(theirs.length, backupHead + 1, 'then one entry: the restore');
      assert.equal(theirs[backupHead]!.action, `${kind}-restored-from-backup`);
      assert.equal(JSON.parse(String(theirs[backupHead]!.details)).backup, backupHash);
    } else if (table === 'audit_checkpoint' && kind === 'vault') {
      assert.deepEqual(theirs.slice(0, -1), mine.slice(0, theirs.length - 1), 'the checkpoints the backup holds');
      assert.equal(theirs.at(-1)!.last_seq, backupHead + 1, 'then the seal of the restore entry');
    } else if (table === 'vault_backup') {
      assert.deepEqual(theirs, mine.filter((row) => Number(row.record_seq) <= backupHead), 'the backups recorded before this one');
    } else if (table !== 'audit_head') {
      assert.deepEqual(theirs, mine, `table ${table}`);
    }
  }
}
