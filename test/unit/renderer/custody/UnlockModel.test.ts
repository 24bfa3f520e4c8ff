// The quorum unlock's model against the real vault services through the real gate: holders open their shares one
// by one (a wrong passphrase keeps them chosen), passphrases are never kept, the quorum completes, a failed
// completion says the opened shares were closed, and cancel or lock closes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UnlockStatusView } from '../../../../shared/bridge';
import { UnlockModel } from '../../../../renderer/custody/UnlockModel';
import { rendererBridge } from '../../../helpers/renderer-bridge';
import { HOLDERS, twoOfThree, vaultServices } from '../../../helpers/vault-fixture';

async function opened(overrides: Parameters<typeof twoOfThree>[0] = {}) {
  const fixture = vaultServices();
  await fixture.custody.vault.create(twoOfThree(overrides));
  const bridge = rendererBridge(fixture.services);
  const seen: UnlockStatusView[] = [];
  const { vault } = await bridge.call('vault.summary', {});
  const model = new UnlockModel(bridge, vault!, (status) => seen.push(status));
  model.open(await bridge.call('unlock.status', {}));
  return { ...fixture, bridge, model, seen };
}

test('holders open their shares in turn, a wrong passphrase keeps them chosen, and the quorum unlocks', async () => {
  const { model, seen, services } = await opened();
  try {
    assert.deepEqual([model.stage, model.chosen, model.waiting().map((h) => h.name)], ['present', 'Alice', ['Alice', 'Bob', 'Carol']]);
    await model.present();
    assert.equal(model.error?.code, 'passphrase-empty');
    model.secrets.passphrase = 'not alice';
    await model.present();
    assert.deepEqual([model.error?.code, model.chosen, model.secrets.passphrase], ['passphrase-wrong', 'Alice', '']);
    model.secrets.passphrase = HOLDERS[0]!.passphrase;
    const pending = model.present();
    assert.equal(model.busy, "Opening Alice's share…");
    await pending;
    assert.deepEqual([model.error, model.busy, model.chosen, model.cancelLabel], [null, null, 'Bob', 'Cancel unlock (close the opened shares)']);
    model.choose('Carol');
    model.secrets.passphrase = HOLDERS[2]!.passphrase;
    await model.present();
    assert.equal(model.stage, 'complete');
    await model.complete();
    assert.deepEqual([model.stage, model.openedBy], ['unlocked', ['Alice', 'Carol']]);
    assert.equal(seen.at(-1)?.state, 'unlocked', 'the page behind was told every status');
    assert.equal(await model.lock(), true);
    assert.equal(model.status?.state, 'locked');
  } finally {
    services.close();
  }
});

test('a failed completion closes the opened shares and says so; cancel closes them too', async () => {
  const { model, services, custody } = await opened({ slip39Passphrase: 'right words' });
  try {
    for (const holder of HOLDERS.slice(0, 2)) {
      model.secrets.passphrase = holder.passphrase;
      await model.present();
    }
    model.secrets.slip39 = 'wrong words';
    await model.complete();
    assert.equal(model.secrets.slip39, '', 'the SLIP-39 passphrase is not kept either');
    assert.match(model.error?.message ?? '', /The opened shares were closed: the holders open them again\.$/);
    assert.deepEqual([model.stage, model.status?.present], ['present', []]);
    assert.equal(model.chosen, 'Carol', 'the holder picked next stays picked');
    model.choose('Alice');
    model.secrets.passphrase = HOLDERS[0]!.passphrase;
    await model.present();
    assert.deepEqual(custody.unlock.status().present, ['Alice']);
    assert.equal(await model.cancel(), true);
    assert.deepEqual(custody.unlock.status().present, [], 'cancel closed the share Alice opened');
  } finally {
    services.close();
  }
});
