// The relay's saved RPC endpoints, remembered across restarts: each checked as every endpoint is (http or https,
// no link-local or cloud metadata host), public URLs only (no user name or password, since the list is stored and
// shown), at most four, none twice. Saving replaces the list in one transaction with its audit entry.
import { AirlockError } from '../../../shared/errors';
import { appendAuditEntry } from '../../db/audit';
import type { Db } from '../../db/connection';
import { readRelayEndpoints, replaceRelayEndpoints } from '../../db/relay';
import type { Clock } from '../deps';
import { endpointLabel, parseEndpoint } from './rpc';

export const MAX_SAVED_ENDPOINTS = 4;

export interface RelayEndpointStore {
  list(): string[];
  /** Replaces the saved list (in order: the first is primary); returns it as stored, normalised. */
  save(urls: readonly string[]): string[];
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
  };
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
