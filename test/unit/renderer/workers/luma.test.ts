// The scanner worker's pixel work in Node: a camera frame's luma plane cropped and scaled into jsQR's grey RGBA
// (a real QR code drawn into a Y plane with padding on each row is read back by jsQR), even crop rectangles, and
// the thumbnail comparison that tells a new frame from the same picture with noise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { evenRect, hasLumaPlane, lumaThumbnail, lumaToGreyRgba, pictureChanged, type LumaPlane } from '../../../../renderer/workers/luma';
import { encodeUr } from '../../../../shared/airgap/ur';
import { qrFrame } from '../../../helpers/qr-frame';

/** A Y plane as a camera gives it: rows padded to a stride, the picture after an offset. */
function planeOf(rgba: Uint8ClampedArray, width: number, height: number, stride: number, offset: number): LumaPlane {
  const bytes = new Uint8Array(offset + stride * height).fill(7);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) bytes[offset + y * stride + x] = rgba[(y * width + x) * 4]!;
  return { bytes, offset, stride, width, height };
}

test('a UR part drawn in a padded Y plane, scaled to ~3 px a module, is read by jsQR from the grey RGBA', () => {
  const part = encodeUr('bytes', Uint8Array.from({ length: 3000 }, (_, i) => i & 255), 400)[0]!.toUpperCase();
  const { rgba } = qrFrame(part, 640, 480, 'L');
  const plane = planeOf(rgba, 640, 480, 704, 96);
  const grey = lumaToGreyRgba(plane, 342, 256);
  assert.equal(grey.length, 342 * 256 * 4);
  assert.ok(grey.every((v, i) => i % 4 !== 3 || v === 255), 'opaque');
  assert.ok([0, 1, 2].every((c) => grey[4 * 1000 + c] === grey[4 * 1000]), 'R = G = B');
  assert.equal(jsQR(grey, 342, 256, { inversionAttempts: 'dontInvert' })?.data, part);
});

test('the padding and the bytes before the offset never reach the picture', () => {
  const plane = planeOf(new Uint8ClampedArray(4 * 4 * 4).fill(200), 4, 4, 9, 5);
  const grey = lumaToGreyRgba(plane, 8, 8);
  assert.ok(grey.every((v, i) => (i % 4 === 3 ? v === 255 : v === 200)));
});

test('crop rectangles are widened to even pixels and kept inside the frame', () => {
  assert.deepEqual(evenRect(3, 5, 100, 101, 640, 480), { x: 2, y: 4, width: 102, height: 102 });
  assert.deepEqual(evenRect(-4, 470, 700, 30, 640, 480), { x: 0, y: 470, width: 640, height: 10 });
  assert.deepEqual(evenRect(0, 0, 640, 480, 640, 480), { x: 0, y: 0, width: 640, height: 480 });
});

test('the YUV formats have a luma plane; RGB ones and none do not', () => {
  for (const format of ['I420', 'I420A', 'I422', 'I444', 'NV12']) assert.equal(hasLumaPlane(format), true, format);
  for (const format of ['RGBA', 'BGRA', 'RGBX', 'BGRX', null]) assert.equal(hasLumaPlane(format), false, String(format));
});

test('a thumbnail tells a new QR frame from the same picture with camera noise', () => {
  const frame = (text: string) => planeOf(qrFrame(text, 640, 480, 'L').rgba, 640, 480, 640, 0);
  const parts = encodeUr('bytes', Uint8Array.from({ length: 3000 }, (_, i) => (i * 5) & 255), 400);
  const first = frame(parts[0]!.toUpperCase());
  const noisy: LumaPlane = { ...first, bytes: first.bytes.map((v, i) => Math.max(0, Math.min(255, v + ((i * 7) % 5) - 2))) };
  const thumbnail = lumaThumbnail(first);
  assert.equal(thumbnail.length, 64 * 48);
  assert.equal(pictureChanged(undefined, thumbnail), true);
  assert.equal(pictureChanged(thumbnail, lumaThumbnail(noisy)), false);
  assert.equal(pictureChanged(thumbnail, lumaThumbnail(frame(parts[1]!.toUpperCase()))), true);
});
