// The camera side of the air gap: picks a camera and hands every new camera frame to the QR reader (zxing-wasm) in
// Web Workers (off the UI thread), which crop it to where the code was last seen and scale it; QrScannerModel.ts
// decides what to look at and turns the parts read into one UR of an expected type, QrCamera.ts holds the camera's
// pieces and QrScannerView.ts the DOM. SECURITY(H-08): asks main to
// open the camera window (scanner.open) before getUserMedia and closes it (scanner.close) and every camera track on
// close, on a result and on dispose.
import type { Bridge } from '../bridge';
import type { QrDecodeAnswer } from '../workers/qr-decode.worker';
import { cameraProblem, cameraWindow, frameLoop, listCameras, requestCamera, stopStream, type CameraWindow, type FrameLoop } from './QrCamera';
import { createQrDecoderPool, defaultWorkerCount, type QrDecoderPool } from './QrDecoderPool';
import { createScannerModel, type DecodedFrame, type QrScanResult, type ScannerModel } from './QrScannerModel';
import { qrScannerElements, type QrScannerElements } from './QrScannerView';

export type { QrScanResult } from './QrScannerModel';

export interface QrScannerOptions {
  /** UR types this screen accepts, e.g. ["eth-sign-request"]; anything else is refused with a sentence. */
  expect: string[];
  title: string;
  onResult(result: QrScanResult): void;
  onClose?(): void;
  /** The app's bridge, for scanner.open / scanner.close. Fixture pages outside the app leave it out. */
  bridge?: Pick<Bridge, 'call'>;
  /** Where the decoding worker is served from, relative to the page (dist/renderer/qr-decode.worker.js). */
  workerUrl?: string;
  /** Decoding workers; by default one per core beyond the first, at most two. */
  workers?: number;
  /**
   * A plain-text QR code (not a UR) this screen also accepts, e.g. the share words printed on a holder's card:
   * when `accept(text)` holds, the text is the result, with `type` as its type.
   */
  plainText?: { type: string; accept(text: string): boolean };
}

export interface QrScanner {
  root: HTMLElement;
  /** Stops the camera tracks, the workers and the frame loop; closes the H-08 camera window. */
  dispose(): void;
}

/** The camera chosen in this window, in memory only: never stored on disk. */
let rememberedCamera: string | undefined;

const READER_FAILED = 'The QR reader could not start in this window. Close the scanner and open it again.';

export function mountQrScanner(parent: HTMLElement, options: QrScannerOptions): QrScanner {
  const scan = new QrScan(options);
  parent.append(scan.view.root);
  void scan.start();
  return { root: scan.view.root, dispose: () => scan.dispose() };
}

/** One open scanner: the camera's frames go to the decoding workers, their answers to the model, the model to the view. */
class QrScan {
  readonly model: ScannerModel;
  readonly view: QrScannerElements;
  private readonly cameraWindow: CameraWindow;
  private readonly loop: FrameLoop;
  private readonly mark: (figure: StartupFigure) => void;
  private pool: QrDecoderPool | undefined;
  private stream: MediaStream | undefined;
  private disposed = false;

  constructor(private readonly options: QrScannerOptions) {
    this.model = createScannerModel({ expect: options.expect, ...(options.plainText ? { plainText: options.plainText } : {}) });
    this.view = qrScannerElements(options.title, { onCameraChange: (deviceId) => void this.startCamera(deviceId), onClose: () => this.close() });
    this.cameraWindow = cameraWindow(options.bridge);
    this.loop = frameLoop(this.view.video, () => this.grabFrame());
    this.mark = startupFigures(this.view.root);
  }

  async start(): Promise<void> {
    this.render();
    if (!navigator.mediaDevices?.getUserMedia) return this.fail('This window has no camera access at all. Use a computer with a camera, or paste the parts instead.');
    if (!this.startReader() || !(await this.openCameraWindow()) || this.disposed) return;
    await this.startCamera(rememberedCamera);
    if (this.disposed || !this.stream) return;
    this.view.showCameras(await listCameras(), rememberedCamera);
  }

  /** The workers load their script (and warm up) while the camera starts. */
  private startReader(): boolean {
    const options = this.options;
    try {
      const onError = () => this.fail(READER_FAILED);
      this.pool = createQrDecoderPool({ count: options.workers ?? defaultWorkerCount(), url: options.workerUrl ?? 'qr-decode.worker.js', onAnswer: (answer) => this.onDecoded(answer), onError });
      return true;
    } catch {
      this.fail(READER_FAILED);
      return false;
    }
  }

  private async openCameraWindow(): Promise<boolean> {
    try {
      await this.cameraWindow.open();
    } catch {
      this.fail('Airlock did not open the camera for this scanner. Close it and try again.');
      return false;
    }
    // Closed while main was answering: close the camera window again at once.
    if (this.disposed) this.stopCamera();
    return true;
  }

  private async startCamera(deviceId: string | undefined): Promise<void> {
    this.stopTracks();
    try {
      await this.showCamera(await requestCamera(deviceId), deviceId);
    } catch (error) {
      // No camera came of it: the permission window closes now, not when the holder closes the scanner.
      this.cameraWindow.close();
      this.fail(cameraProblem(error));
    }
  }

  private async showCamera(stream: MediaStream, deviceId: string | undefined): Promise<void> {
    this.mark('streamMs');
    if (this.disposed) return stopStream(stream);
    this.stream = stream;
    rememberedCamera = stream.getVideoTracks()[0]?.getSettings().deviceId ?? deviceId;
    this.view.video.srcObject = stream;
    await this.view.video.play().catch(() => undefined);
    this.model.scanning();
    this.render();
    this.scheduleFrame();
  }

  private active(): boolean {
    return !this.disposed && this.model.view.state === 'scanning';
  }

  private scheduleFrame(): void {
    if (this.active()) this.loop.next();
  }

  /** Every new camera frame goes to a worker with room in its queue; with none it is dropped (a newer one follows). */
  private grabFrame(): void {
    if (!this.active()) return;
    this.mark('cameraMs');
    const video = this.view.video;
    if (video.videoWidth > 0) this.pool?.send(video, this.model.plan(video.videoWidth, video.videoHeight));
    this.scheduleFrame();
  }

  private onDecoded(answer: QrDecodeAnswer): void {
    if (!this.active()) return;
    if (answer.text !== null) this.mark('firstReadMs');
    const result = this.model.decoded(decodedFrame(answer));
    this.render();
    if (!result) return;
    this.stopCamera();
    this.options.onResult(result);
  }

  private stopTracks(): void {
    stopStream(this.stream);
    this.stream = undefined;
    this.view.video.srcObject = null;
  }

  /** Tracks, frame loop and workers stop, and main is told the camera window is closed. */
  private stopCamera(): void {
    this.loop.cancel();
    this.stopTracks();
    this.pool?.terminate();
    this.pool = undefined;
    this.cameraWindow.close();
  }

  private close(): void {
    this.dispose();
    this.options.onClose?.();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopCamera();
    this.model.close();
    this.render();
    this.view.root.dataset.disposed = 'true';
  }

  private fail(message: string): void {
    this.model.fail(message);
    this.render();
  }

  private render(): void {
    this.view.render(this.model.view);
  }
}

/** The figures on the root (data-stream-ms, data-camera-ms, data-first-read-ms): where start-up time goes. */
type StartupFigure = 'streamMs' | 'cameraMs' | 'firstReadMs';

/** Each figure is written once, the first time it is marked: milliseconds since the scanner was mounted. */
function startupFigures(root: HTMLElement): (figure: StartupFigure) => void {
  const mountedAt = performance.now();
  return (figure) => {
    root.dataset[figure] ??= String(Math.round(performance.now() - mountedAt));
  };
}

/** The worker's answer as the model reads it (optional fields left out rather than undefined). */
function decodedFrame(answer: QrDecodeAnswer): DecodedFrame {
  return { text: answer.text, ms: answer.ms, plan: answer.plan, ...(answer.location ? { location: answer.location } : {}), ...(answer.skipped ? { skipped: true } : {}) };
}
