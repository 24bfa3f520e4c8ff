// Restoring a vault from its backup into a database that holds none (a new laptop's first run, or `vault restore`).
// A quorum rebuilds the master secret: holders open their sealed shares carried in the backup's header with their
// passphrases, or bring their paper shares' words. Only the key the rebuilt seed derives opens the file. The image is
// then verified in a temporary vault (integrity, audit chain and every checkpoint under the vault's key, every address
// derived again, each holder's share matched to their name) before it replaces this database's content in one
// transaction that also appends "restored from backup <hash>" to the restored log, sealed by a checkpoint.
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { bytesToHex } from '../../../shared/bytes';
import { checkpointPublicKey, withCheckpointKey } from '../../../shared/audit/checkpoint';
import { backupHashWords, backupIsExpected, decodeBackupFile, type BackupFile, type VaultBackupHeader } from '../../../shared/backup/file';
import { openBackupImageOnce, vaultKeyFromSeed } from '../../../shared/backup/sealing';
import { openShareSlot } from '../../../shared/backup/share-slots';
import { SecretBytes } from '../../../shared/crypto/secret';
import { combineMnemonics } from '../../../shared/crypto/slip39';
import { seedFromBip39, seedFromSlip39MasterSecret } from '../../../shared/crypto/seed';
import { normalizeMnemonic } from '../../../shared/custody/share-binding';
import { AirlockError } from '../../../shared/errors';
import { appendAuditEntry, readCheckpointKey } from '../../db/audit';
import type { Db } from '../../db/connection';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import { replaceContent, rowCounts } from '../../db/image';
import { readAccounts, readHolders, readVault } from '../../db/vault';
import { storeCheckpointKey, writeCheckpoint } from '../audit';
import { platformKdf, platformPbkdf2, type Clock } from '../deps';
import type { NetworkService } from '../airgap/network';
import { checkPaperShare } from '../custody/share-check';
import { readBackupBytes } from './files';
import { withRestoredImage } from './image';
import { verifyImage, type ImageVerdict } from './verify';

export type RestoringHolder = { name: string; passphrase: string } | { name: string; words: string };

export interface RestoreRequest {
  holders: readonly RestoringHolder[];
  slip39Passphrase?: string;
  bip39Passphrase?: string;
  /** The latest backup as the holders recorded it (its hash or four words): any other copy, older ones too, is refused. */
  expect?: string;
}

/** What a backup file says of itself, before any secret: for choosing the right file. */
export interface BackupInspection {
  kind: 'vault' | 'relay';
  vaultId: string | null;
  createdAt: number;
  auditCount: number;
  schema: number;
  holders: number | null;
  bytes: number;
  hash: string;
  hashWords: string;
}

export interface RestoreReport {
  vault: { id: string; name: string };
  backup: { hash: string; hashWords: string; createdAt: number; auditCount: number };
  holders: string[];
  accounts: Array<{ path: string; address: string; label: string }>;
  verification: ImageVerdict;
}

export interface RestoreService {
  inspect(path: string): BackupInspection;
  restore(path: string, request: RestoreRequest): Promise<RestoreReport>;
}

interface OpenedShare {
  name: string;
  words: SecretBytes;
  /** The header slot a passphrase opened; null for a paper share. */
  slot: { group: number; member: number } | null;
}

/** What a backup file says of itself and whether it is whole (its checksum); no key, no database. */
export function inspectBackup(path: string): BackupInspection {
  const bytes = readBackupBytes(path);
  const { header, fileHash } = decodeBackupFile(bytes);
  return {
    kind: header.kind,
    vaultId: header.kind === 'vault' ? header.vaultId : null,
    createdAt: header.createdAt,
    auditCount: header.auditHead.count,
    schema: header.schema,
    holders: header.kind === 'vault' ? header.shares.length : null,
    bytes: bytes.length,
    hash: bytesToHex(fileHash),
    hashWords: backupHashWords(fileHash),
  };
}

export interface RestoreDeps {
  db: Db;
  clock: Clock;
  network: NetworkService;
}

export function createRestoreService(deps: RestoreDeps): RestoreService {
  return { inspect: inspectBackup, restore: (path, request) => restoreVault(deps, path, request) };
}

/** A vault backup restored into this empty database: opened with a quorum of shares, verified, audited and sealed. */
export async function restoreVault(deps: RestoreDeps, path: string, request: RestoreRequest): Promise<RestoreReport> {
  const file = vaultBackup(decodeBackupFile(readBackupBytes(path)));
  if (request.expect !== undefined) refuseUnexpected(file, request.expect);
  refuseOccupied(deps.db);
  const shares = await openShares(file.header, request.holders);
  try {
    const seed = await seedOpening(file.header, shares, request);
    try {
      return await seed.use((bytes) => restoreWith(deps, file, bytes, shares));
    } finally {
      seed.dispose();
    }
  } finally {
    for (const share of shares) share.words.dispose();
  }
}

function vaultBackup(file: BackupFile): BackupFile & { header: VaultBackupHeader } {
  if (file.header.kind !== 'vault') throw new AirlockError('backup-kind-wrong', 'This is a backup of a relay, not of a vault. Restore it with `airlock relay restore`.');
  if (file.header.schema > LATEST_SCHEMA_VERSION) {
    throw new AirlockError(
      'backup-format-newer',
      `This backup was made by a newer Airlock (database schema ${file.header.schema}; this one knows up to ${LATEST_SCHEMA_VERSION}). Restore it with that version or a newer one. Nothing was changed.`,
    );
  }
  return file as BackupFile & { header: VaultBackupHeader };
}

/** A genuine older copy authenticates like the newest; the holders' record of the latest is what tells them apart. */
function refuseUnexpected(file: BackupFile & { header: VaultBackupHeader }, expected: string): void {
  if (backupIsExpected(file.fileHash, expected)) return;
  throw new AirlockError(
    'backup-not-expected',
    `This is not the backup you expected: this file (${backupHashWords(file.fileHash)}) says it was made at ${new Date(file.header.createdAt).toISOString()} with ${file.header.auditHead.count} audit entries. ` +
      'An older copy would bring back an older vault (a revoked pairing, a removed holder, missing drafts). Find the copy whose hash or words match your record of the latest backup. Nothing was restored.',
    { createdAt: file.header.createdAt, auditCount: file.header.auditHead.count },
  );
}

/** Before any share is opened, and again in the transaction that replaces the rows (a vault made meanwhile stays). */
function refuseOccupied(db: Db): void {
  const present = readVault(db);
  if (present) {
    throw new AirlockError(
      'restore-target-not-empty',
      `This database already holds the vault "${present.name}". A backup is restored into a database without a vault: a new file, or a new laptop's first run. Nothing was changed.`,
    );
  }
  // A relay's database (its device key is there): counted by table, since the vault loads no relay module (H-26).
  if ((rowCounts(db).relay_identity ?? 0) > 0) throw new AirlockError('restore-target-not-empty', "This database is a relay's (it holds the relay's key). Restore the vault into a new file. Nothing was changed.");
}

/** Each holder's share: opened from the header with their passphrase, or typed from their card. */
async function openShares(header: VaultBackupHeader, holders: readonly RestoringHolder[]): Promise<OpenedShare[]> {
  const names = new Set<string>();
  const claimed = new Set<number>();
  const opened: OpenedShare[] = [];
  try {
    for (const holder of holders) {
      const key = holder.name.trim().toLowerCase();
      if (!key || names.has(key)) throw new AirlockError('holder-already-present', `${holder.name.trim().slice(0, 64) || 'A holder without a name'} is listed twice, or without a name: each holder brings their own share once.`);
      names.add(key);
      if ('words' in holder) {
        opened.push({ name: holder.name.trim(), words: new SecretBytes(new TextEncoder().encode(normalizeMnemonic(holder.words))), slot: null });
        continue;
      }
      const slot = await openShareSlot(header.shares, claimed, { vaultId: header.vaultId, holderName: holder.name }, holder.passphrase, platformKdf);
      claimed.add(slot.index);
      const place = header.shares[slot.index]!;
      opened.push({ name: holder.name.trim(), words: slot.words, slot: { group: place.group, member: place.member } });
    }
    return opened;
  } catch (error) {
    for (const share of opened) share.words.dispose();
    throw error;
  }
}

/** The seed whose key opens this backup (SLIP-39 master secret as seed, or the BIP-39 seed of its entropy). */
async function seedOpening(header: VaultBackupHeader, shares: readonly OpenedShare[], request: RestoreRequest): Promise<SecretBytes> {
  const decoder = new TextDecoder();
  const masterSecret = await combineMnemonics(
    shares.map((s) => s.words.use((w) => decoder.decode(w))),
    request.slip39Passphrase ?? '',
    { pbkdf2: platformPbkdf2 },
  );
  try {
    const candidates: Array<() => Promise<Uint8Array>> = [async () => seedFromSlip39MasterSecret(masterSecret)];
    if ([16, 20, 24, 28, 32].includes(masterSecret.length)) candidates.push(() => seedFromBip39(entropyToMnemonic(masterSecret, wordlist), request.bip39Passphrase ?? ''));
    for (const candidate of candidates) {
      const seed = await candidate();
      const key = vaultKeyFromSeed(header, seed);
      if (key) {
        key.dispose();
        return new SecretBytes(seed);
      }
      seed.fill(0);
    }
  } finally {
    masterSecret.fill(0);
  }
  throw new AirlockError(
    'backup-key-mismatch',
    'These shares rebuild a key, but not the key of this backup: they belong to another vault, or a SLIP-39 or BIP-39 passphrase is wrong. Nothing was restored.',
  );
}

async function restoreWith({ db, clock, network }: RestoreDeps, file: BackupFile & { header: VaultBackupHeader }, seed: Uint8Array, shares: readonly OpenedShare[]): Promise<RestoreReport> {
  const header = file.header;
  const image = openBackupImageOnce(file, vaultKeyFromSeed(header, seed)!);
  return withRestoredImage(db.name, image, (restored, restoredPath) => {
    const checkpointKey = checkpointPublicKey(seed);
    const verification = verifyImage(restored, { vaultId: header.vaultId, auditHead: header.auditHead, checkpointKey, seed });
    const vault = readVault(restored)!;
    const holders = matchHolders(restored, vault, shares);
    refuseOnline(network, vault.allowOnlineSigning);
    const accounts = readAccounts(restored, vault.id).map((a) => ({ path: a.path, address: a.address, label: a.label }));
    restored.close();
    const fileHash = bytesToHex(file.fileHash);
    replaceContent(db, restoredPath, () => refuseOccupied(db), () => {
      const at = clock.now();
      appendAuditEntry(db, {
        at,
        actor: 'vault',
        action: 'vault-restored-from-backup',
        details: { vault: vault.id, backup: fileHash, words: backupHashWords(file.fileHash), backupCreatedAt: header.createdAt, auditCount: header.auditHead.count, holders: holders.join(', ') },
      });
      // SECURITY(H-25): the restored log continues under the vault's own key, sealed from here on.
      withCheckpointKey(seed, (checkpoint) => {
        if (!readCheckpointKey(db, vault.id)) storeCheckpointKey(db, at, vault.id, checkpoint.publicKey);
        writeCheckpoint(db, vault.id, checkpoint);
      });
    });
    return {
      vault: { id: vault.id, name: vault.name },
      backup: { hash: fileHash, hashWords: backupHashWords(file.fileHash), createdAt: header.createdAt, auditCount: header.auditHead.count },
      holders,
      accounts,
      verification,
    };
  });
}

/** Each name must be the holder whose share was presented: a passphrase's slot is their place, a card their commitment. */
function matchHolders(restored: Db, vault: NonNullable<ReturnType<typeof readVault>>, shares: readonly OpenedShare[]): string[] {
  const holders = readHolders(restored, vault.id);
  return shares.map((share) => {
    const holder = share.slot
      ? holders.find((h) => h.groupIndex === share.slot!.group && h.memberIndex === share.slot!.member)
      : holders.find((h) => h.name.toLowerCase() === share.name.toLowerCase());
    if (!holder) throw new AirlockError('holder-unknown', `No holder called "${share.name.slice(0, 64)}" keeps a share of the vault in this backup. Nothing was restored.`);
    if (!share.slot) share.words.use((w) => checkPaperShare(restored, vault, holder, new TextDecoder().decode(w)));
    return holder.name;
  });
}

/** SECURITY(H-27): a restore signs a checkpoint with the rebuilt key, so it follows the restored vault's own setting. */
function refuseOnline(network: NetworkService, allowOnlineSigning: boolean): void {
  const up = network.status().interfaces.map((i) => i.name);
  if (up.length === 0 || allowOnlineSigning) return;
  throw new AirlockError(
    'vault-online',
    `This computer is connected to a network (${[...new Set(up)].join(', ')}). A vault is restored only while air-gapped: disconnect Wi-Fi and Ethernet, then try again. Nothing was restored.`,
    { interfaces: [...new Set(up)].join(', ') },
  );
}
