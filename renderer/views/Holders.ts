// The Holders & shares view: what it is for and what must happen first; an honest empty state until its use case lands.
import { emptyStateView } from '../components/EmptyState';

export const holdersView = emptyStateView({
  id: 'holders',
  title: 'Holders & shares',
  purpose:
    'Who keeps each share, in which group, and how many shares make a quorum to rebuild the master secret.',
  state: 'No holders yet.',
  next: 'Create or import a vault to split the key into shares.',
});
