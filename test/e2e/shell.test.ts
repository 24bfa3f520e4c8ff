// e2e of the renderer shell in Chromium against the real services: every view in both modes, the CSP,
// the bridge surface (H-01, H-02, H-04, H-11), the audit log over a real SQLite file, the air-gap banner.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { channelsFor, IPC_PREFIX, type Mode } from '../../shared/bridge';
import { fixedClock } from '../../main/services/deps';
import { ETHERNET, ROOT, borderContrast, expectAccessible, startHarness, type Harness, LOOPBACK, byTestId, assertText } from './harness';

const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots', 'shell');
const NOV_24_2025_0900_UTC = Date.UTC(2025, 10, 24, 9, 0, 0);

const VAULT_VIEWS = [
  ['dashboard', 'Dashboard'],
  ['holders', 'Holders & shares'],
  ['snapshots', 'Snapshots & positions'],
  ['backup', 'Backup'],
  ['runbooks', 'Runbooks'],
  ['build', 'Build'],
  ['review', 'Review & sign'],
  ['transfer', 'Transfer'],
  ['bitcoin', 'Bitcoin'],
  ['drills', 'Drills'],
  ['audit', 'Audit log'],
  ['settings', 'Settings'],
] as const;

const RELAY_VIEWS = [
  ['endpoints', 'Endpoints'],
  ['pairing', 'Pairing'],
  ['take-snapshot', 'Take snapshot'],
  ['broadcast', 'Broadcast queue'],
  ['safe-signatures', 'Safe signatures'],
  ['audit', 'Audit log'],
  ['settings', 'Settings'],
] as const;


before(() => console.log(`e2e screenshots: ${SCREENSHOTS}`));

async function clickThroughEveryView(harness: Harness, views: ReadonlyArray<readonly [string, string]>, prefix: Mode): Promise<void> {
  const { page } = harness;
  const navButtons = await page.locator('[data-testid^="nav-"]').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.testid));
  assert.deepEqual(navButtons, views.map(([id]) => `nav-${id}`), 'the sidebar lists exactly these views, in order');
  for (const [index, [id, title]] of views.entries()) {
    await byTestId(page, `nav-${id}`).click();
    const view = byTestId(page, `view-${id}`);
    await view.waitFor({ state: 'visible' });
    assert.equal(await view.locator('h1').count(), 1, `${id} has one <h1>`);
    assert.equal((await view.locator('h1').textContent())?.trim(), title);
    assert.equal(await byTestId(page, `nav-${id}`).getAttribute('aria-current'), 'page');
    assert.equal(await page.locator('[data-testid^="view-"]').count(), 1, 'one view at a time');
    await harness.screenshot(`${prefix}-${String(index + 1).padStart(2, '0')}-${id}`);
    await expectAccessible(page, `${prefix} ${id}`);
  }
}

async function assertBridgeSurface(harness: Harness, mode: Mode): Promise<void> {
  const surface = await harness.page.evaluate(() => {
    const descriptor = Object.getOwnPropertyDescriptor(window, 'airlock');
    const api = window.airlock as unknown as Record<string, unknown>;
    let replaced = false;
    try {
      (window as unknown as Record<string, unknown>).airlock = {};
      replaced = window.airlock !== (api as unknown);
    } catch {
      replaced = false;
    }
    return {
      keys: Object.keys(api),
      frozen: Object.isFrozen(api),
      allFunctions: Object.values(api).every((v) => typeof v === 'function'),
      writable: descriptor?.writable,
      configurable: descriptor?.configurable,
      replaced,
      hasPrototype: Object.getPrototypeOf(api) !== null,
    };
  });
  assert.deepEqual([...surface.keys].sort(), [...channelsFor(mode)].sort());
  assert.equal(surface.frozen, true);
  assert.equal(surface.allFunctions, true);
  assert.equal(surface.writable, false);
  assert.equal(surface.configurable, false);
  assert.equal(surface.replaced, false, 'window.airlock cannot be replaced by page script');
  assert.equal(surface.hasPrototype, false, 'no inherited keys such as toString or __proto__ tricks');
}

describe('vault window', () => {
  let harness: Harness;
  let interfaces = LOOPBACK;

  before(async () => {
    harness = await startHarness({ mode: 'vault', screenshots: 'shell/vault', interfaces: () => interfaces, clock: fixedClock(NOV_24_2025_0900_UTC) });
    await byTestId(harness.page, 'view-dashboard').waitFor();
  });

  after(() => harness?.close());

  test('shows every vault view with its heading and test id, and screenshots each', async () => {
    await clickThroughEveryView(harness, VAULT_VIEWS, 'vault');
    await byTestId(harness.page, 'nav-holders').click();
    assert.equal(await byTestId(harness.page, 'empty-state-title').textContent(), 'No holders yet.');
    assert.equal(await byTestId(harness.page, 'empty-state-next').textContent(), 'Create or import a vault to split the key into shares.');
  });

  test('the vault is unmistakable: an indigo band with a lock titled AIRLOCK VAULT · offline, an indigo pill, not the relay\'s amber', async () => {
    await assertModeIdentity(harness, 'vault');
  });

  test('status bar and settings show the mode, database path, version and schema from app.status', async () => {
    const { page, services } = harness;
    await assertText(byTestId(page, 'status-mode'), 'VAULT · offline');
    assert.equal(await byTestId(page, 'status-db').textContent(), services.dbPath);
    assert.equal(await byTestId(page, 'status-version').textContent(), `Airlock ${services.version}`);
    await byTestId(page, 'nav-settings').click();
    assert.match((await byTestId(page, 'settings-mode').textContent()) ?? '', /^Vault/);
    assert.equal(await byTestId(page, 'settings-version').textContent(), services.version);
    assert.equal(await byTestId(page, 'settings-db').textContent(), services.dbPath);
    assert.equal(await byTestId(page, 'settings-schema').textContent(), String(services.schemaVersion()));
  });

  test('H-04 CSP is in force: fetch fails, an injected inline script does not run, a remote image does not load', async () => {
    const probe = await startProbeServer();
    try {
      const outcome = await harness.page.evaluate(
        // No named inner functions: tsx would wrap them in a __name helper that does not exist in the page.
        async ({ sameOrigin, probeUrl }) => {
          const inline = document.createElement('script');
          inline.textContent = 'window.__inlineScriptRan = true;';
          document.body.append(inline);
          inline.remove();
          const image = await new Promise<string>((done) => {
            const img = document.createElement('img');
            img.onload = () => done('loaded');
            img.onerror = () => done('blocked');
            img.src = `${probeUrl}/pixel.png`;
            document.body.append(img);
            setTimeout(() => done('timeout'), 3000);
          }).finally(() => document.querySelectorAll('img').forEach((i) => i.remove()));
          return {
            sameOrigin: await fetch(`${sameOrigin}/index.html`).then(() => 'loaded', () => 'blocked'),
            otherPort: await fetch(`${probeUrl}/data.json`).then(() => 'loaded', () => 'blocked'),
            inlineRan: (window as unknown as { __inlineScriptRan?: boolean }).__inlineScriptRan === true,
            image,
          };
        },
        { sameOrigin: harness.baseUrl, probeUrl: probe.url },
      );
      assert.deepEqual(outcome, { sameOrigin: 'blocked', otherPort: 'blocked', inlineRan: false, image: 'blocked' });
      assert.equal(probe.hits(), 0, 'Chromium refused before any request reached the network');
    } finally {
      await probe.close();
    }
  });

  test('H-01 the page has no Node: require and process are undefined', async () => {
    const kinds = await harness.page.evaluate(() => [typeof (globalThis as Record<string, unknown>).require, typeof (globalThis as Record<string, unknown>).process]);
    assert.deepEqual(kinds, ['undefined', 'undefined']);
  });

  test('H-02 window.airlock is frozen, not replaceable, and its keys are exactly the vault channels; the raw binding is gone', async () => {
    await assertBridgeSurface(harness, 'vault');
    assert.equal(await harness.page.evaluate(() => '__airlockInvoke' in window), false);
  });

  test('audit log lists database-created from the real database and verifies intact', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-audit').click();
    const first = page.locator('[data-testid="audit-row"][data-seq="1"]');
    await first.waitFor();
    assert.equal(await first.getAttribute('data-action'), 'database-created');
    assert.match((await first.textContent()) ?? '', /2025-11-24 09:00:00 UTC/);
    await byTestId(page, 'audit-verify').click();
    const result = byTestId(page, 'audit-result');
    await page.locator('[data-testid="audit-result"][data-state="intact"]').waitFor();
    const head = harness.services.audit.verify().headHash;
    assert.equal(await byTestId(page, 'audit-result-summary').textContent(), `Audit log intact: 1 entry, head ${head.slice(0, 12)}`);
    assert.equal(await byTestId(page, 'audit-head-hash').textContent(), head);
    assert.equal(await result.getAttribute('role'), 'status');
    await harness.screenshot('vault-audit-intact');
  });

  test('audit log verify shows audit-row-altered at row 1, in red, after the SQLite file is tampered', async () => {
    const { page } = harness;
    const tamper = new Database(harness.dbPath);
    try {
      assert.equal(tamper.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 1").run().changes, 1);
    } finally {
      tamper.close();
    }
    await byTestId(page, 'audit-verify').click();
    await page.locator('[data-testid="audit-result"][data-state="damaged"]').waitFor();
    assert.equal(await byTestId(page, 'audit-problem-code').textContent(), 'audit-row-altered');
    assert.equal(await byTestId(page, 'audit-problem-row').textContent(), '1');
    assert.match((await byTestId(page, 'audit-problem-message').textContent()) ?? '', /Audit entry 1 was changed after it was written/);
    const color = await byTestId(page, 'audit-result').evaluate((node) => getComputedStyle(node).color);
    assert.ok(isReddish(color), `damage is shown in red (got ${color})`);
    await byTestId(page, 'audit-refresh').click();
    await page.locator('[data-testid="audit-row"][data-seq="1"][data-action="x"]').waitFor();
    await harness.screenshot('vault-audit-damaged');
  });

  test('air-gap banner appears while eth0 192.168.1.20 is up and disappears when only loopback is up', async () => {
    const { page } = harness;
    const banner = byTestId(page, 'airgap-banner');
    assert.equal(await banner.isHidden(), true, 'no banner while only loopback is up');

    interfaces = ETHERNET;
    await banner.waitFor({ state: 'visible' });
    assert.equal(await banner.getAttribute('role'), 'alert');
    assert.equal(
      (await byTestId(page, 'airgap-message').textContent())?.trim(),
      'Network connected: this vault must be air-gapped. Disconnect eth0 before unlocking: unlocking and signing are refused while it is connected.',
    );
    const box = await banner.boundingBox();
    assert.ok(box && box.y === 0 && box.width >= 1280 - 1, 'the banner spans the top of the window');
    assert.ok(isReddish(await banner.evaluate((node) => getComputedStyle(node).backgroundColor)), 'the banner is red');
    await assertText(byTestId(page, 'status-mode'), 'VAULT · network connected');
    await byTestId(page, 'nav-dashboard').click();
    await harness.screenshot('vault-airgap-banner');

    interfaces = LOOPBACK;
    await banner.waitFor({ state: 'hidden' });
    await assertText(byTestId(page, 'status-mode'), 'VAULT · offline');
  });

  test('H-20 a window without window.airlock shows bridge-missing and no views', async () => {
    // A second page of the same browser, with neither the binding nor the init script.
    const bare = await harness.context.newPage();
    try {
      await bare.goto(`${harness.baseUrl}/`);
      await byTestId(bare, 'fatal-screen').waitFor();
      assert.equal(await byTestId(bare, 'error-code').textContent(), 'bridge-missing');
      assert.equal(await bare.locator('[data-testid^="nav-"]').count(), 0);
      await bare.screenshot({ path: join(harness.screenshotDir, 'vault-fatal-bridge-missing.png') });
    } finally {
      await bare.close();
    }
  });

  test('no uncaught page error and no internal failure in the vault run', () => {
    assert.deepEqual(harness.pageErrors, []);
    assert.deepEqual(harness.internalErrors, []);
  });
});

describe('relay window', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness({ mode: 'relay', screenshots: 'shell/relay', interfaces: () => ETHERNET, clock: fixedClock(NOV_24_2025_0900_UTC), keepRawInvoke: true });
    await byTestId(harness.page, 'view-endpoints').waitFor();
  });

  after(() => harness?.close());

  test('shows every relay view with its heading and test id, and screenshots each', async () => {
    await clickThroughEveryView(harness, RELAY_VIEWS, 'relay');
    for (const vaultOnly of ['dashboard', 'holders', 'review', 'drills']) {
      assert.equal(await byTestId(harness.page, `nav-${vaultOnly}`).count(), 0, `no ${vaultOnly} view in the relay`);
    }
  });

  test('the relay is unmistakable: an amber band with an antenna titled AIRLOCK RELAY · online, an amber pill, not the vault\'s indigo', async () => {
    await assertModeIdentity(harness, 'relay');
  });

  test('inputs and buttons are outlined at 3:1 or more against their background (WCAG 1.4.11)', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-endpoints').click();
    await byTestId(page, 'endpoint-url').waitFor();
    for (const selector of ['[data-testid="endpoint-url"]', '[data-testid="endpoint-form"] button[type="submit"]']) {
      const ratio = await borderContrast(page, selector);
      assert.ok(ratio >= 3, `${selector} outline ${ratio.toFixed(2)}:1`);
    }
    await harness.screenshot('point-9-input-outlines');
  });

  test('relay shows no air-gap banner while online, and the status bar says RELAY · online', async () => {
    const { page, services } = harness;
    await assertText(byTestId(page, 'status-mode'), 'RELAY · online');
    assert.equal(await byTestId(page, 'airgap-banner').count(), 0);
    assert.equal(await byTestId(page, 'status-db').textContent(), services.dbPath);
    await byTestId(page, 'nav-audit').click();
    await page.locator('[data-testid="audit-row"][data-seq="1"][data-action="database-created"]').waitFor();
  });

  test('H-02 window.airlock is frozen, not replaceable, and its keys are exactly the relay channels', async () => {
    await assertBridgeSurface(harness, 'relay');
    assert.equal(await harness.page.evaluate(() => Object.keys(window).includes('__airlockInvoke')), false, 'the raw binding is not enumerable');
  });

  test('H-11 no vault channel exists in the relay: no such key on window.airlock, and the raw binding answers channel-unknown', async () => {
    const relay = new Set<string>(channelsFor('relay'));
    // Vault-only channels of the contract, plus names the vault's custody channels will have.
    const vaultOnly = [...channelsFor('vault').filter((name) => !relay.has(name)), 'vault.unlock', 'shares.reveal', 'signer.sign'];
    const replies = await harness.page.evaluate(
      async ({ names, prefix }) => {
        const api = window.airlock as unknown as Record<string, unknown>;
        const invoke = (window as unknown as { __airlockInvoke: (channel: string, request: unknown) => Promise<unknown> }).__airlockInvoke;
        const out: Array<{ name: string; present: boolean; reply: unknown }> = [];
        for (const name of names) out.push({ name, present: name in api, reply: await invoke(prefix + name, {}) });
        return { out, control: await invoke(`${prefix}app.status`, {}) };
      },
      { names: vaultOnly, prefix: IPC_PREFIX },
    );
    assert.equal((replies.control as { ok: boolean }).ok, true, 'the raw binding itself works for a relay channel');
    for (const { name, present, reply } of replies.out) {
      assert.equal(present, false, `${name} is not on window.airlock in relay mode`);
      const r = reply as { ok: boolean; error?: { code: string; message: string } };
      assert.equal(r.ok, false, `${name} is refused`);
      assert.equal(r.error?.code, 'channel-unknown', `${name} is refused as channel-unknown`);
      assert.match(r.error?.message ?? '', /relay mode/);
    }
  });

  test('no uncaught page error and no internal failure in the relay run', () => {
    assert.deepEqual(harness.pageErrors, []);
    assert.deepEqual(harness.internalErrors, []);
  });
});

/** Point 5 of issue 14: the band's title, icon and colour, and a calm status pill in the mode's colour, not green. */
async function assertModeIdentity(harness: Harness, mode: Mode): Promise<void> {
  const { page } = harness;
  await assertText(byTestId(page, 'status-mode'), mode === 'vault' ? 'VAULT · offline' : 'RELAY · online');
  const band = byTestId(page, 'mode-band');
  assert.equal(await byTestId(page, 'mode-title').textContent(), mode === 'vault' ? 'AIRLOCK VAULT · offline' : 'AIRLOCK RELAY · online');
  assert.equal(await band.locator('[data-testid="mode-icon"]').getAttribute('data-icon'), mode === 'vault' ? 'lock' : 'antenna');
  const colours = await page.evaluate(() => ({
    band: getComputedStyle(document.querySelector('[data-testid="mode-band"]')!).backgroundColor,
    sidebar: getComputedStyle(document.querySelector('[data-testid="sidebar"]')!).backgroundColor,
    pill: getComputedStyle(document.querySelector('[data-testid="status-mode"]')!).backgroundColor,
    top: document.elementFromPoint(640, 5)?.closest('[data-testid]')?.getAttribute('data-testid'),
  }));
  assert.equal(colours.top, 'mode-band', 'the band is the top of the window');
  const hue = mode === 'vault' ? isIndigo : isAmber;
  assert.ok(hue(colours.band) && hue(colours.pill), `${mode} band ${colours.band} and pill ${colours.pill}`);
  assert.ok(!isGreenish(colours.pill), 'the calm pill is the mode colour, not green');
  assert.notEqual(colours.sidebar, 'rgb(17, 26, 43)', 'the sidebar takes the mode colour, not the shared navy');
  await harness.screenshot(`point-5-mode-identity-${mode}`);
}

function channels(cssColor: string): number[] {
  return (cssColor.match(/\d+/g) ?? []).map(Number);
}

function isIndigo(cssColor: string): boolean {
  const [r = 0, g = 0, b = 0] = channels(cssColor);
  return b > r && b > g * 1.5;
}

function isAmber(cssColor: string): boolean {
  const [r = 0, g = 0, b = 0] = channels(cssColor);
  return r > 200 && g > 120 && b < 60;
}

function isGreenish(cssColor: string): boolean {
  const [r = 0, g = 0, b = 0] = channels(cssColor);
  return g > r && g > b;
}

function isReddish(cssColor: string): boolean {
  const [r = 0, g = 0, b = 0] = (cssColor.match(/\d+/g) ?? []).map(Number);
  return r > 120 && r > g * 1.6 && r > b * 1.6;
}

/** A second origin that would serve a real image and JSON, counting requests: proof CSP blocked before the network. */
async function startProbeServer(): Promise<{ url: string; hits(): number; close(): Promise<void> }> {
  let hits = 0;
  const pixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const server: Server = createServer((req, res) => {
    hits += 1;
    if (req.url?.endsWith('.png')) res.writeHead(200, { 'Content-Type': 'image/png', 'Access-Control-Allow-Origin': '*' }).end(pixel);
    else res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' }).end('{}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
