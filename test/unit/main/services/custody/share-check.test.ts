import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AirlockError } from '../../../../../shared/errors';
import { HOLDERS, twoOfThree, vaultServices } from '../../../../helpers/vault-fixture';

async function failsWith(promise: Promise<unknown>, code: string, pattern?: RegExp) {
  await assert.rejects(promise, (e: unknown) => e instanceof AirlockError && e.code === code && (!pattern || pattern.test(e.message)));
}

test('a share check proves the card and the passphrase, records the date, and needs no quorum', async () => {
  const { services, custody, clock } = vaultServices();
  const { shares } = await custody.vault.create(twoOfThree());
  clock.advance(86_400_000);
  const result = await custody.shareCheck.check('Bob', shares[1]!.words.toUpperCase().replace(/ /g, '  '), HOLDERS[1]!.passphrase);
  assert.equal(result.passed, true);
  assert.equal(result.checks.length, 4);
  const bob = custody.vault.summary()!.groups[0]!.holders.find((h) => h.name === 'Bob')!;
  assert.equal(bob.lastVerifiedAt, clock.now());
  assert.equal(custody.unlock.status().state, 'locked', 'nothing was rebuilt');
  assert.deepEqual(services.audit.list(1)[0]!.details, { code: null, holder: 'Bob', result: 'passed', vault: custody.vault.summary()!.id });
  services.close();
});

test('a share check fails with the reason and records the failure, leaving last-verified alone', async () => {
  const { services, custody } = vaultServices();
  const { shares } = await custody.vault.create(twoOfThree());
  const other = vaultServices();
  const { shares: foreign } = await other.custody.vault.create(twoOfThree());
  other.services.close();
  const words = shares[0]!.words.split(' ');
  await failsWith(custody.shareCheck.check('Alice', [...words.slice(0, 13), 'acadmic', ...words.slice(14)].join(' '), HOLDERS[0]!.passphrase), 'share-word-unknown', /word 14/);
  await failsWith(custody.shareCheck.check('Alice', foreign[0]!.words, HOLDERS[0]!.passphrase), 'share-from-another-vault');
  await failsWith(custody.shareCheck.check('Alice', shares[2]!.words, HOLDERS[0]!.passphrase), 'share-wrong-holder', /Carol's share, not Alice's/);
  await failsWith(custody.shareCheck.check('Alice', shares[0]!.words, 'not alices passphrase'), 'passphrase-wrong');
  const alice = custody.vault.summary()!.groups[0]!.holders.find((h) => h.name === 'Alice')!;
  assert.equal(alice.lastVerifiedAt, null);
  const results = services.audit.list(4).map((e) => [e.details.result, e.details.code]);
  assert.deepEqual(results, [
    ['failed', 'passphrase-wrong'],
    ['failed', 'share-wrong-holder'],
    ['failed', 'share-from-another-vault'],
    ['failed', 'share-word-unknown'],
  ]);
  services.close();
});

test('words that pass their checksum but differ from the recorded commitment are refused', async () => {
  const { services, custody, dbPath } = vaultServices();
  const { shares } = await custody.vault.create(twoOfThree());
  const { default: Database } = await import('better-sqlite3');
  const raw = new Database(dbPath);
  raw.prepare("UPDATE share SET commitment = zeroblob(32) WHERE holder_id = (SELECT id FROM holder WHERE name = 'Carol')").run();
  raw.close();
  await failsWith(custody.shareCheck.check('Carol', shares[2]!.words, HOLDERS[2]!.passphrase), 'share-commitment-mismatch', /not the share recorded for Carol/);
  services.close();
});
