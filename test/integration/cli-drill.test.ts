// Drills through the CLI as a treasury runs them: the relay snapshots a real chain, the vault imports it, the
// runbook gets its parameter, `drill run` measures the drill and prints the proof, and `drill verify` checks it
// with no vault (ethers agrees); a tampered proof and a failed drill exit 1 with the reason.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { verifyMessage } from 'ethers';
import { encodeUr } from '../../shared/airgap/ur';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import { createCliVault, setBalance, type CliVault } from '../helpers/chain';
import { runAirlock } from '../helpers/cli';

let chain: Anvil;
let dir: string;
let vault: CliVault;
let treasury: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-cli-drill-'));
  chain = await startAnvil();
  vault = createCliVault(dir, 'Drill vault', [['Alice', 'alice pass one'], ['Bob', 'bob pass two'], ['Carol', 'carol pass three']], 2, ['eoa-treasury']);
  treasury = vault.address['eoa-treasury']!;
  await setBalance(chain, treasury, 10n ** 18n);
  const relayDb = join(dir, 'relay.db');
  const key = runAirlock(['relay', 'key', '--json', '--db', relayDb]).json;
  assert.equal(runAirlock(['snapshot', 'pair', '--json', '--db', vault.db, '--relay-key', key.relayKey, '--words', ...key.fingerprint.split(' ')]).status, 0);
  const snapshot = runAirlock(['relay', 'snapshot', '--json', '--db', relayDb, '--rpc', chain.url, '--account', treasury]);
  assert.equal(snapshot.status, 0, snapshot.stdout + snapshot.stderr);
  assert.equal(runAirlock(['snapshot', 'import', '--json', '--db', vault.db, '--chain-id', String(chain.chainId)], JSON.stringify(snapshot.json)).status, 0);
});

after(async () => {
  await chain?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function drill(holders: unknown[]) {
  return runAirlock(['drill', 'run', '--db', vault.db, '--runbook', 'sweep-leaked-eoa', '--json'], JSON.stringify({ holders }));
}

test('a drill passes once its runbook is complete, and its proof verifies with no vault', () => {
  const incomplete = drill(vault.quorum);
  assert.equal(incomplete.status, 1, 'a failed drill exits 1');
  assert.equal(incomplete.json.passed, false);
  assert.match(incomplete.json.reasons.join(' '), /runbook parameter "fallbackSafe" is not set/);

  const runbooks = runAirlock(['runbook', 'list', '--db', vault.db, '--json']).json.runbooks;
  const sweep = runbooks.find((r: { name: string }) => r.name === 'sweep-leaked-eoa');
  const saved = runAirlock(['runbook', 'save', '--db', vault.db, '--json'], JSON.stringify({ ...sweep, params: { fallbackSafe: DEV_ACCOUNTS[3]!.address } }));
  assert.equal(saved.status, 0, saved.stdout);

  const run = drill(vault.quorum);
  assert.equal(run.status, 0, run.stdout);
  const result = run.json;
  assert.equal(result.passed, true);
  assert.deepEqual(result.participants, ['Alice', 'Bob']);
  assert.ok(result.rtoMs > 0 && result.rtoMs < 120_000, `RTO ${result.rtoMs} ms`);
  assert.ok(result.rpoSeconds >= 0 && result.rpoSeconds < 600);
  assert.ok(result.steps.every((s: { ok: boolean; ms: number }) => s.ok && s.ms >= 0));
  assert.equal(verifyMessage(result.proof.statement, result.proof.signature), treasury);

  const verified = runAirlock(['drill', 'verify', '--json'], JSON.stringify(result.proof));
  assert.equal(verified.status, 0, verified.stdout);
  assert.deepEqual([verified.json.valid, verified.json.address, verified.json.statement.runbook], [true, treasury, 'sweep-leaked-eoa']);
  // What the report's QR code carries: the same proof as ur:airlock-drill-proof.
  const asUr = encodeUr('airlock-drill-proof', new TextEncoder().encode(JSON.stringify(result.proof)), 100).join('\n');
  assert.equal(runAirlock(['drill', 'verify', '--json'], asUr).json.valid, true);
  const registered = runAirlock(['drill', 'verify', '--db', vault.db, '--json'], JSON.stringify(result.proof));
  assert.equal(registered.json.registered, true);

  // One character of the nonce, changed to a different hex digit.
  const statement: string = result.proof.statement;
  const at = statement.indexOf('Nonce: ') + 'Nonce: '.length;
  const changed = statement.slice(0, at) + (statement[at] === 'a' ? 'b' : 'a') + statement.slice(at + 1);
  const tampered = runAirlock(['drill', 'verify', '--json'], JSON.stringify({ ...result.proof, statement: changed }));
  assert.equal(tampered.status, 1);
  assert.equal(tampered.json.valid, false);
  assert.match(tampered.json.problem, /not to the stated/);

  const history = runAirlock(['drill', 'history', '--db', vault.db, '--json']).json.drills;
  assert.deepEqual(history.map((d: { passed: boolean }) => d.passed), [true, false]);
  const dashboard = runAirlock(['drill', 'dashboard', '--db', vault.db, '--json']).json;
  assert.equal(dashboard.coverage.quorumCovered, true);
  assert.equal(dashboard.lastDrill.passed, true);
});

test('a wrong passphrase fails the drill with the reason; policy changes are checked', () => {
  const wrong = drill([vault.quorum[0], { name: 'Bob', passphrase: 'wrong' }]);
  assert.equal(wrong.status, 1);
  assert.match(wrong.json.reasons[0], /That passphrase does not open Bob's share/);
  const policy = runAirlock(['drill', 'policy', '--db', vault.db, '--max-snapshot-age-hours', '48', '--json']);
  assert.equal(policy.json.policy.maxSnapshotAgeHours, 48);
  const bad = runAirlock(['drill', 'policy', '--db', vault.db, '--drill-interval-days', '0', '--json']);
  assert.equal(bad.status, 2);
  assert.equal(bad.json.error.code, 'usage-invalid');
});
