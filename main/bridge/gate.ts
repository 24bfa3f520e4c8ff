// SECURITY(H-03): the one IPC gate. Every bridge call passes here: channel prefix and mode, sender
// origin and main frame, request schema; the reply is always a Result and nothing is ever thrown.
import { randomUUID } from 'node:crypto';
import { CHANNEL_MODES, contract, IPC_PREFIX, isChannelName, type ChannelName, type Mode } from '../../shared/bridge';
import { AirlockError, fail, ok, type Result } from '../../shared/errors';
import { mapSqliteError } from '../db/connection';
import type { HandlerTable } from './handlers';

export interface SenderInfo {
  /** Origin of the frame that sent the call (e.g. "app://airlock"); null if unknown. */
  origin: string | null;
  /** Whether the sender is the window's main frame (not an iframe). */
  isMainFrame: boolean;
}

export interface GateOptions {
  mode: Mode;
  table: HandlerTable;
  /** The app's own origin; only it may call. */
  allowedOrigin: string;
  /** Where internal failures go (code and correlation id only, never request params). */
  onInternalError?: (correlationId: string, error: unknown) => void;
}

export type Gate = (ipcChannel: string, sender: SenderInfo, request: unknown) => Promise<Result<unknown>>;

export function createGate(options: GateOptions): Gate {
  return async (ipcChannel, sender, request) => {
    try {
      const name = channelOf(ipcChannel, options.mode);
      if (sender.origin !== options.allowedOrigin || !sender.isMainFrame) {
        throw new AirlockError('sender-refused', 'This request did not come from the Airlock window itself and was refused.');
      }
      const def = contract[name];
      const parsed = def.request.safeParse(request);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? `field '${issue.path.join('.')}'` : 'the request';
        throw new AirlockError(
          'request-invalid',
          `The window sent a request Airlock does not accept (${where}: ${issue?.message ?? 'invalid'}). Nothing was changed.`,
        );
      }
      const handler = options.table[name] as (req: unknown) => unknown;
      const value = await handler(parsed.data);
      return ok(value);
    } catch (caught) {
      const error = mapSqliteError(caught);
      if (error instanceof AirlockError) return fail(error.toPublic());
      const correlationId = randomUUID();
      options.onInternalError?.(correlationId, error);
      return fail({
        code: 'internal',
        message: `Something went wrong inside Airlock (reference ${correlationId}). Nothing secret was shown; please report the reference.`,
      });
    }
  };
}

function channelOf(ipcChannel: string, mode: Mode): ChannelName {
  if (typeof ipcChannel !== 'string' || !ipcChannel.startsWith(IPC_PREFIX)) {
    throw new AirlockError('channel-unknown', 'This request is not an Airlock request and was refused.');
  }
  const name = ipcChannel.slice(IPC_PREFIX.length);
  if (!isChannelName(name) || !CHANNEL_MODES[name].includes(mode)) {
    throw new AirlockError('channel-unknown', `"${name.slice(0, 64)}" is not something Airlock does in ${mode} mode; the request was refused.`);
  }
  return name;
}
