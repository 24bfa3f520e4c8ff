// The Review & sign view: what it is for and what must happen first; an honest empty state until its use case lands.
import { emptyStateView } from '../components/EmptyState';

export const reviewView = emptyStateView({
  id: 'review',
  title: 'Review & sign',
  purpose:
    'Read each draft decoded, with its hashes and risk warnings; then a quorum of holders unlocks the vault to sign it.',
  state: 'No drafts to review.',
  next: 'Build drafts from a runbook first.',
});
