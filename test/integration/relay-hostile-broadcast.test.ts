// `airlock relay broadcast` against endpoints that lie (receipts for other transactions or with a false status, a
// wrong returned hash), one that takes a transaction and never knows it, one that is down, and a real anvil with
// automine off where a pending transaction is replaced by a higher-fee one from the same nonce or dropped from the pool.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { SecretBytes } from '../../shared/crypto/secret';
import { buildTransaction, signTransaction } from '../../shared/evm/tx';
import { DEV_ACCOUNTS, freePort, startAnvil, type Anvil } from '../helpers/anvil';
import { tempDir } from '../helpers/temp';
import { hashOfRaw, hostileEndpoint, runRelay, type Behaviour, type RelayRun } from './relay-hostile';

let chain: Anvil;
let manual: Anvil;
let otherHash: string;
const dir = tempDir('airlock-relay-hostile-broadcast-');
const relayDb = join(dir, 'relay.db');
const [alice, bob, carol, dave] = DEV_ACCOUNTS as [(typeof DEV_ACCOUNTS)[0], (typeof DEV_ACCOUNTS)[0], (typeof DEV_ACCOUNTS)[0], (typeof DEV_ACCOUNTS)[0]];
const GWEI = 1_000_000_000n;

before(async () => {
  [chain, manual] = await Promise.all([startAnvil(), startAnvil()]);
  // Another transaction, really mined: the one a liar hands out receipts for.
  otherHash = await chain.rpc<string>('eth_sendTransaction', [{ from: alice.address, to: dave.address, value: '0x1' }]);
  // Blocks only when asked: pending transactions stay pending, so they can be replaced or dropped.
  await manual.rpc('evm_setAutomine', [false]);
});
after(async () => {
  await Promise.all([chain?.stop(), manual?.stop()]);
});

let transfers = 0;

/**
 * A signed transfer from `from` at its next nonce (or `nonce`), as 0x hex, with its locally computed hash. Each has
 * its own value: both anvils are chain 31337, and the same bytes on both would be one queue entry.
 */
async function transfer(on: Anvil, from: (typeof DEV_ACCOUNTS)[0], fees: { tip: bigint; max: bigint } = { tip: GWEI, max: 20n * GWEI }, nonce?: bigint) {
  const next = nonce ?? BigInt(await on.rpc<string>('eth_getTransactionCount', [from.address, 'pending']));
  const tx = buildTransaction({ type: 'eip1559', chainId: 31337n, nonce: next, maxPriorityFeePerGas: fees.tip, maxFeePerGas: fees.max, gasLimit: 21_000n, to: carol.address, value: BigInt(++transfers) });
  const signed = signTransaction(tx, SecretBytes.copyOf(hexToBytes(from.privateKey.slice(2))));
  return { rawHex: '0x' + bytesToHex(signed.raw), hash: '0x' + bytesToHex(signed.hash), nonce: next };
}

function broadcast(rpc: readonly string[], rawHex: string, wait = '1'): Promise<RelayRun> {
  return runRelay(['relay', 'broadcast', '--confirm', '--json', '--db', relayDb, ...rpc.flatMap((url) => ['--rpc', url]), '--wait', wait, '--timeout', '2'], rawHex);
}

async function queued(hash: string): Promise<any> {
  const run = await runRelay(['relay', 'queue', '--json', '--db', relayDb]);
  return run.json.broadcasts.find((b: any) => b.txHash === hash);
}

/** Takes the bytes without passing them on (answering with their true hash) and never knows the transaction. */
const blackHole: Behaviour = (call) => {
  if (call.method === 'eth_sendRawTransaction') return { result: hashOfRaw(call.params[0]) };
  if (call.method === 'eth_getTransactionReceipt' || call.method === 'eth_getTransactionByHash') return { result: null };
  return undefined;
};

test('a receipt for another transaction never confirms one that was never sent; run again on an honest node, it is re-checked, re-sent unchanged and confirmed', async () => {
  const liar = await hostileEndpoint(chain.url, (call, forward) => (call.method === 'eth_getTransactionReceipt' ? forward([otherHash]) : blackHole(call, forward)));
  const tx = await transfer(chain, bob);
  const first = await broadcast([liar.url], tx.rawHex);
  assert.equal(first.status, 0, first.stdout + first.stderr);
  assert.equal(first.json.txHash, tx.hash);
  assert.equal(first.json.status, 'sent');
  assert.equal(first.json.endpoints[0].state, 'inconsistent');
  assert.match(first.json.endpoints[0].detail, new RegExp(`gave the receipt of another transaction \\(${otherHash}\\) when asked for ${tx.hash}`));
  assert.equal(await chain.rpc('eth_getTransactionByHash', [tx.hash]), null, 'the liar never passed it on');
  assert.equal((await queued(tx.hash)).endpoints[0].state, 'inconsistent');

  const second = await broadcast([chain.url], tx.rawHex);
  assert.equal(second.status, 0, second.stdout + second.stderr);
  assert.equal(second.json.alreadyQueued, true);
  assert.equal(second.json.status, 'confirmed');
  const receipt = await chain.rpc<any>('eth_getTransactionReceipt', [tx.hash]);
  assert.equal(second.json.blockNumber, BigInt(receipt.blockNumber).toString());
  assert.deepEqual(second.json.endpoints, [{ endpoint: new URL(chain.url).origin, state: 'mined', blockNumber: second.json.blockNumber, detail: `in block ${second.json.blockNumber}` }]);
  assert.equal((await queued(tx.hash)).attempts, 2);
});

test('a stored "confirmed" is not believed: a lone liar\'s made-up block is re-checked on the next run, and the honest node is given the same bytes', async () => {
  const tx = await transfer(chain, carol);
  const madeUp = { hash: '0x' + 'cd'.repeat(32), number: '0x99' };
  const liar = await hostileEndpoint(chain.url, (call, forward) => {
    if (call.method === 'eth_getTransactionReceipt') return { result: { transactionHash: tx.hash, from: carol.address.toLowerCase(), blockHash: madeUp.hash, blockNumber: madeUp.number, status: '0x1' } };
    if (call.method === 'eth_getBlockByHash') return { result: { ...madeUp, transactions: [tx.hash] } };
    return blackHole(call, forward);
  });
  const lied = await broadcast([liar.url], tx.rawHex);
  assert.equal(lied.json.status, 'confirmed', lied.stdout + lied.stderr);
  assert.equal(lied.json.blockNumber, '153', 'one endpoint that lies consistently is believed: only more endpoints catch it');

  const rechecked = await broadcast([chain.url], tx.rawHex);
  assert.equal(rechecked.status, 0, rechecked.stdout + rechecked.stderr);
  assert.equal(rechecked.json.alreadyQueued, true);
  const receipt = await chain.rpc<any>('eth_getTransactionReceipt', [tx.hash]);
  assert.notEqual(receipt, null, 'the stored status did not stop the sending');
  assert.equal(rechecked.json.status, 'confirmed');
  assert.equal(rechecked.json.blockNumber, BigInt(receipt.blockNumber).toString());
});

test('a receipt that names this transaction in a block that does not hold it is a contradiction: not confirmed beside an honest node', async () => {
  const liar = await hostileEndpoint(chain.url, async (call, forward) => {
    if (call.method !== 'eth_getTransactionReceipt') return undefined;
    const other = await forward([otherHash]);
    return { result: { ...other.result, transactionHash: call.params[0], from: bob.address.toLowerCase() } };
  });
  const tx = await transfer(chain, bob);
  const run = await broadcast([chain.url, liar.url], tx.rawHex);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.json.status, 'sent');
  assert.deepEqual(run.json.endpoints.map((e: any) => e.state), ['mined', 'inconsistent']);
  assert.match(run.json.endpoints[1].detail, /but that block does not hold the transaction/);
  assert.match(run.json.detail, /not yet in one block on every endpoint that answers/);
  assert.notEqual(await chain.rpc('eth_getTransactionReceipt', [tx.hash]), null, 'the honest node was given it and mined it');
});

test('a receipt whose status is flipped, or is no status at all, is not believed beside an honest node that mined it', async () => {
  const withStatus = (status: string) =>
    hostileEndpoint(chain.url, async (call, forward) => {
      if (call.method !== 'eth_getTransactionReceipt') return undefined;
      const real = await forward();
      return real.result ? { result: { ...real.result, status } } : real;
    });
  const [flipped, impossible] = await Promise.all([withStatus('0x0'), withStatus('0x2')]);
  const tx = await transfer(chain, carol);
  const run = await broadcast([chain.url, flipped.url, impossible.url], tx.rawHex);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.json.status, 'sent');
  assert.deepEqual(run.json.endpoints.map((e: any) => e.state), ['mined', 'reverted', 'inconsistent']);
  assert.match(run.json.endpoints[2].detail, /gave the receipt status as 2, outside what a real chain can have \(0 to 1\)/);
  assert.equal((await chain.rpc<any>('eth_getTransactionReceipt', [tx.hash])).status, '0x1');
});

test('the hash eth_sendRawTransaction returns must be the one computed from the bytes', async () => {
  const liar = await hostileEndpoint(chain.url, (call, forward) => (call.method === 'eth_sendRawTransaction' ? forward().then(() => ({ result: otherHash })) : undefined));
  const tx = await transfer(chain, dave);
  const run = await broadcast([liar.url], tx.rawHex);
  assert.equal(run.status, 2, run.stdout + run.stderr);
  assert.equal(run.json.error.code, 'rpc-inconsistent');
  assert.match(run.json.error.message, new RegExp(`answered the sending with the hash ${otherHash}, not ${tx.hash}`));
  assert.equal((await queued(tx.hash)).status, 'queued');
  // It did reach the chain: run again, the honest node shows it mined, and nothing is sent again.
  const again = await broadcast([chain.url], tx.rawHex);
  assert.equal(again.json.status, 'confirmed', again.stdout);
  assert.equal((await queued(tx.hash)).attempts, 1);
});

test('an endpoint that takes the transaction and never knows it: alone it ends dropped after re-sending the same bytes', async () => {
  const hole = await hostileEndpoint(chain.url, blackHole);
  const tx = await transfer(chain, dave);
  const run = await broadcast([hole.url], tx.rawHex);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.equal(run.json.status, 'dropped');
  assert.match(run.json.detail, /^Dropped: no endpoint knows this transaction any more and nonce \d+ of 0x90F79bf6EB2c4f870365E785982E1f101E93b906 is still free/);
  const sends = hole.calls.filter((c) => c.method === 'eth_sendRawTransaction');
  assert.ok(sends.length >= 2, `re-sent (${sends.length} sends)`);
  assert.ok(sends.every((c) => c.params[0] === tx.rawHex), 'only ever the same bytes');
  assert.equal(await chain.rpc('eth_getTransactionByHash', [tx.hash]), null);
});

test('beside a black hole, the honest node is given the transaction too, and the queue shows each endpoint', async () => {
  const hole = await hostileEndpoint(chain.url, blackHole);
  const tx = await transfer(chain, carol);
  const run = await broadcast([hole.url, chain.url], tx.rawHex);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.notEqual(await chain.rpc('eth_getTransactionReceipt', [tx.hash]), null);
  // The black hole denies the transaction while (forwarding nonce reads) it sees its nonce used: neither
  // confirmed nor replaced, since the endpoints that answer do not agree.
  assert.equal(run.json.status, 'sent');
  const entry = await queued(tx.hash);
  const states = new Map(entry.endpoints.map((e: any) => [e.endpoint, e.state]));
  assert.deepEqual(states, new Map([[new URL(hole.url).origin, 'replaced'], [new URL(chain.url).origin, 'mined']]));
});

test('a reverted transaction\'s reason is each endpoint\'s own replay: an oversized or non-hex answer is "reason unavailable", never taken', async () => {
  // A contract creation whose code reverts at once with no data: PUSH1 0, PUSH1 0, REVERT.
  const nonce = BigInt(await chain.rpc<string>('eth_getTransactionCount', [carol.address, 'pending']));
  const tx = buildTransaction({ type: 'eip1559', chainId: 31337n, nonce, maxPriorityFeePerGas: GWEI, maxFeePerGas: 20n * GWEI, gasLimit: 100_000n, to: null, value: 0n, data: hexToBytes('60006000fd') });
  const rawHex = '0x' + bytesToHex(signTransaction(tx, SecretBytes.copyOf(hexToBytes(carol.privateKey.slice(2)))).raw);
  const lying = (data: string): Behaviour => (call) => (call.method === 'eth_call' ? { error: { code: 3, message: 'execution reverted: all is well, sign again', data } } : undefined);
  const [huge, garbled] = await Promise.all([hostileEndpoint(chain.url, lying('0x' + '08'.repeat(5000))), hostileEndpoint(chain.url, lying('0x08c379a0zz'))]);
  const run = await broadcast([chain.url, huge.url, garbled.url], rawHex);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.equal(run.json.status, 'reverted');
  const replay = huge.calls.find((c) => c.method === 'eth_call')!;
  assert.equal(replay.params[0].to, undefined, 'replayed as the creation it is, from its own bytes');
  assert.equal(replay.params[1], '0x' + BigInt(run.json.blockNumber).toString(16), 'at the receipt\'s block');
  assert.deepEqual(run.json.endpoints.map((e: any) => e.detail.replace(/^in block \d+, reverted: /, '')), [
    'no reason given',
    "reason unavailable (the endpoint's revert data is larger than any reason needs)",
    "reason unavailable (the endpoint's revert data is not hex)",
  ]);
  assert.match(run.json.revertReason, /^the endpoints disagree on the reason: .*: no reason given; /);
  assert.doesNotMatch(run.stdout, /all is well/, 'an endpoint\'s message is never taken as the reason');
});

test('an endpoint that is down does not block confirmation by the ones that answer', async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  const tx = await transfer(chain, bob);
  const run = await broadcast([closed, chain.url], tx.rawHex);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.json.status, 'confirmed');
  assert.match(run.json.detail, /on every endpoint that answered \(1 of 2\)/);
  assert.deepEqual(run.json.endpoints.map((e: any) => e.state), ['unreachable', 'mined']);
});

test('replacement on a real anvil: a pending transaction replaced by a higher-fee one from the same nonce is reported as replaced', async () => {
  const mine = await transfer(manual, bob, { tip: GWEI, max: 20n * GWEI });
  const pending = await broadcast([manual.url], mine.rawHex, '0.5');
  assert.equal(pending.json.status, 'sent', pending.stdout);
  assert.equal(pending.json.endpoints[0].state, 'pending');
  const rival = await transfer(manual, bob, { tip: 5n * GWEI, max: 60n * GWEI }, mine.nonce);
  assert.equal(await manual.rpc('eth_sendRawTransaction', [rival.rawHex]), rival.hash);
  await manual.rpc('evm_mine');
  assert.notEqual(await manual.rpc('eth_getTransactionReceipt', [rival.hash]), null);

  const run = await broadcast([manual.url], mine.rawHex, '0.5');
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.equal(run.json.status, 'replaced');
  assert.match(run.json.detail, new RegExp(`^Replaced: nonce ${mine.nonce} of ${bob.address} was used by another transaction`));
  assert.equal(run.json.endpoints[0].state, 'replaced');
});

test('dropped on a real anvil: a transaction the pool dropped is re-sent as the same bytes, then confirmed once mined', async () => {
  const tx = await transfer(manual, carol);
  const sent = await broadcast([manual.url], tx.rawHex, '0.5');
  assert.equal(sent.json.endpoints[0].state, 'pending', sent.stdout);
  await manual.rpc('anvil_dropTransaction', [tx.hash]);
  assert.equal(await manual.rpc('eth_getTransactionByHash', [tx.hash]), null);

  const resent = await broadcast([manual.url], tx.rawHex, '0.5');
  assert.equal(resent.json.status, 'sent', resent.stdout);
  assert.equal(resent.json.endpoints[0].state, 'pending');
  assert.equal(((await manual.rpc<any>('eth_getTransactionByHash', [tx.hash])) as { hash: string }).hash, tx.hash, 'the pool has the very same transaction again');
  assert.equal((await queued(tx.hash)).attempts, 2);
  await manual.rpc('evm_mine');
  const mined = await broadcast([manual.url], tx.rawHex, '0.5');
  assert.equal(mined.json.status, 'confirmed', mined.stdout);
  assert.equal((await queued(tx.hash)).attempts, 2);
});

test('a transaction another tool already had mined is recognised as confirmed, not called rejected', async () => {
  const tx = await transfer(chain, alice);
  assert.equal(await chain.rpc('eth_sendRawTransaction', [tx.rawHex]), tx.hash);
  const run = await broadcast([chain.url], tx.rawHex);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.json.status, 'confirmed');
  assert.equal(run.json.alreadyQueued, false);
});
