// Quorum coverage on the Dashboard: per group, the shares checked within policy against the member threshold
// (met or not, in words and colour), each holder's next check, and the overall answer in one sentence.
import type { ResponseOf } from '../../shared/bridge';
import { el } from '../app/dom';
import { formatUtc } from '../app/format';

type Coverage = ResponseOf<'drills.dashboard'>['coverage'];

/** "With the shares checked within policy, the quorum can (not) be met today." */
export function coverageSentence(coverage: Coverage): string {
  return `With the shares checked within policy, the quorum ${coverage.quorumCovered ? 'can' : 'cannot'} be met today`;
}

export function coverageGroups(coverage: Coverage): HTMLElement {
  const answer = el('p', { className: `coverage-answer ${coverage.quorumCovered ? 'coverage-met' : 'coverage-unmet'}`, testid: 'coverage-answer', attrs: { 'data-covered': String(coverage.quorumCovered) } }, [
    el('strong', {}, [coverage.quorumCovered ? '✓ Covered. ' : '✗ Not covered. ']),
    `${coverageSentence(coverage)}: ${coverage.groupsMet} of the ${coverage.groupThreshold} required group${coverage.groupThreshold === 1 ? '' : 's'} ${coverage.groupsMet === 1 ? 'has' : 'have'} enough checked shares.`,
  ]);
  const table = el('table', { className: 'data-table coverage-table', testid: 'coverage-table' }, [
    el('thead', {}, [el('tr', {}, ['Group', 'Checked within policy', 'Needed', 'Status', 'Holders'].map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]),
    el(
      'tbody',
      {},
      coverage.groups.map((group) =>
        el('tr', { testid: 'coverage-group', attrs: { 'data-group': group.name, 'data-met': String(group.met) } }, [
          el('th', { attrs: { scope: 'row' } }, [group.name]),
          el('td', { className: 'num', testid: 'coverage-verified' }, [String(group.verified)]),
          el('td', { className: 'num' }, [String(group.memberThreshold)]),
          el('td', {}, [el('span', { className: `coverage-badge ${group.met ? 'coverage-met' : 'coverage-unmet'}`, testid: 'coverage-status' }, [group.met ? '✓ Met' : '✗ Not met'])]),
          el(
            'td',
            {},
            [
              el(
                'ul',
                { className: 'coverage-holders' },
                group.holders.map((h) =>
                  el('li', { testid: 'coverage-holder', attrs: { 'data-holder': h.name, 'data-verified': String(h.verified) } }, [
                    el('span', { className: h.verified ? 'coverage-ok' : 'coverage-late' }, [h.verified ? '✓ ' : '✗ ']),
                    `${h.name}: `,
                    h.verified ? `next check due ${formatUtc(h.dueAt)}` : `check overdue by ${h.overdueDays} day${h.overdueDays === 1 ? '' : 's'}`,
                  ]),
                ),
              ),
            ],
          ),
        ]),
      ),
    ),
  ]);
  return el('div', { className: 'coverage', testid: 'coverage' }, [answer, table]);
}
