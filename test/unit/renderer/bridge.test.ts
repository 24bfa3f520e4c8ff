// The renderer's error display (renderer/bridge.ts toPublicError): main's answers and the shared core's own refusals
// keep their sentence; any other failure shows a generic sentence and never its own message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BridgeError, toPublicError } from '../../../renderer/bridge';
import { previewSignedTransaction } from '../../../shared/relay/scanned-preview';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  assert.fail('expected a refusal');
}

test("a pasted transaction the shared parser refuses shows the parser's sentence, not a generic one", () => {
  const error = toPublicError(thrown(() => previewSignedTransaction('0x02c0ffee')));
  assert.notEqual(error.code, 'internal');
  assert.match(error.code, /^[a-z]+(-[a-z0-9]+)+$/);
  assert.doesNotMatch(error.message, /Something went wrong/);
});

test("main's answer keeps its code and sentence; a plain Error is 'internal' and its message is not shown", () => {
  assert.deepEqual(toPublicError(new BridgeError({ code: 'vault-locked', message: 'Unlock the vault first.' })), { code: 'vault-locked', message: 'Unlock the vault first.' });
  const hidden = toPublicError(new Error('stack detail /home/alice'));
  assert.equal(hidden.code, 'internal');
  assert.doesNotMatch(hidden.message, /alice/);
});
