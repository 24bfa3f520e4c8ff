// SECURITY(H-28) tests: the per-holder attempt counter with its growing wait, over a real vault file and a fixed
// clock. Every wrong passphrase runs the real KDF, so one vault is made once and each test starts from a copy of it.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { AirlockError } from '../../../../../shared/errors';
import { readPassphraseAttempts } from '../../../../../main/db/passphrase-attempts';
import { delayAfter, FIRST_DELAY_MS, FREE_ATTEMPTS, MAX_DELAY_MS } from '../../../../../main/services/custody/passphrase-attempts';
import { HOLDERS, twoOfThree, vaultServices } from '../../../../helpers/vault-fixture';
import { tempDir } from '../../../../helpers/temp';

const [ALICE, BOB] = [HOLDERS[0]!, HOLDERS[1]!];
const WRONG = 'not the passphrase';
const START = Date.UTC(2026, 10, 23, 9, 0, 0);

const template = join(tempDir(), 'template.db');
let shares: string[] = [];
before(async () => {
  const made = vaultServices(template);
  shares = (await made.custody.vault.create(twoOfThree())).shares.map((s) => s.words);
  made.services.close();
});

/** Services over a fresh copy of the one vault, at START on a fixed clock. */
function vault() {
  const dbPath = join(tempDir(), 'vault.db');
  copyFileSync(template, dbPath);
  return vaultServices(dbPath);
}

async function failure(promise: Promise<unknown>): Promise<AirlockError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AirlockError, `expected an AirlockError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a refusal');
}

async function refusedWith(promise: Promise<unknown>, code: string): Promise<AirlockError> {
  const error = await failure(promise);
  assert.equal(error.code, code, error.message);
  return error;
}

test('H-28 the wait is none for the first three wrong passphrases, then 30 s doubling up to an hour', () => {
  assert.equal(FREE_ATTEMPTS, 3);
  assert.equal(FIRST_DELAY_MS, 30_000);
  const waits = Array.from({ length: 14 }, (_, i) => delayAfter(i + 1));
  assert.deepEqual(waits.slice(0, 3), [0, 0, 0]);
  assert.deepEqual(waits.slice(3, 10), [30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000]);
  assert.deepEqual(waits.slice(10), [MAX_DELAY_MS, MAX_DELAY_MS, MAX_DELAY_MS, MAX_DELAY_MS]);
  assert.equal(delayAfter(10_000), MAX_DELAY_MS);
});

test('H-28 three typos cost nothing; the fourth starts a wait (audited) that outlives a restart and refuses even the right passphrase untried', async () => {
  const { services, custody, clock, dbPath } = vault();
  for (let i = 1; i <= 3; i++) {
    const typo = await refusedWith(custody.unlock.present('Alice', WRONG), 'passphrase-wrong');
    assert.equal(typo.message, "That passphrase does not open Alice's share. Alice can check it and try again.", `typo ${i} says nothing of a wait`);
  }
  const fourth = await refusedWith(custody.unlock.present('Alice', WRONG), 'passphrase-wrong');
  assert.match(fourth.message, /\. That is 4 wrong passphrases in a row, so Alice can try again at 2026-11-23 09:00:30 UTC \(in 30 seconds\)\.$/);
  const entry = services.audit.list(1)[0]!;
  assert.equal(entry.action, 'passphrase-attempts-delayed');
  assert.deepEqual(entry.details, { failures: 4, holder: 'Alice', retryAt: START + 30_000, vault: custody.vault.summary()!.id });
  services.close();

  // The app or the CLI starts again over the same file: the wait is still there.
  const again = vaultServices(dbPath);
  again.clock.advance(29_000);
  const seq = again.services.audit.list(1)[0]!.seq;
  const refused = await refusedWith(again.custody.unlock.present('Alice', ALICE.passphrase), 'passphrase-attempts-delayed');
  assert.equal(
    refused.message,
    'Alice has typed 4 wrong passphrases in a row, so Airlock waits before the next try: Alice can try again at 2026-11-23 09:00:30 UTC (in 1 second). ' +
      'Nothing was tried. Each further wrong passphrase doubles the wait, up to an hour; the right one ends it.',
  );
  assert.deepEqual(refused.params, { holder: 'Alice', retryAt: START + 30_000 });
  assert.equal(again.custody.unlock.status().state, 'locked', 'the right passphrase was not tried during the wait');
  assert.equal(again.services.audit.list(1)[0]!.seq, seq, 'a refused attempt changes nothing');

  again.clock.advance(1_000);
  assert.deepEqual((await again.custody.unlock.present('Alice', ALICE.passphrase)).present, ['Alice'], 'after the wait the right passphrase opens the share');
  assert.equal(clock.now(), START);
  again.services.close();
});

test('H-28 each further wrong passphrase doubles the wait; the right one clears the count, so the next typo is free again', async () => {
  const { services, custody, clock } = vault();
  for (let i = 0; i < 4; i++) await refusedWith(custody.vault.reprint('Bob', WRONG), 'passphrase-wrong');
  clock.advance(30_000);
  const fifth = await refusedWith(custody.vault.reprint('Bob', WRONG), 'passphrase-wrong');
  assert.match(fifth.message, /^That is not Bob's passphrase; the share was not shown\. That is 5 wrong passphrases in a row, so Bob can try again at 2026-11-23 09:01:30 UTC \(in 60 seconds\)\.$/);
  clock.advance(59_999);
  await refusedWith(custody.vault.reprint('Bob', BOB.passphrase), 'passphrase-attempts-delayed');
  clock.advance(1);

  const bob = custody.vault.summary()!.groups[0]!.holders.find((h) => h.name === 'Bob')!;
  assert.equal(readPassphraseAttempts(services.db, bob.id)?.failures, 5);
  assert.equal((await custody.vault.reprint('Bob', BOB.passphrase)).share.holder, 'Bob');
  assert.equal(readPassphraseAttempts(services.db, bob.id), null, 'the right passphrase forgets the count');
  const typo = await refusedWith(custody.vault.reprint('Bob', WRONG), 'passphrase-wrong');
  assert.equal(typo.message, "That is not Bob's passphrase; the share was not shown.");
  services.close();
});

test('H-28 unlock, reprint and share check count on one counter per holder; other holders are not slowed', async () => {
  const { services, custody } = vault();
  await refusedWith(custody.unlock.present('Alice', WRONG), 'passphrase-wrong');
  await refusedWith(custody.vault.reprint('Alice', WRONG), 'passphrase-wrong');
  await refusedWith(custody.shareCheck.check('Alice', shares[0]!, WRONG), 'passphrase-wrong');
  const fourth = await refusedWith(custody.shareCheck.check('Alice', shares[0]!, WRONG), 'passphrase-wrong');
  assert.match(fourth.message, /That is 4 wrong passphrases in a row, so Alice can try again at .* \(in 30 seconds\)\.$/);

  await refusedWith(custody.unlock.present('Alice', ALICE.passphrase), 'passphrase-attempts-delayed');
  await refusedWith(custody.vault.reprint('Alice', ALICE.passphrase), 'passphrase-attempts-delayed');
  await refusedWith(custody.shareCheck.check('Alice', shares[0]!, ALICE.passphrase), 'passphrase-attempts-delayed');
  const check = services.audit.list(1)[0]!;
  assert.deepEqual([check.action, check.details.result, check.details.code], ['share-checked', 'failed', 'passphrase-attempts-delayed'], 'a share check records every result');

  assert.deepEqual((await custody.unlock.present('Bob', BOB.passphrase)).present, ['Bob']);
  services.close();
});

test('H-28 attempts sent in parallel count as they start: no batch of guesses slips past the wait', async () => {
  const { services, custody } = vault();
  const outcomes = await Promise.all(Array.from({ length: 8 }, () => failure(custody.unlock.present('Alice', WRONG))));
  assert.deepEqual(outcomes.map((e) => e.code), [...Array(4).fill('passphrase-wrong'), ...Array(4).fill('passphrase-attempts-delayed')]);
  assert.equal(services.audit.list(30).filter((e) => e.action === 'unlock-passphrase-wrong').length, 4, 'four passphrases were tried, no more');
  services.close();
});

test('H-28 paper-share words are not counted: wrong cards cost no wait, and a holder in a wait can still bring their card', async () => {
  const { services, custody, clock } = vault();
  const words = shares[0]!.split(' ');
  const swapped = [...words.slice(0, 6), words[7], words[6], ...words.slice(8)].join(' ');
  for (let i = 0; i < 5; i++) {
    assert.throws(() => custody.unlock.presentWords('Alice', swapped), (e: unknown) => e instanceof AirlockError && e.code === 'share-checksum-invalid');
    await refusedWith(custody.shareCheck.check('Alice', swapped, ALICE.passphrase), 'share-checksum-invalid');
  }
  for (let i = 0; i < 4; i++) await refusedWith(custody.unlock.present('Alice', WRONG), 'passphrase-wrong');
  assert.match(services.audit.list(1)[0]!.action, /^passphrase-attempts-delayed$/, 'the wait starts at the fourth passphrase, ten wrong cards later');
  assert.deepEqual(custody.unlock.presentWords('Alice', shares[0]!).present, ['Alice'], 'the card is the way back during a wait');

  // A clock set back (a flat RTC battery) never makes a holder wait longer than the current wait.
  custody.unlock.lock('explicit');
  clock.set(START - 365 * 86_400_000);
  const refused = await refusedWith(custody.unlock.present('Alice', ALICE.passphrase), 'passphrase-attempts-delayed');
  assert.match(refused.message, /\(in 30 seconds\)/);
  const shortened = services.audit.list(1)[0]!;
  assert.deepEqual([shortened.action, shortened.details.retryAt, shortened.details.reason], ['passphrase-wait-shortened', clock.now() + 30_000, 'clock-set-back']);
  clock.advance(30_000);
  assert.deepEqual((await custody.unlock.present('Alice', ALICE.passphrase)).present, ['Alice']);
  services.close();
});
