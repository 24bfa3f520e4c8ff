// Writing one sealed backup to every destination and proving each copy: written to a temporary file beside it, read
// back from the disk, its SHA-256 compared, decrypted and the database inside checked, and only then renamed over the
// previous backup there. A copy that fails is reported with its reason and replaces nothing; the others stand. Used by
// the vault's backups and the relay's alike.
import { sha256 } from '@noble/hashes/sha2.js';
import { decodeBackupFile } from '../../../shared/backup/file';
import { openBackupImage } from '../../../shared/backup/sealing';
import { constantTimeEqual, type SecretBytes } from '../../../shared/crypto/secret';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import type { Db } from '../../db/connection';
import { openImageInMemory } from '../../db/image';
import type { Random } from '../deps';
import { checkDestination, readBackupBytes, writeFileAtomically } from './files';
import type { ImageVerdict } from './verify';

const MAX_DESTINATIONS = 8;

export interface DestinationResult {
  path: string;
  verified: boolean;
  /** Why this copy failed, when it did. */
  error?: { code: string; message: string };
}

export interface CopiesWritten {
  fileHash: Uint8Array;
  destinations: DestinationResult[];
  /** The paths that were written and verified. */
  verified: string[];
  verification: ImageVerdict;
}

/** Absolute, distinct file paths in existing folders, none the database itself; 1 to 8 of them. */
export function checkDestinations(destinations: readonly string[], databasePath: string): string[] {
  if (destinations.length === 0) throw new AirlockError('backup-destination-invalid', 'Choose at least one place to write the backup (removable media, kept apart from this computer).');
  if (destinations.length > MAX_DESTINATIONS) throw new AirlockError('backup-destination-invalid', `Write at most ${MAX_DESTINATIONS} copies at once.`);
  const paths = destinations.map((d) => checkDestination(d, databasePath));
  if (new Set(paths).size !== paths.length) throw new AirlockError('backup-destination-invalid', 'The same destination is listed twice; each copy needs its own place.');
  return paths;
}

/**
 * Writes `file` to each path and verifies each copy with `check` over the database read back from it. Throws when
 * no copy could be written and verified.
 */
export function writeVerifiedCopies(paths: readonly string[], file: Uint8Array, key: SecretBytes, random: Random, check: (image: Db) => ImageVerdict): CopiesWritten {
  const fileHash = sha256(file);
  const destinations: DestinationResult[] = [];
  let verification: ImageVerdict | null = null;
  for (const path of paths) {
    try {
      writeFileAtomically(path, file, random.bytes(6), (written) => (verification = verifyCopy(readBackupBytes(written), fileHash, key, check)));
      destinations.push({ path, verified: true });
    } catch (error) {
      if (!isAirlockError(error)) throw error;
      destinations.push({ path, verified: false, error: { code: error.code, message: `The copy at ${path} failed: ${error.message}` } });
    }
  }
  if (!verification) {
    const first = destinations[0]!.error!;
    throw new AirlockError(first.code, `No copy of the backup could be written and verified. ${first.message}`);
  }
  return { fileHash, destinations, verified: destinations.filter((d) => d.verified).map((d) => d.path), verification };
}

function verifyCopy(bytes: Uint8Array, fileHash: Uint8Array, key: SecretBytes, check: (image: Db) => ImageVerdict): ImageVerdict {
  if (!constantTimeEqual(sha256(bytes), fileHash)) {
    throw new AirlockError('backup-readback-differs', 'what was read back is not what was written: the media is failing, or was removed while writing.');
  }
  const image = openImageInMemory(openBackupImage(decodeBackupFile(bytes), key));
  try {
    return check(image);
  } finally {
    image.close();
  }
}
