// Tests the fail-closed policy: which actions, in which order, and what the user is told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureActions, fatalNotice, runFailureActions, type FailureAction, type FailureEvent } from '../../../../main/window/fail-closed';

const events: FailureEvent[] = [
  { kind: 'preload-error' },
  { kind: 'render-process-gone', reason: 'crashed' },
  { kind: 'render-process-gone', reason: 'killed' },
  { kind: 'render-process-gone', reason: 'clean-exit' },
  { kind: 'unresponsive' },
  { kind: 'main-error' },
];

test('H-20 preload error, renderer gone and unresponsive each lock secrets first, then close, tell and quit', () => {
  for (const event of events) {
    assert.deepEqual(failureActions(event), ['lock-secrets', 'close-window', 'show-fatal', 'quit'], JSON.stringify(event));
  }
});

test('H-20 one failing action does not stop the rest: quit always happens', () => {
  const done: FailureAction[] = [];
  const errors = runFailureActions(failureActions({ kind: 'preload-error' }), {
    'lock-secrets': () => {
      done.push('lock-secrets');
      throw new Error('database busy');
    },
    'close-window': () => done.push('close-window'),
    'show-fatal': () => done.push('show-fatal'),
    quit: () => done.push('quit'),
  });
  assert.deepEqual(done, ['lock-secrets', 'close-window', 'show-fatal', 'quit']);
  assert.equal(errors.length, 1);
});

test('H-20 H-16 the fatal notice says what happened and what to do, with no error text or stack', () => {
  for (const event of events) {
    const notice = fatalNotice(event);
    assert.ok(notice.title.length > 0);
    assert.match(notice.message, /locked/);
    assert.match(notice.message, /Start it again/);
    assert.doesNotMatch(notice.message, /\bat \w|Error:|stack|undefined|crashed|killed/);
  }
});
