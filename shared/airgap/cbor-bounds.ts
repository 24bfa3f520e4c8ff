// SECURITY(H-19): a bounds check over untrusted CBOR before a library decodes it: every declared length must fit in the bytes present.
// The registry's CBOR decoder allocates what a header declares (a 5-byte header can ask for 300 MB); this refuses that first.

export const MAX_CBOR_DEPTH = 24;

/** Throws a plain Error (callers turn it into their AirlockError) unless `bytes` is exactly one well-bounded CBOR item. */
export function assertCborBounded(bytes: Uint8Array): void {
  let offset = 0;
  const fail = (why: string): never => {
    throw new Error(`CBOR ${why} at byte ${offset}`);
  };
  const argument = (info: number): number => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : fail('has an indefinite or reserved length');
    if (offset + size > bytes.length) fail('is cut short');
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + bytes[offset++]!;
    return value; // 8-byte values lose precision above 2^53; only used as lengths below, which must fit anyway
  };
  const item = (depth: number): void => {
    if (depth > MAX_CBOR_DEPTH) fail('is nested too deeply');
    const first = bytes[offset++];
    if (first === undefined) return fail('is cut short');
    const major = first >> 5;
    const info = first & 0x1f;
    if (major === 7) {
      if (info === 31) fail('has a stray break');
      argument(info);
      return;
    }
    const value = argument(info);
    const remaining = bytes.length - offset;
    switch (major) {
      case 0:
      case 1:
        return;
      case 2:
      case 3:
        if (value > remaining) fail('declares more bytes than it has');
        offset += value;
        return;
      case 4:
        if (value > remaining) fail('declares more items than it has bytes');
        for (let i = 0; i < value; i++) item(depth + 1);
        return;
      case 5:
        if (value * 2 > remaining) fail('declares more entries than it has bytes');
        for (let i = 0; i < value * 2; i++) item(depth + 1);
        return;
      case 6:
        item(depth + 1);
        return;
    }
  };
  item(0);
  if (offset !== bytes.length) fail('has trailing bytes');
}
