// Review & sign's model against the real services and gate: nothing to review without a vault or a draft, the draft
// Build handed over is chosen, Sign asks for a quorum unlock while locked, signs the digest on screen, and a draft
// whose digest is not the one on screen is refused; a discarded draft stays listed and is refused by signing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReviewModel } from '../../../../renderer/transactions/ReviewModel';
import { rendererBridge } from '../../../helpers/renderer-bridge';
import { HOLDERS, twoOfThree, withVaultServices, type VaultFixture } from '../../../helpers/vault-fixture';

const OUTSIDER = '0x00000000000000000000000000000000000000aa';

/** A vault created in `fixture` with two drafts made through the bridge as Build makes them (nonces 0 and 1). */
async function addTwoDrafts(fixture: VaultFixture) {
  await fixture.custody.vault.create(twoOfThree());
  const bridge = rendererBridge(fixture.services);
  const from = fixture.custody.vault.accounts()[0]!.address;
  const build = (nonce: string) =>
    bridge.call('drafts.create', {
      input: {
        chainId: '1',
        executor: { kind: 'eoa', from, nonce, maxFeePerGas: '30000000000', maxPriorityFeePerGas: '1000000000' },
        actions: [{ type: 'native-sweep', to: OUTSIDER }],
        context: { chainId: '1', balance: '1000000000000000000', nonce },
      },
    });
  const first = (await build('0')).draft;
  const second = (await build('1')).draft;
  return { ...fixture, bridge, first, second };
}

/** Runs `body` on fresh vault services holding two drafts; the services close after it. */
const withDrafts = (body: (fixture: Awaited<ReturnType<typeof addTwoDrafts>>) => Promise<void>) => withVaultServices(async (fixture) => body(await addTwoDrafts(fixture)));

test('without a vault, or a vault without drafts, there is nothing to review', () =>
  withVaultServices(async ({ services, custody }) => {
    const bridge = rendererBridge(services);
    assert.deepEqual(await new ReviewModel(bridge, null).load(), { kind: 'no-vault' });
    await custody.vault.create(twoOfThree());
    assert.deepEqual(await new ReviewModel(bridge, null).load(), { kind: 'no-drafts' });
  }));

test('the handed-over draft is chosen; Sign asks for the quorum while locked, then signs the digest on screen', () =>
  withDrafts(async ({ custody, bridge, first }) => {
    const model = new ReviewModel(bridge, first.id);
    assert.deepEqual(await model.load(), { kind: 'drafts' });
    const draft = model.selected!;
    assert.equal(draft.id, first.id);
    assert.deepEqual([model.signLabel(draft), model.signHint(draft)?.startsWith('The vault is locked')], ['Unlock and sign', true]);
    assert.equal(await model.beforeSigning(), 'unlock');
    await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
    await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
    await custody.unlock.complete({});
    assert.equal(await model.beforeSigning(), 'sign');
    const unacknowledged = await model.sign([]);
    assert.equal(unacknowledged && 'error' in unacknowledged && unacknowledged.error.code, 'signing-needs-acknowledgement');
    assert.deepEqual(model.acknowledgements(draft), ['recipient-not-registered']);
    const outcome = await model.sign(draft.acknowledgementsRequired);
    assert.ok(outcome && 'signed' in outcome, JSON.stringify(outcome));
    assert.match(outcome.signed.rawTransaction ?? '', /^0x02/);
    assert.equal(model.drafts.find((d) => d.id === first.id)?.status, 'signed');
    assert.equal(await model.open(first.id), null);
    assert.deepEqual([model.signLabel(model.selected!), model.signHint(model.selected!)], ['Show the signature', null]);
    assert.equal(await model.beforeSigning(), 'sign', 'a stored signature is shown without an unlock');
    assert.deepEqual(model.acknowledgements(model.selected!), [], 'nor new acknowledgements');
    const again = await model.sign([]);
    assert.ok(again && 'signed' in again, JSON.stringify(again));
    assert.equal(again.signed.rawTransaction, outcome.signed.rawTransaction, 'the stored signature, not a new one');
  }));

test('a draft whose digest is not the reviewed one is refused, and an unknown draft cannot be opened', () =>
  withDrafts(async ({ custody, bridge, second }) => {
    const model = new ReviewModel(bridge, second.id);
    await model.load();
    await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
    await custody.unlock.present('Carol', HOLDERS[2]!.passphrase);
    await custody.unlock.complete({});
    model.selected = { ...model.selected!, digest: `0x${'00'.repeat(32)}` };
    const outcome = await model.sign(model.selected.acknowledgementsRequired);
    assert.equal(outcome && 'error' in outcome && outcome.error.code, 'draft-changed');
    assert.equal((await model.open(9999))?.code, 'draft-unknown');
  }));

test('an unsigned draft is discarded through the bridge: listed as discarded, audited, and refused when signed', () =>
  withDrafts(async ({ services, custody, bridge, first, second }) => {
    const model = new ReviewModel(bridge, first.id);
    await model.load();
    assert.equal(model.canDiscard(model.selected!), true);
    assert.equal(await model.discard(), null);
    assert.equal(model.selected!.status, 'discarded');
    assert.equal(model.canDiscard(model.selected!), false);
    assert.deepEqual(model.drafts.map((d) => [d.id, d.status]), [[second.id, 'draft'], [first.id, 'discarded']]);
    assert.equal(services.audit.list(1)[0]!.action, 'draft-discarded');
    assert.deepEqual(await model.discard(), { code: 'draft-discarded', message: `Draft ${first.id} was discarded, so it can never be signed or executed. Build a new draft if the transaction is still needed.` });
    for (const holder of HOLDERS.slice(0, 2)) await custody.unlock.present(holder.name, holder.passphrase);
    await custody.unlock.complete({});
    const signed = await model.sign([]);
    assert.ok(signed && 'error' in signed && signed.error.code === 'draft-discarded', JSON.stringify(signed));
  }));
