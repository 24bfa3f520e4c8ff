// The Dashboard view: what it is for and what must happen first; an honest empty state until its use case lands.
import { emptyStateView } from '../components/EmptyState';

export const dashboardView = emptyStateView({
  id: 'dashboard',
  title: 'Dashboard',
  purpose:
    'The state of this vault at a glance: its holders and quorum, the latest snapshot, and the last drill.',
  state: 'Nothing to show yet.',
  next: 'Create or import a vault to split the key into shares; its holders, snapshots and drills will be summarised here.',
});
