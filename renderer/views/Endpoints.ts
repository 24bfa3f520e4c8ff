// The Endpoints view: what it is for and what must happen first; an honest empty state until its use case lands.
import { emptyStateView } from '../components/EmptyState';

export const endpointsView = emptyStateView({
  id: 'endpoints',
  title: 'Endpoints',
  purpose:
    'The chain RPC endpoints this relay reads state from and broadcasts signed transactions to.',
  state: 'No endpoints yet.',
  next: 'Add the RPC endpoint of each chain the treasury holds assets on.',
});
