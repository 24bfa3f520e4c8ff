// From what the vault holds to a BIP-32 seed: a SLIP-39 master secret (used as the seed itself, as
// Trezor does) or a BIP-39 mnemonic with its passphrase (PBKDF2-HMAC-SHA512, as BIP-39 says).
import { mnemonicToEntropy, mnemonicToSeed } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { AirlockError } from '../errors';

/** How the vault's master secret becomes the BIP-32 seed its accounts derive from. */
export type SeedDerivation = 'slip39-master-secret' | 'bip39-mnemonic';

export const SEED_DERIVATIONS: Readonly<Record<SeedDerivation, string>> = Object.freeze({
  'slip39-master-secret':
    'The SLIP-39 master secret is the BIP-32 seed itself, as on a Trezor: the same shares give the same accounts there.',
  'bip39-mnemonic':
    'The master secret is the entropy of a BIP-39 recovery phrase; the phrase and its passphrase give the BIP-32 seed, ' +
    'as in MetaMask, Ledger and most wallets.',
});

export function describeSeedDerivation(derivation: SeedDerivation): string {
  return SEED_DERIVATIONS[derivation];
}

const BIP39_WORD_COUNTS = [12, 15, 18, 21, 24] as const;
const WORD_INDEX = new Map(wordlist.map((word, index) => [word, index]));

/**
 * The master secret as BIP-32 seed (a copy: the caller zeroes both). SLIP-39 master secrets are
 * 128–256 bits in steps of 16; BIP-32 takes any seed of 16–64 bytes.
 */
export function seedFromSlip39MasterSecret(masterSecret: Uint8Array): Uint8Array {
  if (!(masterSecret instanceof Uint8Array)) throw new TypeError(`expected a master secret Uint8Array, got ${typeof masterSecret}`);
  if (masterSecret.length < 16 || masterSecret.length > 32 || masterSecret.length % 2 !== 0) {
    throw new RangeError(`expected a SLIP-39 master secret of 16..32 bytes (even), got ${masterSecret.length}`);
  }
  return masterSecret.slice();
}

/**
 * A BIP-39 English recovery phrase as typed (any case, any spacing) → its canonical form, after
 * checking every word, the word count and the checksum.
 */
export function parseBip39Mnemonic(text: string): string {
  if (typeof text !== 'string') throw new TypeError(`expected a recovery phrase string, got ${typeof text}`);
  const words = bip39Words(text);
  if (words.length === 0) throw mnemonicInvalid('Type the BIP-39 recovery phrase, its words separated by spaces.');
  const unknown = words.findIndex((word) => !WORD_INDEX.has(word));
  if (unknown >= 0) {
    // SECURITY(H-29): the position only; neither the typed word nor a suggestion (each is most of a secret word).
    throw mnemonicInvalid(
      `Word ${unknown + 1} of the recovery phrase is not in the BIP-39 English word list. Check its spelling against the holder's backup.`,
      unknown + 1,
    );
  }
  if (!(BIP39_WORD_COUNTS as readonly number[]).includes(words.length)) {
    throw mnemonicInvalid(`A BIP-39 recovery phrase has 12, 15, 18, 21 or 24 words; this one has ${words.length}. Check for a missing or extra word.`);
  }
  const canonical = words.join(' ');
  try {
    mnemonicToEntropy(canonical, wordlist).fill(0);
  } catch {
    throw new AirlockError(
      'bip39-checksum-invalid',
      "Every word is in the BIP-39 word list, but the phrase's checksum does not match: a word is wrong or two are swapped. " +
        "Compare each word with the holder's backup.",
    );
  }
  return canonical;
}

/** A typed BIP-39 phrase as the words it is read as: NFKD (as BIP-39 says), lowercase, split on any whitespace. */
export function bip39Words(text: string): string[] {
  return text.normalize('NFKD').toLowerCase().split(/\s+/).filter((word) => word.length > 0);
}

/** The entropy a BIP-39 phrase encodes (16–32 bytes). The caller zeroes it. */
export function bip39EntropyFromMnemonic(mnemonic: string): Uint8Array {
  return mnemonicToEntropy(parseBip39Mnemonic(mnemonic), wordlist);
}

/** The BIP-32 seed of a BIP-39 phrase and passphrase ("" for none; NFKD-normalized per BIP-39). */
export async function seedFromBip39(mnemonic: string, passphrase: string): Promise<Uint8Array> {
  if (typeof passphrase !== 'string') throw new TypeError(`expected a passphrase string, got ${typeof passphrase}`);
  return mnemonicToSeed(parseBip39Mnemonic(mnemonic), passphrase);
}

function mnemonicInvalid(message: string, position?: number): AirlockError {
  return new AirlockError('bip39-mnemonic-invalid', message, position === undefined ? {} : { position });
}
