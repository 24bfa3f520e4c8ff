// The relay's RPC endpoints: one list, made at start-up and handed to the views in their context. In the relay app it
// is loaded from and saved to the relay's database (relay.endpoints / relay.saveEndpoints), so a restart keeps it;
// without storage it lives in this window's memory only, and the Endpoints view says which. No DOM here.
import type { Bridge } from '../bridge';
import { toPublicError } from '../bridge';

export const MAX_ENDPOINTS = 4;

export interface RelayEndpoints {
  /** The endpoints in order; the first one is primary, the others cross-check it. */
  list(): readonly string[];
  /** Adds a checked URL (normalised by the URL parser); returns the problem sentence instead when refused. */
  add(text: string): string | null;
  remove(url: string): void;
  /** Called on every change; returns the unsubscribe function for a view's dispose. */
  subscribe(listener: () => void): () => void;
  /** Whether the list is kept across restarts (saved by main), or in this window only. */
  readonly persistent: boolean;
  /** Why the last save failed, or null: the list on screen is then not what a restart brings back. */
  saveProblem(): string | null;
  /** Whether a change is still being saved. */
  saving(): boolean;
  /** Resolves once the saved list is loaded and every change so far is saved (or failed). */
  settled(): Promise<void>;
}

/** Where the list is kept between starts. */
export interface EndpointStorage {
  load(): Promise<readonly string[]>;
  save(urls: readonly string[]): Promise<unknown>;
}

/** The relay's database through the bridge. */
export function bridgeEndpointStorage(bridge: Bridge): EndpointStorage {
  return {
    load: async () => (await bridge.call('relay.endpoints', {})).endpoints,
    save: (urls) => bridge.call('relay.saveEndpoints', { endpoints: [...urls] }),
  };
}

/** Checks one URL as typed: a sentence for the person when it is not a usable http(s) RPC endpoint. */
export function endpointProblem(text: string, current: readonly string[]): string | null {
  const trimmed = text.trim();
  if (!trimmed) return 'Type the RPC endpoint URL, for example https://rpc.example.org or http://127.0.0.1:8545.';
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return `"${trimmed.slice(0, 80)}" is not a URL. Type it in full, starting with https:// or http://.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `An RPC endpoint starts with https:// or http://, not ${url.protocol}//.`;
  if (url.username || url.password) return 'Leave user names and passwords out of the URL: the relay shows its endpoints on screen.';
  if (current.includes(url.href)) return 'This endpoint is already in the list.';
  if (current.length >= MAX_ENDPOINTS) return `At most ${MAX_ENDPOINTS} endpoints: remove one first.`;
  return null;
}

export function createRelayEndpoints(storage?: EndpointStorage): RelayEndpoints {
  let endpoints: readonly string[] = [];
  let problem: string | null = null;
  let changedHere = false;
  let unsaved = 0;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  // Saves run one after another, each with the list as it is then: the last one stored is the last one shown.
  let queue: Promise<void> = storage
    ? storage.load().then(
        (saved) => {
          if (!changedHere) endpoints = [...saved];
          notify();
        },
        (error) => failed(error),
      )
    : Promise.resolve();
  function failed(error: unknown): void {
    problem = toPublicError(error).message;
    notify();
  }
  const set = (next: readonly string[]) => {
    endpoints = next;
    changedHere = true;
    if (storage) unsaved += 1;
    notify();
    if (!storage) return;
    queue = queue.then(() =>
      storage.save(endpoints).then(
        () => {
          unsaved -= 1;
          problem = null;
          notify();
        },
        (error) => {
          unsaved -= 1;
          failed(error);
        },
      ),
    );
  };
  return {
    list: () => endpoints,
    add(text) {
      const refused = endpointProblem(text, endpoints);
      if (refused) return refused;
      set([...endpoints, new URL(text.trim()).href]);
      return null;
    },
    remove: (url) => set(endpoints.filter((e) => e !== url)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    persistent: storage !== undefined,
    saveProblem: () => problem,
    saving: () => unsaved > 0,
    settled: () => queue,
  };
}
