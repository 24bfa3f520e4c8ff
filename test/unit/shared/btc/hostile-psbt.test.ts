// Hostile PSBTs a lying coordinator can send, beyond fake change (review-sign.test.ts): taproot change hiding a
// script tree, the wrong network, sighash types other than ALL, amounts no chain can hold, the segwit fee-amount attack input by input, and a multisig whose
// cosigner set is not the registered wallet's, and PSBTs stuffed with keys to hold the vault for minutes. Each is refused, blocked, or signed only after its acknowledgement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { payments } from 'bitcoinjs-lib';
import { deriveBtcAccount } from '../../../../shared/btc/keys';
import { walletOf } from '../../../../shared/btc/ownership';
import { countKeyedEntries, decodePsbt, MAX_PSBT_KEYED_ENTRIES } from '../../../../shared/btc/psbt';
import { reviewPsbt } from '../../../../shared/btc/review';
import { accountDescriptor, inferNetwork, masterFingerprintOf, ownershipFromSeed } from '../../../../shared/btc/seed-ownership';
import { signReviewedPsbt } from '../../../../shared/btc/sign';
import { SigningRefusedError } from '../../../../shared/drafting/policy';
import { AirlockError } from '../../../../shared/errors';
import { COSIGNER_C, cosignerSigns, externalAddress, finalizeAndExtract, keyAt, MNEMONIC, multisigDescriptor, multisigPsbt, type Psbt, seedOf, singleSigPsbt } from '../../../helpers/bitcoin';

const seed = seedOf(MNEMONIC);
const fingerprint = masterFingerprintOf(seed);
const ATTACKER = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong';
const refused = (code: string, pattern?: RegExp) => (e: unknown) => e instanceof AirlockError && e.code === code && (!pattern || pattern.test(e.message));

/** Reviews as the mnemonic CLI does (network from the PSBT's paths) and signs with the given acknowledgements. */
function reviewAndSign(psbt: Psbt, acknowledge: string[] = [], descriptors: string[] = []) {
  const tx = decodePsbt(psbt.toBuffer());
  const network = inferNetwork(tx, fingerprint, 'mainnet');
  const { review, claims } = reviewPsbt(tx, network, ownershipFromSeed(seed, tx, network, descriptors));
  const sign = () => Buffer.from(signReviewedPsbt(tx, review, claims, seed, acknowledge).psbt).toString('base64');
  return { review, codes: review.warnings.map((w) => w.code), sign };
}

const spend = (o: Partial<Parameters<typeof singleSigPsbt>[0]> = {}) =>
  singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 50_000n, previousTx: true }], pay: [{ address: externalAddress(o.net), value: 30_000n }], change: { index: 0, value: 19_000n }, ...o });

test('wrong network: a PSBT naming the vault\'s mainnet and testnet paths is refused; a testnet PSBT finds nothing to sign among mainnet accounts', () => {
  const mixed = spend();
  const testnetChange = keyAt(MNEMONIC, "m/84'/1'/0'/1/0");
  mixed.data.outputs[1]!.bip32Derivation = [{ ...mixed.data.outputs[1]!.bip32Derivation![0]!, path: testnetChange.path, pubkey: testnetChange.publicKey }];
  assert.throws(() => reviewAndSign(mixed), refused('psbt-invalid', /both mainnet and testnet/));

  const testnet = spend({ net: 'testnet', pay: [{ address: externalAddress('testnet'), value: 30_000n }] });
  const tx = decodePsbt(testnet.toBuffer());
  assert.equal(inferNetwork(tx, fingerprint, 'mainnet'), 'testnet');
  const mainnetOnly = { masterFingerprint: fingerprint, wallets: [walletOf('BTC treasury', accountDescriptor(deriveBtcAccount(seed, 'p2wpkh', 'mainnet', 0)))] };
  const { review, claims } = reviewPsbt(tx, 'testnet', mainnetOnly);
  assert.deepEqual([review.signing, review.outputs[1]!.change], [0, false]);
  assert.throws(() => signReviewedPsbt(tx, review, claims, seed, []), refused('psbt-nothing-to-sign'));
  // With its own network's account it is the vault's, shown with testnet addresses.
  const own = reviewAndSign(testnet);
  assert.match(own.review.outputs[1]!.address!, /^tb1q/);
  assert.deepEqual(finalizeAndExtract(own.sign(), 'testnet').valid, [true]);
});

test('H-23 sighash NONE, SINGLE and ANYONECANPAY on P2WPKH and P2TR need acknowledgement and then validate; a byte that is no sighash type is refused at review', () => {
  const partial = { p2wpkh: [0x02, 0x83], p2tr: [0x03, 0x81] };
  for (const kind of ['p2wpkh', 'p2tr'] as const) {
    for (const sighash of partial[kind]) {
      const psbt = spend({ kind, inputs: [{ index: 0, value: 50_000n, previousTx: kind === 'p2wpkh', sighash }] });
      const { codes, sign } = reviewAndSign(psbt);
      assert.deepEqual(codes, ['sighash-not-all'], `${kind} 0x${sighash.toString(16)}`);
      assert.throws(sign, (e: unknown) => e instanceof SigningRefusedError && e.code === 'signing-needs-acknowledgement');
      assert.deepEqual(finalizeAndExtract(reviewAndSign(psbt, ['sighash-not-all']).sign()).valid, [true]);
    }
    for (const sighash of [0x04, 0x41]) {
      const psbt = spend({ kind, inputs: [{ index: 0, value: 50_000n, previousTx: kind === 'p2wpkh', sighash }] });
      assert.throws(() => reviewAndSign(psbt), refused('psbt-invalid', /not a Bitcoin sighash type/), `${kind} 0x${sighash.toString(16)}`);
    }
  }
  const all = spend({ kind: 'p2tr', inputs: [{ index: 0, value: 50_000n, sighash: 0x01 }] });
  assert.deepEqual(reviewAndSign(all).codes, []);
});

test('H-23 an amount above 21 million bitcoin, in an input, an output or the outputs together, is refused as a lie', () => {
  const bigInput = spend({ kind: 'p2tr', inputs: [{ index: 0, value: 50_000n }] });
  bigInput.data.inputs[0]!.witnessUtxo!.value = 2_100_000_000_000_001n;
  assert.throws(() => reviewAndSign(bigInput), refused('psbt-invalid', /input 0 states 2100000000000001 sats/));
  const bigOutput = spend({ inputs: [{ index: 0, value: 3_000_000_000_000_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 2_999_999_999_000_000n }] });
  assert.throws(() => reviewAndSign(bigOutput), refused('psbt-invalid', /more than 21 million bitcoin/));
  const together = spend({ pay: [{ address: externalAddress(), value: 1_500_000_000_000_000n }], change: { index: 0, value: 1_500_000_000_000_000n } });
  assert.throws(() => reviewAndSign(together), refused('psbt-invalid', /the outputs together/));
});

test('fee-siphon: the segwit fee-amount attack is named input by input, and outputs above the inputs block', () => {
  const oneBare = spend({ inputs: [{ index: 0, value: 50_000n, previousTx: true }, { index: 1, value: 10_000n }], pay: [{ address: externalAddress(), value: 40_000n }] });
  const { review, codes } = reviewAndSign(oneBare);
  assert.deepEqual(codes, ['segwit-input-without-previous-tx']);
  assert.match(review.warnings[0]!.message, /^Input 1 /);
  assert.deepEqual(review.inputs.map((i) => i.previousTx), [true, false]);
  const siphon = spend({ pay: [{ address: externalAddress(), value: 45_000n }], change: { index: 0, value: 10_000n } });
  const blocked = reviewAndSign(siphon, ['psbt-input-amount-unknown']);
  assert.deepEqual(blocked.codes, ['psbt-input-amount-unknown']);
  assert.throws(blocked.sign, (e: unknown) => e instanceof SigningRefusedError && e.code === 'signing-blocked');
});

test('multisig with a foreign cosigner set: inputs of a 2-of-3 whose other keys are not the registered wallet\'s are not signed; change to a 1-of-3 of the same keys is blocked', () => {
  const registered = multisigDescriptor();
  const foreign = multisigPsbt({ mnemonics: [MNEMONIC, COSIGNER_C, ATTACKER], inputs: [{ index: 0, value: 100_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 90_000n }] });
  const { review, codes, sign } = reviewAndSign(foreign, [], [registered]);
  assert.deepEqual([review.inputs[0]!.ours, codes], [false, ['inputs-not-ours']]);
  assert.throws(sign, refused('psbt-nothing-to-sign'));
  const looser = multisigPsbt({ threshold: 1, inputs: [{ index: 0, value: 100_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 90_000n }], change: { index: 0, value: 5_000n } });
  assert.ok(reviewAndSign(looser, [], [registered]).codes.includes('change-not-ours'));
});

test('taproot change whose output key hides the attacker\'s script tree under the vault\'s own internal key is blocked', () => {
  const internal = keyAt(MNEMONIC, "m/86'/0'/0'/1/0").publicKey.subarray(1);
  const attackerKey = keyAt(ATTACKER, "m/86'/0'/0'/0/0").publicKey.subarray(1);
  // <attacker key> OP_CHECKSIG as the one leaf: the attacker spends the "change" by the script path.
  const leaf = Buffer.concat([Buffer.from([0x20]), attackerKey, Buffer.from([0xac])]);
  const hidden = payments.p2tr({ internalPubkey: internal, scriptTree: { output: leaf } }).output!;
  const tx = decodePsbt(spend({ kind: 'p2tr', inputs: [{ index: 0, value: 50_000n }] }).toBuffer());
  tx.updateOutput(1, { script: hidden }, true);
  assert.equal(tx.getOutput(1).tapBip32Derivation![0]![0].length, 32, 'the output still names the vault\'s internal key and change path');
  const { review } = reviewPsbt(tx, 'mainnet', ownershipFromSeed(seed, tx, 'mainnet', []));
  assert.deepEqual([review.outputs[1]!.change, review.warnings.map((w) => w.code)], [false, ['change-not-ours']]);
});

test('one input among honest ones names the vault\'s fingerprint and path with another key and its script: keys derived in one batch are still checked input by input, and only the honest inputs are signed', () => {
  const psbt = spend({ inputs: [0, 1, 2].map((index) => ({ index, value: 50_000n, previousTx: index !== 1 })), pay: [{ address: externalAddress(), value: 120_000n }] });
  const impostor = keyAt(ATTACKER, "m/84'/0'/0'/0/1");
  const input = psbt.data.inputs[1]!;
  input.bip32Derivation = [{ ...input.bip32Derivation![0]!, pubkey: impostor.publicKey }];
  input.witnessUtxo = { script: payments.p2wpkh({ pubkey: impostor.publicKey }).output!, value: 50_000n };
  const { review, codes, sign } = reviewAndSign(psbt, ['inputs-not-ours']);
  assert.deepEqual(review.inputs.map((i) => i.ours), [true, false, true]);
  assert.deepEqual(codes, ['inputs-not-ours']);
  assert.deepEqual(decodePsbt(Buffer.from(sign(), 'base64')).getInput(1).partialSig, undefined);
  assert.equal(decodePsbt(Buffer.from(sign(), 'base64')).getInput(2).partialSig?.length, 1);
});

test('H-19 one coin spent by two inputs is refused before any review: it would count the coin twice (bitcoinjs-lib will not build it, so btc-signer adds the second input)', () => {
  const honest = decodePsbt(singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 100_000n, previousTx: true }, { index: 1, value: 100_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 150_000n }] }).toBuffer());
  assert.equal(reviewPsbt(honest, 'mainnet', ownershipFromSeed(seed, honest, 'mainnet', [])).review.fee, 50_000);
  const twice = decodePsbt(spend({ inputs: [{ index: 0, value: 100_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 150_000n }], change: undefined }).toBuffer());
  twice.addInput(twice.getInput(0));
  const outpoint = `${Buffer.from(twice.getInput(0).txid!).toString('hex')}:0`;
  assert.throws(() => decodePsbt(twice.toPSBT()), refused('psbt-invalid', new RegExp(`inputs 0 and 1 spend the same coin \\(${outpoint}\\)`)));
});

test('H-23 sats sent to OP_RETURN are destroyed: signed only after their acknowledgement, which bitcoinjs-lib then validates; a data output of 0 sats raises nothing', () => {
  const burn = spend({ change: { index: 0, value: 10_000n } });
  burn.addOutput({ script: Buffer.from('6a0474657374', 'hex'), value: 9_000n });
  const { codes, review, sign } = reviewAndSign(burn);
  assert.deepEqual(codes, ['output-burns']);
  assert.match(review.warnings[0]!.message, /^Output 2 sends 9000 sats to script 6a0474657374, which no one can ever spend\.$/);
  assert.throws(sign, (e: unknown) => e instanceof SigningRefusedError && e.code === 'signing-needs-acknowledgement');
  assert.deepEqual(finalizeAndExtract(reviewAndSign(burn, ['output-burns']).sign()).valid, [true]);

  const data = spend({ change: { index: 0, value: 19_000n } });
  data.addOutput({ script: Buffer.from('6a0474657374', 'hex'), value: 0n });
  assert.deepEqual(reviewAndSign(data).codes, []);
});

/** BIP-174 framing only: the magic, then one map of `entries` entries whose keys are 34 bytes (a type and a key). */
function framedWithKeys(entries: number): Uint8Array {
  const entry = [34, 0x06, ...new Array(33).fill(2), 1, 0];
  return Uint8Array.from([0x70, 0x73, 0x62, 0x74, 0xff, ...Array.from({ length: entries }, () => entry).flat(), 0]);
}

test('H-19 a PSBT stuffed with public keys is refused from its framing, before the decoder checks each on the curve; a real multisig PSBT counts exactly its keys', () => {
  assert.throws(() => decodePsbt(framedWithKeys(MAX_PSBT_KEYED_ENTRIES + 1)), refused('psbt-invalid', /names 10001 public keys \(derivations, signatures, xpubs\); Airlock reads at most 10,000/));
  assert.equal(countKeyedEntries(framedWithKeys(MAX_PSBT_KEYED_ENTRIES)), MAX_PSBT_KEYED_ENTRIES);
  // At the cap the framing passes and the decoder names its own fault (these keys are no points).
  assert.throws(() => decodePsbt(framedWithKeys(MAX_PSBT_KEYED_ENTRIES)), (e) => e instanceof AirlockError && e.code === 'psbt-invalid' && !/public keys/.test(e.message));
  // Counted against bitcoinjs-lib's reading of a 2-of-3 with change, signed by one cosigner: derivations and signatures.
  const multi = multisigPsbt({ inputs: [{ index: 0, value: 100_000n, previousTx: true }, { index: 1, value: 50_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 120_000n }], change: { index: 0, value: 29_000n } });
  const signedByC = cosignerSigns(multi, COSIGNER_C);
  const expected = [...signedByC.data.inputs, ...signedByC.data.outputs].reduce((n, f) => n + (f.bip32Derivation?.length ?? 0) + ('partialSig' in f ? (f.partialSig?.length ?? 0) : 0), 0);
  assert.equal(expected, 2 * 3 + 2 + 3);
  assert.equal(countKeyedEntries(signedByC.toBuffer()), expected);
  // Cut framing stops the count; the decoder names the fault.
  assert.equal(countKeyedEntries(Uint8Array.from([0x70, 0x73, 0x62, 0x74, 0xff, 0xfd, 0xff])), 0);
  assert.throws(() => decodePsbt(Uint8Array.from([0x70, 0x73, 0x62, 0x74, 0xff, 0xfd, 0xff])), refused('psbt-invalid'));
});

test('H-19 an input or output naming the vault\'s master key more than twice is refused before any of those keys is derived', () => {
  for (const side of ['inputs', 'outputs'] as const) {
    const psbt = spend();
    const field = psbt.data[side][side === 'inputs' ? 0 : 1]!;
    field.bip32Derivation = [0, 1, 2].map((i) => {
      const key = keyAt(MNEMONIC, `m/84'/0'/0'/0/${i + 5}`);
      return { masterFingerprint: Buffer.from(fingerprint.toString(16).padStart(8, '0'), 'hex'), path: key.path, pubkey: key.publicKey };
    });
    assert.throws(() => reviewAndSign(psbt), refused('psbt-invalid', new RegExp(`${side === 'inputs' ? 'input 0' : 'output 1'} names the vault's master key 3 times`)));
  }
  // Twice (a taproot key as both kinds of derivation) is a coordinator's PSBT: it reviews.
  const twice = spend();
  const again = keyAt(MNEMONIC, "m/84'/0'/0'/0/7");
  twice.data.inputs[0]!.bip32Derivation!.push({ masterFingerprint: Buffer.from(fingerprint.toString(16).padStart(8, '0'), 'hex'), path: again.path, pubkey: again.publicKey });
  assert.equal(reviewAndSign(twice).review.signing, 1);
});

test('the mnemonic mode derives at most 20 of its accounts for one PSBT', () => {
  const psbt = spend();
  psbt.data.outputs[0]!.bip32Derivation = Array.from({ length: 21 }, (_, i) => {
    const key = keyAt(MNEMONIC, `m/84'/0'/${i + 1}'/0/0`);
    return { masterFingerprint: Buffer.from(fingerprint.toString(16).padStart(8, '0'), 'hex'), path: key.path, pubkey: key.publicKey };
  });
  assert.throws(() => reviewAndSign(psbt), refused('psbt-invalid', /more than 20 accounts of the mnemonic/));
});
