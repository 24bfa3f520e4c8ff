// Migration 17: a registered multisig wallet carries the vault's seal (shared/btc/wallet-seal.ts), the checkpoint
// key's signature over its name, network and descriptor, made at import while a quorum has the vault unlocked.
// Wallets imported before have none: they are not used (no change verified by them, no sweep to them) until the
// holders import them again after an unlock, which seals them.
export const migration017 = {
  version: 17,
  name: 'btc-wallet-seals',
  sql: `
    ALTER TABLE btc_wallet ADD COLUMN seal BLOB CHECK (seal IS NULL OR length(seal) = 64);
  `,
} as const;
