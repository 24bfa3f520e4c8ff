// The QR scanner's DOM: the camera picture, the camera picker, progress, the three sentences (status, notice,
// problem) and the figures on the root's data attributes; render() shows what QrScannerModel says.
import { el, replace } from '../app/dom';
import type { ScannerView } from './QrScannerModel';

export interface QrScannerElements {
  root: HTMLElement;
  video: HTMLVideoElement;
  cameraSelect: HTMLSelectElement;
  /** Shows the model's view; only what changed is written, so a frame with nothing new touches no text. */
  render(view: ScannerView): void;
  /** Lists the cameras found, with `chosen` selected; one camera leaves the picker disabled. */
  showCameras(devices: readonly MediaDeviceInfo[], chosen: string | undefined): void;
}

export function qrScannerElements(title: string, handlers: { onCameraChange(deviceId: string): void; onClose(): void }): QrScannerElements {
  const video = el('video', { className: 'qr-scanner-video', testid: 'scanner-video', attrs: { autoplay: '', playsinline: '', 'aria-label': 'Camera picture' } });
  video.muted = true;
  const cameraSelect = el('select', { testid: 'scanner-camera', attrs: { 'aria-label': 'Camera' }, on: { change: () => handlers.onCameraChange(cameraSelect.value) } });
  const progress = el('progress', { className: 'qr-scanner-progress', testid: 'scanner-progress', attrs: { max: '100', value: '0', 'aria-label': 'Message received' } });
  const status = el('p', { className: 'qr-scanner-status', testid: 'scanner-status', attrs: { 'aria-live': 'polite' } });
  const notice = el('p', { className: 'qr-scanner-notice', testid: 'scanner-notice', attrs: { role: 'status' } });
  const problem = el('p', { className: 'qr-scanner-error', testid: 'scanner-error', attrs: { role: 'alert' } });
  const closeButton = el('button', { className: 'button', testid: 'scanner-close', attrs: { type: 'button' }, on: { click: () => handlers.onClose() } }, ['Close scanner']);
  const direction = el('p', { className: 'qr-direction qr-scanner-direction', testid: 'scanner-direction' });
  const root = el('section', { className: 'qr-scanner', testid: 'qr-scanner', attrs: { 'aria-label': title } }, [
    direction,
    el('h2', { className: 'qr-scanner-title' }, [title]),
    el('div', { className: 'qr-scanner-controls' }, [el('label', { className: 'qr-scanner-control' }, ['Camera ', cameraSelect]), closeButton]),
    video,
    progress,
    status,
    notice,
    problem,
  ]);

  function render(v: ScannerView): void {
    root.dataset.state = v.state;
    if (direction.textContent !== v.direction) direction.textContent = v.direction;
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

  function showCameras(devices: readonly MediaDeviceInfo[], chosen: string | undefined): void {
    replace(
      cameraSelect,
      devices.map((device, index) => el('option', { attrs: { value: device.deviceId } }, [device.label || `Camera ${index + 1}`])),
    );
    if (chosen) cameraSelect.value = chosen;
    cameraSelect.disabled = devices.length < 2;
  }

  return { root, video, cameraSelect, render, showCameras };
}
