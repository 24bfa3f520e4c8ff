// SECURITY(H-03): the single caller of ipcMain.handle. Registers one handler per channel of the
// mode, turns Electron's sender frame into SenderInfo for the gate, and never throws across IPC.
import { channelsFor, IPC_PREFIX, type Mode } from '../../shared/bridge';
import { fail, type Result } from '../../shared/errors';
import { originOf } from '../window/origin';
import type { Gate, SenderInfo } from './gate';

/** The frame facts we read: Electron's WebFrameMain has them (and may throw once disposed). */
export interface FrameLike {
  readonly url: string;
  readonly origin?: string;
  readonly parent: unknown;
  readonly processId?: number;
  readonly routingId?: number;
}

/** The parts of Electron's IpcMainInvokeEvent the gate needs. */
export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
  readonly sender: { readonly mainFrame: FrameLike };
}

/** The part of Electron's ipcMain we call: main passes the real one, tests a recorder. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

/**
 * Who sent a call. The origin comes from the frame URL and must agree with the origin Chromium
 * reports for the frame (a sandboxed main frame has URL app://airlock but origin "null"). The main
 * frame has no parent AND is the webContents' main frame: a fenced frame's root also has no parent.
 */
export function senderInfoFromFrame(frame: FrameLike | null, mainFrame: FrameLike | null): SenderInfo {
  if (frame === null) return { origin: null, isMainFrame: false };
  const fromUrl = originOf(frame.url);
  const agrees = frame.origin === undefined || frame.origin === fromUrl;
  return { origin: agrees ? fromUrl : null, isMainFrame: frame.parent === null && isSameFrame(frame, mainFrame) };
}

/** Electron may hand out two wrapper objects for one frame; then its process and routing ids decide. */
function isSameFrame(a: FrameLike, b: FrameLike | null): boolean {
  if (b === null) return false;
  if (a === b) return true;
  return typeof a.processId === 'number' && typeof a.routingId === 'number' && a.processId === b.processId && a.routingId === b.routingId;
}

/** SenderInfo for an event whose frame may be gone: a disposed frame throws on access and is refused. */
export function senderInfoFromEvent(event: InvokeEventLike): SenderInfo {
  try {
    return senderInfoFromFrame(event.senderFrame, event.sender.mainFrame);
  } catch {
    return { origin: null, isMainFrame: false };
  }
}

const INTERNAL: Result<never> = fail({ code: 'internal', message: 'Something went wrong inside Airlock; nothing was changed. Please try again.' });

/** Registers the gate for every channel of the mode and returns the IPC channel names it took. */
export function registerBridgeHandlers(ipc: IpcMainLike, gate: Gate, mode: Mode): string[] {
  const registered: string[] = [];
  for (const name of channelsFor(mode)) {
    const ipcChannel = IPC_PREFIX + name;
    // Only the first argument is the request: extra arguments from a tampered renderer are dropped.
    ipc.handle(ipcChannel, async (event, request) => {
      try {
        return await gate(ipcChannel, senderInfoFromEvent(event), request);
      } catch {
        // The gate already turns every failure into a Result; this is the belt to its braces.
        return INTERNAL;
      }
    });
    registered.push(ipcChannel);
  }
  return registered;
}
