// The Transfer view: what it is for and what must happen first; an honest empty state until its use case lands.
import { emptyStateView } from '../components/EmptyState';

export const transferView = emptyStateView({
  id: 'transfer',
  title: 'Transfer',
  purpose:
    'The only way across the air gap: animated QR codes out to the relay (signed transactions, Safe signatures) and in from it (snapshots).',
  state: 'Nothing to send or receive yet.',
  next: 'Signed transactions appear here for the relay to scan; snapshots from the relay are scanned here with the camera.',
});
