// The backup file: a small plaintext header that says what the file is, then the whole SQLite image encrypted as one
// AEAD message, then a checksum a copy can be checked with before any key exists. Parsed by one function into typed
// values; every way a file can be wrong is a refusal with a sentence.
//
// Layout (format 1), integers big-endian:
//   "AIRLBKUP" (8) | format u8 | header length u32 | header (UTF-8 JSON) | body | SHA-256 of everything before (32)
// body = XChaCha20-Poly1305(image) with the magic, format, length and header as associated data: no header field
// can change unseen once the key is known. The checksum only catches damage (anyone can recompute it).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '../bytes';
import { z } from 'zod';
import { fingerprintText } from '../airgap/fingerprint';
import { kdfParamsProblem, type KdfParams } from '../crypto/envelope';
import { constantTimeEqual } from '../crypto/secret';
import { AirlockError } from '../errors';

export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_FILE_EXTENSION = '.airlock-backup';
const MAGIC = utf8ToBytes('AIRLBKUP');
const PREFIX_BYTES = MAGIC.length + 1 + 4;
const CHECKSUM_BYTES = 32;
const TAG_BYTES = 16;
export const MAX_HEADER_BYTES = 256 * 1024;
export const MAX_BODY_BYTES = 2 ** 30;
/** The largest file a reader should load: anything bigger is not a backup this format can hold. */
export const MAX_BACKUP_BYTES = PREFIX_BYTES + MAX_HEADER_BYTES + MAX_BODY_BYTES + CHECKSUM_BYTES;

/** One holder's share as the vault stores it (sealed under their passphrase), without their name. */
export interface ShareSlot {
  group: number;
  member: number;
  /** The encoded envelope (shared/crypto/envelope.ts). */
  envelope: Uint8Array;
}

interface HeaderCommon {
  createdAt: number;
  /** The image's schema version (main/db/migrations). */
  schema: number;
  /** The audit head the image holds. */
  auditHead: { count: number; hash: Uint8Array };
  nonce: Uint8Array;
  /** Ciphertext length, tag included. */
  bodyBytes: number;
}

export interface VaultBackupHeader extends HeaderCommon {
  kind: 'vault';
  vaultId: string;
  key: { salt: Uint8Array; check: Uint8Array };
  shares: ShareSlot[];
}

export interface RelayBackupHeader extends HeaderCommon {
  kind: 'relay';
  key: { kdf: KdfParams; salt: Uint8Array; check: Uint8Array };
}

export type BackupHeader = VaultBackupHeader | RelayBackupHeader;

export interface BackupFile {
  header: BackupHeader;
  /** What the body's AEAD authenticates: everything before the body. */
  associatedData: Uint8Array;
  body: Uint8Array;
  /** SHA-256 of the whole file, as `sha256sum` prints it: the backup's name in the audit log. */
  fileHash: Uint8Array;
}

const hexOf = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const common = {
  createdAt: z.number().int().min(0),
  schema: z.number().int().min(1).max(100_000),
  auditHead: z.object({ count: z.number().int().min(1), hash: hexOf(32) }).strict(),
  nonce: hexOf(24),
  bodyBytes: z.number().int().min(TAG_BYTES + 1).max(MAX_BODY_BYTES),
};
const slotJson = z.object({ group: z.number().int().min(0).max(15), member: z.number().int().min(0).max(15), envelope: z.string().regex(/^([0-9a-f]{2}){16,8192}$/) }).strict();
const headerJson = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('vault'),
      vaultId: hexOf(16),
      ...common,
      key: z.object({ derivation: z.literal('seed-hkdf-sha256'), salt: hexOf(32), check: hexOf(16) }).strict(),
      shares: z.array(slotJson).min(1).max(256),
    })
    .strict(),
  z
    .object({
      kind: z.literal('relay'),
      ...common,
      key: z.object({ derivation: z.literal('passphrase'), kdf: z.record(z.string(), z.union([z.string(), z.number()])), salt: hexOf(32), check: hexOf(16) }).strict(),
    })
    .strict(),
]);

/** Frames a backup: `seal` receives the associated data and returns the body (exactly header.bodyBytes long). */
export function encodeBackupFile(header: BackupHeader, seal: (associatedData: Uint8Array) => Uint8Array): Uint8Array {
  const json = utf8ToBytes(JSON.stringify(toJson(header)));
  if (json.length > MAX_HEADER_BYTES) throw new AirlockError('internal', 'The backup header is larger than the format allows.');
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, json.length);
  const associatedData = concatBytes(MAGIC, new Uint8Array([BACKUP_FORMAT_VERSION]), length, json);
  const body = seal(associatedData);
  if (body.length !== header.bodyBytes) throw new AirlockError('internal', 'The sealed backup is not the length its header states.');
  const framed = concatBytes(associatedData, body);
  return concatBytes(framed, sha256(framed));
}

/** The one parser of a backup file. Checks the frame and the checksum; the key decides the rest. */
export function decodeBackupFile(bytes: Uint8Array): BackupFile {
  if (bytes.length < MAGIC.length || !constantTimeEqual(bytes.subarray(0, MAGIC.length), MAGIC)) {
    if (bytes.length < MAGIC.length && constantTimeEqual(bytes, MAGIC.subarray(0, bytes.length))) throw truncated(bytes.length, null);
    throw new AirlockError('backup-not-recognized', 'This file is not an Airlock backup: it does not start with the mark every Airlock backup starts with. Choose the .airlock-backup file the vault wrote.');
  }
  if (bytes.length < PREFIX_BYTES) throw truncated(bytes.length, null);
  const version = bytes[MAGIC.length]!;
  if (version > BACKUP_FORMAT_VERSION) {
    throw new AirlockError(
      'backup-format-newer',
      `This backup was written by a newer Airlock (backup format ${version}; this Airlock reads format ${BACKUP_FORMAT_VERSION}). Restore it with that version of Airlock or a newer one. Nothing was changed.`,
      { format: version },
    );
  }
  if (version < 1) throw damaged('its format number is 0, which no Airlock writes');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset + MAGIC.length + 1, 4).getUint32(0);
  if (headerLength > MAX_HEADER_BYTES) throw damaged('its header length is impossible');
  const headerEnd = PREFIX_BYTES + headerLength;
  if (bytes.length < headerEnd) throw truncated(bytes.length, null);
  const header = parseHeader(bytes.subarray(PREFIX_BYTES, headerEnd));
  const expected = headerEnd + header.bodyBytes + CHECKSUM_BYTES;
  if (bytes.length < expected) throw truncated(bytes.length, expected);
  if (bytes.length > expected) throw damaged(`${bytes.length - expected} bytes follow its end`);
  const framed = bytes.subarray(0, expected - CHECKSUM_BYTES);
  if (!constantTimeEqual(sha256(framed), bytes.subarray(expected - CHECKSUM_BYTES))) {
    throw damaged('its checksum does not match its contents: bytes changed after it was written');
  }
  return { header, associatedData: bytes.subarray(0, headerEnd), body: bytes.subarray(headerEnd, expected - CHECKSUM_BYTES), fileHash: sha256(bytes) };
}

/** Four words for a backup's file hash, to write on the media's label and compare with the audit log. */
export function backupHashWords(fileHash: Uint8Array): string {
  return fingerprintText('airlock-backup', fileHash);
}

/**
 * Whether `expected` names this file: its SHA-256 in hex (as the audit log and `sha256sum` give it) or its four words
 * (as the media's label and the last drill report give them). It is how a restore refuses a genuine but older copy,
 * which authenticates as well as the newest: only the holders' own record of the latest backup tells them apart.
 */
export function backupIsExpected(fileHash: Uint8Array, expected: string): boolean {
  const given = expected.trim().toLowerCase().replace(/^0x/, '');
  if (/^[0-9a-f]{64}$/.test(given)) return constantTimeEqual(hexToBytes(given), fileHash);
  const words = given.split(/[\s,-]+/).filter(Boolean);
  if (words.length === 4 && words.every((w) => /^[a-z]{2,12}$/.test(w))) return words.join(' ') === backupHashWords(fileHash);
  throw new AirlockError(
    'backup-expectation-invalid',
    'The expected backup is given as its SHA-256 (64 hexadecimal characters) or its four words, as the audit log, the media\'s label or the last drill report show them.',
  );
}

/** The length of the sealed body for an image of `imageBytes`. */
export const bodyBytesFor = (imageBytes: number): number => imageBytes + TAG_BYTES;

function parseHeader(raw: Uint8Array): BackupHeader {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    throw damaged('its header cannot be read');
  }
  const parsed = headerJson.safeParse(value);
  if (!parsed.success) throw damaged(`its header is not right at "${parsed.error.issues[0]?.path.join('.') ?? ''}"`);
  const h = parsed.data;
  const base = {
    createdAt: h.createdAt,
    schema: h.schema,
    auditHead: { count: h.auditHead.count, hash: hexToBytes(h.auditHead.hash) },
    nonce: hexToBytes(h.nonce),
    bodyBytes: h.bodyBytes,
  };
  if (h.kind === 'vault') {
    return {
      kind: 'vault',
      vaultId: h.vaultId,
      ...base,
      key: { salt: hexToBytes(h.key.salt), check: hexToBytes(h.key.check) },
      shares: h.shares.map((s) => ({ group: s.group, member: s.member, envelope: hexToBytes(s.envelope) })),
    };
  }
  const given = h.key.kdf as unknown as KdfParams;
  const problem = kdfParamsProblem(given);
  if (problem) throw damaged(`its key stretching cannot be used (${problem})`);
  const kdf: KdfParams = given.algorithm === 'scrypt' ? { algorithm: 'scrypt', N: given.N, r: given.r, p: given.p } : { algorithm: 'argon2id', m: given.m, t: given.t, p: given.p };
  return { kind: 'relay', ...base, key: { kdf, salt: hexToBytes(h.key.salt), check: hexToBytes(h.key.check) } };
}

/** The header as JSON, keys in a fixed order; bytes as lowercase hex. */
function toJson(header: BackupHeader): Record<string, unknown> {
  const base = {
    createdAt: header.createdAt,
    schema: header.schema,
    auditHead: { count: header.auditHead.count, hash: bytesToHex(header.auditHead.hash) },
    nonce: bytesToHex(header.nonce),
    bodyBytes: header.bodyBytes,
  };
  if (header.kind === 'vault') {
    return {
      kind: 'vault',
      vaultId: header.vaultId,
      ...base,
      key: { derivation: 'seed-hkdf-sha256', salt: bytesToHex(header.key.salt), check: bytesToHex(header.key.check) },
      shares: header.shares.map((s) => ({ group: s.group, member: s.member, envelope: bytesToHex(s.envelope) })),
    };
  }
  return { kind: 'relay', ...base, key: { derivation: 'passphrase', kdf: { ...header.key.kdf }, salt: bytesToHex(header.key.salt), check: bytesToHex(header.key.check) } };
}

function truncated(actual: number, expected: number | null): AirlockError {
  const of = expected === null ? 'less than its header needs' : `${actual} of the ${expected} bytes it was written with`;
  return new AirlockError(
    'backup-truncated',
    `This backup file is cut short (${expected === null ? `${actual} bytes, ${of}` : of}): it was damaged or not copied to the end. Nothing was restored; use another copy.`,
    { bytes: actual, expected },
  );
}

function damaged(why: string): AirlockError {
  return new AirlockError('backup-damaged', `This backup file is damaged: ${why}. Nothing was restored; use another copy.`, { reason: why });
}
