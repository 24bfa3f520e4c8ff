// SECURITY(H-10): the vault needs no network at all. The CLI (same services as the app) runs inside
// a fresh network namespace with no interfaces but a downed loopback.
// SECURITY(H-27): on this machine as it is (eth0 up), the same vault refuses to unlock until the audited
// test-machine setting allows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI_PATH, runAirlock } from '../helpers/cli';
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

test('H-27 on this connected machine the CLI refuses the quorum unlock and the watch-only export, audited; the setting lifts it', () => {
  const network = runAirlock(['network', 'status', '--json']);
  assert.equal(network.json.online, true, 'this test needs a non-loopback interface up, as CI and dev machines have (eth0)');
  const names = [...new Set((network.json.interfaces as { name: string }[]).map((i) => i.name))];
  const db = join(tempDir(), 'vault.db');
  const holders = [
    { name: 'Alice', passphrase: 'alice correct horse' },
    { name: 'Bob', passphrase: 'bob battery staple' },
  ];
  const spec = { name: 'Connected', secretBits: 128, groups: [{ name: 'Board', memberThreshold: 2, holders }], iterationExponent: 0 };
  assert.equal(runAirlock(['vault', 'create', '--db', db, '--json'], JSON.stringify(spec)).status, 0);
  assert.equal(runAirlock(['vault', 'show', '--db', db, '--json']).json.vault.allowOnlineSigning, false, 'off by default');

  for (const command of [['vault', 'unlock'], ['vault', 'watch-only']]) {
    const refused = runAirlock([...command, '--db', db, '--json'], JSON.stringify({ holders }));
    assert.equal(refused.status, 2, command.join(' '));
    assert.equal(refused.json.error.code, 'vault-online');
    assert.match(refused.json.error.message, new RegExp(`connected to a network \\(${names.join(', ')}\\)`));
    assert.match(refused.json.error.message, /disconnect Wi-Fi and Ethernet .* then try again\. Nothing was unlocked\.$/);
    assert.doesNotMatch(refused.stdout, /alice correct horse|bob battery staple/);
  }
  const refusals = runAirlock(['audit', 'list', '--db', db, '--json']).json.entries.filter((e: { action: string }) => e.action === 'airgap-refused');
  assert.deepEqual(refusals.map((e: { details: { step: string; interfaces: string } }) => [e.details.step, e.details.interfaces]), [['unlock', names.join(', ')], ['unlock', names.join(', ')]]);

  const bad = runAirlock(['vault', 'settings', '--db', db, '--allow-online-signing', 'yes', '--json']);
  assert.deepEqual([bad.status, bad.json.error.code], [2, 'usage-invalid']);
  const on = runAirlock(['vault', 'settings', '--db', db, '--allow-online-signing', 'true', '--json']);
  assert.equal(on.json.vault.allowOnlineSigning, true);
  const unlocked = runAirlock(['vault', 'unlock', '--db', db, '--json'], JSON.stringify({ holders }));
  assert.equal(unlocked.json.unlocked, true, unlocked.stdout);
  const entries = runAirlock(['audit', 'list', '--db', db, '--json']).json.entries as { action: string; details: Record<string, unknown> }[];
  assert.deepEqual(entries.find((e) => e.action === 'online-signing-changed')?.details.to, true);
  assert.equal(entries.find((e) => e.action === 'vault-unlocked')?.details.online, names.join(', '), 'the unlock records that it happened online');

  assert.equal(runAirlock(['vault', 'settings', '--db', db, '--allow-online-signing', 'false', '--json']).json.vault.allowOnlineSigning, false);
  assert.equal(runAirlock(['vault', 'unlock', '--db', db, '--json'], JSON.stringify({ holders })).json.error.code, 'vault-online');
  // The same vault, setting off, on a machine with no network: it unlocks.
  assert.equal(offline(['vault', 'unlock', '--db', db, '--json'], JSON.stringify({ holders })).json.unlocked, true);
  assert.equal(runAirlock(['audit', 'verify', '--db', db, '--json']).json.valid, true);
});
