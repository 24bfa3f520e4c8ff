// A fixture page for one renderer component in Chromium: the page script bundled from test/e2e/fixtures/<name>.ts,
// served with the app's built styles (and, when asked, the app's QR decoding worker) under the app's CSP, as the
// app serves them. Used by the AnimatedQr and QrScanner e2e tests and the camera benches.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildRenderer, bundlePageScript, CSP, RENDERER_DIST, ROOT, STATE_TIMEOUT_MS } from '../e2e/harness';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Bundles a fixture page's script for the browser, with the app's renderer build additions for @ngraveio/bc-ur. */
function bundleFixture(entry: string): Promise<string> {
  // The same additions as the app's renderer build (build/bundle.mjs).
  return bundlePageScript(entry, { define: { 'process.env.NODE_DEBUG': 'false' }, inject: [join(ROOT, 'build', 'renderer-buffer-shim.js')] });
}

function fixtureHtml(name: string, title: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="${CSP}">
    <title>${title}</title>
    <link rel="stylesheet" href="styles.css">
    <script src="${name}.js" defer></script>
  </head>
  <body><main id="fixture-root" data-testid="fixture-root"></main></body>
</html>`;
}

/** Serves test/e2e/fixtures/<name>.ts as a page on 127.0.0.1, CSP and nosniff on every reply. */
export async function serveFixturePage(name: string, title: string, options: { worker?: boolean } = {}): Promise<{ server: Server; baseUrl: string }> {
  const [script] = await Promise.all([bundleFixture(join(ROOT, 'test', 'e2e', 'fixtures', `${name}.ts`)), buildRenderer()]);
  const files: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', fixtureHtml(name, title)],
    [`/${name}.js`]: ['text/javascript; charset=utf-8', script],
    '/styles.css': ['text/css; charset=utf-8', readFileSync(join(RENDERER_DIST, 'styles.css'), 'utf8')],
  };
  if (options.worker) files['/qr-decode.worker.js'] = ['text/javascript; charset=utf-8', readFileSync(join(RENDERER_DIST, 'qr-decode.worker.js'), 'utf8')];
  const server = createServer((req, res) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    const file = req.method === 'GET' ? files[new URL(req.url ?? '/', 'http://localhost').pathname] : undefined;
    if (!file) {
      res.writeHead(req.url === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file[0] }).end(file[1]);
  });
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => done());
  });
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * Opens the served fixture page in a 900×900 window of `browser` and waits until its script is ready. Uncaught errors
 * and console errors (a CSP violation among them) go into `errors`, for the test to require none.
 */
export async function openFixture(browser: Browser, baseUrl: string, errors: string[]): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 900, height: 900 }, deviceScaleFactor: 1 })).newPage();
  page.setDefaultTimeout(STATE_TIMEOUT_MS);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // The meta copy of the CSP cannot carry frame-ancestors (the header does): Chromium's notice about it is expected.
    if (message.type() === 'error' && !message.text().includes("'frame-ancestors' is ignored when delivered via a <meta>")) errors.push(message.text());
  });
  await page.goto(`${baseUrl}/`);
  await page.locator('body[data-fixture-ready="true"]').waitFor();
  return page;
}

export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
}
