// Full drills on real vaults (SQLite file, real KDFs) against a relay-signed snapshot: a passing drill and its
// proof, and each failure with its reason — wrong passphrase, a card from another vault, an expired snapshot,
// registered addresses the shares do not derive. Coverage and overdue figures across the fixed clock. A runbook over
// two chains: each chain's drafts on that chain's own snapshot, per-chain RPO, and a missing or stale chain refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToHex } from '@noble/hashes/utils.js';
import { verifyMessage } from 'ethers';
import { isDrillStatementV2, isDrillStatementV3, verifyDrillProof } from '../../../../../shared/drill/proof';
import { relayKeyFingerprint, relayPublicKey, signSnapshot } from '../../../../../shared/snapshot/signature';
import { AirlockError } from '../../../../../shared/errors';
import { errorCode } from '../../../../helpers/error-code';
import type { SnapshotSafe } from '../../../../../shared/snapshot/schema';
import { HOLDERS, pairRelay, twoOfThree, vaultServices } from '../../../../helpers/vault-fixture';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RELAY_SECRET = Uint8Array.from({ length: 32 }, (_, i) => i + 11);
const FALLBACK_SAFE = '0x2222222222222222222222222222222222222222';

async function drilledVault() {
  const fixture = vaultServices();
  const created = await fixture.custody.vault.create(twoOfThree());
  const treasury = fixture.custody.vault.accounts()[0]!.address;
  const snapshots = fixture.services.snapshots!;
  const key = relayPublicKey(RELAY_SECRET);
  await pairRelay(fixture, key);
  const importSnapshot = (takenAt: number, block: string, acknowledge: string[] = [], chain: { chainId?: string; safes?: SnapshotSafe[] } = {}) =>
    snapshots.import(
      signSnapshot(
        {
          version: 1,
          chainId: chain.chainId ?? '1',
          blockNumber: block,
          blockHash: '0x' + block.padStart(64, '0'),
          blockTime: String(Math.floor(takenAt / 1000)),
          takenAt: String(takenAt),
          accounts: [{ address: treasury, nonce: '2', balance: (10n ** 18n).toString(), tokens: [] }],
          safes: chain.safes ?? [],
          fees: { baseFee: '10000000000', maxPriorityFeePerGas: '1000000000', maxFeePerGas: '21000000000' },
          positions: [],
          crossCheck: { endpoints: '1', disagreements: [] },
        },
        RELAY_SECRET,
      ),
      BigInt(chain.chainId ?? '1'),
      { acknowledge },
    );
  const runbook = fixture.custody.drills.runbooks().find((r) => r.name === 'sweep-leaked-eoa')!;
  fixture.custody.drills.saveRunbook({ ...runbook, params: { fallbackSafe: FALLBACK_SAFE } });
  return { ...fixture, treasury, importSnapshot, shares: created.shares };
}

const quorum = [
  { name: 'Alice', passphrase: HOLDERS[0]!.passphrase },
  { name: 'Bob', passphrase: HOLDERS[1]!.passphrase },
];

test('a drill on a fresh vault with a fresh snapshot passes: timed steps, RTO, RPO, a proof anyone can verify, rehearsal only', async () => {
  const { services, custody, clock, treasury, importSnapshot } = await drilledVault();
  importSnapshot(clock.now() - 2 * HOUR, '100');
  const result = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders: quorum, challenge: 'audit-2026-Q4 "K7"' });
  assert.equal(result.passed, true, result.reasons.join('; '));
  assert.deepEqual(result.participants, ['Alice', 'Bob']);
  assert.deepEqual(
    result.steps.map((s) => [s.name, s.ok]),
    [
      ['share of Alice', true],
      ['share of Bob', true],
      ['quorum unlock', true],
      ['derived addresses match', true],
      ['latest backup restores into a temporary vault', true],
      ['snapshot within policy', true],
      ['step 1: Sweep the ETH to the fallback Safe', true],
      ['proof of control', true],
      ['lock', true],
    ],
  );
  assert.equal(result.rpoSeconds, 2 * 3600);
  assert.deepEqual(result.chains.map((c) => [c.chainId, c.rpoSeconds]), [['1', 2 * 3600]]);
  // No backup yet: nothing to restore, said so, and no RPO of the vault's own state.
  assert.match(result.steps[4]!.note ?? '', /No backup of this vault is recorded yet/);
  assert.equal(result.stateRpoSeconds, null);
  assert.equal(result.latestBackup, null);
  assert.equal(result.rtoTargetMs, 30 * 60_000);
  assert.ok(result.proof);
  assert.equal(result.proof.address, treasury);
  assert.equal(verifyMessage(result.proof.statement, result.proof.signature), treasury, 'ethers recovers the signer');
  const verdict = verifyDrillProof(result.proof);
  assert.equal(verdict.valid, true);
  assert.equal(verdict.statement!.runbook, 'sweep-leaked-eoa');
  assert.equal(verdict.statement!.snapshot!.blockNumber, '100');
  // Version 3: what the auditor reads on the report is what was signed.
  const signed = verdict.statement!;
  assert.ok(isDrillStatementV3(signed));
  assert.equal(signed.drillId, result.id, 'the proof names the number the drill was stored under');
  assert.equal(signed.challenge, 'audit-2026-Q4 "K7"');
  assert.deepEqual(signed.participants, ['Alice', 'Bob']);
  assert.deepEqual(signed.failedShares, []);
  assert.deepEqual(signed.rto, { ms: result.rtoMs, targetMs: 30 * 60_000 });
  assert.deepEqual(signed.snapshotSource, { blockHash: '0x' + '100'.padStart(64, '0'), relayFingerprint: relayKeyFingerprint(relayPublicKey(RELAY_SECRET)).join(' ') });
  assert.deepEqual(result.snapshot, { chainId: '1', blockNumber: '100', ...signed.snapshotSource! });
  assert.equal(result.challenge, 'audit-2026-Q4 "K7"');
  assert.match(result.proof.statement, /\nChallenge: "audit-2026-Q4 \\"K7\\""\n/);
  assert.equal(custody.unlock.status().state, 'locked', 'the drill locks the vault at the end');
  const [rehearsal] = custody.drafts.list();
  assert.equal(rehearsal!.purpose, 'rehearsal');
  assert.equal(rehearsal!.status, 'signed');
  assert.equal((rehearsal!.input.executor as { nonce: string }).nonce, '2', 'built against the snapshot');
  assert.ok(result.auditRange && result.auditRange.to > result.auditRange.from);
  // The drill's own entry comes before the lock, so the checkpoint signed while unlocked covers it.
  assert.deepEqual(services.audit.list(2).map((e) => e.action), ['vault-locked', 'drill-completed']);
  assert.deepEqual(custody.drills.history().map((d) => [d.id, d.passed]), [[result.id, true]]);
  assert.equal(custody.drills.dashboard().lastDrill!.passed, true);

  // A challenge that is too short or long, not printable ASCII, or padded is refused before any share is opened.
  const entries = services.audit.verify().count;
  for (const bad of ['short', 'x'.repeat(129), 'two\nlines here', ' padded challenge', 'naïve-challenge', 'bidi\u202Echallenge', 'tab\tchallenge']) {
    await assert.rejects(custody.drills.run({ runbook: 'sweep-leaked-eoa', holders: quorum, challenge: bad }), (e: unknown) => e instanceof AirlockError && e.code === 'drill-challenge-invalid', JSON.stringify(bad));
  }
  assert.equal(services.audit.verify().count, entries, 'nothing audited, no passphrase attempt');
  assert.equal(custody.drills.history().length, 1);
  // A name that is no holder of this vault fails the unlock; it is not recorded as a holder's failed share.
  const stranger = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders: [{ name: 'Mallory', passphrase: 'x' }, ...quorum] });
  assert.deepEqual([stranger.passed, stranger.failedShares, stranger.proof], [false, [], null]);
  assert.match(stranger.reasons[0]!, /^quorum unlock: /);
});

test('a wrong passphrase, a card from another vault, and an expired snapshot each fail the drill with the reason', async () => {
  const { custody, clock, importSnapshot } = await drilledVault();
  importSnapshot(clock.now() - 30 * HOUR, '100');
  // Bob's share fails, Alice's and Carol's still make the quorum: the proof is signed, failed, naming Bob's share.
  const carol = { name: 'Carol', passphrase: HOLDERS[2]!.passphrase };
  const wrong = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders: [quorum[0]!, { name: 'Bob', passphrase: 'not bob' }, carol] });
  assert.equal(wrong.passed, false);
  assert.match(wrong.reasons[0]!, /^share of Bob: That passphrase does not open Bob's share/);
  assert.deepEqual(wrong.failedShares, ['Bob']);
  assert.deepEqual(wrong.steps.slice(0, 4).map((s) => [s.name, s.ok]), [['share of Alice', true], ['share of Bob', false], ['share of Carol', true], ['quorum unlock', true]]);
  const wrongProof = verifyDrillProof(wrong.proof);
  assert.equal(wrongProof.valid, true);
  assert.ok(wrongProof.statement && isDrillStatementV3(wrongProof.statement));
  assert.deepEqual([wrongProof.statement.participants, wrongProof.statement.failedShares, wrongProof.statement.outcome.passed], [['Alice', 'Bob', 'Carol'], ['Bob'], false]);
  assert.match(wrong.proof!.statement, /\nFailed shares: "Bob"\n/);

  const other = vaultServices();
  const stranger = await other.custody.vault.create(twoOfThree());
  const foreign = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders: [quorum[0]!, { name: 'Bob', words: stranger.shares[1]!.words }] });
  assert.equal(foreign.passed, false);
  assert.match(foreign.reasons[0]!, /^share of Bob: These words belong to another set of shares/);
  assert.match(foreign.reasons[1]!, /^quorum unlock: The shares that opened do not make a quorum/);
  assert.deepEqual(foreign.failedShares, ['Bob']);
  assert.equal(foreign.proof, null, 'no quorum, no proof');

  const expired = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders: quorum });
  assert.equal(expired.passed, false);
  assert.deepEqual(expired.reasons, ['snapshot within policy: The latest snapshot is 30 h old; the policy accepts at most 24 h. Take and import a fresh one.']);
  assert.equal(expired.rpoSeconds, 30 * 3600);
  assert.ok(expired.proof, 'control was still proven');
  custody.drills.setPolicy({ drillIntervalDays: 90, shareCheckIntervalDays: 180, maxSnapshotAgeHours: 48 });
  const within = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders: quorum });
  assert.equal(within.passed, true, within.reasons.join('; '));
});

test('paper-share words unlock in a drill; registered addresses the shares do not derive fail it', async () => {
  const { services, custody, clock, importSnapshot, shares } = await drilledVault();
  importSnapshot(clock.now() - HOUR, '7');
  const paper = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders: [{ name: 'Alice', words: shares[0]!.words }, quorum[1]!] });
  assert.equal(paper.passed, true, paper.reasons.join('; '));
  services.db.prepare("UPDATE account SET address = '0x000000000000000000000000000000000000dEaD'").run();
  const mismatch = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders: quorum });
  assert.equal(mismatch.passed, false);
  assert.match(mismatch.reasons[0]!, /does not derive the registered account 0x000000000000000000000000000000000000dEaD/);
});

test('the dashboard counts shares checked within policy and the drill interval across the clock', async () => {
  const { custody, clock, importSnapshot } = await drilledVault();
  const fresh = custody.drills.dashboard();
  assert.equal(fresh.coverage.quorumCovered, true);
  assert.equal(fresh.latestSnapshot, null);
  clock.advance(181 * DAY);
  const stale = custody.drills.dashboard();
  assert.equal(stale.coverage.quorumCovered, false, 'no share checked within 180 days');
  assert.equal(stale.coverage.drill.overdueDays, 92);
  await custody.shareCheck.check('Alice', (await custody.vault.reprint('Alice', HOLDERS[0]!.passphrase)).share.words, HOLDERS[0]!.passphrase);
  assert.equal(custody.drills.dashboard().coverage.groups[0]!.verified, 1);
  importSnapshot(clock.now() - HOUR, '9');
  await custody.shareCheck.check('Bob', (await custody.vault.reprint('Bob', HOLDERS[1]!.passphrase)).share.words, HOLDERS[1]!.passphrase);
  const after = custody.drills.dashboard();
  assert.equal(after.coverage.quorumCovered, true, 'two fresh checks meet 2-of-3');
  assert.deepEqual(after.latestSnapshot, { id: after.latestSnapshot!.id, ageSeconds: 3600, stale: false });
  const drill = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders: quorum });
  assert.equal(drill.passed, true, drill.reasons.join('; '));
  assert.equal(custody.drills.dashboard().coverage.drill.overdueDays, 0);
});

test('a real recovery starts from a runbook: its steps become recovery drafts on the latest snapshot, nothing signed', async () => {
  const { custody, clock, importSnapshot } = await drilledVault();
  assert.throws(() => custody.drills.startRecovery('sweep-leaked-eoa'), /No relay snapshot is imported/);
  importSnapshot(clock.now() - HOUR, '55');
  const drafts = custody.drills.startRecovery('sweep-leaked-eoa');
  assert.equal(drafts.length, 1);
  assert.deepEqual([drafts[0]!.purpose, drafts[0]!.status, drafts[0]!.title], ['recovery', 'draft', 'Sweep the ETH to the fallback Safe']);
  assert.deepEqual(drafts[0]!.blocking, []);
  assert.equal((drafts[0]!.input.context as { snapshot: { blockNumber: string } }).snapshot.blockNumber, '55');
  assert.throws(() => custody.drills.startRecovery('emergency-pause'), /"safe" is not set/);
  assert.equal(custody.drafts.list().length, 1, 'an incomplete runbook created nothing');
});

test('H-30 a drill, a recovery and the dashboard build on the newest snapshot by block, not on an older one imported after it', async () => {
  const { custody, clock, importSnapshot } = await drilledVault();
  const newest = importSnapshot(clock.now() - HOUR, '200').snapshot;
  importSnapshot(clock.now() - 3 * HOUR, '150', ['snapshot-older-than-latest']);
  assert.equal(custody.drills.dashboard().latestSnapshot!.id, newest.id);
  const drill = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders: quorum });
  assert.equal(drill.passed, true, drill.reasons.join('; '));
  assert.deepEqual([drill.snapshotId, drill.rpoSeconds], [newest.id, 3600]);
  assert.equal(verifyDrillProof(drill.proof!).statement!.snapshot!.blockNumber, '200');
  const [recovery] = custody.drills.startRecovery('sweep-leaked-eoa');
  assert.equal((recovery!.input.context as { snapshot: { blockNumber: string } }).snapshot.blockNumber, '200');
});

test('H-25 the proof carries the outcome, the audit head before lock and the checkpoint key; the drill’s own entry is sealed', async () => {
  const { services, custody, clock, importSnapshot } = await drilledVault();
  importSnapshot(clock.now() - 30 * HOUR, '100');
  const failed = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders: quorum });
  assert.equal(failed.passed, false);
  const statement = verifyDrillProof(failed.proof).statement!;
  assert.ok(isDrillStatementV2(statement));
  assert.deepEqual(statement.outcome, { passed: false, reasons: failed.reasons });
  const entries = services.audit.list(50);
  const completed = entries.find((e) => e.action === 'drill-completed')!;
  // The head the proof sealed is the entry just before drill-completed: the drill's end, before lock.
  assert.equal(statement.auditHead.count, completed.seq - 1);
  assert.equal(statement.auditHead.hash, `0x${services.audit.entryHash(completed.seq - 1)}`);
  const verdict = services.audit.verify();
  assert.equal(statement.checkpointKey, verdict.checkpoints.key);
  assert.equal(verdict.checkpoints.latest!.last, completed.seq, 'sealed before the vault locked');
  assert.equal(entries[0]!.action, 'vault-locked');
  assert.equal(verdict.uncheckpointedFrom, entries[0]!.seq);

  custody.drills.setPolicy({ drillIntervalDays: 90, shareCheckIntervalDays: 180, maxSnapshotAgeHours: 48 });
  const passed = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders: quorum });
  const passedStatement = verifyDrillProof(passed.proof).statement!;
  assert.ok(isDrillStatementV2(passedStatement));
  assert.deepEqual(passedStatement.outcome, { passed: true, reasons: [] });
  assert.ok(passedStatement.auditHead.count > statement.auditHead.count);
});

const SAFE_ON = { '1': '0x1111111111111111111111111111111111111111', '10': '0x3333333333333333333333333333333333333333' } as const;
const PAUSABLE = '0x4444444444444444444444444444444444444444';
const ORACLE = '0x5555555555555555555555555555555555555555';

/** A vault with a pause runbook over chains 1 and 10 (the oracle only on 10) that requires simulation. */
async function multiChainVault() {
  const fixture = await drilledVault();
  const safeOn = (chainId: '1' | '10', nonce: string): SnapshotSafe => ({
    address: SAFE_ON[chainId],
    owners: [fixture.treasury],
    threshold: '1',
    nonce,
    version: '1.4.1',
    implementation: '0x6666666666666666666666666666666666666666',
    modules: [],
    guard: '0x0000000000000000000000000000000000000000',
    fallbackHandler: '0x0000000000000000000000000000000000000000',
  });
  fixture.custody.drills.saveRunbook({
    name: 'pause-everywhere',
    title: 'Pause the protocol on every chain',
    description: 'A bridge incident: pause on mainnet and the L2 from the Safe on each.',
    rtoMinutes: 15,
    params: { target: PAUSABLE },
    chains: [
      { chainId: '1', params: { safe: SAFE_ON['1'] } },
      { chainId: '10', params: { safe: SAFE_ON['10'] } },
    ],
    policy: { requireSimulation: true },
    steps: [
      { title: 'Pause the protocol', draft: { executor: { kind: 'safe', safe: '{{param:safe}}' }, actions: [{ type: 'pause', target: '{{param:target}}' }] } },
      { title: 'Pause the oracle', chain: '10', draft: { executor: { kind: 'safe', safe: '{{param:safe}}' }, actions: [{ type: 'pause', target: ORACLE }] } },
    ],
  });
  const importOn = (chainId: '1' | '10', ageHours: number, block: string, safeNonce: string) =>
    fixture.importSnapshot(fixture.clock.now() - ageHours * HOUR, block, [], { chainId, safes: [safeOn(chainId, safeNonce)] });
  return { ...fixture, importOn };
}

test('the RTO runs from the first unlock to the last signed chain: not from the drill\'s start, not to the proof of control', async () => {
  const { services, custody, clock, importOn } = await multiChainVault();
  importOn('1', 1, '500', '4');
  importOn('10', 3, '9000', '17');
  // Every reading of the injected clock is one second later, so preparation, unlocking, signing and the proof all take time.
  const read = clock.now;
  clock.now = () => {
    clock.advance(1000);
    return read();
  };
  const result = await custody.drills.run({ runbook: 'pause-everywhere', holders: quorum });
  assert.equal(result.passed, true, result.reasons.join('; '));
  const entries = services.audit.list(200);
  const at = (action: string) => entries.filter((e) => e.action === action).map((e) => e.at);
  const drillStarted = Math.max(...at('drill-started'));
  // (The unlock that sealed the relay's pairing, before the drill, is not the drill's.)
  const firstShareOpened = Math.min(...at('unlock-share-opened').filter((t) => t > drillStarted));
  assert.ok(result.startedAt < drillStarted, 'the drill prepared before its first unlock');
  assert.ok(result.firstUnlockAt! > drillStarted && result.firstUnlockAt! < firstShareOpened, 'the RTO starts as the first share begins to open');
  assert.equal(result.rtoMs, Math.max(...result.chains.map((c) => c.signedAfterMs!)), 'the last signed chain is the RTO\'s end');
  const statement = verifyDrillProof(result.proof).statement!;
  assert.ok(isDrillStatementV3(statement));
  assert.equal(statement.rto.ms, result.rtoMs, 'the signed statement states the same RTO');
  // After the last chain's signature was audited, before the proof of control was signed.
  assert.ok(result.rtoMs >= Math.max(...at('draft-signed')) - result.firstUnlockAt!, `RTO ${result.rtoMs} ms reaches the last chain's signature`);
  assert.ok(result.rtoMs < Date.parse(statement.date) - result.firstUnlockAt!, 'the proof of control, signed later, is not counted');
});

const drafted = (d: { chainId: string; input: Record<string, unknown> }) => {
  const { executor, context } = d.input as { executor: { safe: string; nonce: string }; context: { snapshot: { blockNumber: string }; policy?: { requireSimulation?: boolean } } };
  return [d.chainId, executor.safe, executor.nonce, context.snapshot.blockNumber, context.policy?.requireSimulation === true];
};

test('a drill over two chains builds each chain\'s drafts on its own snapshot and reports RPO and signing time per chain', async () => {
  const { custody, importOn } = await multiChainVault();
  const one = importOn('1', 1, '500', '4').snapshot;
  const ten = importOn('10', 3, '9000', '17').snapshot;
  const result = await custody.drills.run({ runbook: 'pause-everywhere', holders: quorum });
  assert.equal(result.passed, true, result.reasons.join('; '));
  assert.deepEqual(
    result.steps.map((s) => s.name).filter((name) => name.startsWith('step ')),
    ['step 1 on chain 1: Pause the protocol', 'step 1 on chain 10: Pause the protocol', 'step 2 on chain 10: Pause the oracle'],
  );
  assert.deepEqual(result.chains.map((c) => [c.chainId, c.snapshotId, c.rpoSeconds, c.blockNumber, c.blockHash]), [
    ['1', one.id, 3600, one.blockNumber, one.blockHash],
    ['10', ten.id, 3 * 3600, ten.blockNumber, ten.blockHash],
  ]);
  assert.equal(result.rpoSeconds, 3 * 3600, 'the drill\'s RPO is its stalest chain');
  // The signed proof names every chain's snapshot by block number and hash, not only the first chain's.
  const verdict = verifyDrillProof(result.proof);
  assert.equal(verdict.valid, true, verdict.problem ?? '');
  assert.ok(verdict.statement && isDrillStatementV3(verdict.statement));
  assert.deepEqual(verdict.statement.chainSnapshots, [
    { chainId: '1', blockNumber: one.blockNumber, blockHash: one.blockHash },
    { chainId: '10', blockNumber: ten.blockNumber, blockHash: ten.blockHash },
  ]);
  assert.match(result.proof!.statement, /^Airlock recovery drill v3\n[^]*\nChain snapshot: chain 1 block \d+ hash 0x[0-9a-f]{64}\nChain snapshot: chain 10 block /);
  assert.ok(result.chains.every((c) => c.signedAfterMs !== null && c.signedAfterMs <= result.rtoMs));
  const rehearsals = custody.drafts.list();
  assert.deepEqual(
    rehearsals.map(drafted).sort(),
    [
      ['1', SAFE_ON['1'], '4', '500', true],
      ['10', SAFE_ON['10'], '17', '9000', true],
      ['10', SAFE_ON['10'], '17', '9000', true],
    ],
  );
  assert.ok(rehearsals.every((d) => d.status === 'signed' && d.purpose === 'rehearsal'));
  assert.ok(rehearsals.every((d) => d.acknowledgementsRequired.includes('simulation-missing')), 'the runbook requires simulation and no report is attached');
});

test('a multi-chain recovery needs every chain\'s snapshot within policy, creates nothing otherwise, then one draft per step and chain', async () => {
  const { custody, importOn } = await multiChainVault();
  importOn('1', 1, '500', '4');
  assert.equal(errorCode(() => custody.drills.startRecovery('pause-everywhere')), 'drill-no-snapshot');
  assert.throws(() => custody.drills.startRecovery('pause-everywhere'), /^AirlockError: No relay snapshot of chain 10 is imported/);
  importOn('10', 30, '9000', '17');
  assert.throws(() => custody.drills.startRecovery('pause-everywhere'), /The latest snapshot of chain 10 is 30 h old; the policy accepts at most 24 h/);
  const stale = await custody.drills.run({ runbook: 'pause-everywhere', holders: quorum });
  assert.deepEqual(stale.reasons, ['snapshot within policy: The latest snapshot of chain 10 is 30 h old; the policy accepts at most 24 h. Take and import a fresh one.']);
  const rehearsed = custody.drafts.list().length;
  importOn('10', 2, '9100', '18');
  const drafts = custody.drills.startRecovery('pause-everywhere');
  assert.equal(custody.drafts.list().length, rehearsed + 3);
  assert.deepEqual(drafts.map(drafted), [
    ['1', SAFE_ON['1'], '4', '500', true],
    ['10', SAFE_ON['10'], '18', '9100', true],
    ['10', SAFE_ON['10'], '18', '9100', true],
  ]);
  assert.ok(drafts.every((d) => d.purpose === 'recovery' && d.status === 'draft' && d.blocking.length === 0));
  assert.notEqual(drafts[0]!.digest, drafts[1]!.digest, 'the same pause on two chains is two different Safe transactions');
});
