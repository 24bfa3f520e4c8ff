// An honest empty state: where things stand now, and what must happen first. No sample data.
import { el, type Child } from '../app/dom';

/** "No drafts to review." and "Build a draft first (Recovery → Build).", with anything the page offers under them. */
export function emptyState(state: string, next: string, more: readonly Child[] = [], className = 'empty-state'): HTMLElement {
  return el('div', { className, testid: 'empty-state' }, [
    el('p', { className: 'empty-state-title', testid: 'empty-state-title' }, [state]),
    el('p', { className: 'empty-state-next', testid: 'empty-state-next' }, [next]),
    ...more,
  ]);
}
