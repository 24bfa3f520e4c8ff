// A registered wallet's seal: the vault's checkpoint key over its name, network and descriptor; an account's, over
// everything the review and the export read of it. The statement is
// pinned line by line; a change to any field, another vault, another key or a checkpoint signature does not verify;
// the signature checks out with @noble/curves too (an implementation other than the @noble/secp256k1 that made it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256 } from '@noble/hashes/sha2.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { withCheckpointKey } from '../../../../shared/audit/checkpoint';
import { accountSealStatement, accountSealValid, sealAccount, sealWallet, walletSealStatement, walletSealValid } from '../../../../shared/btc/wallet-seal';
import { AirlockError } from '../../../../shared/errors';

const SEED = Uint8Array.from({ length: 64 }, (_, i) => i * 7 + 1);
const OTHER_SEED = Uint8Array.from({ length: 64 }, (_, i) => 255 - i);
const VAULT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const WALLET = {
  name: 'Fallback 2-of-3',
  network: 'mainnet',
  descriptor: "wsh(sortedmulti(2,[73c5da0a/48'/0'/0'/2']xpub6DkFAXWQ2dHxq2vatrt9qyA3bXYU4ToWQwCHbf5XB2mSTexcHZCeKS1VZYcPoBd5X8yVcbXFHJR9R8UCVpt82VX1VhR28mCyxUFL4r6KFrf/<0;1>/*))#abcdefgh",
};

test('the statement: five lines in a fixed order, and no field may carry a line break', () => {
  assert.equal(
    walletSealStatement(VAULT, WALLET),
    ['Airlock Bitcoin wallet v1', `Vault: ${VAULT}`, 'Name: Fallback 2-of-3', 'Network: mainnet', `Descriptor: ${WALLET.descriptor}`].join('\n'),
  );
  for (const field of ['name', 'network', 'descriptor'] as const) {
    assert.throws(() => walletSealStatement(VAULT, { ...WALLET, [field]: `${WALLET[field]}\nDescriptor: other` }), (e) => e instanceof AirlockError && e.code === 'internal');
  }
});

test('a seal verifies for exactly the wallet, vault and key it was made for', () => {
  const { seal, publicKey } = withCheckpointKey(SEED, (key) => ({ seal: sealWallet(VAULT, WALLET, key), publicKey: key.publicKey }));
  assert.equal(seal.length, 64);
  assert.equal(walletSealValid(VAULT, WALLET, seal, publicKey), true);
  // The independent check: ECDSA over SHA-256 of the statement, low-S.
  assert.equal(secp256k1.verify(seal, sha256(new TextEncoder().encode(walletSealStatement(VAULT, WALLET))), publicKey, { prehash: false, lowS: true }), true);

  assert.equal(walletSealValid(VAULT, { ...WALLET, name: 'Fallback' }, seal, publicKey), false, 'renamed');
  assert.equal(walletSealValid(VAULT, { ...WALLET, network: 'testnet' }, seal, publicKey), false, 'moved to another network');
  assert.equal(walletSealValid(VAULT, { ...WALLET, descriptor: WALLET.descriptor.replace('sortedmulti(2,', 'sortedmulti(1,') }, seal, publicKey), false, 'threshold lowered');
  assert.equal(walletSealValid('ffffffffffffffffffffffffffffffff', WALLET, seal, publicKey), false, 'copied from another vault');
  const otherKey = withCheckpointKey(OTHER_SEED, (key) => key.publicKey);
  assert.equal(walletSealValid(VAULT, WALLET, seal, otherKey), false, 'another vault key');
  const flipped = Uint8Array.from(seal);
  flipped[10]! ^= 1;
  assert.equal(walletSealValid(VAULT, WALLET, flipped, publicKey), false, 'one bit changed');
  assert.equal(walletSealValid(VAULT, WALLET, null, publicKey), false, 'no seal (imported before seals)');
  assert.equal(walletSealValid(VAULT, WALLET, seal.subarray(0, 63), publicKey), false, 'short');
  assert.equal(walletSealValid(VAULT, WALLET, seal, null), false, 'no key stored');
});

test('a high-S twin of a seal is refused, as the checkpoints refuse theirs', () => {
  const { seal, publicKey } = withCheckpointKey(SEED, (key) => ({ seal: sealWallet(VAULT, WALLET, key), publicKey: key.publicKey }));
  const n = secp256k1.Point.CURVE().n;
  const s = BigInt(`0x${Buffer.from(seal.subarray(32)).toString('hex')}`);
  const twin = Uint8Array.from([...seal.subarray(0, 32), ...Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex')]);
  assert.equal(walletSealValid(VAULT, WALLET, twin, publicKey), false);
});

const ACCOUNT = {
  label: 'BTC treasury',
  role: 'btc-treasury',
  kind: 'p2wpkh',
  network: 'mainnet',
  path: "m/84'/0'/0'",
  masterFingerprint: '73c5da0a',
  xpub: 'xpub6CatWdiZiodmUeTDp8LT5or8nmbKNcuyvz7WyksVFkKB4RHwCD3XyuvPEbvqAQY3rAPshWcMLoP2fMFMKHPJ4ZeZXYVUhLv1VMrjPC7PW6V',
};

test('an account statement: nine lines in a fixed order; its seal verifies for exactly that account, and never as a wallet\'s', () => {
  assert.equal(
    accountSealStatement(VAULT, ACCOUNT),
    ['Airlock Bitcoin account v1', `Vault: ${VAULT}`, 'Label: BTC treasury', 'Role: btc-treasury', 'Kind: p2wpkh', 'Network: mainnet', "Path: m/84'/0'/0'", 'Fingerprint: 73c5da0a', `Xpub: ${ACCOUNT.xpub}`].join('\n'),
  );
  assert.throws(() => accountSealStatement(VAULT, { ...ACCOUNT, label: 'BTC\nXpub: other' }), (e) => e instanceof AirlockError && e.code === 'internal');
  const { seal, publicKey } = withCheckpointKey(SEED, (key) => ({ seal: sealAccount(VAULT, ACCOUNT, key), publicKey: key.publicKey }));
  assert.equal(accountSealValid(VAULT, ACCOUNT, seal, publicKey), true);
  assert.equal(secp256k1.verify(seal, sha256(new TextEncoder().encode(accountSealStatement(VAULT, ACCOUNT))), publicKey, { prehash: false, lowS: true }), true);
  for (const field of Object.keys(ACCOUNT) as Array<keyof typeof ACCOUNT>) {
    assert.equal(accountSealValid(VAULT, { ...ACCOUNT, [field]: `${ACCOUNT[field]}x` }, seal, publicKey), false, `${field} changed`);
  }
  assert.equal(accountSealValid('ffffffffffffffffffffffffffffffff', ACCOUNT, seal, publicKey), false, 'another vault');
  assert.equal(accountSealValid(VAULT, ACCOUNT, seal, withCheckpointKey(OTHER_SEED, (key) => key.publicKey)), false, 'another key');
  assert.equal(accountSealValid(VAULT, ACCOUNT, null, publicKey), false, 'registered before seals');
  // A wallet's seal over the same vault is no account's, and the other way round.
  const walletSeal = withCheckpointKey(SEED, (key) => sealWallet(VAULT, WALLET, key));
  assert.equal(accountSealValid(VAULT, ACCOUNT, walletSeal, publicKey), false);
  assert.equal(walletSealValid(VAULT, WALLET, seal, publicKey), false);
});
