// Checks the layering and security import rules over every TypeScript file, and that each rule
// catches a planted violation (so a rule that silently matches nothing fails here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../helpers/temp';
import { RULES, type RuleContext } from './rules';
import { listSources, scanSource, type SourceFacts } from './source-scan';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const context: RuleContext = { dependencies: Object.keys(pkg.dependencies) };
const files: SourceFacts[] = listSources(root, ['main', 'shared', 'renderer', 'test']).map((file) => scanSource(root, file));

test('the scan sees the whole tree', () => {
  const paths = files.map((f) => f.path);
  for (const expected of ['main/main.ts', 'main/preload.ts', 'main/bridge/gate.ts', 'shared/bridge.ts', 'renderer/index.ts']) {
    assert.ok(paths.includes(expected), expected);
  }
});

for (const rule of RULES) {
  test(`${rule.id}: ${rule.what}`, () => {
    assert.deepEqual(rule.check(files, context), []);
  });
}

/** One file per rule, each breaking exactly that rule. */
const PLANTED: Record<string, [string, string]> = {
  'shared-is-pure': ['shared/bad.ts', "import { readFileSync } from 'node:fs';\nimport { x } from '../main/x';\nexport const y = [readFileSync, x];"],
  'evm-primitives-below-drafting': ['shared/evm/bad-primitive.ts', "import { reviewDraft } from '../drafting/review';\nexport const y = reviewDraft;"],
  'renderer-knows-only-the-bridge': ['renderer/bad.ts', "import { z } from '../main/app-services';\nimport os from 'os';\nexport const y = [z, os];"],
  'renderer-models-know-no-view': ['renderer/custody/BadModel.ts', "import { el } from '../app/dom';\nexport const y = () => [el, document.createElement('p')];"],
  'views-only-through-the-registry': ['renderer/drills/HiddenView.ts', "import { defineView } from '../app/view';\nexport const hiddenView = defineView({ id: 'hidden', title: 'Hidden', purpose: 'x', page: () => ({ root: [] }) });"],
  'main-never-imports-renderer': ['main/bad-view.ts', "import { v } from '../renderer/drills/Dashboard';\nexport const y = v;"],
  'H-10-network-modules-only-in-rpc-client': ['main/services/relay/broadcast-bad.ts', "import https from 'node:https';\nimport { net } from 'electron';\nexport const y = [https, net];"],
  'H-10-no-bitcoin-network-code': ['shared/btc/bad-broadcast.ts', "import { EsploraClient } from '@scure/btc-signer/net.js';\nexport const y = EsploraClient;"],
  'H-10-no-network-calls-outside-rpc-client': ['main/services/relay/service-bad.ts', "export const y = () => fetch('https://x');\nexport const w = () => new WebSocket('wss://x');"],
  'H-26-relay-code-only-from-relay-entries': ['main/cli/commands/vault-bad.ts', "import { createRelayServices } from '../../relay-services';\nimport { createRpcClient } from '../../services/relay/rpc';\nexport const y = [createRelayServices, createRpcClient];"],
  'H-26-no-processes-or-threads': ['main/services/drills-bad.ts', "import { execFileSync } from 'node:child_process';\nimport { Worker } from 'worker_threads';\nexport const y = [execFileSync, Worker];"],
  'H-03-electron-only-in-entry-files': ['main/window/window-options-bad.ts', "import { BrowserWindow } from 'electron';\nexport const y = BrowserWindow;"],
  'H-02-H-03-one-bridge': ['main/services/bad-ipc.ts', "import { ipcMain } from 'electron';\nipcMain.handle('x', () => 1);"],
  'H-07-H-16-no-shell-remote-crash-reporter': ['renderer/bad-shell.ts', "declare const shell: { openExternal(u: string): void };\nshell.openExternal('https://x');"],
  'H-01-no-eval': ['shared/bad-eval.ts', "export const y = eval('1');\nexport const z = new Function('return 1');"],
  'H-19-no-html-sinks-in-renderer': ['renderer/bad-html.ts', "document.body.innerHTML = 'x';\ndocument.write('x');"],
  'H-29-word-suggestions-only-in-renderer': ['main/services/bad-suggest.ts', "import { mistypedWords } from '../../shared/crypto/word-suggestion';\nexport const y = mistypedWords;"],
  'one-bytes-module': ['main/services/bad-bytes.ts', "import { bytesToHex } from '@noble/hashes/utils.js';\nexport const y = bytesToHex;"],
  'H-21-no-electron-remote': ['test/bad-remote.ts', "import remote from '@electron/remote';\nexport const y = remote;"],
};

test('every rule reports its planted violation, and comments or strings are not mistaken for code', () => {
  const dir = tempDir('airlock-arch-');
  const planted = Object.values(PLANTED).map(([path, text]) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
    return scanSource(dir, join(dir, path));
  });
  mkdirSync(join(dir, 'main'), { recursive: true });
  writeFileSync(join(dir, 'main/innocent.ts'), "// fetch('x'); eval('1'); import http from 'node:http'\nexport const s = \"shell.openExternal(eval('x'))\";");
  const innocent = scanSource(dir, join(dir, 'main/innocent.ts'));
  assert.deepEqual(Object.keys(PLANTED).sort(), RULES.map((r) => r.id).sort());
  for (const rule of RULES) {
    const found = rule.check([...planted, innocent], context);
    const [path] = PLANTED[rule.id]!;
    assert.ok(found.some((v) => v.startsWith(path)), `${rule.id} missed ${path}: ${JSON.stringify(found)}`);
    assert.ok(!found.some((v) => v.startsWith('main/innocent.ts')), `${rule.id} flagged a comment or string`);
  }
});

test('type-only electron imports are told apart from runtime ones', () => {
  const dir = tempDir('airlock-arch-');
  mkdirSync(join(dir, 'main', 'window'), { recursive: true });
  writeFileSync(join(dir, 'main/window/a.ts'), "import type { BrowserWindow } from 'electron';\nimport { type Session } from 'electron';\nexport type X = [BrowserWindow, Session];");
  const facts = scanSource(dir, join(dir, 'main/window/a.ts'));
  assert.deepEqual(facts.imports.map((i) => i.typeOnly), [true, true]);
  assert.deepEqual(facts.electronBindings, []);
});

test('a view loaded by another view, and a registry entry not made by defineView, are reported where they are written', () => {
  const dir = tempDir('airlock-arch-');
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
    return scanSource(dir, join(dir, path));
  };
  const planted = [
    write('renderer/drills/Dashboard.ts', "import { defineView } from '../app/view';\nexport const dashboardView = defineView({ id: 'dashboard', title: 'D', purpose: 'x', page: () => ({ root: [] }) });"),
    write('renderer/drills/Drills.ts', "import { defineView } from '../app/view';\nimport { dashboardView } from './Dashboard';\nexport const drillsView = defineView({ id: 'drills', title: 'D', purpose: 'x', page: () => ({ root: [dashboardView.title] }) });"),
    write('renderer/backup/BackupView.ts', "export const backupView = { id: 'backup', title: 'Backup', render: () => null };"),
    write('renderer/app/views.ts', "import { dashboardView } from '../drills/Dashboard';\nimport { drillsView } from '../drills/Drills';\nimport { backupView } from '../backup/BackupView';\nimport type { ViewGroup } from './view';\nexport const v = [dashboardView, drillsView, backupView];"),
  ];
  const rule = RULES.find((r) => r.id === 'views-only-through-the-registry')!;
  assert.deepEqual(rule.check(planted, context), [
    "renderer/drills/Drills.ts:2 loads the view ./Dashboard: open it with router.go",
    "renderer/app/views.ts:3 lists ../backup/BackupView, which makes no view with defineView",
  ]);
});
