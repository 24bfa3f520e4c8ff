// Where a new master secret comes from: the OS CSPRNG, optionally mixed (never replaced) with dice
// rolls the user types, so neither a weak RNG nor a careless dice session alone decides the key.
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '../bytes';
import { AirlockError } from '../errors';

export const BITS_PER_D6_ROLL = Math.log2(6);

/** Parses rolls of a six-sided die typed as digits 1–6; spaces, commas and line breaks are ignored. */
export function parseDiceRolls(text: string): number[] {
  const rolls: number[] = [];
  let position = 0;
  for (const ch of text) {
    if (/[\s,]/.test(ch)) continue;
    position++;
    if (ch < '1' || ch > '6') {
      throw new AirlockError(
        'dice-invalid',
        `Dice roll ${position} is "${ch.slice(0, 4)}"; type each roll of a six-sided die as a digit from 1 to 6.`,
        { position },
      );
    }
    rolls.push(ch.charCodeAt(0) - 48);
  }
  return rolls;
}

export function diceBits(rollCount: number): number {
  return Math.floor(rollCount * BITS_PER_D6_ROLL);
}

/**
 * The master secret: SHA-512 over a domain tag, `length` fresh CSPRNG bytes and the dice rolls,
 * truncated to `length`. With no rolls this is still a hash of CSPRNG output of the full length.
 */
export function newMasterSecret(length: 16 | 32, random: (length: number) => Uint8Array, rolls: readonly number[] = []): Uint8Array {
  const osBytes = random(length);
  if (osBytes.length !== length) throw new AirlockError('internal', 'The random number generator returned too few bytes.');
  const digest = sha512(concatBytes(utf8ToBytes('airlock-master-secret-v1'), osBytes, utf8ToBytes(`:dice:${rolls.join('')}`)));
  osBytes.fill(0);
  const secret = digest.slice(0, length);
  digest.fill(0);
  return secret;
}
