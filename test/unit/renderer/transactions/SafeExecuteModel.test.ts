// Executing a signed Safe draft with a co-owner's signature, through the real services and gate: a payload for
// another Safe is refused with its sentence, the signers and the threshold line follow what is added (pasted as UR
// parts or JSON), and the execution draft is built from the executor account, nonce and fees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SAFE_SIGNATURE_UR_TYPE, safeSignaturePayloadJson } from '../../../../shared/airgap/safe-signature';
import { encodeUr } from '../../../../shared/airgap/ur';
import { SafeExecuteModel } from '../../../../renderer/transactions/SafeExecuteModel';
import { rendererBridge } from '../../../helpers/renderer-bridge';
import { CO_OWNER, SAFE, signedSafeDraft, THIRD_OWNER } from '../../../helpers/safe-draft-fixture';
import { withVaultServices } from '../../../helpers/vault-fixture';

test('a co-owner signature for this Safe transaction completes the threshold and builds the execution draft; one for another Safe is refused', () =>
  withVaultServices(async ({ services, custody }) => {
    const { owner, executor, draft } = await signedSafeDraft(custody);
    const model = new SafeExecuteModel(rendererBridge(services), { draftId: draft.id, chainId: '1', safe: SAFE, safeTxHash: draft.digest, ownSigners: [owner], threshold: 2 });
    assert.equal(await model.load(), null);
    assert.equal(model.accounts[0]!.address, executor, 'the executor account is offered first');
    assert.equal(model.progressLine(), '1 of 2 owner signatures');
    const signature = CO_OWNER.signingKey.sign(draft.digest).serialized;
    const elsewhere = model.addText(safeSignaturePayloadJson({ chainId: 1n, safe: THIRD_OWNER, safeTxHash: draft.digest, owner: CO_OWNER.address, signature }));
    assert.equal(elsewhere?.code, 'safe-bundle-mismatch');
    assert.match(elsewhere?.message ?? '', /is for Safe 0x1111111111111111111111111111111111111111 on chain 1/);
    const fields = { from: executor, nonce: '0', gasLimit: '300000', maxFeePerGas: '30', maxPriorityFeePerGas: '1000000000 wei', snapshotId: '' };
    assert.deepEqual(await model.execute(fields), { error: { code: 'safe-exec-empty', message: "Add at least one co-owner's signature or the relay's bundle first." } });
    const payload = safeSignaturePayloadJson({ chainId: 1n, safe: SAFE, safeTxHash: draft.digest, owner: CO_OWNER.address, signature });
    assert.equal(model.addText(encodeUr(SAFE_SIGNATURE_UR_TYPE, new TextEncoder().encode(payload), 60).join('\n')), null);
    assert.deepEqual(model.signers(), [{ owner, source: 'vault' }, { owner: CO_OWNER.address, source: 'co-owner' }]);
    assert.equal(model.progressLine(), '2 of 2 owner signatures: enough to execute');
    assert.deepEqual(await model.execute({ ...fields, from: '' }), { error: { code: 'safe-exec-no-executor', message: 'This vault has no account to send the transaction from; register one under Holders & shares.' } });
    const refused = await model.execute({ ...fields, maxFeePerGas: '-30' });
    assert.deepEqual(refused, { error: { code: 'amount-negative', message: 'Max fee per gas cannot be negative: "-30".' } }, 'a fee is read by the one parser before anything is built');
    const built = await model.execute(fields);
    assert.ok('draftId' in built, JSON.stringify(built));
    const exec = custody.drafts.get(built.draftId);
    const sent = exec.input.executor as { from: string; maxFeePerGas: string; maxPriorityFeePerGas: string };
    assert.deepEqual([exec.kind, sent.from, sent.maxFeePerGas, sent.maxPriorityFeePerGas], ['eoa', executor, '30000000000', '1000000000'], 'fees typed in gwei (or with a unit) are sent in wei');
  }));
