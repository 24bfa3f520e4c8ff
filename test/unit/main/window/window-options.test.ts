// Tests the BrowserWindow factory: every hardening webPreference, per mode and packaging.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWindowPlan, PARTITIONS, windowTitle } from '../../../../main/window/window-options';
import { MODES } from '../../../../shared/bridge';

const plan = (mode: 'vault' | 'relay', isPackaged: boolean) => createWindowPlan({ mode, preloadPath: '/app/dist/preload.cjs', isPackaged });

test('H-01 every window is sandboxed, isolated, without Node, webviews or insecure features', () => {
  for (const mode of MODES) {
    for (const isPackaged of [true, false]) {
      const prefs = plan(mode, isPackaged).options.webPreferences!;
      assert.equal(prefs.sandbox, true);
      assert.equal(prefs.contextIsolation, true);
      assert.equal(prefs.nodeIntegration, false);
      assert.equal(prefs.nodeIntegrationInWorker, false);
      assert.equal(prefs.nodeIntegrationInSubFrames, false);
      assert.equal(prefs.webviewTag, false);
      assert.equal(prefs.webSecurity, true);
      assert.equal(prefs.allowRunningInsecureContent, false);
      assert.equal(prefs.experimentalFeatures, false);
      assert.equal(prefs.enableBlinkFeatures, undefined);
      assert.equal(prefs.disableBlinkFeatures, 'Auxclick');
      assert.equal(prefs.navigateOnDragDrop, false);
      assert.equal(prefs.spellcheck, false);
      assert.equal(prefs.safeDialogs, true);
      assert.equal(prefs.preload, '/app/dist/preload.cjs');
    }
  }
});

test('H-01 the webPreferences hold no key outside the reviewed list', () => {
  const reviewed = [
    'sandbox', 'contextIsolation', 'nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames',
    'webviewTag', 'webSecurity', 'allowRunningInsecureContent', 'experimentalFeatures', 'disableBlinkFeatures',
    'navigateOnDragDrop', 'spellcheck', 'safeDialogs', 'webgl', 'plugins', 'enableWebSQL', 'devTools', 'preload',
    'additionalArguments', 'partition',
  ];
  assert.deepEqual(Object.keys(plan('vault', true).options.webPreferences!).sort(), reviewed.sort());
});

test('H-13 DevTools are off in a packaged build and on only while developing', () => {
  for (const mode of MODES) {
    assert.equal(plan(mode, true).options.webPreferences!.devTools, false);
    assert.equal(plan(mode, false).options.webPreferences!.devTools, true);
  }
});

test('H-02 H-11 the preload learns its mode from additionalArguments, each mode in its own session', () => {
  assert.deepEqual(plan('vault', true).options.webPreferences!.additionalArguments, ['--airlock-mode=vault']);
  assert.deepEqual(plan('relay', true).options.webPreferences!.additionalArguments, ['--airlock-mode=relay']);
  assert.equal(plan('vault', true).options.webPreferences!.partition, PARTITIONS.vault);
  assert.equal(plan('relay', true).options.webPreferences!.partition, PARTITIONS.relay);
  assert.notEqual(PARTITIONS.vault, PARTITIONS.relay);
});

test('H-16 sessions are in memory: no persist: partition writes browser storage under userData', () => {
  for (const mode of MODES) assert.ok(!PARTITIONS[mode].startsWith('persist:'), PARTITIONS[mode]);
});

test('H-15 content protection in the vault, and a window title that is a constant of the mode', () => {
  assert.equal(plan('vault', true).contentProtection, true);
  assert.equal(plan('relay', true).contentProtection, false);
  for (const mode of MODES) {
    const title = plan(mode, true).options.title!;
    assert.equal(title, windowTitle(mode));
    assert.match(title, /^Airlock — (Vault|Relay)$/);
  }
});

test('the window stays hidden until its first paint', () => {
  assert.equal(plan('vault', true).options.show, false);
});
