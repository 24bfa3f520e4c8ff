// The revert reason an endpoint's replay gives, read as untrusted data: the standard Error(string) and Panic(uint256),
// known custom errors by name, others by selector, and "reason unavailable" for anything that is not revert data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Interface } from 'ethers';
import { reasonFromRevertData } from '../../../../../main/services/relay/revert-reason';

const abi = new Interface(['error Error(string)', 'error Panic(uint256)', 'error EnforcedPause()', 'error Mine(uint256)']);

test('decodes Error(string), Panic(uint256), a known custom error by name and an unknown one by its selector', () => {
  assert.equal(reasonFromRevertData(abi.encodeErrorResult('Error', ['paused by the council'])), 'paused by the council');
  assert.equal(reasonFromRevertData(abi.encodeErrorResult('Panic', [0x11])), 'Panic(0x11)');
  assert.equal(reasonFromRevertData(abi.encodeErrorResult('EnforcedPause', [])), 'EnforcedPause()');
  assert.equal(reasonFromRevertData(abi.encodeErrorResult('Mine', [7])), `custom error ${abi.getError('Mine')!.selector}`);
  assert.equal(reasonFromRevertData('0x'), 'no reason given');
});

test('says "reason unavailable" for no data, data that is not hex, and never guesses from anything else', () => {
  assert.equal(reasonFromRevertData(null), 'reason unavailable (the endpoint gave no revert data)');
  assert.equal(reasonFromRevertData(true), 'reason unavailable (the endpoint gave no revert data)');
  assert.equal(reasonFromRevertData('0xzz'), "reason unavailable (the endpoint's revert data is not hex)");
  assert.equal(reasonFromRevertData('0x123'), "reason unavailable (the endpoint's revert data is not hex)");
  assert.equal(reasonFromRevertData('08c379a0'), "reason unavailable (the endpoint's revert data is not hex)");
});

test('a hostile reason string is shown bounded, with no character that hides or reorders text', () => {
  const shown = reasonFromRevertData(abi.encodeErrorResult('Error', ['ok\u202Eevil\u200B\n' + 'x'.repeat(500)]));
  assert.ok(shown.length <= 160, `${shown.length} characters`);
  assert.ok(shown.startsWith('ok\uFFFDevil\uFFFD x'), shown.slice(0, 20));
  assert.ok(shown.endsWith('…'));
});
