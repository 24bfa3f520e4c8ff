// The BrowserWindow factory: every webPreference that matters, decided in one plain function
// from the mode and whether the app is packaged, so tests read exactly what Electron will get.
import type { BrowserWindowConstructorOptions } from 'electron';
import type { Mode } from '../../shared/bridge';

/**
 * SECURITY(H-11): one session per mode, never shared. In memory (no `persist:` prefix): the renderer
 * has nothing to keep, so Chromium writes no cookies, local storage or cache under userData for
 * H-16 to worry about; everything durable lives in the SQLite file, through main.
 */
export const PARTITIONS: Readonly<Record<Mode, string>> = Object.freeze({ vault: 'vault', relay: 'relay' });

export interface WindowPlan {
  options: BrowserWindowConstructorOptions;
  /** SECURITY(H-15): win.setContentProtection(true) (macOS and Windows only; Linux has no equivalent). */
  contentProtection: boolean;
}

export interface WindowPlanInput {
  mode: Mode;
  preloadPath: string;
  isPackaged: boolean;
}

/** SECURITY(H-15): the title is a constant of the mode, never anything the page or a holder typed. */
export function windowTitle(mode: Mode): string {
  return mode === 'vault' ? 'Airlock — Vault' : 'Airlock — Relay';
}

export function createWindowPlan({ mode, preloadPath, isPackaged }: WindowPlanInput): WindowPlan {
  return {
    contentProtection: mode === 'vault',
    options: {
      title: windowTitle(mode),
      width: 1200,
      height: 820,
      minWidth: 900,
      minHeight: 640,
      // Shown on ready-to-show, so no half-drawn window flashes before the CSP'd page is in.
      show: false,
      backgroundColor: '#ffffff',
      webPreferences: {
        // SECURITY(H-01): the renderer is a plain, sandboxed web page with its own JS world.
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        // SECURITY(H-01): middle-click must not open anything (Electronegativity AUXCLICK_JS_CHECK).
        disableBlinkFeatures: 'Auxclick',
        navigateOnDragDrop: false,
        // SECURITY(H-01): spellcheck dictionaries download from Google's CDN, and typed words are sent to it.
        spellcheck: false,
        safeDialogs: true,
        // Less attack surface; the UI draws QR codes with 2D canvas and images only.
        webgl: false,
        plugins: false,
        enableWebSQL: false,
        // SECURITY(H-13): no DevTools in a packaged build.
        devTools: !isPackaged,
        preload: preloadPath,
        // SECURITY(H-02, H-11): the preload learns its mode from main, never from the page.
        additionalArguments: [`--airlock-mode=${mode}`],
        partition: PARTITIONS[mode],
      },
    },
  };
}
