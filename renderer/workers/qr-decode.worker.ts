// The QR scanner's decoder, off the UI thread: receives camera frames as VideoFrames (transferred, not copied),
// crops and scales each as its plan says (from the luma plane of a YUV camera frame, else on an OffscreenCanvas),
// and answers with the QR text zxing-cpp's reader (zxing-wasm) finds in it, or null, and where the code was (for the
// next frame's crop). All pixel work happens here.
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import zxingWasm from 'zxing-wasm/reader/zxing_reader.wasm';
import type { FramePlan, QrLocation } from '../components/QrScannerModel';
import { evenRect, hasLumaPlane, lumaThumbnail, lumaToGreyRgba, pictureChanged, type LumaPlane } from './luma';

/** One frame to read; `id` pairs the answer with its request. */
export interface QrDecodeRequest {
  id: number;
  frame: VideoFrame;
  plan: FramePlan;
}

export interface QrDecodeAnswer {
  id: number;
  text: string | null;
  /** Milliseconds reading the pixels and decoding took, for the scanner's figures and the benchmark. */
  ms: number;
  location?: QrLocation;
  plan: FramePlan;
  /** Not decoded: the same picture (and crop) as the last frame this worker read a code from. */
  skipped?: boolean;
}

interface WorkerScope {
  onmessage: ((event: MessageEvent<QrDecodeRequest>) => void | Promise<void>) | null;
  postMessage(message: QrDecodeAnswer): void;
}
const scope = self as unknown as WorkerScope;
/** The last frame this worker read a code from: its crop and thumbnail; an unchanged picture is not read again. */
let lastRead: { plan: FramePlan; thumbnail: Uint8Array } | undefined;
let canvas: OffscreenCanvas | undefined;
let context: OffscreenCanvasRenderingContext2D | null = null;

/** The planned crop's luma plane: a copy of the crop's bytes, no colour conversion. */
async function lumaPlane(frame: VideoFrame, plan: FramePlan): Promise<LumaPlane> {
  const visible = frame.visibleRect ?? { x: 0, y: 0, width: frame.codedWidth, height: frame.codedHeight };
  // The plan is in the video element's pixels; the frame's visible size is normally the same.
  const fx = visible.width / frame.displayWidth;
  const fy = visible.height / frame.displayHeight;
  const rect = evenRect(visible.x + plan.sx * fx, visible.y + plan.sy * fy, plan.sw * fx, plan.sh * fy, visible.x + visible.width, visible.y + visible.height);
  const bytes = new Uint8Array(frame.allocationSize({ rect }));
  const [luma] = await frame.copyTo(bytes, { rect });
  return { bytes, offset: luma!.offset, stride: luma!.stride, width: rect.width, height: rect.height };
}

const samePlan = (a: FramePlan, b: FramePlan) => a.sx === b.sx && a.sy === b.sy && a.sw === b.sw && a.sh === b.sh && a.width === b.width && a.height === b.height;

/** Reads one frame: grey pixels for the decoder, or undefined when it is the picture a code was last read from. */
async function framePixels(frame: VideoFrame, plan: FramePlan): Promise<{ image?: Uint8ClampedArray; thumbnail?: Uint8Array }> {
  if (!hasLumaPlane(frame.format)) return { image: canvasPixels(frame, plan) };
  const plane = await lumaPlane(frame, plan);
  const thumbnail = lumaThumbnail(plane);
  if (lastRead && samePlan(lastRead.plan, plan) && !pictureChanged(lastRead.thumbnail, thumbnail)) return {};
  return { image: lumaToGreyRgba(plane, plan.width, plan.height), thumbnail };
}

function canvasPixels(frame: VideoFrame, plan: FramePlan): Uint8ClampedArray | undefined {
  if (!canvas || canvas.width !== plan.width || canvas.height !== plan.height) {
    canvas = new OffscreenCanvas(plan.width, plan.height);
    context = canvas.getContext('2d', { willReadFrequently: true });
  }
  if (!context) return undefined;
  // Low-quality scaling is a plain sample: modules stay sharp-edged, and it costs least.
  context.imageSmoothingQuality = 'low';
  context.drawImage(frame, plan.sx, plan.sy, plan.sw, plan.sh, 0, 0, plan.width, plan.height);
  return context.getImageData(0, 0, plan.width, plan.height).data;
}

/** QR only; screens show dark modules on light (no inverted pass), upright (no rotations): a third of the work. */
const READER: ReaderOptions = { formats: ['QRCode'], tryInvert: false, tryRotate: false, tryDownscale: false, maxNumberOfSymbols: 1 };

// SECURITY(H-04): the decoder's .wasm is inside this script (esbuild's binary loader in build/bundle.mjs reads
// node_modules' copy at build time): nothing is fetched, and the package's default locateFile, a CDN address, is
// never asked. Compiling it needs 'wasm-unsafe-eval' in script-src, and nothing more.
const wasmBytes = zxingWasm as unknown as Uint8Array; // the binary loader's bytes (the package types the file loader's URL)
const zxing = prepareZXingModule({ overrides: { wasmBinary: wasmBytes.slice().buffer }, fireImmediately: true });
// A decoder that cannot start (a CSP without 'wasm-unsafe-eval', an engine without wasm) is an uncaught error, which
// the scanner's pool sees as the worker's error event and says so, instead of reading nothing forever. Once it runs, a
// blank picture is decoded while the camera starts, so the first real frame does not pay for the engine's warm-up.
zxing.then(
  () => readBarcodes({ data: new Uint8ClampedArray(160 * 120 * 4).fill(255), width: 160, height: 120, colorSpace: 'srgb' } as ImageData, READER),
  (error: unknown) => setTimeout(() => { throw new Error(`The QR decoder could not start: ${String(error)}`); }),
);

/** The QR text in a grey RGBA picture, and where its corners are; null when there is none. */
async function decode(image: Uint8ClampedArray, width: number, height: number): Promise<{ text: string; location: QrLocation } | null> {
  const [found] = await readBarcodes({ data: image, width, height, colorSpace: 'srgb' } as ImageData, READER);
  if (!found?.isValid || found.text === '') return null;
  const p = found.position;
  return { text: found.text, location: { corners: [p.topLeft, p.topRight, p.bottomRight, p.bottomLeft], version: Number(found.version) } };
}

scope.onmessage = async (event) => {
  const { id, frame, plan } = event.data;
  const started = performance.now();
  let answer: QrDecodeAnswer = { id, text: null, ms: 0, plan };
  try {
    const { image, thumbnail } = await framePixels(frame, plan);
    if (!image) answer = { ...answer, skipped: true };
    const found = image ? await decode(image, plan.width, plan.height) : null;
    if (found) answer = { id, text: found.text, ms: 0, plan, location: found.location };
    if (image) lastRead = found && thumbnail ? { plan, thumbnail } : undefined;
  } catch {
    // A frame the decoder chokes on is a lost frame; the fountain code covers it.
  } finally {
    frame.close();
  }
  scope.postMessage({ ...answer, ms: performance.now() - started });
};
