// Tests the Node-side network guard in a child process, so this test process keeps its network modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNetworkGuardInstalled, nodeNetworkTargets } from '../../../../main/window/network-guard';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..', '..');

interface ProbeReport {
  installed: boolean;
  outcomes: Record<string, string>;
  thrown: { name: string; code: string; message: string } | null;
  restored: boolean;
}

function runProbe(): ProbeReport {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'network-guard-probe.ts')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(child.status, 0, child.stderr);
  const last = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ProbeReport;
}

const report = runProbe();

test('H-10 in vault mode every Node network entry point throws network-forbidden (child process)', () => {
  assert.equal(report.installed, true);
  const entries = Object.entries(report.outcomes);
  assert.ok(entries.length >= 25, `probed ${entries.length} entry points`);
  for (const [name, outcome] of entries) assert.equal(outcome, 'network-forbidden', name);
});

test('H-10 the refusal is an AirlockError with a sentence for the user', () => {
  assert.deepEqual(report.thrown && { name: report.thrown.name, code: report.thrown.code }, { name: 'AirlockError', code: 'network-forbidden' });
  assert.match(report.thrown!.message, /^The vault never uses the network/);
});

test('H-10 the test-only restore puts back the originals, named ESM bindings included', () => {
  assert.equal(report.restored, true);
});

test('H-10 the guard covers every network module and globals, and this process was never patched', () => {
  const labels = nodeNetworkTargets().map((t) => t.label);
  for (const label of ['node:http', 'node:https', 'node:http2', 'node:net', 'node:tls', 'node:dgram', 'node:dns', 'node:dns/promises', 'globalThis']) {
    assert.ok(labels.includes(label), label);
  }
  assert.equal(isNetworkGuardInstalled(), false);
  assert.notEqual(http.request.name, 'forbidden');
});
