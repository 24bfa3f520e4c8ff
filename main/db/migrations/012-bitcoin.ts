// Migration 12 (issue 16, the first of its wave to land): the vault's Bitcoin accounts (BIP-84, BIP-86,
// BIP-48 cosigner keys: path, master fingerprint and account xpub, derived again at every unlock) and the Bitcoin
// wallets it knows by descriptor (multisig wallets it co-signs for, or sends a fallback sweep to).
export const migration012 = {
  version: 12,
  name: 'bitcoin',
  sql: `
    CREATE TABLE btc_account (
      id                  INTEGER PRIMARY KEY,
      vault_id            TEXT NOT NULL REFERENCES vault(id),
      kind                TEXT NOT NULL CHECK (kind IN ('p2wpkh', 'p2tr', 'p2wsh-cosigner')),
      network             TEXT NOT NULL CHECK (network IN ('mainnet', 'testnet')),
      path                TEXT NOT NULL,
      master_fingerprint  TEXT NOT NULL CHECK (length(master_fingerprint) = 8),
      xpub                TEXT NOT NULL,
      label               TEXT NOT NULL,
      role                TEXT NOT NULL CHECK (role IN ('btc-treasury', 'btc-cosigner')),
      created_at          INTEGER NOT NULL,
      UNIQUE (vault_id, path),
      UNIQUE (vault_id, xpub)
    ) STRICT;

    CREATE TABLE btc_wallet (
      id          INTEGER PRIMARY KEY,
      vault_id    TEXT NOT NULL REFERENCES vault(id),
      name        TEXT NOT NULL,
      network     TEXT NOT NULL CHECK (network IN ('mainnet', 'testnet')),
      descriptor  TEXT NOT NULL,
      threshold   INTEGER NOT NULL CHECK (threshold >= 1),
      cosigners   INTEGER NOT NULL CHECK (cosigners >= threshold),
      created_at  INTEGER NOT NULL,
      UNIQUE (vault_id, name),
      UNIQUE (vault_id, descriptor)
    ) STRICT;
  `,
} as const;
