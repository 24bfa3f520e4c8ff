// Saved relay endpoints carry their chain (issue 17): each records the chain its eth_chainId first answered, and from
// then on work for chain X (a broadcast, a snapshot set's chain) never reaches an endpoint saved for chain Y, endpoints
// of two chains are not mixed in one snapshot, and an endpoint that later answers another chain is refused. Through
// the relay service (the app's path) and the CLI. Two endpoints of our own on loopback stand for the chains' nodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { createRelayServices } from '../../main/relay-services';
import { tempDir } from '../helpers/temp';
import { hostileEndpoint, runRelay, type Behaviour, type HostileEndpoint } from './relay-hostile';

const SENDER = new Wallet('0x' + '11'.repeat(32));
const RECIPIENT = '0x000000000000000000000000000000000000dEaD';

/** A node that answers eth_chainId with the chain it is set to, and refuses everything else. */
function nodeOf(chain: { id: number }): Behaviour {
  return (call) => (call.method === 'eth_chainId' ? { result: `0x${chain.id.toString(16)}` } : { error: { code: -32000, message: 'not served here' } });
}

const methods = (endpoint: HostileEndpoint) => endpoint.calls.map((c) => c.method);

async function refusedWith(work: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(work, (error: { code?: string; message?: string }) => {
    assert.equal(error.code, code, error.message);
    assert.match(error.message ?? '', message);
    return true;
  });
}

test('saved endpoints record their chain at first use; work for one chain never reaches an endpoint of another; a repointed endpoint is refused', async () => {
  const mainnet = { id: 1 };
  const optimism = { id: 10 };
  const one = await hostileEndpoint(null, nodeOf(mainnet));
  const ten = await hostileEndpoint(null, nodeOf(optimism));
  const db = join(tempDir(), 'relay.db');
  const services = createRelayServices({ dbPath: db });
  const relay = services.relay;
  const raw = await SENDER.signTransaction({ type: 2, chainId: 1, nonce: 0, to: RECIPIENT, value: 1n, gasLimit: 21000n, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n });
  const order = (endpoints: string[]) => ({ endpoints, accounts: [SENDER.address], safes: [], tokens: [], positions: [] });
  try {
    relay.saveEndpoints([one.url, ten.url]);
    assert.deepEqual(relay.savedEndpointChains().map((e) => e.chainId), [null, null], 'no chain is claimed before an endpoint answered');

    // One snapshot over both: each answers its chain, which is recorded, and the mix is refused.
    await refusedWith(relay.snapshot(order([one.url, ten.url])), 'rpc-chain-mismatch', /serves chain 10, not chain 1/);
    assert.deepEqual(relay.savedEndpointChains().map((e) => e.chainId), ['1', '10']);
    const seen = services.audit.list(50).filter((e) => e.action === 'relay-endpoint-chain-seen');
    assert.deepEqual(seen.map((e) => e.details.chainId).sort(), ['1', '10'], 'each chain recorded is audited');

    // Known chains: nothing is asked of endpoints saved for two chains at once.
    const before = { one: one.calls.length, ten: ten.calls.length };
    await refusedWith(relay.snapshot(order([one.url, ten.url])), 'rpc-endpoints-mixed-chains', /chain 1, .*chain 10\)/);
    assert.deepEqual({ one: one.calls.length, ten: ten.calls.length }, before, 'neither endpoint was asked');

    // A chain-1 transaction given both endpoints goes to chain 1's only; given chain 10's alone, to none.
    await assert.rejects(relay.broadcast(raw, [ten.url, one.url], { receiptTimeoutMs: 1000 }));
    assert.ok(methods(one).includes('eth_sendRawTransaction'), 'chain 1’s endpoint was given the transaction');
    assert.equal(ten.calls.length, before.ten, 'the endpoint saved for chain 10 was never contacted');
    await refusedWith(relay.broadcast(raw, [ten.url]), 'rpc-endpoint-other-chain', /No endpoint given serves chain 1: http:\/\/127\.0\.0\.1:\d+ is saved for chain 10\. Nothing was sent/);
    assert.equal(ten.calls.length, before.ten);

    // A snapshot set's chain 10 given chain 1's endpoint: refused, that chain named, nothing asked.
    const oneBefore = one.calls.length;
    await refusedWith(relay.snapshotSet([{ chainId: '10', ...order([one.url]) }]), 'rpc-endpoint-other-chain', /^Chain 10: No endpoint given serves chain 10/);
    assert.equal(one.calls.length, oneBefore);

    // The provider repoints chain 1's URL to another chain: refused as it answers, and the recorded chain stays.
    mainnet.id = 5;
    await refusedWith(relay.snapshot(order([one.url])), 'rpc-chain-mismatch', /was saved for chain 1 and now serves chain 5\. It was not used/);
    assert.deepEqual(methods(one).slice(oneBefore), ['eth_chainId'], 'nothing but its chain id was asked of it');

    // Saving the list again keeps each kept endpoint's chain; the CLI sees the same and refuses the same way.
    relay.saveEndpoints([ten.url, one.url]);
    assert.deepEqual(relay.savedEndpointChains(), [{ url: ten.url, chainId: '10' }, { url: one.url, chainId: '1' }]);
    const listed = await runRelay(['relay', 'endpoints', 'list', '--json', '--db', db]);
    assert.deepEqual(listed.json.chains, [{ url: ten.url, chainId: '10' }, { url: one.url, chainId: '1' }], listed.stdout + listed.stderr);
    const sent = await runRelay(['relay', 'broadcast', '--json', '--db', db, '--rpc', ten.url, '--confirm'], raw);
    assert.equal(sent.status, 2, sent.stdout + sent.stderr);
    assert.equal(sent.json.error.code, 'rpc-endpoint-other-chain');
    assert.equal(ten.calls.length, before.ten, 'the CLI did not contact it either');
  } finally {
    services.close();
  }
});
