// Migration 1: app metadata and the hash-chained audit log (with its head, so a deleted tail shows).
export const migration001 = {
  version: 1,
  name: 'foundation',
  sql: `
    CREATE TABLE app_meta (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE audit_log (
      seq       INTEGER PRIMARY KEY,
      at        INTEGER NOT NULL,
      actor     TEXT NOT NULL,
      action    TEXT NOT NULL,
      details   TEXT NOT NULL,
      prev_hash BLOB NOT NULL,
      hash      BLOB NOT NULL
    ) STRICT;

    CREATE TABLE audit_head (
      id    INTEGER PRIMARY KEY CHECK (id = 1),
      count INTEGER NOT NULL,
      hash  BLOB NOT NULL
    ) STRICT;
  `,
} as const;
