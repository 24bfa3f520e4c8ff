// The issue-17 proof over two chains: two anvil chains with different chain ids stand in for mainnet and an L2, each
// with the published Safe 1.4.1 holding the pauser role of an OpenZeppelin Pausable. One "pause everywhere" runbook
// that requires simulation becomes one Safe draft per chain, each on its own chain's relay snapshot; the relay
// simulates each on its chain (Paused, no value moved), the vault verifies the reports and a quorum signs; the
// executions are broadcast on their own chains, once each, and both contracts end paused. A tampered runbook whose L2
// "pause" is a delegatecall to a library that empties the Safe shows the real effect in its simulation and is blocked.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import { balanceOf, baseFee, callView, deployFixture, deploySafe, deploySafeStack, nonceOf, setBalance, type Deployed } from '../helpers/chain';
import { createRelayServices } from '../../main/relay-services';
import { fixedClock } from '../../main/services/deps';
import { SigningRefusedError } from '../../shared/drafting/policy';
import { HOLDERS, pairRelay, twoOfThree, vaultServices } from '../helpers/vault-fixture';
import { tempDir } from '../helpers/temp';
import { errorCode } from '../helpers/error-code';
import { AirlockError } from '../../shared/errors';
import type { DraftJson } from '../../shared/bridge';
import { SIGNED_SET_UR_TYPE, SNAPSHOT_SET_UR_TYPE } from '../../shared/airgap/airlock-types';
import { encodeUr } from '../../shared/airgap/ur';
import type { SignedSnapshot } from '../../shared/snapshot/schema';
import { runAirlock } from '../helpers/cli';

const ETHER = 10n ** 18n;
const CHAIN_IDS = [1, 10] as const;
const STRANGER = '0x000000000000000000000000000000000000dEaD';

interface Chain {
  chainId: string;
  anvil: Anvil;
  safe: string;
  target: Deployed;
}

describe('a runbook over two chains, simulated, signed and broadcast on each (two anvils, Safe 1.4.1)', () => {
  const chains: Chain[] = [];
  const dir = tempDir('airlock-multichain-');
  const clock = fixedClock(Date.now());
  const relay = createRelayServices({ dbPath: join(dir, 'relay.db'), clock });
  const vault = vaultServices(join(dir, 'vault.db'));
  const custody = vault.custody;
  let owner = '';

  before(async () => {
    vault.clock.set(clock.now());
    await custody.vault.create(twoOfThree({ accounts: [{ scheme: 'bip44', index: 0, label: 'Owner', role: 'safe-owner' }] }));
    owner = custody.vault.accounts()[0]!.address;
    for (const chainId of CHAIN_IDS) {
      const anvil = await startAnvil({ chainId });
      const stack = await deploySafeStack(anvil);
      const safe = await deploySafe(anvil, stack, [owner, DEV_ACCOUNTS[1]!.address], 1);
      const target = await deployFixture(anvil, 'PausableTarget', [DEV_ACCOUNTS[0]!.address, safe]);
      await setBalance(anvil, owner, ETHER);
      chains.push({ chainId: String(chainId), anvil, safe, target });
    }
    await pairRelay(vault, relay.relay.key().relayKey);
    custody.drills.saveRunbook({
      name: 'pause-everywhere',
      title: 'Pause the protocol on every chain',
      description: 'A bridge incident: pause on mainnet and the L2, from the Safe on each.',
      rtoMinutes: 15,
      params: {},
      chains: chains.map((c) => ({ chainId: c.chainId, params: { safe: c.safe, target: c.target.address } })),
      policy: { requireSimulation: true },
      steps: [{ title: 'Pause the protocol', draft: { executor: { kind: 'safe', safe: '{{param:safe}}' }, actions: [{ type: 'pause', target: '{{param:target}}' }] } }],
    });
  });
  after(async () => {
    relay.close();
    vault.services.close();
    for (const chain of chains) await chain.anvil.stop();
  });

  async function withQuorum<T>(fn: () => T): Promise<T> {
    await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
    await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
    await custody.unlock.complete({});
    try {
      return fn();
    } finally {
      custody.unlock.lock('explicit');
    }
  }

  it('builds one draft per chain on its own snapshot, simulates each on its chain, signs, broadcasts once each, and both end paused', async () => {
    // The relay reads both chains in one go, each from its own endpoint, and shows them as one transfer; the vault
    // imports that one scan, each chain's snapshot verified as a single one is.
    const rpcs = chains.flatMap((c) => ['--rpc', `${c.chainId}=${c.anvil.url}`]);
    const safes = chains.flatMap((c) => ['--safe', `${c.chainId}=${c.safe}`]);
    const taken = runAirlock(['relay', 'snapshot', '--db', join(dir, 'relay.db'), ...rpcs, '--account', owner, ...safes, '--json']);
    assert.equal(taken.status, 0, taken.stdout + taken.stderr);
    assert.deepEqual(taken.json.snapshots.map((s: SignedSnapshot) => [s.chainId, s.safes.map((x) => x.address)]), chains.map((c) => [c.chainId, [c.safe]]));
    const scan = encodeUr(SNAPSHOT_SET_UR_TYPE, new TextEncoder().encode(taken.stdout.trim()), 400).join('\n');
    const wrongChain = runAirlock(['relay', 'snapshot', '--db', join(dir, 'relay.db'), '--rpc', `1=${chains[0]!.anvil.url}`, '--rpc', `10=${chains[0]!.anvil.url}`, '--account', owner, '--json']);
    assert.deepEqual([wrongChain.status, wrongChain.json?.error?.code], [2, 'rpc-chain-mismatch']);
    assert.match(wrongChain.json.error.message, /^Chain 10: .*serves chain 1, not chain 10/);
    const imported = runAirlock(['snapshot', 'import', '--db', join(dir, 'vault.db'), '--chain-id', '1', '--chain-id', '10', '--json'], scan);
    assert.equal(imported.status, 0, imported.stdout + imported.stderr);
    assert.deepEqual(imported.json.snapshots.map((s: { chainId: string; status: string }) => [s.chainId, s.status]), [['1', 'verified'], ['10', 'verified']]);
    const twice = runAirlock(['snapshot', 'import', '--db', join(dir, 'vault.db'), '--chain-id', '1', '--chain-id', '10', '--json'], scan);
    assert.deepEqual([twice.status, twice.json?.error?.code], [2, 'snapshot-already-imported']);
    const drafts = custody.drills.startRecovery('pause-everywhere');
    assert.deepEqual(drafts.map((d) => d.chainId), ['1', '10']);
    assert.ok(drafts.every((d) => d.acknowledgementsRequired.includes('simulation-missing')), 'the runbook requires simulation; none is attached yet');

    const reviewed: DraftJson[] = [];
    for (const [i, draft] of drafts.entries()) {
      const chain = chains[i]!;
      const report = await relay.relay.simulate(JSON.stringify(custody.drafts.simulationRequest(draft.id)), [chain.anvil.url]);
      assert.deepEqual([report.chainId, report.outcome.status, report.digest], [chain.chainId, 'success', draft.digest]);
      assert.ok(report.events.some((e) => e.name === 'Paused' && e.address === chain.target.address), `chain ${chain.chainId}: Paused from its own target`);
      assert.deepEqual([report.balanceChanges, report.safeChanges, report.approvals], [[], [], []], 'no value moved, the Safe unchanged');
      reviewed.push(custody.drafts.importSimulation(draft.id, report));
    }
    assert.ok(reviewed.every((d) => d.acknowledgementsRequired.length === 0 && d.blocking.length === 0));
    // A report is bound to its draft and chain: chain 1's report does not count for chain 10's draft, and chain 10's
    // draft is not simulated on chain 1's endpoint.
    const chainOne = await relay.relay.simulate(JSON.stringify(custody.drafts.simulationRequest(drafts[0]!.id)), [chains[0]!.anvil.url]);
    assert.equal(errorCode(() => custody.drafts.importSimulation(drafts[1]!.id, chainOne)), 'simulation-digest-mismatch');
    await assert.rejects(relay.relay.simulate(JSON.stringify(custody.drafts.simulationRequest(drafts[1]!.id)), [chains[0]!.anvil.url]), (e) => e instanceof AirlockError && e.code === 'rpc-chain-mismatch');

    const signed = await withQuorum(() => drafts.map((d) => custody.drafts.sign(d.id, { digest: d.digest })));
    const executions: DraftJson[] = [];
    for (const [i, chain] of chains.entries()) {
      const fee = await baseFee(chain.anvil);
      const exec = custody.drafts.executeSafe(signed[i]!.id, {
        signatures: [],
        executor: { from: owner, nonce: String(await nonceOf(chain.anvil, owner)), gasLimit: '300000', maxFeePerGas: String(fee * 2n + 10n ** 9n), maxPriorityFeePerGas: String(10n ** 9n) },
      });
      assert.equal(exec.chainId, chain.chainId);
      executions.push(exec);
    }
    const raws = await withQuorum(() => executions.map((e) => custody.drafts.sign(e.id, { digest: e.digest, acknowledge: e.acknowledgementsRequired }).rawTransaction!));
    // The vault shows both chains' signed executions as one transfer; the relay decodes it, and sends only on --confirm.
    const shown = runAirlock(['draft', 'signed-set', '--db', join(dir, 'vault.db'), ...executions.flatMap((e) => ['--id', String(e.id)]), '--json']);
    assert.equal(shown.status, 0, shown.stdout + shown.stderr);
    assert.deepEqual(shown.json.items.map((i: { chainId: string; rawTransaction: string }) => [i.chainId, i.rawTransaction]), chains.map((c, i) => [c.chainId, raws[i]]));
    // One transaction alone is decoded too, and not sent without --confirm.
    const single = runAirlock(['relay', 'broadcast', '--db', join(dir, 'relay.db'), '--rpc', chains[0]!.anvil.url, '--json'], raws[0]!);
    assert.deepEqual([single.status, single.json?.sent, single.json?.preview?.chainId, single.json?.preview?.nonce], [0, false, '1', String(await nonceOf(chains[0]!.anvil, owner))]);
    const transfer = encodeUr(SIGNED_SET_UR_TYPE, new TextEncoder().encode(shown.stdout.trim()), 400).join('\n');
    const endpoints = chains.flatMap((c) => ['--rpc', `${c.chainId}=${c.anvil.url}`]);
    const broadcastSet = (...extra: string[]) => runAirlock(['relay', 'broadcast', '--db', join(dir, 'relay.db'), ...endpoints, '--wait', '30', ...extra, '--json'], transfer);
    const preview = broadcastSet();
    assert.equal(preview.status, 0, preview.stdout + preview.stderr);
    assert.equal(preview.json.sent, false);
    assert.deepEqual(preview.json.preview.map((p: { chainId: string; transaction: { summary: string } }) => [p.chainId, /calling execTransaction/.test(p.transaction.summary)]), [['1', true], ['10', true]]);
    assert.deepEqual(relay.relay.queue(), [], 'nothing was sent without --confirm');
    const sent = broadcastSet('--confirm');
    assert.equal(sent.status, 0, sent.stdout + sent.stderr);
    const statusOf = (run: typeof sent) => run.json.chains.map((c: { chainId: string; ok: boolean; items: { status: string; alreadyQueued: boolean; txHash: string }[] }) => [c.chainId, c.ok, c.items.map((i) => [i.status, i.alreadyQueued, i.txHash])]);
    const hashes = sent.json.chains.map((c: { items: { txHash: string }[] }) => c.items[0]!.txHash);
    assert.deepEqual(statusOf(sent), [['1', true, [['confirmed', false, hashes[0]]]], ['10', true, [['confirmed', false, hashes[1]]]]]);
    // The same transfer scanned twice: each transaction is re-checked on its chain, nothing is sent a second time.
    const again = broadcastSet('--confirm');
    assert.deepEqual(statusOf(again), [['1', true, [['confirmed', true, hashes[0]]]], ['10', true, [['confirmed', true, hashes[1]]]]]);
    for (const chain of chains) {
      assert.equal(await callView(chain.anvil, chain.target.address, chain.target.iface, 'paused'), true, `chain ${chain.chainId} is paused`);
    }
    assert.deepEqual(relay.relay.queue().map((b) => b.attempts), [1, 1], 'each transaction was given to its endpoint once');
    assert.deepEqual(relay.relay.queue().map((b) => b.chainId).sort(), ['1', '10']);
  });

  it('a tampered runbook whose L2 pause is a delegatecall emptying the Safe shows it in the simulation and cannot be signed', async () => {
    const l2 = chains[1]!;
    const fake = await deployFixture(l2.anvil, 'FakeMultiSend', [STRANGER]);
    const second = await deployFixture(l2.anvil, 'PausableTarget', [DEV_ACCOUNTS[0]!.address, l2.safe]);
    await setBalance(l2.anvil, l2.safe, 3n * ETHER);
    const body = await relay.relay.snapshot({ endpoints: [l2.anvil.url], accounts: [owner], safes: [l2.safe], tokens: [], positions: [] });
    vault.services.snapshots.import(body, BigInt(l2.chainId));
    custody.drills.saveRunbook({
      name: 'pause-tampered',
      title: 'Pause the L2 contracts in one batch',
      description: 'Reads as two pauses through a batching library.',
      rtoMinutes: 15,
      params: { library: fake.address },
      chains: [{ chainId: l2.chainId, params: { safe: l2.safe } }],
      policy: { requireSimulation: true },
      steps: [
        {
          title: 'Pause both',
          draft: {
            executor: { kind: 'safe', safe: '{{param:safe}}', multiSendCallOnly: '{{param:library}}' },
            actions: [{ type: 'pause', target: l2.target.address }, { type: 'pause', target: second.address }],
          },
        },
      ],
    });
    const [draft] = custody.drills.startRecovery('pause-tampered');
    const report = await relay.relay.simulate(JSON.stringify(custody.drafts.simulationRequest(draft!.id)), [l2.anvil.url]);
    assert.deepEqual(report.balanceChanges.map((c) => [c.address, c.delta]).sort(), [[l2.safe, (-3n * ETHER).toString()], [STRANGER, (3n * ETHER).toString()]].sort());
    const reviewed = custody.drafts.importSimulation(draft!.id, report);
    assert.ok(reviewed.blocking.length > 0 && reviewed.blocking.every((w) => w.code === 'simulation-contradicts-intent'), reviewed.blocking.map((w) => w.code).join());
    await assert.rejects(
      withQuorum(() => custody.drafts.sign(draft!.id, { digest: draft!.digest, acknowledge: [...draft!.acknowledgementsRequired] })),
      (e) => e instanceof SigningRefusedError && e.code === 'signing-blocked',
    );
    assert.equal(await balanceOf(l2.anvil, l2.safe), 3n * ETHER);
  });

  it('the relay\'s saved endpoints are listed, added and removed from the CLI, checked as in the app', () => {
    const endpoints = (...args: string[]) => runAirlock(['relay', 'endpoints', ...args, '--db', join(dir, 'relay.db'), '--json']);
    assert.deepEqual(endpoints('list').json, { endpoints: [], chains: [] });
    for (const chain of chains) assert.equal(endpoints('add', '--rpc', chain.anvil.url).status, 0);
    assert.deepEqual(endpoints('list').json.endpoints, chains.map((c) => new URL(c.anvil.url).href));
    const twice = endpoints('add', '--rpc', chains[0]!.anvil.url);
    assert.deepEqual([twice.status, twice.json?.error?.code], [2, 'usage-invalid']);
    const secret = endpoints('add', '--rpc', 'https://user:s3cr3t@rpc.example');
    assert.deepEqual([secret.status, secret.json?.error?.code], [2, 'rpc-url-invalid']);
    assert.doesNotMatch(secret.stdout, /s3cr3t/);
    assert.deepEqual(endpoints('remove', '--rpc', chains[0]!.anvil.url).json.endpoints, [new URL(chains[1]!.anvil.url).href]);
    assert.equal(endpoints('remove', '--rpc', chains[0]!.anvil.url).json?.error?.code, 'relay-endpoint-not-saved');
    assert.deepEqual(relay.relay.savedEndpoints(), [new URL(chains[1]!.anvil.url).href], 'the app sees what the CLI saved');
  });
});
