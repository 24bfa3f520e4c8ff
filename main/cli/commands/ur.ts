// `airlock ur encode|decode`: the BC-UR codec on the command line, for scripting and interop checks (hex payloads, one part a line).
import { bytesToHex, parseHex } from '../../../shared/bytes';
import { decodeUrParts, encodeUr, MAX_UR_PAYLOAD_BYTES } from '../../../shared/airgap/ur';
import { AirlockError } from '../../../shared/errors';
import { optionalOne, requireOne } from '../args';
import type { CliCommand } from '../command';

const DEFAULT_FRAGMENT = 200;

/** The one parser for `ur encode`'s stdin: hex bytes, optional 0x, surrounding whitespace ignored. */
export function parseHexPayload(text: string): Uint8Array {
  const bytes = parseHex(text);
  if (bytes?.length === 0) throw new AirlockError('input-invalid', '`airlock ur encode` reads the payload as hexadecimal on standard input, and it read nothing.');
  if (!bytes) {
    throw new AirlockError('input-invalid', '`airlock ur encode` reads the payload as hexadecimal, two digits per byte (for example "0011...eeff"); standard input is not that.');
  }
  if (bytes.length > MAX_UR_PAYLOAD_BYTES) {
    throw new AirlockError('ur-too-large', `The payload is ${bytes.length} bytes; a UR carries at most ${MAX_UR_PAYLOAD_BYTES} bytes (1 MiB).`);
  }
  return bytes;
}

/** The one parser for `ur decode`'s stdin: one UR part a line; blank lines ignored. */
export function parseUrLines(text: string): string[] {
  const parts = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  if (parts.length === 0) throw new AirlockError('input-invalid', '`airlock ur decode` reads UR parts on standard input, one a line, and it read none.');
  return parts;
}

function parseFragment(value: string | undefined): number {
  if (value === undefined) return DEFAULT_FRAGMENT;
  if (!/^\d{1,7}$/.test(value)) throw new AirlockError('usage-invalid', `--max-fragment takes a number of bytes, e.g. 200; "${value.slice(0, 20)}" is not one.`);
  return Number(value);
}

export const urCommands: CliCommand[] = [
  {
    path: ['ur', 'encode'],
    summary:
      'Encode a payload as BC-UR parts. --type T (e.g. eth-sign-request), --max-fragment N bytes (default 200). ' +
      'Stdin: the payload in hex (for "bytes" and airlock-* types any bytes, for other types their CBOR); prints {"parts":["ur:T/..."]} ' +
      '(one part if it fits, else enough fountain parts to survive 30% loss).',
    options: ['type', 'max-fragment'],
    async run(input) {
      const type = requireOne(input.options, 'type');
      const maxFragment = parseFragment(optionalOne(input.options, 'max-fragment'));
      const payload = parseHexPayload(await input.readStdin());
      return { parts: encodeUr(type, payload, maxFragment) };
    },
  },
  {
    path: ['ur', 'decode'],
    summary:
      'Decode BC-UR parts back into a payload. Stdin: the parts, one a line, any order, duplicates allowed; ' +
      'prints {"type":"T","payload":"<hex>"} (plus "version", the body version, for Airlock\'s own types), or an error (exit 2) naming the bad part.',
    options: [],
    async run(input) {
      const { type, payload, version } = decodeUrParts(parseUrLines(await input.readStdin()));
      return { type, payload: bytesToHex(payload), ...(version === undefined ? {} : { version }) };
    },
  },
];
