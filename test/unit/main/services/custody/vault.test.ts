import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { combineMnemonics } from '../../../../../shared/crypto/slip39';
import { seedFromSlip39MasterSecret } from '../../../../../shared/crypto/seed';
import { deriveAccount } from '../../../../../shared/evm/hd';
import { AirlockError } from '../../../../../shared/errors';
import { rejectsWith } from '../../../../helpers/refusals';
import { HOLDERS, twoOfThree, vaultServices } from '../../../../helpers/vault-fixture';

test('creates a 2-of-3 vault whose shares rebuild the key that derives the registered account', async () => {
  const { services, custody } = vaultServices();
  const { vault, shares } = await custody.vault.create(twoOfThree());
  assert.equal(shares.length, 3);
  assert.deepEqual(shares.map((s) => s.holder), ['Alice', 'Bob', 'Carol']);
  for (const s of shares) assert.equal(s.words.split(' ').length, 20);
  assert.equal(vault.groups[0]!.holders.length, 3);
  assert.equal(vault.seedDerivation, 'slip39-master-secret');
  const secret = await combineMnemonics([shares[0]!.words, shares[2]!.words], '');
  const expected = deriveAccount(seedFromSlip39MasterSecret(secret), "m/44'/60'/0'/0/0").address;
  assert.equal(vault.accounts[0]!.address, expected);
  const actions = services.audit.list(10).map((e) => e.action);
  assert.ok(actions.includes('vault-created') && actions.includes('shares-shown'));
  services.close();
});

test('refuses a bad layout before any slow work, with a sentence', async () => {
  const { services, custody } = vaultServices();
  const twins = twoOfThree({ groups: [{ name: 'Board', memberThreshold: 2, holders: [HOLDERS[0]!, { ...HOLDERS[1]!, name: 'alice' }] }] });
  const error = await rejectsWith(custody.vault.create(twins), 'vault-layout-invalid');
  assert.match(error.message, /Two holders are called "alice"/);
  await rejectsWith(custody.vault.create(twoOfThree({ groups: [{ name: 'Board', memberThreshold: 4, holders: HOLDERS }] })), 'vault-layout-invalid');
  await rejectsWith(custody.vault.create(twoOfThree({ groups: [{ name: 'Board', memberThreshold: 2, holders: [{ name: 'Al', passphrase: 'short' }, HOLDERS[1]!] }] })), 'passphrase-too-short');
  await rejectsWith(custody.vault.create(twoOfThree({ accounts: [] })), 'vault-layout-invalid');
  assert.equal(custody.vault.summary(), null, 'nothing was written');
  services.close();
});

test('a second vault in the same database is refused', async () => {
  const { services, custody } = vaultServices();
  await custody.vault.create(twoOfThree());
  await rejectsWith(custody.vault.create(twoOfThree()), 'vault-exists');
  services.close();
});

test('quorum unlock: progress per holder, wrong passphrase names the holder, then unlocks and locks (audited)', async () => {
  const { services, custody, clock } = vaultServices();
  await custody.vault.create(twoOfThree());
  const { unlock } = custody;
  assert.equal(unlock.status().state, 'locked');
  const wrong = await rejectsWith(unlock.present('Bob', 'not bobs passphrase'), 'passphrase-wrong');
  assert.match(wrong.message, /Bob's share/);
  let status = await unlock.present('alice', HOLDERS[0]!.passphrase);
  assert.equal(status.state, 'collecting');
  assert.equal(status.progress!.summary, '1 of 2 shares');
  await rejectsWith(unlock.complete({}), 'shares-not-enough');
  status = await unlock.present('Alice', HOLDERS[0]!.passphrase).catch((e: AirlockError) => {
    assert.equal(e.code, 'holder-already-present');
    return unlock.present('Carol', HOLDERS[2]!.passphrase);
  });
  assert.equal(status.progress!.summary, '2 of 2 shares: quorum reached');
  status = await unlock.complete({});
  assert.equal(status.state, 'unlocked');
  assert.equal(status.locksAt, clock.now() + 5 * 60_000);
  const address = unlock.withSeed((seed) => deriveAccount(seed, "m/44'/60'/0'/0/0").address);
  assert.equal(address, custody.vault.accounts()[0]!.address);
  unlock.lock('explicit');
  assert.equal(unlock.status().state, 'locked');
  assert.throws(() => unlock.withSeed(() => 1), (e: unknown) => e instanceof AirlockError && e.code === 'vault-locked');
  const actions = services.audit.list(20).map((e) => e.action);
  for (const a of ['unlock-passphrase-wrong', 'unlock-share-opened', 'vault-unlocked', 'vault-locked']) assert.ok(actions.includes(a), a);
  assert.equal(services.audit.verify().valid, true);
  services.close();
});

test('an unlocked vault locks itself after the idle minutes, and activity postpones it', async () => {
  const { services, custody, clock } = vaultServices();
  await custody.vault.create(twoOfThree({ idleLockMinutes: 2 }));
  await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
  await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
  await custody.unlock.complete({});
  clock.advance(90_000);
  custody.unlock.touch();
  clock.advance(90_000);
  assert.equal(custody.unlock.tick(), false, 'touched 90 s ago: still open');
  clock.advance(31_000);
  assert.equal(custody.unlock.tick(), true);
  assert.equal(custody.unlock.status().state, 'locked');
  assert.equal(services.audit.list(1)[0]!.details.reason, 'idle');
  services.close();
});

test('an account path edited in the file into one no derivation reads stops the unlock as a mismatch, not as an unreadable row', async () => {
  const { services, custody } = vaultServices();
  await custody.vault.create(twoOfThree());
  services.db.prepare("UPDATE account SET path = 'm/44x/60'").run();
  await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
  await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
  await rejectsWith(custody.unlock.complete({}), 'unlock-accounts-mismatch');
  assert.equal(custody.unlock.status().state, 'locked');
});

test('a wrong SLIP-39 passphrase is caught by the registered account, nothing unlocks', async () => {
  const { services, custody } = vaultServices();
  await custody.vault.create(twoOfThree({ slip39Passphrase: 'TREZOR' }));
  await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
  await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
  const refused = await rejectsWith(custody.unlock.complete({ slip39Passphrase: 'trezor' }), 'unlock-accounts-mismatch');
  assert.match(refused.message, /most likely cause is a wrong SLIP-39 or BIP-39 passphrase/);
  assert.equal(custody.unlock.status().state, 'locked');
  await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
  await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
  assert.equal((await custody.unlock.complete({ slip39Passphrase: 'TREZOR' })).state, 'unlocked');
  services.close();
});

test('a tampered share row is refused and audited; the other holders can still unlock', async () => {
  const { services, custody, dbPath } = vaultServices();
  await custody.vault.create(twoOfThree());
  const raw = new Database(dbPath);
  const row = raw.prepare("SELECT s.holder_id, s.envelope FROM share s JOIN holder h ON h.id = s.holder_id WHERE h.name = 'Bob'").get() as { holder_id: number; envelope: Buffer };
  row.envelope[row.envelope.length - 5]! ^= 0x01;
  raw.prepare('UPDATE share SET envelope = ? WHERE holder_id = ?').run(row.envelope, row.holder_id);
  raw.close();
  const error = await rejectsWith(custody.unlock.present('Bob', HOLDERS[1]!.passphrase), 'share-ciphertext-tampered');
  assert.match(error.message, /Bob's stored share has been altered/);
  assert.equal(services.audit.list(1)[0]!.action, 'share-ciphertext-tampered');
  await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
  await custody.unlock.present('Carol', HOLDERS[2]!.passphrase);
  assert.equal((await custody.unlock.complete({})).state, 'unlocked');
  services.close();
});

test('imports a BIP-39 mnemonic with passphrase: the standard test phrase derives its well-known address', async () => {
  const { services, custody } = vaultServices();
  const mnemonic = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
  const { vault } = await custody.vault.create(twoOfThree({ source: { kind: 'bip39', mnemonic, bip39Passphrase: '' } }));
  assert.equal(vault.seedDerivation, 'bip39-mnemonic');
  assert.equal(vault.origin, 'imported-bip39');
  assert.equal(vault.accounts[0]!.address, '0x9858EfFD232B4033E47d90003D41EC34EcaEda94');
  await custody.unlock.present('Carol', HOLDERS[2]!.passphrase);
  await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
  assert.equal((await custody.unlock.complete({})).state, 'unlocked');
  services.close();
});

test('imports existing SLIP-39 shares (the Trezor vector) and re-splits them for our holders', async () => {
  const vectors = JSON.parse(readFileSync(new URL('../../../../vectors/slip39-trezor.json', import.meta.url), 'utf8')) as Array<[string, string[], string, string]>;
  const [, mnemonics, secretHex] = vectors.find((v) => v[0].startsWith('4. '))!;
  const { services, custody } = vaultServices();
  const { shares } = await custody.vault.create(twoOfThree({ source: { kind: 'slip39', shares: mnemonics }, slip39Passphrase: 'TREZOR' }));
  const rebuilt = await combineMnemonics([shares[1]!.words, shares[2]!.words], 'TREZOR');
  assert.equal(Buffer.from(rebuilt).toString('hex'), secretHex);
  services.close();
});

test('reprint shows one holder their own words with their passphrase only, audited', async () => {
  const { services, custody } = vaultServices();
  const { shares } = await custody.vault.create(twoOfThree());
  await rejectsWith(custody.vault.reprint('Carol', 'guess guess guess'), 'passphrase-wrong');
  const card = await custody.vault.reprint('Carol', HOLDERS[2]!.passphrase);
  assert.equal(card.share.words, shares[2]!.words);
  assert.equal(card.identifierWords.split(' ').length >= 2, true);
  const last = services.audit.list(2).map((e) => [e.action, e.details.reason ?? e.details.code]);
  assert.deepEqual(last, [['shares-shown', 'reprint'], ['reprint-refused', 'passphrase-wrong']]);
  services.close();
});

test('the database file and its WAL hold no share words, passphrase or secret after creating and unlocking', async () => {
  const { services, custody, dbPath } = vaultServices();
  const { shares } = await custody.vault.create(twoOfThree());
  await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
  await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
  await custody.unlock.complete({});
  const secret = await combineMnemonics([shares[0]!.words, shares[1]!.words], '');
  const files = [dbPath, `${dbPath}-wal`].filter(existsSync).map((f) => readFileSync(f));
  assert.ok(files.length >= 1);
  const needles: Buffer[] = [Buffer.from(secret)];
  for (const s of shares) {
    const words = s.words.split(' ');
    for (let i = 0; i + 3 <= words.length; i++) needles.push(Buffer.from(words.slice(i, i + 3).join(' ')));
  }
  for (const h of HOLDERS) needles.push(Buffer.from(h.passphrase));
  for (const file of files) for (const needle of needles) assert.equal(file.indexOf(needle), -1, 'found secret material on disk');
  services.close();
});

test('the idle-lock setting changes the deadline of the next unlock, is bounded and audited', async () => {
  const { services, custody, clock } = vaultServices();
  await custody.vault.create(twoOfThree());
  assert.throws(() => custody.vault.setIdleLockMinutes(0), (e: unknown) => e instanceof AirlockError && e.code === 'setting-invalid');
  assert.throws(() => custody.vault.setIdleLockMinutes(121), (e: unknown) => e instanceof AirlockError && e.code === 'setting-invalid');
  assert.equal(custody.vault.setIdleLockMinutes(15).idleLockMinutes, 15);
  assert.deepEqual(services.audit.list(1)[0]!.details, { from: 5, to: 15, vault: custody.vault.summary()!.id });
  await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
  await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
  assert.equal((await custody.unlock.complete({})).locksAt, clock.now() + 15 * 60_000);
  services.close();
});
