// A Safe configuration change in the draft review: owners before → after and threshold before → after (from the
// review's `ownership`, computed from the snapshot in shared/drafting/safe-owners.ts), each added or removed owner
// marked in words, the calls the Safe would revert named, so no one signs an owner change without seeing its result.
import { el, type Child } from '../app/dom';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** The section, or null when the review has no owner change. */
export function ownershipChangePart(ownership: unknown): Child {
  if (!isObject(ownership) || !isObject(ownership.owners) || !isObject(ownership.threshold)) return null;
  const before = strings(ownership.owners.before);
  const after = strings(ownership.owners.after);
  const t = { before: Number(ownership.threshold.before), after: Number(ownership.threshold.after) };
  const basis = ownership.basis === 'snapshot' ? 'the snapshot of the Safe' : 'the owners the draft names (no snapshot gave them)';
  const problems = strings(ownership.problems);
  return el('section', { className: 'draft-review-section ownership-change', testid: 'review-ownership' }, [
    el('h3', { className: 'draft-review-section-title' }, ['Safe owners and threshold: before → after']),
    el('p', { className: 'ownership-threshold', testid: 'ownership-threshold', attrs: { 'data-before': String(t.before), 'data-after': String(t.after) } }, [
      `Threshold ${t.before} of ${before.length} → ${t.after} of ${after.length}`,
      t.before === t.after ? ' (threshold unchanged)' : '',
    ]),
    el('div', { className: 'ownership-columns' }, [ownerColumn('Owners before', 'ownership-before', before, after, '− removed'), ownerColumn('Owners after', 'ownership-after', after, before, '+ added')]),
    el('ul', { className: 'ownership-steps', testid: 'ownership-steps' }, strings(ownership.steps).map((s) => el('li', {}, [s]))),
    problems.length > 0 ? el('div', { className: 'notice notice-error', testid: 'ownership-problems', attrs: { role: 'alert' } }, problems.map((p) => el('p', {}, [p]))) : null,
    el('p', { className: 'field-hint' }, [`"Before" is ${basis}. Check every address after the change with its holder, out of band.`]),
  ]);
}

/** One list; an owner missing from `other` is marked (removed from before, added in after). */
function ownerColumn(title: string, testid: string, owners: readonly string[], other: readonly string[], mark: string): HTMLElement {
  const known = new Set(other.map((o) => o.toLowerCase()));
  return el('div', {}, [
    el('p', { className: 'ownership-column-title' }, [title]),
    el(
      'ol',
      { className: 'owner-list', testid },
      owners.map((o) => {
        const changed = !known.has(o.toLowerCase());
        return el('li', { testid: 'ownership-owner', attrs: { 'data-owner': o, 'data-changed': String(changed) } }, [el('code', {}, [o]), changed ? el('strong', { className: 'ownership-mark' }, [` ${mark}`]) : null]);
      }),
    ),
  ]);
}
