// The Electron app of either mode: thin wiring of the tested modules in main/window and main/bridge, in the
// order that matters (sandbox and scheme before ready, network and process guards before anything, sessions
// locked before the window loads). Each mode's entry (vault-main.ts, relay-main.ts) passes its own composition
// root, so a process bundles only its mode's services. No decision is made here that a test cannot see elsewhere.
// SECURITY(H-16): crashReporter is never imported or started: no dumps are written or uploaded.
// SECURITY(H-07): shell is never imported: the vault opens nothing outside itself.
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { join } from 'node:path';
import type { Mode } from '../shared/bridge';
import { AirlockError } from '../shared/errors';
import type { AppServices, RootOptions } from './app-services';
import { createGate } from './bridge/gate';
import { createHandlerTable } from './bridge/handlers';
import { registerBridgeHandlers } from './bridge/register';
import { databaseFileName } from './paths';
import { openAppWindow } from './window/app-window-electron';
import { backupDialogs } from './window/backup-dialogs-electron';
import { failureActions, fatalNotice, runFailureActions, type FailureEvent } from './window/fail-closed';
import type { LaunchOptions } from './window/launch-options';
import { applicationMenuTemplate } from './window/menu';
import { guardContents } from './window/navigation';
import { focusFirstInstance } from './window/single-instance';
import { installNetworkGuard } from './window/network-guard';
import { forbidNativeAddons, installProcessGuard } from './window/process-guard';
import { APP_ORIGIN } from './window/origin';
import { lockDownSession, registerAppScheme, serveRenderer } from './window/session-electron';
import { PARTITIONS } from './window/window-options';

/** A mode's composition root: ./vault-services or ./relay-services. */
export type ComposeServices = (options: RootOptions) => AppServices;

let services: AppServices | null = null;
let mainWindow: BrowserWindow | null = null;
let failing = false;
// SECURITY(H-08): closed until the renderer's scanner calls scanner.open (main/services/airgap/scanner.ts); no services, no camera.
const scanner = { get open(): boolean { return services?.scanner.open ?? false; } };

/** What a mode's bundle gives main.ts: start the app in that mode, with that mode's composition root. */
export function modeEntry(mode: Mode, compose: ComposeServices): { start(options: LaunchOptions): void } {
  return {
    start(options) {
      if (options.mode !== mode) throw new AirlockError('internal', `The ${mode} bundle was started for another mode.`);
      startApp(options, compose);
    },
  };
}

/** Starts the app in `options.mode` with that mode's services; called once, before ready. */
function startApp(options: LaunchOptions, compose: ComposeServices): void {
  // SECURITY(H-01): every renderer sandboxed, whatever a window's options say; only valid before ready.
  app.enableSandbox();
  registerAppScheme();
  boot(options, compose);
}

function boot(options: LaunchOptions, compose: ComposeServices): void {
  // SECURITY(H-20): an unexpected error in main is a failure like a crashed window.
  process.on('uncaughtException', (error) => failClosed({ kind: 'main-error' }, error));
  process.on('unhandledRejection', (reason) => failClosed({ kind: 'main-error' }, reason));
  try {
    // SECURITY(H-10, H-26): before any service exists, Node's network modules and every way to start a program or
    // a thread throw in the vault.
    if (options.mode === 'vault') {
      installNetworkGuard();
      installProcessGuard();
    }
  } catch (error) {
    // A vault that could not disable its network, programs and threads does not start.
    failClosed({ kind: 'main-error' }, error);
    return;
  }
  // SECURITY(H-14): one running vault per user profile; a second launch only brings the first forward.
  if (!app.requestSingleInstanceLock()) {
    app.exit(0);
    return;
  }
  // The second process's argv and working directory are ignored on purpose.
  app.on('second-instance', () => focusFirstInstance(mainWindow));
  // SECURITY(H-06, H-13, H-15): every webContents, including any we did not create, gets the guards.
  app.on('web-contents-created', (_event, contents) => guardContents(contents, { isPackaged: app.isPackaged }));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', closeServices);
  app
    .whenReady()
    .then(() => start(options, compose))
    .catch((error: unknown) => failClosed({ kind: 'main-error' }, error));
}

async function start({ mode, dbPath }: LaunchOptions, compose: ComposeServices): Promise<void> {
  const isPackaged = app.isPackaged;
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(process.platform, isPackaged)));
  const windowSession = session.fromPartition(PARTITIONS[mode]);
  // SECURITY(H-09): the default session too: Electron's own net module and any stray webContents use it.
  for (const ses of [session.defaultSession, windowSession]) await lockDownSession(ses, { mode, isPackaged, scanner });
  serveRenderer(windowSession, join(__dirname, 'renderer'));
  services = compose({ dbPath: dbPath ?? defaultDbPath(mode), actor: 'app' });
  // SECURITY(H-26): the database's addon is loaded now; no other native code may load into the vault.
  if (mode === 'vault') forbidNativeAddons();
  const gate = createGate({ mode, table: createHandlerTable(services, { dialogs: backupDialogs(() => mainWindow) }), allowedOrigin: APP_ORIGIN, onInternalError: logInternalError });
  // SECURITY(H-03): the only place ipcMain.handle is reached.
  registerBridgeHandlers(ipcMain, gate, mode);
  // An unlocked vault locks itself after its idle minutes even if the window shows nothing.
  setInterval(() => services?.custody?.unlock.tick(), 15_000).unref();
  mainWindow = openAppWindow({ mode, isPackaged, preloadPath: join(__dirname, 'preload.cjs'), onFailure: failClosed });
  mainWindow.on('closed', () => {
    mainWindow = null;
    services?.scanner.closeScanner();
  });
}

function defaultDbPath(mode: Mode): string {
  return join(app.getPath('userData'), databaseFileName(mode));
}

/** SECURITY(H-20): lock, close, tell the user, quit: the order comes from the tested policy. */
function failClosed(event: FailureEvent, cause?: unknown): void {
  if (failing) return;
  failing = true;
  const kind = cause instanceof Error ? cause.name : typeof cause;
  console.error(`[airlock] failing closed: ${event.kind}${cause === undefined ? '' : ` (${kind})`}`);
  const notice = fatalNotice(event);
  runFailureActions(failureActions(event), {
    'lock-secrets': lockSecrets,
    'close-window': () => mainWindow?.destroy(),
    'show-fatal': () => dialog.showErrorBox(notice.title, notice.message),
    quit: () => app.exit(1),
  });
}

/** Zeroes an unlocked session (audited as a failure), then closes the database. */
function lockSecrets(): void {
  try {
    services?.custody?.unlock.lock('failure');
  } finally {
    closeServices();
  }
}

/** Closing locks too (AppServices.close locks custody before the database goes). */
function closeServices(): void {
  const open = services;
  services = null;
  open?.close();
}

/** SECURITY(H-16): only the reference and the error's class name; its message may carry data. */
function logInternalError(correlationId: string, error: unknown): void {
  const kind = error instanceof Error ? error.name : typeof error;
  console.error(`[airlock] internal error ${correlationId} (${kind})`);
}
