// `airlock relay snapshot` against a hostile endpoint of our own in front of a real anvil with a real Safe 1.4.1:
// lying blocks, impossible Safes, absurd fees and chain ids, bidi text, oversize lists and answers, slow answers
// and one deadline. Each ends in a JSON error with exit 2, or in the snapshot the case requires; never exit 3.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AbiCoder, getAddress, id } from 'ethers';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import { deploySafe, deploySafeStack } from '../helpers/chain';
import { tempDir } from '../helpers/temp';
import { assertRefused, hostileEndpoint, relaySnapshot, runRelay, type Behaviour } from './relay-hostile';

let chain: Anvil;
let safe: string;
const dir = tempDir('airlock-relay-hostile-snapshot-');
const relayDb = join(dir, 'relay.db');
const [alice, bob, carol, dave] = DEV_ACCOUNTS.map((a) => a.address) as [string, string, string, string];
const abi = AbiCoder.defaultAbiCoder();
const SENTINEL = '0x0000000000000000000000000000000000000001';

before(async () => {
  chain = await startAnvil();
  safe = await deploySafe(chain, await deploySafeStack(chain), [bob, carol, dave], 2);
});
after(async () => {
  await chain?.stop();
});

/** `count` distinct checksummed addresses that hold nothing. */
const addresses = (count: number, prefix = 'a1') => Array.from({ length: count }, (_, i) => getAddress(`0x${prefix}${(i + 1).toString(16).padStart(38, '0')}`));

/** Answers `view()` on the Safe with `output` (ABI-encoded), forwarding everything else to anvil. */
function safeView(signature: string, output: string): Behaviour {
  const selector = id(signature).slice(0, 10);
  return (call) => {
    if (call.method !== 'eth_call' || String(call.params[0]?.to).toLowerCase() !== safe.toLowerCase()) return undefined;
    return String(call.params[0]?.data).startsWith(selector) ? { result: output } : undefined;
  };
}

const snapshot = (rpc: readonly string[], extra: readonly string[] = []) => relaySnapshot(relayDb, rpc, [alice], extra);

test('a block whose number differs from the one asked for is refused: its hash and time are not taken', async () => {
  const liar = await hostileEndpoint(chain.url, (call, forward) => {
    if (call.method !== 'eth_getBlockByNumber') return undefined;
    return forward(['0x' + (BigInt(call.params[0]) - 1n).toString(16), false]);
  });
  await chain.rpc('anvil_mine', ['0x2']);
  const run = await snapshot([liar.url]);
  const asked = BigInt(await chain.rpc<string>('eth_blockNumber'));
  assertRefused(run, 'rpc-block-mismatch', new RegExp(`asked for block ${asked} and answered with block ${asked - 1n}`));
});

test('a block given the hash of another block, a hash no block has, or a time not its own is refused', async () => {
  const lying = (field: 'hash' | 'timestamp', value: (asked: any, before: any) => string) =>
    hostileEndpoint(chain.url, async (call, forward) => {
      if (call.method !== 'eth_getBlockByNumber') return undefined;
      const [asked, before] = await Promise.all([forward(), forward(['0x' + (BigInt(call.params[0]) - 1n).toString(16), false])]);
      return { result: { ...asked.result, [field]: value(asked.result, before.result) } };
    });
  await chain.rpc('anvil_mine', ['0x2']);
  const n = BigInt(await chain.rpc<string>('eth_blockNumber'));
  const previousHash = await lying('hash', (_, before) => before.hash);
  assertRefused(await snapshot([previousHash.url]), 'rpc-block-mismatch', new RegExp(`gave block ${n} the hash 0x[0-9a-f]{64}, but gives that hash for block ${n - 1n} at time \\d+, not block ${n}`));
  const madeUp = await lying('hash', () => '0x' + 'ab'.repeat(32));
  assertRefused(await snapshot([madeUp.url]), 'rpc-block-mismatch', new RegExp(`gave block ${n} the hash 0x(ab){32}, but knows no block by that hash`));
  const future = await lying('timestamp', () => '0xffffffffff');
  assertRefused(await snapshot([future.url]), 'rpc-block-mismatch', new RegExp(`gives that hash for block ${n} at time \\d+, not block ${n} at time ${0xffffffffff}`));
});

test('Safes no Safe can be are refused: threshold 0, an owner twice, impossible owners, 300 owners', async () => {
  const owners = (list: string[]) => abi.encode(['address[]'], [list]);
  const cases: [string, Behaviour, RegExp][] = [
    ['threshold 0', safeView('getThreshold()', abi.encode(['uint256'], [0])), /a threshold of 0 for 3 owners/],
    ['threshold above the owners', safeView('getThreshold()', abi.encode(['uint256'], [4])), /a threshold of 4 for 3 owners/],
    ['an owner twice', safeView('getOwners()', owners([bob, bob, carol])), /an owner listed twice/],
    ['the sentinel as owner', safeView('getOwners()', owners([SENTINEL, bob, carol])), new RegExp(`${SENTINEL} among its owners`)],
    ['the zero address as owner', safeView('getOwners()', owners([bob, '0x0000000000000000000000000000000000000000'])), /0x0{40} among its owners/],
    ['the Safe owning itself', safeView('getOwners()', owners([safe, bob])), new RegExp(`${safe} among its owners`)],
    ['300 owners', safeView('getOwners()', owners(addresses(300))), /300 owners \(a snapshot holds at most 256\)/],
  ];
  for (const [name, behaviour, message] of cases) {
    const liar = await hostileEndpoint(chain.url, behaviour);
    const run = await snapshot([liar.url], ['--safe', safe]);
    assertRefused(run, 'snapshot-safe-invalid', message);
    assert.match(run.json.error.message, new RegExp(`the Safe ${safe}`), name);
  }
});

test('fees near 3×2^256 and a chain id of 2^256−1 are refused as out of range, not signed', async () => {
  const max = '0x' + 'f'.repeat(64);
  const fees = await hostileEndpoint(chain.url, (call) => (call.method === 'eth_feeHistory' ? { result: { oldestBlock: '0x1', baseFeePerGas: [max, max], gasUsedRatio: [0.5], reward: [[max]] } } : undefined));
  assertRefused(await snapshot([fees.url]), 'rpc-value-out-of-range', /the base fee per gas as 115792089237316195423570985008687907853269984665640564039457584007913129639935, outside/);
  const tip = await hostileEndpoint(chain.url, (call, forward) =>
    call.method === 'eth_feeHistory' ? forward().then((r) => ({ result: { ...r.result, reward: [['0x1'], [max]] } })) : undefined,
  );
  assertRefused(await snapshot([tip.url]), 'rpc-value-out-of-range', /a priority fee per gas/);
  const chainId = await hostileEndpoint(chain.url, (call) => (call.method === 'eth_chainId' ? { result: max } : undefined));
  assertRefused(await snapshot([chainId.url]), 'rpc-value-out-of-range', /the chain id as \d{78}, outside what a real chain can have \(1 to 9223372036854775771\)/);
});

test("a VERSION() with control and bidi characters (U+202E) is signed only with them made visible", async () => {
  const liar = await hostileEndpoint(chain.url, safeView('VERSION()', abi.encode(['string'], ['1.4.1\u202e\u0007evil\u2066\u200b'])));
  const run = await snapshot([liar.url], ['--safe', safe]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.json.safes[0].version, '1.4.1\ufffd\ufffdevil\ufffd\ufffd');
  assert.doesNotMatch(run.stdout, /\\u202e|\u202e/i);
});

test('limits are checked before any request: 300 --account flags, 65 Safes, too many positions', async () => {
  const endpoint = await hostileEndpoint(chain.url, () => undefined);
  const accounts = await runRelay(['relay', 'snapshot', '--json', '--db', relayDb, '--rpc', endpoint.url, ...addresses(300).flatMap((a) => ['--account', a])]);
  assertRefused(accounts, 'snapshot-too-large', /300 accounts \(at most 256\); nothing was read/);
  const safes = await runRelay(['relay', 'snapshot', '--json', '--db', relayDb, '--rpc', endpoint.url, '--safe', ...addresses(65)]);
  assertRefused(safes, 'snapshot-too-large', /65 Safes \(at most 64\)/);
  const positions = await runRelay(['relay', 'snapshot', '--json', '--db', relayDb, '--rpc', endpoint.url, '--account', ...addresses(200), '--position', ...addresses(6, 'b2').map((c) => `erc20-balance:${c}`)]);
  assertRefused(positions, 'snapshot-too-large', /1200 positions/);
  assert.equal(endpoint.calls.length, 0, 'no request reached the endpoint');
});

test("a second endpoint's oversize answer (5,000 owners) is a disagreement, and the first endpoint's snapshot is signed", async () => {
  const liar = await hostileEndpoint(chain.url, safeView('getOwners()', abi.encode(['address[]'], [addresses(5000)])));
  const run = await snapshot([chain.url, liar.url], ['--safe', safe]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.deepEqual(run.json.safes[0].owners, [bob, carol, dave]);
  const [only] = run.json.crossCheck.disagreements;
  assert.equal(run.json.crossCheck.disagreements.length, 1);
  assert.equal(only.path, '*');
  assert.equal(only.endpoint, '1');
  assert.match(only.observed, /^snapshot-safe-invalid: .*5000 owners/);
  assert.ok(only.observed.length <= 256);
});

test('disagreements are capped: 150 lying balances list 100 and count the other 50', async () => {
  const liar = await hostileEndpoint(chain.url, (call) => (call.method === 'eth_getBalance' ? { result: '0x1' } : undefined));
  const run = await runRelay(['relay', 'snapshot', '--json', '--db', relayDb, '--rpc', chain.url, '--rpc', liar.url, '--account', ...addresses(150)]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const listed = run.json.crossCheck.disagreements;
  assert.equal(listed.length, 101);
  assert.ok(listed.slice(0, 100).every((d: any) => /^accounts\[\d+\]\.balance$/.test(d.path) && d.observed === '1'));
  assert.deepEqual(listed[100], { path: '(more)', endpoint: '1', expected: 'agreement', observed: '50 more disagreements, not listed' });
});

test('HTTP 500 with a JSON-RPC body is an HTTP error, never an answer', async () => {
  const broken = await hostileEndpoint(chain.url, (call) => ({
    http: (res) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: call.id, result: '0x7a69' })),
  }));
  assertRefused(await snapshot([broken.url]), 'rpc-http-error', /answered eth_chainId with HTTP 500/);
});

test('a redirect is named as a redirect and not followed; credentials in any URL are never repeated', async () => {
  const target = await hostileEndpoint(chain.url, () => undefined);
  const elsewhere = `http://mallory:hunter2@${new URL(target.url).host}/steal`;
  const redirect = await hostileEndpoint(chain.url, () => ({ http: (res) => res.writeHead(307, { location: elsewhere }).end() }));
  const moved = await snapshot([redirect.url]);
  assertRefused(moved, 'rpc-redirect', new RegExp(`answered eth_chainId with a redirect \\(HTTP 307\\) to ${new URL(target.url).origin}\\. Airlock does not follow redirects`));
  assert.doesNotMatch(moved.stdout + moved.stderr, /hunter2|mallory/);
  assert.equal(target.calls.length, 0, 'the redirect was not followed');

  // The credentials become HTTP Basic authentication, which the endpoint checks; they never appear in any output.
  const expected = 'Basic ' + Buffer.from('alice:s3cret pass').toString('base64');
  const guarded = await hostileEndpoint(chain.url, (call) => (call.authorization === expected ? undefined : { http: (res) => res.writeHead(401).end('no') }));
  const withCredentials = guarded.url.replace('http://', 'http://alice:s3cret%20pass@');
  const ok = await snapshot([withCredentials]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.ok(guarded.calls.length > 0 && guarded.calls.every((c) => c.authorization === expected));
  assert.doesNotMatch(ok.stdout + ok.stderr, /s3cret/);
  const denied = await snapshot([withCredentials.replace('s3cret%20pass', 's3cret-wrong')]);
  assertRefused(denied, 'rpc-http-error', /HTTP 401/);
  assert.doesNotMatch(denied.stdout + denied.stderr, /s3cret|alice/);
  const unparseable = await snapshot([`http://alice:s3cret-pass@[::1:${new URL(guarded.url).port}/`]);
  assertRefused(unparseable, 'rpc-url-invalid', /is not a URL/);
  assert.doesNotMatch(unparseable.stdout + unparseable.stderr, /s3cret|alice/);
});

test('H-10 link-local and cloud metadata endpoints are refused before any connection, however written', async () => {
  for (const url of ['http://169.254.169.254/latest/meta-data', 'http://2852039166/', 'http://[fd00:ec2::254]/', 'http://[::ffff:169.254.169.254]/', 'https://169.254.10.1./']) {
    assertRefused(await snapshot([url]), 'rpc-url-forbidden', /link-local or cloud metadata address/);
  }
});
