// Writes camera videos for Chromium's fake capture device (--use-file-for-fake-video-capture): YUV4MPEG2,
// 4:2:0 (C420), each RGBA frame converted to I420 with BT.601 limited-range coefficients
// (Y 16–235, Cb/Cr 16–240: inputs 0–255 cannot leave the range, so no clamping is needed).
import { closeSync, openSync, writeSync } from 'node:fs';

export interface Y4mSpec {
  width: number;
  height: number;
  fps: number;
}

/** One RGBA frame (width × height × 4 bytes) as I420: the Y plane, then U and V at half resolution. */
export function rgbaToI420(rgba: Uint8Array, width: number, height: number): Uint8Array {
  if (width % 2 !== 0 || height % 2 !== 0) throw new Error(`I420 needs even dimensions, got ${width}×${height}`);
  if (rgba.length !== width * height * 4) throw new Error(`expected ${width * height * 4} RGBA bytes, got ${rgba.length}`);
  const ySize = width * height;
  const cSize = ySize / 4;
  const out = new Uint8Array(ySize + 2 * cSize);
  for (let i = 0; i < ySize; i++) {
    const r = rgba[i * 4]!;
    const g = rgba[i * 4 + 1]!;
    const b = rgba[i * 4 + 2]!;
    out[i] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
  }
  const halfWidth = width / 2;
  for (let y = 0; y < height / 2; y++) {
    for (let x = 0; x < halfWidth; x++) {
      // Chroma of the 2×2 block's mean colour.
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const p = ((2 * y + dy) * width + 2 * x + dx) * 4;
        r += rgba[p]!;
        g += rgba[p + 1]!;
        b += rgba[p + 2]!;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      const c = y * halfWidth + x;
      out[ySize + c] = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      out[ySize + cSize + c] = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  return out;
}

export function y4mHeader({ width, height, fps }: Y4mSpec): string {
  return `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420\n`;
}

/** Writes RGBA frames as a .y4m file, one frame at a time (videos are tens of megabytes). */
export function writeY4m(path: string, spec: Y4mSpec, frames: Iterable<Uint8Array>): number {
  const fd = openSync(path, 'w');
  let count = 0;
  try {
    writeSync(fd, y4mHeader(spec));
    for (const rgba of frames) {
      writeSync(fd, 'FRAME\n');
      writeSync(fd, rgbaToI420(rgba, spec.width, spec.height));
      count += 1;
    }
  } finally {
    closeSync(fd);
  }
  return count;
}
