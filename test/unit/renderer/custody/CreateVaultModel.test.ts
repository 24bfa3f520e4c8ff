// The create/import wizard's state machine: Next only past a clean step, Create only from Review with every step
// clean, a refusal from the real vault service shown on the step that fixes it, the reasons it may not be left,
// and the setup wiped once the vault exists or is discarded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateVaultModel, stepForRefusal } from '../../../../renderer/custody/CreateVaultModel';
import { rendererBridge } from '../../../helpers/renderer-bridge';
import { withVaultServices } from '../../../helpers/vault-fixture';
import { toPublicError } from '../../../../renderer/bridge';

function fillHolders(model: CreateVaultModel): void {
  model.setup.groups[0]!.holders = ['Alice', 'Bob', 'Carol'].map((name) => ({ name, passphrase: `${name} correct horse`, confirm: `${name} correct horse` }));
}

test('Next moves on only from a clean step, keeping what was typed; Back and the stepper follow', () => {
  const model = new CreateVaultModel('new');
  assert.equal(model.advance(), false);
  assert.deepEqual(model.problems, ['Give the vault a name, e.g. "Acme treasury".']);
  assert.equal(model.step, 'key');
  model.setup.name = 'Acme';
  assert.equal(model.advance(), true);
  assert.deepEqual([model.step, model.problems], ['holders', []]);
  assert.deepEqual(model.neighbours(), { back: 'key', next: 'accounts' });
  assert.equal(model.advance(), false, 'holders without names');
  fillHolders(model);
  model.advance();
  model.advance();
  assert.equal(model.step, 'review');
  assert.deepEqual(model.stepper().map((s) => s.state), ['done', 'done', 'done', 'current', 'todo']);
  model.go('key');
  assert.equal(model.setup.name, 'Acme', 'going back keeps the setup');
});

test('Create sends only from Review with every step clean, and the vault existing wipes the setup', () => {
  const model = new CreateVaultModel('new');
  assert.equal(model.beginCreate(), null, 'not from step 1');
  model.setup.name = 'Acme';
  fillHolders(model);
  model.go('review');
  model.setup.diceText = '7';
  assert.equal(model.beginCreate(), null);
  assert.match(model.problems[0]!, /7/);
  model.setup.diceText = '';
  const request = model.beginCreate();
  assert.equal(request?.name, 'Acme');
  assert.equal(model.step, 'creating');
  assert.equal(model.formStep, 'review');
  assert.match(model.leaveBlocked(0) ?? '', /encrypting the shares/);
  const holders = model.setup.groups[0]!.holders;
  model.created();
  assert.equal(model.step, 'cards');
  assert.ok(holders.every((h) => h.passphrase === ''), 'the passphrases are wiped once the vault exists');
  assert.match(model.leaveBlocked(2) ?? '', /^2 holders have not finished with their share card yet/);
  model.handedOut();
  assert.equal(model.leaveBlocked(0), null);
});

test("the real vault service's refusal of an import is shown on Review with a way to the step that fixes it", () =>
  withVaultServices(async ({ services }) => {
    const bridge = rendererBridge(services);
    const model = new CreateVaultModel('bip39');
    model.setup.name = 'Imported';
    model.setup.bip39Mnemonic = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon';
    fillHolders(model);
    model.go('review');
    const request = model.beginCreate();
    assert.ok(request);
    await assert.rejects(bridge.call('vault.create', request), (error) => (model.refused(toPublicError(error)), true));
    assert.equal(model.step, 'review');
    const refusal = model.refusal();
    assert.equal(refusal?.fixAt, 'key');
    assert.equal(stepForRefusal(refusal!.error, 'bip39'), 'key');
    model.go('key');
    assert.equal(model.refusal()?.fixAt, null, 'on the key step itself the sentence stands alone');
    model.setup.source = 'new';
    assert.equal(model.refusal(), null, 'an import refusal no longer applies once the key comes from elsewhere');
  }));

test('refusals are placed where they can be fixed', () => {
  assert.equal(stepForRefusal({ code: 'passphrase-invalid-ascii', message: '' }, 'slip39'), 'key');
  assert.equal(stepForRefusal({ code: 'passphrase-too-short', message: '' }, 'new'), 'holders');
  assert.equal(stepForRefusal({ code: 'hd-path-invalid', message: '' }, 'new'), 'accounts');
  assert.equal(stepForRefusal({ code: 'vault-layout-invalid', message: 'Name the vault.' }, 'new'), 'key');
  assert.equal(stepForRefusal({ code: 'vault-layout-invalid', message: 'Two holders share a name.' }, 'new'), 'holders');
  assert.equal(stepForRefusal({ code: 'shares-mixed', message: '' }, 'slip39'), 'key');
  assert.equal(stepForRefusal({ code: 'internal', message: '' }, 'new'), 'review');
});

test('discarding forgets everything typed and starts over; a wizard being filled in may not be left', () => {
  const model = new CreateVaultModel('bip39');
  model.setup.bip39Mnemonic = 'abandon';
  model.askCancel(true);
  assert.match(model.leaveBlocked(0) ?? '', /press Cancel to discard it/);
  const before = model.setup;
  model.discard();
  assert.equal(before.bip39Mnemonic, '');
  assert.deepEqual([model.step, model.setup.source, model.setup.bip39Mnemonic, model.confirmingCancel], ['key', 'bip39', '', false]);
});
