// PSBTs built by bitcoinjs-lib (the independent implementation) reviewed and signed by shared/btc, then validated,
// finalized and extracted by bitcoinjs-lib again: single-key with change (P2WPKH, P2TR), a 2-of-3 wsh(sortedmulti)
// in which the vault holds one key, and every hostile variant the rules table names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodePsbt, psbtBase64 } from '../../../../shared/btc/psbt';
import { psbtReviewJson, reviewPsbt } from '../../../../shared/btc/review';
import { ownershipFromSeed } from '../../../../shared/btc/seed-ownership';
import { signReviewedPsbt } from '../../../../shared/btc/sign';
import { buildCryptoPsbt, parseCryptoPsbt } from '../../../../shared/btc/ur';
import { SigningRefusedError } from '../../../../shared/drafting/policy';
import { AirlockError } from '../../../../shared/errors';
import { COSIGNER_B, cosignerSigns, externalAddress, finalizeAndExtract, MNEMONIC, multisigDescriptor, multisigPsbt, Psbt, seedOf, singleSigPsbt } from '../../../helpers/bitcoin';

const seed = seedOf(MNEMONIC);

function reviewOf(base64: string, descriptors: string[] = []) {
  const tx = decodePsbt(Buffer.from(base64, 'base64'));
  const own = ownershipFromSeed(seed, tx, 'mainnet', descriptors);
  return { tx, ...reviewPsbt(tx, 'mainnet', own) };
}

function sign(base64: string, acknowledge: string[] = [], descriptors: string[] = []): string {
  const { tx, review, claims } = reviewOf(base64, descriptors);
  return Buffer.from(signReviewedPsbt(tx, review, claims, seed, acknowledge).psbt).toString('base64');
}

const codes = (base64: string, descriptors: string[] = []) => reviewOf(base64, descriptors).review.warnings.map((w) => w.code);

test('a P2WPKH PSBT with change: the review states inputs, payment, verified change, fee and sat/vB; bitcoinjs-lib finalizes what the vault signed', () => {
  const psbt = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }, { index: 3, value: 40_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 70_000n }], change: { index: 0, value: 28_000n } });
  const { review } = reviewOf(psbt.toBase64());
  assert.deepEqual(review.inputs.map((i) => [i.ours, i.value, i.path]), [[true, 60_000, "m/84'/0'/0'/0/0"], [true, 40_000, "m/84'/0'/0'/0/3"]]);
  assert.equal(review.inputs[0]!.address, 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
  assert.deepEqual(review.outputs.map((o) => [o.address, o.value, o.change]), [[externalAddress(), 70_000, false], ['bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el', 28_000, true]]);
  assert.equal(review.fee, 2_000);
  assert.ok(review.feeRate! > 9 && review.feeRate! < 11, String(review.feeRate));
  assert.equal(review.rbf, true);
  assert.deepEqual(review.warnings, []);
  const out = finalizeAndExtract(sign(psbt.toBase64()));
  assert.deepEqual(out.valid, [true, true]);
  // The estimate the review showed is the size of what was extracted, within a byte per input.
  const vsize = Math.ceil(Psbt.fromBase64(sign(psbt.toBase64())).finalizeAllInputs().extractTransaction().virtualSize());
  assert.ok(Math.abs(vsize - review.vsize) <= 2, `${vsize} vs ${review.vsize}`);
});

test('a P2TR (BIP-86) PSBT: the Schnorr signature validates and the transaction extracts', () => {
  const psbt = singleSigPsbt({ kind: 'p2tr', inputs: [{ index: 0, value: 50_000n }], pay: [{ address: externalAddress(), value: 30_000n }], change: { index: 0, value: 19_000n } });
  const { review } = reviewOf(psbt.toBase64());
  assert.equal(review.outputs[1]!.address, 'bc1p3qkhfews2uk44qtvauqyr2ttdsw7svhkl9nkm9s9c3x4ax5h60wqwruhk7');
  assert.equal(review.outputs[1]!.change, true);
  // Taproot sighashes commit to every input's amount: no previous transaction is needed, so no warning.
  assert.deepEqual(review.warnings, []);
  assert.deepEqual(finalizeAndExtract(sign(psbt.toBase64())).valid, [true]);
});

test('a 2-of-3 wsh(sortedmulti) where the vault holds one key: the vault signs, a cosigner signs with bitcoinjs-lib, and it finalizes', () => {
  const psbt = multisigPsbt({ inputs: [{ index: 0, value: 100_000n, previousTx: true }, { index: 1, value: 20_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 90_000n }], change: { index: 2, value: 29_000n } });
  const descriptor = multisigDescriptor();
  const { review } = reviewOf(psbt.toBase64(), [descriptor]);
  assert.equal(review.signing, 2);
  assert.equal(review.outputs[1]!.change, true);
  assert.equal(review.outputs[1]!.path, "m/48'/0'/0'/2'/1/2");
  const signedByVault = Psbt.fromBase64(sign(psbt.toBase64(), [], [descriptor]));
  const out = finalizeAndExtract(cosignerSigns(signedByVault, COSIGNER_B).toBase64());
  assert.deepEqual(out.valid, [true, true]);
  assert.match(out.hex, /^02000000/);
});

test('a lying coordinator\'s fake change is refused: the output claims the vault\'s change path but pays another key (single-key and multisig)', () => {
  const single = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 10_000n }], change: { index: 5, value: 49_000n, lie: true } });
  const { review } = reviewOf(single.toBase64());
  assert.deepEqual(review.outputs.map((o) => o.change), [false, false]);
  assert.deepEqual(review.warnings.map((w) => w.code), ['change-not-ours']);
  assert.throws(() => sign(single.toBase64(), ['change-not-ours']), (e: unknown) => e instanceof SigningRefusedError && e.code === 'signing-blocked');
  const multi = multisigPsbt({ inputs: [{ index: 0, value: 100_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 10_000n }], change: { index: 0, value: 89_000n, lie: true } });
  assert.deepEqual(codes(multi.toBase64(), [multisigDescriptor()]), ['change-not-ours']);
});

test('segwit v0 inputs without their previous transaction, a non-ALL sighash and a fee above the bound each need their acknowledgement', () => {
  const bare = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n }], pay: [{ address: externalAddress(), value: 59_000n }] });
  assert.deepEqual(codes(bare.toBase64()), ['segwit-input-without-previous-tx']);
  assert.throws(() => sign(bare.toBase64()), (e: unknown) => e instanceof SigningRefusedError && e.code === 'signing-needs-acknowledgement');
  assert.deepEqual(finalizeAndExtract(sign(bare.toBase64(), ['segwit-input-without-previous-tx'])).valid, [true]);

  const none = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true, sighash: 0x82 }], pay: [{ address: externalAddress(), value: 59_000n }] });
  assert.deepEqual(codes(none.toBase64()), ['sighash-not-all']);
  const signed = Psbt.fromBase64(sign(none.toBase64(), ['sighash-not-all']));
  assert.equal(signed.data.inputs[0]!.partialSig![0]!.signature.at(-1), 0x82);

  const greedy = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 1_000_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 500_000n }] });
  assert.deepEqual(codes(greedy.toBase64()), ['fee-above-bound']);
});

test('an input whose previous transaction contradicts its stated amount, or is another transaction, is refused; one with no amount at all is blocked', () => {
  const psbt = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }, { index: 1, value: 1_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 59_000n }] });
  const lying = Psbt.fromBase64(psbt.toBase64());
  lying.data.inputs[0]!.witnessUtxo = { ...lying.data.inputs[0]!.witnessUtxo!, value: 6_000_000n };
  assert.throws(() => codes(lying.toBase64()), (e: unknown) => e instanceof AirlockError && e.code === 'psbt-invalid' && /witnessUtxo/.test(e.message));
  const swapped = Psbt.fromBase64(psbt.toBase64());
  [swapped.data.inputs[0]!.nonWitnessUtxo, swapped.data.inputs[1]!.nonWitnessUtxo] = [swapped.data.inputs[1]!.nonWitnessUtxo, swapped.data.inputs[0]!.nonWitnessUtxo];
  for (const input of swapped.data.inputs) delete input.witnessUtxo;
  assert.throws(() => codes(swapped.toBase64()), (e: unknown) => e instanceof AirlockError && e.code === 'psbt-invalid' && /txid/.test(e.message));
  const tx = decodePsbt(Buffer.from(psbt.toBase64(), 'base64'));
  tx.updateInput(0, { witnessUtxo: undefined, nonWitnessUtxo: undefined }, true);
  assert.ok(codes(psbtBase64(tx)).includes('psbt-input-amount-unknown'));
});

test('inputs that are not the vault\'s are shown and not signed; a PSBT with none is refused', () => {
  const foreign = singleSigPsbt({ kind: 'p2wpkh', mnemonic: COSIGNER_B, inputs: [{ index: 0, value: 60_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 59_000n }] });
  const { review } = reviewOf(foreign.toBase64());
  assert.deepEqual(review.inputs.map((i) => [i.ours, i.value]), [[false, 60_000]]);
  assert.deepEqual(psbtReviewJson(review).warnings.map((w) => w.code), ['inputs-not-ours']);
  assert.throws(() => sign(foreign.toBase64()), (e: unknown) => e instanceof AirlockError && e.code === 'psbt-nothing-to-sign');
});

test('a PSBT v2 (BIP-370) gets the same review as its v0 form and is answered as v2, with a signature bitcoinjs-lib validates', () => {
  const v0 = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 30_000n }], change: { index: 0, value: 29_000n } }).toBase64();
  const v2 = Buffer.from(decodePsbt(Buffer.from(v0, 'base64')).toPSBT(2)).toString('base64');
  const { review } = reviewOf(v2);
  assert.deepEqual(review, reviewOf(v0).review);
  const answer = Buffer.from(sign(v2), 'base64');
  assert.equal(decodePsbt(answer).toPSBT(2).length, answer.length, 'answered in the version asked');
  // bitcoinjs-lib reads only v0: the same answer re-encoded as v0 is validated, finalized and extracted there.
  assert.deepEqual(finalizeAndExtract(Buffer.from(decodePsbt(answer).toPSBT(0)).toString('base64')).valid, [true]);
});

test('crypto-psbt carries the PSBT bytes both ways', () => {
  const bytes = Buffer.from(singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 1_000n }], pay: [{ address: externalAddress(), value: 500n }] }).toBase64(), 'base64');
  assert.deepEqual(parseCryptoPsbt(buildCryptoPsbt(bytes)), new Uint8Array(bytes));
});

test('H-19 random and truncated bytes never crash the PSBT parser: a typed psbt-invalid', () => {
  const good = Buffer.from(singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 1_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 500n }] }).toBase64(), 'base64');
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat({ max: good.length }), (noise, cut) => {
      for (const bytes of [noise, new Uint8Array([...good.subarray(0, cut), ...noise])]) {
        try {
          decodePsbt(bytes);
        } catch (error) {
          assert.ok(error instanceof AirlockError && error.code === 'psbt-invalid', String(error));
        }
      }
    }),
    { numRuns: 200 },
  );
});
