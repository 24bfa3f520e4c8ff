// Take snapshot's decisions without the DOM: whether the order can go to the relay (an endpoint, a readable order),
// the lines said while it reads and after it signed, and which endpoints a reading names. Tested in Node.
import type { RequestOf } from '../../shared/bridge';
import type { SignedSnapshot } from '../../shared/snapshot/schema';
import { formatEth } from '../snapshots/SnapshotFormat';

type SnapshotOrder = Omit<RequestOf<'relay.snapshot'>, 'endpoints'>;

/** The relay.snapshot request, or the sentence saying why it cannot be asked yet. */
export function snapshotRequest(endpoints: readonly string[], read: { order: SnapshotOrder } | { problem: string }): { request: RequestOf<'relay.snapshot'> } | { problem: string } {
  if (endpoints.length === 0) return { problem: 'Add at least one RPC endpoint in Endpoints first.' };
  if ('problem' in read) return read;
  return { request: { endpoints: [...endpoints], ...read.order } };
}

/** The endpoint line's lead: one endpoint is not cross-checked. */
export function readingLead(endpoints: number): string {
  return `Reading from ${endpoints === 1 ? 'one endpoint (not cross-checked)' : `${endpoints} endpoints, cross-checked`}: `;
}

/** Said while the relay reads and signs, with the seconds passed. */
export function progressLine(endpoints: number, seconds: number): string {
  return `Reading chain state from ${endpoints === 1 ? 'the endpoint' : `${endpoints} endpoints`} and signing… ${seconds} s`;
}

/** The signed snapshot in one line: chain, block, accounts and what they hold, Safes, and any cross-check disagreement. */
export function snapshotSummary(snapshot: Pick<SignedSnapshot, 'chainId' | 'blockNumber' | 'accounts' | 'safes' | 'crossCheck'>): string {
  const disagreements = snapshot.crossCheck.disagreements.length;
  const totalWei = snapshot.accounts.reduce((sum, a) => sum + BigInt(a.balance), 0n);
  return (
    `Signed snapshot of chain ${snapshot.chainId} at block ${snapshot.blockNumber}: ${snapshot.accounts.length} account(s) holding ${formatEth(totalWei.toString())}, ${snapshot.safes.length} Safe(s)` +
    (disagreements ? ` — ${disagreements} cross-check disagreement(s)` : '')
  );
}
