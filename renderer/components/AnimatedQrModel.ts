// What the animated QR knows, apart from the DOM and the timer: the payload and its fingerprint, the holder's settings
// (density, frames a second, pause, contrast), which part comes next, how each part is drawn, the counter's sentence and
// when the next frame is due. Pure: tested in Node; AnimatedQr.ts renders it.
//
// Error correction: L for animated codes — a frame the camera misreads is simply a lost frame and the fountain
// code (sent with ≥ 30% loss margin, shared/airgap/ur.ts) covers it, while L gives the fewest, largest modules
// per part, which is what a cheap webcam needs. M for a static code: there is no second frame to fall back on.
// Parts are shown upper case so the QR uses alphanumeric mode (5.5 bits a character instead of 8); the UR
// decoder reads either case.
import { fingerprintWords } from '../../shared/airgap/fingerprint';
import type { QrEnd } from '../../shared/airgap/qr-subjects';
import { createUrEncoder, decodeUrParts, type UrEncoder } from '../../shared/airgap/ur';

export type QrDensity = 'robust' | 'balanced' | 'fast';
export type QrDestination = Exclude<QrEnd, 'card'>;

/**
 * Fragment bytes per part for each preset: smaller fragments mean larger modules and more frames. Balanced, the
 * default, carries a signed transaction of up to ~390 bytes in one static code and 10 KB in 26 fragments; its
 * QR code (version 16, 81 modules) keeps modules ~5 px wide on a 640×480 camera picture.
 */
export const DENSITY_FRAGMENT_BYTES: Readonly<Record<QrDensity, number>> = { robust: 200, balanced: 400, fast: 600 };
export const DENSITY_LABELS: Readonly<Record<QrDensity, string>> = { robust: 'Robust', balanced: 'Balanced', fast: 'Fast' };
export const DEFAULT_DENSITY: QrDensity = 'balanced';
export const MIN_FPS = 2;
export const MAX_FPS = 30;
/**
 * The scanner decodes every camera frame it can (up to 30 a second), and a frame it misses or a camera catches
 * mid-change is a lost frame the fountain code covers: at 30 fps 10 KB needs ~47 frames with 30% lost (~1.6 s).
 * A holder with a slow camera picks fewer.
 */
export const DEFAULT_FPS = 30;
/** Rendered size of a frame's SVG, in CSS pixels (CSS may scale it, e.g. in full screen). */
export const FRAME_PIXELS = 480;

/** What to show: payload bytes to encode here, or parts already encoded elsewhere (shown as given). */
export type AnimatedQrSource = { type: string; payload: Uint8Array } | { parts: readonly string[] };

/** How one part is drawn: the text put in the code and qrcode's options for it. */
export interface FrameDrawing {
  text: string;
  errorCorrectionLevel: 'L' | 'M';
  margin: number;
  dark: string;
  light: string;
  width: number;
}

const NORMAL_LOOK = { margin: 2, dark: '#111827' } as const;
// Pure black on white and a wider quiet zone: for glare, dim screens and poor cameras.
const HIGH_CONTRAST_LOOK = { margin: 6, dark: '#000000' } as const;

export type PlayMode = 'still' | 'held' | 'animated';

export interface AnimatedQrModel {
  readonly type: string;
  readonly payload: Uint8Array;
  readonly fingerprint: readonly string[];
  /** Parts made elsewhere keep their own fragment size: density cannot be changed. */
  readonly fixedParts: boolean;
  readonly density: QrDensity;
  readonly fps: number;
  readonly paused: boolean;
  readonly highContrast: boolean;
  /** Frames shown since the last re-encode. */
  readonly frameCount: number;
  /** The part on screen, if any. */
  readonly current: string | undefined;
  partCount(): number;
  /** One part: a still code, scanned once. */
  isStatic(): boolean;
  /** What the player does with the current settings: draw one still code, hold the paused frame, or animate. */
  playMode(): PlayMode;
  /** The part a still code shows: the one on screen, unless the code was re-encoded or nothing is on screen yet. */
  stillPart(reencoded: boolean): string;
  /** A new encoder for the current density (payload sources only); the frame count starts again. */
  reencode(): void;
  nextPart(): string;
  draw(part: string): FrameDrawing;
  /** Records a part as shown; gives the sequence ("3-26", "1-1" for a single code) and the frame number. */
  shown(part: string): { sequence: string; frame: number };
  /** Drops the part on screen (the next draw starts from a new part). */
  forget(): void;
  /** The frame count starts again (a still code is always frame 1). */
  resetFrames(): void;
  /** False when the value is not a density (nothing changes). */
  setDensity(value: string): boolean;
  /** Clamped to MIN_FPS..MAX_FPS; not a number gives the default. Returns what was kept. */
  setFps(value: unknown): number;
  setPaused(value: boolean): void;
  setHighContrast(value: boolean): void;
  counterText(): string;
  /** Frame n of a schedule started at `start` is due at start + n × period. */
  dueAt(start: number, index: number): number;
  /** The slot after `index`, or a later one when drawing fell behind `now`: a late frame skips, it does not pile up. */
  nextIndex(start: number, index: number, now: number): number;
}

/** The type and payload a source carries; parts from elsewhere are decoded once, which checks them. */
function readSource(source: AnimatedQrSource): { type: string; payload: Uint8Array; given: readonly string[] | undefined } {
  if (!('parts' in source)) return { type: source.type.toLowerCase(), payload: Uint8Array.from(source.payload), given: undefined };
  const given = source.parts.map((part) => part.trim());
  const decoded = decodeUrParts(given);
  return { type: decoded.type, payload: decoded.payload, given };
}

/** How a part is drawn: upper case (alphanumeric mode), M for a still code and L for a moving one, in the chosen look. */
function drawPart(part: string, still: boolean, highContrast: boolean): FrameDrawing {
  const look = highContrast ? HIGH_CONTRAST_LOOK : NORMAL_LOOK;
  return { text: part.toUpperCase(), errorCorrectionLevel: still ? 'M' : 'L', margin: look.margin, dark: look.dark, light: '#ffffff', width: FRAME_PIXELS };
}

export function createAnimatedQrModel(source: AnimatedQrSource, settings: { density?: QrDensity; fps?: number } = {}): AnimatedQrModel {
  const { type, payload, given } = readSource(source);
  const density = settings.density ?? DEFAULT_DENSITY;
  let encoder: UrEncoder | undefined = given ? undefined : createUrEncoder(type, payload, DENSITY_FRAGMENT_BYTES[density]);
  let givenIndex = 0;

  const model = {
    type,
    payload,
    fingerprint: fingerprintWords(type, payload),
    fixedParts: given !== undefined,
    density,
    fps: clampFps(settings.fps ?? DEFAULT_FPS),
    paused: false,
    highContrast: false,
    frameCount: 0,
    current: undefined as string | undefined,
    partCount: () => (given ? given.length : (encoder?.fragmentCount ?? 1)),
    isStatic: () => model.partCount() === 1,
    playMode: (): PlayMode => (model.isStatic() ? 'still' : model.paused ? 'held' : 'animated'),
    stillPart: (reencoded: boolean) => (model.current && !reencoded ? model.current : model.nextPart()),
    reencode() {
      if (given) return;
      encoder = createUrEncoder(type, payload, DENSITY_FRAGMENT_BYTES[model.density]);
      model.frameCount = 0;
    },
    nextPart(): string {
      if (encoder) return encoder.nextPart();
      const part = given![givenIndex % given!.length]!;
      givenIndex += 1;
      return part;
    },
    draw: (part: string) => drawPart(part, model.isStatic(), model.highContrast),
    shown(part: string) {
      model.current = part;
      model.frameCount += 1;
      const [, sequence] = /^ur:[^/]+\/(\d+-\d+)\//i.exec(part) ?? [];
      return { sequence: sequence ?? '1-1', frame: model.frameCount };
    },
    forget() {
      model.current = undefined;
    },
    resetFrames() {
      model.frameCount = 0;
    },
    setDensity(value: string): boolean {
      if (!Object.hasOwn(DENSITY_FRAGMENT_BYTES, value)) return false;
      model.density = value as QrDensity;
      model.current = undefined;
      return true;
    },
    setFps(value: unknown): number {
      return (model.fps = clampFps(Number(value)));
    },
    setPaused(value: boolean) {
      model.paused = value;
    },
    setHighContrast(value: boolean) {
      model.highContrast = value;
    },
    counterText(): string {
      if (model.isStatic()) return 'Single QR code: nothing moves, scan it once.';
      return `Frame ${model.frameCount} · ${model.partCount()} fragments · ${model.fps} frames a second${model.paused ? ' · paused' : ''}`;
    },
    dueAt: (start: number, index: number) => start + index * (1000 / model.fps),
    nextIndex: (start: number, index: number, now: number) => Math.max(index + 1, Math.ceil((now - start) / (1000 / model.fps))),
  };
  return model;
}

export function clampFps(value: number): number {
  if (!Number.isFinite(value)) return DEFAULT_FPS;
  return Math.min(MAX_FPS, Math.max(MIN_FPS, Math.round(value)));
}
