import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quorumProgress } from '../../../../shared/custody/quorum';

const single = [{ groupIndex: 0, name: 'A', memberThreshold: 2, memberCount: 3 }];
const two = [
  { groupIndex: 0, name: 'Board', memberThreshold: 2, memberCount: 3 },
  { groupIndex: 1, name: 'Ops', memberThreshold: 1, memberCount: 2 },
  { groupIndex: 2, name: 'Counsel', memberThreshold: 2, memberCount: 2 },
];

test('a single 2-of-3 group counts shares up to the quorum', () => {
  assert.equal(quorumProgress(single, 1, []).summary, '0 of 2 shares');
  assert.equal(quorumProgress(single, 1, [0]).complete, false);
  const done = quorumProgress(single, 1, [0, 0]);
  assert.equal(done.complete, true);
  assert.equal(done.summary, '2 of 2 shares: quorum reached');
});

test('with groups, each group needs its own threshold and enough groups must be done', () => {
  const p = quorumProgress(two, 2, [0, 0, 2]);
  assert.deepEqual(p.groups.map((g) => g.done), [true, false, false]);
  assert.equal(p.complete, false);
  assert.equal(p.summary, 'group Board done, group Ops: 0 of 1, group Counsel: 1 of 2; 1 more group needed (1 of 2 done)');
  const q = quorumProgress(two, 2, [0, 0, 1]);
  assert.equal(q.complete, true);
  assert.match(q.summary, /quorum reached$/);
});

test('extra shares in a finished group do not count towards another group', () => {
  const p = quorumProgress(two, 2, [0, 0, 0]);
  assert.equal(p.groupsDone, 1);
  assert.equal(p.complete, false);
});
