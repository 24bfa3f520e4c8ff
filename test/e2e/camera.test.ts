// e2e of the real camera path: the app's own AnimatedQr frames (a 10 KB payload) are captured as pixels into a
// .y4m video, and a second Chromium whose fake camera plays it scans them with the real QrScanner (zxing-wasm in its
// worker, the fountain decoder) under the app's CSP: the payload must come out byte-identical, also with 30% of
// the frames cut from the video. Plus: an unexpected UR type is refused with a sentence, and parts of another
// message restart the decoder, saying so on screen.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_FPS, DENSITY_FRAGMENT_BYTES } from '../../renderer/components/AnimatedQrModel';
import { createUrEncoder } from '../../shared/airgap/ur';
import { ROOT, STATE_TIMEOUT_MS, TEST_TIMEOUT_MS, byTestId } from './harness';
import {
  captureAnimatedQr,
  CHROMIUM,
  CHROMIUM_ARGS,
  closeServer,
  launchCamera,
  mulberry32,
  openFixture,
  scanWithScanner,
  serveScannerFixture,
  writeVideo,
} from '../helpers/camera-rig';

const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots', 'camera');
const PAYLOAD_BYTES = 10 * 1024;

describe('QrScanner: the camera path through a fake webcam playing the app\'s own animated QR', { concurrency: false }, () => {
  let server: Server;
  let baseUrl: string;
  let display: Browser;
  let displayPage: Page;
  let videos: string;
  const errors: string[] = [];
  const payload = new Uint8Array(randomBytes(PAYLOAD_BYTES));
  let frames: Uint8Array[] = [];

  /** Plays `video` to a fresh scanner page in its own Chromium; closed by the caller through the returned browser. */
  async function cameraPage(video: string): Promise<{ camera: Browser; page: Page }> {
    const camera = await launchCamera(video);
    return { camera, page: await openFixture(camera, baseUrl, errors) };
  }

  before(async () => {
    console.log(`e2e screenshots: ${SCREENSHOTS}`);
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    videos = mkdtempSync(join(tmpdir(), 'airlock-camera-'));
    ({ server, baseUrl } = await serveScannerFixture());
    display = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    displayPage = await openFixture(display, baseUrl, errors);
    // Balanced (~400 bytes a frame). The screen shows new fountain parts forever, but the fake camera loops a fixed
    // video, so a cut part never comes back: film the codec's recommended count for a fixed set (3× the fragments + 4),
    // made for 30% loss. At 2.2× the decoder failed on ~9% of
    // seeds even with every kept frame read (a CI run stalled at 99%).
    const loop = createUrEncoder('bytes', payload, DENSITY_FRAGMENT_BYTES.balanced).recommendedPartCount;
    frames = await captureAnimatedQr(displayPage, { type: 'bytes', payload, density: 'balanced', frames: loop });
  });

  after(async () => {
    await display?.close();
    await closeServer(server);
    if (videos) rmSync(videos, { recursive: true, force: true });
    assert.deepEqual(errors, [], 'no uncaught errors or console errors (e.g. CSP violations) in any page');
  });

  test('a 10 KB payload shown by AnimatedQr at its default rate is scanned byte-identical from the camera video', { timeout: TEST_TIMEOUT_MS }, async () => {
    const video = writeVideo(videos, 'full', frames, DEFAULT_FPS);
    const { camera, page } = await cameraPage(video);
    try {
      const { outcome, ms, framesRead } = await scanWithScanner(page, ['bytes'], STATE_TIMEOUT_MS);
      console.log(`full video: ${frames.length} frames at ${DEFAULT_FPS} fps, decoded ${PAYLOAD_BYTES} B in ${ms} ms from ${outcome.parts.length} distinct parts (${framesRead} camera frames decoded by the worker)`);
      assert.equal(outcome.type, 'bytes');
      assert.equal(outcome.payloadHex, Buffer.from(payload).toString('hex'), 'the scanned payload is byte-identical');
      assert.equal(await byTestId(page, 'qr-scanner').getAttribute('data-state'), 'done');
      assert.equal(await byTestId(page, 'qr-scanner').getAttribute('data-progress'), '100');
      assert.match((await byTestId(page, 'scanner-status').textContent()) ?? '', /Received all of the vault's signed transaction QR code \(10240 bytes/);
      const tracks = await page.evaluate(() => (document.querySelector('[data-testid="scanner-video"]') as HTMLVideoElement).srcObject);
      assert.equal(tracks, null, 'the camera is released as soon as the message is complete');
      await byTestId(page, 'qr-scanner').screenshot({ path: join(SCREENSHOTS, 'scanned-full.png') });
    } finally {
      await camera.close();
    }
  });

  test('the same payload still scans byte-identical with 30% of the video frames dropped', { timeout: TEST_TIMEOUT_MS }, async () => {
    const seed = Date.now() % 0x7fffffff;
    console.log(`drop seed: ${seed}`);
    const random = mulberry32(seed);
    const kept = frames.filter(() => random() >= 0.3);
    const video = writeVideo(videos, 'dropped', kept, DEFAULT_FPS);
    const { camera, page } = await cameraPage(video);
    try {
      let shot = false;
      const progressShot = setInterval(() => {
        if (shot) return;
        void byTestId(page, 'qr-scanner').getAttribute('data-progress').then(async (value) => {
          if (!shot && Number(value) >= 30) {
            shot = true;
            await byTestId(page, 'qr-scanner').screenshot({ path: join(SCREENSHOTS, 'scanning-progress.png') }).catch(() => undefined);
          }
        }).catch(() => undefined);
      }, 200);
      const { outcome, ms, framesRead } = await scanWithScanner(page, ['bytes'], STATE_TIMEOUT_MS).finally(() => clearInterval(progressShot));
      console.log(`dropped video: ${kept.length} of ${frames.length} frames kept, decoded in ${ms} ms from ${outcome.parts.length} distinct parts (${framesRead} camera frames decoded)`);
      assert.ok(kept.length <= Math.ceil(frames.length * 0.85), 'frames were really dropped');
      assert.equal(outcome.payloadHex, Buffer.from(payload).toString('hex'), 'the scanned payload is byte-identical');
    } finally {
      await camera.close();
    }
  });

  test("refuses a QR code of an unexpected type in the treasury's words (no type names), and releases the camera on close", { timeout: TEST_TIMEOUT_MS }, async () => {
    const single = await captureAnimatedQr(displayPage, { type: 'bytes', payload: new Uint8Array(randomBytes(40)), density: 'balanced', frames: 1 });
    const video = writeVideo(videos, 'unexpected', [single[0]!, single[0]!], 5);
    const { camera, page } = await cameraPage(video);
    try {
      await page.evaluate(() => (window as unknown as { __mountScanner(expect: string[]): void }).__mountScanner(['eth-sign-request']));
      await page.locator('[data-testid="qr-scanner"][data-error-code="ur-type-unexpected"]').waitFor({ timeout: STATE_TIMEOUT_MS });
      assert.equal(
        (await byTestId(page, 'scanner-error').textContent())?.trim(),
        "This is the vault's signed transaction QR code, but this step needs the wallet's signing-request QR code. Show that QR code instead.",
      );
      assert.equal(await byTestId(page, 'qr-scanner').getAttribute('data-state'), 'scanning', 'the scanner keeps looking for the right code');
      assert.equal(await page.evaluate(() => (window as unknown as { __scanResult: unknown }).__scanResult), null);
      await byTestId(page, 'qr-scanner').screenshot({ path: join(SCREENSHOTS, 'unexpected-type.png') });
      const released = await page.evaluate(async () => {
        const video = document.querySelector('[data-testid="scanner-video"]') as HTMLVideoElement;
        const stream = video.srcObject as MediaStream;
        const live = stream.getVideoTracks().map((track) => track.readyState);
        (document.querySelector('[data-testid="scanner-close"]') as HTMLButtonElement).click();
        return { live, after: stream.getTracks().map((track) => track.readyState), srcObject: video.srcObject, closed: (window as unknown as { __scannerClosed: boolean }).__scannerClosed };
      });
      assert.deepEqual(released.live, ['live']);
      assert.deepEqual(released.after, ['ended'], 'closing stops every camera track');
      assert.equal(released.srcObject, null);
      assert.equal(released.closed, true, 'onClose is called');
      assert.equal(await byTestId(page, 'qr-scanner').getAttribute('data-state'), 'closed');
    } finally {
      await camera.close();
    }
  });

  test('parts of a second message restart the decoder, say so on screen, and the second message completes', { timeout: TEST_TIMEOUT_MS }, async () => {
    const first = new Uint8Array(randomBytes(3000));
    const second = new Uint8Array(randomBytes(1000));
    // The first message (8 fragments) shows only 4 frames, never enough; the second (3 fragments) shows 30 (6 s), so
    // the scanner, busy or not, reads enough of it before the video loops back to the first.
    const firstFrames = await captureAnimatedQr(displayPage, { type: 'bytes', payload: first, density: 'balanced', frames: 4 });
    const secondFrames = await captureAnimatedQr(displayPage, { type: 'bytes', payload: second, density: 'balanced', frames: 30 });
    const video = writeVideo(videos, 'two-messages', [...firstFrames, ...secondFrames], 5);
    const { camera, page } = await cameraPage(video);
    try {
      const { outcome } = await scanWithScanner(page, ['bytes'], STATE_TIMEOUT_MS);
      assert.equal(outcome.payloadHex, Buffer.from(second).toString('hex'), 'the message being shown at the end is the one received');
      assert.ok(Number(await byTestId(page, 'qr-scanner').getAttribute('data-restarts')) >= 1, 'the decoder restarted at least once');
      assert.equal(
        (await byTestId(page, 'scanner-notice').textContent())?.trim(),
        'A QR code of a different message appeared: scanning started again for that message. Show one message at a time.',
      );
      assert.ok(outcome.parts.length >= 3 && outcome.parts.length <= 30, 'only the second message\'s parts are kept');
      await byTestId(page, 'qr-scanner').screenshot({ path: join(SCREENSHOTS, 'restarted.png') });
    } finally {
      await camera.close();
    }
  });
});
