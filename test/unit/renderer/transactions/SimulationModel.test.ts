// The "what this does" model: a verified report in words (value moved, events, Safe changes), the tone from the
// review's own verdict (blocked, to acknowledge, clear), a revert's reason, and a required report still missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulationView } from '../../../../renderer/transactions/SimulationModel';

const SAFE = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const report = {
  blockNumber: '42',
  blockHash: `0x${'ab'.repeat(32)}`,
  simulatedAt: '1700000001000',
  traced: true,
  overrides: ['2 owners injected for the simulation only.'],
  outcome: { status: 'success', reason: null, gasUsed: '61000' },
  balanceChanges: [
    { address: SAFE, asset: 'native', delta: '-1500000000000000000' },
    { address: '0x000000000000000000000000000000000000dEaD', asset: 'native', delta: '1500000000000000000' },
  ],
  approvals: [],
  safeChanges: [{ safe: SAFE, field: 'threshold', before: '2', after: '1' }],
  codeChanges: [],
  storageChanges: [],
  events: [{ address: SAFE, name: 'ChangedThreshold', args: 'threshold=1' }],
  crossCheck: { endpoints: '1', disagreements: [] },
};

test('a verified report reads as its effects in words, and takes its tone from the review\'s verdict', () => {
  const view = simulationView({ required: false, status: 'verified', relayFingerprint: 'kit jelly capable dream', report }, '1', { blocking: ['simulation-contradicts-intent'], acknowledge: [] })!;
  assert.equal(view.tone, 'danger');
  assert.match(view.headline, /does something the draft does not say/);
  const lines = Object.fromEntries(view.groups.map((g) => [g.testid, g.lines]));
  assert.deepEqual(lines['simulation-balances'], [`${SAFE} loses 1.5 ETH (1500000000000000000 wei)`, '0x000000000000000000000000000000000000dEaD receives 1.5 ETH (1500000000000000000 wei)']);
  assert.deepEqual(lines['simulation-safe-changes'], [`${SAFE}: threshold from 2 to 1`]);
  assert.equal(lines['simulation-approvals'], undefined, 'an empty group is left out');
  assert.deepEqual(view.overrides, ['2 owners injected for the simulation only.']);
  assert.equal(simulationView({ report }, '1', { blocking: [], acknowledge: ['simulation-disagreement'] })!.tone, 'warn');
  assert.equal(simulationView({ report }, '1')!.tone, 'ok');
});

test('a revert shows its reason and no effects; a required report not yet brought back says so; none needed shows nothing', () => {
  const reverted = simulationView({ report: { ...report, outcome: { status: 'reverted', reason: 'GS013', gasUsed: '50000' } } }, '1')!;
  assert.equal(reverted.tone, 'danger');
  assert.match(reverted.headline, /reverted: GS013/);
  assert.deepEqual(reverted.groups, []);
  const missing = simulationView({ required: true, status: 'missing', report: null, problem: null }, '1')!;
  assert.equal(missing.tone, 'missing');
  assert.match(missing.headline, /requires the relay to simulate/);
  assert.equal(simulationView(null, '1'), null);
});
