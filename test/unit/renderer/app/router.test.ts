// The renderer's router: a view is opened with its parameters, the one shown lets go before the next starts, and a
// view that refuses to be left (a vault being set up) keeps the screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRouter, type ShownView } from '../../../../renderer/app/router';

interface Opened extends ShownView {
  view: string;
  params: object;
}

function recordingRouter(known: readonly string[], blockedBy: (view: string) => string | null = () => null) {
  const events: string[] = [];
  const shown: Array<{ view: string; params: object; focus: boolean }> = [];
  const router = createRouter<Opened>({
    has: (view) => known.includes(view),
    open(view, params) {
      events.push(`open ${view}`);
      return { view, params, leaveBlocked: () => blockedBy(view), dispose: () => events.push(`dispose ${view}`) };
    },
    show: (view, instance, { focus }) => shown.push({ view, params: instance.params, focus }),
  });
  return { router, events, shown };
}

test('a view is opened with the parameters it was asked for, and focus moves unless told not to', () => {
  const { router, shown } = recordingRouter(['build', 'review']);
  assert.equal(router.current(), null);
  assert.equal(router.go('build', undefined, { focus: false }), true);
  assert.equal(router.go('review', { draft: 7 }), true);
  assert.equal(router.current(), 'review');
  assert.deepEqual(shown, [
    { view: 'build', params: {}, focus: false },
    { view: 'review', params: { draft: 7 }, focus: true },
  ]);
});

test('the view shown is disposed before the next one is built, also when the same view opens again', () => {
  const { router, events } = recordingRouter(['review', 'build']);
  router.go('review', { draft: 1 });
  router.go('review', { draft: 2 });
  router.go('build');
  assert.deepEqual(events, ['open review', 'dispose review', 'open review', 'dispose review', 'open build']);
});

test('a view that refuses to be left keeps the screen, and an unknown view changes nothing', () => {
  const { router, events } = recordingRouter(['holders', 'dashboard'], (view) => (view === 'holders' ? 'A vault is being set up.' : null));
  router.go('dashboard');
  assert.equal(router.go('nowhere'), false);
  assert.equal(router.current(), 'dashboard');
  router.go('holders');
  assert.equal(router.go('dashboard'), false);
  assert.equal(router.current(), 'holders');
  assert.deepEqual(events, ['open dashboard', 'dispose dashboard', 'open holders']);
});
