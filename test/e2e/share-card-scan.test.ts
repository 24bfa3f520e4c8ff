// A holder checks their share by showing their printed card to the camera: the card's plain-text QR of the words
// (as ShareCard prints it) is played by Chromium's fake camera to the share-check dialog, which fills the words;
// the holder types only the passphrase; the check passes and is recorded. No fingerprint of the words is shown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeVideo, VIDEO_HEIGHT, VIDEO_WIDTH } from '../helpers/camera-rig';
import { qrFrame } from '../helpers/qr-frame';
import { HOLDERS, twoOfThree } from '../helpers/vault-fixture';
import { expectAccessible, startHarness, type Harness, TEST_TIMEOUT_MS, byTestId, closeWithoutErrors } from './harness';


describe('share check by scanning the card', { concurrency: false }, () => {
  let harness: Harness;
  let videos: string;

  before(async () => {
    videos = mkdtempSync(join(tmpdir(), 'airlock-card-'));
    harness = await startHarness({ mode: 'vault', screenshots: 'share-card-scan', cameraVideo: join(videos, 'card.y4m'), viewport: { width: 1280, height: 1000 } });
    const { shares } = await harness.services.custody!.vault.create(twoOfThree());
    const bob = shares.find((s) => s.holder === 'Bob')!;
    // The card's QR: the words joined by single spaces, as renderer/custody/ShareCard.ts draws it.
    const frame = qrFrame(bob.words, VIDEO_WIDTH, VIDEO_HEIGHT, 'M').rgba;
    writeVideo(videos, 'card', [new Uint8Array(frame.buffer)], 5);
  });

  after(async () => {
    await closeWithoutErrors(harness);
    if (videos) rmSync(videos, { recursive: true, force: true });
  });

  test("Bob's card read by the camera fills the words; with his passphrase the check passes", { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = harness;
    await byTestId(page, 'nav-holders').click();
    await page.locator('[data-testid="holder-row"][data-holder="Bob"] [data-testid="holder-check"]').click();
    const dialog = byTestId(page, 'share-check-dialog');
    await dialog.waitFor();
    await byTestId(dialog, 'share-check-scan-open').click();
    await byTestId(dialog, 'qr-scanner').waitFor();
    await harness.screenshot('01-scanning-card');
    await page.waitForFunction(() => ((document.querySelector('[data-testid="share-check-words"]') as HTMLTextAreaElement | null)?.value ?? '').split(/\s+/).length >= 20);
    assert.equal(harness.services.scanner.open, false, 'the camera window closed after the read');
    assert.equal(await byTestId(dialog, 'share-check-scan-received').count(), 0, 'no fingerprint words of a share are shown');
    await byTestId(dialog, 'share-check-passphrase').fill(HOLDERS[1]!.passphrase);
    await byTestId(dialog, 'share-check-submit').click();
    await byTestId(dialog, 'share-check-result').waitFor();
    await harness.screenshot('02-card-checked');
    await expectAccessible(harness.page, '02-card-checked');
    const entry = harness.services.audit.list(1)[0]!;
    assert.equal(entry.action, 'share-checked');
    assert.match(JSON.stringify(entry.details), /"holder":"Bob".*"result":"passed"/);
  });
});
