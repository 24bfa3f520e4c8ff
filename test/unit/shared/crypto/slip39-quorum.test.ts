// Tests quorum counting and the "what is still missing" sentence used by combine and drills.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quorumStatus, shortfall } from '../../../../shared/crypto/slip39-quorum';
import type { Share } from '../../../../shared/crypto/slip39-share';
import { AirlockError } from '../../../../shared/errors';

const share = (groupIndex: number, memberIndex: number, memberThreshold: number, overrides: Partial<Share> = {}): Share => ({
  identifier: 4242,
  extendable: true,
  iterationExponent: 0,
  groupIndex,
  groupThreshold: 2,
  groupCount: 3,
  memberIndex,
  memberThreshold,
  value: new Uint8Array(16).fill(groupIndex * 16 + memberIndex + 1),
  ...overrides,
});

test('counts distinct shares per group and complete groups against the group threshold', () => {
  const status = quorumStatus([share(2, 0, 2), share(0, 1, 1), share(2, 3, 2)]);
  assert.deepEqual(status, {
    groupThreshold: 2,
    groupCount: 3,
    groups: [
      { groupIndex: 0, memberThreshold: 1, members: 1, complete: true },
      { groupIndex: 2, memberThreshold: 2, members: 2, complete: true },
    ],
    completeGroups: 2,
    complete: true,
  });
});

test('says which groups need how many more shares and how many more groups are needed', () => {
  assert.equal(shortfall(quorumStatus([share(0, 0, 2)])), 'Group 1 needs 1 more share (has 1 of 2); 1 more group is needed (has 1 of 2)');
  assert.equal(shortfall(quorumStatus([share(1, 0, 3)])), 'Group 2 needs 2 more shares (has 1 of 3); 1 more group is needed (has 1 of 2)');
  const three = (g: number, m: number, t: number) => share(g, m, t, { groupThreshold: 3, groupCount: 4 });
  assert.equal(shortfall(quorumStatus([three(3, 0, 1)])), '2 more groups are needed (has 1 of 3)');
});

test('when more groups are started than needed but too few are complete, says any of them will do', () => {
  const status = quorumStatus([share(0, 0, 2), share(1, 0, 2), share(2, 0, 3)]);
  assert.equal(status.complete, false);
  assert.equal(
    shortfall(status),
    'Group 1 needs 1 more share (has 1 of 2); Group 2 needs 1 more share (has 1 of 2); Group 3 needs 2 more shares (has 1 of 3); ' +
      'completing any 2 of these groups is enough',
  );
});

test('an empty list is no quorum', () => {
  assert.equal(quorumStatus([]).complete, false);
});

test('refuses inconsistent shares before counting them', () => {
  const refuses = (shares: Share[], code: string) =>
    assert.throws(() => quorumStatus(shares), (e) => e instanceof AirlockError && e.code === code);
  refuses([share(0, 0, 2), share(0, 1, 2, { identifier: 1 })], 'shares-from-different-sets');
  refuses([share(0, 0, 2), share(0, 1, 2, { extendable: false })], 'share-parameters-mismatch');
  refuses([share(0, 0, 2), share(0, 1, 3)], 'share-parameters-mismatch');
  refuses([share(0, 0, 2), share(1, 1, 2, { groupCount: 4 })], 'share-parameters-mismatch');
  refuses([share(0, 0, 2), share(0, 0, 2)], 'share-duplicate');
});
