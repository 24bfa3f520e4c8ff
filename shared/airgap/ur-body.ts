// SECURITY(H-19): what a UR's CBOR message holds for each type, so every UR Airlock shows is valid CBOR that any
// BC-UR tool reads, and every message it scans is checked before its payload is used.
//
// - `bytes` (BCR-2020-006): the message is a CBOR byte string; the payload is its content.
// - Airlock's types (airlock-types.ts): the message is the body map {1: version, 2: payload as a byte string}.
//   Body version 2 is the first; Airlock 0.1.0 (UR codec version 1) put the bare payload there instead, which
//   is still read as version 1 (none of those payloads starts with a CBOR map head: a raw transaction starts with
//   0x01-0x04 or an RLP list head 0xc0-0xff, JSON with "{" (0x7b), a relay key with 0x02 or 0x03).
// - Any other type (ERC-4527's eth-sign-request, crypto-hdkey, …): the message is the registry item's CBOR
//   itself; it must be one well-bounded CBOR item.
import { AirlockError } from '../errors';
import { AIRLOCK_UR_TYPES } from './airlock-types';
import { assertCborBounded } from './cbor-bounds';
import { CBOR_MAP, CBOR_UINT, CborReader, cborByteString, cborHead } from './cbor';

/** The body version this Airlock writes; it reads this one and the bare payloads of 0.1.0 (version 1). */
export const AIRLOCK_BODY_VERSION = 2;
/** Body map keys. */
const KEY_VERSION = 1;
const KEY_PAYLOAD = 2;
const BYTES_TYPE = 'bytes';

export interface UrBody {
  payload: Uint8Array;
  /** Airlock's types only: the body version read (1 for a bare 0.1.0 payload). */
  version?: number;
}

function invalid(message: string): AirlockError {
  return new AirlockError('ur-invalid', message);
}

/** The CBOR message that carries `payload` as a UR of `type`. Throws AirlockError for a foreign type's non-CBOR payload. */
export function encodeUrBody(type: string, payload: Uint8Array): Uint8Array {
  if (type === BYTES_TYPE) return cborByteString(payload);
  if (AIRLOCK_UR_TYPES.has(type)) {
    const head = Uint8Array.of(...cborHead(CBOR_MAP, 2), ...cborHead(CBOR_UINT, KEY_VERSION), ...cborHead(CBOR_UINT, AIRLOCK_BODY_VERSION), ...cborHead(CBOR_UINT, KEY_PAYLOAD));
    const content = cborByteString(payload);
    const out = new Uint8Array(head.length + content.length);
    out.set(head);
    out.set(content, head.length);
    return out;
  }
  try {
    assertCborBounded(payload);
  } catch {
    throw invalid(`A "${type}" UR carries CBOR, and this payload is not CBOR. To send raw bytes, use the type "bytes".`);
  }
  return payload;
}

/** The payload a scanned UR message of `type` carries. Throws AirlockError with a sentence for the key holder. */
export function decodeUrBody(type: string, message: Uint8Array): UrBody {
  if (type === BYTES_TYPE) return { payload: readBytes(message) };
  if (AIRLOCK_UR_TYPES.has(type)) return readAirlockBody(type, message);
  try {
    assertCborBounded(message);
  } catch {
    throw invalid(`This ${type} QR code's content is not valid CBOR, as every UR must be: it is damaged or was not made by a UR encoder.`);
  }
  return { payload: message };
}

function readBytes(message: Uint8Array): Uint8Array {
  const reader = new CborReader(message);
  try {
    const payload = reader.byteString('byte string');
    if (!reader.done) throw new Error('has trailing bytes');
    return payload.slice();
  } catch {
    throw invalid(
      'This ur:bytes QR code does not hold a CBOR byte string, as the UR standard requires. If it came from Airlock 0.1.0 (`airlock ur encode --type bytes`), encode the payload again with this version.',
    );
  }
}

function readAirlockBody(type: string, message: Uint8Array): UrBody {
  const first = message[0];
  // Airlock 0.1.0 put the payload itself here (see the top of this file).
  if (first === undefined || first >> 5 !== CBOR_MAP) return { payload: message.slice(), version: 1 };
  const reader = new CborReader(message);
  let version: number;
  let payload: Uint8Array;
  try {
    if (reader.expect(CBOR_MAP, 'map') !== 2 || reader.expect(CBOR_UINT, 'key') !== KEY_VERSION) throw new Error('is not a body');
    version = reader.expect(CBOR_UINT, 'version');
    if (version > AIRLOCK_BODY_VERSION) return newer(type, version);
    if (version !== AIRLOCK_BODY_VERSION || reader.expect(CBOR_UINT, 'key') !== KEY_PAYLOAD) throw new Error('is not a body');
    payload = reader.byteString('payload');
    if (!reader.done) throw new Error('has trailing bytes');
  } catch (error) {
    if (error instanceof AirlockError) throw error;
    throw invalid(`This ${type} QR code's body is damaged: it is not the {version, payload} map Airlock writes. Show the code again from the other screen.`);
  }
  return { payload: payload.slice(), version };
}

function newer(type: string, version: number): never {
  throw new AirlockError(
    'ur-version-unsupported',
    `This ${type} QR code was made by a newer Airlock (body version ${version}; this one reads up to ${AIRLOCK_BODY_VERSION}). Update Airlock on this computer to read it.`,
    { type, version },
  );
}
