// Tests the vault's process and thread guard (H-26) in a child process, so this test process keeps child_process.
// A real TCP listener here counts every program or thread that reached it: only the probe's unguarded control may.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isProcessGuardInstalled, nodeProcessTargets } from '../../../../main/window/process-guard';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..', '..');

interface ProbeReport {
  control: number | null;
  installed: boolean;
  outcomes: Record<string, string>;
  databaseAfterSeal: boolean;
  thrown: { name: string; code: string; message: string; params: Record<string, unknown> } | null;
  restored: boolean;
}

let server: Server;
let knocks = 0;
let report: ProbeReport;

before(async () => {
  server = createServer((socket) => {
    knocks++;
    socket.on('error', () => undefined);
    socket.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  // Asynchronous, so this process keeps accepting the knocks while the probe runs.
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'process-guard-probe.ts'), String(port)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  report = JSON.parse(stdout.trim().split('\n').pop() ?? '') as ProbeReport;
});

after(() => server.close());

test('H-26 the listener is reachable: the unguarded control knock arrives, and nothing else did', () => {
  assert.equal(report.control, 0, 'the control program knocked and was answered');
  assert.equal(knocks, 1, 'only the control reached the listener');
});

test('H-26 with the guard on, every way to start a program or a thread throws process-forbidden (child process)', () => {
  assert.equal(report.installed, true);
  const { ["process.binding('fs') still answers"]: fs, ...guarded } = report.outcomes;
  const names = Object.keys(guarded);
  for (const expected of ['child_process.spawn', 'child_process.exec', 'child_process.execFile', 'child_process.fork', 'child_process.spawnSync', 'child_process.execSync', 'child_process.execFileSync', 'new Worker']) {
    assert.ok(names.includes(expected), expected);
  }
  assert.ok(names.length >= 24, `probed ${names.length} entry points`);
  for (const [name, outcome] of Object.entries(guarded)) assert.equal(outcome, 'process-forbidden', name);
  assert.equal(fs, 'allowed', 'other process.binding names still answer');
});

test('H-26 named ESM imports, require, dynamic import and references captured before install are refused too', () => {
  for (const name of [
    'import { spawn } from node:child_process',
    'import { execFileSync } from node:child_process',
    'import { Worker } from node:worker_threads',
    "require('child_process').spawn",
    'dynamic import node:child_process',
    'spawn captured before install',
    'exec captured before install',
    'execFile captured before install',
    'fork captured before install',
    'cluster.fork',
  ]) {
    assert.equal(report.outcomes[name], 'process-forbidden', name);
  }
});

test('H-26 no native addon loads after the database\'s, which keeps working', () => {
  assert.equal(report.outcomes['process.dlopen'], 'process-forbidden');
  assert.equal(report.outcomes["require('x.node')"], 'process-forbidden');
  assert.equal(report.databaseAfterSeal, true);
});

test('H-26 the refusal is an AirlockError with a sentence and the entry point, nothing of the arguments', () => {
  assert.deepEqual(report.thrown && { name: report.thrown.name, code: report.thrown.code }, { name: 'AirlockError', code: 'process-forbidden' });
  assert.match(report.thrown!.message, /^The vault never starts other programs or background threads/);
  assert.deepEqual(report.thrown!.params, { entryPoint: 'node:child_process.spawnSync' });
});

test('H-26 the test-only restore puts back the originals, named ESM bindings included; this process was never patched', () => {
  assert.equal(report.restored, true);
  assert.equal(isProcessGuardInstalled(), false);
  const labels = nodeProcessTargets().map((t) => t.label);
  for (const label of ['node:child_process', 'ChildProcess', 'node:worker_threads', 'process']) assert.ok(labels.includes(label), label);
});
