// The relay against real nodes and real bad endpoints, run as the CLI: a lying second anvil caught by the
// cross-check, endpoints down / silent / garbled / on another chain, and a broadcast that is never sent twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { SecretBytes } from '../../shared/crypto/secret';
import { buildTransaction, signTransaction } from '../../shared/evm/tx';
import { DEV_ACCOUNTS, freePort, startAnvil, type Anvil } from '../helpers/anvil';
import { runAirlock } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

let chain: Anvil;
let liar: Anvil;
let other: Anvil;
const servers: ChildProcess[] = [];
const dir = tempDir('airlock-relay-faults-');
const relayDb = join(dir, 'relay.db');
const [alice, bob, carol, dave] = DEV_ACCOUNTS as [(typeof DEV_ACCOUNTS)[0], (typeof DEV_ACCOUNTS)[0], (typeof DEV_ACCOUNTS)[0], (typeof DEV_ACCOUNTS)[0]];

before(async () => {
  [chain, liar, other] = await Promise.all([startAnvil(), startAnvil(), startAnvil({ chainId: 5 })]);
});
after(async () => {
  for (const s of servers) s.kill('SIGKILL');
  await Promise.all([chain?.stop(), liar?.stop(), other?.stop()]);
});

/**
 * A misbehaving HTTP endpoint in its own process (the CLI runs through spawnSync, which blocks this
 * process's event loop): "silent" never answers, "garbage" answers half a JSON text.
 */
async function serve(kind: 'silent' | 'garbage'): Promise<string> {
  const script = `
    const http = require('node:http');
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => { if (${JSON.stringify(kind)} === 'garbage') res.writeHead(200, { 'content-type': 'application/json' }).end('{"jsonrpc": "2.0", "id": 1, "result": '); });
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  servers.push(child);
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code})`)));
  });
  return `http://127.0.0.1:${port}`;
}

test('a second endpoint that lies about one balance is caught by the cross-check, and the snapshot still signs the first', async () => {
  // Same block height on both chains, then the liar changes one account's balance.
  await chain.rpc('anvil_mine', ['0x3']);
  await liar.rpc('anvil_mine', ['0x3']);
  await liar.rpc('anvil_setBalance', [dave.address, '0x1']);
  const run = runAirlock(['relay', 'snapshot', '--json', '--db', relayDb, '--rpc', chain.url, '--rpc', liar.url, '--account', carol.address, dave.address]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const snapshot = run.json;
  assert.equal(snapshot.crossCheck.endpoints, '2');
  const lie = snapshot.crossCheck.disagreements.find((d: any) => d.path === 'accounts[1].balance');
  assert.deepEqual(lie, { path: 'accounts[1].balance', endpoint: '1', expected: BigInt(await chain.rpc<string>('eth_getBalance', [dave.address, 'latest'])).toString(), observed: '1' });
  assert.equal(snapshot.accounts[1].balance, lie.expected);
  // Honest values agree: carol's balance and nonce are not flagged.
  assert.ok(!snapshot.crossCheck.disagreements.some((d: any) => d.path.startsWith('accounts[0]')));
});

test('an endpoint that is down, silent, garbled or on another chain each says why, without hanging', async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  const silent = await serve('silent');
  const garbage = await serve('garbage');
  const cases: [string[], string, RegExp][] = [
    [['--rpc', closed], 'rpc-unreachable', /cannot be reached/],
    [['--rpc', silent, '--timeout', '1'], 'rpc-timeout', /did not answer eth_chainId within 1 s/],
    [['--rpc', garbage], 'rpc-malformed', /not JSON/],
    [['--rpc', chain.url, '--rpc', other.url], 'rpc-chain-mismatch', /serves chain 5, not chain 31337/],
  ];
  for (const [rpc, code, message] of cases) {
    const started = Date.now();
    const run = runAirlock(['relay', 'snapshot', '--json', '--db', relayDb, ...rpc, '--account', alice.address]);
    assert.equal(run.status, 2, run.stdout + run.stderr);
    assert.equal(run.json.error.code, code);
    assert.match(run.json.error.message, message);
    assert.ok(Date.now() - started < 15_000, `${code} took too long`);
  }
});

test('a signed transaction is broadcast to a receipt once; broadcasting it again follows it and sends nothing', async () => {
  const nonce = BigInt(await chain.rpc<string>('eth_getTransactionCount', [bob.address, 'latest']));
  const tx = buildTransaction({
    type: 'eip1559',
    chainId: 31337n,
    nonce,
    maxPriorityFeePerGas: 1_000_000_000n,
    maxFeePerGas: 10_000_000_000n,
    gasLimit: 21_000n,
    to: carol.address,
    value: 12345n,
  });
  const signed = signTransaction(tx, SecretBytes.copyOf(hexToBytes(bob.privateKey.slice(2))));
  const rawHex = '0x' + bytesToHex(signed.raw);
  const before = BigInt(await chain.rpc<string>('eth_getBalance', [carol.address, 'latest']));
  const first = runAirlock(['relay', 'broadcast', '--confirm', '--json', '--db', relayDb, '--rpc', chain.url], rawHex);
  assert.equal(first.status, 0, first.stdout + first.stderr);
  assert.equal(first.json.txHash, '0x' + bytesToHex(signed.hash));
  assert.equal(first.json.status, 'confirmed');
  assert.equal(first.json.alreadyQueued, false);
  const receipt = await chain.rpc<any>('eth_getTransactionReceipt', [first.json.txHash]);
  assert.equal(first.json.blockNumber, BigInt(receipt.blockNumber).toString());
  assert.equal(BigInt(await chain.rpc<string>('eth_getBalance', [carol.address, 'latest'])) - before, 12345n);

  // Again: the queue knows the hash, so nothing is sent (a resend would be refused as nonce-too-low).
  const blockBefore = await chain.rpc<string>('eth_blockNumber');
  const second = runAirlock(['relay', 'broadcast', '--confirm', '--json', '--db', relayDb, '--rpc', chain.url], rawHex);
  assert.equal(second.status, 0, second.stdout + second.stderr);
  assert.deepEqual({ ...second.json }, { ...first.json, alreadyQueued: true });
  assert.equal(await chain.rpc<string>('eth_blockNumber'), blockBefore);
  const queue = runAirlock(['relay', 'queue', '--json', '--db', relayDb]).json.broadcasts;
  assert.equal(queue.length, 1);
  assert.equal(queue[0].attempts, 1);
});

test('a transaction the node refuses is explained and left in the queue as rejected', async () => {
  const tx = buildTransaction({ type: 'eip1559', chainId: 31337n, nonce: 0n, maxPriorityFeePerGas: 1n, maxFeePerGas: 10_000_000_000n, gasLimit: 21_000n, to: carol.address, value: 1n });
  const signed = signTransaction(tx, SecretBytes.copyOf(hexToBytes(bob.privateKey.slice(2))));
  const run = runAirlock(['relay', 'broadcast', '--confirm', '--json', '--db', relayDb, '--rpc', chain.url], '0x' + bytesToHex(signed.raw));
  assert.equal(run.status, 2, run.stdout + run.stderr);
  assert.equal(run.json.error.code, 'broadcast-nonce-too-low');
  const queue = runAirlock(['relay', 'queue', '--json', '--db', relayDb]).json.broadcasts;
  const entry = queue.find((b: any) => b.txHash === '0x' + bytesToHex(signed.hash));
  assert.equal(entry.status, 'rejected');
  assert.match(entry.detail, /nonce 0 of 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is already used/);
});

test('a broadcast to an endpoint that is down says so and queues nothing', async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  const nonce = BigInt(await chain.rpc<string>('eth_getTransactionCount', [carol.address, 'latest']));
  const tx = buildTransaction({ type: 'eip1559', chainId: 31337n, nonce, maxPriorityFeePerGas: 1n, maxFeePerGas: 10_000_000_000n, gasLimit: 21_000n, to: alice.address, value: 1n });
  const rawHex = '0x' + bytesToHex(signTransaction(tx, SecretBytes.copyOf(hexToBytes(carol.privateKey.slice(2)))).raw);
  const before = runAirlock(['relay', 'queue', '--json', '--db', relayDb]).json.broadcasts.length;
  const run = runAirlock(['relay', 'broadcast', '--confirm', '--json', '--db', relayDb, '--rpc', closed], rawHex);
  assert.equal(run.json.error.code, 'rpc-unreachable');
  assert.equal(runAirlock(['relay', 'queue', '--json', '--db', relayDb]).json.broadcasts.length, before);
  const sent = runAirlock(['relay', 'broadcast', '--confirm', '--json', '--db', relayDb, '--rpc', chain.url], rawHex);
  assert.equal(sent.json.status, 'confirmed', sent.stdout);
});
