import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import {
  bip39EntropyFromMnemonic,
  describeSeedDerivation,
  parseBip39Mnemonic,
  SEED_DERIVATIONS,
  seedFromBip39,
  seedFromSlip39MasterSecret,
} from '../../../../shared/crypto/seed';
import { AirlockError } from '../../../../shared/errors';
import { hasCode } from '../../../helpers/error-code';

type Bip39Vector = [entropy: string, mnemonic: string, seed: string, xprv: string];
type Slip39Vector = [description: string, mnemonics: string[], masterSecret: string, xprv: string];
const readVectors = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../vectors/${name}`, import.meta.url), 'utf8'));
const BIP39 = (readVectors('bip39-trezor.json') as { english: Bip39Vector[] }).english;
const SLIP39 = (readVectors('slip39-trezor.json') as Slip39Vector[]).filter(([, , masterSecret]) => masterSecret !== '');

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

test(`all ${BIP39.length} BIP-39 reference vectors (Trezor, passphrase TREZOR): entropy ↔ mnemonic → seed → root xprv`, async () => {
  assert.equal(BIP39.length, 24);
  for (const [entropy, mnemonic, seed, xprv] of BIP39) {
    assert.equal(entropyToMnemonic(hexToBytes(entropy), wordlist), mnemonic);
    assert.equal(bytesToHex(bip39EntropyFromMnemonic(mnemonic)), entropy);
    const derived = await seedFromBip39(mnemonic, 'TREZOR');
    assert.equal(bytesToHex(derived), seed, mnemonic);
    assert.equal(HDKey.fromMasterSeed(derived).privateExtendedKey, xprv, mnemonic);
  }
});

test('the test phrase with no passphrase gives the well-known seed, and the passphrase changes it', async () => {
  assert.equal(
    bytesToHex(await seedFromBip39(ABOUT, '')),
    '5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc19a5ac40b389cd370d086206dec8aa6c43daea6690f20ad3d8d48b2d2ce9e38e4',
  );
  assert.notDeepEqual(await seedFromBip39(ABOUT, ' '), await seedFromBip39(ABOUT, ''), 'a passphrase of one space is a different wallet');
});

test('a phrase typed with capitals, tabs and extra spaces reads as the canonical phrase', async () => {
  const typed = `  Abandon\tABANDON abandon   abandon abandon abandon abandon abandon abandon abandon abandon About \n`;
  assert.equal(parseBip39Mnemonic(typed), ABOUT);
  assert.deepEqual(await seedFromBip39(typed, 'TREZOR'), hexToBytes(BIP39[0]![2]));
});

test('H-29 an unknown word is named by its position only: neither the typed word nor a suggestion', () => {
  const words = ABOUT.split(' ');
  for (const typed of ['abandn', 'xylophone', 'aband0n']) {
    words[2] = typed;
    assert.throws(
      () => parseBip39Mnemonic(words.join(' ')),
      (e: unknown) =>
        hasCode('bip39-mnemonic-invalid')(e) &&
        JSON.stringify((e as AirlockError).params) === JSON.stringify({ position: 3 }) &&
        (e as Error).message === "Word 3 of the recovery phrase is not in the BIP-39 English word list. Check its spelling against the holder's backup.",
    );
  }
});

test('a wrong number of words or an empty phrase is bip39-mnemonic-invalid', () => {
  const eleven = ABOUT.split(' ').slice(1).join(' ');
  assert.throws(() => parseBip39Mnemonic(eleven), (e: unknown) => hasCode('bip39-mnemonic-invalid')(e) && /has 11\b/.test((e as Error).message));
  assert.throws(() => parseBip39Mnemonic('   '), hasCode('bip39-mnemonic-invalid'));
});

test('a phrase of real words with a wrong checksum is bip39-checksum-invalid', async () => {
  const twelveAbandon = Array(12).fill('abandon').join(' ');
  assert.throws(() => parseBip39Mnemonic(twelveAbandon), hasCode('bip39-checksum-invalid'));
  await assert.rejects(seedFromBip39(twelveAbandon, ''), hasCode('bip39-checksum-invalid'));
  const swapped = BIP39[12]![1].split(' ');
  [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
  assert.throws(() => bip39EntropyFromMnemonic(swapped.join(' ')), hasCode('bip39-checksum-invalid'));
});

test(`a SLIP-39 master secret is the BIP-32 seed itself: all ${SLIP39.length} valid SLIP-39 reference vectors give their xprv`, () => {
  assert.ok(SLIP39.length >= 10);
  for (const [description, , masterSecret, xprv] of SLIP39) {
    const seed = seedFromSlip39MasterSecret(hexToBytes(masterSecret));
    assert.equal(HDKey.fromMasterSeed(seed).privateExtendedKey, xprv, description);
  }
});

test('the SLIP-39 seed is a copy the caller can wipe, and master secrets of the wrong size are refused', () => {
  const masterSecret = new Uint8Array(16).fill(7);
  const seed = seedFromSlip39MasterSecret(masterSecret);
  seed.fill(0);
  assert.deepEqual(masterSecret, new Uint8Array(16).fill(7));
  for (const length of [0, 15, 17, 34, 64]) {
    assert.throws(() => seedFromSlip39MasterSecret(new Uint8Array(length)), RangeError, `${length} bytes`);
  }
});

test('each seed derivation has a description for the key holder', () => {
  assert.deepEqual(Object.keys(SEED_DERIVATIONS).sort(), ['bip39-mnemonic', 'slip39-master-secret']);
  assert.match(describeSeedDerivation('slip39-master-secret'), /Trezor/);
  assert.match(describeSeedDerivation('bip39-mnemonic'), /BIP-39/);
});
