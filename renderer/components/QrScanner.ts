// The camera side of the air gap: picks a camera and hands every new camera frame to the QR reader (zxing-wasm) in
// Web Workers (off the UI thread), which crop it to where the code was last seen and scale it; QrScannerModel.ts
// decides what to look at and turns the parts read into one UR of an expected type. SECURITY(H-08): asks main to
// open the camera window (scanner.open) before getUserMedia and closes it (scanner.close) and every camera track on
// close, on a result and on dispose.
import type { Bridge } from '../bridge';
import type { QrDecodeAnswer } from '../workers/qr-decode.worker';
import { createQrDecoderPool, defaultWorkerCount, type QrDecoderPool } from './QrDecoderPool';
import { createScannerModel, type QrScanResult, type ScannerModel } from './QrScannerModel';
import { qrScannerElements } from './QrScannerView';

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

export function mountQrScanner(parent: HTMLElement, options: QrScannerOptions): QrScanner {
  const model: ScannerModel = createScannerModel({ expect: options.expect, ...(options.plainText ? { plainText: options.plainText } : {}) });
  const view = qrScannerElements(options.title, { onCameraChange: (deviceId) => void startCamera(deviceId), onClose: () => close() });
  const { root, video } = view;
  parent.append(root);
  let disposed = false;
  let stream: MediaStream | undefined;
  let pool: QrDecoderPool | undefined;
  let loopHandle: number | undefined;
  let scannerOpened = false;
  /** For the figures on the root (data-stream-ms, data-camera-ms, data-first-read-ms): where start-up time goes. */
  const mountedAt = performance.now();
  const since = () => String(Math.round(performance.now() - mountedAt));
  const render = () => view.render(model.view);

  function fail(message: string): void {
    model.fail(message);
    render();
  }

  async function start(): Promise<void> {
    render();
    if (!navigator.mediaDevices?.getUserMedia) {
      fail('This window has no camera access at all. Use a computer with a camera, or paste the parts instead.');
      return;
    }
    try {
      // The workers load their script (and warm up) while the camera starts.
      const readerFailed = () => fail('The QR reader could not start in this window. Close the scanner and open it again.');
      pool = createQrDecoderPool({ count: options.workers ?? defaultWorkerCount(), url: options.workerUrl ?? 'qr-decode.worker.js', onAnswer: onDecoded, onError: readerFailed });
    } catch {
      fail('The QR reader could not start in this window. Close the scanner and open it again.');
      return;
    }
    if (!(await openCameraWindow()) || disposed) return;
    await startCamera(rememberedCamera);
    if (disposed || !stream) return;
    view.showCameras((await navigator.mediaDevices.enumerateDevices()).filter((device) => device.kind === 'videoinput'), rememberedCamera);
  }

  /** SECURITY(H-08): main allows the camera only between scanner.open and scanner.close. */
  async function openCameraWindow(): Promise<boolean> {
    if (!options.bridge) return true;
    try {
      await options.bridge.call('scanner.open', {});
      scannerOpened = true;
      // Closed while main was answering: close the camera window again at once.
      if (disposed) stopCamera();
      return true;
    } catch {
      fail('Airlock did not open the camera for this scanner. Close it and try again.');
      return false;
    }
  }

  async function startCamera(deviceId: string | undefined): Promise<void> {
    stopTracks();
    try {
      const wanted: MediaTrackConstraints = deviceId
        ? { deviceId: { exact: deviceId }, frameRate: { ideal: 30 } }
        : { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
      const next = await navigator.mediaDevices.getUserMedia({ video: wanted, audio: false });
      root.dataset.streamMs ??= since();
      if (disposed) {
        for (const track of next.getTracks()) track.stop();
        return;
      }
      stream = next;
      rememberedCamera = next.getVideoTracks()[0]?.getSettings().deviceId ?? deviceId;
      video.srcObject = next;
      await video.play().catch(() => undefined);
      model.scanning();
      render();
      scheduleFrame();
    } catch (error) {
      // No camera came of it: the permission window closes now, not when the holder closes the scanner.
      closeCameraWindow();
      fail(cameraProblem(error));
    }
  }

  function active(): boolean {
    return !disposed && model.view.state === 'scanning';
  }

  function scheduleFrame(): void {
    if (!active()) return;
    // One callback per new camera frame where supported; a timer otherwise.
    if ('requestVideoFrameCallback' in video) loopHandle = video.requestVideoFrameCallback(() => grabFrame());
    else loopHandle = window.setTimeout(() => grabFrame(), 33);
  }

  /** Every new camera frame goes to a worker with room in its queue; with none it is dropped (a newer one follows). */
  function grabFrame(): void {
    if (!active()) return;
    root.dataset.cameraMs ??= since();
    if (video.videoWidth > 0) pool?.send(video, model.plan(video.videoWidth, video.videoHeight));
    scheduleFrame();
  }

  function onDecoded(answer: QrDecodeAnswer): void {
    if (!active()) return;
    if (answer.text !== null) root.dataset.firstReadMs ??= since();
    const result = model.decoded({ text: answer.text, ms: answer.ms, plan: answer.plan, ...(answer.location ? { location: answer.location } : {}), ...(answer.skipped ? { skipped: true } : {}) });
    render();
    if (result) {
      stopCamera();
      options.onResult(result);
    }
  }

  function stopTracks(): void {
    if (stream) for (const track of stream.getTracks()) track.stop();
    stream = undefined;
    video.srcObject = null;
  }

  /** Tracks, frame loop and workers stop, and main is told the camera window is closed. */
  function stopCamera(): void {
    if (loopHandle !== undefined) {
      if ('cancelVideoFrameCallback' in video) video.cancelVideoFrameCallback(loopHandle);
      window.clearTimeout(loopHandle);
      loopHandle = undefined;
    }
    stopTracks();
    pool?.terminate();
    pool = undefined;
    closeCameraWindow();
  }

  /** SECURITY(H-08): main denies the camera again from here on. */
  function closeCameraWindow(): void {
    if (scannerOpened && options.bridge) {
      scannerOpened = false;
      void options.bridge.call('scanner.close', {}).catch(() => undefined);
    }
  }

  function close(): void {
    dispose();
    options.onClose?.();
  }

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    stopCamera();
    model.close();
    render();
    root.dataset.disposed = 'true';
  }

  void start();
  return { root, dispose };
}

/** What to tell the holder when getUserMedia fails. */
function cameraProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError') return 'The camera was not allowed. Airlock only allows it while a scanner is open: close the scanner and open it again.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera was found. Connect a camera (or pick another one) and open the scanner again.';
  return 'The camera could not be started. It may be in use by another program; close that and try again.';
}
