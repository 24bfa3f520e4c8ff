// Migration 11 (SECURITY H-25): signed checkpoints of the audit log. The vault's checkpoint public key (derived from
// its seed at a reserved path, stored at creation or, for older vaults, at the first quorum unlock) and each
// checkpoint: the entries it adds, their hashes, the link to the checkpoint before it, and the vault's signature.
export const migration011 = {
  version: 11,
  name: 'audit-checkpoints',
  sql: `
    CREATE TABLE audit_checkpoint_key (
      vault_id    TEXT PRIMARY KEY REFERENCES vault(id),
      public_key  BLOB NOT NULL CHECK (length(public_key) = 33),
      path        TEXT NOT NULL,
      stored_at   INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE audit_checkpoint (
      number        INTEGER PRIMARY KEY CHECK (number >= 1),
      first_seq     INTEGER NOT NULL CHECK (first_seq >= 1),
      last_seq      INTEGER NOT NULL CHECK (last_seq >= first_seq),
      entry_hashes  BLOB NOT NULL CHECK (length(entry_hashes) = 32 * (last_seq - first_seq + 1)),
      previous      BLOB NOT NULL CHECK (length(previous) = 32),
      signature     BLOB NOT NULL CHECK (length(signature) = 64)
    ) STRICT;
  `,
} as const;
