// The camera side of the air gap: picks a camera, reads its frames in a Web Worker with jsQR (off the UI
// thread) and feeds the parts to the fountain decoder, with a progress bar, until one whole UR of an expected
// type is rebuilt. SECURITY(H-08): asks main to open the camera window (scanner.open) before getUserMedia and
// closes it (scanner.close) and every camera track on close, on a result and on dispose.
import { createUrDecoder, type UrDecoder } from '../../shared/airgap/ur';
import type { QrDecodeAnswer, QrDecodeRequest } from '../workers/qr-decode.worker';
import { el, replace } from '../app/dom';
import type { Bridge } from '../bridge';

export interface QrScanResult {
  type: string;
  payload: Uint8Array;
  /** The distinct parts read for the completed message, lower case, in the order they were read. */
  parts: string[];
}

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
  /**
   * A plain-text QR code (not a UR) this screen also accepts, e.g. the share words printed on a holder's card:
   * when `accept(text)` holds, the text is the result, with `type` as its type.
   */
  plainText?: { type: string; accept(text: string): boolean };
}

export interface QrScanner {
  root: HTMLElement;
  /** Stops the camera tracks, the worker and the frame loop; closes the H-08 camera window. */
  dispose(): void;
}

/** Frames wider than this are scaled down before decoding: jsQR time grows with pixels, QR modules stay big enough. */
const MAX_DECODE_WIDTH = 960;
/** The camera chosen in this window, in memory only: never stored on disk. */
let rememberedCamera: string | undefined;

export function mountQrScanner(parent: HTMLElement, options: QrScannerOptions): QrScanner {
  const decoder: UrDecoder = createUrDecoder(options.expect);
  const expected = options.expect.length > 0 ? options.expect.map((type) => `"${type}"`).join(' or ') : (options.plainText?.type ?? 'expected');
  let disposed = false;
  let done = false;
  let stream: MediaStream | undefined;
  let worker: Worker | undefined;
  let busy = false;
  let frameId = 0;
  let loopHandle: number | undefined;
  let framesRead = 0;
  let lastText: string | undefined;
  let scannerOpened = false;
  let parts: string[] = [];
  let partSet = new Set<string>();

  const video = el('video', { className: 'qr-scanner-video', testid: 'scanner-video', attrs: { autoplay: '', playsinline: '', 'aria-label': 'Camera picture' } });
  video.muted = true;
  const cameraSelect = el('select', { testid: 'scanner-camera', attrs: { 'aria-label': 'Camera' }, on: { change: () => void startCamera(cameraSelect.value) } });
  const progress = el('progress', { className: 'qr-scanner-progress', testid: 'scanner-progress', attrs: { max: '100', value: '0', 'aria-label': 'Message received' } });
  const status = el('p', { className: 'qr-scanner-status', testid: 'scanner-status', attrs: { 'aria-live': 'polite' } }, [`Point the camera at the ${expected} QR code.`]);
  const notice = el('p', { className: 'qr-scanner-notice', testid: 'scanner-notice', attrs: { role: 'status' } });
  const problem = el('p', { className: 'qr-scanner-error', testid: 'scanner-error', attrs: { role: 'alert' } });
  const closeButton = el('button', { className: 'button', testid: 'scanner-close', attrs: { type: 'button' }, on: { click: () => close() } }, ['Close scanner']);
  const root = el('section', { className: 'qr-scanner', testid: 'qr-scanner', attrs: { 'aria-label': options.title, 'data-state': 'starting', 'data-progress': '0' } }, [
    el('h2', { className: 'qr-scanner-title' }, [options.title]),
    el('div', { className: 'qr-scanner-controls' }, [el('label', { className: 'qr-scanner-control' }, ['Camera ', cameraSelect]), closeButton]),
    video,
    progress,
    status,
    notice,
    problem,
  ]);
  parent.append(root);

  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });

  function setState(state: 'starting' | 'scanning' | 'done' | 'failed' | 'closed'): void {
    root.dataset.state = state;
  }

  function fail(message: string): void {
    replace(problem, [message]);
    setState('failed');
  }

  async function start(): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) {
      fail('This window has no camera access at all. Use a computer with a camera, or paste the parts instead.');
      return;
    }
    try {
      worker = new Worker(options.workerUrl ?? 'qr-decode.worker.js');
      worker.onmessage = (event: MessageEvent<QrDecodeAnswer>) => onDecoded(event.data);
      worker.onerror = () => fail('The QR reader could not start in this window. Close the scanner and open it again.');
    } catch {
      fail('The QR reader could not start in this window. Close the scanner and open it again.');
      return;
    }
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
      const video_: MediaTrackConstraints = deviceId ? { deviceId: { exact: deviceId } } : { width: { ideal: 1280 }, height: { ideal: 720 } };
      const next = await navigator.mediaDevices.getUserMedia({ video: video_, audio: false });
      if (disposed) {
        for (const track of next.getTracks()) track.stop();
        return;
      }
      stream = next;
      rememberedCamera = next.getVideoTracks()[0]?.getSettings().deviceId ?? deviceId;
      video.srcObject = next;
      await video.play().catch(() => undefined);
      replace(problem, []);
      setState('scanning');
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

  function scheduleFrame(): void {
    if (disposed || done) return;
    // One callback per new camera frame where supported; a timer otherwise.
    if ('requestVideoFrameCallback' in video) loopHandle = video.requestVideoFrameCallback(() => grabFrame());
    else loopHandle = window.setTimeout(() => grabFrame(), 40);
  }

  function grabFrame(): void {
    if (disposed || done) return;
    // The worker reads one frame at a time; a frame arriving meanwhile is skipped (a newer one follows).
    if (!busy && context && worker && video.videoWidth > 0) {
      const scale = Math.min(1, MAX_DECODE_WIDTH / video.videoWidth);
      const width = Math.round(video.videoWidth * scale);
      const height = Math.round(video.videoHeight * scale);
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      context.drawImage(video, 0, 0, width, height);
      const pixels = context.getImageData(0, 0, width, height).data.buffer;
      busy = true;
      frameId += 1;
      const request: QrDecodeRequest = { id: frameId, width, height, pixels };
      worker.postMessage(request, [pixels]);
    }
    scheduleFrame();
  }

  function onDecoded(answer: QrDecodeAnswer): void {
    busy = false;
    if (disposed || done) return;
    framesRead += 1;
    root.dataset.framesRead = String(framesRead);
    if (answer.text === null || answer.text === lastText) return;
    lastText = answer.text;
    receive(answer.text);
  }

  function receive(text: string): void {
    if (options.plainText && !/^ur:/i.test(text.trim()) && options.plainText.accept(text)) {
      done = true;
      setState('done');
      replace(status, ['Read the code.']);
      stopCamera();
      options.onResult({ type: options.plainText.type, payload: new TextEncoder().encode(text), parts: [] });
      return;
    }
    const receipt = decoder.receive(text);
    if (receipt.error) {
      replace(problem, [receipt.error.message]);
      root.dataset.errorCode = receipt.error.code;
      return;
    }
    replace(problem, []);
    delete root.dataset.errorCode;
    if (receipt.restarted) {
      parts = [];
      partSet = new Set();
      replace(notice, ['A QR code of a different message appeared: scanning started again for that message. Show one message at a time.']);
      root.dataset.restarts = String(Number(root.dataset.restarts ?? '0') + 1);
    }
    const part = text.toLowerCase();
    if (!partSet.has(part)) {
      partSet.add(part);
      parts.push(part);
    }
    const percent = Math.round(receipt.progress * 100);
    progress.value = percent;
    root.dataset.progress = String(percent);
    replace(status, [`Reading ${receipt.type ?? 'the message'}: ${percent}% · ${parts.length} distinct parts read.`]);
    if (receipt.complete && receipt.result) {
      done = true;
      setState('done');
      replace(status, [`Received the whole ${receipt.result.type} (${receipt.result.payload.length} bytes, ${parts.length} parts).`]);
      const result: QrScanResult = { type: receipt.result.type, payload: receipt.result.payload, parts: [...parts] };
      stopCamera();
      options.onResult(result);
    }
  }

  function stopTracks(): void {
    if (stream) for (const track of stream.getTracks()) track.stop();
    stream = undefined;
    video.srcObject = null;
  }

  /** Tracks, frame loop and worker stop, and main is told the camera window is closed. */
  function stopCamera(): void {
    if (loopHandle !== undefined) {
      if ('cancelVideoFrameCallback' in video) video.cancelVideoFrameCallback(loopHandle);
      window.clearTimeout(loopHandle);
      loopHandle = undefined;
    }
    stopTracks();
    worker?.terminate();
    worker = undefined;
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
    setState(done ? 'done' : 'closed');
    root.dataset.disposed = 'true';
  }

  void start();
  return { root, dispose };
}
