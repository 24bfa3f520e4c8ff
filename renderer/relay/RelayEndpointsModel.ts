// The relay's RPC endpoints for this window's session. No bridge channel persists them yet, so they live in this
// window's memory only (one list, made at start-up and handed to the views in their context): restarting the relay
// forgets them, and the Endpoints view says so plainly. No DOM here.

export const MAX_ENDPOINTS = 4;

export interface RelayEndpoints {
  /** The endpoints in order; the first one is primary, the others cross-check it. */
  list(): readonly string[];
  /** Adds a checked URL (normalised by the URL parser); returns the problem sentence instead when refused. */
  add(text: string): string | null;
  remove(url: string): void;
  /** Called on every change; returns the unsubscribe function for a view's dispose. */
  subscribe(listener: () => void): () => void;
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

export function createRelayEndpoints(): RelayEndpoints {
  let endpoints: readonly string[] = [];
  const listeners = new Set<() => void>();
  const set = (next: readonly string[]) => {
    endpoints = next;
    for (const listener of listeners) listener();
  };
  return {
    list: () => endpoints,
    add(text) {
      const problem = endpointProblem(text, endpoints);
      if (problem) return problem;
      set([...endpoints, new URL(text.trim()).href]);
      return null;
    },
    remove: (url) => set(endpoints.filter((e) => e !== url)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
