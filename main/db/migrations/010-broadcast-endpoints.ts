// Migration 10: the broadcast queue trusts no single endpoint. Each transaction keeps what every endpoint last
// said about it (took it, refused it, does not know it, pending, in which block, or an answer that contradicts it),
// and two outcomes join the statuses: replaced (its nonce was used by another transaction) and dropped (no endpoint
// knows it any more). SQLite cannot widen a CHECK in place, so the queue table is rebuilt with its rows.
export const migration010 = {
  version: 10,
  name: 'broadcast-endpoints',
  sql: `
    CREATE TABLE broadcast_next (
      tx_hash       TEXT PRIMARY KEY,
      raw           BLOB NOT NULL,
      sender        TEXT NOT NULL,
      nonce         TEXT NOT NULL,
      chain_id      TEXT NOT NULL,
      status        TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'confirmed', 'reverted', 'rejected', 'replaced', 'dropped')),
      detail        TEXT NOT NULL DEFAULT '',
      block_number  TEXT,
      attempts      INTEGER NOT NULL DEFAULT 0,
      created_at    INTEGER NOT NULL,
      updated_at    INTEGER NOT NULL
    ) STRICT;
    INSERT INTO broadcast_next (tx_hash, raw, sender, nonce, chain_id, status, detail, block_number, attempts, created_at, updated_at)
      SELECT tx_hash, raw, sender, nonce, chain_id, status, detail, block_number, attempts, created_at, updated_at FROM broadcast;
    DROP TABLE broadcast;
    ALTER TABLE broadcast_next RENAME TO broadcast;

    CREATE TABLE broadcast_endpoint (
      tx_hash       TEXT NOT NULL REFERENCES broadcast (tx_hash) ON DELETE CASCADE,
      endpoint      TEXT NOT NULL,
      state         TEXT NOT NULL CHECK (state IN ('accepted', 'refused', 'unreachable', 'unknown', 'pending', 'mined', 'reverted', 'replaced', 'inconsistent')),
      block_number  TEXT,
      block_hash    TEXT,
      detail        TEXT NOT NULL DEFAULT '',
      checked_at    INTEGER NOT NULL,
      PRIMARY KEY (tx_hash, endpoint)
    ) STRICT;
  `,
} as const;
