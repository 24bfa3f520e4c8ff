// The animated QR's model in Node: which parts it shows for each density, that parts made elsewhere are shown as given,
// how a part is drawn (case, error correction, look), the settings' limits, the counter's sentence and the schedule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUrDecoder, createUrEncoder, encodeUr } from '../../../../shared/airgap/ur';
import { fingerprintWords } from '../../../../shared/airgap/fingerprint';
import { createAnimatedQrModel, DEFAULT_FPS, DENSITY_FRAGMENT_BYTES, MAX_FPS, MIN_FPS } from '../../../../renderer/components/AnimatedQrModel';

const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 255);

/** Feeds the model's parts to a real decoder until the message completes; returns the payload and parts used. */
function receive(model: ReturnType<typeof createAnimatedQrModel>, limit = 500) {
  const decoder = createUrDecoder();
  for (let i = 1; i <= limit; i++) {
    const receipt = decoder.receive(model.draw(model.nextPart()).text);
    assert.equal(receipt.error, undefined);
    if (receipt.complete) return { payload: receipt.result!.payload, parts: i };
  }
  throw new Error('the message never completed');
}

test('a payload is shown as fountain parts of the chosen density, which a decoder turns back into the payload', () => {
  const payload = bytes(10_240, 3);
  const model = createAnimatedQrModel({ type: 'bytes', payload });
  assert.equal(model.density, 'balanced');
  assert.equal(model.partCount(), createUrEncoder('bytes', payload, DENSITY_FRAGMENT_BYTES.balanced).fragmentCount);
  assert.ok(model.partCount() > 20, 'from the first frame, before anything is shown');
  assert.equal(model.isStatic(), false);
  assert.deepEqual(receive(model).payload, payload);
  assert.deepEqual(model.fingerprint, fingerprintWords('bytes', payload));

  assert.equal(model.setDensity('robust'), true);
  model.reencode();
  assert.equal(model.partCount(), createUrEncoder('bytes', payload, DENSITY_FRAGMENT_BYTES.robust).fragmentCount);
  assert.deepEqual(receive(model).payload, payload);
  assert.equal(model.setDensity('toString'), false, 'a name that is no density changes nothing');
  assert.equal(model.density, 'robust');
});

test('parts made elsewhere are shown as given, in turn, and their density cannot change', () => {
  const payload = bytes(3_000, 9);
  const parts = encodeUr('bytes', payload, 300).map((part) => ` ${part} `);
  const model = createAnimatedQrModel({ parts });
  assert.equal(model.fixedParts, true);
  assert.equal(model.type, 'bytes');
  assert.deepEqual(model.payload, payload);
  assert.equal(model.partCount(), parts.length);
  const shown = Array.from({ length: parts.length + 1 }, () => model.nextPart());
  assert.deepEqual(shown, [...parts.map((part) => part.trim()), parts[0]!.trim()]);
  model.reencode();
  assert.equal(model.nextPart(), parts[1]!.trim(), 're-encoding keeps the given parts and their order');
  assert.throws(() => createAnimatedQrModel({ parts: ['ur:bytes/not-a-part'] }), 'parts that do not decode are refused');
});

test('a small payload is one still code drawn with error correction M; an animated one with L; upper case for alphanumeric mode', () => {
  const still = createAnimatedQrModel({ type: 'bytes', payload: bytes(200, 1) });
  assert.equal(still.isStatic(), true);
  const part = still.nextPart();
  const drawing = still.draw(part);
  assert.equal(drawing.text, part.toUpperCase());
  assert.equal(drawing.errorCorrectionLevel, 'M');
  assert.equal(still.counterText(), 'Single QR code: nothing moves, scan it once.');
  assert.deepEqual(still.shown(part), { sequence: '1-1', frame: 1 });

  const moving = createAnimatedQrModel({ type: 'bytes', payload: bytes(5_000, 2) });
  const first = moving.nextPart();
  assert.equal(moving.draw(first).errorCorrectionLevel, 'L');
  const { sequence, frame } = moving.shown(first);
  assert.match(sequence, /^1-\d+$/);
  assert.equal(frame, 1);
  assert.equal(moving.current, first);
});

test('high contrast draws pure black with a wider quiet zone', () => {
  const model = createAnimatedQrModel({ type: 'bytes', payload: bytes(50, 4) });
  const part = model.nextPart();
  const normal = model.draw(part);
  model.setHighContrast(true);
  const high = model.draw(part);
  assert.equal(high.dark, '#000000');
  assert.equal(high.light, '#ffffff');
  assert.ok(high.margin > normal.margin);
  assert.notEqual(normal.dark, high.dark);
});

test('frames a second stay within limits, and the counter says what the holder sees', () => {
  const model = createAnimatedQrModel({ type: 'bytes', payload: bytes(4_000, 5) }, { fps: 99 });
  assert.equal(model.fps, MAX_FPS);
  assert.equal(model.setFps('1'), MIN_FPS);
  assert.equal(model.setFps('not a number'), DEFAULT_FPS);
  assert.equal(model.setFps('12.4'), 12);
  model.shown(model.nextPart());
  model.shown(model.nextPart());
  assert.equal(model.counterText(), `Frame 2 · ${model.partCount()} fragments · 12 frames a second`);
  model.setPaused(true);
  assert.match(model.counterText(), / · paused$/);
  model.reencode();
  assert.equal(model.frameCount, 0, 're-encoding starts the count again');
});

test('the schedule does not drift, and a late frame skips to the next slot instead of piling up', () => {
  const model = createAnimatedQrModel({ type: 'bytes', payload: bytes(4_000, 6) }, { fps: 20 });
  assert.equal(model.dueAt(1_000, 0), 1_000);
  assert.equal(model.dueAt(1_000, 10), 1_500);
  assert.equal(model.nextIndex(1_000, 3, 1_160), 4, 'on time: the next slot');
  assert.equal(model.nextIndex(1_000, 3, 1_420), 9, 'drawing fell 5 slots behind: skip to the slot that is due');
});

test('the play mode: one part is a still code even when paused; more parts animate, or hold their frame while paused', () => {
  const still = createAnimatedQrModel({ type: 'bytes', payload: bytes(200, 7) });
  assert.equal(still.playMode(), 'still');
  still.setPaused(true);
  assert.equal(still.playMode(), 'still');
  const moving = createAnimatedQrModel({ type: 'bytes', payload: bytes(4_000, 7) });
  assert.equal(moving.playMode(), 'animated');
  moving.setPaused(true);
  assert.equal(moving.playMode(), 'held');
  moving.setPaused(false);
  assert.equal(moving.playMode(), 'animated');
  // A denser setting can fit the same payload in one code: the mode follows the re-encode.
  const fits = createAnimatedQrModel({ type: 'bytes', payload: bytes(500, 8) }, { density: 'robust' });
  assert.equal(fits.playMode(), 'animated');
  fits.setDensity('fast');
  fits.reencode();
  assert.equal(fits.playMode(), 'still');
});

test('a still code keeps the part on screen; after a re-encode, or with nothing on screen, it takes the next part', () => {
  const parts = encodeUr('bytes', bytes(900, 10), 300);
  const model = createAnimatedQrModel({ parts });
  assert.equal(model.stillPart(false), parts[0], 'nothing on screen: the first part');
  model.shown(parts[0]!);
  assert.equal(model.stillPart(false), parts[0], 'the part on screen stays');
  assert.equal(model.stillPart(true), parts[1], 're-encoded: the next part');
  model.forget();
  assert.equal(model.stillPart(false), parts[2]);
});
