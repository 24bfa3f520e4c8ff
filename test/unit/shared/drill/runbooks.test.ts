// Built-in runbooks parse, and their placeholders resolve into draft descriptions or fail naming what is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AirlockError } from '../../../../shared/errors';
import { BUILTIN_RUNBOOKS, isBitcoinStep, parseRunbook, resolveStep } from '../../../../shared/drill/runbooks';

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
