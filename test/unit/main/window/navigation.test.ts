// Tests the webContents guards with a Node EventEmitter standing in for Electron's WebContents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { guardContents, NAVIGATION_EVENTS, type GuardedContents } from '../../../../main/window/navigation';

/** A stand-in built from the same interface the guards accept: events, a window-open handler, DevTools. */
class FakeContents extends EventEmitter implements GuardedContents {
  openHandler: ((details: unknown) => { action: 'deny' }) | null = null;
  devToolsClosed = 0;
  setWindowOpenHandler(handler: (details: unknown) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  closeDevTools(): void {
    this.devToolsClosed++;
  }
}

function fire(contents: FakeContents, name: string): boolean {
  let prevented = false;
  contents.emit(name, { preventDefault: () => (prevented = true) }, 'https://evil.example/', false, true);
  return prevented;
}

test('H-06 blocks navigation and window.open (Node stand-in for WebContents)', () => {
  const contents = new FakeContents();
  guardContents(contents, { isPackaged: true });
  for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
    assert.equal(fire(contents, name), true, `${name} is prevented`);
  }
  assert.deepEqual([...NAVIGATION_EVENTS].sort(), ['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect']);
  assert.ok(contents.openHandler, 'a window-open handler is set');
  for (const url of ['https://evil.example/', 'app://airlock/index.html', 'about:blank']) {
    assert.deepEqual(contents.openHandler({ url, disposition: 'new-window' }), { action: 'deny' });
  }
});

test('H-06 an unguarded stand-in lets navigation through (the test can fail)', () => {
  const contents = new FakeContents();
  assert.equal(fire(contents, 'will-navigate'), false);
});

test('H-15 the page cannot retitle the window', () => {
  const contents = new FakeContents();
  guardContents(contents, { isPackaged: false });
  assert.equal(fire(contents, 'page-title-updated'), true);
});

test('H-13 DevTools opened in a packaged build are closed again; while developing they stay', () => {
  const packaged = new FakeContents();
  guardContents(packaged, { isPackaged: true });
  packaged.emit('devtools-opened');
  assert.equal(packaged.devToolsClosed, 1);
  const dev = new FakeContents();
  guardContents(dev, { isPackaged: false });
  dev.emit('devtools-opened');
  assert.equal(dev.devToolsClosed, 0);
});
