// `airlock relay snapshot` against endpoints that try to exhaust it: 600 MB answers (streamed, or declared up
// front), answers that trickle, and reads that each come just inside the per-call timeout. Memory stays bounded
// (the CLI's own peak RSS, measured), every read stops at 8 MiB, and one deadline ends the whole snapshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { getAddress } from 'ethers';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import { tempDir } from '../helpers/temp';
import { assertRefused, hostileEndpoint, relaySnapshot, runRelay, streamHuge } from './relay-hostile';

let chain: Anvil;
const dir = tempDir('airlock-relay-hostile-resources-');
const relayDb = join(dir, 'relay.db');
const alice = DEV_ACCOUNTS[0]!.address;
const HUGE = 600 * 1024 * 1024;
const MIB = 1024 * 1024;
/** The most a capped read may add to the CLI's peak memory over an ordinary snapshot: the 8 MiB cap plus Node's buffers. */
const PEAK_HEADROOM = 64 * MIB;

before(async () => {
  chain = await startAnvil();
});
after(async () => {
  await chain?.stop();
});

const snapshot = (rpc: readonly string[], extra: readonly string[] = []) => relaySnapshot(relayDb, rpc, [alice], extra);


test('H-19 a 600 MB answer is read only up to 8 MiB: exit 2, and peak memory stays within 64 MiB of an ordinary snapshot', async (t) => {
  const baseline = await snapshot([chain.url]);
  assert.equal(baseline.status, 0, baseline.stdout + baseline.stderr);
  const streamed = { bytes: 0 };
  const huge = await hostileEndpoint(chain.url, (call) => (call.method === 'eth_getBalance' ? { http: (res) => streamHuge(res, HUGE, false, streamed) } : undefined));
  const run = await snapshot([huge.url]);
  assertRefused(run, 'rpc-answer-too-large', /answered eth_getBalance with an answer larger than 8 MiB; Airlock reads at most 8 MiB and stopped/);
  assert.ok(streamed.bytes < HUGE / 4, `the endpoint could push only ${streamed.bytes} bytes before the relay hung up`);
  assert.ok(Number.isFinite(run.maxRssBytes) && Number.isFinite(baseline.maxRssBytes));
  t.diagnostic(`peak RSS: ${(run.maxRssBytes / MIB).toFixed(1)} MiB against a 600 MB answer, ${(baseline.maxRssBytes / MIB).toFixed(1)} MiB for an ordinary snapshot; the endpoint pushed ${(streamed.bytes / MIB).toFixed(0)} MiB`);
  assert.ok(
    run.maxRssBytes - baseline.maxRssBytes < PEAK_HEADROOM,
    `peak RSS ${Math.round(run.maxRssBytes / MIB)} MiB against ${Math.round(baseline.maxRssBytes / MIB)} MiB for an ordinary snapshot`,
  );
});

test('a 600 MB Content-Length is refused before its body is read', async () => {
  const streamed = { bytes: 0 };
  const declared = await hostileEndpoint(chain.url, (call) => (call.method === 'eth_chainId' ? { http: (res) => streamHuge(res, HUGE, true, streamed) } : undefined));
  const run = await snapshot([declared.url]);
  assertRefused(run, 'rpc-answer-too-large', /answered eth_chainId with an answer of 600 MiB/);
  assert.ok(streamed.bytes < HUGE / 4);
});

test("a second endpoint's huge answer is a disagreement; the first endpoint's snapshot is signed", async () => {
  const streamed = { bytes: 0 };
  const huge = await hostileEndpoint(chain.url, (call) => (call.method === 'eth_getTransactionCount' ? { http: (res) => streamHuge(res, HUGE, false, streamed) } : undefined));
  const run = await snapshot([chain.url, huge.url]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.deepEqual(
    run.json.crossCheck.disagreements.map((d: any) => [d.path, d.endpoint, d.observed.split(':')[0]]),
    [['*', '1', 'rpc-answer-too-large']],
  );
});

test('an answer that trickles one byte at a time ends at the per-call timeout, saying it had started', async () => {
  // Every call trickles, so no honest answer has to arrive within the short timeout (on a busy machine a forwarded
  // one may not); the first byte goes out with the headers, so the call has visibly started.
  const trickle = await hostileEndpoint(chain.url, () => ({
    http: (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(' ');
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    },
  }));
  assertRefused(await snapshot([trickle.url], ['--timeout', '1']), 'rpc-timeout', /started answering eth_\w+ but had sent only \d+ bytes after 1 s/);
});

test('reads that each come well inside the per-call timeout still meet one deadline for the whole snapshot, stated in the error', async () => {
  const accounts = Array.from({ length: 64 }, (_, i) => getAddress(`0xc3${(i + 1).toString(16).padStart(38, '0')}`));
  const slow = await hostileEndpoint(chain.url, (call, forward) =>
    call.method === 'eth_getBalance' ? new Promise((resolve) => setTimeout(() => resolve(forward()), 300)) : undefined,
  );
  const run = await runRelay(['relay', 'snapshot', '--json', '--db', relayDb, '--rpc', slow.url, '--timeout', '4', '--deadline', '1', '--account', ...accounts]);
  assertRefused(run, 'snapshot-deadline', /did not finish within its deadline of 1 s.*--deadline/);
  const balances = slow.calls.filter((c) => c.method === 'eth_getBalance').length;
  assert.ok(balances < accounts.length, `the deadline stopped the reads (${balances} of ${accounts.length} balances asked)`);
});
