// Migration 2: the vault (one per database), its SLIP-39 groups, holders with their encrypted
// shares and commitments, and the registered accounts a recovery must reproduce.
export const migration002 = {
  version: 2,
  name: 'custody',
  sql: `
    CREATE TABLE vault (
      id                  TEXT PRIMARY KEY,
      singleton           INTEGER NOT NULL UNIQUE DEFAULT 1 CHECK (singleton = 1),
      name                TEXT NOT NULL,
      created_at          INTEGER NOT NULL,
      origin              TEXT NOT NULL CHECK (origin IN ('created', 'imported-bip39', 'imported-slip39')),
      seed_derivation     TEXT NOT NULL CHECK (seed_derivation IN ('slip39-master-secret', 'bip39-mnemonic')),
      secret_bits         INTEGER NOT NULL CHECK (secret_bits BETWEEN 128 AND 256),
      slip39_identifier   INTEGER NOT NULL,
      extendable          INTEGER NOT NULL CHECK (extendable IN (0, 1)),
      iteration_exponent  INTEGER NOT NULL,
      group_threshold     INTEGER NOT NULL,
      slip39_passphrase   INTEGER NOT NULL CHECK (slip39_passphrase IN (0, 1)),
      bip39_passphrase    INTEGER NOT NULL CHECK (bip39_passphrase IN (0, 1)),
      idle_lock_minutes   INTEGER NOT NULL DEFAULT 5 CHECK (idle_lock_minutes BETWEEN 1 AND 120)
    ) STRICT;

    CREATE TABLE vault_group (
      vault_id          TEXT NOT NULL REFERENCES vault(id),
      group_index       INTEGER NOT NULL,
      name              TEXT NOT NULL,
      member_threshold  INTEGER NOT NULL,
      member_count      INTEGER NOT NULL,
      PRIMARY KEY (vault_id, group_index)
    ) STRICT;

    CREATE TABLE holder (
      id                INTEGER PRIMARY KEY,
      vault_id          TEXT NOT NULL REFERENCES vault(id),
      name              TEXT NOT NULL,
      group_index       INTEGER NOT NULL,
      member_index      INTEGER NOT NULL,
      created_at        INTEGER NOT NULL,
      last_verified_at  INTEGER,
      UNIQUE (vault_id, name),
      UNIQUE (vault_id, group_index, member_index),
      FOREIGN KEY (vault_id, group_index) REFERENCES vault_group(vault_id, group_index)
    ) STRICT;

    CREATE TABLE share (
      holder_id   INTEGER PRIMARY KEY REFERENCES holder(id),
      envelope    BLOB NOT NULL,
      commitment  BLOB NOT NULL
    ) STRICT;

    CREATE TABLE account (
      id          INTEGER PRIMARY KEY,
      vault_id    TEXT NOT NULL REFERENCES vault(id),
      path        TEXT NOT NULL,
      address     TEXT NOT NULL,
      label       TEXT NOT NULL,
      role        TEXT NOT NULL CHECK (role IN ('eoa-treasury', 'safe-owner', 'executor')),
      created_at  INTEGER NOT NULL,
      UNIQUE (vault_id, path),
      UNIQUE (vault_id, address)
    ) STRICT;
  `,
} as const;
