// The one contract between renderer and main: every channel (modes in bridge-channels.ts) and its
// request and response schemas. Preload, the IPC gate and the e2e harness are all built from it.
import { z } from 'zod';
import type { DraftDescription } from './drafting/input';
import type { Result } from './errors';
import { backupInspectionSchema, backupPath, backupPolicySchema, backupReportSchema, backupStatusSchema, restoreReportSchema, restoreRequestSchema } from './backup/contract';
import { SNAPSHOT_ACKNOWLEDGEMENTS } from './snapshot/changes';
import { signedSnapshotSchema } from './snapshot/schema';
import { MAX_SNAPSHOT_SET_CHAINS, MAX_SNAPSHOT_SET_CHARS } from './snapshot/set';
import { MAX_SIGNED_SET_CHARS, MAX_SIGNED_SET_ITEMS } from './relay/signed-set';

import { MODES, type ChannelName } from './bridge-channels';

export { buildBridgeApi, channelsFor, CHANNEL_MODES, CHANNELS, IPC_PREFIX, isChannelName, MODES, modeFromArgv } from './bridge-channels';
export type { ChannelName, Mode } from './bridge-channels';

interface ChannelDef<Req extends z.ZodType, Res extends z.ZodType> {
  summary: string;
  request: Req;
  response: Res;
}

function channel<Req extends z.ZodType, Res extends z.ZodType>(def: ChannelDef<Req, Res>): ChannelDef<Req, Res> {
  return def;
}

const empty = z.object({}).strict();

const hex32 = z.string().regex(/^0x[0-9a-f]{64}$/);

/**
 * A draft description, typed by the drafting schema (shared/drafting/input.ts). The gate checks only that it is an
 * object: the vault reads it with the schema's one parser after filling it from the snapshot, so a mistake comes back
 * as draft-invalid with the sentence naming the field, not as a refused request.
 */
const draftDescription = z.custom<DraftDescription>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'must be a draft description (a JSON object)');

export const warningSchema = z.object({ code: z.string(), severity: z.enum(['critical', 'high', 'medium', 'info']), message: z.string() });

/** A stored recovery-transaction draft with its full review, as the Build and Review & sign views show it. */
export const draftSchema = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  kind: z.enum(['eoa', 'safe']),
  purpose: z.enum(['recovery', 'rehearsal']),
  status: z.enum(['draft', 'signed', 'discarded']),
  createdAt: z.number().int(),
  chainId: z.string(),
  /** Exactly what is signed: the transaction's signing hash, or the safeTxHash. */
  digest: hex32,
  fingerprint: z.string(),
  input: z.record(z.string(), z.unknown()),
  review: z.record(z.string(), z.unknown()),
  warnings: z.array(warningSchema),
  blocking: z.array(warningSchema),
  acknowledgementsRequired: z.array(z.string()),
  /** Who signed and when; the signature itself only for a recovery draft (a rehearsal's never leaves the vault). */
  signatures: z.array(z.object({ signer: z.string(), signedAt: z.number().int(), signature: z.string().optional() })),
  /** The relay snapshot the draft's chain state came from (null: typed by a holder), and its age now in seconds. */
  basis: z.object({ snapshotId: z.number().int(), blockNumber: z.string(), takenAt: z.number().nullable(), ageSeconds: z.number().nullable() }).nullable(),
});
export type DraftJson = z.infer<typeof draftSchema>;

/** What signing a draft produced: a raw transaction for the relay (never for a rehearsal), or owner signatures. */
export const signedDraftSchema = z.object({
  id: z.number().int().positive(),
  kind: z.enum(['eoa', 'safe']),
  purpose: z.enum(['recovery', 'rehearsal']),
  digest: hex32,
  fingerprint: z.string(),
  from: z.string().optional(),
  rawTransaction: z.string().optional(),
  hash: z.string().optional(),
  /** This vault's owner signatures; for a rehearsal the owners only (its signatures never leave the vault). */
  signatures: z.array(z.object({ owner: z.string(), signature: z.string().optional() })),
});
export type SignedDraftJson = z.infer<typeof signedDraftSchema>;

/** A registered Bitcoin account as the Bitcoin view and `btc account list` show it (public keys only). */
export const btcAccountSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['p2wpkh', 'p2tr', 'p2wsh-cosigner']),
  network: z.enum(['mainnet', 'testnet']),
  path: z.string(),
  masterFingerprint: z.string(),
  xpub: z.string(),
  label: z.string(),
  role: z.enum(['btc-treasury', 'btc-cosigner']),
  createdAt: z.number(),
  descriptor: z.string(),
  firstAddress: z.string().nullable(),
  /** Whether the vault's seal over it verifies; an unsealed account stops reviews and the export until a quorum unlock seals it. */
  sealed: z.boolean(),
});

/** A multisig wallet the vault knows: "2 of 3: cosigners …". */
export const btcWalletSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  network: z.enum(['mainnet', 'testnet']),
  descriptor: z.string(),
  threshold: z.number().int(),
  cosigners: z.number().int(),
  createdAt: z.number(),
  summary: z.string(),
  cosignerKeys: z.array(z.object({ fingerprint: z.string().nullable(), path: z.string(), ours: z.boolean(), label: z.string().nullable() })),
  firstAddress: z.string(),
  /** Whether the vault's seal over it verifies; an unsealed wallet is used for nothing until imported again after an unlock. */
  sealed: z.boolean(),
});

export const drillPolicySchema = z.object({
  drillIntervalDays: z.number().int().min(1).max(3650),
  shareCheckIntervalDays: z.number().int().min(1).max(3650),
  maxSnapshotAgeHours: z.number().int().min(1).max(8760),
});

export const drillResultSchema = z.object({
  id: z.number().int(),
  runbook: z.string(),
  passed: z.boolean(),
  startedAt: z.number(),
  /** When the first share began to open, where the RTO starts; absent on drills stored before it was recorded. */
  firstUnlockAt: z.number().optional(),
  rtoMs: z.number(),
  rtoTargetMs: z.number(),
  rpoSeconds: z.number().nullable(),
  /** Per chain of a runbook (drills stored before runbooks had chains have none). */
  chains: z
    .array(
      z.object({
        chainId: z.string(),
        snapshotId: z.number().nullable(),
        blockNumber: z.string().nullable().optional(),
        blockHash: z.string().nullable().optional(),
        rpoSeconds: z.number().nullable(),
        signedAfterMs: z.number().nullable(),
      }),
    )
    .optional(),
  /** Seconds since the vault's last verified backup when the drill began; absent on drills from before backups. */
  stateRpoSeconds: z.number().nullable().optional(),
  /** The latest verified backup when the drill began: what a restore on a new laptop expects. */
  latestBackup: z.object({ madeAt: z.number(), hash: z.string(), hashWords: z.string(), auditCount: z.number() }).nullable().optional(),
  /** The registered accounts at the drill: what a rebuild from the cards alone must reproduce. */
  accounts: z.array(z.object({ path: z.string(), address: z.string(), label: z.string(), role: z.string() })).optional(),
  participants: z.array(z.string()),
  /** The participants whose share failed; absent on drills from before each share was tried on its own. */
  failedShares: z.array(z.string()).optional(),
  /** The auditor's challenge the proof signs (null: none given); absent on older drills. */
  challenge: z.string().nullable().optional(),
  /** The snapshot the proof names, with its block hash and the relay key's fingerprint; absent on older drills. */
  snapshot: z.object({ chainId: z.string(), blockNumber: z.string(), blockHash: z.string(), relayFingerprint: z.string() }).nullable().optional(),
  steps: z.array(z.object({ name: z.string(), ms: z.number(), ok: z.boolean(), reason: z.string().optional(), note: z.string().optional() })),
  reasons: z.array(z.string()),
  proof: z
    .object({
      statement: z.string(),
      signature: z.string(),
      address: z.string(),
      bitcoin: z.object({ address: z.string(), network: z.enum(['mainnet', 'testnet']), signature: z.string() }).optional(),
    })
    .nullable(),
  snapshotId: z.number().nullable(),
  auditRange: z.object({ from: z.number(), to: z.number() }).nullable(),
});
export type DrillResultJson = z.infer<typeof drillResultSchema>;

export const networkInterfaceSchema = z.object({
  name: z.string(),
  address: z.string(),
  family: z.enum(['IPv4', 'IPv6']),
});

export const networkStatusSchema = z.object({
  /** True while any non-loopback interface is up: the vault must show the red banner. */
  online: z.boolean(),
  interfaces: z.array(networkInterfaceSchema),
  checkedAt: z.number().int(),
  /** Vault only, SECURITY(H-27): the audited test-machine setting that lets it unlock and sign while online is on. */
  onlineSigningAllowed: z.boolean().optional(),
});
export type NetworkStatus = z.infer<typeof networkStatusSchema>;

export const auditEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: z.number().int(),
  actor: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditVerificationSchema = z.object({
  valid: z.boolean(),
  count: z.number().int().nonnegative(),
  headHash: z.string(),
  problem: z
    .object({ code: z.string(), row: z.number().int().nonnegative(), message: z.string() })
    .nullable(),
  /** SECURITY(H-25): the vault's signed checkpoints, and from which entry on only the hash chain protects the log. */
  checkpoints: z.object({
    stored: z.number().int().nonnegative(),
    verified: z.number().int().nonnegative(),
    key: z.string().nullable(),
    keyWords: z.string().nullable(),
    keySource: z.enum(['stored', 'given']).nullable(),
    storedKey: z.string().nullable(),
    latest: z.object({ number: z.number().int().positive(), last: z.number().int().positive(), headHash: z.string() }).nullable(),
  }),
  uncheckpointedFrom: z.number().int().positive().nullable(),
  note: z.string().nullable(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;


const holderName = z.string().trim().min(1).max(64);
/** Passphrases cross the bridge only inward (typed by their holder); never back out. */
const passphrase = z.string().min(1).max(1024);
const accountRole = z.enum(['eoa-treasury', 'safe-owner', 'executor']);

export const createVaultRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('new'), secretBits: z.union([z.literal(128), z.literal(256)]), diceRolls: z.array(z.number().int().min(1).max(6)).max(400) }).strict(),
      z.object({ kind: z.literal('bip39'), mnemonic: z.string().min(1).max(1000), bip39Passphrase: z.string().max(1024) }).strict(),
      z.object({ kind: z.literal('slip39'), shares: z.array(z.string().min(1).max(1000)).min(1).max(256) }).strict(),
    ]),
    groupThreshold: z.number().int().min(1).max(16),
    groups: z
      .array(
        z
          .object({
            name: z.string().trim().min(1).max(40),
            memberThreshold: z.number().int().min(1).max(16),
            holders: z.array(z.object({ name: holderName, passphrase }).strict()).min(1).max(16),
          })
          .strict(),
      )
      .min(1)
      .max(16),
    slip39Passphrase: z.string().max(1024),
    iterationExponent: z.number().int().min(0).max(15),
    extendable: z.boolean(),
    accounts: z
      .array(z.object({ scheme: z.enum(['bip44', 'ledger-live']), index: z.number().int().min(0).max(2 ** 31 - 1), label: z.string().trim().min(1).max(64), role: accountRole }).strict())
      .min(1)
      .max(100),
    idleLockMinutes: z.number().int().min(1).max(120).optional(),
  })
  .strict();
export type CreateVaultRequest = z.infer<typeof createVaultRequestSchema>;

export const accountSchema = z.object({ path: z.string(), address: z.string(), label: z.string(), role: accountRole, createdAt: z.number() });

export const vaultSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number(),
  origin: z.enum(['created', 'imported-bip39', 'imported-slip39']),
  seedDerivation: z.enum(['slip39-master-secret', 'bip39-mnemonic']),
  seedDerivationDescription: z.string(),
  secretBits: z.number(),
  identifier: z.number(),
  extendable: z.boolean(),
  iterationExponent: z.number(),
  groupThreshold: z.number(),
  slip39Passphrase: z.boolean(),
  bip39Passphrase: z.boolean(),
  idleLockMinutes: z.number(),
  /** SECURITY(H-27): on, this vault unlocks and signs while a network interface is up (test machines only). */
  allowOnlineSigning: z.boolean(),
  groups: z.array(
    z.object({
      groupIndex: z.number(),
      name: z.string(),
      memberThreshold: z.number(),
      memberCount: z.number(),
      holders: z.array(z.object({ id: z.number(), name: z.string(), memberIndex: z.number(), lastVerifiedAt: z.number().nullable() })),
    }),
  ),
  accounts: z.array(accountSchema),
});
export type VaultSummaryView = z.infer<typeof vaultSummarySchema>;

/** A holder's own share words: shown to that holder at creation or an audited reprint, nowhere else. */
export const holderShareSchema = z.object({ holder: z.string(), group: z.string(), groupIndex: z.number(), memberIndex: z.number(), words: z.string() });

export const unlockStatusSchema = z.object({
  state: z.enum(['no-vault', 'locked', 'collecting', 'unlocked']),
  progress: z
    .object({
      groups: z.array(z.object({ groupIndex: z.number(), name: z.string(), have: z.number(), need: z.number(), done: z.boolean() })),
      groupsDone: z.number(),
      groupThreshold: z.number(),
      complete: z.boolean(),
      summary: z.string(),
    })
    .nullable(),
  present: z.array(z.string()),
  unlockedAt: z.number().nullable(),
  locksAt: z.number().nullable(),
});
export type UnlockStatusView = z.infer<typeof unlockStatusSchema>;

const endpointList = z.array(z.string().min(1).max(2048)).min(1).max(4);
const addressText = z.string().max(64);
const relayKeySchema = z.object({ relayKey: z.string(), fingerprint: z.string() });
const snapshotWarningSchema = z.object({ code: z.string(), severity: z.enum(['critical', 'medium']), message: z.string() });
/** An imported snapshot as the Snapshots view lists it; ageSeconds is the recovery point. */
export const snapshotSummarySchema = z.object({
  id: z.number().int().positive(),
  chainId: z.string(),
  blockNumber: z.string(),
  blockHash: z.string(),
  merkleRoot: z.string(),
  takenAt: z.number(),
  importedAt: z.number(),
  ageSeconds: z.number(),
  relayFingerprint: z.string(),
  /** Verified again whenever listed or shown (H-30): 'damaged' and 'revoked' snapshots are never built on. */
  status: z.enum(['verified', 'damaged', 'revoked']),
  problem: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The snapshot drills and drafts build on by default: the newest by block of its chain. */
  current: z.boolean(),
  warnings: z.array(snapshotWarningSchema),
});
const relayPinSchema = z.object({ relayKey: z.string(), fingerprint: z.string(), label: z.string(), pinnedAt: z.number(), revokedAt: z.number().nullable(), sealed: z.boolean() });
const broadcastStatus = z.enum(['queued', 'sent', 'confirmed', 'reverted', 'rejected', 'replaced', 'dropped']);
/** What one endpoint last said about a broadcast transaction (the relay trusts no single endpoint). */
const broadcastEndpointSchema = z.object({
  endpoint: z.string(),
  state: z.enum(['accepted', 'refused', 'unreachable', 'unknown', 'pending', 'mined', 'reverted', 'replaced', 'inconsistent']),
  blockNumber: z.string().nullable(),
  detail: z.string(),
});
/** A Safe transaction's signature collection on the relay; `bundle` (airlock-safe-bundle JSON) once complete. */
export const safeCollectionSchema = z.object({
  chainId: z.string(),
  safe: z.string(),
  safeTxHash: z.string(),
  owners: z.array(z.string()),
  threshold: z.number().int(),
  nonce: z.string(),
  blockNumber: z.string(),
  signers: z.array(z.string()),
  complete: z.boolean(),
  bundle: z
    .object({ version: z.literal(1), chainId: z.string(), safe: z.string(), safeTxHash: z.string(), signatures: z.string(), signers: z.array(z.string()) })
    .optional(),
  checkedAt: z.number(),
});
export type SafeCollectionView = z.infer<typeof safeCollectionSchema>;

/** Channels of the relay (snapshots out, broadcasts in) and of the vault's side of it. */
/** What one snapshot reads, and from which endpoints. */
const snapshotOrder = z
  .object({
    endpoints: endpointList,
    accounts: z.array(addressText).max(256),
    safes: z.array(addressText).max(64),
    tokens: z.array(addressText).max(64),
    positions: z.array(z.object({ adapter: z.string().max(40), contract: addressText }).strict()).max(64),
  })
  .strict();

const relayContract = {
  'relay.key': channel({
    summary: "The relay's public key and its four fingerprint words, for pairing with a vault.",
    request: empty,
    response: relayKeySchema,
  }),
  'relay.snapshot': channel({
    summary: 'Read chain state at one block from the endpoints (cross-checked when two or more) and sign it with the relay key.',
    request: snapshotOrder,
    response: z.object({ snapshot: signedSnapshotSchema }),
  }),
  'relay.snapshotSet': channel({
    summary: 'The snapshots of several chains in one go, each read from its own chain\'s endpoints (refused when one serves another chain) and signed: one set for one transfer.',
    request: z
      .object({
        chains: z
          .array(snapshotOrder.extend({ chainId: z.string().regex(/^[1-9][0-9]{0,19}$/) }).strict())
          .min(1)
          .max(MAX_SNAPSHOT_SET_CHAINS),
      })
      .strict(),
    response: z.object({ set: z.object({ version: z.literal(1), snapshots: z.array(signedSnapshotSchema) }) }),
  }),
  'relay.broadcast': channel({
    summary: 'Send a signed raw transaction (0x hex or ur:bytes parts) to every endpoint and follow it until every endpoint that answers shows it in one block; a known hash is re-checked, and only ever re-sent as the same bytes.',
    request: z.object({ transaction: z.string().min(1).max(400_000), endpoints: endpointList }).strict(),
    response: z.object({ txHash: z.string(), status: broadcastStatus, blockNumber: z.string().nullable(), alreadyQueued: z.boolean(), detail: z.string(), revertReason: z.string().nullable(), endpoints: z.array(broadcastEndpointSchema) }),
  }),
  'relay.queue': channel({
    summary: 'The broadcast queue, newest first, with the state of each transaction and what each endpoint last said about it.',
    request: empty,
    response: z.object({
      broadcasts: z.array(
        z.object({
          txHash: z.string(),
          sender: z.string(),
          nonce: z.string(),
          chainId: z.string(),
          status: broadcastStatus,
          blockNumber: z.string().nullable(),
          attempts: z.number(),
          detail: z.string(),
          raw: z.string(),
          endpoints: z.array(broadcastEndpointSchema.extend({ checkedAt: z.number() })),
        }),
      ),
    }),
  }),
  'relay.broadcastSet': channel({
    summary: 'A signed set (JSON or ur:airlock-signed-set parts): each transaction broadcast and each owner signature collected on its own chain\'s endpoints; the outcome per chain. Never sends anything twice.',
    request: z
      .object({
        set: z.string().min(2).max(MAX_SIGNED_SET_CHARS),
        chains: z.array(z.object({ chainId: z.string().regex(/^[1-9][0-9]{0,19}$/), endpoints: endpointList }).strict()).min(1).max(MAX_SNAPSHOT_SET_CHAINS),
      })
      .strict(),
    response: z.object({ chains: z.array(z.object({ chainId: z.string(), ok: z.boolean(), items: z.array(z.record(z.string(), z.unknown())) })) }),
  }),
  'relay.collect': channel({
    summary: 'Check one Safe owner signature (JSON or ur:airlock-safe-signature) against the Safe at the latest block and keep it once; the bundle once the threshold is met.',
    request: z.object({ payload: z.string().min(2).max(64 * 1024), endpoints: endpointList }).strict(),
    response: safeCollectionSchema.extend({ owner: z.string(), added: z.boolean() }),
  }),
  'relay.bundles': channel({
    summary: 'The Safe signature collections the relay keeps, newest first, as of their last check.',
    request: empty,
    response: z.object({ collections: z.array(safeCollectionSchema) }),
  }),
  'relay.simulate': channel({
    summary: "Simulate a draft the vault showed unsigned (JSON or ur:airlock-simulation-request) at the latest block of every endpoint; the report signed with the relay key.",
    request: z.object({ request: z.string().min(2).max(512 * 1024), endpoints: endpointList }).strict(),
    response: z.object({ report: z.record(z.string(), z.unknown()) }),
  }),
  'relay.endpoints': channel({
    summary: 'The RPC endpoints the relay saved for its next start, in order (the first is primary), and the chain each serves (null until first used).',
    request: empty,
    response: z.object({ endpoints: z.array(z.string()), chains: z.array(z.object({ url: z.string(), chainId: z.string().nullable() })) }),
  }),
  'relay.saveEndpoints': channel({
    summary: 'Replace the saved RPC endpoints (http or https, no user name or password, at most four, none twice; audited).',
    request: z.object({ endpoints: z.array(z.string().min(1).max(2048)).max(4) }).strict(),
    response: z.object({ endpoints: z.array(z.string()) }),
  }),
  'snapshots.pair': channel({
    summary: 'Pin a relay key once the person confirmed both screens show the same four fingerprint words (audited).',
    request: z.object({ relayKey: z.string().max(80), words: z.string().max(200), label: z.string().max(80).optional() }).strict(),
    response: z.object({ pinned: relayPinSchema }),
  }),
  'snapshots.unpair': channel({
    summary: "Revoke a relay's pairing: its snapshots are refused for import and use from now on; pairing it again is allowed (audited).",
    request: z.object({ relayKey: z.string().max(80) }).strict(),
    response: z.object({ pin: relayPinSchema }),
  }),
  'snapshots.pins': channel({
    summary: 'The relay keys this vault pinned, revoked ones included.',
    request: empty,
    response: z.object({ pins: z.array(relayPinSchema) }),
  }),
  'snapshots.import': channel({
    summary:
      'Verify (paired key, Merkle root, signature, chain) and store a snapshot; returns it with warnings against the previous one. An older snapshot, or one whose nonces went down, only when acknowledged (audited).',
    request: z
      .object({
        snapshot: z.string().min(2).max(4 * 1024 * 1024),
        chainId: z.string().regex(/^[1-9][0-9]{0,30}$/),
        acknowledge: z.array(z.enum(SNAPSHOT_ACKNOWLEDGEMENTS)).max(SNAPSHOT_ACKNOWLEDGEMENTS.length).optional(),
      })
      .strict(),
    response: z.object({ snapshot: snapshotSummarySchema }),
  }),
  'snapshots.importSet': channel({
    summary:
      'Verify every snapshot of a set (JSON or ur:airlock-snapshot-set parts) as one is verified, against exactly the chains expected, and store them all in one transaction or none; a refusal names its chain.',
    request: z
      .object({
        set: z.string().min(2).max(MAX_SNAPSHOT_SET_CHARS),
        chainIds: z.array(z.string().regex(/^[1-9][0-9]{0,30}$/)).min(1).max(MAX_SNAPSHOT_SET_CHAINS),
        acknowledge: z.array(z.enum(SNAPSHOT_ACKNOWLEDGEMENTS)).max(SNAPSHOT_ACKNOWLEDGEMENTS.length).optional(),
      })
      .strict(),
    response: z.object({ snapshots: z.array(snapshotSummarySchema) }),
  }),
  'snapshots.list': channel({
    summary: 'Imported snapshots, newest import first, each verified again, with its status, age and warnings.',
    request: empty,
    response: z.object({ snapshots: z.array(snapshotSummarySchema) }),
  }),
  'snapshots.get': channel({
    summary: 'One imported snapshot verified again and in full (balances, Safes, fees, positions); no body when it is damaged.',
    request: z.object({ id: z.number().int().positive() }).strict(),
    response: z.object({ snapshot: snapshotSummarySchema, body: signedSnapshotSchema.nullable() }),
  }),
} as const;

export const contract = {
  ...relayContract,
  'app.status': channel({
    summary: 'Mode, version and database the app runs with.',
    request: empty,
    response: z.object({
      mode: z.enum(MODES),
      version: z.string(),
      dbPath: z.string(),
      schemaVersion: z.number().int(),
    }),
  }),
  'network.status': channel({
    summary: 'Network interfaces that are up (the vault warns while any non-loopback one is).',
    request: empty,
    response: networkStatusSchema,
  }),
  'audit.list': channel({
    summary: 'The newest audit entries, newest first.',
    request: z
      .object({
        limit: z.number().int().min(1).max(500),
        beforeSeq: z.number().int().positive().optional(),
      })
      .strict(),
    response: z.object({ entries: z.array(auditEntrySchema) }),
  }),
  'audit.verify': channel({
    summary: 'Walk the hash chain of the audit log and check the vault\'s signed checkpoints; report the first broken row.',
    request: empty,
    response: auditVerificationSchema,
  }),
  'vault.summary': channel({
    summary: 'The vault in this database: holders by group, thresholds, seed derivation, accounts (no secrets).',
    request: empty,
    response: z.object({ vault: vaultSummarySchema.nullable() }),
  }),
  'vault.create': channel({
    summary: 'Create or import the vault and split it into shares; returns each holder\'s share words once (audited).',
    request: createVaultRequestSchema,
    response: z.object({ vault: vaultSummarySchema, shares: z.array(holderShareSchema) }),
  }),
  'shares.reprint': channel({
    summary: 'Show one holder\'s share words again for a new card, with that holder\'s passphrase (audited).',
    request: z.object({ holder: holderName, passphrase }).strict(),
    response: z.object({ share: holderShareSchema, vaultName: z.string(), identifierWords: z.string() }),
  }),
  'unlock.status': channel({
    summary: 'Whether the vault is locked, collecting shares or unlocked, and the progress towards the quorum.',
    request: empty,
    response: unlockStatusSchema,
  }),
  'unlock.present': channel({
    summary: 'One holder opens their stored share with their passphrase.',
    request: z.object({ holder: holderName, passphrase }).strict(),
    response: unlockStatusSchema,
  }),
  'unlock.complete': channel({
    summary: 'With the quorum present, rebuild the key in memory and check the registered accounts.',
    request: z.object({ slip39Passphrase: z.string().max(1024).optional(), bip39Passphrase: z.string().max(1024).optional() }).strict(),
    response: unlockStatusSchema,
  }),
  'shares.check': channel({
    summary: 'A holder checks their paper share and passphrase without rebuilding the secret (recorded).',
    request: z.object({ holder: holderName, words: z.string().min(1).max(1000), passphrase }).strict(),
    response: z.object({ holder: z.string(), passed: z.literal(true), checkedAt: z.number(), checks: z.array(z.string()) }),
  }),
  'vault.setIdleLock': channel({
    summary: 'Set how many idle minutes an unlocked vault waits before it locks itself (audited).',
    request: z.object({ minutes: z.number().int().min(1).max(120) }).strict(),
    response: z.object({ vault: vaultSummarySchema }),
  }),
  'vault.setOnlineSigning': channel({
    summary: 'Allow or refuse unlocking and signing while a network interface is up (test machines only; audited).',
    request: z.object({ allowed: z.boolean() }).strict(),
    response: z.object({ vault: vaultSummarySchema }),
  }),
  'sign.review': channel({
    summary: 'Review a scanned eth-sign-request (all its parts) in full; nothing is signed.',
    request: z.object({ parts: z.array(z.string().min(1).max(8192)).min(1).max(5000) }).strict(),
    response: z.object({ requestKey: z.string(), review: z.record(z.string(), z.unknown()), fingerprint: z.string() }),
  }),
  'sign.approve': channel({
    summary: 'Sign the reviewed request with the unlocked vault under the signing policy (each acknowledgeable warning acknowledged by code); returns the eth-signature UR to show (audited).',
    request: z.object({ requestKey: z.string().regex(/^[0-9a-f]{64}$/), acknowledge: z.array(z.string().max(64)).max(30) }).strict(),
    response: z.object({ signature: z.string(), address: z.string(), fingerprint: z.string() }),
  }),
  'scanner.open': channel({
    summary: 'SECURITY(H-08): a QR scanner opened; the camera may be asked for until scanner.close.',
    request: empty,
    response: z.object({ open: z.boolean() }),
  }),
  'scanner.close': channel({
    summary: 'SECURITY(H-08): the QR scanner closed; camera requests are denied again.',
    request: empty,
    response: z.object({ open: z.boolean() }),
  }),
  'drafts.create': channel({
    summary: 'Build and review a recovery transaction from its description; stored as a draft, nothing signed (audited).',
    request: z.object({ input: draftDescription, snapshotId: z.number().int().positive().optional() }).strict(),
    response: z.object({ draft: draftSchema }),
  }),
  'drafts.list': channel({
    summary: 'The stored drafts, newest first, each rebuilt and reviewed again.',
    request: empty,
    response: z.object({ drafts: z.array(draftSchema) }),
  }),
  'drafts.get': channel({
    summary: 'One draft, rebuilt from its stored description and reviewed again.',
    request: z.object({ id: z.number().int().positive() }).strict(),
    response: z.object({ draft: draftSchema }),
  }),
  'drafts.discard': channel({
    summary: 'Set an unsigned draft aside for good: it stays listed as discarded and can never be signed or executed (audited).',
    request: z.object({ id: z.number().int().positive() }).strict(),
    response: z.object({ draft: draftSchema }),
  }),
  'drafts.sign': channel({
    summary: 'Sign the reviewed draft with the unlocked vault; the digest must be the one the holders reviewed (audited).',
    request: z.object({ id: z.number().int().positive(), digest: hex32, acknowledge: z.array(z.string().max(64)).max(20).default([]) }).strict(),
    response: z.object({ signed: signedDraftSchema }),
  }),
  'drafts.signedSet': channel({
    summary: "Several signed drafts' results (a multi-chain runbook's) as one signed set for the relay: raw transactions and this vault's Safe owner signatures, each with its chain.",
    request: z.object({ ids: z.array(z.number().int().positive()).min(1).max(MAX_SIGNED_SET_ITEMS) }).strict(),
    response: z.object({ set: z.record(z.string(), z.unknown()) }),
  }),
  'drafts.simulationRequest': channel({
    summary: 'A draft unsigned, for the relay to simulate: its transaction or Safe transaction, chain, digest and snapshot block (no secret).',
    request: z.object({ id: z.number().int().positive() }).strict(),
    response: z.object({ request: z.record(z.string(), z.unknown()) }),
  }),
  'drafts.importSimulation': channel({
    summary: "Verify the relay's signed simulation report of a draft (paired relay, digest, chain, block) and keep it (audited); the draft reviewed with it.",
    request: z.object({ id: z.number().int().positive(), report: z.string().min(2).max(2 * 1024 * 1024) }).strict(),
    response: z.object({ draft: draftSchema }),
  }),
  'drafts.executeSafe': channel({
    summary: "From a Safe draft: join this vault's and co-owners' signatures (checked) into a new draft in which a vault account calls execTransaction.",
    request: z
      .object({
        id: z.number().int().positive(),
        signatures: z.array(z.string().max(100_000)).max(100),
        executor: z.record(z.string(), z.unknown()),
        context: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    response: z.object({ draft: draftSchema }),
  }),
  'drills.dashboard': channel({
    summary: 'Drill policy, overdue items and quorum coverage (with the shares checked within policy, can the quorum be met today?).',
    request: empty,
    response: z.object({
      policy: drillPolicySchema,
      coverage: z.object({
        groups: z.array(
          z.object({
            name: z.string(),
            memberThreshold: z.number(),
            verified: z.number(),
            met: z.boolean(),
            holders: z.array(z.object({ name: z.string(), lastVerifiedAt: z.number().nullable(), dueAt: z.number(), verified: z.boolean(), overdueDays: z.number() })),
          }),
        ),
        groupThreshold: z.number(),
        groupsMet: z.number(),
        quorumCovered: z.boolean(),
        drill: z.object({ lastAt: z.number().nullable(), dueAt: z.number(), overdueDays: z.number() }),
        overdue: z.array(z.string()),
      }),
      latestSnapshot: z.object({ id: z.number(), ageSeconds: z.number(), stale: z.boolean() }).nullable(),
      lastDrill: z.object({ id: z.number(), passed: z.boolean(), finishedAt: z.number(), rtoMs: z.number() }).nullable(),
      backup: backupStatusSchema,
    }),
  }),
  'drills.setPolicy': channel({
    summary: 'Set the drill interval, the share-check interval and the oldest snapshot a drill accepts (audited).',
    request: drillPolicySchema.strict(),
    response: z.object({ policy: drillPolicySchema }),
  }),
  'drills.history': channel({
    summary: 'Past drills, newest first, with steps, RTO, RPO, participants, reasons and the signed proof.',
    request: empty,
    response: z.object({ drills: z.array(drillResultSchema) }),
  }),
  'drills.run': channel({
    summary: "Run a full drill of a runbook with the participating holders' passphrases or paper-share words (audited; locks at the end).",
    request: z
      .object({
        runbook: z.string().min(1).max(60),
        holders: z.array(z.union([z.object({ name: holderName, passphrase }).strict(), z.object({ name: holderName, words: z.string().min(1).max(1000) }).strict()])).min(1).max(64),
        slip39Passphrase: z.string().max(1024).optional(),
        bip39Passphrase: z.string().max(1024).optional(),
        /** An auditor's challenge, signed into the proof (the drill service checks it: 8 to 128 printable ASCII characters). */
        challenge: z.string().max(256).optional(),
      })
      .strict(),
    response: z.object({ drill: drillResultSchema }),
  }),
  'runbooks.list': channel({
    summary: "The vault's runbooks: steps as draft templates, parameters, target RTO.",
    request: empty,
    response: z.object({ runbooks: z.array(z.record(z.string(), z.unknown())) }),
  }),
  'runbooks.save': channel({
    summary: 'Store an edited runbook (its parameters, steps or RTO), checked against the runbook schema (audited).',
    request: z.object({ runbook: z.record(z.string(), z.unknown()) }).strict(),
    response: z.object({ runbook: z.record(z.string(), z.unknown()) }),
  }),
  'runbooks.start': channel({
    summary: "Start a real recovery from a runbook: its steps become drafts built on the latest snapshot, to review and sign (audited).",
    request: z.object({ runbook: z.string().min(1).max(60) }).strict(),
    response: z.object({ drafts: z.array(draftSchema) }),
  }),
  'accounts.watchList': channel({
    summary: "The relay's watch list (airlock-watch-list): registered accounts and the vault's Safes, public addresses only (audited).",
    request: empty,
    response: z.object({
      type: z.literal('airlock-watch-list'),
      payload: z.string().regex(/^[0-9a-f]+$/),
      fingerprint: z.string(),
      list: z.object({
        version: z.literal(1),
        vault: z.string(),
        accounts: z.array(z.object({ address: z.string(), label: z.string() })),
        safes: z.array(z.object({ address: z.string(), label: z.string() })),
      }),
    }),
  }),
  'accounts.watchOnly': channel({
    summary: 'Watch-only export of the registered accounts (crypto-hdkey / crypto-account), public keys only; needs the unlocked vault (audited).',
    request: empty,
    response: z.object({
      exports: z.array(
        z.object({
          type: z.enum(['crypto-hdkey', 'crypto-account']),
          payload: z.string().regex(/^[0-9a-f]+$/),
          fingerprint: z.string(),
          accounts: z.array(z.object({ path: z.string(), address: z.string(), label: z.string() })),
          note: z.string(),
        }),
      ),
    }),
  }),
  'bitcoin.overview': channel({
    summary: "The vault's Bitcoin accounts (kind, path, fingerprint, xpub, descriptor, first address) and the multisig wallets it knows.",
    request: empty,
    response: z.object({ accounts: z.array(btcAccountSchema), wallets: z.array(btcWalletSchema) }),
  }),
  'bitcoin.addAccount': channel({
    summary: 'Register a Bitcoin account (BIP-84, BIP-86 or a BIP-48 cosigner key) from the unlocked seed (audited).',
    request: z
      .object({ kind: z.enum(['p2wpkh', 'p2tr', 'p2wsh-cosigner']), network: z.enum(['mainnet', 'testnet']), index: z.number().int().min(0).max(0x7fffffff), label: z.string().min(1).max(80) })
      .strict(),
    response: z.object({ account: btcAccountSchema }),
  }),
  'bitcoin.importWallet': channel({
    summary: 'Register a multisig wallet from its descriptor text or scanned ur:crypto-output parts; needs the unlocked vault, which seals it (audited).',
    request: z
      .object({
        name: z.string().min(1).max(60),
        network: z.enum(['mainnet', 'testnet']),
        descriptor: z.string().min(1).max(6000).optional(),
        parts: z.array(z.string().min(1).max(8192)).min(1).max(1000).optional(),
      })
      .strict(),
    response: z.object({ wallet: btcWalletSchema }),
  }),
  'bitcoin.export': channel({
    summary: 'Watch-only export for a coordinator: descriptors and ur:crypto-account / ur:crypto-output payloads, public keys only (audited).',
    request: empty,
    response: z.object({
      exports: z.array(
        z.object({
          type: z.enum(['crypto-account', 'crypto-output']),
          payload: z.string().regex(/^[0-9a-f]+$/),
          fingerprint: z.string(),
          descriptors: z.array(z.string()),
          note: z.string(),
        }),
      ),
    }),
  }),
  'psbt.review': channel({
    summary: "Review a scanned ur:crypto-psbt (all its parts) against the vault's accounts and wallets; nothing is signed (audited).",
    request: z
      .object({
        parts: z.array(z.string().min(1).max(8192)).min(1).max(5000),
        /** The runbook rule: every output must pay this registered wallet. */
        outputsOnlyTo: z.string().min(1).max(60).optional(),
      })
      .strict(),
    response: z.object({ psbtKey: z.string(), review: z.record(z.string(), z.unknown()), fingerprint: z.string() }),
  }),
  'psbt.approve': channel({
    summary: 'Sign the reviewed PSBT with the unlocked vault under the signing policy; returns the signed ur:crypto-psbt payload to show (audited).',
    request: z.object({ psbtKey: z.string().regex(/^[0-9a-f]{64}$/), acknowledge: z.array(z.string().max(64)).max(30) }).strict(),
    response: z.object({ psbt: z.string(), parts: z.array(z.string()), payload: z.string().regex(/^[0-9a-f]+$/), fingerprint: z.string(), signedInputs: z.array(z.number().int()) }),
  }),
  'backup.status': channel({
    summary: "The vault's backups: the latest verified one, its age and the changes since, the policy and what is overdue.",
    request: empty,
    response: backupStatusSchema,
  }),
  'backup.setPolicy': channel({
    summary: 'Set how old the last backup may be and whether every change makes a new one due (audited).',
    request: backupPolicySchema.strict(),
    response: z.object({ policy: backupPolicySchema }),
  }),
  'backup.chooseDestination': channel({
    summary: "Ask where to write a copy of the backup (the system's save dialog: removable media); only a path chosen here can be written to.",
    request: empty,
    response: z.object({ path: z.string().nullable() }),
  }),
  'backup.create': channel({
    summary: 'Back up the unlocked vault to the chosen destinations: one image sealed as a whole, each copy written atomically and verified (audited).',
    request: z.object({ destinations: z.array(backupPath).min(1).max(8) }).strict(),
    response: backupReportSchema,
  }),
  'backup.chooseFile': channel({
    summary: 'Ask which backup file to restore (the system\'s open dialog) and say what it is, before any secret.',
    request: empty,
    response: z.object({ path: z.string().nullable(), inspection: backupInspectionSchema.nullable() }),
  }),
  'backup.restore': channel({
    summary: 'Restore the chosen backup into this database (which holds no vault) with a quorum of passphrases or paper shares (audited).',
    request: restoreRequestSchema,
    response: restoreReportSchema,
  }),
  'vault.lock': channel({
    summary: 'Lock the vault now: forget the rebuilt key and any opened shares.',
    request: empty,
    response: unlockStatusSchema,
  }),
} as const satisfies { [C in ChannelName]: ChannelDef<z.ZodType, z.ZodType> };

export type Contract = typeof contract;
export type RequestOf<C extends ChannelName> = z.input<Contract[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Contract[C]['response']>;

/** What `window.airlock` is: one function per channel, each resolving to a Result. */
export type AirlockApi = { readonly [C in ChannelName]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>> };
