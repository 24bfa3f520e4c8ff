// Standard UR both ways: Airlock's parts read by @ngraveio/bc-ur's own URDecoder + decodeCBOR, the library's parts read
// by Airlock's decoder; the versioned body of Airlock's types; and every payload Airlock 0.1.0 showed (test/vectors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { UR, URDecoder, UREncoder } from '@ngraveio/bc-ur';
import { AIRLOCK_UR_TYPES, DRILL_PROOF_UR_TYPE, RAW_TX_UR_TYPE, RELAY_KEY_UR_TYPE, SIGNED_SET_UR_TYPE, SIMULATION_REPORT_UR_TYPE, SIMULATION_REQUEST_UR_TYPE, SNAPSHOT_SET_UR_TYPE, SNAPSHOT_UR_TYPE } from '../../../../shared/airgap/airlock-types';
import { cborByteString } from '../../../../shared/airgap/cbor';
import { parseSafeAirgapText } from '../../../../shared/airgap/safe-signature';
import { AIRLOCK_BODY_VERSION, decodeUrBody, encodeUrBody } from '../../../../shared/airgap/ur-body';
import { createUrDecoder, createUrEncoder, decodeUrParts, encodeSingleUr, encodeUr, MAX_UR_PAYLOAD_BYTES } from '../../../../shared/airgap/ur';
import { parseWatchList, WATCH_LIST_UR_TYPE } from '../../../../shared/airgap/watch-list';
import { verifyDrillProof } from '../../../../shared/drill/proof';
import { decodeSignedTransaction } from '../../../../shared/evm/tx';
import { AirlockError } from '../../../../shared/errors';
import { relayKeyFingerprint, verifySnapshot } from '../../../../shared/snapshot/signature';
import { parseRawTransactionText } from '../../../../main/services/relay/broadcast';
import { refuses } from '../../../helpers/refusal';

interface Vector {
  type: string;
  what: string;
  payload: string;
  single: string[];
  multi: string[] | null;
}
const VECTORS = (JSON.parse(readFileSync(join(import.meta.dirname, '../../../vectors/airgap-v1/parts.json'), 'utf8')) as { vectors: Vector[] }).vectors;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const random = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 131 + seed * 17 + ((i * i) >> 3)) & 255);

/** Feeds parts to the library's own decoder and returns its result UR. */
function theirDecode(parts: readonly string[]): UR {
  const decoder = new URDecoder();
  for (const part of parts) {
    decoder.receivePart(part);
    if (decoder.isComplete()) break;
  }
  assert.ok(decoder.isSuccess(), 'the library completes the message');
  return decoder.resultUR();
}

/** Parts made by the library itself from a CBOR message, fountain-coded the way other wallets do it. */
function theirParts(type: string, message: Uint8Array, fragment: number, count: number): string[] {
  const encoder = new UREncoder(new UR(Buffer.from(message), type), fragment);
  return Array.from({ length: count }, () => encoder.nextPart());
}


test('ur:bytes is a CBOR byte string: the library decodes "0a0b0c" to those three bytes, single and multi-part', () => {
  const [single] = encodeUr('bytes', Uint8Array.of(0x0a, 0x0b, 0x0c), 200);
  assert.equal(single, 'ur:bytes/fxbkbdbngwdyetyt');
  assert.equal(hex(theirDecode([single!]).decodeCBOR()), '0a0b0c');
  const payload = random(10_240, 1);
  const parts = encodeUr('bytes', payload, 200);
  assert.ok(parts.length > 50);
  const ur = theirDecode(parts);
  assert.equal(ur.type, 'bytes');
  assert.equal(ur.decodeCBOR().length, 10_240, 'the library reads 10,240 bytes, with no CBOR head left on');
  assert.equal(hex(ur.decodeCBOR()), hex(payload));
});

test('a foreign ur:bytes of 10,240 bytes (the library\'s own parts, 30% lost) comes out of Airlock\'s decoder as exactly those bytes', () => {
  const payload = random(10_240, 2);
  const parts = theirParts('bytes', cborByteString(payload), 200, 200).filter((_, i) => i % 10 >= 3);
  const decoder = createUrDecoder(['bytes']);
  const last = parts.map((part) => decoder.receive(part)).find((receipt) => receipt.complete);
  assert.equal(last?.result?.payload.length, 10_240);
  assert.equal(hex(last!.result!.payload), hex(payload));
  assert.equal(last!.result!.version, undefined, 'bytes has no Airlock body version');
});

test('every Airlock type carries the body map {1: version 2, 2: payload}, which the library decodes', () => {
  for (const type of AIRLOCK_UR_TYPES) {
    const payload = random(700, type.length);
    for (const parts of [encodeUr(type, payload, 150), [encodeSingleUr(type, payload)]]) {
      const body = theirDecode(parts).decodeCBOR() as unknown as Record<string, unknown>;
      assert.deepEqual(Object.keys(body), ['1', '2'], type);
      assert.equal(body['1'], AIRLOCK_BODY_VERSION);
      assert.equal(hex(body['2'] as Buffer), hex(payload));
      assert.deepEqual(decodeUrParts(parts, [type]), { type, payload, version: AIRLOCK_BODY_VERSION });
    }
  }
});

test('an Airlock body made by the library\'s own encoder reads back in Airlock', () => {
  const payload = random(1200, 3);
  const body = Buffer.concat([Buffer.from([0xa2, 0x01, 0x02, 0x02]), Buffer.from(cborByteString(payload))]);
  assert.deepEqual(decodeUrParts(theirParts(SNAPSHOT_UR_TYPE, body, 100, 40)).payload, payload);
});

test('a registry type (eth-sign-request) is passed through as its own CBOR; a non-CBOR payload is refused both ways', () => {
  const item = cborByteString(random(300, 4));
  assert.deepEqual(decodeUrParts(encodeUr('eth-sign-request', item, 100)), { type: 'eth-sign-request', payload: item });
  refuses(() => encodeUr('eth-sign-request', Uint8Array.of(0x02, 0xf8), 100), 'ur-invalid', /is not CBOR\. To send raw bytes, use the type "bytes"/);
  refuses(() => decodeUrParts(theirParts('crypto-hdkey', Buffer.from([0x02, 0xf8]), 100, 1)), 'ur-invalid', /not valid CBOR/);
});

test('every payload Airlock 0.1.0 showed still decodes to the same bytes, single and multi-part', () => {
  const since010 = new Set([SIMULATION_REQUEST_UR_TYPE, SIMULATION_REPORT_UR_TYPE, SNAPSHOT_SET_UR_TYPE, SIGNED_SET_UR_TYPE]); // types 0.1.0 did not have
  const types010 = [...AIRLOCK_UR_TYPES].filter((type) => !since010.has(type));
  assert.deepEqual(new Set(VECTORS.map((v) => v.type)), new Set([...types010, 'bytes']), 'the vectors cover every Airlock type 0.1.0 had');
  for (const vector of VECTORS.filter((v) => v.type !== 'bytes')) {
    for (const parts of [vector.single, vector.multi].filter((p): p is string[] => p !== null)) {
      const decoded = decodeUrParts(parts, [vector.type]);
      assert.equal(hex(decoded.payload), vector.payload, `${vector.type} (${vector.what})`);
      assert.equal(decoded.version, 1, 'read as a 0.1.0 body');
    }
  }
});

test('0.1.0 payloads go on through every consumer: raw tx, snapshot, drill proof, relay key, watch list, Safe signature and bundle', () => {
  const parts = (type: string) => VECTORS.find((v) => v.type === type)!.multi ?? VECTORS.find((v) => v.type === type)!.single;
  const payload = (type: string) => decodeUrParts(parts(type), [type]).payload;
  const text = (type: string) => new TextDecoder().decode(payload(type));
  assert.equal(decodeSignedTransaction(parseRawTransactionText(parts(RAW_TX_UR_TYPE).join('\n'))).transaction.nonce, 7n);
  const relayKey = payload(RELAY_KEY_UR_TYPE);
  assert.equal(relayKeyFingerprint(relayKey).length, 4);
  assert.equal(verifySnapshot(JSON.parse(text(SNAPSHOT_UR_TYPE)), relayKey).blockNumber, '42');
  assert.equal(verifyDrillProof(JSON.parse(text(DRILL_PROOF_UR_TYPE))).valid, true);
  assert.equal(parseWatchList(payload(WATCH_LIST_UR_TYPE)).vault, 'Acme treasury');
  assert.equal(parseSafeAirgapText(parts('airlock-safe-signature').join(' ')).type, 'signature');
  assert.equal(parseSafeAirgapText(parts('airlock-safe-bundle').join('\n')).type, 'bundle');
});

test('a 0.1.0 ur:bytes (bare bytes, not a byte string) is refused with a sentence saying to encode it again', () => {
  const vector = VECTORS.find((v) => v.type === 'bytes')!;
  refuses(() => decodeUrParts(vector.single), 'ur-invalid', /does not hold a CBOR byte string, as the UR standard requires\. If it came from Airlock 0\.1\.0 .* encode the payload again/);
});

test('H-19 the 1 MiB cap holds for the message: a payload that fits only without its CBOR head is refused when encoding', () => {
  refuses(() => encodeUr('bytes', new Uint8Array(MAX_UR_PAYLOAD_BYTES - 2), 4096), 'ur-too-large', /1 MiB/);
  refuses(() => encodeSingleUr(SNAPSHOT_UR_TYPE, new Uint8Array(MAX_UR_PAYLOAD_BYTES - 4)), 'ur-too-large', /1 MiB/);
  assert.equal(createUrEncoder('bytes', new Uint8Array(MAX_UR_PAYLOAD_BYTES - 5), 4096).fragmentCount, 256, 'with its head it fits: 1 MiB in 256 fragments');
});

test('a body from a newer Airlock is refused, naming the version and saying to update', () => {
  const newer = Uint8Array.of(0xa2, 0x01, 0x03, 0x02, 0x41, 0x00);
  refuses(() => decodeUrBody(SNAPSHOT_UR_TYPE, newer), 'ur-version-unsupported', /made by a newer Airlock \(body version 3; this one reads up to 2\)\. Update Airlock/);
  const receipt = createUrDecoder().receive(theirParts(SNAPSHOT_UR_TYPE, Buffer.from(newer), 100, 1)[0]!);
  assert.equal(receipt.error?.code, 'ur-version-unsupported');
  assert.equal(receipt.complete, false);
});

test('damaged bodies are refused: keys out of order, extra entries, version 1 inside a map, trailing bytes, cut short, a text payload', () => {
  for (const body of ['a202410001 02', 'a3010202410003f6', 'a20101024100', 'a20102024100 00', 'a1024100', 'a2010202 6141', 'a2010202 4500', 'a1']) {
    refuses(() => decodeUrBody(RAW_TX_UR_TYPE, Uint8Array.from(Buffer.from(body.replace(/ /g, ''), 'hex'))), 'ur-invalid', /body is damaged/);
  }
  for (const bytes of ['40ff', '41', '01', '5f4100ff', '']) refuses(() => decodeUrBody('bytes', Uint8Array.from(Buffer.from(bytes, 'hex'))), 'ur-invalid', /CBOR byte string/);
  refuses(() => decodeUrParts(theirParts('bytes', Buffer.from([0x40]), 100, 1)), 'ur-invalid', /carries nothing \(an empty payload\)/);
});

test('fuzz (H-19): random messages of every type give the payload back or a typed AirlockError, nothing else', () => {
  const types = [...AIRLOCK_UR_TYPES, 'bytes', 'eth-sign-request'];
  fc.assert(
    fc.property(fc.constantFrom(...types), fc.uint8Array({ maxLength: 64 }), (type, message) => {
      try {
        const body = decodeUrBody(type, message);
        assert.ok(body.payload instanceof Uint8Array);
      } catch (error) {
        assert.ok(error instanceof AirlockError && ['ur-invalid', 'ur-version-unsupported'].includes(error.code), String(error));
      }
    }),
    { numRuns: 3000 },
  );
  fc.assert(
    fc.property(fc.constantFrom(...types), fc.uint8Array({ minLength: 1, maxLength: 300 }), (type, payload) => {
      const message = type === 'eth-sign-request' ? cborByteString(payload) : payload;
      assert.equal(hex(decodeUrBody(type, encodeUrBody(type, message)).payload), hex(message));
    }),
    { numRuns: 500 },
  );
});
