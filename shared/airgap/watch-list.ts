// The vault's watch list for its relay (UR type airlock-watch-list): which accounts and Safes the relay must
// snapshot, with labels. Public addresses only. Versioned JSON with one strict parser used by both sides.
import { z } from 'zod';
import { AirlockError } from '../errors';
import { parseAddress } from '../evm/address';
import { WATCH_LIST_UR_TYPE } from './airlock-types';

export { WATCH_LIST_UR_TYPE };
export const WATCH_LIST_VERSION = 1;

const address = z.string().transform((text, ctx) => {
  try {
    return parseAddress(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not an address' });
    return z.NEVER;
  }
});

const watchListSchema = z
  .object({
    version: z.literal(WATCH_LIST_VERSION),
    vault: z.string().max(120),
    accounts: z.array(z.object({ address, label: z.string().max(80) }).strict()).max(256),
    safes: z.array(z.object({ address, label: z.string().max(80) }).strict()).max(64),
  })
  .strict();

export type WatchList = z.infer<typeof watchListSchema>;

export function watchListBytes(list: WatchList): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(parseWatchList(list)));
}

/** The one parser for a watch list, from its object or its UR payload bytes. */
export function parseWatchList(value: unknown): WatchList {
  let json = value;
  if (value instanceof Uint8Array) {
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(value));
    } catch {
      throw new AirlockError('watch-list-invalid', 'This watch list is not readable JSON. Show the vault\'s watch-list QR code again.');
    }
  }
  const parsed = watchListSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AirlockError('watch-list-invalid', `This is not an Airlock watch list: "${issue?.path.join('.') || 'the top'}" ${issue?.message ?? 'is wrong'}.`);
  }
  return parsed.data;
}
