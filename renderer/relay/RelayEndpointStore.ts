// The relay's RPC endpoints for this window's session. No bridge channel persists them yet, so they live
// in this window's memory only: restarting the relay forgets them (the Endpoints view says so plainly).

const MAX_ENDPOINTS = 4;
let endpoints: string[] = [];
const listeners = new Set<() => void>();

/** The endpoints in order; the first one is primary, the others cross-check it. */
export function relayEndpoints(): readonly string[] {
  return endpoints;
}

/** Checks one URL as typed: a sentence for the person when it is not a usable http(s) RPC endpoint. */
export function endpointProblem(text: string, current: readonly string[] = endpoints): string | null {
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

/** Adds a checked URL (normalised by the URL parser); returns the problem sentence instead when refused. */
export function addRelayEndpoint(text: string): string | null {
  const problem = endpointProblem(text);
  if (problem) return problem;
  endpoints = [...endpoints, new URL(text.trim()).href];
  notify();
  return null;
}

export function removeRelayEndpoint(url: string): void {
  endpoints = endpoints.filter((e) => e !== url);
  notify();
}

/** Called on every change; returns the unsubscribe function for a view's dispose. */
export function onRelayEndpoints(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  for (const listener of listeners) listener();
}
