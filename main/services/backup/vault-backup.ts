// Backups of the vault itself: one consistent image of the database, sealed as a whole under a key from the unlocked
// vault's seed, written atomically to each destination and verified there (read back, decrypted, integrity, audit
// chain and checkpoints, addresses, row counts), then recorded in the audit log with its hash. Also the backup policy
// and standing for the Dashboard, and the drill's rehearsal: restore the latest backup into a temporary vault.
import { bytesToHex } from '../../../shared/bytes';
import { checkpointPublicKey } from '../../../shared/audit/checkpoint';
import { backupHashWords, type ShareSlot } from '../../../shared/backup/file';
import { backupPolicyProblem, backupStanding, ROUTINE_ACTIONS, type BackupPolicy } from '../../../shared/backup/policy';
import { sealVaultBackup } from '../../../shared/backup/sealing';
import { AirlockError } from '../../../shared/errors';
import { appendAuditEntry } from '../../db/audit';
import { countChangesAfter, insertBackup, latestBackup, listBackups, readBackupPolicy, writeBackupPolicy, type BackupRecord } from '../../db/backups';
import type { Db } from '../../db/connection';
import { readHolders, readShare, readVault, requireVault } from '../../db/vault';
import type { Clock, Random } from '../deps';
import type { UnlockService } from '../custody/unlock';
import { checkDestinations, writeVerifiedCopies, type DestinationResult } from './copies';
import { takeImage } from './image';
import { rehearseRestore } from './rehearsal';
import { verifyImage, type ImageVerdict } from './verify';

export type { DestinationResult };

export interface BackupReport {
  vaultId: string;
  createdAt: number;
  /** SHA-256 of the file, hex, as `sha256sum` prints it, and its four fingerprint words. */
  hash: string;
  hashWords: string;
  bytes: number;
  auditHead: { count: number; hash: string };
  destinations: DestinationResult[];
  verification: ImageVerdict;
}

export interface BackupSummary {
  madeAt: number;
  hash: string;
  hashWords: string;
  bytes: number;
  auditCount: number;
  destinations: string[];
}

export interface BackupStatus {
  policy: BackupPolicy;
  latest: (BackupSummary & { ageSeconds: number }) | null;
  changesSince: number;
  dueAt: number;
  overdue: string[];
  history: BackupSummary[];
}

export interface BackupService {
  status(): BackupStatus;
  setPolicy(policy: BackupPolicy): BackupPolicy;
  /** Needs the vault unlocked (its seed makes the key). Each destination is written and verified on its own. */
  create(destinations: readonly string[]): Promise<BackupReport>;
  /** The latest verified backup (null without one): its age is the RPO of the vault's own state, its hash what a restore expects. */
  latest(): BackupSummary | null;
  /** The drill step: the latest backup restored into a temporary vault and verified; a sentence of what was proven. */
  rehearseRestore(): Promise<string>;
}

/** What the backup functions work with: the vault's database, its clock and randomness, the unlock session whose seed seals. */
export interface BackupDeps {
  db: Db;
  clock: Clock;
  random: Random;
  unlock: UnlockService;
}

/** The backup functions bound to their dependencies, for the bridge and the CLI. */
export function createBackupService(deps: BackupDeps): BackupService {
  return {
    status: () => backupStatus(deps),
    setPolicy: (policy) => setBackupPolicy(deps, policy),
    create: (destinations) => createVaultBackup(deps, destinations),
    latest: () => latestBackupSummary(deps.db),
    rehearseRestore: () => rehearseLatestBackup(deps),
  };
}

/** Seals one image of the vault under its seed's key, writes and verifies it at each destination, and records it. */
export async function createVaultBackup(deps: BackupDeps, destinations: readonly string[]): Promise<BackupReport> {
  const { db, clock, random, unlock } = deps;
  const vault = requireVault(db);
  const paths = checkDestinations(destinations, db.name);
  // The image's audit head is sealed first: the backup carries a log its vault signed to the end.
  unlock.checkpoint();
  const taken = await takeImage(db, clock, (copy) => ({ vaultId: readVault(copy)?.id ?? null, shares: shareSlots(copy, vault.id) }));
  if (taken.extra.vaultId !== vault.id) throw new AirlockError('internal', 'The database changed vaults while it was being backed up; nothing was written.');
  const sealed = unlock.withSeed((seed) => ({
    ...sealVaultBackup({ ...taken, vaultId: vault.id, shares: taken.extra.shares, seed, random: random.bytes }),
    checkpointKey: checkpointPublicKey(seed),
  }));
  try {
    const expected = { vaultId: vault.id, auditHead: taken.auditHead, checkpointKey: sealed.checkpointKey, rowCounts: taken.rowCounts };
    const copies = writeVerifiedCopies(paths, sealed.file, sealed.key, random, (image) => unlock.withSeed((seed) => verifyImage(image, { ...expected, seed })));
    const record = { madeAt: taken.createdAt, fileHash: copies.fileHash, fileBytes: sealed.file.length, auditHead: taken.auditHead, rowCounts: taken.rowCounts, destinations: copies.verified };
    recordBackup(deps, vault.id, record, paths.length - copies.verified.length);
    unlock.checkpoint();
    return {
      vaultId: vault.id,
      createdAt: taken.createdAt,
      hash: bytesToHex(copies.fileHash),
      hashWords: backupHashWords(copies.fileHash),
      bytes: sealed.file.length,
      auditHead: { count: taken.auditHead.count, hash: bytesToHex(taken.auditHead.hash) },
      destinations: copies.destinations,
      verification: copies.verification,
    };
  } finally {
    sealed.key.dispose();
  }
}

/** The backup's audit entry and its row, in one transaction (the row points at the entry's sequence number). */
function recordBackup({ db, clock }: BackupDeps, vaultId: string, record: Omit<BackupRecord, 'id' | 'recordSeq'>, failed: number): void {
  db.transaction(() => {
    const entry = appendAuditEntry(db, {
      at: clock.now(),
      actor: 'vault',
      action: 'vault-backup-written',
      details: {
        vault: vaultId,
        backup: bytesToHex(record.fileHash),
        words: backupHashWords(record.fileHash),
        bytes: record.fileBytes,
        auditCount: record.auditHead.count,
        destinations: record.destinations.join('; '),
        failed,
      },
    });
    insertBackup(db, vaultId, { ...record, recordSeq: entry.seq });
  }).immediate();
}

/** The backup policy, the latest backup and its age, changes since, when the next is due, and the recent history. */
export function backupStatus({ db, clock }: BackupDeps): BackupStatus {
  const vault = requireVault(db);
  const policy = readBackupPolicy(db, vault.id);
  const latest = latestBackup(db, vault.id);
  const changesSince = latest ? countChangesAfter(db, latest.recordSeq, ROUTINE_ACTIONS) : 0;
  const standing = backupStanding({ latest, changesSince, vaultCreatedAt: vault.createdAt }, policy, clock.now());
  return {
    policy,
    latest: latest ? { ...summaryOf(latest), ageSeconds: standing.ageSeconds ?? 0 } : null,
    changesSince,
    dueAt: standing.dueAt,
    overdue: standing.overdue,
    history: listBackups(db, vault.id, 20).map(summaryOf),
  };
}

/** Checks and stores the backup policy (audited in the same transaction); returns it as stored. */
export function setBackupPolicy({ db, clock }: BackupDeps, policy: BackupPolicy): BackupPolicy {
  const vault = requireVault(db);
  const problem = backupPolicyProblem(policy);
  if (problem) throw new AirlockError('policy-invalid', problem);
  db.transaction(() => {
    writeBackupPolicy(db, vault.id, policy, clock.now());
    appendAuditEntry(db, { at: clock.now(), actor: 'vault', action: 'backup-policy-set', details: { vault: vault.id, ...policy } });
  }).immediate();
  return readBackupPolicy(db, vault.id);
}

/** The latest verified backup of this database's vault; null without a vault or a backup. */
export function latestBackupSummary(db: Db): BackupSummary | null {
  const vault = readVault(db);
  const record = vault ? latestBackup(db, vault.id) : null;
  return record ? summaryOf(record) : null;
}

/** The drill step: the latest backup restored into a temporary vault and verified. */
export function rehearseLatestBackup({ db, unlock }: BackupDeps): Promise<string> {
  const vault = requireVault(db);
  return rehearseRestore({ db, unlock, vault, latest: latestBackup(db, vault.id) });
}

export function summaryOf(record: BackupRecord): BackupSummary {
  return {
    madeAt: record.madeAt,
    hash: bytesToHex(record.fileHash),
    hashWords: backupHashWords(record.fileHash),
    bytes: record.fileBytes,
    auditCount: record.auditHead.count,
    destinations: record.destinations,
  };
}

/** The holders' sealed shares as the image holds them, by place, without names. */
function shareSlots(copy: Db, vaultId: string): ShareSlot[] {
  return readHolders(copy, vaultId).map((holder) => {
    const share = readShare(copy, holder.id);
    if (!share) throw new AirlockError('share-missing', `${holder.name}'s share is missing from the database; the backup was not made.`);
    return { group: holder.groupIndex, member: holder.memberIndex, envelope: share.envelope };
  });
}
