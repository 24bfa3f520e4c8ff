// The relay's saved RPC endpoints, remembered across restarts: each checked as every endpoint is (http or https,
// no link-local or cloud metadata host), public URLs only (no user name or password, since the list is stored and
// shown), at most four, none twice. Saving replaces the list in one transaction with its audit entry. Each carries
// the chain its eth_chainId first answered (audited): work for chain X never goes to an endpoint saved for chain Y,
// and an endpoint that later answers another chain is refused.
import { AirlockError } from '../../../shared/errors';
import { appendAuditEntry } from '../../db/audit';
import type { Db } from '../../db/connection';
import { readRelayEndpointChains, readRelayEndpoints, recordRelayEndpointChain, replaceRelayEndpoints, type SavedEndpointRecord } from '../../db/relay';
import type { Clock } from '../deps';
import { boundedQuantity, endpointLabel, MAX_CHAIN_ID, parseEndpoint, type RpcClient } from './rpc';

export const MAX_SAVED_ENDPOINTS = 4;

export interface RelayEndpointStore {
  list(): string[];
  /** The saved endpoints with the chain each serves (null: not used since it was saved). */
  chains(): SavedEndpointRecord[];
  /** Replaces the saved list (in order: the first is primary); returns it as stored, normalised. */
  save(urls: readonly string[]): string[];
  /**
   * The clients for `urls` on `chainId` (when the work's chain is known before asking any endpoint; else the chain the
   * saved ones among them serve): endpoints saved for another chain are left out unasked, and each saved endpoint's
   * eth_chainId answer is held to its recorded chain (recorded at its first answer).
   */
  route(urls: readonly string[], chainId: bigint | undefined, connect: (url: string) => RpcClient): { clients: RpcClient[]; chainId: bigint | undefined };
}

export function createRelayEndpointStore({ db, clock, actor }: { db: Db; clock: Clock; actor: string }): RelayEndpointStore {
  return {
    list: () => readRelayEndpoints(db),
    save(texts) {
      const urls = parseSavedEndpoints(texts);
      db.transaction(() => {
        const at = clock.now();
        replaceRelayEndpoints(db, urls, at);
        // Hosts only: a provider's API key often sits in the URL's path.
        appendAuditEntry(db, { at, actor, action: 'relay-endpoints-saved', details: { count: urls.length, hosts: urls.map((u) => endpointLabel(new URL(u))).join(', ') } });
      }).immediate();
      return urls;
    },
    chains: () => readRelayEndpointChains(db),
    route(urls, chainId, connect) {
      const saved = new Map(readRelayEndpointChains(db).map((e) => [e.url, e.chainId]));
      const given = urls.map((text) => ({ text, chain: saved.get(normalised(text)) ?? null }));
      const chain = chainId ?? onlyChain(given);
      const kept = chain === undefined ? given : given.filter((g) => g.chain === null || g.chain === chain.toString());
      if (kept.length === 0) {
        const where = given.map((g) => `${labelOf(g.text)} is saved for chain ${g.chain}`).join(', ');
        throw new AirlockError('rpc-endpoint-other-chain', `No endpoint given serves chain ${chain}: ${where}. Nothing was sent; add an endpoint of chain ${chain}.`, { chainId: String(chain) });
      }
      const clients = kept.map((g) => (saved.has(normalised(g.text)) ? heldToItsChain(connect(g.text), normalised(g.text)) : connect(g.text)));
      return { clients, chainId: chain };
    },
  };

  /** The saved endpoint's eth_chainId answers must be the chain it first answered; its first answer is recorded. */
  function heldToItsChain(client: RpcClient, url: string): RpcClient {
    return {
      label: client.label,
      get requests() {
        return client.requests;
      },
      async call(method, params, signal) {
        const answer = await client.call(method, params, signal);
        if (method !== 'eth_chainId') return answer;
        let served: bigint;
        try {
          served = boundedQuantity(answer, client.label, 'the chain id', 1n, MAX_CHAIN_ID);
        } catch {
          return answer; // The caller's own reading refuses it, with its sentence; nothing is recorded.
        }
        const recorded = readRelayEndpointChains(db).find((e) => e.url === url)?.chainId ?? null;
        if (recorded === null) record(url, client.label, served);
        else if (recorded !== served.toString()) {
          throw new AirlockError(
            'rpc-chain-mismatch',
            `The RPC endpoint ${client.label} was saved for chain ${recorded} and now serves chain ${served}. It was not used: check it (a provider may have repointed it), then remove and add it again.`,
            { expected: recorded, actual: served.toString() },
          );
        }
        return answer;
      },
    };
  }

  function record(url: string, label: string, chainId: bigint): void {
    db.transaction(() => {
      const at = clock.now();
      if (recordRelayEndpointChain(db, url, chainId.toString(), at)) appendAuditEntry(db, { at, actor, action: 'relay-endpoint-chain-seen', details: { host: label, chainId: chainId.toString() } });
    }).immediate();
  }
}

/** The chain the saved endpoints among `given` serve, when they agree; endpoints saved for two chains are refused. */
function onlyChain(given: readonly { text: string; chain: string | null }[]): bigint | undefined {
  const chains = [...new Set(given.flatMap((g) => (g.chain === null ? [] : [g.chain])))];
  if (chains.length > 1) {
    const where = given.filter((g) => g.chain !== null).map((g) => `${labelOf(g.text)}: chain ${g.chain}`).join(', ');
    throw new AirlockError('rpc-endpoints-mixed-chains', `These endpoints are saved for different chains (${where}). Nothing was asked: give the endpoints of one chain.`);
  }
  return chains[0] === undefined ? undefined : BigInt(chains[0]);
}

/** The URL as saved endpoints are stored; a text that is no URL stays as typed (the client refuses it). */
function normalised(text: string): string {
  try {
    return new URL(text.trim()).href;
  } catch {
    return text;
  }
}

function labelOf(text: string): string {
  try {
    return endpointLabel(new URL(text.trim()));
  } catch {
    return 'an endpoint';
  }
}

/** The list as it will be stored, or the first reason it cannot be (nothing is saved then). */
export function parseSavedEndpoints(texts: readonly string[]): string[] {
  if (texts.length > MAX_SAVED_ENDPOINTS) throw new AirlockError('usage-invalid', `At most ${MAX_SAVED_ENDPOINTS} endpoints can be saved; remove one first.`);
  const urls = texts.map((text, i) => {
    const url = parseEndpoint(text.trim());
    if (url.username || url.password) {
      throw new AirlockError('rpc-url-invalid', `Endpoint ${i + 1} holds a user name or password: leave them out, since the relay stores and shows its endpoints.`);
    }
    return url.href;
  });
  if (new Set(urls).size !== urls.length) throw new AirlockError('usage-invalid', 'The same endpoint is listed twice; an endpoint cannot cross-check itself.');
  return urls;
}
