// Migration 4: the relay side (its device key, the broadcast queue keyed by transaction hash) and the
// vault side (the pinned relay key, the history of imported snapshots). The relay key is the relay's
// own identity, like an SSH host key: it signs chain state, it controls no funds.
export const migration004 = {
  version: 4,
  name: 'relay',
  sql: `
    CREATE TABLE relay_identity (
      id          INTEGER PRIMARY KEY CHECK (id = 1),
      secret_key  BLOB NOT NULL CHECK (length(secret_key) = 32),
      public_key  BLOB NOT NULL CHECK (length(public_key) = 33),
      created_at  INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE relay_pin (
      id          INTEGER PRIMARY KEY,
      public_key  BLOB NOT NULL UNIQUE CHECK (length(public_key) = 33),
      label       TEXT NOT NULL,
      pinned_at   INTEGER NOT NULL,
      revoked_at  INTEGER
    ) STRICT;

    CREATE TABLE snapshot (
      id            INTEGER PRIMARY KEY,
      chain_id      TEXT NOT NULL,
      block_number  TEXT NOT NULL,
      block_hash    TEXT NOT NULL,
      merkle_root   TEXT NOT NULL UNIQUE,
      relay_key     BLOB NOT NULL,
      taken_at      INTEGER NOT NULL,
      imported_at   INTEGER NOT NULL,
      body_json     TEXT NOT NULL,
      warnings_json TEXT NOT NULL
    ) STRICT;
    CREATE INDEX snapshot_by_chain ON snapshot (chain_id, id);

    CREATE TABLE broadcast (
      tx_hash       TEXT PRIMARY KEY,
      raw           BLOB NOT NULL,
      sender        TEXT NOT NULL,
      nonce         TEXT NOT NULL,
      chain_id      TEXT NOT NULL,
      status        TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'confirmed', 'reverted', 'rejected')),
      detail        TEXT NOT NULL DEFAULT '',
      block_number  TEXT,
      attempts      INTEGER NOT NULL DEFAULT 0,
      created_at    INTEGER NOT NULL,
      updated_at    INTEGER NOT NULL
    ) STRICT;
  `,
} as const;
