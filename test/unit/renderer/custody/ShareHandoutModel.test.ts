// Share cards handed out one holder at a time: a hand-over first, the card only when asked for, and each holder's
// words dropped when they confirm, before the next hand-over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VaultSummaryView } from '../../../../shared/bridge';
import { ShareHandoutModel } from '../../../../renderer/custody/ShareHandoutModel';
import { twoOfThree, withVaultServices } from '../../../helpers/vault-fixture';

test('each holder sees a hand-over, then their own card, and their words are gone once they confirm', () =>
  withVaultServices(async ({ services, custody }) => {
    const created = await custody.vault.create(twoOfThree());
    const model = new ShareHandoutModel(created.vault as VaultSummaryView, created.shares);
    model.confirm();
    assert.deepEqual(model.screen(), { kind: 'handover', holder: 'Alice', position: 'Card 1 of 3', where: 'group 1, Board' }, 'no card is confirmed unseen');
    model.reveal();
    const first = model.screen();
    assert.ok(first.kind === 'card');
    assert.deepEqual([first.card.holder, first.card.words, first.next, first.card.identifierWords], ['Alice', created.shares[0]!.words, "Next: Bob's card", created.shares[0]!.words.split(' ').slice(0, 2).join(' ')]);
    model.confirm();
    assert.equal(model.remaining(), 2);
    assert.equal(model.screen().kind, 'handover');
    for (let i = 0; i < 2; i++) {
      model.reveal();
      if (i === 1) assert.equal((model.screen() as { next: string }).next, 'This is the last card.');
      model.confirm();
    }
    assert.deepEqual([model.screen(), model.remaining()], [{ kind: 'done', total: 3 }, 0]);
  }));
