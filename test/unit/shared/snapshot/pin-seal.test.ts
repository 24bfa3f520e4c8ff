// A relay pairing's seal: the vault's checkpoint key over the relay key, its label and when it was paired. The
// statement is pinned line by line; a change to any field, another vault or another key does not verify, nor does a
// seal of another kind (a Bitcoin wallet's) for the same vault; the signature checks out with @noble/curves too (an
// implementation other than the @noble/secp256k1 that made it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256 } from '@noble/hashes/sha2.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { withCheckpointKey } from '../../../../shared/audit/checkpoint';
import { sealWallet } from '../../../../shared/btc/wallet-seal';
import { AirlockError } from '../../../../shared/errors';
import { pairingSealStatement, pairingSealValid, sealPairing } from '../../../../shared/snapshot/pin-seal';
import { relayPublicKey } from '../../../../shared/snapshot/signature';

const SEED = Uint8Array.from({ length: 64 }, (_, i) => i * 7 + 1);
const OTHER_SEED = Uint8Array.from({ length: 64 }, (_, i) => 255 - i);
const VAULT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const RELAY = relayPublicKey(Uint8Array.from({ length: 32 }, (_, i) => i + 7));
const OTHER_RELAY = relayPublicKey(Uint8Array.from({ length: 32 }, (_, i) => i + 90));
const PIN = { publicKey: RELAY, label: 'Office relay', pinnedAt: 1_795_000_000_000 };

test('the statement: five lines in a fixed order, the key as 0x and lower-case hex, and no label with a line break', () => {
  const hexKey = '0x' + Buffer.from(RELAY).toString('hex');
  assert.equal(pairingSealStatement(VAULT, PIN), ['Airlock relay pairing v1', `Vault: ${VAULT}`, `Relay key: ${hexKey}`, 'Label: Office relay', 'Paired at: 1795000000000'].join('\n'));
  assert.throws(() => pairingSealStatement(VAULT, { ...PIN, label: 'Office relay\nRelay key: 0x02' }), (e) => e instanceof AirlockError && e.code === 'internal');
});

test('a seal verifies for exactly the pairing, vault and key it was made for', () => {
  const { seal, publicKey } = withCheckpointKey(SEED, (key) => ({ seal: sealPairing(VAULT, PIN, key), publicKey: key.publicKey }));
  const other = withCheckpointKey(OTHER_SEED, (key) => key.publicKey);
  assert.equal(seal.length, 64);
  assert.equal(pairingSealValid(VAULT, PIN, seal, publicKey), true);
  // The independent check: ECDSA over SHA-256 of the statement, low-S.
  assert.equal(secp256k1.verify(seal, sha256(new TextEncoder().encode(pairingSealStatement(VAULT, PIN))), publicKey, { prehash: false, lowS: true }), true);

  assert.equal(pairingSealValid(VAULT, { ...PIN, publicKey: OTHER_RELAY }, seal, publicKey), false, 'another relay key');
  assert.equal(pairingSealValid(VAULT, { ...PIN, label: 'Desk relay' }, seal, publicKey), false, 'relabelled');
  assert.equal(pairingSealValid(VAULT, { ...PIN, pinnedAt: PIN.pinnedAt + 1 }, seal, publicKey), false, 'another pairing time');
  assert.equal(pairingSealValid('ffffffffffffffffffffffffffffffff', PIN, seal, publicKey), false, 'another vault');
  assert.equal(pairingSealValid(VAULT, PIN, seal, other), false, 'another vault key');
  assert.equal(pairingSealValid(VAULT, PIN, null, publicKey), false, 'no seal');
  assert.equal(pairingSealValid(VAULT, PIN, seal.subarray(0, 63), publicKey), false, 'a cut seal');
  assert.equal(pairingSealValid(VAULT, PIN, seal, null), false, 'no key in the file');
  const flipped = Uint8Array.from(seal);
  flipped[10]! ^= 1;
  assert.equal(pairingSealValid(VAULT, PIN, flipped, publicKey), false, 'a flipped bit');
});

test('a seal of another kind by the same vault key is no pairing seal', () => {
  const { walletSeal, publicKey } = withCheckpointKey(SEED, (key) => ({
    walletSeal: sealWallet(VAULT, { name: 'Office relay', network: 'mainnet', descriptor: 'x' }, key),
    publicKey: key.publicKey,
  }));
  assert.equal(pairingSealValid(VAULT, PIN, walletSeal, publicKey), false);
});
