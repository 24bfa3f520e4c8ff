// What the QR scanner knows, apart from the camera and the DOM: its state, the parts read and the UR decoder's
// progress, the sentences it shows, and where in the next camera frame to look for the code (a crop around where
// it was last found, scaled so its modules stay a few pixels wide). Pure: tested in Node; QrScanner.ts renders it.
import { qrPhrase, qrPhrases, scanDirection } from '../../shared/airgap/qr-subjects';
import { createUrDecoder } from '../../shared/airgap/ur';

export type ScannerState = 'starting' | 'scanning' | 'done' | 'failed' | 'closed';

export interface QrScanResult {
  type: string;
  payload: Uint8Array;
  /** The distinct parts read for the completed message, lower case, in the order they were read. */
  parts: string[];
}

/** Where a code was found, in the picture that was decoded: its four finder-pattern corners and QR version. */
export interface QrLocation {
  corners: ReadonlyArray<{ x: number; y: number }>;
  version: number;
}

/** One decoded camera frame, as the worker answers. */
export interface DecodedFrame {
  text: string | null;
  /** Milliseconds the decoder took. */
  ms: number;
  location?: QrLocation;
  /** The region of the video that was decoded, and the size it was scaled to. */
  plan: FramePlan;
  /** Not decoded: the same picture as the last frame a code was read from (nothing new in it). */
  skipped?: boolean;
}

/** Which part of a video frame to decode: source rectangle in video pixels, scaled to width × height. */
export interface FramePlan {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
  width: number;
  height: number;
}

export interface ScannerView {
  state: ScannerState;
  /** Where the code is shown from, the scanner's largest line: "Scan from the RELAY (online)". */
  readonly direction: string;
  /** 0..100 */
  progress: number;
  status: string;
  notice: string;
  problem: string;
  errorCode?: string;
  restarts: number;
  framesRead: number;
  framesSkipped: number;
  /** Mean decode time of the frames read, in milliseconds. */
  decodeMs: number;
}

export interface ScannerModelOptions {
  expect: readonly string[];
  plainText?: { type: string; accept(text: string): boolean };
}

/** Frames wider than this are scaled down before decoding when no code has been seen yet. */
export const MAX_SEARCH_WIDTH = 640;
/**
 * Pixels per QR module kept after scaling a crop. Measured through the fake camera: at 3 (nearest-pixel sampling of a
 * 5.4 px/module code) jsQR missed every cropped frame; at 4 it read every one.
 */
export const MIN_MODULE_PIXELS = 4;
/** Margin added around the last-found code on each side, as a share of its size (the hand or screen moves). */
const CROP_MARGIN = 0.25;
/** After this many frames in a row without a code in the crop, the whole frame is searched again. */
const CROP_MISSES = 2;

export interface ScannerModel {
  readonly view: ScannerView;
  scanning(): void;
  fail(message: string): void;
  close(): void;
  /** Where to look in the next frame of a video this size. */
  plan(videoWidth: number, videoHeight: number): FramePlan;
  /** A decoded frame; returns the result once the message is complete (the scanner stops then). */
  decoded(frame: DecodedFrame): QrScanResult | undefined;
}

export function createScannerModel(options: ScannerModelOptions): ScannerModel {
  const decoder = createUrDecoder(options.expect);
  const expectedTypes = options.expect.length > 0 ? options.expect : options.plainText ? [options.plainText.type] : [];
  const view: ScannerView = {
    state: 'starting',
    direction: scanDirection(expectedTypes),
    progress: 0,
    status: `Point the camera at ${qrPhrases(expectedTypes)}.`,
    notice: '',
    problem: '',
    restarts: 0,
    framesRead: 0,
    framesSkipped: 0,
    decodeMs: 0,
  };
  let parts: string[] = [];
  let partSet = new Set<string>();
  let lastText: string | undefined;
  let lastFound: { x: number; y: number; size: number; module: number } | undefined;
  let misses = 0;
  let totalMs = 0;

  const finished = () => view.state === 'done' || view.state === 'closed' || view.state === 'failed';

  function plan(videoWidth: number, videoHeight: number): FramePlan {
    if (!lastFound || misses >= CROP_MISSES) {
      const scale = Math.min(1, MAX_SEARCH_WIDTH / videoWidth);
      return { sx: 0, sy: 0, sw: videoWidth, sh: videoHeight, width: Math.round(videoWidth * scale), height: Math.round(videoHeight * scale) };
    }
    const margin = lastFound.size * CROP_MARGIN;
    const sx = Math.max(0, Math.floor(lastFound.x - margin));
    const sy = Math.max(0, Math.floor(lastFound.y - margin));
    const sw = Math.min(videoWidth, Math.ceil(lastFound.x + lastFound.size + margin)) - sx;
    const sh = Math.min(videoHeight, Math.ceil(lastFound.y + lastFound.size + margin)) - sy;
    const scale = Math.min(1, MIN_MODULE_PIXELS / lastFound.module);
    return { sx, sy, sw, sh, width: Math.max(1, Math.round(sw * scale)), height: Math.max(1, Math.round(sh * scale)) };
  }

  /** Remembers where the code was, in video pixels, from its corners in the scaled crop. */
  function remember(frame: DecodedFrame): void {
    const { plan: p, location } = frame;
    if (!location || location.corners.length === 0) {
      misses += 1;
      return;
    }
    const fx = p.sw / p.width;
    const fy = p.sh / p.height;
    const xs = location.corners.map((c) => p.sx + c.x * fx);
    const ys = location.corners.map((c) => p.sy + c.y * fy);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    const size = Math.max(Math.max(...xs) - x, Math.max(...ys) - y);
    // The corners are the finder patterns' outer corners: the code is 17 + 4 × version modules across.
    lastFound = { x, y, size, module: size / (17 + 4 * location.version) };
    misses = 0;
  }

  function receive(text: string): QrScanResult | undefined {
    if (options.plainText && !/^ur:/i.test(text.trim()) && options.plainText.accept(text)) {
      view.state = 'done';
      view.status = 'Read the code.';
      return { type: options.plainText.type, payload: new TextEncoder().encode(text), parts: [] };
    }
    const receipt = decoder.receive(text);
    if (receipt.error) {
      view.problem = receipt.error.message;
      view.errorCode = receipt.error.code;
      return undefined;
    }
    view.problem = '';
    delete view.errorCode;
    if (receipt.restarted) {
      parts = [];
      partSet = new Set();
      view.notice = 'A QR code of a different message appeared: scanning started again for that message. Show one message at a time.';
      view.restarts += 1;
    }
    const part = text.toLowerCase();
    if (!partSet.has(part)) {
      partSet.add(part);
      parts.push(part);
    }
    view.progress = Math.round(receipt.progress * 100);
    view.status = `Reading ${receipt.type ? qrPhrase(receipt.type) : 'the message'}: ${view.progress}% · ${parts.length} distinct parts read.`;
    if (!receipt.complete || !receipt.result) return undefined;
    view.state = 'done';
    view.status = `Received all of ${qrPhrase(receipt.result.type)} (${receipt.result.payload.length} bytes, ${parts.length} parts).`;
    return { type: receipt.result.type, payload: receipt.result.payload, parts: [...parts] };
  }

  return {
    view,
    scanning() {
      if (finished()) return;
      view.state = 'scanning';
      view.problem = '';
    },
    fail(message) {
      if (view.state === 'done' || view.state === 'closed') return;
      view.state = 'failed';
      view.problem = message;
    },
    close() {
      if (view.state !== 'done') view.state = 'closed';
    },
    plan,
    decoded(frame) {
      if (finished()) return undefined;
      if (frame.skipped) {
        view.framesSkipped += 1;
        return undefined;
      }
      view.framesRead += 1;
      totalMs += frame.ms;
      view.decodeMs = Math.round((totalMs / view.framesRead) * 10) / 10;
      remember(frame);
      if (frame.text === null || frame.text === lastText) return undefined;
      lastText = frame.text;
      return receive(frame.text);
    },
  };
}
