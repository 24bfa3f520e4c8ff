// The QR scanner's decoding workers (renderer/workers/qr-decode.worker.ts): each camera frame goes to a worker with
// room in its queue, as a VideoFrame transferred to it; answers come back through onAnswer.
import type { QrDecodeAnswer, QrDecodeRequest } from '../workers/qr-decode.worker';
import type { FramePlan } from './QrScannerModel';

export interface QrDecoderPool {
  /** Sends the video's current frame to be read as `plan` says; false when every queue is full or there is no frame. */
  send(video: HTMLVideoElement, plan: FramePlan): boolean;
  /** Stops every worker; answers still on their way are dropped. */
  terminate(): void;
}

/** Each worker holds this many frames: the next one waits in the worker while it reads one. */
const QUEUE_PER_WORKER = 2;

/** One per core beyond the first (the page and the camera need one), at most two. */
export function defaultWorkerCount(): number {
  return Math.min(2, Math.max(1, (navigator.hardwareConcurrency || 2) - 1));
}

/** Throws when a worker cannot be created (the caller says so to the holder). */
export function createQrDecoderPool(spec: { count: number; url: string; onAnswer(answer: QrDecodeAnswer): void; onError(): void }): QrDecoderPool {
  const slots: Worker[] = [];
  let frameId = 0;
  let stopped = false;
  const workers = Array.from({ length: Math.max(1, spec.count) }, () => {
    const worker = new Worker(spec.url);
    worker.onmessage = (event: MessageEvent<QrDecodeAnswer>) => {
      slots.push(worker);
      if (!stopped) spec.onAnswer(event.data);
    };
    worker.onerror = () => spec.onError();
    return worker;
  });
  for (const worker of workers) for (let i = 0; i < QUEUE_PER_WORKER; i++) slots.push(worker);

  return {
    send(video, plan) {
      if (stopped || slots.length === 0 || video.videoWidth === 0) return false;
      let frame: VideoFrame;
      try {
        // A VideoFrame shares the camera's buffer: nothing is copied or converted on this thread.
        frame = new VideoFrame(video);
      } catch {
        return false; // no frame yet (the camera is switching)
      }
      const worker = slots.pop()!;
      frameId += 1;
      const request: QrDecodeRequest = { id: frameId, frame, plan };
      worker.postMessage(request, [frame]);
      return true;
    },
    terminate() {
      stopped = true;
      for (const worker of workers) worker.terminate();
      slots.length = 0;
    },
  };
}
