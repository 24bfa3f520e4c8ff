// Migration 3: recovery-transaction drafts the vault built and reviewed, and the signatures it made
// for them (a raw signed transaction, or one owner's 65-byte Safe signature). Nothing here is secret.
export const migration003 = {
  version: 3,
  name: 'drafts',
  sql: `
    CREATE TABLE draft (
      id          INTEGER PRIMARY KEY,
      vault_id    TEXT NOT NULL REFERENCES vault(id),
      created_at  INTEGER NOT NULL,
      title       TEXT NOT NULL,
      kind        TEXT NOT NULL CHECK (kind IN ('eoa', 'safe')),
      chain_id    TEXT NOT NULL,
      input_json  TEXT NOT NULL,
      digest      BLOB NOT NULL CHECK (length(digest) = 32),
      purpose     TEXT NOT NULL DEFAULT 'recovery' CHECK (purpose IN ('recovery', 'rehearsal')),
      status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed', 'discarded'))
    ) STRICT;

    CREATE TABLE draft_signature (
      id          INTEGER PRIMARY KEY,
      draft_id    INTEGER NOT NULL REFERENCES draft(id),
      signer      TEXT NOT NULL,
      signed_at   INTEGER NOT NULL,
      signature   BLOB NOT NULL,
      UNIQUE (draft_id, signer)
    ) STRICT;
  `,
} as const;
