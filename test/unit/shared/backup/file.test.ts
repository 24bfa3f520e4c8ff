// The backup file format and its sealing: a round trip, and every way a file can be wrong refused with its own code
// and a sentence — not a backup, cut short, a newer format, damaged (checksum), altered (the AEAD, with the checksum
// recomputed), another vault's seed, a wrong relay passphrase — with nothing identifying outside the ciphertext.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { backupHashWords, backupIsExpected, decodeBackupFile, type BackupHeader, type RelayBackupHeader, type ShareSlot, type VaultBackupHeader } from '../../../../shared/backup/file';
import { openBackupImage, openBackupImageOnce, relayKeyFromPassphrase, sealRelayBackup, sealVaultBackup, vaultKeyFromSeed } from '../../../../shared/backup/sealing';
import { AirlockError } from '../../../../shared/errors';

const SEED = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const OTHER_SEED = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
const VAULT_ID = '0123456789abcdef0123456789abcdef';
const IMAGE = utf8ToBytes('SQLite format 3\0 holder Alice, account 0xabc, audit log…'.repeat(40));
const SLOTS: ShareSlot[] = [
  { group: 0, member: 0, envelope: Uint8Array.from({ length: 120 }, (_, i) => i) },
  { group: 0, member: 1, envelope: Uint8Array.from({ length: 120 }, (_, i) => 255 - i) },
];
let counter = 0;
const random = (n: number) => Uint8Array.from({ length: n }, () => (counter = (counter * 31 + 7) & 0xff));

function vaultBackup() {
  const { file, key } = sealVaultBackup({ image: IMAGE, createdAt: 1_800_000_000_000, schema: 12, auditHead: { count: 42, hash: sha256(utf8ToBytes('head')) }, vaultId: VAULT_ID, shares: SLOTS, seed: SEED, random });
  key.dispose();
  return file;
}

function vaultHeader(header: BackupHeader): VaultBackupHeader {
  assert.equal(header.kind, 'vault');
  return header as VaultBackupHeader;
}

function refusal(fn: () => unknown): AirlockError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AirlockError, String(error));
    assert.match(error.message, /^[A-Z].*\.$/, 'a sentence');
    return error;
  }
  assert.fail('expected a refusal');
}

/** A copy with its trailing checksum made right again, as an attacker (not a bit flip) would leave it. */
function rechecksummed(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out.set(sha256(out.subarray(0, out.length - 32)), out.length - 32);
  return out;
}

test('a vault backup opens with its seed only, and its header names no holder, account or vault name', () => {
  const file = vaultBackup();
  const parsed = decodeBackupFile(file);
  const header = vaultHeader(parsed.header);
  assert.equal(bytesToHex(parsed.fileHash), bytesToHex(sha256(file)));
  assert.equal(backupHashWords(parsed.fileHash).split(' ').length, 4);
  assert.deepEqual([header.vaultId, header.auditHead.count, header.schema, header.shares.length], [VAULT_ID, 42, 12, 2]);
  assert.equal(vaultKeyFromSeed(header, OTHER_SEED), null, 'another vault’s seed does not open it');
  const image = openBackupImageOnce(parsed, vaultKeyFromSeed(header, SEED)!);
  assert.deepEqual(image, IMAGE);
  const text = new TextDecoder('latin1').decode(file);
  for (const secret of ['Alice', '0xabc', 'holder', 'SQLite format']) assert.ok(!text.includes(secret), `${secret} is in the file`);
});

test('not a backup, cut short, a newer format and trailing bytes are refused before any key, each with its code', () => {
  const file = vaultBackup();
  assert.equal(refusal(() => decodeBackupFile(utf8ToBytes('PK\x03\x04 a zip file'))).code, 'backup-not-recognized');
  for (const length of [3, 12, 400, file.length - 1]) assert.equal(refusal(() => decodeBackupFile(file.subarray(0, length))).code, 'backup-truncated', `${length} bytes`);
  const newer = rechecksummed(file);
  newer[8] = 2;
  const error = refusal(() => decodeBackupFile(newer));
  assert.equal(error.code, 'backup-format-newer');
  assert.match(error.message, /newer Airlock \(backup format 2/);
  const longer = new Uint8Array(file.length + 5);
  longer.set(file);
  assert.equal(refusal(() => decodeBackupFile(longer)).code, 'backup-damaged');
});

test('a flipped byte anywhere is found: by the checksum, or (checksum recomputed) by the AEAD once the key is known', () => {
  const file = vaultBackup();
  for (const at of [20, 200, file.length - 500, file.length - 40, file.length - 1]) {
    const flipped = file.slice();
    flipped[at]! ^= 0x01;
    assert.equal(refusal(() => decodeBackupFile(flipped)).code, 'backup-damaged', `byte ${at}`);
  }
  // In the body: the key still opens (the check is separate), the AEAD refuses.
  const body = file.slice();
  body[file.length - 500]! ^= 0x01;
  const altered = decodeBackupFile(rechecksummed(body));
  const key = vaultKeyFromSeed(vaultHeader(altered.header), SEED)!;
  assert.equal(refusal(() => openBackupImage(altered, key)).code, 'backup-tampered');
  key.dispose();
  // In the header (its creation date): also authenticated.
  const text = new TextDecoder().decode(file);
  const at = text.indexOf('"createdAt":18') + '"createdAt":18'.length;
  const header = file.slice();
  header[at] = header[at] === 0x30 ? 0x31 : 0x30;
  const redated = decodeBackupFile(rechecksummed(header));
  const redatedHeader = vaultHeader(redated.header);
  assert.notEqual(redatedHeader.createdAt, 1_800_000_000_000);
  assert.equal(refusal(() => openBackupImageOnce(redated, vaultKeyFromSeed(redatedHeader, SEED)!)).code, 'backup-tampered');
});

test('a relay backup opens with its passphrase only; a wrong one is told apart from an altered file', async () => {
  const { file, key } = await sealRelayBackup({ image: IMAGE, createdAt: 1, schema: 12, auditHead: { count: 3, hash: sha256(utf8ToBytes('h')) }, passphrase: 'relay backup passphrase', random });
  key.dispose();
  const parsed = decodeBackupFile(file);
  assert.equal(parsed.header.kind, 'relay');
  const header = parsed.header as RelayBackupHeader;
  assert.deepEqual(header.key.kdf, { algorithm: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
  await assert.rejects(relayKeyFromPassphrase(header, 'another passphrase'), (e: AirlockError) => e.code === 'backup-passphrase-wrong');
  assert.deepEqual(openBackupImageOnce(parsed, await relayKeyFromPassphrase(header, 'relay backup passphrase')), IMAGE);
});

test('the expected backup is named by its hash or its four words; another file, or anything else given, is not it', () => {
  const { fileHash } = decodeBackupFile(vaultBackup());
  const other = sha256(utf8ToBytes('an older copy'));
  const words = backupHashWords(fileHash);
  for (const given of [bytesToHex(fileHash), `0x${bytesToHex(fileHash).toUpperCase()}`, words, ` ${words.toUpperCase().replaceAll(' ', '-')} `]) {
    assert.equal(backupIsExpected(fileHash, given), true, given);
    assert.equal(backupIsExpected(other, given), false, given);
  }
  for (const given of ['', 'latest', bytesToHex(fileHash).slice(2), `${words} extra`]) {
    assert.equal(refusal(() => backupIsExpected(fileHash, given)).code, 'backup-expectation-invalid', given);
  }
});
