// The QR side of the air gap: one UR shown as a static code when it fits in one part, as an animated fountain otherwise.
//
// Frames are <img> elements with SVG data URLs from qrcode's browser build (CSP allows img data:, no canvas).
// Error correction: L for animated codes — a frame the camera misreads is simply a lost frame and the fountain
// code (sent with ≥ 30% loss margin, shared/airgap/ur.ts) covers it, while L gives the fewest, largest modules
// per part, which is what a cheap webcam needs. M for a static code: there is no second frame to fall back on.
// Parts are shown upper case so the QR uses alphanumeric mode (5.5 bits a character instead of 8); the UR
// decoder reads either case.
import { toString as qrSvg } from 'qrcode';
import { fingerprintWords } from '../../shared/airgap/fingerprint';
import { showDirection, type QrEnd } from '../../shared/airgap/qr-subjects';
import { createUrEncoder, decodeUrParts, type UrEncoder } from '../../shared/airgap/ur';
import { el, replace } from '../app/dom';

export type QrDensity = 'robust' | 'balanced' | 'fast';
export type QrDestination = Exclude<QrEnd, 'card'>;

/**
 * Fragment bytes per part for each preset: smaller fragments mean larger modules and more frames. Balanced, the
 * default, carries a signed transaction of up to ~390 bytes in one static code and 10 KB in 26 fragments; its
 * QR code (version 16, 81 modules) keeps modules ~5 px wide on a 640×480 camera picture.
 */
export const DENSITY_FRAGMENT_BYTES: Readonly<Record<QrDensity, number>> = { robust: 200, balanced: 400, fast: 600 };
const DENSITY_LABELS: Readonly<Record<QrDensity, string>> = { robust: 'Robust', balanced: 'Balanced', fast: 'Fast' };
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
const FRAME_PIXELS = 480;

/** What to show: payload bytes to encode here, or parts already encoded elsewhere (shown as given). */
export type AnimatedQrSource = { type: string; payload: Uint8Array } | { parts: readonly string[] };

export interface AnimatedQrSpec {
  source: AnimatedQrSource;
  destination: QrDestination;
  /** What the code is, for alt text and the heading (never its content): "Signed transaction". */
  label: string;
  density?: QrDensity;
  fps?: number;
}

export interface AnimatedQr {
  root: HTMLElement;
  /** Stops the animation timer, leaves full screen and drops the frame data. */
  dispose(): void;
}

interface Look {
  margin: number;
  dark: string;
}
const NORMAL_LOOK: Look = { margin: 2, dark: '#111827' };
// Pure black on white and a wider quiet zone: for glare, dim screens and poor cameras.
const HIGH_CONTRAST_LOOK: Look = { margin: 6, dark: '#000000' };

export function animatedQr(spec: AnimatedQrSpec): AnimatedQr {
  const given = 'parts' in spec.source ? spec.source.parts.map((part) => part.trim()) : undefined;
  // Parts from elsewhere are decoded once: checks them and gives the fingerprint of what they carry.
  const decoded = given ? decodeUrParts(given) : undefined;
  const type = decoded?.type ?? ('type' in spec.source ? spec.source.type.toLowerCase() : '');
  const payload = decoded?.payload ?? ('payload' in spec.source ? Uint8Array.from(spec.source.payload) : new Uint8Array());

  let density: QrDensity = spec.density ?? DEFAULT_DENSITY;
  let fps = clampFps(spec.fps ?? DEFAULT_FPS);
  let paused = false;
  let highContrast = false;
  let disposed = false;
  let encoder: UrEncoder | undefined;
  let givenIndex = 0;
  let frameCount = 0;
  let current: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on every restart, so a frame rendered for an older setting is dropped. */
  let generation = 0;
  /** The next frame, rendered while the current one is shown, so a frame is ready when it is due. */
  let ahead: Promise<[string, string]> | undefined;

  const frame = el('img', { className: 'animated-qr-frame', testid: 'qr-frame', attrs: { alt: `Animated QR code: ${spec.label}`, draggable: 'false' } });
  const counter = el('p', { className: 'animated-qr-counter', testid: 'qr-counter', attrs: { 'aria-live': 'off' } });
  const words = fingerprintWords(type, payload);
  const fingerprint = el('p', { className: 'animated-qr-fingerprint', testid: 'qr-fingerprint', attrs: { 'data-words': words.join(' ') } }, [
    el('span', { className: 'animated-qr-fingerprint-label' }, ['Fingerprint: ']),
    el('strong', {}, [words.join(' ')]),
  ]);

  const densitySelect = el(
    'select',
    { testid: 'qr-density', attrs: { 'aria-label': 'QR density' }, on: { change: () => setDensity(densitySelect.value) } },
    (Object.keys(DENSITY_FRAGMENT_BYTES) as QrDensity[]).map((key) =>
      el('option', { attrs: { value: key } }, [`${DENSITY_LABELS[key]} (~${DENSITY_FRAGMENT_BYTES[key]} bytes a frame)`]),
    ),
  );
  densitySelect.value = density;
  // Parts made elsewhere keep their own fragment size.
  if (given) densitySelect.disabled = true;

  const fpsInput = el('input', {
    testid: 'qr-fps',
    attrs: { type: 'number', min: String(MIN_FPS), max: String(MAX_FPS), step: '1', value: String(fps), 'aria-label': 'Frames per second' },
    on: { change: () => setFps(fpsInput.value) },
  });
  const pauseButton = el('button', { className: 'button', testid: 'qr-pause', attrs: { type: 'button', 'aria-pressed': 'false' }, on: { click: () => setPaused(!paused) } }, ['Pause']);
  const contrastButton = el(
    'button',
    { className: 'button', testid: 'qr-contrast', attrs: { type: 'button', 'aria-pressed': 'false' }, on: { click: () => setHighContrast(!highContrast) } },
    ['High contrast'],
  );
  const fullscreenButton = el('button', { className: 'button', testid: 'qr-fullscreen', attrs: { type: 'button' }, on: { click: () => toggleFullscreen() } }, ['Full screen']);

  const controls = el('div', { className: 'animated-qr-controls', testid: 'qr-controls' }, [
    el('label', { className: 'animated-qr-control' }, ['Density ', densitySelect]),
    el('label', { className: 'animated-qr-control' }, ['Frames per second ', fpsInput]),
    pauseButton,
    contrastButton,
    fullscreenButton,
  ]);

  // The stage is what goes full screen: destination and fingerprint stay in view with the code, and the way out.
  const stage = el('div', { className: 'animated-qr-stage', testid: 'qr-stage' }, [
    el('p', { className: `qr-direction animated-qr-destination animated-qr-destination-${spec.destination}`, testid: 'qr-destination' }, [showDirection(spec.destination)]),
    frame,
    fingerprint,
    counter,
    el('p', { className: 'animated-qr-exit-hint', testid: 'qr-exit-hint' }, ['Press Esc to leave full screen']),
  ]);
  const root = el('section', { className: 'animated-qr', testid: 'animated-qr', attrs: { 'aria-label': spec.label } }, [stage, controls]);

  function partCount(): number {
    return given ? given.length : (encoder?.fragmentCount ?? 1);
  }

  function isStatic(): boolean {
    return partCount() === 1;
  }

  function nextPart(): string {
    if (given) {
      const part = given[givenIndex % given.length]!;
      givenIndex += 1;
      return part;
    }
    return encoder!.nextPart();
  }

  function look(): Look {
    return highContrast ? HIGH_CONTRAST_LOOK : NORMAL_LOOK;
  }

  async function render(part: string): Promise<string> {
    const { margin, dark } = look();
    const svg = await qrSvg(part.toUpperCase(), {
      type: 'svg',
      errorCorrectionLevel: isStatic() ? 'M' : 'L',
      margin,
      width: FRAME_PIXELS,
      color: { dark, light: '#ffffff' },
    });
    return `data:image/svg+xml;base64,${base64Utf8(svg)}`;
  }

  function show(part: string, url: string): void {
    current = part;
    frame.src = url;
    frameCount += 1;
    const [, sequence] = /^ur:[^/]+\/(\d+-\d+)\//i.exec(part) ?? [];
    frame.dataset.part = sequence ?? '1-1';
    frame.dataset.frame = String(frameCount);
    root.dataset.frame = String(frameCount);
    updateCounter();
  }

  function updateCounter(): void {
    const parts = partCount();
    const text = isStatic()
      ? 'Single QR code: nothing moves, scan it once.'
      : `Frame ${frameCount} · ${parts} fragments · ${fps} frames a second${paused ? ' · paused' : ''}`;
    replace(counter, [text]);
  }

  /** Drift-free schedule: frame n is due at start + n × period; a late render skips to the next slot. */
  function schedule(gen: number, start: number, index: number): void {
    const period = 1000 / fps;
    const due = start + index * period;
    timer = setTimeout(() => void tick(gen, start, index), Math.max(0, due - performance.now()));
  }

  function prepare(): Promise<[string, string]> {
    const part = nextPart();
    return render(part).then((url) => [part, url]);
  }

  async function tick(gen: number, start: number, index: number): Promise<void> {
    if (gen !== generation || disposed || paused) return;
    const [part, url] = await (ahead ?? prepare());
    if (gen !== generation || disposed || paused) return;
    show(part, url);
    ahead = prepare();
    const period = 1000 / fps;
    const nextIndex = Math.max(index + 1, Math.ceil((performance.now() - start) / period));
    schedule(gen, start, nextIndex);
  }

  /** (Re)starts from the current settings: a new encoder on density change, a new schedule on fps change. */
  function restart(options: { reencode: boolean }): void {
    generation += 1;
    ahead = undefined;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (disposed) return;
    if (options.reencode && !given) {
      encoder = createUrEncoder(type, payload, DENSITY_FRAGMENT_BYTES[density]);
      frameCount = 0;
    }
    const gen = generation;
    root.dataset.mode = isStatic() ? 'static' : 'animated';
    root.dataset.density = density;
    root.dataset.fps = String(fps);
    root.dataset.paused = String(paused);
    const staticCode = isStatic();
    fpsInput.disabled = staticCode;
    pauseButton.disabled = staticCode;
    if (staticCode) {
      // One part: draw it once; nothing to animate.
      const part = current && !options.reencode ? current : nextPart();
      void render(part).then((url) => {
        if (gen !== generation || disposed) return;
        frameCount = 0;
        show(part, url);
      });
      return;
    }
    if (paused) {
      updateCounter();
      // Redraw the held frame in the current look (contrast may have changed while paused).
      if (current) void render(current).then((url) => gen === generation && !disposed && (frame.src = url));
      return;
    }
    void tick(gen, performance.now(), 0);
  }

  function setDensity(value: string): void {
    if (!(value in DENSITY_FRAGMENT_BYTES)) return;
    density = value as QrDensity;
    current = undefined;
    restart({ reencode: true });
  }

  function setFps(value: string): void {
    fps = clampFps(Number(value));
    fpsInput.value = String(fps);
    restart({ reencode: false });
  }

  function setPaused(value: boolean): void {
    paused = value;
    pauseButton.setAttribute('aria-pressed', String(paused));
    replace(pauseButton, [paused ? 'Resume' : 'Pause']);
    restart({ reencode: false });
  }

  function setHighContrast(value: boolean): void {
    highContrast = value;
    contrastButton.setAttribute('aria-pressed', String(highContrast));
    root.classList.toggle('animated-qr-high-contrast', highContrast);
    restart({ reencode: false });
  }

  function toggleFullscreen(): void {
    if (document.fullscreenElement === stage) {
      void document.exitFullscreen().catch(() => undefined);
    } else {
      // Refused without a user gesture or by policy: the code stays in the page, still scannable.
      void stage.requestFullscreen({ navigationUI: 'hide' }).catch(() => undefined);
    }
  }

  restart({ reencode: true });

  return {
    root,
    dispose() {
      disposed = true;
      generation += 1;
      ahead = undefined;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (document.fullscreenElement === stage) void document.exitFullscreen().catch(() => undefined);
      frame.removeAttribute('src');
      current = undefined;
      root.dataset.disposed = 'true';
    },
  };
}

function clampFps(value: number): number {
  if (!Number.isFinite(value)) return DEFAULT_FPS;
  return Math.min(MAX_FPS, Math.max(MIN_FPS, Math.round(value)));
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
