// The air gap end to end: effective transfer rate (payload bytes a second) of a 10 KB payload through the fake-camera
// path at each density preset: the app's AnimatedQr frames at 15 fps, 30% of them cut from the .y4m video, played by
// Chromium's fake camera to the real QrScanner (jsQR in its worker). Time runs from mounting the scanner (camera
// start-up included) to the rebuilt payload. Goal (issue 5): ≤ 5 s at 30% frame loss.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DENSITY_FRAGMENT_BYTES, type QrDensity } from '../../renderer/components/AnimatedQr';
import { captureAnimatedQr, CHROMIUM, CHROMIUM_ARGS, closeServer, launchCamera, mulberry32, openFixture, scanWithScanner, serveScannerFixture, writeVideo } from '../helpers/camera-rig';
import type { Report } from './run';

const PAYLOAD_BYTES = 10 * 1024;
const FPS = 15;
const DROP_RATE = 0.3;

export async function bench(report: Report): Promise<void> {
  const random = mulberry32(5);
  const payload = Uint8Array.from({ length: PAYLOAD_BYTES }, () => Math.floor(random() * 256));
  const videos = mkdtempSync(join(tmpdir(), 'airlock-camera-bench-'));
  const { server, baseUrl } = await serveScannerFixture();
  const display = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const errors: string[] = [];
  try {
    const displayPage = await openFixture(display, baseUrl, errors);
    for (const density of Object.keys(DENSITY_FRAGMENT_BYTES) as QrDensity[]) {
      const bytes = DENSITY_FRAGMENT_BYTES[density];
      // 2.2× the fragments, as shown; after the 30% cut ~1.5× remain (the fake camera loops the video: no new parts).
      const frames = await captureAnimatedQr(displayPage, { type: 'bytes', payload, density, frames: Math.ceil((PAYLOAD_BYTES / bytes) * 2.2) });
      const kept = frames.filter(() => random() >= DROP_RATE);
      const video = writeVideo(videos, density, kept, FPS);
      const camera = await launchCamera(video);
      try {
        const page = await openFixture(camera, baseUrl, errors);
        const { outcome, ms, framesRead } = await scanWithScanner(page, ['bytes'], 60_000);
        if (outcome.payloadHex !== Buffer.from(payload).toString('hex')) throw new Error(`${density}: the scanned payload differs`);
        report(`camera 10 KB ${bytes} B/frame ${FPS} fps 30% loss: time`, ms / 1000, 's');
        report(`camera 10 KB ${bytes} B/frame ${FPS} fps 30% loss: rate`, Math.round(PAYLOAD_BYTES / (ms / 1000)), 'B/s');
        report(`camera 10 KB ${bytes} B/frame: camera frames decoded per second`, Math.round(framesRead / (ms / 1000)), 'frames/s');
      } finally {
        await camera.close();
      }
    }
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
  } finally {
    await display.close();
    await closeServer(server);
    rmSync(videos, { recursive: true, force: true });
  }
}
