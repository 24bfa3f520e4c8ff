// SECURITY(H-06, H-13, H-15): guards wired onto every window's webContents: no navigation, no new
// windows, no webviews, DevTools closed in packaged builds, and the page cannot retitle the window.

/** The event object Electron passes first; all we ever do with it is refuse. */
export interface Preventable {
  preventDefault(): void;
}

/** The part of Electron's WebContents the guards use; the real one and a test stand-in both fit. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: Preventable) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: Preventable) => void): unknown;
  on(event: 'will-redirect', listener: (event: Preventable) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  on(event: 'page-title-updated', listener: (event: Preventable) => void): unknown;
  on(event: 'devtools-opened', listener: () => void): unknown;
  setWindowOpenHandler(handler: (details: unknown) => { action: 'deny' }): void;
  closeDevTools(): void;
}

/** Events whose default action loads something new into the window: all refused. */
export const NAVIGATION_EVENTS = ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'] as const;

export function guardContents(contents: GuardedContents, options: { isPackaged: boolean }): void {
  // SECURITY(H-06): the app is one page loaded by main; the page itself may never go anywhere else,
  // not even app:// (a link could otherwise reload into a state main did not set up).
  for (const event of NAVIGATION_EVENTS) contents.on(event as 'will-navigate', refuse);
  // SECURITY(H-06): window.open, target=_blank and middle-click never create a window.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // SECURITY(H-15): the window title is set by main from the mode alone; document.title never reaches it.
  contents.on('page-title-updated', refuse);
  // SECURITY(H-13): webPreferences.devTools is already false when packaged; if something still opens them, close them.
  if (options.isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
}

function refuse(event: Preventable): void {
  event.preventDefault();
}
