// Whole backups sealed and opened: the vault's (key from its seed, the holders' sealed shares in the header) and the
// relay's (key from its own passphrase). The image is the database file as SQLite's online backup wrote it.
import { DEFAULT_KDF, type KdfParams } from '../crypto/envelope';
import type { SecretBytes } from '../crypto/secret';
import { AirlockError } from '../errors';
import { bodyBytesFor, encodeBackupFile, type BackupFile, type RelayBackupHeader, type ShareSlot, type VaultBackupHeader } from './file';
import { BACKUP_NONCE_BYTES, BACKUP_SALT_BYTES, backupKeyCheck, keyOpensBackup, openImage, relayBackupKey, sealImage, vaultBackupKey } from './seal';

/** What the header says of the image, read from the image itself. */
export interface ImageFacts {
  image: Uint8Array;
  createdAt: number;
  schema: number;
  auditHead: { count: number; hash: Uint8Array };
}

type RandomBytes = (length: number) => Uint8Array;

/** Seals a vault's image; returns the file and its key (for the verification after writing; dispose it). */
export function sealVaultBackup(input: ImageFacts & { vaultId: string; shares: ShareSlot[]; seed: Uint8Array; random: RandomBytes }): { file: Uint8Array; key: SecretBytes } {
  const salt = exactly(input.random, BACKUP_SALT_BYTES);
  const nonce = exactly(input.random, BACKUP_NONCE_BYTES);
  const key = vaultBackupKey(input.seed, input.vaultId, salt);
  try {
    const header: VaultBackupHeader = {
      kind: 'vault',
      vaultId: input.vaultId,
      ...facts(input, nonce),
      key: { salt, check: backupKeyCheck(key) },
      shares: input.shares,
    };
    return { file: encodeBackupFile(header, (ad) => sealImage(key, nonce, ad, input.image)), key };
  } catch (error) {
    key.dispose();
    throw error;
  }
}

/** This backup's key as `seed` derives it, or null when the seed is not this backup's vault's. */
export function vaultKeyFromSeed(header: VaultBackupHeader, seed: Uint8Array): SecretBytes | null {
  const key = vaultBackupKey(seed, header.vaultId, header.key.salt);
  if (keyOpensBackup(key, header.key.check)) return key;
  key.dispose();
  return null;
}

/** Seals a relay's image under its passphrase; returns the file and its key (for the verification; dispose it). */
export async function sealRelayBackup(input: ImageFacts & { passphrase: string; random: RandomBytes; kdf?: KdfParams }): Promise<{ file: Uint8Array; key: SecretBytes }> {
  const salt = exactly(input.random, BACKUP_SALT_BYTES);
  const nonce = exactly(input.random, BACKUP_NONCE_BYTES);
  const kdf = input.kdf ?? DEFAULT_KDF;
  const key = await relayBackupKey(input.passphrase, kdf, salt, true);
  try {
    const header: RelayBackupHeader = { kind: 'relay', ...facts(input, nonce), key: { kdf, salt, check: backupKeyCheck(key) } };
    return { file: encodeBackupFile(header, (ad) => sealImage(key, nonce, ad, input.image)), key };
  } catch (error) {
    key.dispose();
    throw error;
  }
}

/** The relay backup's key from its passphrase; a wrong one is `backup-passphrase-wrong` (the header is untouched). */
export async function relayKeyFromPassphrase(header: RelayBackupHeader, passphrase: string): Promise<SecretBytes> {
  const key = await relayBackupKey(passphrase, header.key.kdf, header.key.salt, false);
  if (keyOpensBackup(key, header.key.check)) return key;
  key.dispose();
  throw new AirlockError('backup-passphrase-wrong', 'That passphrase does not open this relay backup. Check Caps Lock and the keyboard layout, then try again.');
}

/** The image, authenticated with the header. */
export function openBackupImage(file: BackupFile, key: SecretBytes): Uint8Array {
  return openImage(key, file.header.nonce, file.associatedData, file.body);
}

/** The same, for a key needed once: it is wiped whatever happens. */
export function openBackupImageOnce(file: BackupFile, key: SecretBytes): Uint8Array {
  try {
    return openBackupImage(file, key);
  } finally {
    key.dispose();
  }
}

function facts(input: ImageFacts, nonce: Uint8Array) {
  return { createdAt: input.createdAt, schema: input.schema, auditHead: input.auditHead, nonce, bodyBytes: bodyBytesFor(input.image.length) };
}

function exactly(random: RandomBytes, length: number): Uint8Array {
  const bytes = random(length);
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) throw new AirlockError('internal', 'The random number generator returned too few bytes.');
  return new Uint8Array(bytes);
}
