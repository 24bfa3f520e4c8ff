// The Snapshots & positions view: what it is for and what must happen first; an honest empty state until its use case lands.
import { emptyStateView } from '../components/EmptyState';

export const snapshotsView = emptyStateView({
  id: 'snapshots',
  title: 'Snapshots & positions',
  purpose:
    'Signed chain state from the relay at one block: balances, Safe owners and thresholds, and positions, each checked against its Merkle root.',
  state: 'No snapshots yet.',
  next: 'Take a snapshot on the relay, then scan it here in Transfer.',
});
