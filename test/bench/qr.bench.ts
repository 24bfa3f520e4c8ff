// The air gap's speed: jsQR decode time per camera frame (640×480, 1280×720, and the scanner's crop around a code it
// found) for real UR part QR codes at each density preset, UR encode/decode throughput for a 10 KB payload, and
// frames needed to move it at 30% loss.
import jsQR from 'jsqr';
import { DEFAULT_FPS, DENSITY_FRAGMENT_BYTES } from '../../renderer/components/AnimatedQrModel';
import { createScannerModel } from '../../renderer/components/QrScannerModel';
import { lumaToGreyRgba } from '../../renderer/workers/luma';
import { createUrDecoder, createUrEncoder, encodeUr } from '../../shared/airgap/ur';
import { qrFrame } from '../helpers/qr-frame';
import { median } from './figures';
import type { Report } from './run';
import { mulberry32 } from '../helpers/seeded';

const PAYLOAD_BYTES = 10 * 1024;
const DENSITY_PRESETS = Object.values(DENSITY_FRAGMENT_BYTES);
const FRAMES = [
  [640, 480],
  [1280, 720],
] as const;
const RUNS = 15;

const payload = (() => {
  const random = mulberry32(10);
  return Uint8Array.from({ length: PAYLOAD_BYTES }, () => Math.floor(random() * 256));
})();

/** A UR part as the app displays it: upper case, so the QR uses alphanumeric mode. */
const renderFrame = (text: string, width: number, height: number) => qrFrame(text.toUpperCase(), width, height, 'L');

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Median of 5 runs: a fresh decoder takes `shown` in that order until it completes. */
function decodeTime(shown: readonly string[]): number {
  return median(
    Array.from({ length: 5 }, () =>
      time(() => {
        const decoder = createUrDecoder();
        for (const p of shown) if (decoder.receive(p).complete) break;
      }),
    ),
  );
}

/** Frames shown (in display order, each lost with probability `loss`) until the decoder completes. */
function framesUntilComplete(fragment: number, loss: number, seed: number): number {
  const random = mulberry32(seed);
  const encoder = createUrEncoder('bytes', payload, fragment);
  const decoder = createUrDecoder();
  for (let shown = 1; shown < 100_000; shown++) {
    const part = encoder.nextPart();
    if (random() < loss) continue;
    if (decoder.receive(part).complete) return shown;
  }
  throw new Error('did not complete');
}

export async function bench(report: Report): Promise<void> {
  for (const fragment of DENSITY_PRESETS) {
    const part = createUrEncoder('bytes', payload, fragment).nextPart();
    for (const [width, height] of FRAMES) {
      const { rgba, version } = renderFrame(part, width, height);
      const decoded = jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' });
      if (decoded?.data !== part.toUpperCase()) throw new Error(`jsQR did not read the ${fragment}-byte part at ${width}x${height}`);
      const dontInvert = median(Array.from({ length: RUNS }, () => time(() => jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' }))));
      const both = median(Array.from({ length: RUNS }, () => time(() => jsQR(rgba, width, height))));
      report(`jsqr ${width}x${height} UR part ${fragment} B (QR v${version}), dontInvert`, dontInvert, 'ms/frame');
      report(`jsqr ${width}x${height} UR part ${fragment} B (QR v${version}), attemptBoth`, both, 'ms/frame');
    }
  }
  // What the scanner reads once it found the code in a 640×480 frame: the crop around it at 4 px a module, from luma.
  for (const fragment of DENSITY_PRESETS) {
    const part = createUrEncoder('bytes', payload, fragment).nextPart();
    const { rgba } = renderFrame(part, 640, 480);
    const model = createScannerModel({ expect: ['bytes'] });
    const full = model.plan(640, 480);
    const found = jsQR(rgba, 640, 480, { inversionAttempts: 'dontInvert' })!;
    const l = found.location;
    model.decoded({ text: found.data, ms: 0, plan: full, location: { corners: [l.topLeftCorner, l.topRightCorner, l.bottomRightCorner, l.bottomLeftCorner], version: found.version } });
    const crop = model.plan(640, 480);
    const luma = Uint8Array.from({ length: crop.sw * crop.sh }, (_, i) => rgba[((crop.sy + Math.floor(i / crop.sw)) * 640 + crop.sx + (i % crop.sw)) * 4]!);
    const grey = lumaToGreyRgba({ bytes: luma, offset: 0, stride: crop.sw, width: crop.sw, height: crop.sh }, crop.width, crop.height);
    if (jsQR(grey, crop.width, crop.height, { inversionAttempts: 'dontInvert' })?.data !== part.toUpperCase()) throw new Error(`jsQR did not read the ${fragment}-byte part in the scanner's crop`);
    const ms = median(Array.from({ length: RUNS }, () => time(() => jsQR(grey, crop.width, crop.height, { inversionAttempts: 'dontInvert' }))));
    report(`jsqr scanner crop ${crop.width}x${crop.height} of 640x480, UR part ${fragment} B`, ms, 'ms/frame');
  }
  // An empty frame (no QR in view): the cost a scanner pays most of the time.
  for (const [width, height] of FRAMES) {
    const blank = new Uint8ClampedArray(width * height * 4).fill(200);
    report(`jsqr ${width}x${height} frame without a QR code, dontInvert`, median(Array.from({ length: RUNS }, () => time(() => jsQR(blank, width, height, { inversionAttempts: 'dontInvert' })))), 'ms/frame');
  }

  let parts: string[] = [];
  const encodeMs = median(Array.from({ length: 5 }, () => time(() => (parts = encodeUr('bytes', payload, 200)))));
  report(`ur encode 10 KB, 200 B fragments (${parts.length} parts)`, encodeMs, 'ms');
  report('ur encode 10 KB throughput', PAYLOAD_BYTES / 1024 / (encodeMs / 1000), 'KB/s');
  const decodeMs = decodeTime(parts);
  report('ur decode 10 KB, 200 B fragments, parts in order', decodeMs, 'ms');
  report('ur decode 10 KB throughput', PAYLOAD_BYTES / 1024 / (decodeMs / 1000), 'KB/s');
  const random = mulberry32(99);
  const lossy = parts.map((part) => ({ part, key: random() })).sort((a, b) => a.key - b.key).slice(Math.floor(parts.length * 0.3)).map((x) => x.part);
  const lossyMs = decodeTime(lossy);
  report('ur decode 10 KB, 30% of parts lost, rest shuffled', lossyMs, 'ms');

  for (const fragment of DENSITY_PRESETS) {
    const frames = median(Array.from({ length: 9 }, (_, seed) => framesUntilComplete(fragment, 0.3, seed + 1)));
    report(`10 KB at ${fragment} B fragments, 30% frames lost: frames shown`, frames, 'frames');
    report(`10 KB at ${fragment} B fragments, 30% lost, at ${DEFAULT_FPS} fps`, frames / DEFAULT_FPS, 's');
  }
}
