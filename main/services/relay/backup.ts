// The relay's own backup: its device key (the identity vaults have pinned) and its broadcast queue, in one image of its
// database sealed under a passphrase of its own (the relay holds no custody secret, so no quorum is involved), written
// and verified like a vault's backup, and restored into a database that holds no relay key yet.
import { bytesToHex } from '../../../shared/bytes';
import { backupHashWords, decodeBackupFile, type RelayBackupHeader } from '../../../shared/backup/file';
import { openBackupImageOnce, relayKeyFromPassphrase, sealRelayBackup } from '../../../shared/backup/sealing';
import { AirlockError } from '../../../shared/errors';
import { appendAuditEntry } from '../../db/audit';
import type { Db } from '../../db/connection';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import { replaceContent } from '../../db/image';
import { listBroadcasts, readRelayIdentity } from '../../db/relay';
import { readVault } from '../../db/vault';
import { checkDestinations, writeVerifiedCopies, type DestinationResult } from '../backup/copies';
import { readBackupBytes } from '../backup/files';
import { takeImage, withRestoredImage } from '../backup/image';
import { verifyImage, type ImageVerdict } from '../backup/verify';
import type { Clock, Random } from '../deps';
import { relayKeyView } from './identity';

const MIN_PASSPHRASE = 8;

export interface RelayBackupReport {
  hash: string;
  hashWords: string;
  bytes: number;
  createdAt: number;
  relayKey: string | null;
  destinations: DestinationResult[];
  verification: ImageVerdict;
}

export interface RelayRestoreReport {
  relayKey: string | null;
  fingerprint: string | null;
  broadcasts: number;
  backup: { hash: string; hashWords: string; createdAt: number };
  verification: ImageVerdict;
}

export interface RelayBackupService {
  create(destinations: readonly string[], passphrase: string): Promise<RelayBackupReport>;
  restore(path: string, passphrase: string): Promise<RelayRestoreReport>;
}

/** What the relay backup functions work with: the relay's database, its clock and randomness. */
export interface RelayBackupDeps {
  db: Db;
  clock: Clock;
  random: Random;
}

/** The relay backup functions bound to their dependencies, for the bridge and the CLI. */
export function createRelayBackupService(deps: RelayBackupDeps): RelayBackupService {
  return {
    create: (destinations, passphrase) => createRelayBackup(deps, destinations, passphrase),
    restore: (path, passphrase) => restoreRelayBackup(deps, path, passphrase),
  };
}

/** Seals one image of the relay's database under its passphrase, writes and verifies it at each destination (audited). */
export async function createRelayBackup({ db, clock, random }: RelayBackupDeps, destinations: readonly string[], passphrase: string): Promise<RelayBackupReport> {
  if (typeof passphrase !== 'string' || passphrase.length < MIN_PASSPHRASE) {
    throw new AirlockError('passphrase-too-short', `The relay backup's passphrase is too short: use at least ${MIN_PASSPHRASE} characters (a few words is best).`);
  }
  const paths = checkDestinations(destinations, db.name);
  const taken = await takeImage(db, clock, (copy) => readRelayIdentity(copy));
  const sealed = await sealRelayBackup({ ...taken, passphrase, random: random.bytes });
  try {
    const expected = { vaultId: null, auditHead: taken.auditHead, checkpointKey: null, rowCounts: taken.rowCounts };
    const copies = writeVerifiedCopies(paths, sealed.file, sealed.key, random, (image) => verifyImage(image, expected));
    const relayKey = taken.extra ? relayKeyView(taken.extra).relayKey : null;
    db.transaction(() =>
      appendAuditEntry(db, {
        at: clock.now(),
        actor: 'relay',
        action: 'relay-backup-written',
        details: { backup: bytesToHex(copies.fileHash), words: backupHashWords(copies.fileHash), bytes: sealed.file.length, relayKey, destinations: copies.verified.join('; ') },
      }),
    ).immediate();
    return {
      hash: bytesToHex(copies.fileHash),
      hashWords: backupHashWords(copies.fileHash),
      bytes: sealed.file.length,
      createdAt: taken.createdAt,
      relayKey,
      destinations: copies.destinations,
      verification: copies.verification,
    };
  } finally {
    sealed.key.dispose();
  }
}

/** Opens a relay backup with its passphrase, verifies the image, and puts it in place of this empty database (audited). */
export async function restoreRelayBackup({ db, clock }: RelayBackupDeps, path: string, passphrase: string): Promise<RelayRestoreReport> {
  const file = decodeBackupFile(readBackupBytes(path));
  const header = relayHeader(file.header);
  refuseOccupied(db);
  const image = openBackupImageOnce(file, await relayKeyFromPassphrase(header, passphrase));
  return withRestoredImage(db.name, image, (restored, restoredPath) => {
    const verification = verifyImage(restored, { vaultId: null, auditHead: header.auditHead, checkpointKey: null });
    const identity = readRelayIdentity(restored);
    const view = identity ? relayKeyView(identity) : null;
    restored.close();
    const hash = bytesToHex(file.fileHash);
    replaceContent(db, restoredPath, () => refuseOccupied(db), () =>
      appendAuditEntry(db, {
        at: clock.now(),
        actor: 'relay',
        action: 'relay-restored-from-backup',
        details: { backup: hash, words: backupHashWords(file.fileHash), backupCreatedAt: header.createdAt, relayKey: view?.relayKey ?? null },
      }),
    );
    return {
      relayKey: view?.relayKey ?? null,
      fingerprint: view?.fingerprint ?? null,
      broadcasts: listBroadcasts(db, 10_000).length,
      backup: { hash, hashWords: backupHashWords(file.fileHash), createdAt: header.createdAt },
      verification,
    };
  });
}

/** Checked before the passphrase is stretched, and again in the transaction that replaces the rows. */
function refuseOccupied(db: Db): void {
  if (readRelayIdentity(db) || readVault(db)) {
    throw new AirlockError('restore-target-not-empty', 'This database already holds a relay key or a vault. Restore the relay into a new database file. Nothing was changed.');
  }
}

function relayHeader(header: ReturnType<typeof decodeBackupFile>['header']): RelayBackupHeader {
  if (header.kind !== 'relay') throw new AirlockError('backup-kind-wrong', "This is a backup of a vault, not of a relay. Restore it with `airlock vault restore` and a quorum of the vault's holders.");
  if (header.schema > LATEST_SCHEMA_VERSION) {
    throw new AirlockError('backup-format-newer', `This backup was made by a newer Airlock (database schema ${header.schema}; this one knows up to ${LATEST_SCHEMA_VERSION}). Restore it with that version or a newer one.`);
  }
  return header;
}
