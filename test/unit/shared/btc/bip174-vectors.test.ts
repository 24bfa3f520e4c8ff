// The published BIP-174 and BIP-370 PSBT vectors through Airlock's one PSBT parser and its review: every PSBT the
// BIPs call invalid is refused with a typed error, every valid one is read as the BIP and an independent library
// read it, and the BIP-174 signer, combiner, finalizer and extractor outputs come out of the library Airlock signs with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hex } from '@scure/base';
import { TEST_NETWORK, Transaction, WIF } from '@scure/btc-signer';
import { Psbt } from 'bitcoinjs-lib';
import { decodePsbt, psbtBase64, psbtBytesFromBase64 } from '../../../../shared/btc/psbt';
import { reviewPsbt } from '../../../../shared/btc/review';
import { inferNetwork, masterFingerprintOf, ownershipFromSeed } from '../../../../shared/btc/seed-ownership';
import { AirlockError } from '../../../../shared/errors';
import { MNEMONIC, seedOf } from '../../../helpers/bitcoin';

interface Vector { description: string; expect: string; hex?: string; base64: string; locktime?: number | null }
const vectors = JSON.parse(readFileSync(join(import.meta.dirname, '../../../vectors/bip174-bip370.json'), 'utf8'));
const v174 = vectors.bip174 as { invalid: Vector[]; valid: Vector[]; failsSignerChecks: Vector[]; roles: Roles };
const v370 = vectors.bip370 as { invalid: Vector[]; valid: Vector[]; locktime: Vector[] };
interface Roles {
  creator: { outputs: Array<{ script: string; amountBtc: string }>; inputs: Array<{ txid: string; index: number }>; psbt: string };
  updater: { publicKeys: Array<{ pubkey: string; path: string }>; psbt: string };
  updaterSighashAll: { psbt: string };
  signer1: Signer;
  signer2: Signer;
  combiner: { psbt: string };
  finalizer: { psbt: string };
  extractor: { transactionHex: string };
  unknownKeysCombiner: { psbts: string[]; psbt: string };
}
interface Signer { keys: Array<{ wif: string; path: string }>; psbt: string }

const seed = seedOf(MNEMONIC);
const open = (base64: string) => decodePsbt(psbtBytesFromBase64(base64));
/** A typed refusal with the sentence a key holder reads, never an untyped exception. */
const refused = (pattern?: RegExp) => (e: unknown) =>
  e instanceof AirlockError && e.code === 'psbt-invalid' && /^This PSBT cannot be used: .+ Export it again from the coordinator\.$/.test(e.message) && (!pattern || pattern.test(e.message));

/** The review a key holder sees, with the test mnemonic's accounts as the vault's own (none of them is in a vector). */
function review(tx: Transaction) {
  const network = inferNetwork(tx, masterFingerprintOf(seed), 'testnet');
  return reviewPsbt(tx, network, ownershipFromSeed(seed, tx, network, [])).review;
}

test('every BIP-174 and BIP-370 invalid PSBT is refused with psbt-invalid, from its base64 and from its hex bytes', () => {
  const invalid = [...v174.invalid, ...v370.invalid];
  assert.equal(invalid.length, 44);
  for (const vector of invalid) {
    assert.throws(() => open(vector.base64), refused(), vector.description);
    if (vector.hex) assert.throws(() => decodePsbt(hex.decode(vector.hex!)), refused(), vector.description);
  }
  // The first is a network transaction: refused at the magic bytes, before any parsing.
  assert.throws(() => open(v174.invalid[0]!.base64), refused(/magic bytes/));
});

// Why each is refused, as the key holder reads it: the reason the BIP's description names, not an accident of parsing.
const REASONS: Record<string, RegExp> = {
  'Network transaction, not PSBT format': /magic bytes/,
  'PSBT missing outputs': /Not outputs inputs/,
  'PSBT where one input has a filled scriptSig in the unsigned tx': /input scriptSig found in unsignedTx/,
  'PSBT where inputs and outputs are provided but without an unsigned tx': /missing unsignedTx/,
  'PSBT with duplicate keys in an input': /duplicate key/,
  'PSBT with invalid global transaction typed key': /Non-empty key for unsignedTx/,
  'PSBT with invalid input witness utxo typed key': /Non-empty key for witnessUtxo/,
  'PSBT with invalid pubkey length for input partial signature typed key': /Expected non-Schnorr key/,
  'PSBT with invalid redeemscript typed key': /Non-empty key for redeemScript/,
  'PSBT with invalid witnessscript typed key': /Non-empty key for witnessScript/,
  'PSBT with invalid pubkey in input BIP 32 derivation paths typed key': /Expected non-Schnorr key/,
  'PSBT with invalid non-witness utxo typed key': /Non-empty key for nonWitnessUtxo/,
  'PSBT with invalid final scriptsig typed key': /Non-empty key for finalScriptSig/,
  'PSBT with invalid final script witness typed key': /Non-empty key for finalScriptWitness/,
  'PSBT with invalid pubkey in output BIP 32 derivation paths typed key': /Expected non-Schnorr key/,
  'PSBT with invalid input sighash type typed key': /Non-empty key for sighashType/,
  'PSBT with invalid output redeemScript typed key': /Non-empty key for redeemScript/,
  'PSBT with invalid output witnessScript typed key': /Non-empty key for witnessScript/,
  'PSBT with unsigned tx serialized with witness serialization format': /outputs\/0\/script\): readBytes: Unexpected end of buffer/,
  'PSBT with an invalid value data due to its size being not the stated size': /bytes 0 bits left after unpack/,
  'PSBTv0 but with PSBT_GLOBAL_VERSION set to 2.': /PSBTv2: field unsignedTx is not allowed/,
  'PSBTv0 but with PSBT_GLOBAL_TX_VERSION.': /PSBTv0: field txVersion is not allowed/,
  'PSBTv0 but with PSBT_GLOBAL_FALLBACK_LOCKTIME.': /PSBTv0: field fallbackLocktime is not allowed/,
  'PSBTv0 but with PSBT_GLOBAL_INPUT_COUNT.': /PSBTv0: field inputCount is not allowed/,
  'PSBTv0 but with PSBT_GLOBAL_OUTPUT_COUNT.': /PSBTv0: field outputCount is not allowed/,
  'PSBTv0 but with PSBT_GLOBAL_TX_MODIFIABLE.': /PSBTv0: field txModifiable is not allowed/,
  'PSBTv0 but with PSBT_IN_PREVIOUS_TXID.': /PSBTv0: field txid is not allowed/,
  'PSBTv0 but with PSBT_IN_OUTPUT_INDEX.': /PSBTv0: field index is not allowed/,
  'PSBTv0 but with PSBT_IN_SEQUENCE.': /PSBTv0: field sequence is not allowed/,
  'PSBTv0 but with PSBT_IN_REQUIRED_TIME_LOCKTIME.': /PSBTv0: field requiredTimeLocktime is not allowed/,
  'PSBTv0 but with PSBT_IN_REQUIRED_HEIGHT_LOCKTIME.': /PSBTv0: field requiredHeightLocktime is not allowed/,
  'PSBTv0 but with PSBT_OUT_AMOUNT.': /PSBTv0: field amount is not allowed/,
  'PSBTv0 but with PSBT_OUT_SCRIPT.': /PSBTv0: field script is not allowed/,
  'PSBTv2 but with PSBT_GLOBAL_UNSIGNED_TX.': /PSBTv2: field unsignedTx is not allowed/,
  'PSBTv2 missing PSBT_GLOBAL_INPUT_COUNT.': /it has neither an unsigned transaction \(PSBT version 0\) nor an input count \(PSBT version 2\)/,
  'PSBTv2 missing PSBT_GLOBAL_OUTPUT_COUNT.': /it has neither an unsigned transaction \(PSBT version 0\) nor an output count \(PSBT version 2\)/,
  'PSBTv2 missing PSBT_GLOBAL_TX_VERSION.': /PSBTv2: missing required field txVersion/,
  'PSBTv2 missing PSBT_IN_PREVIOUS_TXID.': /PSBTv2: missing required field txid/,
  'PSBTv2 missing PSBT_IN_OUTPUT_INDEX.': /PSBTv2: missing required field index/,
  'PSBTv2 missing PSBT_OUT_AMOUNT.': /PSBTv2: missing required field amount/,
  'PSBTv2 missing PSBT_OUT_SCRIPT.': /PSBTv2: missing required field script/,
  'PSBTv2 with PSBT_IN_REQUIRED_TIME_LOCKTIME less than 500000000.': /wrong timeLocktime=499999999/,
  'PSBTv2 with PSBT_IN_REQUIRED_HEIGHT_LOCKTIME greater than or equal to 500000000.': /wrong heighLocktime=500000000/,
  'PSBTv2 with PSBT_IN_REQUIRED_HEIGHT_LOCKTIME of 0.': /wrong heighLocktime=0\)/,
};

test('each BIP-174 and BIP-370 invalid PSBT is refused for the reason its description names (a PSBTv2 by its missing or wrong field, not by the absent v0 transaction)', () => {
  const invalid = [...v174.invalid, ...v370.invalid];
  assert.deepEqual(invalid.map((v) => v.description).sort(), Object.keys(REASONS).sort());
  for (const vector of invalid) assert.throws(() => open(vector.base64), refused(REASONS[vector.description]), vector.description);
});

test('every valid BIP-174 PSBT with inputs decodes and is reviewed with the inputs, outputs and amounts bitcoinjs-lib reads from it', () => {
  const withInputs = v174.valid.filter((v) => Psbt.fromBase64(v.base64).txInputs.length > 0);
  assert.equal(withInputs.length, 8);
  for (const vector of withInputs) {
    const independent = Psbt.fromBase64(vector.base64);
    const tx = open(vector.base64);
    const shown = review(tx);
    assert.equal(shown.inputs.length, independent.txInputs.length, vector.description);
    assert.deepEqual(shown.outputs.map((o) => BigInt(o.value)), independent.txOutputs.map((o) => o.value), vector.description);
    assert.equal(shown.locktime, independent.locktime, vector.description);
    // None of these keys is the vault's: shown, never signable.
    assert.equal(shown.signing, 0, vector.description);
    assert.ok(shown.warnings.some((w) => w.code === 'inputs-not-ours'), vector.description);
  }
});

test('the two BIP-174 valid PSBTs with no inputs (a creator\'s empty start) are refused: Airlock signs 1 to 1000 inputs', () => {
  const empty = v174.valid.filter((v) => Psbt.fromBase64(v.base64).txInputs.length === 0);
  assert.deepEqual(empty.map((v) => v.description), ['PSBT with global unsigned tx that has 0 inputs and 0 outputs', 'PSBT with 0 inputs']);
  for (const vector of empty) assert.throws(() => open(vector.base64), refused(/it has 0 inputs/), vector.description);
});

test('BIP-174 signer checks: a witness UTXO for a P2PKH input is refused at review, and a redeemScript or witnessScript that is not the output\'s is refused at decode', () => {
  const [witnessForLegacy, ...scriptMismatch] = v174.failsSignerChecks;
  assert.equal(witnessForLegacy!.description, 'A Witness UTXO is provided for a non-witness input');
  const tx = open(witnessForLegacy!.base64);
  assert.throws(() => review(tx), refused(/input 0 spends a legacy P2PKH output but states only a witness UTXO/));
  assert.equal(scriptMismatch.length, 3);
  for (const vector of scriptMismatch) assert.throws(() => open(vector.base64), refused(/wrong (redeemScript|witnessScript) hash/), vector.description);
});

test('BIP-174 creator and updater PSBTs decode to the inputs, output scripts and amounts, keys and sighash the BIP lists', () => {
  const { creator, updater, updaterSighashAll } = v174.roles;
  const created = open(creator.psbt);
  assert.deepEqual(
    Array.from({ length: created.inputsLength }, (_, i) => ({ txid: hex.encode(created.getInput(i).txid!), index: created.getInput(i).index })),
    creator.inputs,
  );
  assert.deepEqual(
    Array.from({ length: created.outputsLength }, (_, i) => ({ script: hex.encode(created.getOutput(i).script!), amount: created.getOutput(i).amount })),
    creator.outputs.map((o) => ({ script: o.script, amount: BigInt(o.amountBtc.replace('.', '')) })),
  );
  const updated = open(updater.psbt);
  const derivations = [
    ...Array.from({ length: updated.inputsLength }, (_, i) => updated.getInput(i).bip32Derivation ?? []),
    ...Array.from({ length: updated.outputsLength }, (_, i) => updated.getOutput(i).bip32Derivation ?? []),
  ].flat();
  const pathText = (path: number[]) => 'm/' + path.map((n) => (n >= 0x80000000 ? `${n - 0x80000000}'` : `${n}`)).join('/');
  assert.deepEqual(
    derivations.map(([pubkey, { path }]) => ({ pubkey: hex.encode(pubkey), path: pathText(path) })).sort((a, b) => a.path.localeCompare(b.path)),
    updater.publicKeys,
  );
  const withSighash = open(updaterSighashAll.psbt);
  assert.deepEqual([0, 1].map((i) => withSighash.getInput(i).sighashType), [1, 1]);
  // Both inputs are multisig scripts of keys outside the vault: the review states them, with their amounts known.
  const shown = review(withSighash);
  assert.deepEqual([shown.inputs.length, shown.signing, shown.fee], [2, 0, 10_000]);
});

/** Each input's partial signatures, as "pubkey:signature" hex. */
const partialSigs = (tx: Transaction) =>
  Array.from({ length: tx.inputsLength }, (_, i) => (tx.getInput(i).partialSig ?? []).map(([k, s]) => `${hex.encode(k)}:${hex.encode(s)}`).sort());

/** Signs every input a key can sign, as sign.ts does once it has a key (signIdx); false where the key is not in the input's script. */
function signWith(tx: Transaction, signer: Signer): boolean[] {
  return signer.keys.flatMap(({ wif }) => {
    const key = WIF(TEST_NETWORK).decode(wif);
    return Array.from({ length: tx.inputsLength }, (_, i) => {
      try {
        return tx.signIdx(key, i);
      } catch {
        return false;
      }
    });
  });
}

// sign.ts signs only with keys it derives from the vault's seed at the BIP-84/86/48 paths a review verified; the BIP
// gives a tprv and keys at m/0'/0'/n', so the vector checks the signing step sign.ts calls (btc-signer's signIdx on
// a PSBT from our decoder), not the seed-to-key derivation (the BIP-84/86 vectors cover that).
test('BIP-174 signers: btc-signer reproduces both published signers\' partial signatures exactly (RFC 6979, no R grinding); with the low-R grinding Airlock signs with, only a high-R signature changes', () => {
  const { updaterSighashAll, signer1, signer2 } = v174.roles;
  for (const signer of [signer1, signer2]) {
    const plain = Transaction.fromPSBT(psbtBytesFromBase64(updaterSighashAll.psbt), { lowR: false, allowUnknownOutputs: true });
    assert.deepEqual(signWith(plain, signer).filter(Boolean).length, 2);
    assert.deepEqual(partialSigs(plain), partialSigs(open(signer.psbt)));
  }
  const ours1 = open(updaterSighashAll.psbt);
  signWith(ours1, signer1);
  assert.deepEqual(partialSigs(ours1), partialSigs(open(signer1.psbt)));
  const ours2 = open(updaterSighashAll.psbt);
  signWith(ours2, signer2);
  const [want, got] = [partialSigs(open(signer2.psbt)), partialSigs(ours2)];
  assert.deepEqual(got[1], want[1]);
  // The BIP's signature on input 0 has a 33-byte R (DER length 0x45); ground to low R it is 71 bytes with a 32-byte R.
  const [pubWant, sigWant] = want[0]![0]!.split(':');
  const [pubGot, sigGot] = got[0]![0]!.split(':');
  assert.equal(pubGot, pubWant);
  assert.equal(sigWant!.slice(0, 10), '3045022100');
  assert.equal(sigGot!.slice(0, 8), '30440220');
});

test('BIP-174 combiner, finalizer and extractor: the published PSBTs combine, finalize and extract to the published bytes', () => {
  const { signer1, signer2, combiner, finalizer, extractor } = v174.roles;
  const combined = open(signer1.psbt);
  combined.combine(open(signer2.psbt));
  assert.deepEqual(partialSigs(combined), partialSigs(open(combiner.psbt)));
  combined.finalize();
  assert.equal(hex.encode(combined.toPSBT()), hex.encode(psbtBytesFromBase64(finalizer.psbt)));
  assert.equal(hex.encode(combined.extract()), extractor.transactionHex);
  assert.equal(hex.encode(open(finalizer.psbt).extract()), extractor.transactionHex);
});

// Airlock never combines PSBTs, but it hands back the coordinator's PSBT with its signatures added: key types it does
// not know must come back untouched, byte for byte.
test('BIP-174 unknown-keys vector: unknown key-value pairs pass through our decoder unchanged, and combining the two gives the published PSBT', () => {
  const { unknownKeysCombiner } = v174.roles;
  for (const base64 of [...unknownKeysCombiner.psbts, unknownKeysCombiner.psbt]) assert.equal(psbtBase64(open(base64)), base64);
  const combined = open(unknownKeysCombiner.psbts[0]!);
  combined.combine(open(unknownKeysCombiner.psbts[1]!));
  assert.equal(psbtBase64(combined), unknownKeysCombiner.psbt);
});

// PSBT version 2 is read by the same decoder (coordinators may send it); the fields only v2 has (modifiable flags,
// per-input locktimes) are not shown in the review except through the locktime they determine.
test('every valid BIP-370 PSBTv2 decodes as the "1 input, 2 output" transaction its description states, and its review shows the amounts decoded', () => {
  assert.equal(v370.valid.length, 14);
  for (const vector of v370.valid) {
    const [, inputs, outputs] = /^(\d+) input, (\d+) output/.exec(vector.description)!;
    const tx = open(vector.base64);
    assert.deepEqual([tx.inputsLength, tx.outputsLength], [Number(inputs), Number(outputs)], vector.description);
    const shown = review(tx);
    assert.equal(shown.inputs.length, Number(inputs), vector.description);
    assert.deepEqual(shown.outputs.map((o) => BigInt(o.value)), [0, 1].map((i) => tx.getOutput(i).amount), vector.description);
  }
});

test('BIP-370 locktime determination: each PSBTv2 is reviewed with the locktime the BIP computes; the one whose locktime cannot be computed is refused', () => {
  assert.equal(v370.locktime.length, 9);
  for (const vector of v370.locktime) {
    if (vector.locktime === null) {
      assert.throws(() => open(vector.base64), refused(/incompatible height-based and time-based locktime/), vector.description);
      continue;
    }
    const tx = open(vector.base64);
    assert.equal(tx.lockTime, vector.locktime, vector.description);
    assert.equal(review(tx).locktime, vector.locktime, vector.description);
  }
});
