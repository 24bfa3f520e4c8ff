// Tests the test videos' RGB→I420 converter against BT.601 limited-range reference values and the y4m layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rgbaToI420, writeY4m } from '../../helpers/y4m';
import { tempDir } from '../../helpers/temp';

const solid = (width: number, height: number, [r, g, b]: readonly [number, number, number]) => {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([r, g, b, 255], i * 4);
  return rgba;
};

test('BT.601 limited range: white, black, red, green and blue give the reference Y, Cb, Cr', () => {
  // Reference values (ITU-R BT.601, 8-bit studio range): Y 16–235, Cb/Cr 16–240 around 128.
  const cases: Array<[[number, number, number], [number, number, number]]> = [
    [[255, 255, 255], [235, 128, 128]],
    [[0, 0, 0], [16, 128, 128]],
    [[255, 0, 0], [81, 90, 240]],
    [[0, 255, 0], [145, 54, 34]],
    [[0, 0, 255], [41, 240, 110]],
  ];
  for (const [rgb, [y, u, v]] of cases) {
    const out = rgbaToI420(solid(2, 2, rgb), 2, 2);
    assert.deepEqual([...out], [y, y, y, y, u, v], `rgb(${rgb.join(',')})`);
  }
});

test('chroma is subsampled per 2×2 block while luma keeps every pixel', () => {
  const rgba = new Uint8Array(4 * 2 * 4);
  // Left 2×2 block white, right block black.
  for (const [x, y] of [[0, 0], [1, 0], [0, 1], [1, 1]]) rgba.set([255, 255, 255, 255], (y! * 4 + x!) * 4);
  for (const [x, y] of [[2, 0], [3, 0], [2, 1], [3, 1]]) rgba.set([0, 0, 0, 255], (y! * 4 + x!) * 4);
  const out = rgbaToI420(rgba, 4, 2);
  assert.deepEqual([...out.subarray(0, 8)], [235, 235, 16, 16, 235, 235, 16, 16]);
  assert.deepEqual([...out.subarray(8)], [128, 128, 128, 128]);
});

test('refuses odd dimensions and a wrong buffer size', () => {
  assert.throws(() => rgbaToI420(new Uint8Array(3 * 2 * 4), 3, 2), /even dimensions/);
  assert.throws(() => rgbaToI420(new Uint8Array(10), 2, 2), /RGBA bytes/);
});

test('writes the YUV4MPEG2 header and one FRAME marker plus 1.5 bytes a pixel per frame', () => {
  const path = join(tempDir(), 'two.y4m');
  const count = writeY4m(path, { width: 4, height: 2, fps: 15 }, [solid(4, 2, [255, 255, 255]), solid(4, 2, [0, 0, 0])]);
  assert.equal(count, 2);
  const file = readFileSync(path);
  const header = 'YUV4MPEG2 W4 H2 F15:1 Ip A1:1 C420\n';
  assert.equal(file.subarray(0, header.length).toString('latin1'), header);
  assert.equal(file.length, header.length + 2 * ('FRAME\n'.length + 12));
  assert.equal(file.subarray(header.length, header.length + 6).toString('latin1'), 'FRAME\n');
  assert.equal(file[header.length + 6], 235);
  assert.equal(file[header.length + 18 + 6], 16);
});
