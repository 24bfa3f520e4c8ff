// SECURITY(H-10): the only network code in Airlock. JSON-RPC over node:http(s) to the relay's configured
// endpoints: URLs checked (no link-local or cloud metadata address unless allowed, credentials never shown),
// no redirect followed, each answer read as a stream capped at 8 MiB, one timeout per call, an optional
// deadline over many calls, a few calls in flight per endpoint. Every failure is a typed error with a sentence.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { AirlockError } from '../../../shared/errors';
import { endpointText } from './endpoint-text';

export const DEFAULT_RPC_TIMEOUT_MS = 10_000;
/** A node's answer larger than this (8 MiB) is refused, and reading stops there. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const MAX_IN_FLIGHT = 8;
/** A JSON-RPC error's data longer than this (4 KiB of hex) is not kept: no revert reason needs more. */
export const MAX_ERROR_DATA_CHARS = 2 + 2 * 4096;

export interface RpcClient {
  /** The endpoint as shown to people: scheme, host and port only (paths often hold API keys; credentials never). */
  readonly label: string;
  /** Requests sent so far (for figures and for tests that prove none was sent). */
  readonly requests: number;
  /** One call; `signal` (a deadline over many calls) aborts it with the signal's reason. */
  call(method: string, params: readonly unknown[], signal?: AbortSignal): Promise<unknown>;
}

export interface RpcOptions {
  timeoutMs?: number;
  /** Hosts, exactly as written in their URL, allowed to be link-local or a cloud metadata address. */
  allowHosts?: readonly string[];
}

// SECURITY(H-10): the relay often runs on a cloud machine, where these addresses hand out its credentials.
const METADATA_ADDRESSES = new net.BlockList();
METADATA_ADDRESSES.addSubnet('169.254.0.0', 16, 'ipv4');
METADATA_ADDRESSES.addSubnet('fe80::', 10, 'ipv6');
METADATA_ADDRESSES.addAddress('fd00:ec2::254', 'ipv6');

/** True for a link-local or cloud metadata IP address (169.254.0.0/16, fe80::/10, fd00:ec2::254, IPv4-mapped too). */
export function isLinkLocalOrMetadata(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const family = net.isIP(bare);
  return family !== 0 && METADATA_ADDRESSES.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}

/** Parses an endpoint URL from settings or the command line: http(s) only; its text is never repeated (it may hold a password). */
export function parseEndpoint(text: string, options: Pick<RpcOptions, 'allowHosts'> = {}): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AirlockError('rpc-url-invalid', 'An RPC endpoint given is not a URL. Give one such as https://rpc.example.org or http://127.0.0.1:8545.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AirlockError('rpc-url-invalid', `The RPC endpoint must be an http:// or https:// URL, not ${endpointText(url.protocol, 20)}.`);
  }
  if (isLinkLocalOrMetadata(url.hostname) && !allowed(url.hostname, options.allowHosts)) throw forbiddenHost(endpointLabel(url));
  return url;
}

export function endpointLabel(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

function allowed(host: string, allowHosts: readonly string[] = []): boolean {
  return allowHosts.some((h) => h.toLowerCase() === host.toLowerCase());
}

function forbiddenHost(label: string): AirlockError {
  return new AirlockError(
    'rpc-url-forbidden',
    `The RPC endpoint ${label} is a link-local or cloud metadata address, which can hand out this machine's credentials; Airlock does not call it. If it truly is your node, allow its host explicitly (--allow-rpc-host).`,
  );
}

export function createRpcClient(endpoint: string, options: RpcOptions = {}): RpcClient {
  const url = parseEndpoint(endpoint, options);
  const target: Target = {
    url,
    label: endpointLabel(url),
    timeoutMs: options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS,
    authorization: basicAuthorization(url),
    allowHosts: options.allowHosts ?? [],
    agent: new (url.protocol === 'https:' ? https : http).Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT }),
  };
  const slots = slotQueue(MAX_IN_FLIGHT);
  let nextId = 1;
  let requests = 0;
  return {
    label: target.label,
    get requests() {
      return requests;
    },
    async call(method, params, signal) {
      await slots.acquire(signal);
      try {
        const id = nextId++;
        requests++;
        const answer = await post(target, method, JSON.stringify({ jsonrpc: '2.0', id, method, params }), signal);
        return parseReply(answer, target.label, method, id);
      } finally {
        slots.release();
      }
    },
  };
}

/** The same endpoint with every call bounded by `signal` (e.g. one deadline for a whole snapshot). */
export function withDeadline(client: RpcClient, signal: AbortSignal): RpcClient {
  return {
    label: client.label,
    get requests() {
      return client.requests;
    },
    call: (method, params) => client.call(method, params, signal),
  };
}

interface Target {
  url: URL;
  label: string;
  timeoutMs: number;
  authorization: string | null;
  allowHosts: readonly string[];
  agent: http.Agent;
}

interface Answer {
  status: number;
  text: string;
}

/** user:password in the URL becomes HTTP Basic authentication; neither ever appears in a label or message. */
function basicAuthorization(url: URL): string | null {
  if (!url.username && !url.password) return null;
  const pair = `${percentDecoded(url.username)}:${percentDecoded(url.password)}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a lone "%" is taken as written
  }
}

/** At most `size` calls in flight; the rest wait their turn (or give up when their deadline passes). */
function slotQueue(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    async acquire(signal?: AbortSignal): Promise<void> {
      if (signal?.aborted) throw abortReason(signal);
      if (free > 0) {
        free--;
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          waiting.splice(waiting.indexOf(turn), 1);
          reject(abortReason(signal!));
        };
        const turn = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        waiting.push(turn);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    release(): void {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

function abortReason(signal: AbortSignal): AirlockError {
  return signal.reason instanceof AirlockError ? signal.reason : new AirlockError('rpc-timeout', 'The RPC calls were stopped before they finished.');
}

function post(target: Target, method: string, body: string, signal?: AbortSignal): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    let settled = false;
    let received = 0;
    let answering = false;
    const finish = (error: AirlockError | null, answer?: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        request.destroy();
        reject(error);
      } else resolve(answer!);
    };
    const onAbort = () => finish(abortReason(signal!));
    let request: http.ClientRequest;
    try {
      request = (target.url.protocol === 'https:' ? https : http).request(target.url, {
        method: 'POST',
        agent: target.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          accept: 'application/json',
          ...(target.authorization ? { authorization: target.authorization } : {}),
        },
        lookup: guardedLookup(target),
      });
    } catch {
      // e.g. a user name or password with characters no HTTP header may carry; the message would quote them.
      return reject(new AirlockError('rpc-url-invalid', `The RPC endpoint ${target.label} cannot be called as written: its user name or password holds characters HTTP does not allow.`));
    }
    const timer = setTimeout(() => finish(timeout(target, method, answering, received)), target.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => finish(error instanceof AirlockError ? error : unreachable(target.label, error)));
    request.on('response', (response) => {
      answering = true;
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) return finish(redirected(target, method, status, response.headers.location));
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > MAX_RESPONSE_BYTES) return finish(tooLarge(target.label, method, `an answer of ${mib(declared)} MiB`));
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        // SECURITY(H-19): stop reading at the cap; the rest of a huge answer never reaches memory.
        if (received > MAX_RESPONSE_BYTES) return finish(tooLarge(target.label, method, 'an answer larger than 8 MiB'));
        chunks.push(chunk);
      });
      response.on('end', () => finish(null, { status, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (error) => finish(unreachable(target.label, error)));
      // Closed before its end (after 'end' this is a no-op): the answer is incomplete.
      response.on('close', () => finish(unreachable(target.label, { code: 'the connection closed mid-answer' })));
    });
    request.end(body);
  });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** Name resolution that refuses a name resolving to a link-local or metadata address (unless its host is allowed). */
function guardedLookup(target: Target) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const forbidden = addresses.some((a) => isLinkLocalOrMetadata(a.address));
      if (forbidden && !allowed(target.url.hostname, target.allowHosts)) return callback(forbiddenHost(target.label) as NodeJS.ErrnoException, '');
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
}

function parseReply(answer: Answer, label: string, method: string, id: number): unknown {
  const ok = answer.status >= 200 && answer.status < 300;
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    if (!ok) throw httpError(label, method, answer.status);
    throw malformed(label, method, 'text that is not JSON');
  }
  const reply = isRecord(json) && json.jsonrpc === '2.0' && json.id === id ? json : null;
  if (reply && isRecord(reply.error)) throw rpcError(label, method, reply.error, answer.status);
  // An HTTP failure is never an answer, whatever its body says.
  if (!ok) throw httpError(label, method, answer.status);
  if (!reply) throw malformed(label, method, 'JSON that is not a JSON-RPC 2.0 reply to this request');
  if (!('result' in reply)) throw malformed(label, method, 'a JSON-RPC reply with neither result nor error');
  return reply.result;
}

function rpcError(label: string, method: string, error: Record<string, unknown>, status: number): AirlockError {
  const message = typeof error.message === 'string' ? endpointText(error.message, 300) : 'no message';
  const code = typeof error.code === 'number' && Number.isSafeInteger(error.code) ? error.code : null;
  const http = status >= 200 && status < 300 ? '' : ` (HTTP ${status})`;
  // The error's data (a call's revert data) is kept only as bounded text; whoever reads it checks it is hex.
  const data = typeof error.data === 'string' ? error.data : null;
  const oversized = data !== null && data.length > MAX_ERROR_DATA_CHARS;
  return new AirlockError('rpc-error', `The RPC endpoint ${label} refused ${method}: ${message}${code === null ? '' : ` (code ${code})`}${http}.`, {
    rpcCode: code,
    rpcMessage: message,
    rpcData: oversized ? null : data,
    rpcDataOversized: oversized,
  });
}

function httpError(label: string, method: string, status: number): AirlockError {
  return new AirlockError('rpc-http-error', `The RPC endpoint ${label} answered ${method} with HTTP ${status}. Check the URL, your API key and the provider's status.`, { status });
}

function redirected(target: Target, method: string, status: number, location: string | undefined): AirlockError {
  let where = 'another address';
  try {
    if (location) where = endpointLabel(new URL(location, target.url));
  } catch {
    // an unparseable Location stays "another address"
  }
  return new AirlockError(
    'rpc-redirect',
    `The RPC endpoint ${target.label} answered ${method} with a redirect (HTTP ${status}) to ${endpointText(where, 120)}. Airlock does not follow redirects; give the final address of your node instead.`,
    { status },
  );
}

function tooLarge(label: string, method: string, what: string): AirlockError {
  return new AirlockError('rpc-answer-too-large', `The RPC endpoint ${label} answered ${method} with ${what}; Airlock reads at most 8 MiB and stopped. It is not a working Ethereum node, or the request asks for too much.`);
}

function timeout(target: Target, method: string, answering: boolean, received: number): AirlockError {
  const seconds = Math.round(target.timeoutMs / 100) / 10;
  const what = answering ? `started answering ${method} but had sent only ${received} bytes after ${seconds} s` : `did not answer ${method} within ${seconds} s`;
  return new AirlockError('rpc-timeout', `The RPC endpoint ${target.label} ${what}. It may be overloaded or stuck; try again or use another endpoint.`);
}

function unreachable(label: string, error: unknown): AirlockError {
  return new AirlockError('rpc-unreachable', `The RPC endpoint ${label} cannot be reached (${causeOf(error)}). Check that the node is running, the URL and this machine's connection.`);
}

function malformed(label: string, method: string, what: string): AirlockError {
  return new AirlockError('rpc-malformed', `The RPC endpoint ${label} answered ${method} with ${what}. It is not a working Ethereum node; check the URL.`);
}

function causeOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? endpointText(code, 60) : 'connection failed';
}

function mib(bytes: number): string {
  return (Math.round((bytes / 1024 / 1024) * 10) / 10).toString();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Typed readers of the few result shapes the relay uses

export function quantity(value: unknown, label: string, what: string): bigint {
  if (typeof value !== 'string' || !/^0x(0|[1-9a-f][0-9a-f]*)$/i.test(value) || value.length > 66) {
    throw new AirlockError('rpc-malformed', `The RPC endpoint ${label} gave ${what} as ${endpointText(JSON.stringify(value) ?? 'nothing', 40)}, not a hex quantity. It is not a working Ethereum node.`);
  }
  return BigInt(value);
}

/** A quantity that must lie in [min, max]: a value outside is refused with what was expected. */
export function boundedQuantity(value: unknown, label: string, what: string, min: bigint, max: bigint): bigint {
  const n = quantity(value, label, what);
  if (n < min || n > max) {
    throw new AirlockError('rpc-value-out-of-range', `The RPC endpoint ${label} gave ${what} as ${n}, outside what a real chain can have (${min} to ${max}). Do not trust this endpoint.`);
  }
  return n;
}

export function dataBytes(value: unknown, label: string, what: string): Uint8Array {
  if (typeof value !== 'string' || !/^0x([0-9a-f]{2})*$/i.test(value)) {
    throw new AirlockError('rpc-malformed', `The RPC endpoint ${label} gave ${what} as something that is not hex data. It is not a working Ethereum node.`);
  }
  return Uint8Array.from(Buffer.from(value.slice(2), 'hex'));
}

/** A 32-byte hash as lower-case 0x hex. */
export function hash32(value: unknown, label: string, what: string): string {
  if (typeof value !== 'string' || !/^0x[0-9a-f]{64}$/i.test(value)) {
    throw new AirlockError('rpc-malformed', `The RPC endpoint ${label} gave ${what} that is not a 32-byte hash. It is not a working Ethereum node.`);
  }
  return value.toLowerCase();
}

/** Chain ids above EIP-2294's bound cannot be signed into a transaction by every wallet; none is in use. */
export const MAX_CHAIN_ID = (2n ** 64n - 1n) / 2n - 36n;

/** eth_chainId, within 1 … MAX_CHAIN_ID. */
export async function readChainId(client: RpcClient): Promise<bigint> {
  return boundedQuantity(await client.call('eth_chainId', []), client.label, 'the chain id', 1n, MAX_CHAIN_ID);
}

/** Asks eth_chainId and refuses an endpoint on another chain than expected. */
export async function assertChain(client: RpcClient, expected: bigint): Promise<void> {
  const actual = await readChainId(client);
  if (actual !== expected) {
    throw new AirlockError(
      'rpc-chain-mismatch',
      `The RPC endpoint ${client.label} serves chain ${actual}, not chain ${expected}. Use endpoints of one chain only.`,
      { expected: expected.toString(), actual: actual.toString() },
    );
  }
}
