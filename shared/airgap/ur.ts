// SECURITY(H-19): the one versioned codec for BC-UR: payload bytes in, QR part strings out, and back, with size caps and typed errors.
//
// Codec version 2. The payload given and returned here is what the type means (raw bytes for `bytes`, the
// transaction or JSON for Airlock's types, the registry item's CBOR for ERC-4527 types); the UR's CBOR message
// around it is ur-body.ts's, so every part is standard BC-UR that other implementations read. Version 1
// (Airlock 0.1.0) put bare bytes in `bytes` and Airlock's types; ur-body.ts says which of those are still read.
// Multipart URs use the fountain code of BCR-2020-005 via @ngraveio/bc-ur.
//
// Runtime: @ngraveio/bc-ur uses Node's global `Buffer` (it never imports it). Node and Electron's main
// have it; a browser bundle must provide a global Buffer (e.g. the `buffer` package) before calling in.
import { UR, URDecoder, UREncoder } from '@ngraveio/bc-ur';
import { AirlockError } from '../errors';
import { CBOR_ARRAY, CBOR_UINT, CborReader } from './cbor';
import { decodeUrBody, encodeUrBody } from './ur-body';
import { wrongQrSentence } from './qr-subjects';

export const UR_CODEC_VERSION = 2;
/** Largest payload we encode or accept, in bytes (1 MiB): far above any snapshot, and bounds a decoder's memory. */
export const MAX_UR_PAYLOAD_BYTES = 1 << 20;
/** Longest part string we look at: a single-part UR of the largest payload (2 letters a byte) plus header and CRC. */
export const MAX_UR_PART_CHARS = 2 * MAX_UR_PAYLOAD_BYTES + 256;
/** Smallest and largest fragment the encoder accepts; the fountain encoder cannot go below 10 bytes. */
export const MIN_FRAGMENT_BYTES = 10;
export const MAX_FRAGMENT_BYTES = 4096;
/**
 * Multipart messages are sent with this many parts per fragment (plus PART_SLACK), so ≥ 30% may be lost.
 * Measured: the library's peeling decoder needs ~1.3-1.6 parts per fragment; 1.6 / 0.7 ≈ 2.3, rounded up
 * to 3 (0 failures in 60 seeded runs each of 100 B-20 KB with 30% dropped; 1.75 failed up to 76%).
 */
export const PART_REDUNDANCY = 3;
export const PART_SLACK = 4;

const UR_TYPE = /^[a-z0-9-]{1,64}$/;
const SEQUENCE = /^([1-9][0-9]{0,9})-([1-9][0-9]{0,9})$/;
const MINIMAL_BYTEWORDS = /^[a-z]+$/;

export interface DecodedUr {
  /** The UR type, lower case, e.g. "eth-sign-request". */
  type: string;
  payload: Uint8Array;
  /** Airlock's own types: the body version read (1 for a payload shown by Airlock 0.1.0). */
  version?: number;
}

/** What a decoder says after each scanned part: enough for a progress bar and a message. */
export interface UrReceipt {
  /** 0..1; 1 only when complete. */
  progress: number;
  complete: boolean;
  /** The type of the message being assembled, once one part was accepted. */
  type?: string;
  /** The decoded message, when complete. */
  result?: DecodedUr;
  /** True when this part began a different message and the earlier progress was dropped. */
  restarted?: boolean;
  /** Why this part was refused; the decoder keeps what it had. */
  error?: AirlockError;
}

export interface UrDecoder {
  receive(part: string): UrReceipt;
  /** Forget everything received (e.g. the user pressed "scan again"). */
  reset(): void;
}

export interface UrEncoder {
  readonly type: string;
  /** Number of fountain fragments; 1 means a single, static QR code. */
  readonly fragmentCount: number;
  /** Parts to show for one full pass that a decoder can complete with ≥ 30% of frames lost. */
  readonly recommendedPartCount: number;
  /** The next part to display; multipart encoders go on forever (fountain parts never repeat). */
  nextPart(): string;
}

function invalid(message: string): AirlockError {
  return new AirlockError('ur-invalid', message);
}

function tooLarge(bytes: number): AirlockError {
  return new AirlockError(
    'ur-too-large',
    `The QR message is ${bytes} bytes; Airlock accepts at most ${MAX_UR_PAYLOAD_BYTES} bytes (1 MiB). It is not from Airlock or a compatible wallet.`,
    { bytes, max: MAX_UR_PAYLOAD_BYTES },
  );
}

function checkType(type: string): string {
  if (typeof type !== 'string' || !UR_TYPE.test(type)) {
    throw invalid(`"${String(type).slice(0, 40)}" is not a UR type: use 1 to 64 lower-case letters, digits or hyphens (for example "eth-sign-request").`);
  }
  return type;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An encoder for the animated display: yields parts forever (multipart) or the same single part. */
export function createUrEncoder(type: string, payload: Uint8Array, maxFragmentLength: number): UrEncoder {
  checkType(type);
  if (!(payload instanceof Uint8Array) || payload.length === 0) throw invalid('There is nothing to encode: the payload is empty.');
  if (payload.length > MAX_UR_PAYLOAD_BYTES) throw tooLarge(payload.length);
  if (!Number.isInteger(maxFragmentLength) || maxFragmentLength < MIN_FRAGMENT_BYTES || maxFragmentLength > MAX_FRAGMENT_BYTES) {
    throw invalid(`The fragment size must be a whole number of bytes from ${MIN_FRAGMENT_BYTES} to ${MAX_FRAGMENT_BYTES}; it was ${String(maxFragmentLength)}.`);
  }
  // A fresh message: the caller may zero or reuse its payload buffer while the animation runs.
  const message = encodeUrBody(type, payload);
  // The cap is on the message, as decoders apply it: a payload just under 1 MiB plus its body head is refused here too.
  if (message.length > MAX_UR_PAYLOAD_BYTES) throw tooLarge(message.length);
  const copy = message === payload ? Buffer.from(toBuffer(payload)) : toBuffer(message);
  const encoder = new UREncoder(new UR(copy, type), maxFragmentLength, 0, MIN_FRAGMENT_BYTES);
  const fragmentCount = encoder.fragmentsLength;
  return {
    type,
    fragmentCount,
    recommendedPartCount: fragmentCount === 1 ? 1 : Math.ceil(PART_REDUNDANCY * fragmentCount) + PART_SLACK,
    nextPart: () => encoder.nextPart(),
  };
}

/**
 * All parts for one transfer: one part when the payload fits in one fragment, otherwise
 * `recommendedPartCount` parts (the fragments, then fountain mixes), so ≥ 30% may be lost.
 */
export function encodeUr(type: string, payload: Uint8Array, maxFragmentLength: number): string[] {
  const encoder = createUrEncoder(type, payload, maxFragmentLength);
  return Array.from({ length: encoder.recommendedPartCount }, () => encoder.nextPart());
}

/** The one part of a static code (a printed report, a wallet's answer): the whole message in one QR code. */
export function encodeSingleUr(type: string, payload: Uint8Array): string {
  checkType(type);
  if (!(payload instanceof Uint8Array) || payload.length === 0) throw invalid('There is nothing to encode: the payload is empty.');
  if (payload.length > MAX_UR_PAYLOAD_BYTES) throw tooLarge(payload.length);
  const message = encodeUrBody(type, payload);
  if (message.length > MAX_UR_PAYLOAD_BYTES) throw tooLarge(message.length);
  return new UREncoder(new UR(toBuffer(message), type), message.length, 0, MIN_FRAGMENT_BYTES).nextPart();
}

/** A parsed part header: what identifies the message it belongs to. */
interface PartHeader {
  type: string;
  /** "single:<body>" or "multi:<seqLength>:<messageLength>:<checksum>". */
  message: string;
  seqNum: number;
  seqLength: number;
  messageLength: number;
  text: string;
}

/** Reads one part string into a checked header, before the library sees it (it trusts its input's sizes). */
function parsePart(raw: unknown): PartHeader {
  if (typeof raw !== 'string') throw invalid('A scanned QR part is not text.');
  if (raw.length > MAX_UR_PART_CHARS) throw tooLarge(Math.floor(raw.length / 2));
  const text = raw.trim().toLowerCase();
  if (!text.startsWith('ur:')) throw invalid('This QR code is not a UR (it does not start with "ur:"): it is not from Airlock or a compatible wallet.');
  const components = text.slice(3).split('/');
  const type = components[0] ?? '';
  if (!UR_TYPE.test(type)) throw invalid('This QR code has no valid UR type after "ur:".');
  if (components.length === 2) {
    const body = components[1]!;
    if (!MINIMAL_BYTEWORDS.test(body) || body.length % 2 !== 0 || body.length < 10) throw invalid(`This ${type} QR code is damaged: its body is not valid bytewords.`);
    const bytes = (body.length - 8) / 2;
    if (bytes > MAX_UR_PAYLOAD_BYTES) throw tooLarge(bytes);
    decodeBytewords(body, type); // checks the CRC here, for a precise message
    return { type, message: `single:${body}`, seqNum: 1, seqLength: 1, messageLength: bytes, text };
  }
  if (components.length !== 3) throw invalid(`This ${type} QR code has ${components.length - 1} path components; a UR part has 1 or 2.`);
  const sequence = SEQUENCE.exec(components[1]!);
  const body = components[2]!;
  if (!sequence) throw invalid(`This ${type} QR part has no valid sequence number (expected e.g. "3-10").`);
  if (!MINIMAL_BYTEWORDS.test(body) || body.length % 2 !== 0 || body.length < 10) throw invalid(`This ${type} QR part is damaged: its body is not valid bytewords.`);
  const cbor = decodeBytewords(body, type);
  const header = readFountainHeader(cbor, type);
  if (header.seqNum !== Number(sequence[1]) || header.seqLength !== Number(sequence[2])) {
    throw invalid(`This ${type} QR part's sequence number does not match its content.`);
  }
  return {
    type,
    message: `multi:${header.seqLength}:${header.messageLength}:${header.checksum}`,
    seqNum: header.seqNum,
    seqLength: header.seqLength,
    messageLength: header.messageLength,
    text,
  };
}

function decodeBytewords(body: string, type: string): Uint8Array {
  try {
    // The library's decoder checks the CRC-32 that ends every bytewords body.
    const hex = (URDecoder as unknown as { decode(s: string): UR }).decode(`ur:${type}/${body}`).cbor.toString('hex');
    return Uint8Array.from(Buffer.from(hex, 'hex'));
  } catch {
    throw invalid(`This ${type} QR part is damaged: its checksum does not match. Hold the camera steady and let it read again.`);
  }
}

/** The fountain part is CBOR [seqNum, seqLength, messageLength, checksum, fragment]; read it with bounds. */
function readFountainHeader(cbor: Uint8Array, type: string) {
  const reader = new CborReader(cbor);
  let header: { seqNum: number; seqLength: number; messageLength: number; checksum: number; fragmentLength: number };
  try {
    if (reader.expect(CBOR_ARRAY, 'list') !== 5) throw new Error('is not a fountain part');
    const [seqNum, seqLength, messageLength, checksum] = [0, 1, 2, 3].map(() => reader.expect(CBOR_UINT, 'number')) as [number, number, number, number];
    header = { seqNum, seqLength, messageLength, checksum, fragmentLength: -1 };
  } catch {
    throw invalid(`This ${type} QR part has a malformed header.`);
  }
  try {
    header.fragmentLength = reader.byteString('fragment').length;
    if (!reader.done) throw new Error('has trailing bytes');
  } catch {
    throw invalid(`This ${type} QR part has a malformed fragment.`);
  }
  const { seqNum, seqLength, messageLength, checksum, fragmentLength } = header;
  if (messageLength > MAX_UR_PAYLOAD_BYTES) throw tooLarge(messageLength);
  if (seqNum < 1 || messageLength < 1 || fragmentLength < 1 || seqLength !== Math.ceil(messageLength / fragmentLength)) {
    throw invalid(`This ${type} QR part's sizes do not add up: it was not made by a UR encoder.`);
  }
  // The encoder never splits into more than ceil(messageLength / 10) fragments: bounds the decoder's tables.
  if (seqLength > Math.ceil(messageLength / MIN_FRAGMENT_BYTES)) throw invalid(`This ${type} QR part's fragments are too small.`);
  return { seqNum, seqLength, messageLength, checksum };
}

function typeUnexpected(type: string, expected: readonly string[]): AirlockError {
  return new AirlockError('ur-type-unexpected', wrongQrSentence(type, expected), { type, expected: expected.join(',') });
}

/**
 * A decoder for a camera scan: accepts parts in any order and duplicates, restarts when a part of
 * another message appears, refuses types not in `expectedTypes`, and never throws.
 */
export function createUrDecoder(expectedTypes?: readonly string[]): UrDecoder {
  const expected = expectedTypes?.map((t) => checkType(t.toLowerCase()));
  let decoder = new URDecoder();
  let message: string | undefined;
  let type: string | undefined;
  let seqLength = 0;
  let seen = new Set<number>();
  let result: DecodedUr | undefined;

  const reset = () => {
    decoder = new URDecoder();
    message = undefined;
    type = undefined;
    seqLength = 0;
    seen = new Set();
    result = undefined;
  };

  const progress = (): number => {
    if (result) return 1;
    if (seqLength === 0) return 0;
    // Fragments already solved, or unique parts against the ~1.15x a fountain decoder typically needs.
    const solved = decoder.getProgress();
    return Math.min(0.99, Math.max(solved, seen.size / (seqLength * 1.15)));
  };

  const receipt = (extra: Partial<UrReceipt> = {}): UrReceipt => ({
    progress: progress(),
    complete: result !== undefined,
    ...(type ? { type } : {}),
    ...(result ? { result } : {}),
    ...extra,
  });

  const receive = (part: string): UrReceipt => {
    let header: PartHeader;
    try {
      header = parsePart(part);
    } catch (error) {
      return receipt({ error: asAirlockError(error) });
    }
    if (expected && !expected.includes(header.type)) return receipt({ error: typeUnexpected(header.type, expected) });
    let restarted = false;
    if (message !== undefined && (header.message !== message || header.type !== type)) {
      reset();
      restarted = true;
    }
    if (result) return receipt();
    message = header.message;
    type = header.type;
    seqLength = header.seqLength;
    try {
      decoder.receivePart(header.text);
      seen.add(header.seqNum);
      if (decoder.isError()) {
        reset();
        return receipt({ restarted, error: invalid('The scanned parts do not add up to a valid message (checksum mismatch). Scanning starts again.') });
      }
      if (decoder.isComplete()) {
        const message = Uint8Array.from(decoder.resultUR().cbor);
        if (message.length === 0 || message.length !== header.messageLength) {
          reset();
          return receipt({ restarted, error: invalid('The scanned message is empty or has the wrong length. Scanning starts again.') });
        }
        let body: ReturnType<typeof decodeUrBody>;
        try {
          body = decodeUrBody(header.type, message);
        } catch (error) {
          reset();
          return receipt({ restarted, error: asAirlockError(error) });
        }
        if (body.payload.length === 0) {
          reset();
          return receipt({ restarted, error: invalid(`This ${header.type} QR code carries nothing (an empty payload). Show the code for this step instead.`) });
        }
        result = { type: header.type, payload: body.payload, ...(body.version === undefined ? {} : { version: body.version }) };
      }
    } catch (error) {
      return receipt({ restarted, error: asAirlockError(error) });
    }
    return receipt(restarted ? { restarted } : {});
  };

  return { receive, reset };
}

function asAirlockError(error: unknown): AirlockError {
  if (error instanceof AirlockError) return error;
  // The library's own messages are developer text ("Invalid Bytewords"); a key holder gets ours.
  return invalid('This QR part could not be read as a UR. Hold the camera steady and let it read again.');
}

/**
 * Decodes a complete set of parts read at once (the CLI, a pasted list): any order, duplicates allowed,
 * but every part must be valid and of one message. Throws AirlockError.
 */
export function decodeUrParts(parts: readonly string[], expectedTypes?: readonly string[]): DecodedUr {
  if (parts.length === 0) throw invalid('No UR parts were given.');
  const decoder = createUrDecoder(expectedTypes);
  let last: UrReceipt | undefined;
  for (const [index, part] of parts.entries()) {
    last = decoder.receive(part);
    if (last.error) {
      throw new AirlockError(last.error.code, `Part ${index + 1}: ${last.error.message}`, { ...last.error.params, part: index + 1 });
    }
    if (last.restarted) {
      throw new AirlockError('ur-mixed-messages', `Part ${index + 1} belongs to a different message than the parts before it; give the parts of one message only.`, { part: index + 1 });
    }
  }
  if (!last?.complete || !last.result) {
    const percent = Math.round((last?.progress ?? 0) * 100);
    throw new AirlockError('ur-incomplete', `The ${parts.length} parts are not enough to rebuild the ${last?.type ?? 'UR'} message (about ${percent}% there); scan more parts.`, {
      parts: parts.length,
    });
  }
  return last.result;
}
