// Tests main.ts's wiring end to end without the Electron binary: the built dist/main.cjs runs in a
// child process against a recording stand-in for 'electron' (fixtures/fake-electron.ts), which
// starts it, drives IPC, the protocol, permissions and a renderer crash, and reports back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { channelsFor, IPC_PREFIX, type Mode } from '../../../shared/bridge';
import { CONTENT_SECURITY_POLICY } from '../../../main/window/csp';
import { buildDir, tempDir } from '../../helpers/temp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const dist = buildDir(root);
const build = spawnSync(process.execPath, ['build/bundle.mjs', 'main', 'preload', `--outdir=${dist}`], { cwd: root, encoding: 'utf8' });
assert.equal(build.status, 0, build.stderr);

function startMain(mode: Mode, packaged: boolean): any {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', './test/unit/main/fixtures/fake-electron.ts', join(dist, 'main.cjs'), '--mode', mode],
    { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, FAKE_USER_DATA: tempDir('airlock-main-'), FAKE_PACKAGED: packaged ? '1' : '0' } },
  );
  const line = child.stdout.split('\n').find((l) => l.startsWith('REPORT '));
  assert.ok(line, `no report from main (exit ${child.status}):\n${child.stdout}\n${child.stderr}`);
  return JSON.parse(line.slice('REPORT '.length));
}

const vault = startMain('vault', true);
const relay = startMain('relay', false);
const indexOf = (calls: string[], name: string) => calls.findIndex((c) => c.startsWith(name));

test('H-01 H-05 sandbox and the app: scheme are set up before ready (Electron stand-in)', () => {
  const ready = indexOf(vault.calls, 'app.whenReady');
  assert.ok(indexOf(vault.calls, 'app.enableSandbox') < ready);
  assert.ok(indexOf(vault.calls, 'protocol.registerSchemesAsPrivileged') < ready);
  assert.ok(!vault.calls.some((c: string) => c.includes('after ready')));
  assert.deepEqual(vault.schemes.map((s: { scheme: string }) => s.scheme), ['app']);
});

test('H-10 the vault process has its Node network guard installed; the relay does not', () => {
  assert.equal(vault.networkGuard, 'network-forbidden');
  assert.equal(relay.networkGuard, 'allowed');
});

test('H-26 the vault process refuses to start programs and, after its database opened, to load native addons; the relay does not', () => {
  assert.equal(vault.processGuard, 'process-forbidden');
  assert.equal(vault.nativeAddons, 'process-forbidden');
  assert.equal(relay.processGuard, 'allowed');
  assert.equal(relay.nativeAddons, 'allowed');
});

test('H-26 each process reads the Electron entry and its own mode\'s bundle only: the vault never reads the relay\'s', () => {
  assert.deepEqual(vault.bundles.sort(), ['main-vault.cjs', 'main.cjs']);
  assert.deepEqual(relay.bundles.sort(), ['main-relay.cjs', 'main.cjs']);
});

test('H-09 both vault sessions are offline with a dead proxy before the window exists', () => {
  for (const name of ['default', 'partition:vault']) {
    const session = vault.sessions[name];
    assert.deepEqual(session.settings.networkEmulation, { offline: true }, name);
    assert.equal(session.settings.proxy.proxyRules, '127.0.0.1:9', name);
    assert.equal(session.settings.spellChecker, false, name);
    for (const handler of ['onBeforeRequest', 'permissionRequest', 'permissionCheck', 'devicePermission']) assert.ok(session.handlers.includes(handler), `${name} ${handler}`);
  }
  const window = indexOf(vault.calls, 'new BrowserWindow');
  vault.calls.forEach((c: string, i: number) => c.endsWith('.setProxy') && assert.ok(i < window, c));
  assert.equal(vault.webRTC, 'disable_non_proxied_udp');
  assert.equal(vault.httpsRequestCancelled, true);
  assert.equal(relay.calls.filter((c: string) => /enableNetworkEmulation|setProxy/.test(c)).length, 0);
  assert.equal(relay.httpsRequestCancelled, false);
});

test('H-03 H-11 main registers exactly its mode\'s channels before the page loads', () => {
  for (const [report, mode] of [[vault, 'vault'], [relay, 'relay']] as const) {
    assert.deepEqual(report.channels, channelsFor(mode).map((n) => IPC_PREFIX + n));
    const load = indexOf(report.calls, 'loadURL');
    report.calls.forEach((c: string, i: number) => c.startsWith('ipcMain.handle') && assert.ok(i < load, c));
  }
  assert.ok(relay.channels.every((c: string) => !/^airlock:(vault|shares?|unlock|sign)\./.test(c)));
});

test('H-03 the bridge answers the app main frame and refuses an iframe and another origin', () => {
  assert.equal(vault.statusFromApp.ok, true);
  assert.equal(vault.statusFromApp.value.mode, 'vault');
  assert.equal(relay.statusFromApp.value.mode, 'relay');
  assert.equal(vault.statusFromIframe.error.code, 'sender-refused');
  assert.equal(vault.statusFromElsewhere.error.code, 'sender-refused');
});

test('H-01 H-13 H-15 the window comes from the factory: packaged vault has no DevTools and is content-protected', () => {
  const prefs = vault.windowOptions.webPreferences;
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.devTools, false);
  assert.equal(prefs.partition, 'vault');
  assert.equal(prefs.preload, join(dist, 'preload.cjs'));
  assert.equal(vault.contentProtection, true);
  assert.equal(vault.windowOptions.title, 'Airlock — Vault');
  assert.equal(relay.windowOptions.webPreferences.devTools, true);
  assert.equal(relay.contentProtection, false);
  assert.equal(vault.url, 'app://airlock/index.html');
});

test('H-04 H-05 the renderer is served on app:// in the window session with the CSP header, traversal refused', () => {
  assert.deepEqual(vault.served, { status: 200, csp: CONTENT_SECURITY_POLICY, nosniff: 'nosniff' });
  assert.equal(vault.traversal, 404);
  assert.ok(!vault.sessions.default.handlers.includes('protocol:app'));
});

test('H-06 H-08 the guards are live on the real window: navigation, window.open and the camera are refused', () => {
  assert.equal(vault.navigationPrevented, true);
  assert.deepEqual(vault.windowOpen, { action: 'deny' });
  assert.equal(vault.cameraWithScannerClosed, false);
});

test('H-20 a renderer crash locks and closes the vault, tells the user and exits', () => {
  assert.deepEqual(vault.afterCrash.calls, ['window.destroy', 'dialog.showErrorBox', 'app.exit(1)']);
  assert.match(vault.afterCrash.errorBoxes[0][1], /locked again/);
  // The database is closed: the bridge can no longer reach any service.
  assert.equal(vault.afterCrash.statusAfterCrash.error.code, 'internal');
});
