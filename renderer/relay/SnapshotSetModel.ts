// The relay's "several chains at once" snapshot without the DOM: the order for relay.snapshotSet (each chain read
// from its own typed endpoints, the same accounts, Safes, tokens and positions on every chain, as the CLI reads values
// without a chain prefix) and the per-chain summary shown above the set's one QR: chain, block, endpoints, warnings.
import type { RequestOf, ResponseOf } from '../../shared/bridge';
import type { ChainEndpoints } from './ChainEndpointsModel';

export type SnapshotSetOrder = RequestOf<'relay.snapshotSet'>;
type TakenSet = ResponseOf<'relay.snapshotSet'>['set'];
type Order = Omit<RequestOf<'relay.snapshot'>, 'endpoints'>;

export interface ChainSummary {
  chainId: string;
  blockNumber: string;
  endpoints: number;
  accounts: number;
  safes: number;
  /** What the holder should know before relying on the chain's snapshot, in words. */
  warnings: string[];
}

export function snapshotSetOrder(chains: readonly ChainEndpoints[], order: Order): SnapshotSetOrder {
  return { chains: chains.map((c) => ({ chainId: c.chainId, endpoints: [...c.endpoints], ...order })) };
}

export function snapshotSetSummary(set: TakenSet): ChainSummary[] {
  return set.snapshots.map((s) => {
    const endpoints = Number(s.crossCheck.endpoints);
    const disagreements = s.crossCheck.disagreements.length;
    const warnings = [
      endpoints === 1 ? 'Read from one endpoint: not cross-checked.' : null,
      disagreements ? `${disagreements} cross-check disagreement(s) between endpoints: the vault lists them after import; read them before relying on it.` : null,
    ].filter((w): w is string => w !== null);
    return { chainId: s.chainId, blockNumber: s.blockNumber, endpoints, accounts: s.accounts.length, safes: s.safes.length, warnings };
  });
}
