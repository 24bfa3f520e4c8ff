// The QR scanner's model in Node: states, parts and progress of real UR parts, the sentences shown, where the next
// frame is cropped after a code was found, and which frames may be skipped; the state machine and the crop geometry
// on their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeUr } from '../../../../shared/airgap/ur';
import {
  createScannerModel,
  cropPlan,
  locateCode,
  MAX_SEARCH_WIDTH,
  MIN_MODULE_PIXELS,
  nextScannerState,
  searchPlan,
  type DecodedFrame,
  type FramePlan,
  type ScannerEvent,
  type ScannerState,
} from '../../../../renderer/components/QrScannerModel';

const FULL: FramePlan = { sx: 0, sy: 0, sw: 640, sh: 480, width: 640, height: 480 };
const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 255);
/** A frame in which the code was read, its corners a square at (92, 12) of side 456 (version 11: 61 modules). */
const seen = (text: string, plan: FramePlan = FULL): DecodedFrame => ({
  text,
  ms: 10,
  plan,
  location: { corners: [{ x: 92, y: 12 }, { x: 548, y: 12 }, { x: 548, y: 468 }, { x: 92, y: 468 }], version: 11 },
});
const empty = (plan: FramePlan = FULL): DecodedFrame => ({ text: null, ms: 20, plan });

test('starts, scans, and completes a multi-part message with progress, counts and sentences', () => {
  const payload = bytes(2000, 1);
  const parts = encodeUr('bytes', payload, 200);
  const model = createScannerModel({ expect: ['bytes'] });
  assert.equal(model.view.state, 'starting');
  assert.equal(model.view.status, "Point the camera at the vault's signed transaction QR code.");
  assert.equal(model.view.direction, 'Scan from the VAULT (offline)');
  model.scanning();
  assert.equal(model.view.state, 'scanning');
  let result;
  for (const part of parts) if ((result = model.decoded(seen(part.toUpperCase())))) break;
  assert.ok(result, 'the message completes');
  assert.deepEqual(result.payload, payload);
  assert.equal(result.type, 'bytes');
  assert.ok(result.parts.every((p) => p === p.toLowerCase()), 'parts are kept lower case');
  assert.equal(model.view.state, 'done');
  assert.equal(model.view.progress, 100);
  assert.match(model.view.status, /^Received all of the vault's signed transaction QR code \(2000 bytes, \d+ parts\)\.$/);
  assert.equal(model.decoded(seen(parts[0]!)), undefined, 'nothing more once done');
});

test('the same text twice in a row is read once; frames without a code count as read, not as parts', () => {
  const parts = encodeUr('bytes', bytes(2000, 2), 200);
  const model = createScannerModel({ expect: ['bytes'] });
  model.scanning();
  model.decoded(seen(parts[0]!));
  model.decoded(seen(parts[0]!));
  model.decoded(empty());
  assert.equal(model.view.framesRead, 3);
  assert.equal(model.view.decodeMs, 13.3);
  assert.match(model.view.status, /· 1 distinct parts read\.$/);
});

test('an unexpected type is refused in the treasury\'s words, not type names, and scanning goes on; a right part clears it', () => {
  const model = createScannerModel({ expect: ['eth-sign-request'] });
  model.scanning();
  model.decoded(seen(encodeUr('bytes', bytes(40, 3), 200)[0]!));
  assert.equal(model.view.errorCode, 'ur-type-unexpected');
  assert.equal(model.view.problem, "This is the vault's signed transaction QR code, but this step needs the wallet's signing-request QR code. Show that QR code instead.");
  assert.equal(model.view.state, 'scanning');
  model.decoded(seen(encodeUr('eth-sign-request', Uint8Array.of(0x41, 1), 200)[0]!));
  assert.equal(model.view.errorCode, undefined);
  assert.equal(model.view.problem, '');
});

test('parts of another message restart: the notice says so and only the new message\'s parts are kept', () => {
  const first = encodeUr('bytes', bytes(3000, 4), 200);
  const second = bytes(1000, 5);
  const model = createScannerModel({ expect: ['bytes'] });
  model.scanning();
  for (const part of first.slice(0, 5)) model.decoded(seen(part));
  let result;
  for (const part of encodeUr('bytes', second, 200)) if ((result = model.decoded(seen(part)))) break;
  assert.equal(model.view.restarts, 1);
  assert.equal(model.view.notice, 'A QR code of a different message appeared: scanning started again for that message. Show one message at a time.');
  assert.deepEqual(result?.payload, second);
  assert.ok(result!.parts.length <= 8);
});

test('a plain-text code the screen accepts is the result; other text is not', () => {
  const model = createScannerModel({ expect: [], plainText: { type: 'slip39-share-words', accept: (text) => text.split(' ').length === 20 } });
  assert.equal(model.view.status, "Point the camera at a share card's QR code.");
  assert.equal(model.view.direction, "Scan from a holder's SHARE CARD");
  model.scanning();
  assert.equal(model.decoded(seen('three short words')), undefined);
  const words = Array.from({ length: 20 }, () => 'academic').join(' ');
  const result = model.decoded(seen(words));
  assert.equal(result?.type, 'slip39-share-words');
  assert.equal(new TextDecoder().decode(result!.payload), words);
  assert.equal(model.view.state, 'done');
});

test('failures and closing: a failure is shown; closing after a result keeps "done"', () => {
  const failed = createScannerModel({ expect: ['bytes'] });
  failed.fail('No camera was found.');
  assert.equal(failed.view.state, 'failed');
  assert.equal(failed.view.problem, 'No camera was found.');
  failed.scanning();
  assert.equal(failed.view.state, 'failed', 'a failed scanner does not scan');
  failed.close();
  assert.equal(failed.view.state, 'closed');
  const done = createScannerModel({ expect: ['bytes'] });
  done.scanning();
  done.decoded(seen(encodeUr('bytes', bytes(40, 6), 200)[0]!));
  done.close();
  assert.equal(done.view.state, 'done');
});

test('searches the whole frame (big frames scaled to 640 wide) until a code is found, then crops around it', () => {
  const model = createScannerModel({ expect: ['bytes'] });
  model.scanning();
  assert.deepEqual(model.plan(1280, 720), { sx: 0, sy: 0, sw: 1280, sh: 720, width: MAX_SEARCH_WIDTH, height: 360 });
  assert.deepEqual(model.plan(640, 480), FULL);
  model.decoded(seen(encodeUr('bytes', bytes(3000, 7), 200)[0]!));
  // 456 px + 25% a side, clamped to the frame; 7.5 px modules scaled to 3 px.
  const crop = model.plan(640, 480);
  assert.deepEqual({ sx: crop.sx, sy: crop.sy, sw: crop.sw, sh: crop.sh }, { sx: 0, sy: 0, sw: 640, sh: 480 });
  assert.equal(crop.width, Math.round(640 * (MIN_MODULE_PIXELS / (456 / 61))));
});

test('the crop follows the code in video pixels, and falls back to the whole frame after two misses', () => {
  const model = createScannerModel({ expect: ['bytes'] });
  model.scanning();
  const plan: FramePlan = { sx: 0, sy: 0, sw: 1280, sh: 720, width: 640, height: 360 };
  // A 100 px code (version 1: 21 modules) at (200, 100) in the 640-wide picture = (400, 200) size 200 in the video.
  model.decoded({ text: null, ms: 5, plan, location: { corners: [{ x: 200, y: 100 }, { x: 300, y: 100 }, { x: 300, y: 200 }, { x: 200, y: 200 }], version: 1 } });
  const crop = model.plan(1280, 720);
  assert.deepEqual({ sx: crop.sx, sy: crop.sy, sw: crop.sw, sh: crop.sh }, { sx: 350, sy: 150, sw: 300, sh: 300 });
  assert.equal(crop.width, Math.round(300 * (MIN_MODULE_PIXELS / (200 / 21))));
  model.decoded(empty(crop));
  assert.equal(model.plan(1280, 720).sw, 300, 'one miss keeps the crop');
  model.decoded(empty(crop));
  assert.deepEqual(model.plan(1280, 720), plan, 'two misses: the whole frame again');
});

test('a frame the worker skipped (an unchanged picture) counts as skipped: not read, no miss, no part', () => {
  const model = createScannerModel({ expect: ['bytes'] });
  model.scanning();
  model.decoded(seen(encodeUr('bytes', bytes(3000, 8), 200)[0]!));
  const crop = model.plan(640, 480);
  model.decoded({ ...empty(crop), skipped: true });
  model.decoded({ ...empty(crop), skipped: true });
  assert.equal(model.view.framesSkipped, 2);
  assert.equal(model.view.framesRead, 1);
  assert.deepEqual(model.plan(640, 480), crop, 'skipped frames are not misses: the crop stays');
});

test('the state machine: a failed or closed scanner never scans again, a result survives closing, a failure can be replaced', () => {
  // Written out by hand, state by state: [camera-started, failed, closed, message-read]; '-' = the event changes nothing.
  const expected: Record<ScannerState, [string, string, string, string]> = {
    starting: ['scanning', 'failed', 'closed', 'done'],
    scanning: ['scanning', 'failed', 'closed', 'done'],
    failed: ['-', 'failed', 'closed', '-'],
    closed: ['-', '-', 'closed', '-'],
    done: ['-', '-', '-', '-'],
  };
  const events: ScannerEvent[] = ['camera-started', 'failed', 'closed', 'message-read'];
  for (const [state, outcomes] of Object.entries(expected) as [ScannerState, string[]][]) {
    assert.deepEqual(
      events.map((event) => nextScannerState(state, event) ?? '-'),
      outcomes,
      `from ${state}`,
    );
  }
});

test('a closed scanner ignores frames, even a complete message', () => {
  const model = createScannerModel({ expect: ['bytes'] });
  model.scanning();
  model.close();
  assert.equal(model.decoded(seen(encodeUr('bytes', bytes(40, 9), 200)[0]!)), undefined);
  assert.equal(model.view.framesRead, 0);
  assert.equal(model.view.state, 'closed');
});

test('locateCode turns corners in the scaled crop into video pixels and a module width; no corners, no code', () => {
  // A crop of 400×300 at (100, 50), scaled to 200×150: corners at (10..60, 20..70) are 100 px in the video.
  const plan: FramePlan = { sx: 100, sy: 50, sw: 400, sh: 300, width: 200, height: 150 };
  const corners = [{ x: 10, y: 20 }, { x: 60, y: 20 }, { x: 60, y: 70 }, { x: 10, y: 70 }];
  assert.deepEqual(locateCode({ plan, location: { corners, version: 2 } }), { x: 120, y: 90, size: 100, module: 100 / 25 });
  assert.equal(locateCode({ plan }), undefined);
  assert.equal(locateCode({ plan, location: { corners: [], version: 1 } }), undefined);
});

test('searchPlan never scales a small frame up; cropPlan clamps to the frame and never scales a crop up', () => {
  assert.deepEqual(searchPlan(320, 240), { sx: 0, sy: 0, sw: 320, sh: 240, width: 320, height: 240 });
  assert.deepEqual(searchPlan(1920, 1080), { sx: 0, sy: 0, sw: 1920, sh: 1080, width: MAX_SEARCH_WIDTH, height: 360 });
  // A 200 px code at (1050, 500) in a 1280×720 frame: 50 px margin, cut at the right and bottom edges; 2 px modules.
  assert.deepEqual(cropPlan({ x: 1050, y: 500, size: 200, module: 2 }, 1280, 720), { sx: 1000, sy: 450, sw: 280, sh: 270, width: 280, height: 270 });
  // 10 px modules are scaled to MIN_MODULE_PIXELS.
  const scaled = cropPlan({ x: 100, y: 100, size: 200, module: 10 }, 1280, 720);
  assert.deepEqual(scaled, { sx: 50, sy: 50, sw: 300, sh: 300, width: 300 * (MIN_MODULE_PIXELS / 10), height: 300 * (MIN_MODULE_PIXELS / 10) });
});
