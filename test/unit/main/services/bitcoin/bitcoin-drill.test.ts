// A drill of the Bitcoin runbook on a real vault: the Bitcoin accounts derive again, the coordinator's sweep to the
// fallback multisig is rehearsed under the runbook's rule, and the proof of control carries a BIP-322 signature
// beside the EIP-191 one, both checked by `verifyDrillProof` (a changed one fails it). Statement v2 keeps its audit head.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDrillStatementV2, verifyDrillProof } from '../../../../../shared/drill/proof';
import { verifyBip322 } from '../../../../../shared/btc/bip322';
import { COSIGNER_B, COSIGNER_C, multisigDescriptor } from '../../../../helpers/bitcoin';
import { HOLDERS, twoOfThree, vaultServices } from '../../../../helpers/vault-fixture';

const quorum = [HOLDERS[0]!, HOLDERS[1]!];

async function bitcoinVault(kind: 'p2wpkh' | 'p2tr') {
  const fixture = vaultServices();
  await fixture.custody.vault.create(twoOfThree());
  for (const holder of quorum) await fixture.custody.unlock.present(holder.name, holder.passphrase);
  await fixture.custody.unlock.complete({});
  const account = fixture.custody.bitcoin.addAccount({ kind, network: 'mainnet', index: 0, label: 'BTC treasury' });
  fixture.custody.bitcoin.importWallet({ name: 'Fallback', network: 'mainnet', descriptor: multisigDescriptor({ mnemonics: [COSIGNER_B, COSIGNER_C, 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong'] }) });
  fixture.custody.unlock.lock('explicit');
  const runbook = fixture.custody.drills.runbooks().find((r) => r.name === 'sweep-btc-to-fallback')!;
  fixture.custody.drills.saveRunbook({ ...runbook, params: { fallbackWallet: 'Fallback' } });
  return { ...fixture, account };
}

for (const kind of ['p2wpkh', 'p2tr'] as const) {
  test(`a ${kind} treasury: the Bitcoin sweep runbook drills and passes, and its proof carries a BIP-322 signature beside the EIP-191 one`, async () => {
    const { custody, account } = await bitcoinVault(kind);
    const drill = await custody.drills.run({ runbook: 'sweep-btc-to-fallback', holders: quorum });
    assert.equal(drill.passed, true, drill.reasons.join(' | '));
    assert.ok(drill.steps.some((s) => s.name === 'step 1: Sign the sweep to the fallback multisig' && s.ok));
    const proof = drill.proof!;
    assert.equal(proof.bitcoin!.address, account.firstAddress);
    assert.equal(verifyBip322(proof.bitcoin!.address, proof.statement, proof.bitcoin!.signature, 'mainnet'), true);
    const verdict = verifyDrillProof(proof);
    assert.equal(verdict.valid, true, verdict.problem ?? '');
    assert.deepEqual(verdict.bitcoin, { address: account.firstAddress, valid: true });
    assert.ok(verdict.statement && isDrillStatementV2(verdict.statement) && verdict.statement.auditHead.count > 1);
  });
}

test('a drill proof whose BIP-322 part was changed, or moved to another address, does not verify; the EIP-191 part alone still does', async () => {
  const { custody } = await bitcoinVault('p2wpkh');
  const proof = (await custody.drills.run({ runbook: 'sweep-btc-to-fallback', holders: quorum })).proof!;
  const otherSignature = { ...proof, bitcoin: { ...proof.bitcoin!, signature: proof.bitcoin!.signature.replace(/^A./, 'AB') } };
  assert.equal(verifyDrillProof(otherSignature).valid, false);
  const otherAddress = { ...proof, bitcoin: { ...proof.bitcoin!, address: 'bc1q9vza2e8x573nczrlzms0wvx3gsqjx7vavgkx0l' } };
  const verdict = verifyDrillProof(otherAddress);
  assert.equal(verdict.valid, false);
  assert.match(verdict.problem!, /BIP-322/);
  const { bitcoin: _dropped, ...evmOnly } = proof;
  assert.equal(verifyDrillProof(evmOnly).valid, true);
});

test('the rehearsal is refused when the fallback wallet is not set, and the drill fails naming it', async () => {
  const { custody } = await bitcoinVault('p2wpkh');
  const runbook = custody.drills.runbooks().find((r) => r.name === 'sweep-btc-to-fallback')!;
  custody.drills.saveRunbook({ ...runbook, params: { fallbackWallet: 'No such wallet' } });
  const drill = await custody.drills.run({ runbook: 'sweep-btc-to-fallback', holders: quorum });
  assert.equal(drill.passed, false);
  assert.match(drill.reasons.join(' '), /No Bitcoin wallet called "No such wallet"/);
  // A real recovery of this runbook is the coordinator's PSBT, not a draft.
  assert.throws(() => custody.drills.startRecovery('sweep-btc-to-fallback'), /signs the coordinator's PSBT/);
});
