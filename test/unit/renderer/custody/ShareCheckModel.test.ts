// A holder's share check through the real services and gate: what is missing is named with the cursor sent there,
// a wrong passphrase keeps the words and drops the passphrase, a passed check is recorded and reported, and a
// dialog closed meanwhile shows nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isShareWords, ShareCheckModel, type ShareCheckResult } from '../../../../renderer/custody/ShareCheckModel';
import { rendererBridge } from '../../../helpers/renderer-bridge';
import { HOLDERS, twoOfThree, withVaultServices } from '../../../helpers/vault-fixture';

const ALICE = { name: 'Alice', groupName: 'Board', memberIndex: 0, memberCount: 3 };

test('a share check names what is missing, keeps the words after a wrong passphrase, and records a pass', () =>
  withVaultServices(async ({ services, custody }) => {
    const created = await custody.vault.create(twoOfThree());
    const words = created.shares.find((s) => s.holder === 'Alice')!.words;
    const passed: ShareCheckResult[] = [];
    const model = new ShareCheckModel(rendererBridge(services), (result) => passed.push(result));
    model.open(ALICE);
    assert.equal(await model.check(), 'words');
    assert.equal(model.error?.code, 'share-words-empty');
    model.secrets.words = words;
    assert.equal(await model.check(), 'passphrase');
    assert.equal(model.error?.code, 'passphrase-empty');
    model.secrets.passphrase = 'not alice';
    assert.equal(await model.check(), 'passphrase');
    assert.deepEqual([model.error?.code, model.secrets.words, model.secrets.passphrase], ['passphrase-wrong', words, '']);
    model.secrets.passphrase = HOLDERS[0]!.passphrase;
    const pending = model.check();
    assert.equal(model.busy, true);
    assert.equal(await pending, 'title');
    assert.deepEqual([model.busy, model.error, model.result?.holder, model.secrets.words], [false, null, 'Alice', '']);
    assert.equal(passed.length, 1);
    assert.ok(custody.vault.summary()!.groups[0]!.holders[0]!.lastVerifiedAt !== null, 'the pass is recorded');
  }));

test('a dialog closed while main checks shows nothing of the answer', () =>
  withVaultServices(async ({ services, custody }) => {
    const created = await custody.vault.create(twoOfThree());
    const model = new ShareCheckModel(rendererBridge(services), () => assert.fail('not reported after close'));
    model.open(ALICE);
    model.secrets.words = created.shares[0]!.words;
    model.secrets.passphrase = 'not alice';
    const pending = model.check();
    model.close();
    assert.equal(await pending, null);
    assert.deepEqual([model.error, model.result, model.secrets.words], [null, null, '']);
  }));

test('a card QR is taken as share words only when it reads as 20 to 33 words', () => {
  assert.equal(isShareWords(Array(20).fill('academic').join(' ')), true);
  assert.equal(isShareWords(Array(33).fill('academic').join('\n')), true);
  assert.equal(isShareWords(Array(19).fill('academic').join(' ')), false);
  assert.equal(isShareWords('ur:bytes/abc'), false);
});
