// Simulation on the relay, checked on the vault, against a real chain (anvil, the published Safe 1.4.1, OpenZeppelin):
// the relay runs an unsigned 2-of-3 Safe transaction with state overrides and signs what it did; the vault verifies the
// report (paired relay, digest, chain, block) and the one signing policy decides: a pause that pauses signs, a revert
// blocks, a delegatecall dressed as a batch of pauses that empties the Safe is blocked by its simulated effect, a runbook
// that requires simulation needs its acknowledgement without one, and a report that is forged, for another draft, from a
// stranger or from an unpaired relay does not count.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import { balanceOf, callView, deployFixture, deploySafe, deploySafeStack, setBalance, type Deployed, type SafeStack } from '../helpers/chain';
import { createRelayServices } from '../../main/relay-services';
import { fixedClock } from '../../main/services/deps';
import { AirlockError } from '../../shared/errors';
import { SigningRefusedError } from '../../shared/drafting/policy';
import { HOLDERS, pairRelay, twoOfThree, vaultServices } from '../helpers/vault-fixture';
import { tempDir } from '../helpers/temp';
import { editVaultFile } from '../helpers/audit-tamper';

const ETHER = 10n ** 18n;
const STRANGER = '0x000000000000000000000000000000000000dEaD';
const isCode = (code: string) => (e: unknown) => e instanceof AirlockError && e.code === code;

describe('simulation on the relay, verified on the vault (anvil, Safe 1.4.1)', () => {
  let anvil: Anvil;
  let stack: SafeStack;
  let safe: string;
  let targets: Deployed[];
  let fake: Deployed;
  const dir = tempDir('airlock-simulation-');
  const clock = fixedClock(Date.now());
  const relay = createRelayServices({ dbPath: join(dir, 'relay.db'), clock });
  const stranger = createRelayServices({ dbPath: join(dir, 'stranger.db'), clock });
  const vault = vaultServices(join(dir, 'vault.db'));
  const custody = vault.custody;
  let owner = '';

  before(async () => {
    anvil = await startAnvil();
    stack = await deploySafeStack(anvil);
    vault.clock.set(clock.now());
    await custody.vault.create(twoOfThree({ accounts: [{ scheme: 'bip44', index: 0, label: 'Owner', role: 'safe-owner' }] }));
    owner = custody.vault.accounts()[0]!.address;
    safe = await deploySafe(anvil, stack, [owner, DEV_ACCOUNTS[1]!.address, DEV_ACCOUNTS[2]!.address], 2);
    targets = [
      await deployFixture(anvil, 'PausableTarget', [DEV_ACCOUNTS[0]!.address, safe]),
      await deployFixture(anvil, 'PausableTarget', [DEV_ACCOUNTS[0]!.address, safe]),
    ];
    fake = await deployFixture(anvil, 'FakeMultiSend', [STRANGER]);
    await setBalance(anvil, safe, 3n * ETHER);
    await pairRelay(vault, relay.relay.key().relayKey);
  });
  after(async () => {
    relay.close();
    stranger.close();
    vault.services.close();
    await anvil?.stop();
  });

  async function snapshotId(): Promise<number> {
    await anvil.rpc('anvil_mine', ['0x1']);
    const body = await relay.relay.snapshot({ endpoints: [anvil.url], accounts: [], safes: [safe], tokens: [], positions: [] });
    return vault.services.snapshots.import(body, 31337n).snapshot.id;
  }

  async function simulate(id: number, endpoints = [anvil.url], by = relay) {
    return by.relay.simulate(JSON.stringify(custody.drafts.simulationRequest(id)), endpoints);
  }

  async function signWithQuorum(id: number, digest: string, acknowledge: string[] = []) {
    await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
    await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
    await custody.unlock.complete({});
    try {
      return custody.drafts.sign(id, { digest, acknowledge });
    } finally {
      custody.unlock.lock('explicit');
    }
  }

  it('simulates an unsigned 2-of-3 Safe pause: Paused from the target, no value moved, the Safe unchanged but its nonce; then it signs', async () => {
    const draft = custody.drafts.create({ executor: { kind: 'safe', safe }, actions: [{ type: 'pause', target: targets[0]!.address }], context: { policy: { requireSimulation: true } } }, { snapshotId: await snapshotId() });
    assert.deepEqual(draft.acknowledgementsRequired, ['simulation-missing']);
    const report = await simulate(draft.id);
    assert.equal(report.digest, draft.digest);
    assert.equal(report.outcome.status, 'success');
    assert.equal(report.outcome.safeTxHash, draft.digest, 'the Safe executed exactly the hash the owners sign');
    assert.ok(BigInt(report.outcome.gasUsed) > 21_000n);
    assert.equal(report.traced, true);
    assert.deepEqual(report.balanceChanges, []);
    assert.deepEqual(report.safeChanges, []);
    assert.deepEqual(report.approvals, []);
    assert.deepEqual(report.codeChanges, []);
    assert.ok(report.events.some((e) => e.name === 'Paused' && e.address === targets[0]!.address));
    assert.match(report.overrides[0]!, /2 owners injected/);
    // Nothing happened on chain.
    assert.equal(await callView(anvil, targets[0]!.address, targets[0]!.iface, 'paused'), false);

    const reviewed = custody.drafts.importSimulation(draft.id, report);
    assert.deepEqual(reviewed.acknowledgementsRequired, []);
    assert.deepEqual(reviewed.blocking, []);
    assert.equal((reviewed.review.simulation as { status: string }).status, 'verified');
    const signed = await signWithQuorum(draft.id, draft.digest);
    assert.equal(signed.signatures.length, 1);
  });

  it('a delegatecall dressed as a batch of pauses shows the Safe emptied to a stranger and no pause, and is blocked', async () => {
    const draft = custody.drafts.create(
      { executor: { kind: 'safe', safe, multiSendCallOnly: fake.address }, actions: targets.map((t) => ({ type: 'pause', target: t.address })) },
      { snapshotId: await snapshotId() },
    );
    // Decoded, it reads as two pauses through an unknown library: acknowledgeable on its own.
    assert.ok(draft.acknowledgementsRequired.includes('untrusted-delegatecall'));
    assert.deepEqual(draft.blocking, []);
    const report = await simulate(draft.id);
    assert.equal(report.outcome.status, 'success');
    assert.deepEqual(
      report.balanceChanges.map((c) => [c.address, c.delta]).sort(),
      [[safe, (-3n * ETHER).toString()], [STRANGER, (3n * ETHER).toString()]].sort(),
    );
    const reviewed = custody.drafts.importSimulation(draft.id, report);
    const codes = reviewed.blocking.map((w) => w.code);
    assert.ok(codes.every((c) => c === 'simulation-contradicts-intent'), codes.join());
    const messages = reviewed.blocking.map((w) => w.message).join(' ');
    assert.match(messages, /loses 3 ETH, more than the 0 ETH the draft sends/);
    assert.match(messages, new RegExp(`${targets[0]!.address} emits no Paused event`));
    await assert.rejects(signWithQuorum(draft.id, draft.digest, [...draft.acknowledgementsRequired]), (e) => e instanceof SigningRefusedError && e.code === 'signing-blocked');
    assert.equal(await balanceOf(anvil, safe), 3n * ETHER);
  });

  it('a pause the Safe is not allowed to make reverts in the simulation, with the reason, and blocks signing', async () => {
    const foreign = await deployFixture(anvil, 'PausableTarget', [DEV_ACCOUNTS[0]!.address, DEV_ACCOUNTS[0]!.address]);
    const draft = custody.drafts.create({ executor: { kind: 'safe', safe }, actions: [{ type: 'pause', target: foreign.address }] }, { snapshotId: await snapshotId() });
    const report = await simulate(draft.id);
    assert.equal(report.outcome.status, 'reverted');
    assert.match(report.outcome.reason ?? '', /GS013.*AccessControlUnauthorizedAccount/);
    const reviewed = custody.drafts.importSimulation(draft.id, report);
    assert.deepEqual(reviewed.blocking.map((w) => w.code), ['simulation-reverted']);
  });

  it('refuses a report changed after signing, one for another draft, and one from a relay the vault is not paired with', async () => {
    const id = await snapshotId();
    const one = custody.drafts.create({ executor: { kind: 'safe', safe }, actions: [{ type: 'pause', target: targets[1]!.address }] }, { snapshotId: id });
    const other = custody.drafts.create({ executor: { kind: 'safe', safe }, actions: [{ type: 'unpause', target: targets[1]!.address }] }, { snapshotId: id });
    const report = await simulate(one.id);
    const forged = { ...report, events: report.events.filter((e) => e.name !== 'Paused') };
    assert.throws(() => custody.drafts.importSimulation(one.id, forged), isCode('simulation-signature-invalid'));
    assert.throws(() => custody.drafts.importSimulation(other.id, report), isCode('simulation-digest-mismatch'));
    const strangers = await simulate(one.id, [anvil.url], stranger);
    assert.throws(() => custody.drafts.importSimulation(one.id, strangers), isCode('simulation-relay-unpaired'));
    // The stranger's key written into the vault file as a pin, by someone holding the file: the vault never sealed it.
    const strangerKey = Buffer.from(stranger.relay.key().relayKey.slice(2), 'hex');
    editVaultFile(vault.dbPath, (db) => db.prepare("INSERT INTO relay_pin (public_key, label, pinned_at) VALUES (?, 'relay', 0)").run(strangerKey));
    assert.throws(() => custody.drafts.importSimulation(one.id, strangers), isCode('relay-pairing-unsealed'));
    assert.equal(custody.drafts.get(one.id).review.simulation, null, 'nothing refused was kept');
  });

  it('a report from a relay unpaired since no longer counts: a runbook that requires simulation asks again', async () => {
    const draft = custody.drafts.create(
      { executor: { kind: 'safe', safe }, actions: [{ type: 'pause', target: targets[1]!.address }], context: { policy: { requireSimulation: true } } },
      { snapshotId: await snapshotId() },
    );
    custody.drafts.importSimulation(draft.id, await simulate(draft.id));
    assert.deepEqual(custody.drafts.get(draft.id).acknowledgementsRequired, []);
    vault.services.snapshots.unpair({ relayKey: relay.relay.key().relayKey });
    try {
      const after = custody.drafts.get(draft.id);
      assert.deepEqual(after.acknowledgementsRequired, ['simulation-missing']);
      assert.match(after.warnings[0]!.message, /pairing was revoked/);
    } finally {
      await pairRelay(vault, relay.relay.key().relayKey);
    }
  });

  it('simulates on two endpoints of the chain and lists where they disagree', async () => {
    const draft = custody.drafts.create({ executor: { kind: 'safe', safe }, actions: [{ type: 'pause', target: targets[1]!.address }] }, { snapshotId: await snapshotId() });
    const agreed = await simulate(draft.id, [anvil.url, anvil.url]);
    assert.equal(agreed.crossCheck.endpoints, '2');
    assert.deepEqual(agreed.crossCheck.disagreements, []);
  });
});
