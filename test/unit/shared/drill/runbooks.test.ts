// Built-in runbooks parse, and their placeholders resolve into draft descriptions or fail naming what is missing;
// a runbook over several chains plans each step per chain with that chain's parameters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AirlockError } from '../../../../shared/errors';
import { BUILTIN_RUNBOOKS, isBitcoinStep, parseRunbook, plannedDescription, resolveStep, runbookPlan } from '../../../../shared/drill/runbooks';

test('the five built-in runbooks are valid runbooks with a target RTO', () => {
  assert.deepEqual(BUILTIN_RUNBOOKS.map((r) => r.name), ['sweep-leaked-eoa', 'rotate-safe-owner', 'emergency-pause', 'revoke-approvals', 'sweep-btc-to-fallback']);
  for (const runbook of BUILTIN_RUNBOOKS) assert.deepEqual(parseRunbook(JSON.parse(JSON.stringify(runbook))), runbook);
});

test('placeholders resolve from parameters and account roles; a missing one is named', () => {
  const sweep = BUILTIN_RUNBOOKS[0]!;
  const treasury = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
  const resolved = resolveStep(sweep.steps[0]!.draft, { fallbackSafe: '0x2222222222222222222222222222222222222222' }, (role) => (role === 'eoa-treasury' ? treasury : undefined));
  assert.deepEqual(resolved, { executor: { kind: 'eoa', from: treasury }, actions: [{ type: 'native-sweep', to: '0x2222222222222222222222222222222222222222' }] });
  assert.throws(() => resolveStep(sweep.steps[0]!.draft, { fallbackSafe: '' }, () => treasury), (e: unknown) => e instanceof AirlockError && /"fallbackSafe" is not set/.test(e.message));
  assert.throws(() => resolveStep(sweep.steps[0]!.draft, { fallbackSafe: '0x22' }, () => undefined), /no registered account with the role "eoa-treasury"/);
});

test('an edited runbook is checked: name shape, RTO range, at least one step', () => {
  const base = JSON.parse(JSON.stringify(BUILTIN_RUNBOOKS[2]!));
  assert.throws(() => parseRunbook({ ...base, name: 'Emergency Pause!' }), /"name"/);
  assert.throws(() => parseRunbook({ ...base, rtoMinutes: 0 }), /"rtoMinutes"/);
  assert.throws(() => parseRunbook({ ...base, steps: [] }), /"steps"/);
  assert.throws(() => parseRunbook({ ...base, extra: 1 }), (e: unknown) => e instanceof AirlockError && e.code === 'runbook-invalid');
});

test('the Bitcoin sweep runbook resolves to a PSBT step bound to the fallback wallet, and names the wallet when it is not set', () => {
  const btc = BUILTIN_RUNBOOKS.find((r) => r.name === 'sweep-btc-to-fallback')!;
  const resolved = resolveStep(btc.steps[0]!.draft, { fallbackWallet: 'Fallback 2-of-3' }, () => undefined);
  assert.ok(isBitcoinStep(resolved));
  assert.equal(resolved.outputsOnlyTo, 'Fallback 2-of-3');
  assert.throws(() => resolveStep(btc.steps[0]!.draft, { fallbackWallet: '' }, () => undefined), /"fallbackWallet" is not set/);
});

test('a multi-chain runbook plans each step on each chain (or the one it names) with that chain\'s parameters; a bad chain list is refused', () => {
  const base = { ...JSON.parse(JSON.stringify(BUILTIN_RUNBOOKS[2]!)), params: { safe: '', target: '0x4444444444444444444444444444444444444444' } };
  const runbook = parseRunbook({
    ...base,
    chains: [{ chainId: '1', params: { safe: '0x1111111111111111111111111111111111111111' } }, { chainId: '8453', params: { safe: '0x3333333333333333333333333333333333333333' } }],
    policy: { requireSimulation: true },
    steps: [...base.steps, { ...base.steps[0], title: 'Pause on Base only', chain: '8453' }],
  });
  const plan = runbookPlan(runbook);
  assert.deepEqual(plan.map((p) => [p.index, p.chainId, p.params.safe]), [
    [0, '1', '0x1111111111111111111111111111111111111111'],
    [0, '8453', '0x3333333333333333333333333333333333333333'],
    [1, '8453', '0x3333333333333333333333333333333333333333'],
  ]);
  assert.deepEqual(plannedDescription(runbook, plan[1]!, () => undefined), {
    executor: { kind: 'safe', safe: '0x3333333333333333333333333333333333333333' },
    actions: [{ type: 'pause', target: '0x4444444444444444444444444444444444444444' }],
    chainId: '8453',
    context: { policy: { requireSimulation: true } },
  });
  assert.deepEqual(runbookPlan(BUILTIN_RUNBOOKS[0]!).map((p) => p.chainId), [null], 'a single-chain runbook builds on the newest snapshot\'s chain');
  assert.throws(() => parseRunbook({ ...runbook, chains: [runbook.chains![0], runbook.chains![0]] }), /at "chains": lists a chain twice/);
  assert.throws(() => parseRunbook({ ...runbook, steps: [{ ...runbook.steps[1], chain: '10' }] }), /at "steps.0.chain": names chain 10, which is not in the runbook's chains/);
  assert.throws(() => parseRunbook({ ...runbook, chains: [{ chainId: '0x1', params: {} }] }), /"chains.0.chainId": is a chain id/);
});
