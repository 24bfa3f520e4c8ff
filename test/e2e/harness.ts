// The e2e rig: the built renderer served over http with the app's CSP, the real services on a temp
// SQLite file behind the real handler table and IPC gate, and Debian's Chromium driven by playwright-core.
// window.airlock is built by an init script from the contract, as the preload builds it; the renderer
// cannot tell the difference.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { build, type BuildOptions } from 'esbuild';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import assert from 'node:assert/strict';
import type { CreateVaultRequest, Mode } from '../../shared/bridge';
import type { AppServices } from '../../main/app-services';
import { createGate } from '../../main/bridge/gate';
import type { BackupDialogs } from '../../main/bridge/backup-handlers';
import { createHandlerTable } from '../../main/bridge/handlers';
import type { Clock } from '../../main/services/deps';
import type { InterfaceSource } from '../../main/services/airgap/network';
import { LOOPBACK, servicesFor } from '../helpers/services';

export { ETHERNET, LOOPBACK } from '../helpers/services';
export type { Locator, Page } from 'playwright-core';

/** Where a test looks an element up: the whole page, or a part of it (a dialog, a row). */
export type Scope = Page | Locator;
/** The elements in `scope` with this data-testid: e2e tests find elements by test id, never by CSS path. */
export const byTestId = (scope: Scope, id: string): Locator => scope.locator(`[data-testid="${id}"]`);

/**
 * How long a test waits for a state (a screen, a result, a banner) before it declares that state never came. Reached
 * only when a test fails: a passing test goes on the moment the state appears. Generous, because the suite runs three
 * files at a time on two cores beside Chromium, anvil and real scrypt, and a busy machine is slow, not wrong.
 */
export const STATE_TIMEOUT_MS = 120_000;
/** A whole test that waits for several such states. */
export const TEST_TIMEOUT_MS = 4 * STATE_TIMEOUT_MS;

export const ROOT = resolve(import.meta.dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';

/** SECURITY(H-04): the policy main sends as a header, repeated here so the served page runs under it. */
export const CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; " +
  "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Electron's window.print() goes to the system dialog. Chromium 156 headless instead opens its print preview and
  // never finishes (afterprint never fires; the next page.pdf throws "Page is already being printed"). Without the
  // preview, headless Chromium takes Electron's path: the print ends at once and afterprint fires.
  '--disable-print-preview',
];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

export interface HarnessOptions {
  mode: Mode;
  /** Folder under test-output/screenshots/ (emptied at start), e.g. "shell/vault". */
  screenshots: string;
  /**
   * Which network interfaces the services see: tests switch it to show or hide the air-gap banner. A vault's default:
   * loopback only, a disconnected laptop (SECURITY H-27: a vault on a connected machine refuses to unlock and sign);
   * a relay's default: this machine's own.
   */
  interfaces?: InterfaceSource;
  clock?: Clock;
  /**
   * Leave the raw binding on the page as a hidden window.__airlockInvoke, for tests that play a
   * renderer which bypassed window.airlock (H-11). Off by default: pages see window.airlock only.
   */
  keepRawInvoke?: boolean;
  viewport?: { width: number; height: number };
  /**
   * A .y4m video for Chromium's fake camera to play to the app's scanner. The file is opened when a scanner asks
   * for the camera, so a test may write it after the harness has started.
   */
  cameraVideo?: string;
  /** What the system's save and open dialogs answer for the backup channels (main passes Electron's own). */
  backupDialogs?: BackupDialogs;
}

export interface Harness {
  page: Page;
  context: BrowserContext;
  services: AppServices;
  /** http://127.0.0.1:<port>, the served renderer's origin (the gate's allowed origin). */
  baseUrl: string;
  dbPath: string;
  screenshotDir: string;
  /** Uncaught errors in the page, for an end-of-test assertion. */
  pageErrors: string[];
  /** Internal failures the gate reported (correlation id and message), for an end-of-test assertion. */
  internalErrors: string[];
  /** Saves <screenshotDir>/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

let rendererBuild: Promise<void> | undefined;
/** This process's own renderer build: e2e files run in parallel and must not serve a build another is rewriting. */
export const RENDERER_DIST = join(ROOT, 'dist', `.e2e-${process.pid}`, 'renderer');

/** Bundles the renderer once per test process, with the project's own build script, into RENDERER_DIST. */
export function buildRenderer(): Promise<void> {
  if (rendererBuild) return rendererBuild;
  const outdir = dirname(RENDERER_DIST);
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  rendererBuild = promisify(execFile)(process.execPath, [join(ROOT, 'build', 'bundle.mjs'), 'renderer', `--outdir=${outdir}`], { cwd: ROOT }).then(() => undefined);
  return rendererBuild;
}

/** Bundles one script for a test page in Chromium (one IIFE, for the browser the renderer targets) and returns its text. */
export async function bundlePageScript(entry: string, additions: Pick<BuildOptions, 'define' | 'inject'>): Promise<string> {
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome130', legalComments: 'none', logLevel: 'warning', ...additions });
  const file = out.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no bundle for ${entry}`);
  return file.text;
}

function bridgeInitScript(mode: Mode, keepRawInvoke: boolean): Promise<string> {
  return bundlePageScript(join(import.meta.dirname, 'bridge-init.ts'), {
    define: { __AIRLOCK_E2E_MODE__: JSON.stringify(mode), __AIRLOCK_E2E_KEEP_RAW__: String(keepRawInvoke) },
  });
}

/** Serves dist/renderer read-only: GET/HEAD, no path outside the folder, CSP and nosniff on every reply. */
function serveRenderer(): Promise<Server> {
  const server = createServer((req, res) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = resolveServedFile(req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveServer(server));
  });
}

function resolveServedFile(url: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = normalize(pathname === '/' ? '/index.html' : pathname).replace(/^[/\\]+/, '');
  const file = resolve(RENDERER_DIST, relative);
  if (!file.startsWith(RENDERER_DIST + sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const cleanups: Array<() => unknown> = [];
  const cleanUp = async () => {
    for (const step of cleanups.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        console.error('e2e harness clean-up step failed:', error);
      }
    }
  };

  try {
    const [, initScript] = await Promise.all([buildRenderer(), bridgeInitScript(options.mode, options.keepRawInvoke ?? false)]);

    const temp = mkdtempSync(join(tmpdir(), 'airlock-e2e-'));
    cleanups.push(() => rmSync(temp, { recursive: true, force: true }));
    const screenshotDir = join(ROOT, 'test-output', 'screenshots', options.screenshots);
    rmSync(screenshotDir, { recursive: true, force: true });
    mkdirSync(screenshotDir, { recursive: true });

    const dbPath = join(temp, options.mode === 'relay' ? 'relay.db' : 'vault.db');
    const services = servicesFor(options.mode, {
      dbPath,
      create: true,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.interfaces || options.mode === 'vault' ? { interfaces: options.interfaces ?? (() => LOOPBACK) } : {}),
    });
    cleanups.push(() => services.close());

    const server = await serveRenderer();
    cleanups.push(
      () =>
        new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
    );
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const internalErrors: string[] = [];
    const gate = createGate({
      mode: options.mode,
      table: createHandlerTable(services, options.backupDialogs ? { dialogs: options.backupDialogs } : {}),
      allowedOrigin: baseUrl,
      onInternalError: (id, error) => internalErrors.push(`${id}: ${error instanceof Error ? error.stack : String(error)}`),
    });

    const context = await chromium.launchPersistentContext(join(temp, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: options.cameraVideo
        ? [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${options.cameraVideo}`]
        : CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      locale: 'en-GB',
      timezoneId: 'UTC',
    });
    cleanups.push(() => context.close());
    // Every wait on every page of this context (the app's window, and any a test opens beside it) has the one limit.
    context.setDefaultTimeout(STATE_TIMEOUT_MS);
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // The binding plays ipcMain: the sender's origin and main-frame flag come from the calling frame.
    await page.exposeBinding('__airlockInvoke', (source, ipcChannel: unknown, request: unknown) =>
      gate(String(ipcChannel), { origin: frameOrigin(source.frame.url()), isMainFrame: source.frame === source.page.mainFrame() }, request),
    );
    await page.addInitScript({ content: initScript });
    await page.goto(`${baseUrl}/`);

    return {
      page,
      context,
      services,
      baseUrl,
      dbPath,
      screenshotDir,
      pageErrors,
      internalErrors,
      async screenshot(name) {
        const path = join(screenshotDir, `${name}.png`);
        await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
        return path;
      },
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

function frameOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The after hook of a suite with one harness: no uncaught error in the page and no internal error behind the gate,
 * then the window, services and temp files go (also when an assertion fails). Nothing to check if start-up failed.
 */
export async function closeWithoutErrors(harness: Harness | undefined): Promise<void> {
  try {
    assert.deepEqual(harness?.pageErrors ?? [], [], 'no uncaught errors in the page');
    assert.deepEqual(harness?.internalErrors ?? [], [], 'no internal errors behind the bridge');
  } finally {
    await harness?.close();
  }
}

/** Waits until the element's text is exactly `expected`; fails naming the last text seen when it never comes. */
export async function assertText(locator: Locator, expected: string, timeout = STATE_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeout;
  let actual: string | null = null;
  while (Date.now() < deadline) {
    actual = await locator.textContent();
    if (actual === expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(actual, expected);
}

export interface CameraVault {
  harness: Harness;
  /** The folder the test films its videos into; the camera plays <videos>/<video>.y4m. */
  videos: string;
  /** Console errors seen by the filming page: none may occur. */
  errors: string[];
  /** Closes the window and checks no page, uncaught or internal error happened. */
  close(): Promise<void>;
}

/** A vault window whose fake camera plays a video the test films, with the vault created from `vault`. */
export async function startCameraVault(options: { video: string; screenshots: string; viewport: { width: number; height: number }; vault: CreateVaultRequest }): Promise<CameraVault> {
  const videos = mkdtempSync(join(tmpdir(), 'airlock-camera-vault-'));
  const harness = await startHarness({ mode: 'vault', screenshots: options.screenshots, cameraVideo: join(videos, `${options.video}.y4m`), viewport: options.viewport });
  await harness.services.custody!.vault.create(options.vault);
  const errors: string[] = [];
  return {
    harness,
    videos,
    errors,
    async close() {
      await harness.close();
      rmSync(videos, { recursive: true, force: true });
      assert.deepEqual(errors, [], 'no uncaught errors in the pages');
      assert.deepEqual(harness.internalErrors, [], 'no internal errors behind the gate');
      assert.deepEqual(harness.pageErrors, []);
    },
  };
}

/** axe-core's own build, read once per test process and evaluated in the page (the CSP refuses injected script tags). */
let axeSource: string | undefined;

/**
 * Runs axe-core (WCAG 2.x A and AA rules) over the page as it stands and fails listing every serious or critical
 * violation with the elements it names, so a screen that a key holder cannot read or operate fails its e2e test.
 */
export async function expectAccessible(page: Page, screenName: string): Promise<void> {
  axeSource ??= readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
  assert.deepEqual(violations, [], `axe found serious or critical violations on the ${screenName} screen`);
}

/**
 * The contrast ratio (WCAG 2.x) of an element's border against the first opaque background behind it: what 1.4.11
 * asks of a control's outline (>= 3:1). axe has no rule for it, so the e2e tests measure it.
 */
export async function borderContrast(page: Page, selector: string): Promise<number> {
  // Plain JavaScript source: tsx would wrap the named helpers of a TypeScript function in a __name the page lacks.
  const measure = new Function('node', `
    const rgb = (css) => (css.match(/[\\d.]+/g) || []).map(Number);
    const channel = (c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    const luminance = ([r = 0, g = 0, b = 0]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    let behind = node.parentElement;
    let background = 'rgb(255, 255, 255)';
    while (behind) {
      const colour = getComputedStyle(behind).backgroundColor;
      if (colour !== 'transparent' && rgb(colour)[3] !== 0) { background = colour; break; }
      behind = behind.parentElement;
    }
    const [high, low] = [luminance(rgb(getComputedStyle(node).borderTopColor)), luminance(rgb(background))].sort((a, b) => b - a);
    return (high + 0.05) / (low + 0.05);
  `) as (node: Element) => number;
  return page.locator(selector).first().evaluate(measure);
}

/** The data-testid of the visible element in `scope` whose own text has the largest font size (first one on a tie). */
export async function largestText(page: Page, scope: string): Promise<{ testid: string | null; text: string; px: number }> {
  return page.locator(scope).first().evaluate((root) => {
    let best = { testid: null as string | null, text: '', px: 0 };
    for (const node of [root, ...root.querySelectorAll('*')]) {
      const own = [...node.childNodes].filter((c) => c.nodeType === Node.TEXT_NODE).map((c) => c.textContent ?? '').join('').trim();
      const box = (node as HTMLElement).getBoundingClientRect();
      if (!own || box.width === 0 || box.height === 0) continue;
      const px = parseFloat(getComputedStyle(node).fontSize);
      if (px > best.px) best = { testid: (node as HTMLElement).dataset.testid ?? null, text: own, px };
    }
    return best;
  });
}
