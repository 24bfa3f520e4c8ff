// Migration 6: the relay collects Safe owner signatures until the Safe's threshold is met. One row per owner per
// Safe transaction (a second copy of the same owner's signature is the same row), and the Safe's owners,
// threshold and nonce as the chain last showed them when a signature was collected.
export const migration006 = {
  version: 6,
  name: 'safe-signatures',
  sql: `
    CREATE TABLE safe_collection (
      chain_id      TEXT NOT NULL,
      safe          TEXT NOT NULL,
      safe_tx_hash  TEXT NOT NULL CHECK (length(safe_tx_hash) = 66),
      owners_json   TEXT NOT NULL,
      threshold     INTEGER NOT NULL CHECK (threshold >= 1),
      nonce         TEXT NOT NULL,
      block_number  TEXT NOT NULL,
      created_at    INTEGER NOT NULL,
      checked_at    INTEGER NOT NULL,
      PRIMARY KEY (chain_id, safe, safe_tx_hash)
    ) STRICT;

    CREATE TABLE safe_signature (
      chain_id      TEXT NOT NULL,
      safe          TEXT NOT NULL,
      safe_tx_hash  TEXT NOT NULL,
      owner         TEXT NOT NULL,
      signature     BLOB NOT NULL CHECK (length(signature) = 65),
      received_at   INTEGER NOT NULL,
      PRIMARY KEY (chain_id, safe, safe_tx_hash, owner),
      FOREIGN KEY (chain_id, safe, safe_tx_hash) REFERENCES safe_collection (chain_id, safe, safe_tx_hash)
    ) STRICT;
  `,
} as const;
