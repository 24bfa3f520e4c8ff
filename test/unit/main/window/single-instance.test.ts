// Tests what a second launch does to the running window: restore, show, focus, nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { focusFirstInstance, type FocusableWindow } from '../../../../main/window/single-instance';

function fakeWindow(state: { minimized: boolean; destroyed?: boolean }): FocusableWindow & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isDestroyed: () => state.destroyed === true,
    isMinimized: () => state.minimized,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
  };
}

test('H-14 a second launch brings the first window forward (logic only: the lock itself needs Electron)', () => {
  const minimized = fakeWindow({ minimized: true });
  focusFirstInstance(minimized);
  assert.deepEqual(minimized.calls, ['restore', 'show', 'focus']);
  const visible = fakeWindow({ minimized: false });
  focusFirstInstance(visible);
  assert.deepEqual(visible.calls, ['show', 'focus']);
});

test('H-14 with no window, or a destroyed one, a second launch does nothing', () => {
  focusFirstInstance(null);
  const destroyed = fakeWindow({ minimized: true, destroyed: true });
  focusFirstInstance(destroyed);
  assert.deepEqual(destroyed.calls, []);
});
