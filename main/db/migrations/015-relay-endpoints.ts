// Migration 15: the relay remembers its RPC endpoints across restarts, in order (the first is primary, the others
// cross-check it), at most four. Public URLs only: the relay refuses user names and passwords before storing one.
export const migration015 = {
  version: 15,
  name: 'relay-endpoints',
  sql: `
    CREATE TABLE relay_endpoint (
      position  INTEGER PRIMARY KEY CHECK (position BETWEEN 1 AND 4),
      url       TEXT NOT NULL UNIQUE CHECK (length(url) BETWEEN 1 AND 2048),
      saved_at  INTEGER NOT NULL
    ) STRICT;
  `,
} as const;
