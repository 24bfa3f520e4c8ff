// Checks electron-builder.yml: parsed and validated by electron-builder's own code and schema, with
// the fuses (H-12), asar, native unpacking, targets and "no auto-update" asserted one by one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);
// js-yaml is electron-builder's own YAML reader: resolved from app-builder-lib, so the test reads
// the file exactly as packaging will (and needs no dependency of ours).
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = builderRequire('./out/util/config/config.js') as {
  validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};
const scheme = builderRequire('./scheme.json') as { properties: Record<string, unknown> };

type Config = Record<string, any>;
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Config;

test('H-12 the configuration passes electron-builder\'s own schema validation', async () => {
  await validateConfiguration(structuredClone(config), { isEnabled: false, add: () => undefined });
});

test('H-12 the validation can fail: a misspelt key is refused', async () => {
  await assert.rejects(validateConfiguration({ ...structuredClone(config), asarUnpak: [] }, { isEnabled: false, add: () => undefined }), /asarUnpak/);
});

test('every top-level key exists in scheme.json', () => {
  for (const key of Object.keys(config)) assert.ok(Object.hasOwn(scheme.properties, key), key);
});

test('H-12 fuses: no run-as-node, NODE_OPTIONS or --inspect, file:// unprivileged, asar-only with integrity', () => {
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
    loadBrowserProcessSpecificV8Snapshot: false,
  });
});

test('only the bundles ship, in an asar, with better-sqlite3\'s native binary unpacked', () => {
  assert.equal(config.asar, true);
  assert.deepEqual(config.files, ['dist/**', '!dist/**/*.map', 'package.json']);
  assert.ok(config.asarUnpack.includes('node_modules/better-sqlite3/**/*.node'));
  assert.ok(config.asarUnpack.some((p: string) => p.startsWith('node_modules/better-sqlite3/prebuilds')));
  assert.ok(existsSync(join(root, 'node_modules/better-sqlite3/prebuilds')), 'better-sqlite3 still ships prebuilds');
  assert.equal(config.npmRebuild, false);
  assert.deepEqual(config.directories, { output: 'release', buildResources: 'build' });
  assert.equal(config.productName, 'Airlock');
});

test('no auto-update: publish is null, so nothing is generated that calls home', () => {
  assert.ok(Object.hasOwn(config, 'publish'));
  assert.equal(config.publish, null);
});

test('targets: AppImage and deb, a hardened-runtime dmg, an NSIS installer', () => {
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.deepEqual(config.mac.target, ['dmg']);
  assert.equal(config.mac.hardenedRuntime, true);
  assert.deepEqual(config.win.target, ['nsis']);
});

test('macOS entitlements exist and grant only JIT and the camera', () => {
  const plist = readFileSync(join(root, config.mac.entitlements), 'utf8');
  const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
  assert.deepEqual(keys, ['com.apple.security.cs.allow-jit', 'com.apple.security.device.camera']);
  assert.match(config.mac.extendInfo.NSCameraUsageDescription, /QR/);
});
