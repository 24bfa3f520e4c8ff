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

/** What happens to a scanner: the camera started, something failed, the holder closed it, the message was read. */
export type ScannerEvent = 'camera-started' | 'failed' | 'closed' | 'message-read';

/**
 * The scanner's state machine: the states each event applies in, and the state it leads to. An event in any other
 * state changes nothing: a failed or finished scanner does not scan again, and closing after a result keeps "done".
 */
export const SCANNER_TRANSITIONS: Readonly<Record<ScannerEvent, { from: readonly ScannerState[]; to: ScannerState }>> = {
  'camera-started': { from: ['starting', 'scanning'], to: 'scanning' },
  failed: { from: ['starting', 'scanning', 'failed'], to: 'failed' },
  closed: { from: ['starting', 'scanning', 'failed', 'closed'], to: 'closed' },
  'message-read': { from: ['starting', 'scanning'], to: 'done' },
};

/** The state after `event`, or undefined when the event does not apply in `state`. */
export function nextScannerState(state: ScannerState, event: ScannerEvent): ScannerState | undefined {
  const transition = SCANNER_TRANSITIONS[event];
  return transition.from.includes(state) ? transition.to : undefined;
}

/** Where a code was last found, in video pixels: its top-left corner, its size and the width of one module. */
export interface FoundCode {
  x: number;
  y: number;
  size: number;
  module: number;
}

/** The whole frame, scaled to at most MAX_SEARCH_WIDTH wide: where to look while no code is being followed. */
export function searchPlan(videoWidth: number, videoHeight: number): FramePlan {
  const scale = Math.min(1, MAX_SEARCH_WIDTH / videoWidth);
  return { sx: 0, sy: 0, sw: videoWidth, sh: videoHeight, width: Math.round(videoWidth * scale), height: Math.round(videoHeight * scale) };
}

/** A crop around the code found, with a margin, clamped to the frame and scaled so a module stays MIN_MODULE_PIXELS wide. */
export function cropPlan(found: FoundCode, videoWidth: number, videoHeight: number): FramePlan {
  const margin = found.size * CROP_MARGIN;
  const sx = Math.max(0, Math.floor(found.x - margin));
  const sy = Math.max(0, Math.floor(found.y - margin));
  const sw = Math.min(videoWidth, Math.ceil(found.x + found.size + margin)) - sx;
  const sh = Math.min(videoHeight, Math.ceil(found.y + found.size + margin)) - sy;
  const scale = Math.min(1, MIN_MODULE_PIXELS / found.module);
  return { sx, sy, sw, sh, width: Math.max(1, Math.round(sw * scale)), height: Math.max(1, Math.round(sh * scale)) };
}

/** Where the frame's code is in video pixels, from its corners in the scaled picture; undefined when none was located. */
export function locateCode(frame: Pick<DecodedFrame, 'plan' | 'location'>): FoundCode | undefined {
  const { plan: p, location } = frame;
  if (!location || location.corners.length === 0) return undefined;
  const fx = p.sw / p.width;
  const fy = p.sh / p.height;
  const xs = location.corners.map((c) => p.sx + c.x * fx);
  const ys = location.corners.map((c) => p.sy + c.y * fy);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  const size = Math.max(Math.max(...xs) - x, Math.max(...ys) - y);
  // The corners are the finder patterns' outer corners: the code is 17 + 4 × version modules across.
  return { x, y, size, module: size / (17 + 4 * location.version) };
}

/** Follows the code from frame to frame: a crop around it while it is seen, the whole frame after CROP_MISSES misses. */
function createCodeTracker() {
  let lastFound: FoundCode | undefined;
  let misses = 0;
  return {
    plan(videoWidth: number, videoHeight: number): FramePlan {
      if (!lastFound || misses >= CROP_MISSES) return searchPlan(videoWidth, videoHeight);
      return cropPlan(lastFound, videoWidth, videoHeight);
    },
    seen(frame: DecodedFrame): void {
      const found = locateCode(frame);
      if (found) lastFound = found;
      misses = found ? 0 : misses + 1;
    },
  };
}

/** The distinct parts of the message being read, lower case, in the order they were first read. */
function createPartLog() {
  let parts: string[] = [];
  let seen = new Set<string>();
  return {
    get count(): number {
      return parts.length;
    },
    list: (): string[] => [...parts],
    add(text: string): void {
      const part = text.toLowerCase();
      if (seen.has(part)) return;
      seen.add(part);
      parts.push(part);
    },
    clear(): void {
      parts = [];
      seen = new Set();
    },
  };
}

function initialView(expectedTypes: readonly string[]): ScannerView {
  return {
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
}

/**
 * Turns the texts read into one message: a plain text the screen accepts, or UR parts through the decoder. Writes the
 * progress and the sentences on the view; `read()` marks the message read (the state machine's "message-read").
 */
function createMessageReader(options: ScannerModelOptions, view: ScannerView, read: () => void): (text: string) => QrScanResult | undefined {
  const decoder = createUrDecoder(options.expect);
  const parts = createPartLog();

  function plainText(text: string): QrScanResult | undefined {
    if (!options.plainText || /^ur:/i.test(text.trim()) || !options.plainText.accept(text)) return undefined;
    read();
    view.status = 'Read the code.';
    return { type: options.plainText.type, payload: new TextEncoder().encode(text), parts: [] };
  }

  function urPart(text: string): QrScanResult | undefined {
    const receipt = decoder.receive(text);
    if (receipt.error) {
      view.problem = receipt.error.message;
      view.errorCode = receipt.error.code;
      return undefined;
    }
    view.problem = '';
    delete view.errorCode;
    if (receipt.restarted) {
      parts.clear();
      view.notice = 'A QR code of a different message appeared: scanning started again for that message. Show one message at a time.';
      view.restarts += 1;
    }
    parts.add(text);
    view.progress = Math.round(receipt.progress * 100);
    view.status = `Reading ${receipt.type ? qrPhrase(receipt.type) : 'the message'}: ${view.progress}% · ${parts.count} distinct parts read.`;
    if (!receipt.complete || !receipt.result) return undefined;
    read();
    view.status = `Received all of ${qrPhrase(receipt.result.type)} (${receipt.result.payload.length} bytes, ${parts.count} parts).`;
    return { type: receipt.result.type, payload: receipt.result.payload, parts: parts.list() };
  }

  return (text) => plainText(text) ?? urPart(text);
}

export function createScannerModel(options: ScannerModelOptions): ScannerModel {
  const expectedTypes = options.expect.length > 0 ? options.expect : options.plainText ? [options.plainText.type] : [];
  const view = initialView(expectedTypes);
  const tracker = createCodeTracker();
  const readText = createMessageReader(options, view, () => enter('message-read'));
  let lastText: string | undefined;
  let totalMs = 0;

  /** Moves the state machine; false when the event does not apply in the current state. */
  function enter(event: ScannerEvent): boolean {
    const next = nextScannerState(view.state, event);
    if (next === undefined) return false;
    view.state = next;
    return true;
  }

  function countFrame(frame: DecodedFrame): void {
    view.framesRead += 1;
    totalMs += frame.ms;
    view.decodeMs = Math.round((totalMs / view.framesRead) * 10) / 10;
  }

  return {
    view,
    scanning() {
      if (enter('camera-started')) view.problem = '';
    },
    fail(message) {
      if (enter('failed')) view.problem = message;
    },
    close() {
      enter('closed');
    },
    plan: tracker.plan,
    decoded(frame) {
      // Frames are read only while a message may still be read: before it is done, failed or closed.
      if (nextScannerState(view.state, 'message-read') === undefined) return undefined;
      if (frame.skipped) {
        view.framesSkipped += 1;
        return undefined;
      }
      countFrame(frame);
      tracker.seen(frame);
      if (frame.text === null || frame.text === lastText) return undefined;
      lastText = frame.text;
      return readText(frame.text);
    },
  };
}
