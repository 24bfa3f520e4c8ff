// Migration 14 (issue 15, the third of its wave to land): backups of the vault itself. Each backup the vault wrote and verified (when, the file's SHA-256, the
// audit head it holds, the audit entry recording it, its row counts and where it was written), and the vault's backup
// policy (the oldest a backup may be, and whether any change makes it due).
export const migration014 = {
  version: 14,
  name: 'backups',
  sql: `
    CREATE TABLE vault_backup (
      id            INTEGER PRIMARY KEY,
      vault_id      TEXT NOT NULL REFERENCES vault(id),
      made_at       INTEGER NOT NULL,
      file_hash     BLOB NOT NULL CHECK (length(file_hash) = 32),
      file_bytes    INTEGER NOT NULL CHECK (file_bytes > 0),
      audit_count   INTEGER NOT NULL CHECK (audit_count >= 1),
      audit_hash    BLOB NOT NULL CHECK (length(audit_hash) = 32),
      record_seq    INTEGER NOT NULL CHECK (record_seq > audit_count),
      row_counts    TEXT NOT NULL,
      destinations  TEXT NOT NULL
    ) STRICT;

    CREATE TABLE backup_policy (
      vault_id            TEXT PRIMARY KEY REFERENCES vault(id),
      max_age_days        INTEGER NOT NULL CHECK (max_age_days BETWEEN 1 AND 3650),
      after_every_change  INTEGER NOT NULL CHECK (after_every_change IN (0, 1)),
      updated_at          INTEGER NOT NULL
    ) STRICT;
  `,
} as const;
