// SECURITY(H-10): the vault needs no network at all. The CLI (same services as the app) runs inside
// a fresh network namespace with no interfaces but a downed loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI_PATH } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

function offline(args: string[], stdin = '') {
  const run = spawnSync('unshare', ['-rn', process.execPath, CLI_PATH, ...args], { input: stdin, encoding: 'utf8', timeout: 120_000 });
  if (run.error) throw run.error;
  return { status: run.status, json: JSON.parse(run.stdout || 'null'), stderr: run.stderr };
}

test('H-10 the vault creates, unlocks and verifies with the network namespace removed (unshare -rn)', () => {
  const probe = spawnSync('unshare', ['-rn', 'true']);
  assert.equal(probe.status, 0, 'unshare -rn must work here (util-linux; .ci/run installs it)');
  const db = join(tempDir(), 'vault.db');
  const holders = [
    { name: 'Alice', passphrase: 'alice correct horse' },
    { name: 'Bob', passphrase: 'bob battery staple' },
  ];
  const spec = { name: 'Offline', secretBits: 128, groups: [{ name: 'Board', memberThreshold: 2, holders }], iterationExponent: 0 };
  const network = offline(['network', 'status', '--json']);
  assert.equal(network.status, 0);
  assert.deepEqual([network.json.online, network.json.interfaces], [false, []]);
  const created = offline(['vault', 'create', '--db', db, '--json'], JSON.stringify(spec));
  assert.equal(created.status, 0, created.stderr);
  const unlocked = offline(['vault', 'unlock', '--db', db, '--json'], JSON.stringify({ holders }));
  assert.equal(unlocked.json.unlocked, true);
  assert.equal(offline(['audit', 'verify', '--db', db, '--json']).json.valid, true);
});

test('network status reports this machine honestly outside the namespace (exit 1 while online)', () => {
  const run = spawnSync(process.execPath, [CLI_PATH, 'network', 'status', '--json'], { encoding: 'utf8' });
  const status = JSON.parse(run.stdout) as { online: boolean; interfaces: unknown[] };
  assert.equal(run.status, status.online ? 1 : 0);
  assert.equal(status.online, status.interfaces.length > 0);
});
