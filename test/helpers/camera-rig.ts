// The fake-camera rig shared by test/e2e/camera.test.ts and test/bench/camera.bench.ts: the scanner fixture page
// and the app's decoding worker (zxing-wasm) served under the app's CSP, the app's AnimatedQr frames captured as pixels into a
// .y4m video, and a second Chromium whose fake camera plays that video to the real QrScanner.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, STATE_TIMEOUT_MS } from '../e2e/harness';
import { CHROMIUM, CHROMIUM_ARGS, closeServer, openFixture, serveFixturePage } from './fixture-page';
export { CHROMIUM, CHROMIUM_ARGS, closeServer, openFixture } from './fixture-page';
import { writeY4m } from './y4m';
export { mulberry32 } from './seeded';

/** The camera picture: VGA, like a cheap webcam; the QR code fills most of its height. */
export const VIDEO_WIDTH = 640;
export const VIDEO_HEIGHT = 480;
const QR_PIXELS = 456;

/** Serves the scanner fixture page with the real worker (build/bundle.mjs's own output) and the app's styles. */
export function serveScannerFixture(): Promise<{ server: Server; baseUrl: string }> {
  return serveFixturePage('qr-scanner-page', 'QrScanner fixture', { worker: true });
}

export interface CaptureSpec {
  type: string;
  payload: Uint8Array;
  density: 'robust' | 'balanced' | 'fast';
  /** Distinct frames to record from the running animation (a static code gives its one frame). */
  frames: number;
  fps?: number;
}

/**
 * Mounts the app's AnimatedQr, records every frame it shows (its <img> src) until `frames` distinct ones,
 * and reads each back as pixels: drawn on a white VGA canvas, centred, the way a camera would frame it.
 */
export async function captureAnimatedQr(page: Page, spec: CaptureSpec): Promise<Uint8Array[]> {
  await page.evaluate(
    (s) => {
      const w = window as unknown as { __frames: string[]; __mountCaptureQr(spec: unknown): void };
      w.__frames = [];
      w.__mountCaptureQr(s);
      const img = document.querySelector('[data-testid="qr-frame"]') as HTMLImageElement;
      new MutationObserver(() => {
        const src = img.getAttribute('src');
        if (src && !w.__frames.includes(src)) w.__frames.push(src);
      }).observe(img, { attributes: true, attributeFilter: ['src'] });
    },
    { type: spec.type, payloadHex: Buffer.from(spec.payload).toString('hex'), density: spec.density, fps: spec.fps ?? 15 },
  );
  // A payload that fits one frame is a static code: its one frame is all there is.
  await waitForPageState(
    page,
    (n) => {
      const captured = (window as unknown as { __frames: string[] }).__frames.length;
      return captured >= n || (captured >= 1 && document.querySelector('[data-testid="animated-qr"]')?.getAttribute('data-mode') === 'static');
    },
    spec.frames,
    STATE_TIMEOUT_MS,
  );
  await page.evaluate(() => (window as unknown as { __disposeCaptureQr(): void }).__disposeCaptureQr());
  const grays = await page.evaluate(
    async ({ n, width, height, qr }) => {
      const srcs = (window as unknown as { __frames: string[] }).__frames.slice(0, n);
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      const out: string[] = [];
      for (const src of srcs) {
        const image = new Image();
        image.src = src;
        await image.decode();
        context.fillStyle = '#ffffff';
        context.fillRect(0, 0, width, height);
        context.drawImage(image, (width - qr) / 2, (height - qr) / 2, qr, qr);
        const data = context.getImageData(0, 0, width, height).data;
        // The frames are black on white: one channel crosses the wire, the other two are rebuilt in Node.
        let binary = '';
        for (let i = 0; i < data.length; i += 4) binary += String.fromCharCode(data[i]!);
        out.push(btoa(binary));
      }
      return out;
    },
    { n: spec.frames, width: VIDEO_WIDTH, height: VIDEO_HEIGHT, qr: QR_PIXELS },
  );
  return grays.map((gray) => {
    const luma = Buffer.from(gray, 'base64');
    const rgba = new Uint8Array(luma.length * 4);
    for (let i = 0; i < luma.length; i++) {
      rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = luma[i]!;
      rgba[i * 4 + 3] = 255;
    }
    return rgba;
  });
}

export function writeVideo(dir: string, name: string, frames: readonly Uint8Array[], fps: number): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.y4m`);
  writeY4m(path, { width: VIDEO_WIDTH, height: VIDEO_HEIGHT, fps }, frames);
  return path;
}

/**
 * Films a payload as the app shows it: the real AnimatedQr in the fixture page (a display Chromium of its own),
 * `frames` distinct frames written to <dir>/<name>.y4m at `fps`, for a camera to play. Returns the video's path.
 */
export async function filmAnimatedQr(spec: CaptureSpec & { dir: string; name: string; videoFps?: number }, errors: string[]): Promise<string> {
  const served = await serveScannerFixture();
  const display = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const frames = await captureAnimatedQr(await openFixture(display, served.baseUrl, errors), spec);
    return writeVideo(spec.dir, spec.name, frames, spec.videoFps ?? 10);
  } finally {
    await display.close();
    await closeServer(served.server);
  }
}

/** A Chromium whose only camera is the fake device playing `video` (looped), camera permission granted by the fake UI. */
export function launchCamera(video: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
}

export interface ScanOutcome {
  type: string;
  payloadHex: string;
  parts: string[];
}

export interface ScanFigures {
  outcome: ScanOutcome;
  /** Milliseconds from mounting the scanner (camera start-up included) to its result. */
  ms: number;
  /** Camera frames the workers decoded, and their mean decode time. */
  framesRead: number;
  decodeMs: number;
  /** Milliseconds from mount to the camera stream, to its first frame, and to the first code read. */
  streamMs: number;
  cameraMs: number;
  firstReadMs: number;
}

/** Mounts the real QrScanner (with `workers` decoding workers, or its default) and waits for its result. */
export async function scanWithScanner(page: Page, expect: string[], timeoutMs: number, workers?: number): Promise<ScanFigures> {
  const started = Date.now();
  await page.evaluate(([types, count]) => (window as unknown as { __mountScanner(expect: string[], workers?: number): void }).__mountScanner(types, count), [expect, workers ?? 0] as const);
  const outcome = await waitForPageState(page, () => (window as unknown as { __scanResult: ScanOutcome | null }).__scanResult, 0, timeoutMs).catch(async (error: unknown) => {
    // Say how far the scanner got: frames read, progress and its last sentence.
    const state = await page
      .locator('[data-testid="qr-scanner"]')
      .evaluate((root) => `${JSON.stringify((root as HTMLElement).dataset)} ${root.textContent ?? ''}; result ${(window as unknown as { __scanResult: unknown }).__scanResult === null ? 'null' : 'set'}`)
      .catch(() => 'no scanner');
    throw new Error(`no scan result within ${timeoutMs} ms: ${state}`, { cause: error });
  });
  const ms = Date.now() - started;
  const scanner = page.locator('[data-testid="qr-scanner"]');
  const framesRead = Number(await scanner.getAttribute('data-frames-read'));
  const decodeMs = Number(await scanner.getAttribute('data-decode-ms'));
  const streamMs = Number(await scanner.getAttribute('data-stream-ms'));
  const cameraMs = Number(await scanner.getAttribute('data-camera-ms'));
  const firstReadMs = Number(await scanner.getAttribute('data-first-read-ms'));
  return { outcome, ms, framesRead, decodeMs, streamMs, cameraMs, firstReadMs };
}

/**
 * Asks the page for `state(arg)` until it is truthy and returns it; throws after `timeoutMs`. Asked from Node, one
 * evaluate at a time, rather than with page.waitForFunction: in one CI run that in-page poll never saw a result the
 * page had set 90 s earlier (the page answered at once when asked directly), so the wait depends on no page timer.
 */
export async function waitForPageState<R>(page: Page, state: (arg: number) => R, arg: number, timeoutMs: number): Promise<NonNullable<R>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.evaluate(state, arg);
    if (value) return value as NonNullable<R>;
    if (Date.now() > deadline) throw new Error(`the page did not reach the awaited state within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

