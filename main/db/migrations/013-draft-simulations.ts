// Migration 13 (landed as the second of its wave): the relay's signed simulation reports of drafts, as
// brought back to the vault. A report is kept as it came (its JSON) with the columns it is found by; it is verified
// again against the pinned relay keys and the draft's digest whenever the draft is reviewed, so a row is never trusted.
export const migration013 = {
  version: 13,
  name: 'draft-simulations',
  sql: `
    CREATE TABLE draft_simulation (
      id            INTEGER PRIMARY KEY,
      draft_id      INTEGER NOT NULL REFERENCES draft(id),
      digest        BLOB NOT NULL CHECK (length(digest) = 32),
      chain_id      TEXT NOT NULL,
      block_number  TEXT NOT NULL,
      relay_key     BLOB NOT NULL CHECK (length(relay_key) = 33),
      imported_at   INTEGER NOT NULL,
      report_json   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX draft_simulation_by_draft ON draft_simulation (draft_id, id);
  `,
} as const;
