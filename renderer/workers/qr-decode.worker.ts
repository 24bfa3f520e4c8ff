// The QR scanner's decoder, off the UI thread: receives one RGBA camera frame at a time (its buffer
// transferred, not copied) and answers with the QR text jsQR finds in it, or null.
import jsQR from 'jsqr';

/** One frame to read; `id` pairs the answer with its request. */
export interface QrDecodeRequest {
  id: number;
  width: number;
  height: number;
  pixels: ArrayBuffer;
}

export interface QrDecodeAnswer {
  id: number;
  text: string | null;
  /** Milliseconds jsQR took, for the scanner's status line and the benchmark. */
  ms: number;
}

interface WorkerScope {
  onmessage: ((event: MessageEvent<QrDecodeRequest>) => void) | null;
  postMessage(message: QrDecodeAnswer): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, width, height, pixels } = event.data;
  const started = performance.now();
  let text: string | null = null;
  try {
    // Screens show dark modules on light: no inverted pass, which would double the time per frame.
    const found = jsQR(new Uint8ClampedArray(pixels), width, height, { inversionAttempts: 'dontInvert' });
    text = found && found.data !== '' ? found.data : null;
  } catch {
    // A frame jsQR chokes on is a lost frame; the fountain code covers it.
    text = null;
  }
  scope.postMessage({ id, text, ms: performance.now() - started });
};
