// Migration 7 (SECURITY H-28): wrong passphrases per holder since their last right one, and until when the holder
// waits before the next try, so guessing stays slow across restarts and across the app and the CLI.
export const migration007 = {
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
