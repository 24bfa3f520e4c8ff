// Electron wiring for the one app window: built from the factory's plan, guarded, loaded from
// app://, and every sign that the renderer is compromised or gone reported as a failure.
import { BrowserWindow } from 'electron';
import type { Mode } from '../../shared/bridge';
import type { FailureEvent } from './fail-closed';
import { sessionLockdown } from './offline';
import { APP_ENTRY_URL } from './origin';
import { createWindowPlan } from './window-options';

export interface AppWindowOptions {
  mode: Mode;
  isPackaged: boolean;
  preloadPath: string;
  onFailure(event: FailureEvent): void;
}

export function openAppWindow({ mode, isPackaged, preloadPath, onFailure }: AppWindowOptions): BrowserWindow {
  const plan = createWindowPlan({ mode, preloadPath, isPackaged });
  const win = new BrowserWindow(plan.options);
  // SECURITY(H-15): screenshots and screen sharing see a blank window (macOS and Windows only).
  if (plan.contentProtection) win.setContentProtection(true);
  const lockdown = sessionLockdown(mode);
  // SECURITY(H-09): WebRTC may not send UDP around the dead proxy.
  if (lockdown !== null) win.webContents.setWebRTCIPHandlingPolicy(lockdown.webRTCIPHandlingPolicy);
  // SECURITY(H-20): a window that lost its bridge, its process or its responsiveness is not trusted
  // again. Once the user closes it, its renderer going away is the expected end, not a failure.
  let closing = false;
  win.on('close', () => {
    closing = true;
  });
  const report = (event: FailureEvent) => {
    if (!closing) onFailure(event);
  };
  win.webContents.on('preload-error', () => report({ kind: 'preload-error' }));
  win.webContents.on('render-process-gone', (_event, details) => report({ kind: 'render-process-gone', reason: details.reason }));
  win.on('unresponsive', () => report({ kind: 'unresponsive' }));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
