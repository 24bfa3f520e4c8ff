// Asks main every 2 s which network interfaces are up; the air-gap banner and status bar listen.
import type { NetworkStatus } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { toPublicError, type Bridge } from '../bridge';

export type NetworkState =
  | { kind: 'checking' }
  | { kind: 'checked'; status: NetworkStatus }
  /** The check itself failed: the vault cannot claim to be offline. */
  | { kind: 'unknown'; error: PublicError };

export interface NetworkMonitor {
  current(): NetworkState;
  /** Calls the listener now and after every check; returns the unsubscribe function. */
  subscribe(listener: (state: NetworkState) => void): () => void;
  stop(): void;
}

export const NETWORK_POLL_MS = 2000;

export function startNetworkMonitor(bridge: Bridge, intervalMs = NETWORK_POLL_MS): NetworkMonitor {
  let state: NetworkState = { kind: 'checking' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const listeners = new Set<(state: NetworkState) => void>();

  const publish = (next: NetworkState) => {
    state = next;
    for (const listener of listeners) listener(state);
  };

  // A chain of timeouts, not an interval: a slow answer never overlaps the next question.
  const poll = async () => {
    try {
      publish({ kind: 'checked', status: await bridge.call('network.status', {}) });
    } catch (error) {
      publish({ kind: 'unknown', error: toPublicError(error) });
    }
    if (!stopped) timer = setTimeout(() => void poll(), intervalMs);
  };
  void poll();

  return {
    current: () => state,
    subscribe(listener) {
      listeners.add(listener);
      listener(state);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      listeners.clear();
    },
  };
}
