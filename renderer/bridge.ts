// The renderer's only way to main: wraps window.airlock, unwraps each Result, and turns a refusal
// into a BridgeError carrying the code and the sentence the key holder is shown.
import type { AirlockApi, ChannelName, RequestOf, ResponseOf } from '../shared/bridge';
import { isAirlockError, type PublicError, type Result } from '../shared/errors';

declare global {
  interface Window {
    /** Built by the preload from the contract: one function per channel of this mode, frozen. */
    readonly airlock?: Readonly<Partial<AirlockApi>>;
  }
}

export class BridgeError extends Error {
  readonly code: string;

  constructor(error: PublicError) {
    super(error.message);
    this.name = 'BridgeError';
    this.code = error.code;
  }
}

export interface Bridge {
  /** Resolves with the channel's value, or rejects with a BridgeError (never anything else). */
  call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
}

export function connectBridge(api: Readonly<Partial<AirlockApi>> | undefined): Bridge {
  if (!api || typeof api !== 'object') {
    throw new BridgeError({
      code: 'bridge-missing',
      message: 'This window started without its connection to Airlock, so it cannot show anything. Close it and start Airlock again.',
    });
  }
  return {
    async call(channel, request) {
      const fn = api[channel] as ((request: unknown) => Promise<unknown>) | undefined;
      if (typeof fn !== 'function') {
        throw new BridgeError({ code: 'channel-unavailable', message: `This window cannot do "${channel}" in its current mode.` });
      }
      let reply: unknown;
      try {
        reply = await fn(request);
      } catch {
        throw new BridgeError({
          code: 'bridge-failed',
          message: 'The window lost its connection to Airlock while waiting for an answer. Nothing was changed; try again.',
        });
      }
      return unwrap(reply) as ResponseOf<typeof channel>;
    },
  };
}

function unwrap(reply: unknown): unknown {
  if (isResult(reply)) {
    if (reply.ok) return reply.value;
    throw new BridgeError(reply.error);
  }
  throw new BridgeError({ code: 'reply-invalid', message: 'Airlock sent an answer this window cannot read. Nothing was changed.' });
}

function isResult(value: unknown): value is Result<unknown> {
  if (!value || typeof value !== 'object') return false;
  const r = value as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return 'value' in r;
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error.message === 'string';
}

/**
 * Any failure as code + sentence, for display: a BridgeError (main's answer) or an AirlockError (the shared core's
 * parsers run here too, e.g. on a pasted transaction; their sentences are written for key holders and never carry a
 * secret) as is; anything else as 'internal', its message unseen.
 */
export function toPublicError(error: unknown): PublicError {
  if (error instanceof BridgeError || isAirlockError(error)) return { code: error.code, message: error.message };
  return { code: 'internal', message: 'Something went wrong in this window. Nothing was changed; try again, or restart Airlock.' };
}
