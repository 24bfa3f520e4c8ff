// Importing a multisig wallet (real SQLite file, real KDFs): one key of this vault per wallet. Where its own cosigner
// keys meet the threshold the vault alone could spend what looks like several holders' wallet; below it the wallet would
// wait for a second signature the vault never makes. One key of the vault among the others' is imported and shown so.
// Keys are derived with @scure/bip32, as a coordinator exports them. A wallet is imported only while a quorum has the
// vault unlocked, which seals it; rows added, copied or re-sealed in the file by someone holding it are refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type Database from 'better-sqlite3';
import { HDKey } from '@scure/bip32';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { formatDescriptor, parseDescriptor } from '../../../../../shared/btc/descriptor';
import { sealAccount, sealWallet, type SealedAccount } from '../../../../../shared/btc/wallet-seal';
import { SecretBytes } from '../../../../../shared/crypto/secret';
import { AirlockError } from '../../../../../shared/errors';
import { COSIGNER_B, COSIGNER_C, externalAddress, MNEMONIC, multisigDescriptor, multisigPsbt, seedOf } from '../../../../helpers/bitcoin';
import { editVaultFile } from '../../../../helpers/audit-tamper';
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

async function unlocked<T>(fn: () => T): Promise<T> {
  for (const holder of HOLDERS.slice(0, 2)) await fixture.custody.unlock.present(holder.name, holder.passphrase);
  await fixture.custody.unlock.complete({});
  try {
    return fn();
  } finally {
    fixture.custody.unlock.lock('explicit');
  }
}

/** The vault file, as someone who holds it edits it. */
const editFile = <T>(fn: (raw: Database.Database) => T): T => editVaultFile(fixture.dbPath, fn);

test('a multisig holding two of this vault\'s keys is refused, saying whether the vault could spend it alone; one key among the others\' is imported, only while unlocked', async () => {
  const { bitcoin } = fixture.custody;
  const [ours0, ours1, b, c] = [cosigner(MNEMONIC, 0), cosigner(MNEMONIC, 1), cosigner(COSIGNER_B, 0), cosigner(COSIGNER_C, 0)];
  const refused = (code: string, needs: string, why: RegExp) => (e: unknown) =>
    e instanceof AirlockError && e.code === code && e.message.includes(`needs ${needs} keys, and 2 of them are this vault's (m/48'/0'/0'/2', m/48'/0'/1'/2')`) && why.test(e.message);
  assert.throws(() => bitcoin.importWallet({ name: 'Fallback', network: 'mainnet', descriptor: wallet(2, [ours0, ours1, b]) }), refused('btc-wallet-spendable-alone', '2 of its 3', /the vault alone could spend/));
  assert.throws(() => bitcoin.importWallet({ name: 'Fallback', network: 'mainnet', descriptor: wallet(2, [ours0, b, ours1, c]) }), refused('btc-wallet-spendable-alone', '2 of its 4', /the vault alone could spend/));
  assert.throws(() => bitcoin.importWallet({ name: 'Council', network: 'mainnet', descriptor: wallet(3, [ours0, ours1, b, c]) }), refused('btc-wallet-vault-keys-repeated', '3 of its 4', /a signature the vault never makes/));
  assert.equal(bitcoin.overview().wallets.length, 0, 'nothing was imported');

  // Locked, a good wallet is not imported either: the vault must seal it.
  assert.throws(() => bitcoin.importWallet({ name: 'Fallback 2-of-3', network: 'mainnet', descriptor: wallet(2, [ours1, b, c]) }), (e) => e instanceof AirlockError && e.code === 'vault-locked');
  assert.equal(bitcoin.overview().wallets.length, 0);
  const one = await unlocked(() => bitcoin.importWallet({ name: 'Fallback 2-of-3', network: 'mainnet', descriptor: wallet(2, [ours1, b, c]) }));
  assert.match(one.summary, /^2 of 3: /);
  assert.equal(one.sealed, true);
  assert.deepEqual(one.cosignerKeys.filter((k) => k.ours).map((k) => k.label), ['Cosigner 1']);
  assert.equal(bitcoin.overview().wallets.length, 1);
  // Its import is covered by a signed checkpoint at once.
  assert.equal(fixture.services.audit.verify().problem, null);
});

test('a seal copied onto a row added in the file is refused for every review, naming that row; the wallet it came from still works alone', () => {
  const { bitcoin } = fixture.custody;
  const theirs = formatDescriptor(parseDescriptor(multisigDescriptor({ mnemonics: [COSIGNER_B, COSIGNER_C, 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong'], threshold: 1 }), 'mainnet'));
  editFile((raw) =>
    raw
      .prepare("INSERT INTO btc_wallet (vault_id, name, network, descriptor, threshold, cosigners, created_at, seal) SELECT vault_id, 'Savings', network, ?, 1, 3, created_at, seal FROM btc_wallet WHERE name = 'Fallback 2-of-3'")
      .run(theirs),
  );
  try {
    assert.throws(() => bitcoin.ownership('mainnet'), (e) => e instanceof AirlockError && e.code === 'btc-wallet-unsealed' && e.message.includes('"Savings" does not carry this vault\'s seal'));
    assert.throws(() => bitcoin.wallet('Savings'), (e) => e instanceof AirlockError && e.code === 'btc-wallet-unsealed');
    assert.throws(() => bitcoin.export(), (e) => e instanceof AirlockError && e.code === 'btc-wallet-unsealed');
    assert.equal(bitcoin.wallet('Fallback 2-of-3').name, 'Fallback 2-of-3');
    assert.deepEqual(bitcoin.overview().wallets.map((w) => [w.name, w.sealed]), [['Fallback 2-of-3', true], ['Savings', false]]);
  } finally {
    editFile((raw) => raw.prepare("DELETE FROM btc_wallet WHERE name = 'Savings'").run());
  }
  assert.equal(bitcoin.ownership('mainnet').wallets.length, 1);
});

test('the checkpoint key replaced in the file and a swapped wallet sealed with it while the vault is open: the review reads it, approve signs nothing, the next unlock refuses', async () => {
  const { bitcoin, psbt, unlock } = fixture.custody;
  await unlocked(() => bitcoin.importWallet({ name: 'Treasury', network: 'mainnet', descriptor: multisigDescriptor() }));
  const spend = multisigPsbt({ inputs: [{ index: 3, value: 100_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 80_000n }], change: { index: 1, value: 19_000n } });
  for (const holder of HOLDERS.slice(0, 2)) await unlock.present(holder.name, holder.passphrase);
  await unlock.complete({});

  // Someone with the file, while the vault is open: their own key as the checkpoint key, the fallback swapped for
  // a 1-of-3 of keys they hold, and sealed with their key.
  const theirKey = { privateKey: new SecretBytes(secp256k1.utils.randomSecretKey()), publicKey: new Uint8Array(0) };
  theirKey.publicKey = theirKey.privateKey.use((k) => secp256k1.getPublicKey(k, true));
  const vaultId = fixture.custody.vault.summary()!.id;
  const ownKey = editFile((raw) => new Uint8Array((raw.prepare('SELECT public_key FROM audit_checkpoint_key').get() as { public_key: Buffer }).public_key));
  const swapped = formatDescriptor(parseDescriptor(multisigDescriptor({ mnemonics: [COSIGNER_B, COSIGNER_C, 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong'], threshold: 1 }), 'mainnet'));
  editFile((raw) => {
    raw.prepare('UPDATE audit_checkpoint_key SET public_key = ?').run(Buffer.from(theirKey.publicKey));
    raw.prepare("UPDATE btc_wallet SET descriptor = ?, threshold = 1 WHERE name = 'Fallback 2-of-3'").run(swapped);
    // Every wallet and account sealed again with their key, or the untouched ones would no longer verify.
    for (const row of raw.prepare('SELECT id, name, network, descriptor FROM btc_wallet').all() as Array<{ id: number; name: string; network: string; descriptor: string }>) {
      raw.prepare('UPDATE btc_wallet SET seal = ? WHERE id = ?').run(Buffer.from(sealWallet(vaultId, row, theirKey)), row.id);
    }
    const accounts = raw.prepare('SELECT id, label, role, kind, network, path, master_fingerprint AS masterFingerprint, xpub FROM btc_account').all() as Array<SealedAccount & { id: number }>;
    for (const row of accounts) raw.prepare('UPDATE btc_account SET seal = ? WHERE id = ?').run(Buffer.from(sealAccount(vaultId, row, theirKey)), row.id);
  });
  // The review reads the file and the key stored in it: the swapped wallet passes there...
  const reviewed = psbt.review({ psbt: spend.toBase64() });
  assert.equal(reviewed.review.signing, 1);
  assert.equal(bitcoin.ownership('mainnet').wallets.find((w) => w.name === 'Fallback 2-of-3')!.descriptor.threshold, 1);
  // ...but the open vault lends its seed to nothing while the file's key is not the one the seed derives: nothing is
  // signed.
  const replaced = (e: unknown) => e instanceof AirlockError && e.code === 'audit-checkpoint-key-replaced' && /nothing more is signed or sealed/.test(e.message);
  assert.throws(() => psbt.approve(reviewed.psbtKey, []), replaced);
  assert.ok(!fixture.services.audit.list(10).some((e) => e.action === 'psbt-signed'));
  // Nor does it seal anything new.
  const before = bitcoin.overview().wallets.length;
  assert.throws(
    () => bitcoin.importWallet({ name: 'Council', network: 'mainnet', descriptor: multisigDescriptor({ mnemonics: [COSIGNER_B, COSIGNER_C, 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong'] }) }),
    replaced,
  );
  assert.equal(bitcoin.overview().wallets.length, before);
  // The vault's own key put back after the review: the swapped wallet the review read is still caught before signing,
  // its seal checked with the key the seed derives.
  editFile((raw) => raw.prepare('UPDATE audit_checkpoint_key SET public_key = ?').run(Buffer.from(ownKey)));
  assert.throws(() => psbt.approve(reviewed.psbtKey, []), (e) => e instanceof AirlockError && e.code === 'btc-wallet-unsealed' && e.message.includes('"Fallback 2-of-3"'));
  assert.ok(!fixture.services.audit.list(10).some((e) => e.action === 'psbt-signed'));
  editFile((raw) => raw.prepare('UPDATE audit_checkpoint_key SET public_key = ?').run(Buffer.from(theirKey.publicKey)));
  unlock.lock('explicit');
  // And the next quorum unlock refuses the replaced key.
  await assert.rejects(unlocked(() => undefined), (e) => e instanceof AirlockError && e.code === 'audit-checkpoint-key-replaced');
});
