// Backup files on disk: written atomically (a temporary file beside the destination, flushed, checked, renamed over it,
// the folder flushed), so a crash, a kill -9 or a copy that fails its check leaves the previous backup whole; read back
// with a size cap; and the private folder where a database image lives while it is copied, sealed or checked.
import { closeSync, fsyncSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { bytesToHex } from '../../../shared/bytes';
import { MAX_BACKUP_BYTES } from '../../../shared/backup/file';
import { AirlockError } from '../../../shared/errors';

const PARTIAL_SUFFIX = '.partial';
const IMAGE_FOLDER_PREFIX = '.airlock-image-';
/** A private image folder this old was left by a process that died; a newer one may be another's, in use. */
const STALE_IMAGE_FOLDER_MS = 60 * 60 * 1000;

/**
 * Writes `bytes` to `path` so that `path` is at every moment either the old file or the whole new one. `check` reads
 * the flushed temporary file back before it replaces anything: a copy that fails it is removed, the old file stays.
 */
export function writeFileAtomically(path: string, bytes: Uint8Array, suffix: Uint8Array, check: (written: string) => void = () => {}): void {
  const folder = dirname(path);
  removePartials(path);
  const partial = join(folder, `.${basename(path)}.${bytesToHex(suffix)}${PARTIAL_SUFFIX}`);
  try {
    const fd = openSync(partial, 'wx', 0o600);
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    check(partial);
    renameSync(partial, path);
  } catch (error) {
    try {
      rmSync(partial, { force: true });
    } catch {
      // Never created (its name was refused): nothing to remove.
    }
    throw fileError(error, path, 'write');
  }
  flushFolder(folder);
}

/** The whole file, refused early when it is larger than any backup can be. */
export function readBackupBytes(path: string): Uint8Array {
  try {
    const size = statSync(path).size;
    if (size > MAX_BACKUP_BYTES) {
      throw new AirlockError('backup-not-recognized', `The file ${basename(path)} is ${size} bytes, larger than any Airlock backup can be. Choose the .airlock-backup file the vault wrote.`);
    }
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw fileError(error, path, 'read');
  }
}

/** A destination a person or a script named: absolute, in an existing folder, not the database itself. */
export function checkDestination(path: string, databasePath: string): string {
  if (typeof path !== 'string' || !path.trim() || path.includes('\0') || !isAbsolute(path.trim())) {
    throw new AirlockError('backup-destination-invalid', 'Each backup destination must be a full path to a file, such as /media/usb/vault.airlock-backup.');
  }
  const full = resolve(path.trim());
  const database = resolve(databasePath);
  if ([database, `${database}-wal`, `${database}-shm`].includes(full)) {
    throw new AirlockError('backup-destination-invalid', 'A backup cannot be written over the vault database itself. Choose a file on removable media.');
  }
  if (!isFolder(dirname(full))) throw new AirlockError('backup-destination-invalid', `The folder ${dirname(full)} does not exist: plug in the media, or choose another place.`, { path: full });
  if (isFolder(full)) throw new AirlockError('backup-destination-invalid', `The destination ${full} is a folder: give a file name inside it.`, { path: full });
  return full;
}

/** Runs `fn` with a private folder (0700) beside the database, removed afterwards whatever happens. */
export async function withImageFolder<T>(databasePath: string, fn: (folder: string) => Promise<T> | T): Promise<T> {
  const parent = dirname(resolve(databasePath));
  removeStaleImageFolders(parent);
  const folder = mkdtempSync(join(parent, IMAGE_FOLDER_PREFIX));
  try {
    return await fn(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The partial files an interrupted write to `path` left (never the file itself). */
function removePartials(path: string): void {
  const prefix = `.${basename(path)}.`;
  for (const name of safeList(dirname(path))) {
    if (name.startsWith(prefix) && name.endsWith(PARTIAL_SUFFIX)) rmSync(join(dirname(path), name), { force: true });
  }
}

/** Image folders a killed process left: they hold a copy of the database, no more readable than the database. */
function removeStaleImageFolders(parent: string): void {
  for (const name of safeList(parent)) {
    if (!name.startsWith(IMAGE_FOLDER_PREFIX)) continue;
    const path = join(parent, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_IMAGE_FOLDER_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
}

/** The rename is durable only once the folder's entry is on disk (POSIX; Windows cannot open a folder for this). */
function flushFolder(folder: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function fileError(error: unknown, path: string, doing: 'read' | 'write'): unknown {
  if (error instanceof AirlockError) return error;
  const code = (error as { code?: unknown }).code;
  const where = { path };
  switch (code) {
    case 'ENOENT':
      return new AirlockError('backup-file-missing', doing === 'read' ? `There is no file at ${path}. Check the path, or plug in the media it is on.` : `The folder of ${path} is gone: was the media removed?`, where);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new AirlockError('backup-file-forbidden', `Airlock may not ${doing} ${path}: the media is read-only or the file's permissions forbid it.`, where);
    case 'ENOSPC':
    case 'EDQUOT':
      return new AirlockError('backup-disk-full', `There is not enough space to write the backup to ${path}. The previous file there, if any, is unchanged; free space or choose other media.`, where);
    case 'ENAMETOOLONG':
      return new AirlockError('backup-destination-invalid', `The name ${basename(path).slice(0, 40)}… is too long for this media. Choose a shorter file name.`, where);
    case 'ENOTDIR':
    case 'EISDIR':
      return new AirlockError('backup-destination-invalid', `The path ${path} is not a place a file can be ${doing === 'read' ? 'read from' : 'written to'}.`, where);
    case 'EIO':
      return new AirlockError('backup-file-unreadable', `The media failed while Airlock tried to ${doing} ${path} (input/output error). Use other media.`, where);
    default:
      return error;
  }
}
