// Importing a multisig wallet (real SQLite file, real KDFs): one key of this vault per wallet. Where its own cosigner
// keys meet the threshold the vault alone could spend what looks like several holders' wallet; below it the wallet would
// wait for a second signature the vault never makes. One key of the vault among the others' is imported and shown so. Keys are derived with @scure/bip32, as a coordinator exports them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { HDKey } from '@scure/bip32';
import { AirlockError } from '../../../../../shared/errors';
import { COSIGNER_B, COSIGNER_C, MNEMONIC, seedOf } from '../../../../helpers/bitcoin';
import { HOLDERS, twoOfThree, vaultServices } from '../../../../helpers/vault-fixture';

const fixture = vaultServices();

/** The key expression of `mnemonic`'s BIP-48 P2WSH cosigner key at `account`, with its origin. */
function cosigner(mnemonic: string, account: number): string {
  const master = HDKey.fromMasterSeed(seedOf(mnemonic));
  const path = `48'/0'/${account}'/2'`;
  return `[${master.fingerprint.toString(16).padStart(8, '0')}/${path}]${master.derive(`m/${path}`).publicExtendedKey}/<0;1>/*`;
}
const wallet = (threshold: number, keys: string[]) => `wsh(sortedmulti(${threshold},${keys.join(',')}))`;

before(async () => {
  await fixture.custody.vault.create(twoOfThree({ source: { kind: 'bip39', mnemonic: MNEMONIC, bip39Passphrase: '' } }));
  for (const holder of HOLDERS.slice(0, 2)) await fixture.custody.unlock.present(holder.name, holder.passphrase);
  await fixture.custody.unlock.complete({});
  fixture.custody.bitcoin.addAccount({ kind: 'p2wsh-cosigner', network: 'mainnet', index: 0, label: 'Cosigner 0' });
  fixture.custody.bitcoin.addAccount({ kind: 'p2wsh-cosigner', network: 'mainnet', index: 1, label: 'Cosigner 1' });
  fixture.custody.unlock.lock('explicit');
});
after(() => fixture.services.close());

test('a multisig holding two of this vault\'s keys is refused, saying whether the vault could spend it alone; one key among the others\' is imported', () => {
  const { bitcoin } = fixture.custody;
  const [ours0, ours1, b, c] = [cosigner(MNEMONIC, 0), cosigner(MNEMONIC, 1), cosigner(COSIGNER_B, 0), cosigner(COSIGNER_C, 0)];
  const refused = (code: string, needs: string, why: RegExp) => (e: unknown) =>
    e instanceof AirlockError && e.code === code && e.message.includes(`needs ${needs} keys, and 2 of them are this vault's (m/48'/0'/0'/2', m/48'/0'/1'/2')`) && why.test(e.message);
  assert.throws(() => bitcoin.importWallet({ name: 'Fallback', network: 'mainnet', descriptor: wallet(2, [ours0, ours1, b]) }), refused('btc-wallet-spendable-alone', '2 of its 3', /the vault alone could spend/));
  assert.throws(() => bitcoin.importWallet({ name: 'Fallback', network: 'mainnet', descriptor: wallet(2, [ours0, b, ours1, c]) }), refused('btc-wallet-spendable-alone', '2 of its 4', /the vault alone could spend/));
  assert.throws(() => bitcoin.importWallet({ name: 'Council', network: 'mainnet', descriptor: wallet(3, [ours0, ours1, b, c]) }), refused('btc-wallet-vault-keys-repeated', '3 of its 4', /a signature the vault never makes/));
  assert.equal(bitcoin.overview().wallets.length, 0, 'nothing was imported');

  const one = bitcoin.importWallet({ name: 'Fallback 2-of-3', network: 'mainnet', descriptor: wallet(2, [ours1, b, c]) });
  assert.match(one.summary, /^2 of 3: /);
  assert.deepEqual(one.cosignerKeys.filter((k) => k.ours).map((k) => k.label), ['Cosigner 1']);
  assert.equal(bitcoin.overview().wallets.length, 1);
});
