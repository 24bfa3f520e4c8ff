// The camera side of the air gap: picks a camera and hands every new camera frame to jsQR in Web Workers (off the
// UI thread), which crop it to where the code was last seen and scale it; QrScannerModel.ts decides what to look at
// and turns the parts read into one UR of an expected type. SECURITY(H-08): asks main to open the camera
// window (scanner.open) before getUserMedia and closes it (scanner.close) and every camera track on close, on a
// result and on dispose.
import { el, replace } from '../app/dom';
import type { Bridge } from '../bridge';
import type { QrDecodeAnswer, QrDecodeRequest } from '../workers/qr-decode.worker';
import { createScannerModel, type QrScanResult, type ScannerModel } from './QrScannerModel';

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

function defaultWorkers(): number {
  return Math.min(2, Math.max(1, (navigator.hardwareConcurrency || 2) - 1));
}

export function mountQrScanner(parent: HTMLElement, options: QrScannerOptions): QrScanner {
  const model: ScannerModel = createScannerModel({ expect: options.expect, ...(options.plainText ? { plainText: options.plainText } : {}) });
  let disposed = false;
  let stream: MediaStream | undefined;
  let workers: Worker[] = [];
  /** Free places in the workers' queues: two each, so the next frame waits in a worker while it reads one. */
  const slots: Worker[] = [];
  let frameId = 0;
  let loopHandle: number | undefined;
  let scannerOpened = false;
  /** For the figures on the root (data-stream-ms, data-camera-ms, data-first-read-ms): where start-up time goes. */
  const mountedAt = performance.now();
  const since = () => String(Math.round(performance.now() - mountedAt));

  const video = el('video', { className: 'qr-scanner-video', testid: 'scanner-video', attrs: { autoplay: '', playsinline: '', 'aria-label': 'Camera picture' } });
  video.muted = true;
  const cameraSelect = el('select', { testid: 'scanner-camera', attrs: { 'aria-label': 'Camera' }, on: { change: () => void startCamera(cameraSelect.value) } });
  const progress = el('progress', { className: 'qr-scanner-progress', testid: 'scanner-progress', attrs: { max: '100', value: '0', 'aria-label': 'Message received' } });
  const status = el('p', { className: 'qr-scanner-status', testid: 'scanner-status', attrs: { 'aria-live': 'polite' } });
  const notice = el('p', { className: 'qr-scanner-notice', testid: 'scanner-notice', attrs: { role: 'status' } });
  const problem = el('p', { className: 'qr-scanner-error', testid: 'scanner-error', attrs: { role: 'alert' } });
  const closeButton = el('button', { className: 'button', testid: 'scanner-close', attrs: { type: 'button' }, on: { click: () => close() } }, ['Close scanner']);
  const root = el('section', { className: 'qr-scanner', testid: 'qr-scanner', attrs: { 'aria-label': options.title } }, [
    el('h2', { className: 'qr-scanner-title' }, [options.title]),
    el('div', { className: 'qr-scanner-controls' }, [el('label', { className: 'qr-scanner-control' }, ['Camera ', cameraSelect]), closeButton]),
    video,
    progress,
    status,
    notice,
    problem,
  ]);
  parent.append(root);

  /** Shows what the model says; only what changed is written, so a frame with nothing new touches no text. */
  function render(): void {
    const v = model.view;
    root.dataset.state = v.state;
    root.dataset.progress = String(v.progress);
    root.dataset.framesRead = String(v.framesRead);
    root.dataset.framesSkipped = String(v.framesSkipped);
    root.dataset.decodeMs = String(v.decodeMs);
    if (v.restarts > 0) root.dataset.restarts = String(v.restarts);
    if (v.errorCode) root.dataset.errorCode = v.errorCode;
    else delete root.dataset.errorCode;
    progress.value = v.progress;
    for (const [node, text] of [[status, v.status], [notice, v.notice], [problem, v.problem]] as const) {
      if (node.textContent !== text) replace(node, text ? [text] : []);
    }
  }

  function fail(message: string): void {
    model.fail(message);
    render();
  }

  function startWorkers(): boolean {
    try {
      workers = Array.from({ length: Math.max(1, options.workers ?? defaultWorkers()) }, () => {
        const worker = new Worker(options.workerUrl ?? 'qr-decode.worker.js');
        worker.onmessage = (event: MessageEvent<QrDecodeAnswer>) => onDecoded(worker, event.data);
        worker.onerror = () => fail('The QR reader could not start in this window. Close the scanner and open it again.');
        return worker;
      });
      for (const worker of workers) slots.push(worker, worker);
      return true;
    } catch {
      fail('The QR reader could not start in this window. Close the scanner and open it again.');
      return false;
    }
  }

  async function start(): Promise<void> {
    render();
    if (!navigator.mediaDevices?.getUserMedia) {
      fail('This window has no camera access at all. Use a computer with a camera, or paste the parts instead.');
      return;
    }
    // The workers load their script while the camera starts.
    if (!startWorkers()) return;
    if (options.bridge) {
      try {
        await options.bridge.call('scanner.open', {});
        scannerOpened = true;
        // Closed while main was answering: close the camera window again at once.
        if (disposed) stopCamera();
      } catch {
        fail('Airlock did not open the camera for this scanner. Close it and try again.');
        return;
      }
    }
    if (disposed) return;
    await startCamera(rememberedCamera);
    if (disposed || !stream) return;
    await listCameras();
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
      const name = error instanceof DOMException ? error.name : '';
      fail(
        name === 'NotAllowedError'
          ? 'The camera was not allowed. Airlock only allows it while a scanner is open: close the scanner and open it again.'
          : name === 'NotFoundError' || name === 'OverconstrainedError'
            ? 'No camera was found. Connect a camera (or pick another one) and open the scanner again.'
            : 'The camera could not be started. It may be in use by another program; close that and try again.',
      );
    }
  }

  async function listCameras(): Promise<void> {
    const devices = (await navigator.mediaDevices.enumerateDevices()).filter((device) => device.kind === 'videoinput');
    replace(
      cameraSelect,
      devices.map((device, index) => el('option', { attrs: { value: device.deviceId } }, [device.label || `Camera ${index + 1}`])),
    );
    if (rememberedCamera) cameraSelect.value = rememberedCamera;
    cameraSelect.disabled = devices.length < 2;
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
    const worker = slots.pop();
    if (worker && video.videoWidth > 0) send(worker);
    else if (worker) slots.push(worker);
    scheduleFrame();
  }

  /** The frame goes to the worker as it is (a VideoFrame shares the camera's buffer); cropping happens there. */
  function send(worker: Worker): void {
    const plan = model.plan(video.videoWidth, video.videoHeight);
    let frame: VideoFrame;
    try {
      frame = new VideoFrame(video);
    } catch {
      // No frame to take yet (the camera is switching): the place stays free.
      slots.push(worker);
      return;
    }
    frameId += 1;
    const request: QrDecodeRequest = { id: frameId, frame, plan };
    worker.postMessage(request, [frame]);
  }

  function onDecoded(worker: Worker, answer: QrDecodeAnswer): void {
    slots.push(worker);
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
    for (const worker of workers) worker.terminate();
    workers = [];
    slots.length = 0;
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
