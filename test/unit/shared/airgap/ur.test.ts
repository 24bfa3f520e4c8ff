import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import bytewordsModule from '@ngraveio/bc-ur/dist/bytewords';
import {
  createUrDecoder,
  createUrEncoder,
  decodeUrParts,
  encodeUr,
  MAX_UR_PAYLOAD_BYTES,
  type UrReceipt,
} from '../../../../shared/airgap/ur';
import { cborByteString } from '../../../../shared/airgap/cbor';
import { AirlockError } from '../../../../shared/errors';
import { mulberry32 } from '../../../helpers/seeded';

// The library's bytewords (CRC-32 included), to hand-craft parts; a CommonJS default export.
const bytewords = ((bytewordsModule as unknown as { default?: typeof bytewordsModule }).default ?? bytewordsModule);

const randomBytes = (length: number, random: () => number) => Uint8Array.from({ length }, () => Math.floor(random() * 256));

/** Drops `loss` of the parts at random, duplicates some survivors, and shuffles. */
function lossyChannel(parts: readonly string[], loss: number, random: () => number): string[] {
  const order = parts.map((part) => ({ part, key: random() })).sort((a, b) => a.key - b.key);
  const kept = order.slice(Math.floor(parts.length * loss)).map((x) => x.part);
  const duplicates = kept.filter(() => random() < 0.2);
  return [...kept, ...duplicates].map((part) => ({ part, key: random() })).sort((a, b) => a.key - b.key).map((x) => x.part);
}

const CODES = new Set(['ur-invalid', 'ur-too-large', 'ur-type-unexpected']);

test('a payload that fits one fragment becomes one single-part UR', () => {
  const parts = encodeUr('bytes', new Uint8Array([1, 2, 3]), 100);
  // The message is the CBOR byte string 43 010203, as BCR-2020-006 defines ur:bytes.
  assert.deepEqual(parts, ['ur:bytes/fxadaoaxaocsjsrt']);
  const receipt = createUrDecoder().receive(parts[0]!);
  assert.equal(receipt.complete, true);
  assert.equal(receipt.progress, 1);
  assert.deepEqual(receipt.result, { type: 'bytes', payload: new Uint8Array([1, 2, 3]) });
});

for (const [size, fragment] of [
  [100, 30],
  [1024, 100],
  [10 * 1024, 200],
  [20 * 1024, 200],
] as const) {
  test(`${size} bytes in ${fragment}-byte fragments decode with 30% of parts dropped, the rest shuffled and duplicated (10 seeds)`, () => {
    for (let seed = 1; seed <= 10; seed++) {
      const random = mulberry32(seed * 1000 + size);
      const payload = randomBytes(size, random);
      const parts = encodeUr('bytes', payload, fragment);
      const fragments = createUrEncoder('bytes', payload, fragment).fragmentCount;
      assert.ok(parts.length >= Math.ceil(fragments / 0.7), `${parts.length} parts for ${fragments} fragments`);
      const decoder = createUrDecoder(['bytes']);
      let last: UrReceipt | undefined;
      let previous = 0;
      for (const part of lossyChannel(parts, 0.3, random)) {
        last = decoder.receive(part);
        assert.equal(last.error, undefined);
        assert.ok(last.progress >= 0 && last.progress <= 1);
        if (!last.complete) assert.ok(last.progress < 1);
        previous = last.progress;
        if (last.complete) break;
      }
      assert.equal(last?.complete, true, `seed ${seed}: not complete at ${previous}`);
      assert.equal(last?.type, 'bytes');
      assert.deepEqual(last?.result?.payload, payload);
    }
  });
}

test('the animated encoder keeps producing new parts past one pass, and any of them help', () => {
  const payload = randomBytes(2000, mulberry32(7));
  const encoder = createUrEncoder('bytes', payload, 100);
  // 2,003 message bytes: the payload and its byte string's 3-byte head.
  assert.equal(encoder.fragmentCount, 21);
  const parts = Array.from({ length: 200 }, () => encoder.nextPart());
  assert.equal(new Set(parts).size, 200);
  // Only parts from the second hundred (all fountain mixes): still enough.
  assert.deepEqual(decodeUrParts(parts.slice(100)).payload, payload);
});

test('parts in upper case (QR alphanumeric mode) decode the same', () => {
  const payload = cborByteString(randomBytes(500, mulberry32(3)));
  const parts = encodeUr('eth-sign-request', payload, 100).map((p) => p.toUpperCase());
  assert.deepEqual(decodeUrParts(parts), { type: 'eth-sign-request', payload });
});

test('a part of another message restarts the scan cleanly and says so', () => {
  const random = mulberry32(11);
  const first = encodeUr('bytes', randomBytes(1000, random), 100);
  const second = randomBytes(1000, random);
  const secondParts = encodeUr('bytes', second, 100);
  const decoder = createUrDecoder();
  for (const part of first.slice(0, 5)) assert.equal(decoder.receive(part).restarted, undefined);
  const switched = decoder.receive(secondParts[0]!);
  assert.equal(switched.restarted, true);
  assert.ok(switched.progress < 0.2);
  let last: UrReceipt | undefined;
  for (const part of secondParts.slice(1)) if (!(last = decoder.receive(part)).complete) continue; else break;
  assert.deepEqual(last?.result?.payload, second);
});

test('a part of another type also restarts; a single-part UR of another message too', () => {
  const decoder = createUrDecoder();
  decoder.receive(encodeUr('bytes', randomBytes(1000, mulberry32(1)), 100)[0]!);
  const other = decoder.receive(encodeUr('crypto-hdkey', new Uint8Array([9]), 100)[0]!);
  assert.equal(other.restarted, true);
  assert.equal(other.complete, true);
  assert.equal(other.type, 'crypto-hdkey');
});

test('an unexpected type is refused in the treasury\'s words, naming what was expected, and progress is kept', () => {
  const decoder = createUrDecoder(['eth-sign-request', 'eth-signature']);
  const good = encodeUr('eth-sign-request', cborByteString(randomBytes(1000, mulberry32(2))), 100);
  decoder.receive(good[0]!);
  const receipt = decoder.receive(encodeUr('crypto-account', new Uint8Array([1]), 100)[0]!);
  assert.ok(receipt.error instanceof AirlockError);
  assert.equal(receipt.error.code, 'ur-type-unexpected');
  assert.equal(
    receipt.error.message,
    "This is the vault's watch-only accounts QR code, but this step needs the wallet's signing-request QR code or the vault's signature QR code. Show that QR code instead.",
  );
  assert.equal(receipt.type, 'eth-sign-request');
  assert.ok(receipt.progress > 0);
});

test('a batch of parts from two messages is refused as mixed; too few parts as incomplete', () => {
  const a = encodeUr('bytes', randomBytes(1000, mulberry32(4)), 100);
  const b = encodeUr('bytes', randomBytes(1000, mulberry32(5)), 100);
  assert.throws(() => decodeUrParts([a[0]!, b[0]!]), (e: unknown) => e instanceof AirlockError && e.code === 'ur-mixed-messages' && e.message.startsWith('Part 2 '));
  assert.throws(() => decodeUrParts(a.slice(0, 3)), (e: unknown) => e instanceof AirlockError && e.code === 'ur-incomplete' && /about \d+% there/.test(e.message));
  assert.throws(() => decodeUrParts([]), (e: unknown) => e instanceof AirlockError && e.code === 'ur-invalid');
});

test('sizes are capped: payloads over 1 MiB are refused by the encoder and by the decoder before any allocation', () => {
  assert.throws(() => encodeUr('bytes', new Uint8Array(MAX_UR_PAYLOAD_BYTES + 1), 200), (e: unknown) => e instanceof AirlockError && e.code === 'ur-too-large');
  // A hand-made fountain part claiming a 2 MB message in 100 fragments of 20 000 bytes.
  const fragment = new Uint8Array(20_000);
  const header = Uint8Array.from([0x85, 0x01, 0x18, 0x64, 0x1a, 0x00, 0x1e, 0x84, 0x80, 0x00, 0x59, 0x4e, 0x20]);
  const cbor = Buffer.concat([header, fragment]);
  const part = `ur:bytes/1-100/${bytewords.encode(cbor.toString('hex'), bytewords.STYLES.MINIMAL)}`;
  const receipt = createUrDecoder().receive(part);
  assert.equal(receipt.error?.code, 'ur-too-large');
  assert.match(receipt.error?.message ?? '', /2000000 bytes; Airlock accepts at most 1048576/);
});

test('a part whose sizes do not add up (more fragments than the encoder makes) is invalid', () => {
  // [seqNum 1, seqLength 50, messageLength 50, checksum 0, 1-byte fragment]
  const cbor = Buffer.from([0x85, 0x01, 0x18, 0x32, 0x18, 0x32, 0x00, 0x41, 0x07]);
  const part = `ur:bytes/1-50/${bytewords.encode(cbor.toString('hex'), bytewords.STYLES.MINIMAL)}`;
  assert.equal(createUrDecoder().receive(part).error?.code, 'ur-invalid');
});

test('the encoder refuses a bad type, an empty payload and an out-of-range fragment size', () => {
  const refuses = (fn: () => unknown) => assert.throws(fn, (e: unknown) => e instanceof AirlockError && e.code === 'ur-invalid');
  refuses(() => encodeUr('Bytes!', new Uint8Array([1]), 100));
  refuses(() => encodeUr('bytes', new Uint8Array(0), 100));
  refuses(() => encodeUr('bytes', new Uint8Array([1]), 5));
  refuses(() => encodeUr('bytes', new Uint8Array([1]), 1.5));
});

test('fuzz (H-19): random text into the decoder gives only typed AirlockErrors, never a throw', () => {
  const decoder = createUrDecoder(['bytes']);
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string().map((s) => `ur:bytes/${s}`), fc.stringMatching(/^ur:bytes\/[0-9]{1,3}-[0-9]{1,3}\/[a-z]{0,80}$/)), (text) => {
      const receipt = decoder.receive(text);
      assert.equal(receipt.complete, false);
      assert.ok(receipt.error instanceof AirlockError && CODES.has(receipt.error.code), String(receipt.error?.code));
    }),
    { numRuns: 2000 },
  );
});

test('fuzz (H-19): random bytes with a valid bytewords checksum, as single and multipart bodies, give typed errors or a result', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat({ max: 5 }), fc.nat({ max: 5 }), (bytes, seqNum, seqLength) => {
      const body = bytewords.encode(Buffer.from(bytes).toString('hex'), bytewords.STYLES.MINIMAL);
      const decoder = createUrDecoder();
      for (const text of [`ur:bytes/${body}`, `ur:bytes/${seqNum}-${seqLength}/${body}`]) {
        let receipt: UrReceipt;
        assert.doesNotThrow(() => (receipt = decoder.receive(text)));
        assert.ok(receipt!.error === undefined || (receipt!.error instanceof AirlockError && CODES.has(receipt!.error.code)));
      }
    }),
    { numRuns: 2000 },
  );
});

test('fuzz (H-19): fountain parts with random header numbers give typed errors, never a crash or a huge allocation', () => {
  const cborUint = (n: number) => (n < 24 ? [n] : n < 256 ? [0x18, n] : n < 65536 ? [0x19, n >> 8, n & 255] : [0x1a, n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255]);
  fc.assert(
    fc.property(fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.uint8Array({ minLength: 0, maxLength: 40 }), (seqNum, seqLength, messageLength, checksum, fragment) => {
      if (fragment.length >= 24) return; // keep the byte-string head one byte long
      const cbor = Uint8Array.from([0x85, ...cborUint(seqNum), ...cborUint(seqLength), ...cborUint(messageLength), ...cborUint(checksum), 0x40 | fragment.length, ...fragment]);
      const body = bytewords.encode(Buffer.from(cbor).toString('hex'), bytewords.STYLES.MINIMAL);
      const receipt = createUrDecoder().receive(`ur:bytes/${seqNum}-${seqLength}/${body}`);
      assert.ok(receipt.error === undefined || (receipt.error instanceof AirlockError && CODES.has(receipt.error.code)));
    }),
    { numRuns: 2000 },
  );
});
