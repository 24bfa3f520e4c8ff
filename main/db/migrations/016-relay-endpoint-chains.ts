// Migration 16: a saved relay endpoint carries the chain it serves, as its own eth_chainId first answered, and when
// that was seen. Endpoints saved before (chain unknown) learn it at their next use; from then on the relay sends a
// chain's snapshots, broadcasts and simulations only to endpoints saved for that chain, and refuses one that changes.
export const migration016 = {
  version: 16,
  name: 'relay-endpoint-chains',
  sql: `
    ALTER TABLE relay_endpoint ADD COLUMN chain_id TEXT
      CHECK (chain_id IS NULL OR (length(chain_id) BETWEEN 1 AND 20 AND chain_id GLOB '[1-9]*' AND chain_id NOT GLOB '*[^0-9]*'));
    ALTER TABLE relay_endpoint ADD COLUMN chain_seen_at INTEGER;
  `,
} as const;
