// The relay's JSON-RPC client against real local HTTP servers that misbehave in each way a node can:
// down, silent, garbage, an RPC error, another chain, redirects, HTTP errors with JSON bodies, huge and
// trickling answers, too many calls at once. Each gives its typed error and sentence; no credential is repeated.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AirlockError } from '../../../../../shared/errors';
import { assertChain, createRpcClient, isLinkLocalOrMetadata, MAX_CHAIN_ID, MAX_RESPONSE_BYTES, parseEndpoint, quantity, withDeadline } from '../../../../../main/services/relay/rpc';
import { freePort } from '../../../../helpers/anvil';

const servers: Server[] = [];
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

async function serve(handler: (body: any, res: ServerResponse, req: IncomingMessage) => void): Promise<string> {
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => handler(text ? JSON.parse(text) : null, res, req));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/secret-api-key`;
}

async function failure(promise: Promise<unknown>): Promise<AirlockError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AirlockError, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}

const reply = (res: ServerResponse, value: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));

test('answers a call and keeps the path (where API keys live) out of its label', async () => {
  const url = await serve((body, res) => reply(res, { jsonrpc: '2.0', id: body.id, result: '0x7a69' }));
  const client = createRpcClient(url);
  assert.equal(await client.call('eth_chainId', []), '0x7a69');
  assert.ok(!client.label.includes('secret'));
  await assertChain(client, 31337n);
});

test('an endpoint that is down says it cannot be reached', async () => {
  const port = await freePort();
  const error = await failure(createRpcClient(`http://127.0.0.1:${port}`).call('eth_chainId', []));
  assert.equal(error.code, 'rpc-unreachable');
  assert.match(error.message, /cannot be reached \(ECONNREFUSED\)/);
});

test('an endpoint that never answers times out within the limit, without hanging', async () => {
  const url = await serve(() => {});
  const started = Date.now();
  const error = await failure(createRpcClient(url, { timeoutMs: 300 }).call('eth_blockNumber', []));
  assert.equal(error.code, 'rpc-timeout');
  assert.match(error.message, /did not answer eth_blockNumber within 0.3 s/);
  assert.ok(Date.now() - started < 3000);
});

test('garbage, a reply to another request and an HTML error page are malformed or HTTP errors', async () => {
  const garbage = await serve((_b, res) => res.writeHead(200).end('<<<not json'));
  assert.equal((await failure(createRpcClient(garbage).call('eth_chainId', []))).code, 'rpc-malformed');
  const wrongId = await serve((body, res) => reply(res, { jsonrpc: '2.0', id: body.id + 1, result: '0x1' }));
  assert.equal((await failure(createRpcClient(wrongId).call('eth_chainId', []))).code, 'rpc-malformed');
  const html = await serve((_b, res) => res.writeHead(502).end('<html>bad gateway</html>'));
  const error = await failure(createRpcClient(html).call('eth_chainId', []));
  assert.equal(error.code, 'rpc-http-error');
  assert.match(error.message, /HTTP 502/);
});

test('an RPC error is reported with the node message; a wrong chain is refused', async () => {
  const url = await serve((body, res) =>
    body.method === 'eth_chainId' ? reply(res, { jsonrpc: '2.0', id: body.id, result: '0x1' }) : reply(res, { jsonrpc: '2.0', id: body.id, error: { code: -32000, message: 'nonce too low' } }),
  );
  const client = createRpcClient(url);
  const error = await failure(client.call('eth_sendRawTransaction', ['0x00']));
  assert.equal(error.code, 'rpc-error');
  assert.equal(error.params.rpcMessage, 'nonce too low');
  const mismatch = await failure(assertChain(client, 31337n));
  assert.equal(mismatch.code, 'rpc-chain-mismatch');
  assert.match(mismatch.message, /serves chain 1, not chain 31337/);
});

test('refuses URLs that are not http(s) and quantities that are not hex', () => {
  assert.throws(() => parseEndpoint('file:///etc/passwd'), (e: AirlockError) => e.code === 'rpc-url-invalid');
  assert.throws(() => parseEndpoint('not a url'), (e: AirlockError) => e.code === 'rpc-url-invalid');
  assert.equal(quantity('0x0', 'x', 'n'), 0n);
  for (const bad of ['0x', '0x01', '12', 12, null, '0x' + 'f'.repeat(65)]) assert.throws(() => quantity(bad, 'x', 'n'), (e: AirlockError) => e.code === 'rpc-malformed');
});

test('H-10 refuses link-local and cloud metadata endpoints however written, unless their host is allowed', () => {
  const forbidden = ['http://169.254.169.254/latest', 'http://2852039166/', 'http://0xa9fea9fe/', 'http://[fd00:ec2::254]/', 'http://[::ffff:169.254.169.254]/', 'http://[fe80::1]:8545/', 'https://169.254.1.1./'];
  for (const url of forbidden) assert.throws(() => parseEndpoint(url), (e: AirlockError) => e.code === 'rpc-url-forbidden' && /--allow-rpc-host/.test(e.message), url);
  assert.equal(parseEndpoint('http://169.254.169.254:8545/', { allowHosts: ['169.254.169.254'] }).port, '8545');
  assert.equal(isLinkLocalOrMetadata('127.0.0.1'), false);
  assert.equal(isLinkLocalOrMetadata('10.0.0.1'), false);
  assert.equal(isLinkLocalOrMetadata('rpc.example.org'), false, 'names are checked when they resolve');
});

test('a URL that does not parse is refused without repeating it (it may hold a password)', () => {
  const error = (() => {
    try {
      parseEndpoint('https://alice:hunter2@[rpc.example.org/key');
    } catch (e) {
      return e as AirlockError;
    }
  })();
  assert.equal(error?.code, 'rpc-url-invalid');
  assert.doesNotMatch(error!.message, /hunter2|alice/);
});

test('credentials in the URL become HTTP Basic authentication and never appear in the label or an error', async () => {
  let seen: string | undefined;
  const url = await serve((body, res, req) => {
    seen = req.headers.authorization;
    res.writeHead(503).end('maintenance');
  });
  const client = createRpcClient(url.replace('http://', 'http://alice:p%40ss@'));
  const error = await failure(client.call('eth_chainId', []));
  assert.equal(seen, 'Basic ' + Buffer.from('alice:p@ss').toString('base64'));
  assert.equal(error.code, 'rpc-http-error');
  assert.doesNotMatch(client.label + error.message, /alice|p@ss|p%40ss/);
});

test('a redirect is reported as one, naming only where it leads, and is not followed', async () => {
  let followed = false;
  const elsewhere = await serve(() => (followed = true));
  const target = elsewhere.replace('http://', 'http://mallory:hunter2@');
  const url = await serve((_b, res) => res.writeHead(301, { location: target }).end());
  const error = await failure(createRpcClient(url).call('eth_chainId', []));
  assert.equal(error.code, 'rpc-redirect');
  assert.match(error.message, new RegExp(`redirect \\(HTTP 301\\) to ${new URL(elsewhere).origin}\\. Airlock does not follow redirects`));
  assert.doesNotMatch(error.message, /hunter2|mallory/);
  assert.equal(followed, false);
});

test('HTTP 500 with a JSON result is never used as an answer; with a JSON-RPC error, the error is reported', async () => {
  const result = await serve((body, res) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: body.id, result: '0x1' })));
  const error = await failure(createRpcClient(result).call('eth_chainId', []));
  assert.equal(error.code, 'rpc-http-error');
  assert.match(error.message, /HTTP 500/);
  const refusal = await serve((body, res) => res.writeHead(400).end(JSON.stringify({ jsonrpc: '2.0', id: body.id, error: { code: -32000, message: 'nonce too low' } })));
  const refused = await failure(createRpcClient(refusal).call('eth_sendRawTransaction', ['0x00']));
  assert.equal(refused.code, 'rpc-error');
  assert.equal(refused.params.rpcMessage, 'nonce too low');
  assert.match(refused.message, /\(HTTP 400\)/);
});

test('H-19 an answer over 8 MiB stops being read at the cap, whether declared up front or streamed', async () => {
  let pushed = 0;
  const streamed = await serve((_b, res) => {
    res.writeHead(200);
    const chunk = Buffer.alloc(1 << 20, 0x20);
    let closed = false;
    res.on('close', () => (closed = true));
    const pump = () => {
      while (!closed && pushed < 600 * (1 << 20)) {
        pushed += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
    };
    pump();
  });
  const error = await failure(createRpcClient(streamed).call('eth_getLogs', []));
  assert.equal(error.code, 'rpc-answer-too-large');
  assert.ok(pushed < 64 * (1 << 20), `the server could push only ${pushed} bytes before the client hung up`);
  const declared = await serve((_b, res) => res.writeHead(200, { 'content-length': String(MAX_RESPONSE_BYTES + 1) }).write('{'));
  const early = await failure(createRpcClient(declared).call('eth_getLogs', []));
  assert.equal(early.code, 'rpc-answer-too-large');
  assert.match(early.message, /an answer of 8 MiB/);
});

test('an answer that trickles is cut at the per-call timeout, saying it had started', async () => {
  const url = await serve((_b, res) => {
    res.writeHead(200);
    const timer = setInterval(() => res.write(' '), 20);
    res.on('close', () => clearInterval(timer));
  });
  const error = await failure(createRpcClient(url, { timeoutMs: 300 }).call('eth_blockNumber', []));
  assert.equal(error.code, 'rpc-timeout');
  assert.match(error.message, /started answering eth_blockNumber but had sent only \d+ bytes after 0.3 s/);
});

test('at most 8 calls are in flight to one endpoint, and a deadline ends a queued call with its own error', async () => {
  let inFlight = 0;
  let most = 0;
  let holding = true;
  const held: (() => void)[] = [];
  const url = await serve((body, res) => {
    most = Math.max(most, ++inFlight);
    const answer = () => {
      inFlight--;
      reply(res, { jsonrpc: '2.0', id: body.id, result: '0x1' });
    };
    if (holding) held.push(answer);
    else answer();
  });
  const client = createRpcClient(url);
  const calls = Array.from({ length: 20 }, () => client.call('eth_blockNumber', []));
  while (held.length < 8) await new Promise((resolve) => setImmediate(resolve));
  // Eight are held at the server, twelve wait their turn; one more, under a deadline, waits too until it passes.
  const controller = new AbortController();
  const late = withDeadline(client, controller.signal).call('eth_blockNumber', []);
  controller.abort(new AirlockError('snapshot-deadline', 'The snapshot did not finish within its deadline.'));
  assert.equal((await failure(late)).code, 'snapshot-deadline');
  holding = false;
  for (const answer of held.splice(0)) answer();
  await Promise.all(calls);
  assert.equal(most, 8);
  assert.equal(client.requests, 20, 'the call stopped by its deadline was never sent');
});

test('text an endpoint writes in an error is bounded and shows no control or bidi character', async () => {
  const url = await serve((body, res) => reply(res, { jsonrpc: '2.0', id: body.id, error: { code: -32000, message: 'ok\u202e\u0007gnp.exe' + 'x'.repeat(5000) } }));
  const error = await failure(createRpcClient(url).call('eth_call', []));
  assert.equal(error.code, 'rpc-error');
  assert.doesNotMatch(error.message, /[\u202e\u0007]/);
  assert.match(error.message, /ok\ufffd\ufffdgnp\.exe/);
  assert.ok(error.message.length < 500);
});

test('chain ids outside 1 … 2^63−37 are refused as out of range', async () => {
  const url = await serve((body, res) => reply(res, { jsonrpc: '2.0', id: body.id, result: '0x' + 'f'.repeat(64) }));
  const error = await failure(assertChain(createRpcClient(url), 1n));
  assert.equal(error.code, 'rpc-value-out-of-range');
  assert.equal(MAX_CHAIN_ID, 9223372036854775771n);
});

test('a name is resolved through the guarded lookup and called when it resolves to an ordinary address', async () => {
  const url = await serve((body, res) => reply(res, { jsonrpc: '2.0', id: body.id, result: '0x7a69' }));
  const byName = url.replace('127.0.0.1', 'localhost');
  assert.equal(await createRpcClient(byName).call('eth_chainId', []), '0x7a69');
});
