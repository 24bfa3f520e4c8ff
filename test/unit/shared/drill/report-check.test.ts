// The last check of a rebuild from the cards alone: every account of the drill report at the same path with the same
// address, the checkpoint key the drill's proof carries; a missing or different account, or another key, is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithReport } from '../../../../shared/drill/report-check';
import { AirlockError } from '../../../../shared/errors';

const A = { path: "m/44'/60'/0'/0/0", address: '0x9858EfFD232B4033E47d90003D41EC34EcaEda94', label: 'Treasury', role: 'eoa-treasury' };
const B = { path: "m/44'/60'/0'/0/1", address: '0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0', label: 'Executor', role: 'executor' };

test('the same accounts at the same paths match; an account registered beyond the report is listed, not failed', () => {
  const result = compareWithReport({ accounts: [A, B], passed: true }, { accounts: [A, B, { path: "m/44'/60'/0'/0/2", address: '0x1111111111111111111111111111111111111111' }], checkpointKey: null });
  assert.equal(result.matches, true);
  assert.deepEqual(result.accounts.map((a) => a.match), [true, true]);
  assert.equal(result.extra.length, 1);
  assert.match(result.summary, /^All 2 accounts of the drill report derive again/);
});

test('a different address or an account not registered again is a mismatch, naming its path', () => {
  const other = { ...B, address: '0x2222222222222222222222222222222222222222' };
  const wrong = compareWithReport({ accounts: [A, B] }, { accounts: [A, other], checkpointKey: null });
  assert.equal(wrong.matches, false);
  assert.match(wrong.summary, /1 of 2 accounts do not match the drill report \(m\/44'\/60'\/0'\/0\/1\)/);
  const missing = compareWithReport({ accounts: [A, B] }, { accounts: [A], checkpointKey: null });
  assert.equal(missing.accounts[1]!.registered, null);
  assert.match(missing.summary, /register every account the report lists/);
});

test('anything but a drill report with accounts is refused with a sentence', () => {
  for (const report of [null, {}, { accounts: [] }, { accounts: 'x' }, [A]]) {
    assert.throws(() => compareWithReport(report, { accounts: [A], checkpointKey: null }), (e: AirlockError) => e.code === 'drill-report-invalid');
  }
});
