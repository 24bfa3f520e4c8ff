// The QR scanner's decoder, off the UI thread: receives camera frames as VideoFrames (transferred, not copied),
// crops and scales each as its plan says (from the luma plane of a YUV camera frame, else on an OffscreenCanvas),
// and answers with the QR text jsQR finds in it, or null, and where the code was (for the next frame's crop).
// All pixel work happens here.
import jsQR from 'jsqr';
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
  /** Milliseconds reading the pixels and jsQR took, for the scanner's figures and the benchmark. */
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

/** Reads one frame: grey pixels for jsQR, or undefined when it is the picture a code was last read from. */
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

// While the camera starts (most of a second), jsQR runs on a blank picture so its code is compiled when the first
// frame arrives: the first real frame otherwise pays for the engine's warm-up.
for (let i = 0; i < 3; i++) jsQR(new Uint8ClampedArray(160 * 120 * 4).fill(255), 160, 120, { inversionAttempts: 'dontInvert' });

scope.onmessage = async (event) => {
  const { id, frame, plan } = event.data;
  const started = performance.now();
  let answer: QrDecodeAnswer = { id, text: null, ms: 0, plan };
  try {
    const { image, thumbnail } = await framePixels(frame, plan);
    if (!image) answer = { ...answer, skipped: true };
    // Screens show dark modules on light: no inverted pass, which would double the time per frame.
    const found = image ? jsQR(image, plan.width, plan.height, { inversionAttempts: 'dontInvert' }) : null;
    if (found && found.data !== '') {
      const l = found.location;
      answer = { id, text: found.data, ms: 0, plan, location: { corners: [l.topLeftCorner, l.topRightCorner, l.bottomRightCorner, l.bottomLeftCorner], version: found.version } };
    }
    if (image) lastRead = found && thumbnail ? { plan, thumbnail } : undefined;
  } catch {
    // A frame jsQR chokes on is a lost frame; the fountain code covers it.
  } finally {
    frame.close();
  }
  scope.postMessage({ ...answer, ms: performance.now() - started });
};
