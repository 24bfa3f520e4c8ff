// The keys of a backup and the sealing of its image. A vault's backup key comes from the vault's seed (so only a
// quorum-unlocked vault makes one, and only a quorum of shares opens one); a relay's from its own passphrase.
// A key check in the header tells "these shares or this passphrase are not this backup's" apart from "this file
// was altered", which the AEAD alone cannot.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '../bytes';
import { stretchPassphrase, type KdfParams } from '../crypto/envelope';
import { constantTimeEqual, SecretBytes } from '../crypto/secret';
import { AirlockError } from '../errors';

export const BACKUP_SALT_BYTES = 32;
export const BACKUP_NONCE_BYTES = 24;
const KEY_BYTES = 32;
const CHECK_BYTES = 16;
/**
 * SECURITY: the label that separates the backup key from every other use of the vault's seed (BIP-32 accounts under
 * HMAC-SHA512 "Bitcoin seed", the audit checkpoint key at m/1095324236'/1'/0'). The key it yields protects everything a
 * vault backup holds besides the key itself: holder names and their sealed shares, accounts and addresses, runbooks,
 * pairings, snapshots, drafts, drills and the audit log. HKDF-SHA256 with a fresh random salt per file, the vault id
 * in the info: no two backups share a key, and a key of one vault's backup says nothing of another's.
 */
const VAULT_BACKUP_LABEL = 'airlock vault backup v1';
const KEY_CHECK_LABEL = utf8ToBytes('airlock backup key check v1');

/** 64 bytes: the AEAD key, then the key-check key. The caller disposes it. */
export function vaultBackupKey(seed: Uint8Array, vaultId: string, salt: Uint8Array): SecretBytes {
  if (!(seed instanceof Uint8Array) || seed.length < 16) throw new TypeError('expected a seed of at least 16 bytes');
  if (salt.length !== BACKUP_SALT_BYTES) throw new RangeError(`expected a ${BACKUP_SALT_BYTES}-byte salt`);
  const info = concatBytes(utf8ToBytes(VAULT_BACKUP_LABEL), new Uint8Array([0]), utf8ToBytes(vaultId));
  return new SecretBytes(hkdf(sha256, seed, salt, info, KEY_BYTES * 2));
}

/** The relay's backup key: its passphrase stretched as a share's envelope stretches a holder's (scrypt by default). */
export function relayBackupKey(passphrase: string, kdf: KdfParams, salt: Uint8Array, sealing: boolean): Promise<SecretBytes> {
  return stretchPassphrase(kdf, passphrase, salt, sealing);
}

/** The 16 bytes stored in the header: an HMAC under the second half of the key, independent of the header. */
export function backupKeyCheck(key: SecretBytes): Uint8Array {
  return key.use((bytes) => hmac(sha256, bytes.subarray(KEY_BYTES), KEY_CHECK_LABEL).slice(0, CHECK_BYTES));
}

export function keyOpensBackup(key: SecretBytes, check: Uint8Array): boolean {
  return constantTimeEqual(backupKeyCheck(key), check);
}

export function sealImage(key: SecretBytes, nonce: Uint8Array, associatedData: Uint8Array, image: Uint8Array): Uint8Array {
  return key.use((bytes) => xchacha20poly1305(bytes.subarray(0, KEY_BYTES), nonce, associatedData).encrypt(image));
}

/** The image, once the key check passed: an AEAD failure now means the file was altered after it was written. */
export function openImage(key: SecretBytes, nonce: Uint8Array, associatedData: Uint8Array, body: Uint8Array): Uint8Array {
  try {
    return key.use((bytes) => xchacha20poly1305(bytes.subarray(0, KEY_BYTES), nonce, associatedData).decrypt(body));
  } catch {
    throw new AirlockError(
      'backup-tampered',
      'This backup was altered after it was written: the key is right, but its contents or its header no longer authenticate. Nothing was restored; use another copy, and keep this one as evidence.',
    );
  }
}
