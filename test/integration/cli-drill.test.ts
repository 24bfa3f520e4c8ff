// Drills through the CLI as a treasury runs them: the relay snapshots a real chain, the vault imports it, the
// runbook gets its parameter, `drill run` measures the drill and prints the proof, and `drill verify` checks it
// with no vault (ethers agrees), against the auditor's challenge it signs; a tampered proof, another challenge and a
// failed drill exit 1 with the reason; proofs of earlier statement versions still verify.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Wallet, verifyMessage } from 'ethers';
import { encodeUr } from '../../shared/airgap/ur';
import { formatDrillStatement } from '../../shared/drill/proof';
import { rewriteEntry } from '../helpers/audit-tamper';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import { createCliVault, pairRelayCli, setBalance, type CliVault } from '../helpers/chain';
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
  assert.equal(pairRelayCli(vault, key).status, 0);
  const snapshot = runAirlock(['relay', 'snapshot', '--json', '--db', relayDb, '--rpc', chain.url, '--account', treasury]);
  assert.equal(snapshot.status, 0, snapshot.stdout + snapshot.stderr);
  assert.equal(runAirlock(['snapshot', 'import', '--json', '--db', vault.db, '--chain-id', String(chain.chainId)], JSON.stringify(snapshot.json)).status, 0);
});

after(async () => {
  await chain?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function drill(holders: unknown[], extra: string[] = []) {
  return runAirlock(['drill', 'run', '--db', vault.db, '--runbook', 'sweep-leaked-eoa', '--json', ...extra], JSON.stringify({ holders }));
}

const CHALLENGE = 'Q4 audit #2026-K7';

test('a drill passes once its runbook is complete, and its proof verifies with no vault', () => {
  const incomplete = drill(vault.quorum);
  assert.equal(incomplete.status, 1, 'a failed drill exits 1');
  assert.equal(incomplete.json.passed, false);
  assert.match(incomplete.json.reasons.join(' '), /runbook parameter "fallbackSafe" is not set/);

  const runbooks = runAirlock(['runbook', 'list', '--db', vault.db, '--json']).json.runbooks;
  const sweep = runbooks.find((r: { name: string }) => r.name === 'sweep-leaked-eoa');
  const saved = runAirlock(['runbook', 'save', '--db', vault.db, '--json'], JSON.stringify({ ...sweep, params: { fallbackSafe: DEV_ACCOUNTS[3]!.address } }));
  assert.equal(saved.status, 0, saved.stdout);

  // A challenge that is not printable ASCII is refused before any share is opened.
  const badChallenge = drill(vault.quorum, ['--challenge', 'tab\tinside']);
  assert.deepEqual([badChallenge.status, badChallenge.json.error.code], [2, 'drill-challenge-invalid']);
  assert.equal(runAirlock(['drill', 'history', '--db', vault.db, '--json']).json.drills.length, 1, 'no drill recorded');

  const run = drill(vault.quorum, ['--challenge', CHALLENGE]);
  assert.equal(run.status, 0, run.stdout);
  const result = run.json;
  assert.equal(result.passed, true);
  assert.deepEqual(result.participants, ['Alice', 'Bob']);
  assert.equal(result.challenge, CHALLENGE);
  assert.match(result.proof.statement, new RegExp(`^Airlock recovery drill v3\n[^]*\nDrill: ${result.id}\nChallenge: "Q4 audit #2026-K7"\nBlock hash: 0x[0-9a-f]{64}\n`));
  assert.ok(result.rtoMs > 0 && result.rtoMs < 120_000, `RTO ${result.rtoMs} ms`);
  assert.ok(result.rpoSeconds >= 0 && result.rpoSeconds < 600);
  assert.ok(result.steps.every((s: { ok: boolean; ms: number }) => s.ok && s.ms >= 0));
  assert.equal(verifyMessage(result.proof.statement, result.proof.signature), treasury);

  const verified = runAirlock(['drill', 'verify', '--json'], JSON.stringify(result.proof));
  assert.equal(verified.status, 0, verified.stdout);
  assert.deepEqual([verified.json.valid, verified.json.address, verified.json.statement.runbook], [true, treasury, 'sweep-leaked-eoa']);
  assert.deepEqual(
    [verified.json.version, verified.json.drill, verified.json.challenge, verified.json.participants, verified.json.failedShares, verified.json.rtoMs],
    [3, result.id, CHALLENGE, ['Alice', 'Bob'], [], result.rtoMs],
  );
  assert.deepEqual(verified.json.snapshotSource, { blockHash: result.snapshot.blockHash, relayFingerprint: result.snapshot.relayFingerprint });
  // The auditor checks their own challenge: the same one passes, another (or none asked for) does not.
  assert.equal(runAirlock(['drill', 'verify', '--challenge', CHALLENGE, '--json'], JSON.stringify(result.proof)).status, 0);
  const otherChallenge = runAirlock(['drill', 'verify', '--challenge', 'another challenge', '--json'], JSON.stringify(result.proof));
  assert.equal(otherChallenge.status, 1);
  assert.deepEqual([otherChallenge.json.valid, otherChallenge.json.authentic, otherChallenge.json.code], [false, true, 'drill-proof-challenge-mismatch']);
  assert.match(otherChallenge.json.problem, /signs the challenge "Q4 audit #2026-K7", not yours/);
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
  assert.match(wrong.json.reasons[0], /^share of Bob: That passphrase does not open Bob's share/);
  assert.deepEqual(wrong.json.failedShares, ['Bob']);
  const policy = runAirlock(['drill', 'policy', '--db', vault.db, '--max-snapshot-age-hours', '48', '--json']);
  assert.equal(policy.json.policy.maxSnapshotAgeHours, 48);
  const bad = runAirlock(['drill', 'policy', '--db', vault.db, '--drill-interval-days', '0', '--json']);
  assert.equal(bad.status, 2);
  assert.equal(bad.json.error.code, 'usage-invalid');
});

test('H-25 (5) a vault file rolled back behind an exported drill proof, or with its history rewritten, fails `drill verify --db`', () => {
  assert.equal(existsSync(`${vault.db}-wal`), false, 'no pending WAL: a copy is the whole vault');
  const older = join(dir, 'older-copy.db');
  copyFileSync(vault.db, older);
  const run = drill(vault.quorum);
  assert.equal(run.status, 0, run.stdout);
  const proof = JSON.stringify(run.json.proof);
  const current = runAirlock(['drill', 'verify', '--db', vault.db, '--json'], proof);
  assert.equal(current.status, 0, current.stdout);
  assert.deepEqual([current.json.registered, current.json.auditLog.valid, current.json.version], [true, true, 3]);

  const rolledBack = runAirlock(['drill', 'verify', '--db', older, '--json'], proof);
  assert.equal(rolledBack.status, 1, rolledBack.stdout);
  assert.deepEqual([rolledBack.json.valid, rolledBack.json.authentic, rolledBack.json.code], [false, true, 'drill-proof-head-missing']);
  assert.match(rolledBack.json.problem, /older copy rolled back behind the proof/);
  // The older copy used on until its log is as long again: the entry at the proof's head is another one.
  while (runAirlock(['audit', 'verify', '--db', older, '--json']).json.count < current.json.auditHead.count) {
    assert.equal(runAirlock(['vault', 'unlock', '--db', older, '--json'], JSON.stringify({ holders: vault.quorum })).status, 0);
  }
  assert.equal(runAirlock(['drill', 'verify', '--db', older, '--json'], proof).json.code, 'drill-proof-head-mismatch');

  const rewritten = join(dir, 'rewritten-copy.db');
  copyFileSync(vault.db, rewritten);
  rewriteEntry(rewritten, 3, { vault: 'rewritten', holders: 3, reason: 'creation' });
  const afterRewrite = runAirlock(['drill', 'verify', '--db', rewritten, '--json'], proof);
  assert.equal(afterRewrite.status, 1);
  assert.equal(afterRewrite.json.code, 'drill-proof-head-mismatch');
});

test('H-25 (6) a failed drill’s proof is authentic and reported as failed with its reasons (exit 1); a version 1 proof says it cannot tell', () => {
  const failed = runAirlock(['drill', 'run', '--db', vault.db, '--runbook', 'emergency-pause', '--json'], JSON.stringify({ holders: vault.quorum }));
  assert.equal(failed.status, 1, failed.stdout);
  assert.equal(failed.json.passed, false);
  assert.ok(failed.json.proof, 'control was proven, so the failure is signed');
  const verified = runAirlock(['drill', 'verify', '--json'], JSON.stringify(failed.json.proof));
  assert.equal(verified.status, 1, 'a failed drill exits 1 even though its proof is authentic');
  const { authentic, valid, passed, outcome, reasons, version, auditHead, checkpointKey, checkpointKeyWords, summary } = verified.json;
  assert.deepEqual([authentic, valid, passed, outcome, version], [true, true, false, 'failed', 3]);
  assert.deepEqual(reasons, failed.json.reasons);
  assert.match(summary, /^The proof is authentic, and the drill it reports FAILED: /);
  assert.ok(auditHead.count > 0 && /^0x[0-9a-f]{64}$/.test(auditHead.hash));
  assert.equal(checkpointKey, runAirlock(['audit', 'verify', '--db', vault.db, '--json']).json.checkpoints.key);
  assert.equal(checkpointKeyWords.split(' ').length, 4);
  assert.equal(runAirlock(['drill', 'verify', '--db', vault.db, '--json'], JSON.stringify(failed.json.proof)).status, 1);

  const wallet = new Wallet('0x' + '42'.repeat(32));
  const v1 = formatDrillStatement({ vaultId: 'v', vaultName: 'Old vault', date: '2026-01-02T03:04:05.000Z', runbook: 'sweep-leaked-eoa', snapshot: null, nonce: '0'.repeat(32) });
  const old = runAirlock(['drill', 'verify', '--json'], JSON.stringify({ statement: v1, signature: wallet.signMessageSync(v1), address: wallet.address }));
  assert.equal(old.status, 0, old.stdout);
  assert.deepEqual([old.json.valid, old.json.version, old.json.passed, old.json.auditHead], [true, 1, null, null]);
  assert.match(old.json.summary, /version 1 proof: it says neither whether the drill passed nor what the audit log held/);
  // A version 2 proof (stored before version 3) reads as version 2: outcome and audit head, no challenge asked of it.
  const v2 = formatDrillStatement({
    vaultId: 'v', vaultName: 'Old vault', date: '2026-08-02T03:04:05.000Z', runbook: 'sweep-leaked-eoa', snapshot: null, nonce: '1'.repeat(32),
    auditHead: { count: 9, hash: '0x' + '9a'.repeat(32) }, checkpointKey: '0x02' + '7b'.repeat(32), outcome: { passed: true, reasons: [] },
  });
  const second = runAirlock(['drill', 'verify', '--json'], JSON.stringify({ statement: v2, signature: wallet.signMessageSync(v2), address: wallet.address }));
  assert.equal(second.status, 0, second.stdout);
  assert.deepEqual([second.json.valid, second.json.version, second.json.passed, second.json.auditHead.count, second.json.challenge], [true, 2, true, 9, null]);
});

test('`runbook start` turns the completed runbook into recovery drafts on the imported snapshot; an unknown runbook is refused', () => {
  const started = runAirlock(['runbook', 'start', '--db', vault.db, '--runbook', 'sweep-leaked-eoa', '--json']);
  assert.equal(started.status, 0, started.stdout + started.stderr);
  assert.deepEqual(
    started.json.drafts.map((d: { purpose: string; status: string; chainId: string; blocking: unknown[] }) => [d.purpose, d.status, d.chainId, d.blocking.length]),
    [['recovery', 'draft', String(chain.chainId), 0]],
  );
  const unknown = runAirlock(['runbook', 'start', '--db', vault.db, '--runbook', 'no-such-runbook', '--json']);
  assert.deepEqual([unknown.status, unknown.json.error.code], [2, 'runbook-unknown']);
});
