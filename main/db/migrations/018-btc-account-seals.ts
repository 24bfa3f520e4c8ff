// Migration 18: a registered Bitcoin account carries the vault's seal (shared/btc/wallet-seal.ts), the checkpoint
// key's signature over its label, role, kind, network, path, fingerprint and xpub, made when it is registered while a
// quorum has the vault unlocked. Accounts registered before have none: the review and the export refuse them until the
// next quorum unlock, which derives each account again from the seed and seals those that match.
export const migration018 = {
  version: 18,
  name: 'btc-account-seals',
  sql: `
    ALTER TABLE btc_account ADD COLUMN seal BLOB CHECK (seal IS NULL OR length(seal) = 64);
  `,
} as const;
