// Airlock's own UR types (BCR-2020-005 "ur:<type>/…"), one name per payload that crosses the air gap, so both
// screens agree on what a QR code carries. Standard ERC-4527 types live in erc4527.ts. Every one of these carries
// the versioned CBOR body of ur-body.ts around the payload described here.
/** A signed raw transaction for the relay to broadcast; payload: the transaction bytes as a node expects them. */
export const RAW_TX_UR_TYPE = 'airlock-raw-tx';
/** A relay-signed chain snapshot for the vault; payload: its JSON (shared/snapshot/schema.ts) as UTF-8. */
export const SNAPSHOT_UR_TYPE = 'airlock-snapshot';
/** Relay-signed snapshots of several chains taken in one go, as one transfer; payload: its JSON (shared/snapshot/set.ts). */
export const SNAPSHOT_SET_UR_TYPE = 'airlock-snapshot-set';
/** The signed results of one multi-chain runbook, vault → relay, as one transfer; payload: its JSON (shared/relay/signed-set.ts). */
export const SIGNED_SET_UR_TYPE = 'airlock-signed-set';
/** The relay's device key for pairing; payload: the 33-byte compressed public key. */
export const RELAY_KEY_UR_TYPE = 'airlock-relay-key';
/** A signed drill proof for an auditor; payload: its JSON {statement, signature, address} as UTF-8. */
export const DRILL_PROOF_UR_TYPE = 'airlock-drill-proof';
/** The vault's watch list for its relay; payload: its JSON (watch-list.ts) as UTF-8. */
export const WATCH_LIST_UR_TYPE = 'airlock-watch-list';
/** One Safe owner's signature, vault → relay; payload: its JSON (safe-signature.ts) as UTF-8. */
export const SAFE_SIGNATURE_UR_TYPE = 'airlock-safe-signature';
/** The owner signatures joined once the threshold is met, relay → executing vault; payload: its JSON as UTF-8. */
export const SAFE_BUNDLE_UR_TYPE = 'airlock-safe-bundle';
/** A draft, unsigned, for the relay to simulate; payload: its JSON (shared/simulation/request.ts) as UTF-8. */
export const SIMULATION_REQUEST_UR_TYPE = 'airlock-simulation-request';
/** The relay's signed simulation report for the vault; payload: its JSON (shared/simulation/report.ts) as UTF-8. */
export const SIMULATION_REPORT_UR_TYPE = 'airlock-simulation-report';

/** Every Airlock type: these, and only these, carry the versioned body. */
export const AIRLOCK_UR_TYPES: ReadonlySet<string> = new Set([
  RAW_TX_UR_TYPE,
  SNAPSHOT_UR_TYPE,
  SNAPSHOT_SET_UR_TYPE,
  SIGNED_SET_UR_TYPE,
  RELAY_KEY_UR_TYPE,
  DRILL_PROOF_UR_TYPE,
  WATCH_LIST_UR_TYPE,
  SAFE_SIGNATURE_UR_TYPE,
  SAFE_BUNDLE_UR_TYPE,
  SIMULATION_REQUEST_UR_TYPE,
  SIMULATION_REPORT_UR_TYPE,
]);
