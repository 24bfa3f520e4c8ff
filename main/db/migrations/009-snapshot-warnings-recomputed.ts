// Migration (snapshot warnings recomputed): a snapshot's warnings are no longer stored beside it. They are
// recomputed from the verified, signed bodies every time a snapshot is shown or used, so a row edited to drop
// its warnings cannot show as clean (SECURITY.md H-30); the column would only be a value nobody may trust.
export const migration009 = {
  version: 9,
  name: 'snapshot-warnings-recomputed',
  sql: `
    ALTER TABLE snapshot DROP COLUMN warnings_json;
  `,
} as const;
