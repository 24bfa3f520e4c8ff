// The drill's backup step: restores are tested, not assumed. The latest recorded backup is found at one of the places
// it was written, opened with the unlocked vault's seed, restored into a temporary vault (upgraded if it is older) and
// verified there as a restore would verify it; its audit head must still be in this vault's log. Nothing is kept.
import { sha256 } from '@noble/hashes/sha2.js';
import { checkpointPublicKey } from '../../../shared/audit/checkpoint';
import { backupHashWords, decodeBackupFile } from '../../../shared/backup/file';
import { openBackupImageOnce, vaultKeyFromSeed } from '../../../shared/backup/sealing';
import { constantTimeEqual } from '../../../shared/crypto/secret';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import { readAuditHash } from '../../db/audit';
import type { BackupRecord } from '../../db/backups';
import type { Db } from '../../db/connection';
import type { VaultRecord } from '../../db/vault';
import type { UnlockService } from '../custody/unlock';
import { readBackupBytes } from './files';
import { withRestoredImage } from './image';
import { verifyImage } from './verify';

interface RehearsalDeps {
  db: Db;
  unlock: UnlockService;
  vault: VaultRecord;
  latest: BackupRecord | null;
}

/** Returns what was proven, or a note when there is no backup yet; throws with the reason a restore would fail. */
export async function rehearseRestore({ db, unlock, vault, latest }: RehearsalDeps): Promise<string> {
  if (!latest) return 'No backup of this vault is recorded yet, so there was nothing to restore. Make one in Backup.';
  const label = `The latest backup (${new Date(latest.madeAt).toISOString()}, ${backupHashWords(latest.fileHash)})`;
  const { bytes, path } = findCopy(latest, label);
  const image = openWithSeed(unlock, bytes, vault.id);
  const verdict = await withRestoredImage(db.name, image, (restored) =>
    unlock.withSeed((seed) =>
      verifyImage(restored, { vaultId: vault.id, auditHead: latest.auditHead, checkpointKey: checkpointPublicKey(seed), seed, rowCounts: latest.rowCounts }),
    ),
  );
  const held = readAuditHash(db, latest.auditHead.count);
  if (!held || !constantTimeEqual(held, latest.auditHead.hash)) {
    throw new AirlockError('backup-not-in-history', `${label} holds an audit log this vault's log no longer contains at entry ${latest.auditHead.count}: one of them was rewritten.`);
  }
  return `Restored ${label.replace(/^The /, 'the ')} from ${path} into a temporary vault: integrity checked, ${verdict.auditEntries} audit entries and ${verdict.checkpointsVerified} signed checkpoints verified, ${verdict.addressesDerived} addresses derived again.`;
}

/** The first destination that still holds the very file that was written (same SHA-256). */
function findCopy(latest: BackupRecord, label: string): { bytes: Uint8Array; path: string } {
  const problems: string[] = [];
  for (const path of latest.destinations) {
    try {
      const bytes = readBackupBytes(path);
      if (constantTimeEqual(sha256(bytes), latest.fileHash)) return { bytes, path };
      problems.push(`${path} holds another file`);
    } catch (error) {
      if (!isAirlockError(error)) throw error;
      problems.push(`${path}: ${error.code}`);
    }
  }
  throw new AirlockError(
    'backup-copy-missing',
    `${label} is not at any place it was written to (${problems.join('; ')}). Plug in the media it is on, or make a new backup and drill again.`,
  );
}

/** A backup file of this vault opened with the unlocked vault's seed. */
function openWithSeed(unlock: UnlockService, bytes: Uint8Array, vaultId: string): Uint8Array {
  const file = decodeBackupFile(bytes);
  const header = file.header;
  if (header.kind !== 'vault' || header.vaultId !== vaultId) throw new AirlockError('backup-other-vault', 'The recorded backup file is not a backup of this vault.');
  const key = unlock.withSeed((seed) => vaultKeyFromSeed(header, seed));
  if (!key) throw new AirlockError('backup-key-mismatch', "This vault's key does not open its recorded backup although the file names this vault: the file was altered.");
  return openBackupImageOnce(file, key);
}
