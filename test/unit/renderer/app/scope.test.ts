// A page's scope: shown until the view is left, then what it holds is let go of once, newest first; a slot holds one
// thing at a time; a child scope ends with its parent or on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScope } from '../../../../renderer/app/scope';

const thing = (name: string, log: string[]) => ({ name, dispose: () => log.push(`dispose ${name}`) });
/** A scope and the log its cleanups write to. */
const fresh = () => ({ log: [] as string[], scope: createScope() });

test('a scope is shown until it is disposed; then its cleanups run once, the last registered first', () => {
  const { log, scope } = fresh();
  scope.onDispose(() => log.push(`first, shown=${scope.shown()}`));
  scope.own(thing('scanner', log));
  assert.equal(scope.shown(), true);
  scope.dispose();
  scope.dispose();
  assert.equal(scope.shown(), false);
  assert.deepEqual(log, ['dispose scanner', 'first, shown=false']);
});

test('what is registered after the page was left is let go of at once (an answer that came back late)', () => {
  const { log, scope } = fresh();
  scope.dispose();
  const qr = scope.own(thing('qr', log));
  scope.onDispose(() => log.push('late cleanup'));
  assert.equal(qr.name, 'qr');
  assert.deepEqual(log, ['dispose qr', 'late cleanup']);
});

test('a slot holds one thing: holding the next lets go of the one before, clearing lets go of it, and the scope lets go of the last', () => {
  const { log, scope } = fresh();
  const slot = scope.slot<{ name: string; dispose(): void }>();
  assert.equal(slot.current(), null);
  slot.hold(thing('a', log));
  slot.hold(thing('b', log));
  assert.equal(slot.current()?.name, 'b');
  slot.clear();
  slot.clear();
  assert.equal(slot.current(), null);
  slot.hold(thing('c', log));
  scope.dispose();
  assert.deepEqual(log, ['dispose a', 'dispose b', 'dispose c']);
  slot.hold(thing('d', log));
  assert.equal(slot.current(), null, 'a slot of an ended scope keeps nothing');
  assert.deepEqual(log.at(-1), 'dispose d');
});

test('a child scope ends with its parent, or earlier on its own without running twice', () => {
  const { log, scope: parent } = fresh();
  const early = parent.child();
  const late = parent.child();
  early.own(thing('early', log));
  late.own(thing('late', log));
  early.dispose();
  assert.equal(early.shown(), false);
  assert.equal(late.shown(), true);
  parent.dispose();
  assert.equal(late.shown(), false);
  assert.deepEqual(log, ['dispose early', 'dispose late']);
});

test('a slot of child scopes: each drawing of a section lets go of the previous one (codes shown again)', () => {
  const { log, scope: page } = fresh();
  const sections = page.slot<ReturnType<typeof page.child>>();
  sections.hold(page.child()).own(thing('first drawing', log));
  sections.hold(page.child()).own(thing('second drawing', log));
  assert.deepEqual(log, ['dispose first drawing']);
  page.dispose();
  assert.deepEqual(log, ['dispose first drawing', 'dispose second drawing']);
});
