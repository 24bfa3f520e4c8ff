// Migration 8 (SECURITY H-28): wrong passphrases per holder since their last right one, and until when the holder
// waits before the next try, so guessing stays slow across restarts and across the app and the CLI.
// Its version is its place in the list (runner and newer-database check count on that); the file name keeps the
// number it was given while migration 7 was written elsewhere.
export const migration008 = {
  version: 7,
  name: 'passphrase-attempts',
  sql: `
    CREATE TABLE passphrase_attempts (
      holder_id        INTEGER PRIMARY KEY REFERENCES holder(id),
      failures         INTEGER NOT NULL CHECK (failures >= 1),
      last_attempt_at  INTEGER NOT NULL,
      retry_at         INTEGER NOT NULL
    ) STRICT;
  `,
} as const;
