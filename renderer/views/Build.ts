// The Build view: what it is for and what must happen first; an honest empty state until its use case lands.
import { emptyStateView } from '../components/EmptyState';

export const buildView = emptyStateView({
  id: 'build',
  title: 'Build',
  purpose:
    'Turn a runbook into unsigned recovery transactions (drafts), built against the latest snapshot.',
  state: 'Nothing to build yet.',
  next: 'Write a runbook first; its drafts are built here.',
});
