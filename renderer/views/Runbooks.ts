// The Runbooks view: what it is for and what must happen first; an honest empty state until its use case lands.
import { emptyStateView } from '../components/EmptyState';

export const runbooksView = emptyStateView({
  id: 'runbooks',
  title: 'Runbooks',
  purpose:
    'Named recovery plans: which accounts move which assets, to which addresses, in which order.',
  state: 'No runbooks yet.',
  next: 'A runbook needs a vault with its accounts registered and at least one snapshot.',
});
