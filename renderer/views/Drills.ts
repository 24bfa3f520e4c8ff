// The Drills view: what it is for and what must happen first; an honest empty state until its use case lands.
import { emptyStateView } from '../components/EmptyState';

export const drillsView = emptyStateView({
  id: 'drills',
  title: 'Drills',
  purpose:
    'Timed rehearsals of a runbook: each holder checks their share, the quorum proves control, and recovery time (RTO) and recovery point (RPO) are measured.',
  state: 'No drills yet.',
  next: 'A drill needs a vault with holders and at least one runbook.',
});
