// Migration 5: recovery drills. The vault's drill policy (intervals, the snapshot age a drill accepts),
// its runbooks (built-ins stored on first use, then editable), and every drill's measured result.
export const migration005 = {
  version: 5,
  name: 'drills',
  sql: `
    CREATE TABLE drill_policy (
      vault_id                   TEXT PRIMARY KEY REFERENCES vault(id),
      drill_interval_days        INTEGER NOT NULL CHECK (drill_interval_days BETWEEN 1 AND 3650),
      share_check_interval_days  INTEGER NOT NULL CHECK (share_check_interval_days BETWEEN 1 AND 3650),
      max_snapshot_age_hours     INTEGER NOT NULL CHECK (max_snapshot_age_hours BETWEEN 1 AND 8760),
      updated_at                 INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE runbook (
      id               INTEGER PRIMARY KEY,
      vault_id         TEXT NOT NULL REFERENCES vault(id),
      name             TEXT NOT NULL,
      definition_json  TEXT NOT NULL,
      builtin          INTEGER NOT NULL CHECK (builtin IN (0, 1)),
      updated_at       INTEGER NOT NULL,
      UNIQUE (vault_id, name)
    ) STRICT;

    CREATE TABLE drill (
      id            INTEGER PRIMARY KEY,
      vault_id      TEXT NOT NULL REFERENCES vault(id),
      runbook       TEXT NOT NULL,
      started_at    INTEGER NOT NULL,
      finished_at   INTEGER NOT NULL,
      passed        INTEGER NOT NULL CHECK (passed IN (0, 1)),
      rto_ms        INTEGER NOT NULL,
      rpo_seconds   INTEGER,
      result_json   TEXT NOT NULL
    ) STRICT;
  `,
} as const;
