// e2e of H-27 in Chromium against the real services (temp SQLite, real scrypt): while eth0 is up the banner says
// unlocking is refused and the unlock dialog shows the refusal; the Settings toggle (audited) turns it into a
// test-machine warning that stays up and lets the unlock go ahead; turned off and disconnected, the banner goes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../../main/services/deps';
import { HOLDERS, twoOfThree } from '../helpers/vault-fixture';
import { expectAccessible, ETHERNET, LOOPBACK, startHarness, type Harness, byTestId, type Locator, type Page } from './harness';

const banner = (page: Page, state: string) => page.locator(`[data-testid="airgap-banner"][data-state="${state}"]`);

describe('H-27 the vault refuses to unlock while connected', { concurrency: false }, () => {
  let harness: Harness;
  let interfaces = LOOPBACK;

  before(async () => {
    harness = await startHarness({ mode: 'vault', screenshots: 'airgap-refusal', clock: fixedClock(Date.UTC(2025, 10, 24, 9, 0, 0)), interfaces: () => interfaces, viewport: { width: 1280, height: 900 } });
    await harness.services.custody!.vault.create(twoOfThree());
    await byTestId(harness.page, 'view-dashboard').waitFor();
  });

  after(() => harness?.close());

  async function presentAlice(page: Page): Promise<Locator> {
    await byTestId(page, 'nav-holders').click();
    await byTestId(page, 'unlock-start').click();
    const dialog = byTestId(page, 'unlock-dialog');
    await dialog.waitFor();
    await byTestId(dialog, 'unlock-holder').selectOption('Alice');
    await byTestId(dialog, 'unlock-passphrase').fill(HOLDERS[0]!.passphrase);
    await byTestId(dialog, 'unlock-open-share').click();
    return dialog;
  }

  test('H-27 with eth0 up the banner says unlocking is refused, and presenting a share shows the refusal with what to do', async () => {
    const { page, services } = harness;
    interfaces = ETHERNET;
    await banner(page, 'online').waitFor();
    assert.equal(
      (await byTestId(page, 'airgap-message').textContent())?.trim(),
      'Network connected: this vault must be air-gapped. Disconnect eth0 before unlocking: unlocking and signing are refused while it is connected.',
    );

    const dialog = await presentAlice(page);
    const error = byTestId(dialog, 'unlock-error');
    await error.waitFor();
    assert.equal(await byTestId(error, 'error-code').textContent(), 'vault-online');
    assert.equal(
      await byTestId(error, 'error-message').textContent(),
      'This computer is connected to a network (eth0). The vault unlocks only while air-gapped: disconnect Wi-Fi and Ethernet ' +
        '(switch Wi-Fi off, unplug the network cable), then try again. Nothing was unlocked.',
    );
    assert.equal(await byTestId(dialog, 'unlock-progress-summary').textContent(), '0 of 2 shares');
    await harness.screenshot('01-unlock-refused-online');
    await expectAccessible(harness.page, '01-unlock-refused-online');
    assert.equal(services.custody!.unlock.status().state, 'locked');
    assert.deepEqual(
      services.audit.list(5).filter((e) => e.action === 'airgap-refused').map((e) => e.details.interfaces),
      ['eth0'],
    );
    await byTestId(dialog, 'unlock-cancel').click();
    await dialog.waitFor({ state: 'hidden' });
  });

  test('H-27 the Settings toggle allows it on a test machine: audited, a standing warning, and the share opens', async () => {
    const { page, services } = harness;
    await byTestId(page, 'nav-settings').click();
    const state = byTestId(page, 'online-signing-state');
    assert.equal(await state.getAttribute('data-allowed'), 'false');
    await byTestId(page, 'online-signing-toggle').click();
    await page.locator('[data-testid="online-signing-state"][data-allowed="true"]').waitFor();
    await banner(page, 'online-signing-allowed').waitFor();
    assert.equal(
      (await byTestId(page, 'airgap-message').textContent())?.trim(),
      'Test machine: this vault unlocks and signs even while a network is connected. eth0 is connected now. Never hold real shares here. Turn it off in Settings.',
    );
    await harness.screenshot('02-online-signing-allowed');
    await expectAccessible(harness.page, '02-online-signing-allowed');
    assert.equal(services.audit.list(1)[0]!.action, 'online-signing-changed');

    const dialog = await presentAlice(page);
    await page.locator('[data-testid="unlock-present"]').waitFor();
    assert.equal(await byTestId(dialog, 'unlock-present').textContent(), 'Opened: Alice');
    await byTestId(dialog, 'unlock-cancel').click();
    await dialog.waitFor({ state: 'hidden' });

    interfaces = LOOPBACK;
    await byTestId(page, 'airgap-message').filter({ hasNotText: 'connected now' }).waitFor();
    assert.equal(await byTestId(page, 'airgap-banner').getAttribute('data-state'), 'online-signing-allowed');
    assert.equal(
      (await byTestId(page, 'airgap-message').textContent())?.trim(),
      'Test machine: this vault unlocks and signs even while a network is connected. Never hold real shares here. Turn it off in Settings.',
      'the warning stays while the setting is on, connected or not',
    );
  });

  test('H-27 turned off again and disconnected, the banner goes away', async () => {
    const { page, services } = harness;
    await byTestId(page, 'nav-settings').click();
    await byTestId(page, 'online-signing-toggle').click();
    await page.locator('[data-testid="online-signing-state"][data-allowed="false"]').waitFor();
    await byTestId(page, 'airgap-banner').waitFor({ state: 'hidden' });
    const changes = services.audit.list(20).filter((e) => e.action === 'online-signing-changed').map((e) => e.details.to);
    assert.deepEqual(changes, [false, true]);
    assert.deepEqual(harness.pageErrors, []);
    assert.deepEqual(harness.internalErrors, []);
  });
});
