// The QR side of the air gap: one UR shown as a static code when it fits in one part, as an animated fountain otherwise.
// The state (settings, parts, schedule, sentences) is AnimatedQrModel.ts; this file draws it and runs the timer.
//
// Frames are <img> elements with SVG data URLs from qrcode's browser build (CSP allows img data:, no canvas).
import { toString as qrSvg } from 'qrcode';
import { showDirection } from '../../shared/airgap/qr-subjects';
import { el, replace } from '../app/dom';
import {
  createAnimatedQrModel,
  DENSITY_FRAGMENT_BYTES,
  DENSITY_LABELS,
  MAX_FPS,
  MIN_FPS,
  type AnimatedQrModel,
  type AnimatedQrSource,
  type QrDensity,
  type QrDestination,
} from './AnimatedQrModel';

export type { AnimatedQrSource, QrDensity, QrDestination } from './AnimatedQrModel';

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

/** The elements the player updates. */
interface QrElements {
  root: HTMLElement;
  stage: HTMLElement;
  frame: HTMLImageElement;
  counter: HTMLElement;
  densitySelect: HTMLSelectElement;
  fpsInput: HTMLInputElement;
  pauseButton: HTMLButtonElement;
  contrastButton: HTMLButtonElement;
}

interface QrActions {
  density(value: string): void;
  fps(value: string): void;
  pause(): void;
  contrast(): void;
  fullscreen(): void;
}

export function animatedQr(spec: AnimatedQrSpec): AnimatedQr {
  const model = createAnimatedQrModel(spec.source, { density: spec.density, fps: spec.fps });
  const player = new QrPlayer(model, (actions) => buildElements(spec, model, actions));
  return { root: player.ui.root, dispose: () => player.dispose() };
}

function buildElements(spec: AnimatedQrSpec, model: AnimatedQrModel, on: QrActions): QrElements {
  const frame = el('img', { className: 'animated-qr-frame', testid: 'qr-frame', attrs: { alt: `Animated QR code: ${spec.label}`, draggable: 'false' } });
  const counter = el('p', { className: 'animated-qr-counter', testid: 'qr-counter', attrs: { 'aria-live': 'off' } });
  const words = model.fingerprint.join(' ');
  const fingerprint = el('p', { className: 'animated-qr-fingerprint', testid: 'qr-fingerprint', attrs: { 'data-words': words } }, [
    el('span', { className: 'animated-qr-fingerprint-label' }, ['Fingerprint: ']),
    el('strong', {}, [words]),
  ]);
  const densitySelect = el(
    'select',
    { testid: 'qr-density', attrs: { 'aria-label': 'QR density' }, on: { change: () => on.density(densitySelect.value) } },
    (Object.keys(DENSITY_FRAGMENT_BYTES) as QrDensity[]).map((key) =>
      el('option', { attrs: { value: key } }, [`${DENSITY_LABELS[key]} (~${DENSITY_FRAGMENT_BYTES[key]} bytes a frame)`]),
    ),
  );
  densitySelect.value = model.density;
  densitySelect.disabled = model.fixedParts;
  const fpsInput = el('input', {
    testid: 'qr-fps',
    attrs: { type: 'number', min: String(MIN_FPS), max: String(MAX_FPS), step: '1', value: String(model.fps), 'aria-label': 'Frames per second' },
    on: { change: () => on.fps(fpsInput.value) },
  });
  const toggle = (testid: string, label: string, click: () => void) =>
    el('button', { className: 'button', testid, attrs: { type: 'button', 'aria-pressed': 'false' }, on: { click } }, [label]);
  const pauseButton = toggle('qr-pause', 'Pause', on.pause);
  const contrastButton = toggle('qr-contrast', 'High contrast', on.contrast);
  const fullscreenButton = el('button', { className: 'button', testid: 'qr-fullscreen', attrs: { type: 'button' }, on: { click: on.fullscreen } }, ['Full screen']);
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
  return { root, stage, frame, counter, densitySelect, fpsInput, pauseButton, contrastButton };
}

/** Runs the model on the elements: draws parts ahead of time and shows each when it is due. */
class QrPlayer {
  readonly ui: QrElements;
  private disposed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on every restart, so a frame rendered for an older setting is dropped. */
  private generation = 0;
  /** The next frame, rendered while the current one is shown, so a frame is ready when it is due. */
  private ahead: Promise<[string, string]> | undefined;

  constructor(
    private readonly model: AnimatedQrModel,
    build: (actions: QrActions) => QrElements,
  ) {
    this.ui = build(this.actions());
    // The model made its encoder for the starting density: begin showing it.
    this.restart(false);
  }

  /** What the controls do: change the model's setting, show it on the control, and start again from it. */
  private actions(): QrActions {
    const model = this.model;
    return {
      density: (value) => {
        if (model.setDensity(value)) this.restart(true);
      },
      fps: (value) => {
        this.ui.fpsInput.value = String(model.setFps(value));
        this.restart(false);
      },
      pause: () => {
        model.setPaused(!model.paused);
        this.ui.pauseButton.setAttribute('aria-pressed', String(model.paused));
        replace(this.ui.pauseButton, [model.paused ? 'Resume' : 'Pause']);
        this.restart(false);
      },
      contrast: () => {
        model.setHighContrast(!model.highContrast);
        this.ui.contrastButton.setAttribute('aria-pressed', String(model.highContrast));
        this.ui.root.classList.toggle('animated-qr-high-contrast', model.highContrast);
        this.restart(false);
      },
      fullscreen: () => {
        if (document.fullscreenElement === this.ui.stage) leaveFullscreen();
        // Refused without a user gesture or by policy: the code stays in the page, still scannable.
        else void this.ui.stage.requestFullscreen({ navigationUI: 'hide' }).catch(() => undefined);
      },
    };
  }

  private current(gen: number): boolean {
    return gen === this.generation && !this.disposed;
  }

  private show(part: string, url: string): void {
    const { sequence, frame } = this.model.shown(part);
    this.ui.frame.src = url;
    this.ui.frame.dataset.part = sequence;
    this.ui.frame.dataset.frame = String(frame);
    this.ui.root.dataset.frame = String(frame);
    replace(this.ui.counter, [this.model.counterText()]);
  }

  private prepare(): Promise<[string, string]> {
    const part = this.model.nextPart();
    return render(this.model, part).then((url) => [part, url]);
  }

  /** Drift-free schedule: frame n is due at start + n × period; a late render skips to the next slot. */
  private schedule(gen: number, start: number, index: number): void {
    this.timer = setTimeout(() => void this.tick(gen, start, index), Math.max(0, this.model.dueAt(start, index) - performance.now()));
  }

  private async tick(gen: number, start: number, index: number): Promise<void> {
    if (!this.current(gen) || this.model.paused) return;
    const [part, url] = await (this.ahead ?? this.prepare());
    if (!this.current(gen) || this.model.paused) return;
    this.show(part, url);
    this.ahead = this.prepare();
    this.schedule(gen, start, this.model.nextIndex(start, index, performance.now()));
  }

  private stop(): void {
    this.generation += 1;
    this.ahead = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** (Re)starts from the current settings: a new encoder on density change, a new schedule on fps change. */
  private restart(reencode: boolean): void {
    this.stop();
    if (this.disposed) return;
    const model = this.model;
    if (reencode) model.reencode();
    const mode = model.playMode();
    Object.assign(this.ui.root.dataset, { mode: mode === 'still' ? 'static' : 'animated', density: model.density, fps: String(model.fps), paused: String(model.paused) });
    this.ui.fpsInput.disabled = mode === 'still';
    this.ui.pauseButton.disabled = mode === 'still';
    if (mode === 'still') this.showStill(model.stillPart(reencode));
    else if (mode === 'held') this.showHeld();
    else void this.tick(this.generation, performance.now(), 0);
  }

  /** One part: draw it once; nothing to animate. */
  private showStill(part: string): void {
    const gen = this.generation;
    void render(this.model, part).then((url) => {
      if (!this.current(gen)) return;
      this.model.resetFrames();
      this.show(part, url);
    });
  }

  /** Paused: the counter says so, and the held frame is redrawn in the current look (contrast may have changed while paused). */
  private showHeld(): void {
    const gen = this.generation;
    replace(this.ui.counter, [this.model.counterText()]);
    const held = this.model.current;
    if (held) void render(this.model, held).then((url) => this.current(gen) && (this.ui.frame.src = url));
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    if (document.fullscreenElement === this.ui.stage) leaveFullscreen();
    this.ui.frame.removeAttribute('src');
    this.model.forget();
    this.ui.root.dataset.disposed = 'true';
  }
}

function leaveFullscreen(): void {
  void document.exitFullscreen().catch(() => undefined);
}

async function render(model: AnimatedQrModel, part: string): Promise<string> {
  const drawing = model.draw(part);
  const svg = await qrSvg(drawing.text, {
    type: 'svg',
    errorCorrectionLevel: drawing.errorCorrectionLevel,
    margin: drawing.margin,
    width: drawing.width,
    color: { dark: drawing.dark, light: drawing.light },
  });
  return `data:image/svg+xml;base64,${base64Utf8(svg)}`;
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
