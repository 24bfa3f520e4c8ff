// e2e of "what this does" in Review & sign: a Safe pause on a real chain (anvil, Safe 1.4.1) simulated by a real relay
// service, its report pasted into the review, verified by the vault and shown (Paused, no value moved); and a batch of
// "pauses" through a fake MultiSend whose simulation shows the Safe emptied to a stranger: shown and blocked.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createRelayServices } from '../../main/relay-services';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import { deployFixture, deploySafe, deploySafeStack, setBalance, type Deployed } from '../helpers/chain';
import { tempDir } from '../helpers/temp';
import { pairRelay, twoOfThree } from '../helpers/vault-fixture';
import { expectAccessible, startHarness, type Harness, byTestId, type Scope, closeWithoutErrors } from './harness';

const STRANGER = '0x000000000000000000000000000000000000dEaD';

describe('Review & sign shows the relay\'s simulation', { concurrency: false }, () => {
  let harness: Harness;
  let anvil: Anvil;
  let relay: ReturnType<typeof createRelayServices>;
  let safe = '';
  let targets: Deployed[] = [];
  let fake: Deployed;

  before(async () => {
    anvil = await startAnvil();
    relay = createRelayServices({ dbPath: join(tempDir('airlock-e2e-simulation-'), 'relay.db') });
    harness = await startHarness({ mode: 'vault', screenshots: 'simulation-review', viewport: { width: 1280, height: 1400 } });
    console.log(`simulation-review screenshots: ${harness.screenshotDir}`);
    const custody = harness.services.custody!;
    await custody.vault.create(twoOfThree({ accounts: [{ scheme: 'bip44', index: 0, label: 'Safe owner', role: 'safe-owner' }] }));
    const owner = custody.vault.accounts()[0]!.address;
    const stack = await deploySafeStack(anvil);
    safe = await deploySafe(anvil, stack, [owner, DEV_ACCOUNTS[1]!.address, DEV_ACCOUNTS[2]!.address], 2);
    targets = [await deployFixture(anvil, 'PausableTarget', [DEV_ACCOUNTS[0]!.address, safe]), await deployFixture(anvil, 'PausableTarget', [DEV_ACCOUNTS[0]!.address, safe])];
    fake = await deployFixture(anvil, 'FakeMultiSend', [STRANGER]);
    await setBalance(anvil, safe, 2n * 10n ** 18n);
    const key = relay.relay.key();
    await pairRelay({ snapshots: harness.services.snapshots!, custody }, key.relayKey);
    const body = await relay.relay.snapshot({ endpoints: [anvil.url], accounts: [], safes: [safe], tokens: [], positions: [] });
    const snapshotId = harness.services.snapshots!.import(body, 31337n).snapshot.id;
    custody.drafts.create({ title: 'Pause the bridge through a fake MultiSend', executor: { kind: 'safe', safe, multiSendCallOnly: fake.address }, actions: targets.map((t) => ({ type: 'pause', target: t.address })) }, { snapshotId });
    custody.drafts.create({ title: 'Emergency pause', executor: { kind: 'safe', safe }, actions: [{ type: 'pause', target: targets[0]!.address }], context: { policy: { requireSimulation: true } } }, { snapshotId });
    await byTestId(harness.page, 'view-dashboard').waitFor();
  });

  after(async () => {
    await closeWithoutErrors(harness);
    relay?.close();
    await anvil?.stop();
  });

  async function openDraft(title: string): Promise<Scope> {
    const { page } = harness;
    await byTestId(page, 'nav-review').click();
    await byTestId(page, 'draft-table').waitFor();
    await page.locator('[data-testid="draft-open"]', { hasText: title }).click();
    const review = byTestId(page, 'draft-review');
    await page.locator(`[data-testid="review-title"]`, { hasText: title }).waitFor();
    return review;
  }

  /** What the relay's operator does with the request shown: simulate it; the report is pasted back into the vault. */
  async function simulateAndPaste(title: string): Promise<void> {
    const { page } = harness;
    await byTestId(page, 'simulation-request-show').click();
    await byTestId(page, 'simulation-request-slot').locator('canvas, img').first().waitFor();
    const draft = harness.services.custody!.drafts.list().find((d) => d.title === title)!;
    const report = await relay.relay.simulate(JSON.stringify(harness.services.custody!.drafts.simulationRequest(draft.id)), [anvil.url]);
    await byTestId(page, 'simulation-report-input').fill(JSON.stringify(report));
    await byTestId(page, 'simulation-import').click();
    await byTestId(page, 'simulation-headline').waitFor();
  }

  test('a pause, required to be simulated: asked for first, then shown as Paused with nothing moved, and signable', async () => {
    const { page } = harness;
    const review = await openDraft('Emergency pause');
    assert.equal(await byTestId(review, 'review-simulation').getAttribute('data-tone'), 'missing');
    assert.equal(await page.locator('[data-testid="warning"][data-code="simulation-missing"]').count(), 1);
    await harness.screenshot('01-pause-not-simulated');
    await simulateAndPaste('Emergency pause');
    const section = byTestId(page, 'review-simulation');
    assert.equal(await section.getAttribute('data-tone'), 'ok');
    assert.match((await byTestId(section, 'simulation-events').textContent()) ?? '', new RegExp(`Paused from ${targets[0]!.address}`));
    assert.match((await byTestId(section, 'simulation-balances').textContent()) ?? '', /No value and no token moves/);
    assert.equal(await page.locator('[data-testid="warning"][data-code^="simulation-"]').count(), 0);
    assert.equal(await byTestId(page, 'sign-draft').isEnabled(), true);
    await section.scrollIntoViewIfNeeded();
    await harness.screenshot('02-pause-simulated');
    await expectAccessible(harness.page, '02-pause-simulated');
  });

  test('a delegatecall dressed as a batch of pauses: the simulation shows the Safe emptied to a stranger, and signing is blocked', async () => {
    const { page } = harness;
    await openDraft('Pause the bridge through a fake MultiSend');
    await simulateAndPaste('Pause the bridge through a fake MultiSend');
    const section = byTestId(page, 'review-simulation');
    assert.equal(await section.getAttribute('data-tone'), 'danger');
    const balances = (await byTestId(section, 'simulation-balances').textContent()) ?? '';
    assert.match(balances, new RegExp(`${safe} loses 2 ETH`));
    assert.match(balances, new RegExp(`${STRANGER} receives 2 ETH`));
    const blocking = page.locator('[data-testid="warning"][data-code="simulation-contradicts-intent"][data-blocking="true"]');
    assert.ok((await blocking.count()) >= 2);
    assert.equal(await byTestId(page, 'sign-draft').isEnabled(), false);
    await section.scrollIntoViewIfNeeded();
    await harness.screenshot('03-fake-multisend-blocked');
    await byTestId(page, 'review-warnings').scrollIntoViewIfNeeded();
    await harness.screenshot('04-fake-multisend-warnings');
    await expectAccessible(harness.page, '04-fake-multisend-warnings');
  });
});
