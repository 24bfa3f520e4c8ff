// Migration 8: SECURITY(H-27) the vault's test-machine setting that lets it unlock and sign while a network
// interface is up. Off for every existing and new vault; only an audited change turns it on.
export const migration008 = {
  version: 8,
  name: 'online-signing',
  sql: `
    ALTER TABLE vault ADD COLUMN allow_online_signing INTEGER NOT NULL DEFAULT 0 CHECK (allow_online_signing IN (0, 1));
  `,
} as const;
