// "What this does": the relay's verified simulation of a draft, shown in its review beside the decoded calls — the
// verdict, what the relay changed to run it, and every effect. Whether any of it blocks signing is in the warnings.
import type { DraftJson } from '../../shared/bridge';
import { el, type Child } from '../app/dom';
import { simulationView } from './SimulationModel';

export function simulationSection(draft: DraftJson): Child {
  const view = simulationView(draft.review.simulation, draft.chainId, { blocking: draft.blocking.map((w) => w.code), acknowledge: draft.acknowledgementsRequired });
  if (!view) return null;
  return el('section', { className: `draft-review-section simulation simulation-${view.tone}`, testid: 'review-simulation', attrs: { 'data-tone': view.tone } }, [
    el('h3', { className: 'draft-review-section-title' }, ['What this does (simulated by the relay)']),
    el('p', { className: 'simulation-headline', testid: 'simulation-headline' }, [view.headline]),
    view.facts.length ? el('dl', { className: 'fact-list' }, view.facts.flatMap(([label, value]) => [el('dt', {}, [label]), el('dd', {}, [value])])) : null,
    view.overrides.length
      ? el('details', { className: 'simulation-overrides', testid: 'simulation-overrides' }, [
          el('summary', {}, ['State changed to run it unsigned']),
          el('ul', {}, view.overrides.map((line) => el('li', {}, [line]))),
        ])
      : null,
    ...view.groups.map((group) =>
      el('div', { className: 'simulation-group', testid: group.testid }, [
        el('h4', { className: 'simulation-group-title' }, [group.title]),
        el('ul', { className: 'simulation-lines' }, group.lines.map((line) => el('li', { testid: 'simulation-line' }, [line]))),
      ]),
    ),
  ]);
}
