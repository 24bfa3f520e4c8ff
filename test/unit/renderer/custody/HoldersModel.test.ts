// The Holders & shares page's model against the real services and gate: an empty database, the lock bar through
// an unlock (and leaving mid-way closing the opened shares), the vault's facts, and an audited reprint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HoldersModel, quorumOf, quorumTitle } from '../../../../renderer/custody/HoldersModel';
import { rendererBridge } from '../../../helpers/renderer-bridge';
import { HOLDERS, twoOfThree, withVaultServices } from '../../../helpers/vault-fixture';

test('with no vault the page has nothing to lock; with one, the lock bar follows an unlock and leaving closes the opened shares', () =>
  withVaultServices(async ({ services, custody }) => {
    const model = new HoldersModel(rendererBridge(services));
    assert.equal(await model.load(), null);
    assert.deepEqual([model.vault, model.lockBar()], [null, null]);
    await custody.vault.create(twoOfThree());
    await model.load();
    assert.deepEqual(model.lockBar(), { state: 'locked', badge: 'Locked', line: 'A quorum of holders must unlock it: any 2 of 3 holders.', unlock: 'Unlock', lock: null });
    model.status = await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
    assert.deepEqual(model.lockBar(), { state: 'collecting', badge: 'Unlocking', line: '1 of 2 shares · opened by Bob', unlock: 'Continue unlocking', lock: 'Cancel unlock' });
    model.leave();
    await model.load();
    assert.deepEqual(model.status?.present, [], 'leaving mid-unlock closed the share Bob opened');
    assert.equal(await model.lock(), null);
    assert.equal(model.status?.state, 'locked');
  }));

test("the facts and the quorum read as a holder says them", () =>
  withVaultServices(async ({ services, custody }) => {
    await custody.vault.create(twoOfThree({ slip39Passphrase: 'extra words' }));
    const model = new HoldersModel(rendererBridge(services));
    await model.load();
    const vault = model.vault!;
    const facts = Object.fromEntries(model.facts(vault).map((f) => [f.testid, f.value]));
    assert.equal(facts['vault-unlock-needs'], "A quorum of holders (any 2 of 3 holders), with each present holder's own passphrase, the SLIP-39 passphrase");
    assert.equal(facts['vault-iteration-exponent'], '0 (10,000 PBKDF2 iterations)');
    assert.equal(quorumTitle(vault), 'Quorum: any 2 of 3 holders');
    assert.equal(quorumOf({ groupThreshold: 2, groups: [vault.groups[0]!, vault.groups[0]!, vault.groups[0]!] }), 'any 2 of 3 groups');
  }));

test("a reprint needs the holder's passphrase and gives the same words as at creation, marked reprinted", () =>
  withVaultServices(async ({ services, custody }) => {
    const created = await custody.vault.create(twoOfThree());
    const model = new HoldersModel(rendererBridge(services));
    await model.load();
    const carol = model.vault!.groups[0]!.holders.find((h) => h.name === 'Carol')!;
    assert.deepEqual(await model.reprint(carol, ''), { error: { code: 'passphrase-empty', message: 'Carol types their passphrase first.' } });
    const refused = await model.reprint(carol, 'not carol');
    assert.equal('error' in refused && refused.error.code, 'passphrase-wrong');
    const answer = await model.reprint(carol, HOLDERS[2]!.passphrase);
    assert.ok('card' in answer);
    assert.equal(answer.card.words, created.shares.find((s) => s.holder === 'Carol')!.words);
    assert.deepEqual([answer.card.occasion, answer.card.vaultName, answer.card.memberThreshold, answer.card.memberCount], ['reprinted', 'Acme treasury', 2, 3]);
  }));
