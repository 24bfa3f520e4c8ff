// e2e of the vault's own backup in Chromium against the real services (temp SQLite, real KDFs): the Backup screen
// writes a verified copy to the place the save dialog answered, a renderer that names a path of its own is refused,
// the Dashboard shows the standing; then a new laptop's first run restores the vault from that file with one holder's
// passphrase and another's paper share (the words on the media's label refusing any other file), and the Holders view
// shows the vault again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../main/services/deps';
import { twoOfThree, HOLDERS } from '../helpers/vault-fixture';
import { expectAccessible, startHarness, type Harness, byTestId } from './harness';

const NOV_24_2025_0900_UTC = Date.UTC(2025, 10, 24, 9, 0, 0);

describe('backup: made on the Backup screen, restored on a new laptop’s first run', { concurrency: false }, () => {
  const media = mkdtempSync(join(tmpdir(), 'airlock-e2e-media-'));
  const file = join(media, 'vault-2025-11-24.airlock-backup');
  let laptop: Harness;
  let paperShare = '';
  let labelWords = '';

  before(async () => {
    laptop = await startHarness({
      mode: 'vault',
      screenshots: 'backup/laptop',
      clock: fixedClock(NOV_24_2025_0900_UTC),
      backupDialogs: { chooseDestination: async () => file, chooseFile: async () => null },
    });
    const custody = laptop.services.custody!;
    paperShare = (await custody.vault.create(twoOfThree())).shares[1]!.words;
    await custody.unlock.present(HOLDERS[0]!.name, HOLDERS[0]!.passphrase);
    await custody.unlock.present(HOLDERS[2]!.name, HOLDERS[2]!.passphrase);
    await custody.unlock.complete({});
  });

  after(async () => {
    await laptop?.close();
    rmSync(media, { recursive: true, force: true });
  });

  test('the Backup screen writes a verified copy where the save dialog said, and the Dashboard shows it', async () => {
    const { page } = laptop;
    await byTestId(page, 'nav-backup').click();
    assert.equal(await byTestId(page, 'backup-standing').getAttribute('data-tone'), 'none');
    assert.equal(await byTestId(page, 'backup-start').isDisabled(), true, 'no destination yet');
    await byTestId(page, 'backup-choose').click();
    await byTestId(page, 'backup-destination').waitFor();
    assert.match((await byTestId(page, 'backup-destination').textContent()) ?? '', /vault-2025-11-24\.airlock-backup/);
    await byTestId(page, 'backup-start').click();
    await byTestId(page, 'backup-report').waitFor();
    assert.equal(await byTestId(page, 'backup-copy').getAttribute('data-ok'), 'true');
    const label = (await byTestId(page, 'backup-label').textContent()) ?? '';
    assert.match(label, /^Label the media “Airlock vault backup 2025-11-24 · \w+ \w+ \w+ \w+”/);
    labelWords = /· (\w+ \w+ \w+ \w+)”/.exec(label)![1]!;
    assert.ok(existsSync(file));
    assert.equal(await byTestId(page, 'backup-standing').getAttribute('data-tone'), 'ok');
    await laptop.screenshot('01-backup-written');
    await byTestId(page, 'nav-dashboard').click();
    await byTestId(page, 'backup-standing').waitFor();
    assert.equal(await byTestId(page, 'backup-standing').getAttribute('data-tone'), 'ok');
    await laptop.screenshot('02-dashboard');
    await expectAccessible(laptop.page, '02-dashboard');
  });

  test('a renderer that names a path the save dialog never answered is refused, and nothing is written there', async () => {
    const elsewhere = join(media, 'chosen-by-the-page.airlock-backup');
    const reply = await laptop.page.evaluate((path) => window.airlock!['backup.create']!({ destinations: [path] }), elsewhere);
    assert.deepEqual(reply.ok ? null : reply.error.code, 'backup-path-not-chosen');
    assert.equal(existsSync(elsewhere), false);
    assert.deepEqual(laptop.internalErrors, []);
  });

  test('a new laptop restores the vault on its first run with a passphrase and a paper share', async () => {
    const fresh = await startHarness({
      mode: 'vault',
      screenshots: 'backup/new-laptop',
      clock: fixedClock(NOV_24_2025_0900_UTC + 3600_000),
      backupDialogs: { chooseDestination: async () => null, chooseFile: async () => file },
    });
    try {
      const { page } = fresh;
      await byTestId(page, 'nav-holders').click();
      await byTestId(page, 'restore-vault-start').click();
      await byTestId(page, 'restore-choose').click();
      await byTestId(page, 'restore-file-path').waitFor();
      assert.match((await byTestId(page, 'restore-file').textContent()) ?? '', /3 holders keep shares of it/);
      const [carol, bob] = [byTestId(page, 'restore-holder').nth(0), byTestId(page, 'restore-holder').nth(1)];
      await byTestId(carol, 'restore-holder-name').fill('Carol');
      await byTestId(carol, 'restore-holder-passphrase').fill(HOLDERS[2]!.passphrase);
      await byTestId(bob, 'restore-holder-name').fill('Bob');
      await byTestId(bob, 'restore-holder-with').selectOption('words');
      await byTestId(page, 'restore-holder').nth(1).locator('[data-testid="restore-holder-words"]').fill(paperShare);
      // The words of another backup: this file is refused before any share is opened; the label's words let it through.
      await byTestId(page, 'restore-expect').fill('abandon ability able about');
      await byTestId(page, 'restore-submit').click();
      await byTestId(page, 'restore-error').waitFor();
      assert.match((await byTestId(page, 'restore-error').textContent()) ?? '', /not the backup you expected/);
      await byTestId(page, 'restore-expect').fill(labelWords);
      await fresh.screenshot('01-restore-form');
      await expectAccessible(fresh.page, '01-restore-form');
      await byTestId(page, 'restore-submit').click();
      await byTestId(page, 'restore-report').waitFor();
      assert.match((await byTestId(page, 'restore-report').textContent()) ?? '', /opened by Carol and Bob/);
      await fresh.screenshot('02-restored');
      await byTestId(page, 'restore-done').click();
      await byTestId(page, 'vault-facts').waitFor();
      assert.equal(fresh.services.custody!.vault.summary()!.id, laptop.services.custody!.vault.summary()!.id);
      assert.equal(fresh.services.audit.list(1)[0]!.action, 'vault-restored-from-backup');
      assert.deepEqual([...fresh.pageErrors, ...fresh.internalErrors], []);
    } finally {
      await fresh.close();
    }
  });
});
