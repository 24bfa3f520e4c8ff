// SECURITY(H-10): the only network code in Airlock. JSON-RPC over fetch to the relay's configured
// endpoints, one timeout per call; every failure becomes a typed error with a sentence. The vault
// never imports this folder (test/unit/architecture/rules.ts).
import { AirlockError } from '../../../shared/errors';

export const DEFAULT_RPC_TIMEOUT_MS = 10_000;
/** A node's answer larger than this (8 MiB) is refused rather than parsed. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export interface RpcClient {
  /** The endpoint as shown to people: scheme, host and port only (paths often hold API keys). */
  readonly label: string;
  call(method: string, params: readonly unknown[]): Promise<unknown>;
}

export interface RpcOptions {
  timeoutMs?: number;
}

/** Parses an endpoint URL from settings or the command line: http(s) only. */
export function parseEndpoint(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AirlockError('rpc-url-invalid', `"${text.slice(0, 80)}" is not a URL. Give an RPC endpoint such as https://rpc.example.org or http://127.0.0.1:8545.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AirlockError('rpc-url-invalid', `The RPC endpoint must be an http:// or https:// URL, not ${url.protocol}.`);
  }
  return url;
}

export function endpointLabel(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

export function createRpcClient(endpoint: string, options: RpcOptions = {}): RpcClient {
  const url = parseEndpoint(endpoint);
  const label = endpointLabel(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
  let nextId = 1;
  return {
    label,
    async call(method, params) {
      const id = nextId++;
      const text = await post(url, label, timeoutMs, method, JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      return parseReply(text, label, method, id);
    },
  };
}

async function post(url: URL, label: string, timeoutMs: number, method: string, body: string): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: controller.signal, redirect: 'error' });
    const text = await response.text();
    if (text.length > MAX_RESPONSE_BYTES) throw malformed(label, method, 'an answer larger than 8 MiB');
    if (!response.ok && !text.trimStart().startsWith('{')) {
      throw new AirlockError('rpc-http-error', `The RPC endpoint ${label} answered ${method} with HTTP ${response.status}. Check the URL, your API key and the provider's status.`, {
        status: response.status,
      });
    }
    return text;
  } catch (error) {
    if (error instanceof AirlockError) throw error;
    if (controller.signal.aborted) {
      throw new AirlockError(
        'rpc-timeout',
        `The RPC endpoint ${label} did not answer ${method} within ${Math.round(timeoutMs / 100) / 10} s. It may be overloaded or stuck; try again or use another endpoint.`,
      );
    }
    throw new AirlockError('rpc-unreachable', `The RPC endpoint ${label} cannot be reached (${causeOf(error)}). Check that the node is running, the URL and this machine's connection.`);
  } finally {
    clearTimeout(timer);
  }
}

function parseReply(text: string, label: string, method: string, id: number): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw malformed(label, method, 'text that is not JSON');
  }
  if (!isRecord(json) || json.jsonrpc !== '2.0' || json.id !== id) throw malformed(label, method, 'JSON that is not a JSON-RPC 2.0 reply to this request');
  if (isRecord(json.error)) {
    const message = typeof json.error.message === 'string' ? json.error.message.slice(0, 300) : 'no message';
    const code = typeof json.error.code === 'number' ? json.error.code : null;
    throw new AirlockError('rpc-error', `The RPC endpoint ${label} refused ${method}: ${message}${code === null ? '' : ` (code ${code})`}.`, {
      rpcCode: code,
      rpcMessage: message,
    });
  }
  if (!('result' in json)) throw malformed(label, method, 'a JSON-RPC reply with neither result nor error');
  return json.result;
}

function malformed(label: string, method: string, what: string): AirlockError {
  return new AirlockError('rpc-malformed', `The RPC endpoint ${label} answered ${method} with ${what}. It is not a working Ethereum node; check the URL.`);
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === 'string' ? cause.code : 'connection failed';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Typed readers of the few result shapes the relay uses

export function quantity(value: unknown, label: string, what: string): bigint {
  if (typeof value !== 'string' || !/^0x(0|[1-9a-f][0-9a-f]*)$/i.test(value) || value.length > 66) {
    throw new AirlockError('rpc-malformed', `The RPC endpoint ${label} gave ${what} as ${JSON.stringify(value)?.slice(0, 40)}, not a hex quantity. It is not a working Ethereum node.`);
  }
  return BigInt(value);
}

export function dataBytes(value: unknown, label: string, what: string): Uint8Array {
  if (typeof value !== 'string' || !/^0x([0-9a-f]{2})*$/i.test(value)) {
    throw new AirlockError('rpc-malformed', `The RPC endpoint ${label} gave ${what} as something that is not hex data. It is not a working Ethereum node.`);
  }
  return Uint8Array.from(Buffer.from(value.slice(2), 'hex'));
}

/** Asks eth_chainId and refuses an endpoint on another chain than expected. */
export async function assertChain(client: RpcClient, expected: bigint): Promise<void> {
  const actual = quantity(await client.call('eth_chainId', []), client.label, 'the chain id');
  if (actual !== expected) {
    throw new AirlockError(
      'rpc-chain-mismatch',
      `The RPC endpoint ${client.label} serves chain ${actual}, not chain ${expected}. Use endpoints of one chain only.`,
      { expected: expected.toString(), actual: actual.toString() },
    );
  }
}
