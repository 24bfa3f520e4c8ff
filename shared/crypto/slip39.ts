// SLIP-39 for Airlock: split a master secret into groups of share mnemonics and combine a quorum back.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { AirlockError } from '../errors';
import { interpolate, type SharePoint } from './gf256';
import { decryptMasterSecret, encryptMasterSecret, noblePbkdf2, type Pbkdf2Sha256 } from './slip39-cipher';
import { quorumStatus, shortfall } from './slip39-quorum';
import { decodeShare, encodeShare, MAX_SECRET_BYTES, MAX_SHARE_COUNT, MIN_SECRET_BYTES, type Share } from './slip39-share';

export { noblePbkdf2, webCryptoPbkdf2, type Pbkdf2Sha256 } from './slip39-cipher';
export { quorumStatus, type GroupStatus, type QuorumStatus } from './slip39-quorum';
export { decodeShare, describeShare, encodeShare, identifierWords, type Share } from './slip39-share';

/** Cryptographically secure random bytes, injected so tests can fix them. */
export type RandomBytes = (length: number) => Uint8Array;

export interface GroupSpec {
  /** Shares of this group needed to rebuild its group secret. */
  memberThreshold: number;
  /** Shares to create for this group (holders). */
  memberCount: number;
}

export interface SplitParams {
  /** 16 to 32 bytes, even length. Not modified; the caller zeroes it. */
  masterSecret: Uint8Array;
  /** Printable ASCII; "" for none. Every passphrase gives some secret, so a wrong one is not detected. */
  passphrase: string;
  /** Complete groups needed to rebuild the master secret. */
  groupThreshold: number;
  groups: readonly GroupSpec[];
  /** 0..15: PBKDF2 runs 10 000 * 2^e iterations per encryption. */
  iterationExponent: number;
  /** true for new sets (the current SLIP-39 variant); false reproduces the original variant. */
  extendable: boolean;
  random: RandomBytes;
  /** Defaults to the pure-JS noble PBKDF2; main/ passes WebCrypto's, which is ~6x faster. */
  pbkdf2?: Pbkdf2Sha256;
}

export interface CombineOptions {
  pbkdf2?: Pbkdf2Sha256;
}

/** What the shares rebuild before the passphrase is applied; no PBKDF2 is needed to get here. */
export interface EncryptedMasterSecret {
  identifier: number;
  extendable: boolean;
  iterationExponent: number;
  /** Secret. The owner zeroes it. */
  ciphertext: Uint8Array;
}

/** Share index of the secret and of its digest in every polynomial, per the spec (never a member index). */
const SECRET_INDEX = 255;
const DIGEST_INDEX = 254;
const DIGEST_BYTES = 4;

/** Master secret -> groups of mnemonics, in group order; within a group, in member order. */
export async function splitMasterSecret(params: SplitParams): Promise<string[][]> {
  checkMasterSecret(params.masterSecret);
  checkLayout(params.groupThreshold, params.groups);
  checkCipherSettings(params.iterationExponent, params.extendable);
  if (typeof params.random !== 'function') throw splitInvalid('No random number source was given, so no shares were created.');
  const passphrase = passphraseBytes(params.passphrase);
  const idBytes = draw(params.random, 2);
  const identifier = ((idBytes[0]! << 8) | idBytes[1]!) & 0x7fff;
  idBytes.fill(0);
  let ciphertext: Uint8Array;
  try {
    ciphertext = await encryptMasterSecret(params.masterSecret, {
      passphrase,
      iterationExponent: params.iterationExponent,
      identifier,
      extendable: params.extendable,
      pbkdf2: params.pbkdf2 ?? noblePbkdf2,
    });
  } finally {
    passphrase.fill(0);
  }
  const ems = { identifier, extendable: params.extendable, iterationExponent: params.iterationExponent, ciphertext };
  try {
    return splitEncryptedMasterSecret(ems, params.groupThreshold, params.groups, params.random);
  } finally {
    ciphertext.fill(0);
  }
}

/**
 * Mnemonics -> master secret. Accepts a quorum in any order. Beyond the spec, which asks to abort
 * on more shares than the thresholds, extra shares are accepted and all of them take part in the
 * interpolation, so the digest check covers them too (none is silently ignored); groups that are
 * not complete are left out once enough complete groups are present.
 */
export async function combineMnemonics(mnemonics: readonly string[], passphrase: string, options: CombineOptions = {}): Promise<Uint8Array> {
  const passphraseData = passphraseBytes(passphrase);
  try {
    const ems = recoverEncryptedMasterSecret(mnemonics);
    try {
      return await decryptMasterSecret(ems.ciphertext, {
        passphrase: passphraseData,
        iterationExponent: ems.iterationExponent,
        identifier: ems.identifier,
        extendable: ems.extendable,
        pbkdf2: options.pbkdf2 ?? noblePbkdf2,
      });
    } finally {
      ems.ciphertext.fill(0);
    }
  } finally {
    passphraseData.fill(0);
  }
}

/** The spec's SplitEMS: shares of an already encrypted master secret (no PBKDF2 here). */
export function splitEncryptedMasterSecret(
  ems: EncryptedMasterSecret,
  groupThreshold: number,
  groups: readonly GroupSpec[],
  random: RandomBytes,
): string[][] {
  checkLayout(groupThreshold, groups);
  checkMasterSecret(ems.ciphertext);
  const groupSecrets = splitSecret(groupThreshold, groups.length, ems.ciphertext, random);
  const shares: Share[][] = [];
  try {
    groups.forEach((group, groupIndex) => {
      const members = splitSecret(group.memberThreshold, group.memberCount, groupSecrets[groupIndex]!.y, random);
      shares.push(
        members.map((member) => ({
          identifier: ems.identifier,
          extendable: ems.extendable,
          iterationExponent: ems.iterationExponent,
          groupIndex,
          groupThreshold,
          groupCount: groups.length,
          memberIndex: member.x,
          memberThreshold: group.memberThreshold,
          value: member.y,
        })),
      );
    });
    const mnemonics = shares.map((group) => group.map(encodeShare));
    selfCheck(mnemonics, ems);
    return mnemonics;
  } finally {
    for (const point of groupSecrets) point.y.fill(0);
    for (const share of shares.flat()) share.value.fill(0);
  }
}

/** The spec's RecoverEMS: checks the set and the quorum, interpolates, verifies the digests. */
export function recoverEncryptedMasterSecret(mnemonics: readonly string[]): EncryptedMasterSecret {
  if (!Array.isArray(mnemonics) || mnemonics.length === 0) {
    throw new AirlockError('shares-not-enough', 'No shares were given. Enter the shares of a quorum to rebuild the master secret.', { shares: 0 });
  }
  const shares: Share[] = [];
  try {
    mnemonics.forEach((mnemonic, i) => shares.push(decodeShare(mnemonic, `Share ${i + 1}`)));
    const status = quorumStatus(shares);
    if (!status.complete) {
      throw new AirlockError('shares-not-enough', `Not enough shares to rebuild the master secret. ${shortfall(status)}.`, {
        groupThreshold: status.groupThreshold,
        groupsComplete: status.completeGroups,
      });
    }
    const first = shares[0]!;
    const groupSecrets: SharePoint[] = [];
    try {
      for (const group of status.groups.filter((g) => g.complete)) {
        const members = shares.filter((s) => s.groupIndex === group.groupIndex).map((s) => ({ x: s.memberIndex, y: s.value }));
        groupSecrets.push({ x: group.groupIndex, y: recoverSecret(group.memberThreshold, members, `The shares of group ${group.groupIndex + 1}`) });
      }
      const ciphertext = recoverSecret(first.groupThreshold, groupSecrets, 'The groups');
      return { identifier: first.identifier, extendable: first.extendable, iterationExponent: first.iterationExponent, ciphertext };
    } finally {
      for (const point of groupSecrets) point.y.fill(0);
    }
  } finally {
    for (const share of shares) share.value.fill(0);
  }
}

/** The spec's SplitSecret: T-of-N points with the secret at x=255 and its digest at x=254. */
function splitSecret(threshold: number, count: number, secret: Uint8Array, random: RandomBytes): SharePoint[] {
  // Threshold 1 has no polynomial: every share is the secret itself (only 1-of-1 is allowed, see checkLayout).
  if (threshold === 1) return Array.from({ length: count }, (_, x) => ({ x, y: secret.slice() }));
  const points: SharePoint[] = [];
  for (let x = 0; x < threshold - 2; x++) points.push({ x, y: draw(random, secret.length) });
  const randomPart = draw(random, secret.length - DIGEST_BYTES);
  const digestPoint = new Uint8Array(secret.length);
  digestPoint.set(digest(randomPart, secret), 0);
  digestPoint.set(randomPart, DIGEST_BYTES);
  const base = [...points, { x: DIGEST_INDEX, y: digestPoint }, { x: SECRET_INDEX, y: secret }];
  for (let x = threshold - 2; x < count; x++) points.push({ x, y: interpolate(base, x) });
  randomPart.fill(0);
  digestPoint.fill(0);
  return points;
}

/** The spec's RecoverSecret, for at least `threshold` points; `who` names them in the error. */
function recoverSecret(threshold: number, points: readonly SharePoint[], who: string): Uint8Array {
  if (threshold === 1) {
    // No digest protects a threshold-1 level, so extra points must simply all agree.
    if (points.some((p) => !equalBytes(p.y, points[0]!.y))) throw inconsistent(who);
    return points[0]!.y.slice();
  }
  const secret = interpolate(points, SECRET_INDEX);
  const digestPoint = interpolate(points, DIGEST_INDEX);
  const expected = digest(digestPoint.subarray(DIGEST_BYTES), secret);
  const valid = equalBytes(expected, digestPoint.subarray(0, DIGEST_BYTES));
  digestPoint.fill(0);
  if (!valid) {
    secret.fill(0);
    throw inconsistent(who);
  }
  return secret;
}

function digest(randomPart: Uint8Array, secret: Uint8Array): Uint8Array {
  const mac = hmac(sha256, randomPart, secret);
  const out = mac.slice(0, DIGEST_BYTES);
  mac.fill(0);
  return out;
}

function inconsistent(who: string): AirlockError {
  return new AirlockError(
    'shares-inconsistent',
    `${who} pass their checksums and agree on their set, but do not fit together (the secret's digest does not match). ` +
      'At least one share is not genuine: it was altered or fabricated. Do not use these shares together; check each one with its holder.',
  );
}

/** Compares without an early exit: these are secret bytes. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/** Fail closed: decode and recombine every share just made before anyone writes one down. */
function selfCheck(mnemonics: string[][], ems: EncryptedMasterSecret): void {
  let rebuilt: EncryptedMasterSecret | null = null;
  try {
    rebuilt = recoverEncryptedMasterSecret(mnemonics.flat());
  } catch {
    rebuilt = null;
  }
  const same =
    rebuilt !== null &&
    rebuilt.identifier === ems.identifier &&
    rebuilt.extendable === ems.extendable &&
    rebuilt.iterationExponent === ems.iterationExponent &&
    equalBytes(rebuilt.ciphertext, ems.ciphertext);
  rebuilt?.ciphertext.fill(0);
  if (!same) {
    throw new AirlockError(
      'split-self-check-failed',
      'The new shares failed their own check: they did not rebuild the secret. No shares were produced; ' +
        'this points to a fault in this computer or in Airlock. Do not use any shares from this attempt.',
    );
  }
}

function draw(random: RandomBytes, length: number): Uint8Array {
  const bytes = random(length);
  const broken =
    !(bytes instanceof Uint8Array) ||
    bytes.length !== length ||
    // A constant block of 16+ bytes has probability 2^-120 from a working source: treat it as broken.
    (length >= 16 && bytes.every((b) => b === bytes[0]));
  if (broken) {
    throw new AirlockError(
      'random-source-invalid',
      'The random number source returned unusable data, so no shares were created. Restart Airlock; if it happens again, do not create shares on this computer.',
    );
  }
  return bytes;
}

function checkMasterSecret(secret: Uint8Array): void {
  const length = secret instanceof Uint8Array ? secret.length : -1;
  if (length >= MIN_SECRET_BYTES && length <= MAX_SECRET_BYTES && length % 2 === 0) return;
  throw new AirlockError(
    'master-secret-length-invalid',
    `The master secret must be ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes (128 to 256 bits) and a whole number of 16-bit units (an even number of bytes); ` +
      (length < 0 ? 'it is not bytes.' : `it is ${length} bytes.`),
    { bytes: length },
  );
}

function checkLayout(groupThreshold: number, groups: readonly GroupSpec[]): void {
  const whole = (v: unknown, lo: number, hi: number): boolean => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
  if (!Array.isArray(groups) || groups.length < 1 || groups.length > MAX_SHARE_COUNT) {
    throw splitInvalid(`There must be 1 to ${MAX_SHARE_COUNT} groups; ${Array.isArray(groups) ? `got ${groups.length}` : 'no group list was given'}.`);
  }
  if (!whole(groupThreshold, 1, groups.length)) {
    throw splitInvalid(`The group threshold must be a whole number from 1 to the number of groups (${groups.length}); got ${String(groupThreshold)}.`);
  }
  groups.forEach((group, i) => {
    const { memberThreshold, memberCount } = group ?? ({} as GroupSpec);
    if (!whole(memberCount, 1, MAX_SHARE_COUNT)) {
      throw splitInvalid(`Group ${i + 1}: the number of shares must be a whole number from 1 to ${MAX_SHARE_COUNT}; got ${String(memberCount)}.`);
    }
    if (!whole(memberThreshold, 1, memberCount)) {
      throw splitInvalid(`Group ${i + 1}: the member threshold must be a whole number from 1 to its ${memberCount} shares; got ${String(memberThreshold)}.`);
    }
    if (memberThreshold === 1 && memberCount > 1) {
      throw splitInvalid(
        `Group ${i + 1}: a threshold of 1 with ${memberCount} shares would give every member the same secret value, which SLIP-39 forbids. ` +
          'Use 1 share for the group (copies of it can go to several people) or a threshold of 2 or more.',
      );
    }
  });
}

function checkCipherSettings(iterationExponent: number, extendable: boolean): void {
  if (!Number.isInteger(iterationExponent) || iterationExponent < 0 || iterationExponent > 15) {
    throw splitInvalid(`The iteration exponent must be a whole number from 0 to 15; got ${String(iterationExponent)}.`);
  }
  if (typeof extendable !== 'boolean') throw splitInvalid('"extendable" must be true or false.');
}

function splitInvalid(message: string): AirlockError {
  return new AirlockError('split-parameters-invalid', message);
}

/**
 * Passphrase -> bytes. SLIP-39 allows printable ASCII only, so the same passphrase typed on any
 * system gives the same bytes. The character itself is never quoted: it is part of a secret.
 */
function passphraseBytes(passphrase: string): Uint8Array {
  if (typeof passphrase !== 'string') {
    throw new AirlockError('passphrase-invalid-characters', 'The passphrase must be text (use an empty passphrase for none).');
  }
  const bytes = new Uint8Array(passphrase.length);
  for (let i = 0; i < passphrase.length; i++) {
    const code = passphrase.charCodeAt(i);
    if (code < 32 || code > 126) {
      bytes.fill(0);
      throw new AirlockError(
        'passphrase-invalid-characters',
        `The passphrase may contain only printable ASCII characters (letters, digits, punctuation and space); character ${i + 1} is not one of them.`,
        { position: i + 1 },
      );
    }
    bytes[i] = code;
  }
  return bytes;
}
