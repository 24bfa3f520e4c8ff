// The Take snapshot view: what it is for and what must happen first; an honest empty state until its use case lands.
import { emptyStateView } from '../components/EmptyState';

export const takeSnapshotView = emptyStateView({
  id: 'take-snapshot',
  title: 'Take snapshot',
  purpose:
    'Read balances, Safe state and positions at one block, sign them as a snapshot, and show it to the vault as an animated QR code.',
  state: 'No snapshot can be taken yet.',
  next: 'Add an endpoint and pair with a vault first.',
});
