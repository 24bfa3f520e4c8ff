// The vault's PSBT service as the app's bridge calls it (real SQLite file, real KDFs, one vault for the file): locked,
// it signs nothing; a reviewed PSBT is signed once, by its key (H-24); an unlocked vault that finds itself online
// signs no PSBT and registers no Bitcoin account (H-27); a stored account key replaced after the unlock is refused by
// its seal, and, re-sealed with a key the attacker stored too, caught against the seed before anything is signed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HDKey } from '@scure/bip32';
import { AirlockError } from '../../../../../shared/errors';
import { SecretBytes } from '../../../../../shared/crypto/secret';
import { sealAccount, type SealedAccount } from '../../../../../shared/btc/wallet-seal';
import { COSIGNER_B, externalAddress, finalizeAndExtract, keyAt, MNEMONIC, seedOf, singleSigPsbt } from '../../../../helpers/bitcoin';
import { ETHERNET, LOOPBACK } from '../../../../helpers/services';
import { tempDir } from '../../../../helpers/temp';
import { HOLDERS, twoOfThree, vaultServices } from '../../../../helpers/vault-fixture';

const code = (expected: string) => (e: unknown) => e instanceof AirlockError && e.code === expected;
const psbtOf = (changeIndex: number) =>
  singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 30_000n }], change: { index: changeIndex, value: 29_000n } });

let interfaces = LOOPBACK;
// Made at the top level: a temp directory made inside `before` would be removed when that hook ends.
const dbPath = join(tempDir(), 'vault.db');
let fixture: ReturnType<typeof vaultServices>;
const unlock = async () => {
  for (const holder of HOLDERS.slice(0, 2)) await fixture.custody.unlock.present(holder.name, holder.passphrase);
  await fixture.custody.unlock.complete({});
};

before(async () => {
  fixture = vaultServices(dbPath, () => interfaces);
  await fixture.custody.vault.create(twoOfThree({ source: { kind: 'bip39', mnemonic: MNEMONIC, bip39Passphrase: '' } }));
  await unlock();
  fixture.custody.bitcoin.addAccount({ kind: 'p2wpkh', network: 'mainnet', index: 0, label: 'BTC treasury' });
  fixture.custody.unlock.lock('explicit');
});
after(() => fixture.services.close());

test('a locked vault signs no PSBT; unlocked, the reviewed PSBT is signed once and bitcoinjs-lib finalizes it', async () => {
  const { custody, services } = fixture;
  const { psbtKey, review } = custody.psbt.review({ psbt: psbtOf(0).toBase64() });
  assert.deepEqual((review.outputs as Array<{ change: boolean }>).map((o) => o.change), [false, true]);
  assert.throws(() => custody.psbt.approve(psbtKey, []), code('vault-locked'));
  await unlock();
  const answer = custody.psbt.approve(psbtKey, []);
  assert.deepEqual(finalizeAndExtract(answer.psbt).valid, [true]);
  assert.throws(() => custody.psbt.approve(psbtKey, []), code('psbt-unknown'), 'signed once: the same key again is refused');
  assert.throws(() => custody.psbt.approve('00'.repeat(32), []), code('psbt-unknown'));
  assert.ok(services.audit.list(50).some((e) => e.action === 'psbt-signed'));
  assert.equal(services.audit.verify().valid, true);
});

test('H-27 an unlocked vault that finds itself online signs no PSBT and registers no Bitcoin account', () => {
  const { custody, services } = fixture;
  const { psbtKey } = custody.psbt.review({ psbt: psbtOf(1).toBase64() });
  const signedBefore = services.audit.list(200).filter((e) => e.action === 'psbt-signed').length;
  interfaces = ETHERNET;
  try {
    assert.throws(() => custody.psbt.approve(psbtKey, []), code('vault-online'));
    assert.throws(() => custody.bitcoin.addAccount({ kind: 'p2tr', network: 'mainnet', index: 0, label: 'Taproot' }), code('vault-online'));
  } finally {
    interfaces = LOOPBACK;
  }
  assert.equal(services.audit.list(200).filter((e) => e.action === 'psbt-signed').length, signedBefore);
  assert.equal(custody.bitcoin.overview().accounts.length, 1);
});

test('an account xpub replaced in the file after the unlock: refused at review by its seal; re-sealed with a key the attacker put in the file, the attacker\'s change looks verified, nothing is signed while that key is there, and the key put back it is caught against the seed before signing', () => {
  const { custody, services } = fixture;
  // The attacker's account xpub under the vault's fingerprint and path; their change key claims the vault's fingerprint.
  const attacker = HDKey.fromMasterSeed(seedOf(COSIGNER_B)).derive("m/84'/0'/0'").publicExtendedKey;
  const raw = new Database(dbPath);
  const original = raw.prepare('SELECT xpub, seal FROM btc_account').get() as { xpub: string; seal: Buffer };
  const checkpointKey = (raw.prepare('SELECT public_key FROM audit_checkpoint_key').get() as { public_key: Buffer }).public_key;
  raw.prepare('UPDATE btc_account SET xpub = ?').run(attacker);
  const psbt = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 30_000n }], change: { index: 2, value: 29_000n, lie: true } });
  psbt.data.outputs[1]!.bip32Derivation![0]!.pubkey = keyAt(COSIGNER_B, "m/84'/0'/0'/1/2").publicKey;
  assert.throws(() => custody.psbt.review({ psbt: psbt.toBase64() }), (e) => code('btc-account-unsealed')(e) && (e as Error).message.includes('"BTC treasury" (m/84\'/0\'/0\')'));
  assert.throws(() => custody.bitcoin.export(), code('btc-account-unsealed'));
  assert.equal(custody.bitcoin.overview().accounts[0]!.sealed, false);

  // The attacker also stores their own checkpoint key and seals the swapped account with it: the file now agrees.
  const theirs = HDKey.fromMasterSeed(seedOf(COSIGNER_B)).derive("m/9'/9'");
  const vaultId = custody.vault.summary()!.id;
  const row = raw.prepare('SELECT label, role, kind, network, path, master_fingerprint AS masterFingerprint, xpub FROM btc_account').get() as SealedAccount;
  const theirKey = { privateKey: new SecretBytes(theirs.privateKey!), publicKey: theirs.publicKey! };
  raw.prepare('UPDATE audit_checkpoint_key SET public_key = ?').run(Buffer.from(theirKey.publicKey));
  raw.prepare('UPDATE btc_account SET seal = ?').run(Buffer.from(sealAccount(vaultId, row, theirKey)));
  const { psbtKey, review } = custody.psbt.review({ psbt: psbt.toBase64() });
  assert.equal((review.outputs as Array<{ change: boolean }>)[1]!.change, true, 'the forged account verifies the attacker\'s change');
  // While the file's key is not the seed's, the open vault signs nothing at all...
  assert.throws(() => custody.psbt.approve(psbtKey, []), code('audit-checkpoint-key-replaced'));
  // ...and with the vault's key put back after the review read the forged account, the seed's own derivation of the
  // account catches it before signing.
  raw.prepare('UPDATE audit_checkpoint_key SET public_key = ?').run(checkpointKey);
  assert.throws(() => custody.psbt.approve(psbtKey, []), code('btc-wallet-key-not-ours'));
  assert.ok(!services.audit.list(20).some((e) => e.action === 'psbt-signed' && e.details.txid === (review as { txid: string }).txid));
  // The file as it was, for the tests after this one.
  raw.prepare('UPDATE audit_checkpoint_key SET public_key = ?').run(checkpointKey);
  raw.prepare('UPDATE btc_account SET xpub = ?, seal = ?').run(original.xpub, original.seal);
  raw.close();
  assert.equal(custody.bitcoin.overview().accounts[0]!.sealed, true);
});
