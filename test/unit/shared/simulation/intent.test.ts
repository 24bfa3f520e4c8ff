// What a verified simulation report means for signing, through the one rules table: a revert blocks; effects the
// typed actions do not state (value, tokens, approvals, Safe control, code) or a stated effect that does not happen
// contradict the review and block; a free-form call's extra effects need an acknowledgement; so do a missing report
// (when required), an untraced run and endpoints that disagree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../../../../shared/drafting/rules';
import { simulationWarnings, type SimulationEvidence } from '../../../../shared/simulation/intent';
import { signSimulationReport } from '../../../../shared/simulation/signature';
import type { SimulationBody } from '../../../../shared/simulation/report';
import { built, cleanReport, OWNERS, RELAY_SECRET, SAFE, safeInput, STRANGER, TARGET, OTHER_TARGET } from './sample';

const NEW_OWNER = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const TOKEN = '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9';

function codesFor(actions: unknown[], report: (digest: string) => Partial<SimulationBody> | null, evidence: Partial<SimulationEvidence> = {}) {
  const input = safeInput(actions);
  const { draft, digestHex } = built(input);
  const body = report(digestHex);
  const signed = body ? signSimulationReport(cleanReport(digestHex, body), RELAY_SECRET) : null;
  const warnings = simulationWarnings({ required: false, report: signed, relayFingerprint: null, problem: null, ...evidence }, draft, input.actions, input.context ?? {});
  return { codes: warnings.map((w) => w.code), text: warnings.map((w) => w.message).join(' ') };
}

const pausedEvent = (target: string) => ({ address: target, name: 'Paused', args: `account=${SAFE}` });

test('a pause that pauses and moves nothing raises nothing', () => {
  assert.deepEqual(codesFor([{ type: 'pause', target: TARGET }], () => ({ events: [pausedEvent(TARGET)] })).codes, []);
});

test('a revert blocks, with its reason, and nothing else is judged', () => {
  const { codes, text } = codesFor([{ type: 'pause', target: TARGET }], (d) => ({ outcome: { status: 'reverted', reason: 'GS013 (inside: EnforcedPause())', gasUsed: '50000', returnData: '0x', safeTxHash: null } }));
  assert.deepEqual(codes, ['simulation-reverted']);
  assert.match(text, /reverted \(GS013 \(inside: EnforcedPause\(\)\)\)/);
  assert.equal(RULES['simulation-reverted'].disposition, 'block');
});

test('a "pause" batch that empties the Safe to a stranger and pauses nothing contradicts the draft on every count', () => {
  const { codes, text } = codesFor([{ type: 'pause', target: TARGET }, { type: 'pause', target: OTHER_TARGET }], () => ({
    balanceChanges: [
      { address: SAFE, asset: 'native', delta: '-3000000000000000000' },
      { address: STRANGER, asset: 'native', delta: '3000000000000000000' },
    ],
  }));
  assert.deepEqual(codes, ['simulation-contradicts-intent', 'simulation-contradicts-intent', 'simulation-contradicts-intent']);
  assert.match(text, /loses 3 ETH, more than the 0 ETH the draft sends/);
  assert.match(text, new RegExp(`${TARGET} emits no Paused event`));
  assert.match(text, new RegExp(`${OTHER_TARGET} emits no Paused event`));
  assert.equal(RULES['simulation-contradicts-intent'].disposition, 'block');
});

test('a sweep whose recipient receives nothing, a token leaving, an approval, a module and a new contract each contradict', () => {
  const sweep = codesFor([{ type: 'native-transfer', to: STRANGER, value: '100' }], () => ({ balanceChanges: [{ address: SAFE, asset: 'native', delta: '-100' }] }));
  assert.match(sweep.text, new RegExp(`${STRANGER} should receive 0.0000000000000001 ETH but receives 0 ETH`));
  const extras = codesFor([{ type: 'pause', target: TARGET }], () => ({
    events: [pausedEvent(TARGET)],
    balanceChanges: [{ address: SAFE, asset: TOKEN, delta: '-7' }],
    approvals: [{ token: TOKEN, owner: SAFE, spender: STRANGER, amount: '115792089237316195423570985008687907853269984665640564039457584007913129639935' }],
    safeChanges: [{ safe: SAFE, field: 'modules', before: '', after: STRANGER }],
    codeChanges: [{ address: STRANGER, kind: 'created', before: 'no code', after: 'code' }],
  }));
  assert.deepEqual(extras.codes, Array(4).fill('simulation-contradicts-intent'));
  assert.match(extras.text, /loses 7 raw units of token/);
  assert.match(extras.text, /lets 0x000000000000000000000000000000000000dEaD spend/);
  assert.match(extras.text, /changes its modules from none to 0x000000000000000000000000000000000000dEaD/);
  assert.match(extras.text, /is created/);
});

test('an owner swap must end with the owners the draft sets: as simulated it signs, another owner contradicts', () => {
  const actions = [{ type: 'safe-swap-owner', oldOwner: OWNERS[1], newOwner: NEW_OWNER }];
  const ok = codesFor(actions, () => ({ safeChanges: [{ safe: SAFE, field: 'owners', before: OWNERS.join(', '), after: `${OWNERS[0]}, ${NEW_OWNER}` }] }));
  assert.deepEqual(ok.codes, []);
  const wrong = codesFor(actions, () => ({ safeChanges: [{ safe: SAFE, field: 'owners', before: OWNERS.join(', '), after: `${OWNERS[0]}, ${STRANGER}` }] }));
  assert.deepEqual(wrong.codes, ['simulation-contradicts-intent']);
  const lowered = codesFor(actions, () => ({
    safeChanges: [
      { safe: SAFE, field: 'owners', before: OWNERS.join(', '), after: `${OWNERS[0]}, ${NEW_OWNER}` },
      { safe: SAFE, field: 'threshold', before: '2', after: '1' },
    ],
  }));
  assert.match(lowered.text, /ends with a threshold of 1, not the 2 the draft sets/);
});

test('a free-form call cannot state its effects: what it moves needs an acknowledgement, not a block', () => {
  const call = { type: 'contract-call', to: TARGET, signature: 'withdraw(uint256 amount)', args: ['5'] };
  const { codes } = codesFor([call], () => ({ balanceChanges: [{ address: SAFE, asset: TOKEN, delta: '-5' }] }));
  assert.deepEqual(codes, ['simulation-effects-undeclared']);
  assert.equal(RULES['simulation-effects-undeclared'].disposition, 'acknowledge');
});

test('required but missing, untraced, and endpoints that disagree each ask for their acknowledgement', () => {
  assert.deepEqual(codesFor([{ type: 'pause', target: TARGET }], () => null, { required: true }).codes, ['simulation-missing']);
  assert.deepEqual(codesFor([{ type: 'pause', target: TARGET }], () => null).codes, []);
  assert.deepEqual(codesFor([{ type: 'pause', target: TARGET }], () => ({ traced: false })).codes, ['simulation-untraced']);
  const split = codesFor([{ type: 'pause', target: TARGET }], () => ({
    events: [pausedEvent(TARGET)],
    crossCheck: { endpoints: '2', disagreements: [{ endpoint: '1', path: 'events.length', expected: '1', observed: '0' }] },
  }));
  assert.deepEqual(split.codes, ['simulation-disagreement']);
});

test('a Safe that reports executing another safeTxHash contradicts: what ran is not what the owners sign', () => {
  const { codes, text } = codesFor([{ type: 'pause', target: TARGET }], () => ({ events: [pausedEvent(TARGET)], outcome: { status: 'success', reason: null, gasUsed: '1', returnData: '0x', safeTxHash: `0x${'99'.repeat(32)}` } }));
  assert.deepEqual(codes, ['simulation-contradicts-intent']);
  assert.match(text, /did not report executing this safeTxHash/);
});
