// The relay's "several chains at once" snapshot without the DOM: the order for relay.snapshotSet (each chain read
// from its own typed endpoints, the same accounts, Safes, tokens and positions on every chain, as the CLI reads values
// without a chain prefix), the per-chain targets shown before and after taking it (which endpoints each chain is read
// from), the lines the saved endpoints of known chain make, and the per-chain summary shown above the set's one QR.
import type { RequestOf, ResponseOf } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { parseChainEndpointLines, setRefusal, type ChainEndpoints } from './ChainEndpointsModel';

export type SnapshotSetOrder = RequestOf<'relay.snapshotSet'>;
type TakenSet = ResponseOf<'relay.snapshotSet'>['set'];
type Order = Omit<RequestOf<'relay.snapshot'>, 'endpoints'>;

export interface ChainSummary {
  chainId: string;
  blockNumber: string;
  endpoints: number;
  /** The endpoints the chain was read from, as shown (scheme, host and port: a path may hold an API key). */
  targets: string[];
  accounts: number;
  safes: number;
  /** What the holder should know before relying on the chain's snapshot, in words. */
  warnings: string[];
}

export function snapshotSetOrder(chains: readonly ChainEndpoints[], order: Order): SnapshotSetOrder {
  return { chains: chains.map((c) => ({ chainId: c.chainId, endpoints: [...c.endpoints], ...order })) };
}

/** Each chain's endpoints as shown: the first is primary, the others cross-check it. */
export function chainTargets(chains: readonly ChainEndpoints[]): { chainId: string; targets: string[] }[] {
  return chains.map((c) => ({ chainId: c.chainId, targets: c.endpoints.map(endpointShown) }));
}

/** One chain's targets in words, for the line before taking and the summary's cell. */
export function targetsSentence(targets: readonly string[]): string {
  if (targets.length === 0) return 'no endpoint';
  const [primary, ...others] = targets;
  return others.length === 0 ? `${primary} (one endpoint, not cross-checked)` : `${primary}, cross-checked by ${others.join(', ')}`;
}

/** The saved endpoints as CHAIN=URL lines: those whose chain is known (recorded at their first answer); the others counted. */
export function savedChainLines(saved: readonly { url: string; chainId: string | null }[]): { text: string; unknown: number } {
  const known = saved.filter((e) => e.chainId !== null);
  return { text: known.map((e) => `${e.chainId}=${e.url}`).join('\n'), unknown: saved.length - known.length };
}

/** Scheme, host and port of an endpoint: its path and query are not shown (they often hold a provider's API key). */
function endpointShown(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

/** The set's chains summarised, each with the endpoints its order named (`order`: the request the set was taken with). */
export function snapshotSetSummary(set: TakenSet, order?: SnapshotSetOrder): ChainSummary[] {
  const targets = new Map(chainTargets(order?.chains ?? []).map((c) => [c.chainId, c.targets]));
  return set.snapshots.map((s) => {
    const endpoints = Number(s.crossCheck.endpoints);
    const disagreements = s.crossCheck.disagreements.length;
    const warnings = [
      endpoints === 1 ? 'Read from one endpoint: not cross-checked.' : null,
      disagreements ? `${disagreements} cross-check disagreement(s) between endpoints: the vault lists them after import; read them before relying on it.` : null,
    ].filter((w): w is string => w !== null);
    return { chainId: s.chainId, blockNumber: s.blockNumber, endpoints, targets: targets.get(s.chainId) ?? [], accounts: s.accounts.length, safes: s.safes.length, warnings };
  });
}

/** The relay.snapshotSet request from the typed CHAIN=URL lines and the form's order, or the refusal naming what to fix. */
export function snapshotSetRequest(lines: string, read: { order: Order } | { problem: string }): { request: SnapshotSetOrder } | { refusal: PublicError } {
  if ('problem' in read) return { refusal: { code: 'snapshot-order-invalid', message: read.problem } };
  try {
    return { request: snapshotSetOrder(parseChainEndpointLines(lines), read.order) };
  } catch (error) {
    return { refusal: setRefusal(error) };
  }
}

/** Each chain's targets as typed so far; none while the lines do not parse (taking the set says why). */
export function typedTargets(lines: string): { chainId: string; targets: string[] }[] {
  try {
    return chainTargets(parseChainEndpointLines(lines));
  } catch {
    return [];
  }
}

/** What filling from the saved endpoints did: all used, or how many were left out for an unknown chain. */
export function savedNote(unknown: number): string {
  return unknown === 0
    ? 'Filled from the saved endpoints, each on the chain it answered.'
    : `${unknown} saved endpoint(s) have not answered yet, so their chain is unknown and they are left out: take one snapshot with them above first, or type them here.`;
}
