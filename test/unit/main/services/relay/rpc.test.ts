// The relay's JSON-RPC client against real local HTTP servers that misbehave in each way a node can:
// down, silent, garbage, an RPC error, another chain. Each gives its typed error and sentence.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AirlockError } from '../../../../../shared/errors';
import { assertChain, createRpcClient, parseEndpoint, quantity } from '../../../../../main/services/relay/rpc';
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
