// The QR scanner's decoder, off the UI thread: receives one camera frame at a time as an ImageBitmap already cropped
// and scaled by the browser (transferred, not copied), reads its pixels on an OffscreenCanvas and answers with the
// QR text jsQR finds in it, or null, and where the code was (for the next frame's crop).
import jsQR from 'jsqr';
import type { FramePlan, QrLocation } from '../components/QrScannerModel';

/** One frame to read; `id` pairs the answer with its request. */
export interface QrDecodeRequest {
  id: number;
  bitmap: ImageBitmap;
  plan: FramePlan;
}

export interface QrDecodeAnswer {
  id: number;
  text: string | null;
  /** Milliseconds reading the pixels and jsQR took, for the scanner's figures and the benchmark. */
  ms: number;
  location?: QrLocation;
  plan: FramePlan;
}

interface WorkerScope {
  onmessage: ((event: MessageEvent<QrDecodeRequest>) => void) | null;
  postMessage(message: QrDecodeAnswer): void;
}
const scope = self as unknown as WorkerScope;
let canvas: OffscreenCanvas | undefined;
let context: OffscreenCanvasRenderingContext2D | null = null;

function pixels(bitmap: ImageBitmap): ImageData | undefined {
  if (!canvas || canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
    canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    context = canvas.getContext('2d', { willReadFrequently: true });
  }
  if (!context) return undefined;
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, bitmap.width, bitmap.height);
}

scope.onmessage = (event) => {
  const { id, bitmap, plan } = event.data;
  const started = performance.now();
  let answer: QrDecodeAnswer = { id, text: null, ms: 0, plan };
  try {
    const image = pixels(bitmap);
    // Screens show dark modules on light: no inverted pass, which would double the time per frame.
    const found = image ? jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' }) : null;
    if (found && found.data !== '') {
      const l = found.location;
      answer = { id, text: found.data, ms: 0, plan, location: { corners: [l.topLeftCorner, l.topRightCorner, l.bottomRightCorner, l.bottomLeftCorner], version: found.version } };
    }
  } catch {
    // A frame jsQR chokes on is a lost frame; the fountain code covers it.
  } finally {
    bitmap.close();
  }
  scope.postMessage({ ...answer, ms: performance.now() - started });
};
