// Tests the IPC registration: SenderInfo from Electron's frames, one handler per mode channel, no throw across IPC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelsFor, CHANNELS, IPC_PREFIX, MODES } from '../../../../shared/bridge';
import type { Result } from '../../../../shared/errors';
import { createGate, type Gate } from '../../../../main/bridge/gate';
import type { HandlerTable } from '../../../../main/bridge/handlers';
import {
  registerBridgeHandlers,
  senderInfoFromEvent,
  senderInfoFromFrame,
  type FrameLike,
  type InvokeEventLike,
  type IpcMainLike,
} from '../../../../main/bridge/register';

const appFrame = (over: Partial<FrameLike> = {}): FrameLike => ({ url: 'app://airlock/index.html', origin: 'app://airlock', parent: null, processId: 4, routingId: 1, ...over });

test('H-03 the app main frame is recognised by URL origin and identity', () => {
  const frame = appFrame();
  assert.deepEqual(senderInfoFromFrame(frame, frame), { origin: 'app://airlock', isMainFrame: true });
  // Electron may wrap the same frame twice: equal process and routing ids are the same frame.
  assert.deepEqual(senderInfoFromFrame(frame, appFrame()), { origin: 'app://airlock', isMainFrame: true });
});

test('H-03 spoofed senders: a foreign URL, or an app URL whose real origin disagrees, has no origin', () => {
  const evil = appFrame({ url: 'https://evil.example/', origin: 'https://evil.example' });
  assert.equal(senderInfoFromFrame(evil, evil).origin, 'https://evil.example');
  // A sandboxed document keeps the app URL but gets an opaque origin.
  const opaque = appFrame({ origin: 'null' });
  assert.equal(senderInfoFromFrame(opaque, opaque).origin, null);
  const lookalike = appFrame({ url: 'app://airlock.evil/index.html', origin: 'app://airlock.evil' });
  assert.equal(senderInfoFromFrame(lookalike, lookalike).origin, 'app://airlock.evil');
  for (const url of ['data:text/html,x', 'about:blank', 'file:///index.html', 'app://user@airlock/']) {
    const frame = appFrame({ url, origin: undefined });
    assert.equal(senderInfoFromFrame(frame, frame).origin, null, url);
  }
});

test('H-03 iframes, fenced-frame roots and vanished frames are not the main frame', () => {
  const main = appFrame();
  assert.equal(senderInfoFromFrame(appFrame({ parent: main, routingId: 7 }), main).isMainFrame, false);
  // Parentless yet not the webContents' main frame (a fenced frame's root): refused.
  assert.equal(senderInfoFromFrame(appFrame({ routingId: 9 }), main).isMainFrame, false);
  assert.equal(senderInfoFromFrame(appFrame({ processId: undefined, routingId: undefined }), main).isMainFrame, false);
  assert.deepEqual(senderInfoFromFrame(null, main), { origin: null, isMainFrame: false });
});

test('H-03 a disposed frame that throws on access is refused, not crashed on', () => {
  const disposed = {
    get senderFrame(): FrameLike {
      throw new Error('Render frame was disposed before WebFrameMain could be accessed');
    },
    sender: { mainFrame: appFrame() },
  } as InvokeEventLike;
  assert.deepEqual(senderInfoFromEvent(disposed), { origin: null, isMainFrame: false });
});

/** Records ipcMain.handle registrations so tests can invoke them like Electron would. */
function recorder(): IpcMainLike & { handlers: Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>> } {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  return {
    handlers,
    handle(channel, listener) {
      assert.ok(!handlers.has(channel), `${channel} registered twice`);
      handlers.set(channel, listener);
    },
  };
}

const table = Object.fromEntries(CHANNELS.map((name) => [name, (request: unknown) => ({ echoed: request })])) as unknown as HandlerTable;
const realGate = (mode: 'vault' | 'relay') => createGate({ mode, table, allowedOrigin: 'app://airlock' });
const eventFrom = (frame: FrameLike | null, mainFrame: FrameLike = appFrame()): InvokeEventLike => ({ senderFrame: frame, sender: { mainFrame } });

test('H-03 H-11 one handler per channel of the mode, each under the prefix, and nothing else', () => {
  for (const mode of MODES) {
    const ipc = recorder();
    const registered = registerBridgeHandlers(ipc, realGate(mode), mode);
    const expected = channelsFor(mode).map((name) => IPC_PREFIX + name);
    assert.deepEqual(registered, expected);
    assert.deepEqual([...ipc.handlers.keys()], expected);
  }
});

test('H-03 calls through a registered handler: good, spoofed, iframe and junk each get their Result', async () => {
  const ipc = recorder();
  registerBridgeHandlers(ipc, realGate('vault'), 'vault');
  const list = ipc.handlers.get(IPC_PREFIX + 'audit.list')!;
  const main = appFrame();
  const code = (r: unknown) => ((r as Result<unknown>).ok ? 'ok' : (r as { error: { code: string } }).error.code);
  assert.deepEqual(await list(eventFrom(main, main), { limit: 2 }), { ok: true, value: { echoed: { limit: 2 } } });
  assert.equal(code(await list(eventFrom(appFrame({ url: 'https://evil.example/', origin: 'https://evil.example' })), { limit: 2 })), 'sender-refused');
  assert.equal(code(await list(eventFrom(appFrame({ parent: main, routingId: 3 }), main), { limit: 2 })), 'sender-refused');
  assert.equal(code(await list(eventFrom(null), { limit: 2 })), 'sender-refused');
  for (const junk of [null, 'x', { limit: 'all' }, { limit: 2, sql: 'DROP TABLE' }]) {
    assert.equal(code(await list(eventFrom(main, main), junk)), 'request-invalid', JSON.stringify(junk));
  }
  // Extra arguments from a tampered renderer are dropped, not passed on.
  assert.deepEqual(await list(eventFrom(main, main), { limit: 1 }, { limit: 500 }, 'x'), { ok: true, value: { echoed: { limit: 1 } } });
});

test('H-03 never throws across IPC, even if the gate itself throws', async () => {
  const ipc = recorder();
  const broken: Gate = () => {
    throw new TypeError('gate bug with secret words abandon ability');
  };
  registerBridgeHandlers(ipc, broken, 'vault');
  const result = (await ipc.handlers.get(IPC_PREFIX + 'app.status')!(eventFrom(appFrame(), appFrame()), {})) as Result<unknown>;
  assert.equal(result.ok, false);
  assert.equal(result.ok ? '' : result.error.code, 'internal');
  assert.doesNotMatch(JSON.stringify(result), /abandon|TypeError/);
});
