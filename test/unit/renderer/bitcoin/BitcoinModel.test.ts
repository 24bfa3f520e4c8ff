// The Bitcoin section's model in Node: amounts exact in BTC and sats, a review read into rows (or blocking when it
// cannot be read), the lines a key holder reads for inputs, outputs and the fee, and the forms' requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePsbt } from '../../../../shared/btc/psbt';
import { psbtReviewJson, reviewPsbt } from '../../../../shared/btc/review';
import { ownershipFromSeed } from '../../../../shared/btc/seed-ownership';
import { accountRequest, feeLine, formatSats, inputLine, outputLine, psbtReviewRequest, readReview, ruleOptions, signedInputsTitle, signingStep, summaryLine, walletRequest } from '../../../../renderer/bitcoin/BitcoinModel';
import { externalAddress, MNEMONIC, seedOf, singleSigPsbt } from '../../../helpers/bitcoin';

function reviewJson() {
  const psbt = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 30_000n }], change: { index: 0, value: 29_000n } });
  const tx = decodePsbt(Buffer.from(psbt.toBase64(), 'base64'));
  return psbtReviewJson(reviewPsbt(tx, 'mainnet', ownershipFromSeed(seedOf(MNEMONIC), tx, 'mainnet', [])).review);
}

test('amounts are exact: BTC with eight decimals beside the sats', () => {
  assert.equal(formatSats(70_000), '0.00070000 BTC (70,000 sats)');
  assert.equal(formatSats(2_100_000_000_000_000), '21000000.00000000 BTC (2,100,000,000,000,000 sats)');
  assert.equal(formatSats(1), '0.00000001 BTC (1 sats)');
});

test('a review reads into rows: who signs each input, which output is verified change, the fee and the summary', () => {
  const { review, blocking } = readReview(reviewJson());
  assert.ok(review);
  assert.deepEqual(blocking, []);
  assert.match(inputLine(review.inputs[0]!), /^The vault signs it · BIP-84 account 0 · m\/84'\/0'\/0'\/0\/0$/);
  assert.equal(outputLine(review.outputs[0]!), 'Payment out of the vault');
  assert.equal(outputLine(review.outputs[1]!), "Change, verified: pays the vault's BIP-84 account 0 at m/84'/0'/0'/1/0");
  assert.match(feeLine(review), /^0\.00001000 BTC \(1,000 sats\) · [0-9.]+ sat\/vB · \d+ vB \(estimated\)$/);
  assert.match(summaryLine(review), /^Signs 1 of 1 inputs · pays out 0\.00030000 BTC \(30,000 sats\) · replaceable \(RBF\) · locktime none$/);
});

test('SECURITY(H-23) a reply that does not read as a review blocks: nothing is signed unseen', () => {
  for (const junk of [null, {}, { ...reviewJson(), outputs: 'x' }, { ...reviewJson(), warnings: [{ code: 1 }] }]) {
    const { review, blocking } = readReview(junk);
    assert.equal(review, null);
    assert.equal(blocking.length, 1);
  }
});

test('the forms become bridge requests, or a sentence saying what to fix', () => {
  assert.deepEqual(accountRequest({ kind: 'p2tr', network: 'testnet', index: '2', label: ' Cold BTC ' }), { ok: true, request: { kind: 'p2tr', network: 'testnet', index: 2, label: 'Cold BTC' } });
  assert.equal(accountRequest({ kind: 'p2tr', network: 'mainnet', index: '01', label: 'x' }).ok, false);
  assert.equal(accountRequest({ kind: 'p2tr', network: 'mainnet', index: '0', label: '  ' }).ok, false);
  assert.deepEqual(walletRequest({ name: 'Fallback', network: 'mainnet', descriptor: ' wsh(sortedmulti(2,…)) ' }), { ok: true, request: { name: 'Fallback', network: 'mainnet', descriptor: 'wsh(sortedmulti(2,…))' } });
  assert.equal(walletRequest({ name: 'Fallback', network: 'mainnet', descriptor: 'wpkh(…)' }).ok, false);
});

test('the PSBT is reviewed under the chosen runbook rule, or under none', () => {
  assert.deepEqual(ruleOptions(['cold']), [['', 'No runbook rule'], ['cold', 'Every output must pay "cold" (fallback sweep)']]);
  assert.deepEqual(ruleOptions([]), [['', 'No runbook rule']]);
  assert.deepEqual(psbtReviewRequest(['ur:crypto-psbt/1-2/a', 'ur:crypto-psbt/2-2/b'], 'cold'), { parts: ['ur:crypto-psbt/1-2/a', 'ur:crypto-psbt/2-2/b'], outputsOnlyTo: 'cold' });
  assert.deepEqual(psbtReviewRequest(['ur:crypto-psbt/x'], ''), { parts: ['ur:crypto-psbt/x'] });
});

test('signing goes straight on only with the vault unlocked; the answer counts the inputs signed', () => {
  assert.equal(signingStep({ state: 'unlocked' }), 'sign');
  assert.equal(signingStep({ state: 'locked' }), 'unlock-first');
  assert.equal(signingStep({ state: 'unlocking' }), 'unlock-first');
  assert.equal(signedInputsTitle([0]), 'Signed 1 input');
  assert.equal(signedInputsTitle([0, 2]), 'Signed 2 inputs');
});
