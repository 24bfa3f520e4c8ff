// Watch-only export on a real vault: only after a quorum unlock, public keys only, readable by Keystone's
// registry (what MetaMask's QR-wallet flow uses), and the addresses derived from it are the registered ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CryptoAccount, CryptoHDKey } from '@keystonehq/bc-ur-registry-eth';
import { HDKey } from '@scure/bip32';
import { computeAddress } from 'ethers';
import { AirlockError } from '../../../../../shared/errors';
import { fromMnemonic, HOLDERS, twoOfThree, vaultServices } from '../../../../helpers/vault-fixture';

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
/** The well-known first address of this mnemonic in every BIP-44 wallet. */
const FIRST_ADDRESS = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';

test('the watch-only export needs the quorum, is audited, and lets another wallet derive exactly the registered accounts', async () => {
  const { services, custody } = vaultServices();
  await custody.vault.create(
    fromMnemonic(MNEMONIC, [
      { scheme: 'bip44', index: 0, label: 'Treasury', role: 'eoa-treasury' },
      { scheme: 'bip44', index: 3, label: 'Owner', role: 'safe-owner' },
      { scheme: 'ledger-live', index: 2, label: 'Ledger', role: 'executor' },
    ]),
  );
  assert.throws(() => custody.watchOnly.export(), (e: unknown) => e instanceof AirlockError && e.code === 'vault-locked');
  await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
  await custody.unlock.present('Carol', HOLDERS[2]!.passphrase);
  await custody.unlock.complete({});
  const exports = custody.watchOnly.export();
  assert.deepEqual(exports.map((e) => e.type), ['crypto-hdkey', 'crypto-account']);

  const hdkey = CryptoHDKey.fromCBOR(Buffer.from(exports[0]!.payload, 'hex'));
  assert.equal(hdkey.isPrivateKey(), false);
  assert.equal(hdkey.getOrigin()!.getPath(), "44'/60'/0'");
  assert.equal(hdkey.getChildren()!.getPath(), '0/*');
  const xpub = HDKey.fromExtendedKey(hdkey.getBip32Key());
  assert.equal(xpub.privateKey, null);
  assert.equal(computeAddress('0x' + Buffer.from(xpub.deriveChild(0).deriveChild(0).publicKey!).toString('hex')), FIRST_ADDRESS);
  const registered = custody.vault.accounts();
  assert.equal(computeAddress('0x' + Buffer.from(xpub.deriveChild(0).deriveChild(3).publicKey!).toString('hex')), registered[1]!.address);
  assert.deepEqual(exports[0]!.accounts.map((a) => a.address), [registered[0]!.address, registered[1]!.address]);

  const account = CryptoAccount.fromCBOR(Buffer.from(exports[1]!.payload, 'hex'));
  const keys = account.getOutputDescriptors().map((o) => o.getHDKey()!);
  assert.equal(keys.length, 1);
  assert.equal(keys[0]!.getOrigin()!.getPath(), "44'/60'/2'/0/0");
  assert.equal(computeAddress('0x' + keys[0]!.getKey().toString('hex')), registered[2]!.address);
  assert.equal(exports[1]!.fingerprint.split(' ').length, 4);

  const entry = services.audit.list(1)[0]!;
  assert.equal(entry.action, 'watch-only-exported');
  assert.equal(JSON.stringify(entry).includes(exports[0]!.payload), false, 'the audit names the export, it does not copy it');
});

test('the relay watch list needs no unlock: registered accounts and the Safes of drafts and snapshots, audited', async () => {
  const { services, custody } = vaultServices();
  await custody.vault.create(twoOfThree({ accounts: [{ scheme: 'bip44', index: 0, label: 'Treasury', role: 'eoa-treasury' }, { scheme: 'bip44', index: 1, label: 'Owner', role: 'safe-owner' }] }));
  const [treasury, owner] = custody.vault.accounts().map((a) => a.address);
  custody.drafts.create({
    chainId: '1',
    executor: { kind: 'safe', safe: '0x2222222222222222222222222222222222222222', version: '1.4.1', owners: [owner, '0x1111111111111111111111111111111111111111'], threshold: 1, nonce: '0' },
    actions: [{ type: 'pause', target: '0x4444444444444444444444444444444444444444' }],
  });
  const exported = custody.watchOnly.watchList();
  assert.equal(custody.unlock.status().state, 'locked');
  assert.deepEqual(exported.list.accounts.map((a) => a.address), [treasury, owner]);
  assert.deepEqual(exported.list.safes.map((s) => s.address), ['0x2222222222222222222222222222222222222222']);
  assert.equal(JSON.parse(Buffer.from(exported.payload, 'hex').toString('utf8')).version, 1);
  assert.equal(services.audit.list(1)[0]!.action, 'watch-list-exported');
});
