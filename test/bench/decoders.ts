// One-off measurement for issue 18 (not a *.bench.ts, so `npm run bench` does not run it): jsQR against zxing-wasm's
// reader on the same 640×480 camera pictures of the app's own AnimatedQr frames, decode time per frame, whole frame
// and a crop at the scanner's plan (4 px per module), both in this V8.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import jsQR from 'jsqr';
import { chromium } from 'playwright-core';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { DENSITY_FRAGMENT_BYTES, type QrDensity } from '../../renderer/components/AnimatedQrModel';
import { captureAnimatedQr, CHROMIUM, CHROMIUM_ARGS, closeServer, mulberry32, openFixture, serveScannerFixture, VIDEO_HEIGHT, VIDEO_WIDTH } from '../helpers/camera-rig';

const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) }, fireImmediately: true });

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const { server, baseUrl } = await serveScannerFixture();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await openFixture(browser, baseUrl, []);
  const random = mulberry32(5);
  const payload = Uint8Array.from({ length: 10 * 1024 }, () => Math.floor(random() * 256));
  for (const density of Object.keys(DENSITY_FRAGMENT_BYTES) as QrDensity[]) {
    const frames = await captureAnimatedQr(page, { type: 'bytes', payload, density, frames: 20 });
    const times = { jsqr: [] as number[], zxing: [] as number[] };
    let read = { jsqr: 0, zxing: 0 };
    for (let round = 0; round < 3; round++) {
      for (const rgba of frames) {
        const image = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength);
        let t = performance.now();
        const a = jsQR(image, VIDEO_WIDTH, VIDEO_HEIGHT, { inversionAttempts: 'dontInvert' });
        times.jsqr.push(performance.now() - t);
        t = performance.now();
        const b = await readBarcodes({ data: image, width: VIDEO_WIDTH, height: VIDEO_HEIGHT, colorSpace: 'srgb' } as ImageData, { formats: ['QRCode'], tryInvert: false, tryRotate: false, tryDownscale: false, maxNumberOfSymbols: 1 });
        times.zxing.push(performance.now() - t);
        if (round === 0) read = { jsqr: read.jsqr + (a ? 1 : 0), zxing: read.zxing + (b[0]?.isValid && a && b[0].text === a.data ? 1 : 0) };
        // The scanner's crop plan needs the code's corners and QR version: the same from both decoders.
        if (round === 0 && frames.indexOf(rgba) === 0 && a && b[0]) console.log(`  version jsQR ${a.version} zxing ${b[0].version}; top-left jsQR ${JSON.stringify(a.location.topLeftCorner)} zxing ${JSON.stringify(b[0].position.topLeft)}; bottom-right jsQR ${JSON.stringify(a.location.bottomRightCorner)} zxing ${JSON.stringify(b[0].position.bottomRight)}`);
      }
    }
    console.log(`${density} ${DENSITY_FRAGMENT_BYTES[density]} B/frame, ${frames.length} frames ×3: jsQR median ${median(times.jsqr).toFixed(1)} ms (read ${read.jsqr}/${frames.length}); zxing median ${median(times.zxing).toFixed(1)} ms (same text ${read.zxing}/${frames.length})`);
  }
} finally {
  await browser.close();
  await closeServer(server);
}
