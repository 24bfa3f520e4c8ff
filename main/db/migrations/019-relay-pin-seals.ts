// Migration 19: a relay pairing carries the vault's seal (shared/snapshot/pin-seal.ts), the checkpoint key's
// signature over the relay key, its label and when it was paired, made when a quorum has the vault unlocked. A
// revocation clears it. Pairings made before have none: their snapshots are neither imported nor built on until the
// relay is paired again, with a quorum, after its four fingerprint words are compared once more.
export const migration019 = {
  version: 19,
  name: 'relay-pin-seals',
  sql: `
    ALTER TABLE relay_pin ADD COLUMN seal BLOB CHECK (seal IS NULL OR length(seal) = 64);
  `,
} as const;
