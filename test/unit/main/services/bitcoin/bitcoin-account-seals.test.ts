// A registered Bitcoin account is sealed by the vault (real SQLite file, real KDFs). The watch-only export hands its
// xpub to the coordinator, whose receive addresses are where the treasury gets paid, so an account without a seal
// that verifies (registered before seals, or edited, added or relabelled by someone holding the file) stops every
// review and the export. A quorum unlock derives every account again from the seed: a changed key stops the unlock
// (saying the file was changed, since the seed derives the others), a matching account is sealed again, each audited and covered by the unlock's checkpoint.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type Database from 'better-sqlite3';
import { HDKey } from '@scure/bip32';
import { AirlockError } from '../../../../../shared/errors';
import { COSIGNER_B, externalAddress, MNEMONIC, seedOf, singleSigPsbt } from '../../../../helpers/bitcoin';
import { editVaultFile } from '../../../../helpers/audit-tamper';
import { HOLDERS, twoOfThree, vaultServices } from '../../../../helpers/vault-fixture';

const fixture = vaultServices();
const code = (expected: string) => (e: unknown) => e instanceof AirlockError && e.code === expected;
const psbt = () => singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 30_000n }], change: { index: 0, value: 29_000n } }).toBase64();

async function unlock(): Promise<void> {
  for (const holder of HOLDERS.slice(0, 2)) await fixture.custody.unlock.present(holder.name, holder.passphrase);
  await fixture.custody.unlock.complete({});
}

/** The vault file, as someone who holds it edits it. */
const editFile = (fn: (raw: Database.Database) => void): void => editVaultFile(fixture.dbPath, fn);

const sealed = () => fixture.custody.bitcoin.overview().accounts.map((a) => [a.label, a.sealed]);
const sealings = () => fixture.services.audit.list(200).filter((e) => e.action === 'btc-account-sealed').map((e) => e.details);

before(async () => {
  await fixture.custody.vault.create(twoOfThree({ source: { kind: 'bip39', mnemonic: MNEMONIC, bip39Passphrase: '' } }));
  await unlock();
  fixture.custody.bitcoin.addAccount({ kind: 'p2wpkh', network: 'mainnet', index: 0, label: 'BTC treasury' });
  fixture.custody.bitcoin.addAccount({ kind: 'p2wsh-cosigner', network: 'mainnet', index: 0, label: 'Cosigner 0' });
  fixture.custody.unlock.lock('explicit');
});
after(() => fixture.services.close());

test('registered accounts are sealed: the review verifies change with them and the export hands them out, with no unlock', () => {
  assert.deepEqual(sealed(), [['BTC treasury', true], ['Cosigner 0', true]]);
  const { review } = fixture.custody.psbt.review({ psbt: psbt() });
  assert.deepEqual((review.outputs as Array<{ change: boolean }>).map((o) => o.change), [false, true]);
  assert.ok(fixture.custody.bitcoin.export().length > 0);
  assert.deepEqual(sealings(), [], 'nothing for an unlock to seal again');
});

test('an account without a seal (registered before seals) stops the review and the export until a quorum unlock seals it, audited', async () => {
  editFile((raw) => raw.prepare("UPDATE btc_account SET seal = NULL WHERE label = 'Cosigner 0'").run());
  assert.deepEqual(sealed(), [['BTC treasury', true], ['Cosigner 0', false]]);
  assert.throws(() => fixture.custody.psbt.review({ psbt: psbt() }), (e) => code('btc-account-unsealed')(e) && /"Cosigner 0" \(m\/48'\/0'\/0'\/2'\).*Unlock the vault with a quorum/.test((e as Error).message));
  assert.throws(() => fixture.custody.bitcoin.export(), code('btc-account-unsealed'));

  await unlock();
  fixture.custody.unlock.lock('explicit');
  assert.deepEqual(sealed(), [['BTC treasury', true], ['Cosigner 0', true]]);
  assert.deepEqual(sealings(), [{ vault: fixture.custody.vault.summary()!.id, path: "m/48'/0'/0'/2'", label: 'Cosigner 0', role: 'btc-cosigner', was: 'no-seal' }]);
  assert.equal(fixture.services.audit.verify().valid, true);
  assert.ok(fixture.custody.bitcoin.export().length > 0);
});

test('a label changed in the file fails the seal; the unlock, which finds the key unchanged, seals it with the change on record', async () => {
  editFile((raw) => raw.prepare("UPDATE btc_account SET label = 'Cold storage' WHERE label = 'BTC treasury'").run());
  assert.deepEqual(sealed(), [['Cold storage', false], ['Cosigner 0', true]]);
  assert.throws(() => fixture.custody.psbt.review({ psbt: psbt() }), code('btc-account-unsealed'));
  await unlock();
  fixture.custody.unlock.lock('explicit');
  assert.deepEqual(sealed(), [['Cold storage', true], ['Cosigner 0', true]]);
  assert.equal(sealings().length, 2);
  assert.deepEqual(sealings().find((d) => d.label === 'Cold storage'), { vault: fixture.custody.vault.summary()!.id, path: "m/84'/0'/0'", label: 'Cold storage', role: 'btc-treasury', was: 'seal-failed' });
});

test('a row edited into what registration never writes (a label over two lines, another role or kind, a path it cannot read) stops the unlock as a file change, never as an unreadable row', async () => {
  const edits = [
    "UPDATE btc_account SET label = 'BTC treasury' || char(10) || 'Xpub: theirs' WHERE kind = 'p2wpkh'",
    "UPDATE btc_account SET role = 'btc-treasury' WHERE kind = 'p2wsh-cosigner'",
    "UPDATE btc_account SET kind = 'p2tr' WHERE kind = 'p2wpkh'",
    "UPDATE btc_account SET path = 'm/84h/0h/0h' WHERE kind = 'p2wpkh'",
  ];
  for (const edit of edits) {
    let saved: Array<{ id: number; label: string; role: string; kind: string; path: string }> = [];
    editFile((raw) => {
      saved = raw.prepare('SELECT id, label, role, kind, path FROM btc_account').all() as typeof saved;
      raw.prepare(edit).run();
    });
    assert.throws(() => fixture.custody.psbt.review({ psbt: psbt() }), code('btc-account-unsealed'), edit);
    await assert.rejects(unlock(), (e) => code('unlock-accounts-mismatch')(e) && /the shares and passphrases are right, and that account was changed in the vault file/.test((e as Error).message), edit);
    editFile((raw) => saved.forEach((r) => raw.prepare('UPDATE btc_account SET label = ?, role = ?, kind = ?, path = ? WHERE id = ?').run(r.label, r.role, r.kind, r.path, r.id)));
  }
  assert.deepEqual(sealed(), [['Cold storage', true], ['Cosigner 0', true]]);
});

test('an account added in the file with someone else\'s key is refused by the review and the export, and stops the unlock', async () => {
  const theirs = HDKey.fromMasterSeed(seedOf(COSIGNER_B)).derive("m/84'/0'/1'").publicExtendedKey;
  editFile((raw) =>
    raw
      .prepare("INSERT INTO btc_account (vault_id, kind, network, path, master_fingerprint, xpub, label, role, created_at) SELECT vault_id, 'p2wpkh', 'mainnet', 'm/84''/0''/1''', master_fingerprint, ?, 'Deposits', 'btc-treasury', created_at FROM btc_account LIMIT 1")
      .run(theirs),
  );
  assert.throws(() => fixture.custody.psbt.review({ psbt: psbt() }), (e) => code('btc-account-unsealed')(e) && (e as Error).message.includes('"Deposits"'));
  assert.throws(() => fixture.custody.bitcoin.export(), code('btc-account-unsealed'));
  const before = sealings().length;
  await assert.rejects(unlock(), (e) => code('unlock-accounts-mismatch')(e) && /not Bitcoin account m\/84'\/0'\/1' \(Deposits\): the shares and passphrases are right/.test((e as Error).message));
  assert.equal(sealings().length, before, 'nothing sealed by an unlock that failed');
  assert.equal(fixture.custody.bitcoin.overview().accounts.find((a) => a.label === 'Deposits')!.sealed, false);
});
