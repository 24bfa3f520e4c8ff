import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { getPublicKey } from '@noble/secp256k1';
import { HDKey } from '@scure/bip32';
import { seedFromBip39 } from '../../../../shared/crypto/seed';
import { deriveAccount, deriveAccountKey, deriveAccounts, parseHdPath, pathFor, PATH_SCHEMES } from '../../../../shared/evm/hd';
import { hasCode } from '../../../helpers/error-code';

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
// m/44'/60'/0'/0/i of the test phrase, no passphrase, as published by wallets and libraries that
// use it as a fixture (MetaMask-compatible wallets, BlueWallet's tests, and others).
const PUBLISHED_BIP44 = [
  '0x9858EfFD232B4033E47d90003D41EC34EcaEda94',
  '0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0',
  '0xb6716976A3ebe8D39aCEB04372f22Ff8e6802D7A',
];
const seed = () => seedFromBip39(ABOUT, '');

/** The address computed without our modules: scure's own path parser, then secp256k1 and keccak directly. */
function independentAddress(seedBytes: Uint8Array, path: string): string {
  const privateKey = HDKey.fromMasterSeed(seedBytes).derive(path).privateKey!;
  const uncompressed = getPublicKey(privateKey, false);
  return '0x' + bytesToHex(keccak_256(uncompressed.subarray(1)).subarray(12));
}

test('the test phrase derives the published BIP-44 addresses, starting with 0x9858EfFD…EcaEda94', async () => {
  const s = await seed();
  PUBLISHED_BIP44.forEach((address, index) => {
    const path = pathFor('bip44', index);
    assert.deepEqual(deriveAccount(s, path).address, address, path);
  });
});

test('BIP-44 and Ledger Live accounts 0–5 match an independent derivation', async () => {
  const s = await seed();
  for (const scheme of ['bip44', 'ledger-live'] as const) {
    for (let index = 0; index <= 5; index++) {
      const path = pathFor(scheme, index);
      const account = deriveAccount(s, path);
      assert.equal(account.path, path);
      assert.equal(account.address.toLowerCase(), independentAddress(s, path), path);
      assert.equal(account.publicKey.length, 33);
    }
  }
});

test("account 0 is the same address under both schemes, and account 1 is not", async () => {
  const s = await seed();
  assert.equal(deriveAccount(s, pathFor('ledger-live', 0)).address, PUBLISHED_BIP44[0]);
  assert.notEqual(deriveAccount(s, pathFor('ledger-live', 1)).address, deriveAccount(s, pathFor('bip44', 1)).address);
});

test('deriveAccountKey returns the private key of that account, wrapped, and leaves the seed untouched', async () => {
  const s = await seed();
  const before = s.slice();
  const { account, privateKey } = deriveAccountKey(s, pathFor('bip44', 2));
  assert.equal(account.address, PUBLISHED_BIP44[2]);
  assert.deepEqual(privateKey.use((key) => getPublicKey(key, true)), account.publicKey);
  assert.equal(JSON.stringify({ privateKey }), '{"privateKey":"[secret]"}');
  privateKey.dispose();
  assert.throws(() => privateKey.use((key) => key), hasCode('secret-disposed'));
  assert.deepEqual(s, before);
});

test('pathFor writes the two schemes and refuses account numbers outside 0..2^31-1', () => {
  assert.equal(pathFor('bip44', 7), "m/44'/60'/0'/0/7");
  assert.equal(pathFor('ledger-live', 7), "m/44'/60'/7'/0/0");
  assert.equal(pathFor('bip44', 2 ** 31 - 1), "m/44'/60'/0'/0/2147483647");
  for (const index of [-1, 2 ** 31, 1.5, NaN]) {
    assert.throws(() => pathFor('bip44', index), hasCode('hd-path-invalid'), String(index));
  }
  assert.throws(() => pathFor('electrum' as never, 0), hasCode('hd-path-invalid'));
  assert.deepEqual(Object.keys(PATH_SCHEMES).sort(), ['bip44', 'ledger-live']);
});

test("parseHdPath gives canonical text and indexes, reading h and H as '", () => {
  const parsed = parseHdPath("m/44h/60H/0'/0/12");
  assert.equal(parsed.text, "m/44'/60'/0'/0/12");
  assert.deepEqual(parsed.indexes, [44 + 2 ** 31, 60 + 2 ** 31, 2 ** 31, 0, 12]);
  assert.equal(parseHdPath("m/2147483647'").indexes[0], 2 ** 32 - 1);
  assert.equal(parseHdPath('m' + '/0'.repeat(255)).indexes.length, 255);
});

test('malformed paths are hd-path-invalid with a sentence naming the level', () => {
  const bad = ['', 'm', 'm/', 'M/44\'', '44\'/60\'', "m/44'/60'/0'/0/", 'm/01', 'm/2147483648', 'm/-1', "m/1''", 'm/1 ', 'm/0x10', 'm//0', 'm' + '/0'.repeat(256)];
  for (const path of bad) {
    assert.throws(() => parseHdPath(path), hasCode('hd-path-invalid'), JSON.stringify(path));
  }
  assert.throws(() => parseHdPath("m/44'/60'/x/0"), (e: unknown) => hasCode('hd-path-invalid')(e) && /Level 3 /.test((e as Error).message));
});

test('deriving refuses a bad path with hd-path-invalid and a seed of the wrong size', async () => {
  const s = await seed();
  assert.throws(() => deriveAccount(s, "m/44'/60'/0'/0/x"), hasCode('hd-path-invalid'));
  assert.throws(() => deriveAccount(new Uint8Array(15), pathFor('bip44', 0)), TypeError);
  assert.throws(() => deriveAccount(new Uint8Array(65), pathFor('bip44', 0)), TypeError);
});

test('deriveAccounts gives, in order, what deriveAccount gives path by path, parents shared or not', async () => {
  const bytes = await seed();
  const paths = [pathFor('bip44', 3), pathFor('ledger-live', 1), pathFor('bip44', 0), "m/44'/60'/7'", pathFor('bip44', 1)];
  assert.deepEqual(deriveAccounts(bytes, paths), paths.map((path) => deriveAccount(bytes, path)));
  assert.equal(deriveAccounts(bytes, PUBLISHED_BIP44.map((_, i) => pathFor('bip44', i))).map((a) => a.address).join(), PUBLISHED_BIP44.join());
  assert.throws(() => deriveAccounts(bytes, [pathFor('bip44', 0), "m/1095324236'/1'/0'"]), hasCode('hd-path-invalid'));
});
