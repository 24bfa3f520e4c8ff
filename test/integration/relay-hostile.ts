// A hostile JSON-RPC endpoint of our own for the relay's integration tests: a node:http server on loopback that
// forwards each call to a real anvil unless a behaviour answers it otherwise (lies, errors, huge or endless
// bodies, redirects), and the `airlock` CLI run asynchronously (so this process keeps serving) with its peak RSS.
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { keccak256 } from 'ethers';
import { CLI_PATH, jsonOrNull } from '../helpers/cli';

export interface RpcCall {
  id: unknown;
  method: string;
  params: any[];
  /** The Authorization header the caller sent, if any. */
  authorization: string | undefined;
}

/** What a behaviour does with a call: a result, a JSON-RPC error, the raw HTTP reply, or undefined to forward it. */
export type Reply = { result?: unknown; error?: unknown } | { http: (res: ServerResponse) => void } | undefined;
/** `forward` passes the call to the upstream anvil, with other params when given. */
export type Behaviour = (call: RpcCall, forward: (params?: unknown[]) => Promise<{ result?: any; error?: any }>) => Reply | Promise<Reply>;

export interface HostileEndpoint {
  url: string;
  /** Every call received, in order. */
  calls: RpcCall[];
}

const open: { close(): void }[] = [];
after(() => {
  for (const server of open) server.close();
});

export async function hostileEndpoint(upstream: string | null, behaviour: Behaviour, path = '/'): Promise<HostileEndpoint> {
  const calls: RpcCall[] = [];
  const server = createServer((req, res) => {
    // A behaviour still answering after its test ended (anvil stopped) just drops the connection.
    void readBody(req).then(async (text) => {
      const body = JSON.parse(text) as { id: unknown; method: string; params: any[] };
      const call = { id: body.id, method: body.method, params: body.params, authorization: req.headers.authorization };
      calls.push(call);
      const forward = (params?: unknown[]) => forwardCall(upstream, body.method, params ?? body.params);
      const reply = (await behaviour(call, forward)) ?? (await forward());
      if ('http' in reply && reply.http) return reply.http(res);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: body.id, ...reply }));
    }).catch(() => res.destroy());
  });
  open.push({ close: () => (server.closeAllConnections(), server.close()) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}${path}`, calls };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => resolve(text));
  });
}

async function forwardCall(upstream: string | null, method: string, params: unknown[]): Promise<{ result?: any; error?: any }> {
  if (!upstream) return { error: { code: -32601, message: `no upstream for ${method}` } };
  const response = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const json = (await response.json()) as { result?: unknown; error?: unknown };
  return 'error' in json ? { error: json.error } : { result: json.result };
}

/** The hash an honest node returns for raw transaction bytes. */
export function hashOfRaw(rawHex: string): string {
  return keccak256(rawHex);
}

/** Streams `bytes` of a JSON text that never ends well, honouring backpressure; reports how much it managed to write. */
export function streamHuge(res: ServerResponse, bytes: number, declareLength: boolean, written: { bytes: number }): void {
  res.writeHead(200, { 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(bytes) } : {}) });
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  let closed = false;
  res.on('close', () => (closed = true));
  const pump = () => {
    while (!closed && written.bytes < bytes) {
      written.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!closed) res.end();
  };
  res.write('{"jsonrpc":"2.0","id":1,"result":"');
  pump();
}

export interface RelayRun {
  status: number | null;
  stdout: string;
  stderr: string;
  json: any;
  /** The CLI process's peak resident memory, from process.resourceUsage().maxRSS at exit. */
  maxRssBytes: number;
}

/** Reports the CLI's own peak RSS on stderr as it exits (pipes are written synchronously on POSIX). */
const MAX_RSS_PROBE = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nmax-rss-kb '+process.resourceUsage().maxRSS+'\\n'))`;

/** `airlock ARGS` as a subprocess, without blocking this process (whose servers must keep answering). */
export function runRelay(args: readonly string[], stdin = ''): Promise<RelayRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', MAX_RSS_PROBE, CLI_PATH, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.once('error', reject);
    child.once('close', (status) => {
      const rss = /max-rss-kb (\d+)/.exec(stderr);
      resolve({ status, stdout, stderr, json: jsonOrNull(stdout), maxRssBytes: rss ? Number(rss[1]) * 1024 : NaN });
    });
    child.stdin.end(stdin);
  });
}

/** `airlock relay snapshot` of `accounts` through the given endpoints, with any further arguments. */
export function relaySnapshot(db: string, rpc: readonly string[], accounts: readonly string[], extra: readonly string[] = []): Promise<RelayRun> {
  return runRelay(['relay', 'snapshot', '--json', '--db', db, ...rpc.flatMap((url) => ['--rpc', url]), '--account', ...accounts, ...extra]);
}

/** The run ended in a JSON error with exit 2, this code and this sentence, and signed nothing. */
export function assertRefused(run: RelayRun, code: string, message: RegExp): void {
  assert.equal(run.status, 2, run.stdout + run.stderr);
  assert.equal(run.json?.error?.code, code, run.stdout);
  assert.match(run.json.error.message, message);
  assert.ok(!('signature' in run.json), 'nothing was signed');
}
