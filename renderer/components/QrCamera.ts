// The scanner's camera, apart from what is read from it: the H-08 camera window main opens and closes, the stream
// getUserMedia gives (and the sentence for a holder when it gives none), and a loop called on every new camera frame.
import type { Bridge } from '../bridge';

/** SECURITY(H-08): main allows the camera only between scanner.open and scanner.close. */
export interface CameraWindow {
  /** Asks main to allow the camera; rejects when main refused. Without a bridge (fixture pages) there is nothing to ask. */
  open(): Promise<void>;
  /** Main denies the camera again from here on; nothing to do when it was never opened. */
  close(): void;
}

export function cameraWindow(bridge: Pick<Bridge, 'call'> | undefined): CameraWindow {
  let opened = false;
  return {
    async open() {
      if (!bridge) return;
      await bridge.call('scanner.open', {});
      opened = true;
    },
    close() {
      if (!opened || !bridge) return;
      opened = false;
      void bridge.call('scanner.close', {}).catch(() => undefined);
    },
  };
}

/** The chosen camera, or the default one at up to 1280×720; 30 frames a second either way. Rejects as getUserMedia does. */
export function requestCamera(deviceId: string | undefined): Promise<MediaStream> {
  const wanted: MediaTrackConstraints = deviceId
    ? { deviceId: { exact: deviceId }, frameRate: { ideal: 30 } }
    : { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
  return navigator.mediaDevices.getUserMedia({ video: wanted, audio: false });
}

export function stopStream(stream: MediaStream | undefined): void {
  if (stream) for (const track of stream.getTracks()) track.stop();
}

export async function listCameras(): Promise<MediaDeviceInfo[]> {
  return (await navigator.mediaDevices.enumerateDevices()).filter((device) => device.kind === 'videoinput');
}

/** What to tell the holder when getUserMedia fails. */
export function cameraProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError') return 'The camera was not allowed. Airlock only allows it while a scanner is open: close the scanner and open it again.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera was found. Connect a camera (or pick another one) and open the scanner again.';
  return 'The camera could not be started. It may be in use by another program; close that and try again.';
}

export interface FrameLoop {
  /** Calls back once, on the video's next new frame. */
  next(): void;
  /** Drops the callback asked for, if any. */
  cancel(): void;
}

/** One callback per new camera frame where the browser has requestVideoFrameCallback; a 33 ms timer otherwise. */
export function frameLoop(video: HTMLVideoElement, onFrame: () => void): FrameLoop {
  let handle: number | undefined;
  return {
    next() {
      if ('requestVideoFrameCallback' in video) handle = video.requestVideoFrameCallback(() => onFrame());
      else handle = window.setTimeout(() => onFrame(), 33);
    },
    cancel() {
      if (handle === undefined) return;
      if ('cancelVideoFrameCallback' in video) video.cancelVideoFrameCallback(handle);
      window.clearTimeout(handle);
      handle = undefined;
    },
  };
}
