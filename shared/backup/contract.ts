// The backup's part of the bridge contract: the schemas of its requests and answers (shared/bridge.ts names the
// channels). No secret ever travels outward: passphrases and share words only arrive, in a restore's request.
import { z } from 'zod';

export const backupPolicySchema = z.object({
  maxAgeDays: z.number().int().min(1).max(3650),
  afterEveryChange: z.boolean(),
});

const backupSummarySchema = z.object({
  madeAt: z.number(),
  hash: z.string(),
  hashWords: z.string(),
  bytes: z.number(),
  auditCount: z.number(),
  destinations: z.array(z.string()),
});

export const backupStatusSchema = z.object({
  policy: backupPolicySchema,
  latest: backupSummarySchema.extend({ ageSeconds: z.number() }).nullable(),
  changesSince: z.number(),
  dueAt: z.number(),
  overdue: z.array(z.string()),
  history: z.array(backupSummarySchema),
});

const imageVerdictSchema = z.object({
  integrity: z.literal('ok'),
  auditEntries: z.number(),
  checkpointsVerified: z.number(),
  uncheckpointedFrom: z.number().nullable(),
  addressesDerived: z.number(),
  rowCounts: z.record(z.string(), z.number()),
});

export const backupReportSchema = z.object({
  vaultId: z.string(),
  createdAt: z.number(),
  hash: z.string(),
  hashWords: z.string(),
  bytes: z.number(),
  auditHead: z.object({ count: z.number(), hash: z.string() }),
  destinations: z.array(z.object({ path: z.string(), verified: z.boolean(), error: z.object({ code: z.string(), message: z.string() }).optional() })),
  verification: imageVerdictSchema,
});

export const backupInspectionSchema = z.object({
  kind: z.enum(['vault', 'relay']),
  vaultId: z.string().nullable(),
  createdAt: z.number(),
  auditCount: z.number(),
  schema: z.number(),
  holders: z.number().nullable(),
  bytes: z.number(),
  hash: z.string(),
  hashWords: z.string(),
});

export const restoreReportSchema = z.object({
  vault: z.object({ id: z.string(), name: z.string() }),
  backup: z.object({ hash: z.string(), hashWords: z.string(), createdAt: z.number(), auditCount: z.number() }),
  holders: z.array(z.string()),
  accounts: z.array(z.object({ path: z.string(), address: z.string(), label: z.string() })),
  verification: imageVerdictSchema,
});

/** A destination or a backup file: a full path, as the save or open dialog returned it. */
export const backupPath = z.string().min(1).max(4096);

const holderName = z.string().trim().min(1).max(64);
const passphrase = z.string().min(1).max(1024);

/** The quorum that restores: each holder's passphrase, or their paper share's words. */
export const restoreRequestSchema = z
  .object({
    path: backupPath,
    holders: z.array(z.union([z.object({ name: holderName, passphrase }).strict(), z.object({ name: holderName, words: z.string().min(1).max(1000) }).strict()])).min(1).max(64),
    slip39Passphrase: z.string().max(1024).optional(),
    bip39Passphrase: z.string().max(1024).optional(),
    /** The latest backup's hash or four words, from the audit log, the media's label or the last drill report. */
    expect: z.string().min(1).max(200).optional(),
  })
  .strict();
