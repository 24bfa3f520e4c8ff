// The Broadcast queue view: what it is for and what must happen first; an honest empty state until its use case lands.
import { emptyStateView } from '../components/EmptyState';

export const broadcastQueueView = emptyStateView({
  id: 'broadcast',
  title: 'Broadcast queue',
  purpose:
    'Signed transactions and Safe signatures scanned from the vault, waiting to be broadcast or submitted, with their receipts.',
  state: 'The queue is empty.',
  next: 'Scan a signed transaction or a Safe signature bundle from the vault to add it here.',
});
