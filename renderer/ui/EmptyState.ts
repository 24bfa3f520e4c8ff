// An honest empty view: what it will be for, and what must happen first. No sample data.
import { el } from '../app/dom';
import type { ViewDef } from '../app/view';
import { viewHeader } from './ViewHeader';

export interface EmptyStateSpec {
  id: string;
  title: string;
  /** What the view is for, in the treasury's words. */
  purpose: string;
  /** Where things stand now: "No holders yet." */
  state: string;
  /** What must happen first. */
  next: string;
}

export function emptyStateView(spec: EmptyStateSpec): ViewDef {
  return {
    id: spec.id,
    title: spec.title,
    render() {
      const { header, heading } = viewHeader(spec.title, spec.purpose);
      const root = el('section', { className: 'view', testid: `view-${spec.id}`, attrs: { 'aria-labelledby': `title-${spec.id}` } }, [
        header,
        el('div', { className: 'empty-state', testid: 'empty-state' }, [
          el('p', { className: 'empty-state-title', testid: 'empty-state-title' }, [spec.state]),
          el('p', { className: 'empty-state-next', testid: 'empty-state-next' }, [spec.next]),
        ]),
      ]);
      heading.id = `title-${spec.id}`;
      return { root, heading };
    },
  };
}
