// The Drills page's model against the real services and gate, on one vault: no vault yet, then the vault's holders
// and what a quorum needs, one drill at a time recorded in the history and shown, a refused drill reported with
// nothing recorded, and a past drill picked.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { DrillsModel } from '../../../../renderer/drills/DrillsModel';
import { rendererBridge } from '../../../helpers/renderer-bridge';
import { HOLDERS, twoOfThree, vaultServices } from '../../../helpers/vault-fixture';

const { services, custody } = vaultServices();
const model = new DrillsModel(rendererBridge(services));
const wrong = [{ name: 'Alice', passphrase: HOLDERS[0]!.passphrase }, { name: 'Bob', passphrase: 'not bob' }];
after(() => services.close());

test('with no vault the page says so; with one it lists the holders and the quorum a drill needs', async () => {
  assert.deepEqual(await model.load(), { kind: 'no-vault' });
  assert.deepEqual([model.holders(), model.participantsLine()], [[], '']);
  await custody.vault.create(twoOfThree());
  assert.deepEqual(await model.load(), { kind: 'ready' });
  assert.deepEqual(model.holders(), HOLDERS.map((h) => ({ name: h.name, group: 'Board' })));
  assert.equal(
    model.participantsLine(),
    'Participants: the vault needs 1 group (2 of 3 in Board). Each present holder types their passphrase or their paper share’s words.',
  );
  assert.ok(model.runbooks.some((r) => r.name === 'sweep-leaked-eoa'));
  assert.deepEqual([model.history, model.shown], [[], null]);
});

test('one drill runs at a time; its result is shown and heads the history', async () => {
  assert.match(model.runningLine('sweep-leaked-eoa', wrong), /^Drill of sweep-leaked-eoa running with Alice, Bob: quorum unlock/);
  const first = model.run('sweep-leaked-eoa', wrong);
  assert.equal(model.running, true);
  assert.equal(await model.run('sweep-leaked-eoa', wrong), null, 'a second drill is not started while one runs');
  const outcome = await first;
  assert.ok(outcome && 'drill' in outcome);
  assert.equal(outcome.drill.passed, false, 'a wrong passphrase fails the quorum unlock');
  assert.deepEqual([model.running, model.shown?.id, model.history.map((d) => d.id)], [false, outcome.drill.id, [outcome.drill.id]]);
});

test('a drill of a runbook the vault does not have is refused with its reason and nothing is recorded; a past drill can be picked', async () => {
  const shown = model.shown;
  const refused = await model.run('no-such-runbook', wrong);
  assert.ok(refused && 'error' in refused);
  assert.match(refused.error.code, /^[a-z]+(-[a-z]+)*$/);
  assert.deepEqual([model.running, model.shown, model.history.length], [false, shown, 1]);
  model.show({ ...model.history[0]!, id: 99 });
  assert.equal(model.shown?.id, 99);
});

test('an auditor’s challenge is checked before the bridge is called: empty is none, a bad one gets the refusal sentence', () => {
  assert.equal(model.challengeProblem(''), null);
  assert.equal(model.challengeProblem('audit K7-19x'), null);
  const refused = model.challengeProblem('naïve challenge');
  assert.equal(refused?.code, 'drill-challenge-invalid');
  assert.match(refused?.message ?? '', /8 to 128 printable ASCII characters/);
  assert.equal(model.challengeProblem('short')?.code, 'drill-challenge-invalid');
});
