// An Airlock payload pasted or read as text: its JSON, or its UR parts (UTF-8 JSON inside), for the payloads that
// cross the air gap as JSON (simulation requests and reports). SECURITY(H-19): length capped before parsing; one
// typed error per failure, with the caller's code.
import { AirlockError } from '../errors';
import { decodeUrParts } from './ur';

/**
 * The JSON value of an Airlock payload given as its JSON text or as UR parts of `type` (UTF-8 JSON inside).
 * SECURITY(H-19): length capped before parsing; every failure is a typed error.
 */
export function airlockJsonText(text: string, { type, maxChars, what, code }: { type: string; maxChars: number; what: string; code: string }): unknown {
  const payloadInvalid = (message: string) => new AirlockError(code, message);
  if (typeof text !== 'string' || text.trim() === '') throw payloadInvalid(`Give the ${what}: its JSON text or its ur:${type} parts.`);
  if (text.length > maxChars) throw payloadInvalid(`The ${what} is longer than ${Math.round(maxChars / 1024)} KiB; Airlock refuses it.`);
  const trimmed = text.trim();
  let json = trimmed;
  if (/^ur:/i.test(trimmed)) {
    const { payload } = decodeUrParts(trimmed.split(/\s+/), [type]);
    try {
      json = new TextDecoder('utf-8', { fatal: true }).decode(payload);
    } catch {
      throw payloadInvalid(`The QR code's content is not UTF-8 text; it is not an Airlock ${what}.`);
    }
  }
  try {
    return JSON.parse(json);
  } catch {
    throw payloadInvalid(`The ${what} is not valid JSON. Scan or copy it again.`);
  }
}
