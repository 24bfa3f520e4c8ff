// Bitcoin accounts and descriptors against the published vectors (BIP-84, BIP-86, BIP-380), and the parser's
// refusals: wrong network, private keys, a changed character, random text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';
import { createScriptDeriver, descriptorChecksum, formatDescriptor, parseDescriptor } from '../../../../shared/btc/descriptor';
import { btcAccountPath, deriveBtcAccount, parseXpub, withAccountNode } from '../../../../shared/btc/keys';
import { accountDescriptor } from '../../../../shared/btc/seed-ownership';
import { AirlockError } from '../../../../shared/errors';
import { COSIGNER_B, multisigDescriptor, MNEMONIC } from '../../../helpers/bitcoin';

const vectors = JSON.parse(readFileSync(join(import.meta.dirname, '../../../vectors/bitcoin-bips.json'), 'utf8'));
const seed = mnemonicToSeedSync(vectors.mnemonic);
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AirlockError, String(error));
    return error.code;
  }
  assert.fail('expected a refusal');
};

for (const [kind, bip] of [['p2wpkh', 'bip84'], ['p2tr', 'bip86']] as const) {
  test(`${bip.toUpperCase()} vectors: account 0's xpub and its receive and change addresses`, () => {
    const account = deriveBtcAccount(seed, kind, 'mainnet', 0);
    assert.equal(account.xpub, vectors[bip].accountXpub);
    assert.equal(account.masterFingerprint, '73c5da0a');
    const scripts = createScriptDeriver(accountDescriptor(account));
    for (const [at, address] of Object.entries(vectors[bip].addresses as Record<string, string>)) {
      const [branch, index] = at.split('/').map(Number) as [number, number];
      assert.equal(scripts.addressAt(branch, index), address);
    }
  });
}

test('CKDpub below a branch agrees with @scure/bip32 on both branches of a BIP-84 and a BIP-48 key', () => {
  for (const kind of ['p2wpkh', 'p2wsh-cosigner'] as const) {
    const account = deriveBtcAccount(seed, kind, 'mainnet', 0);
    const scripts = createScriptDeriver(parseDescriptor(`wpkh([73c5da0a${account.path.slice(1)}]${account.xpub}/<0;1>/*)`, 'mainnet'));
    const node = HDKey.fromExtendedKey(account.xpub);
    for (const branch of [0, 1]) {
      for (let index = 0; index < 60; index++) assert.deepEqual(scripts.publicKey(0, branch, index), node.deriveChild(branch).deriveChild(index).publicKey, `${kind} ${branch}/${index}`);
    }
  }
});

test('keys derived in one batch (prepare) are @scure/bip32\'s for every key of a 2-of-3 on both branches; addresses off the branches are left to publicKey, which refuses them', () => {
  const descriptor = parseDescriptor(multisigDescriptor(), 'mainnet');
  const scripts = createScriptDeriver(descriptor);
  const addresses = [0, 1].flatMap((branch) => Array.from({ length: 30 }, (_, index) => ({ branch, index })));
  scripts.prepare([...addresses, { branch: 2, index: 0 }, { branch: 0, index: 0x80000000 }, { branch: 0, index: -1 }]);
  for (const [k, key] of descriptor.keys.entries()) {
    for (const { branch, index } of addresses) assert.deepEqual(scripts.publicKey(k, branch, index), key.node.deriveChild(branch).deriveChild(index).publicKey, `key ${k} ${branch}/${index}`);
  }
  assert.equal(code(() => scripts.publicKey(0, 2, 0)), 'btc-path-invalid');
  assert.equal(code(() => scripts.publicKey(0, 0, 0x80000000)), 'btc-path-invalid');
});

test('paths: BIP-84/86 on mainnet and testnet, BIP-48 script type 2; testnet keys are tpubs', () => {
  assert.equal(deriveBtcAccount(seed, 'p2wsh-cosigner', 'mainnet', 0).path, "m/48'/0'/0'/2'");
  const testnet = deriveBtcAccount(seed, 'p2wpkh', 'testnet', 3);
  assert.equal(testnet.path, "m/84'/1'/3'");
  assert.match(testnet.xpub, /^tpub/);
  assert.match(createScriptDeriver(accountDescriptor(testnet)).addressAt(0, 0), /^tb1q/);
  assert.equal(code(() => btcAccountPath('p2wpkh', 'mainnet', -1)), 'hd-path-invalid');
  assert.equal(code(() => withAccountNode(seed, 'mainnet', [0x4149524c + 0x80000000], () => 1)), 'hd-path-invalid');
});

test('an extended private key or another network\'s key is refused as an xpub', () => {
  const xprv = 'xprv9s21ZrQH143K3GJpoapnV8SFfukcVBSfeCficPSGfubmSFDxo1kuHnLisriDvSnRRuL2Qrg5ggqHKNVpxR86QEC8w35uxmGoggxtQTPvfUu';
  assert.equal(code(() => parseXpub(xprv, 'mainnet')), 'btc-xpub-invalid');
  assert.equal(code(() => parseXpub(vectors.bip84.accountXpub, 'testnet')), 'btc-xpub-invalid');
});

test('BIP-380 checksums: the published one, and a multisig round trip that keeps its checksum', () => {
  for (const [text, checksum] of vectors.bip380.checksums) assert.equal(descriptorChecksum(text), checksum);
  const text = multisigDescriptor();
  const parsed = parseDescriptor(`${text}#${descriptorChecksum(text)}`, 'mainnet');
  assert.equal(parsed.threshold, 2);
  assert.equal(parsed.keys.length, 3);
  assert.equal(formatDescriptor(parseDescriptor(formatDescriptor(parsed), 'mainnet')), formatDescriptor(parsed));
  // h and ' both mark hardened steps, and /0/* reads as the receive branch of <0;1>.
  assert.equal(formatDescriptor(parseDescriptor(text.replaceAll("'", 'h').replaceAll('<0;1>', '0'), 'mainnet')), formatDescriptor(parsed));
});

test('a descriptor with one character changed fails its checksum; unsupported shapes and duplicate keys are refused', () => {
  const good = formatDescriptor(parseDescriptor(multisigDescriptor(), 'mainnet'));
  const changed = good.replace('sortedmulti(2,', 'sortedmulti(3,');
  assert.equal(code(() => parseDescriptor(changed, 'mainnet')), 'btc-descriptor-checksum');
  assert.equal(code(() => parseDescriptor(`pkh([73c5da0a/44'/0'/0']${vectors.bip84.accountXpub}/<0;1>/*)`, 'mainnet')), 'btc-descriptor-invalid');
  assert.equal(code(() => parseDescriptor(multisigDescriptor({ threshold: 4 }), 'mainnet')), 'btc-descriptor-invalid');
  assert.equal(code(() => parseDescriptor(multisigDescriptor({ mnemonics: [MNEMONIC, COSIGNER_B, MNEMONIC] }), 'mainnet')), 'btc-descriptor-invalid');
  assert.equal(code(() => parseDescriptor(multisigDescriptor(), 'testnet')), 'btc-xpub-invalid');
});

test('H-19 random text never crashes the descriptor parser: a typed error or a descriptor', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => {
      try {
        parseDescriptor(text, 'mainnet');
      } catch (error) {
        assert.ok(error instanceof AirlockError);
      }
    }),
    { numRuns: 300 },
  );
});
