// `airlock psbt sign|decode` and `airlock btc …` as a coordinator's user runs them, with PSBTs made by bitcoinjs-lib
// (the independent implementation) that validates, finalizes and extracts what Airlock signed. With a mnemonic and
// with a quorum-unlocked vault; single-key with change, a 2-of-3 where the vault holds one key, animated UR in and
// out, and a lying coordinator's fake change refused with the review printed beside the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HDKey } from '@scure/bip32';
import { decodeUrParts, encodeUr } from '../../shared/airgap/ur';
import { formatDescriptor, parseDescriptor } from '../../shared/btc/descriptor';
import { walletOf } from '../../shared/btc/ownership';
import { buildCryptoPsbt, parseCryptoPsbt } from '../../shared/btc/ur';
import { COSIGNER_B, COSIGNER_C, cosignerSigns, externalAddress, finalizeAndExtract, MNEMONIC, multisigDescriptor, multisigPsbt, Psbt, seedOf, singleSigPsbt } from '../helpers/bitcoin';
import { allowOnlineSigning, runAirlock, type CliRun } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const HOLDERS = [
  { name: 'Alice', passphrase: 'alice correct horse' },
  { name: 'Bob', passphrase: 'bob battery staple' },
];

/** BIP-39 test vectors' mnemonics, as keys of someone who is not a holder. */
const ATTACKER_1 = 'void come effort suffer camp survey warrior heavy shoot primary clutch crush';
const ATTACKER_2 = 'hamster diagram private dutch cause delay private meat slide toddler razor book happy fancy gospel tennis maple dilemma loan word shrug inflict delay length';
const ATTACKER_3 = 'panda eyebrow bullet gorilla call smoke muffin taste mesh discover soft ostrich alcohol speed nation flash devote level hobby quick inner drive ghost inside';

const ok = (run: CliRun) => {
  assert.equal(run.status, 0, run.stdout + run.stderr);
  return run.json;
};

const withChange = () =>
  singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }, { index: 1, value: 40_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 70_000n }], change: { index: 0, value: 28_000n } });

function assertSignedContract(out: Record<string, any>): void {
  assert.deepEqual(Object.keys(out).sort(), ['parts', 'psbt', 'review']);
  for (const o of out.review.outputs) {
    assert.equal(typeof o.address, 'string');
    assert.equal(typeof o.value, 'number');
    assert.equal(typeof o.change, 'boolean');
  }
  assert.ok(Array.isArray(out.review.inputs) && Array.isArray(out.review.warnings));
  assert.equal(typeof out.review.fee, 'number');
  assert.equal(typeof out.review.feeRate, 'number');
  // The animated answer carries exactly the signed PSBT.
  const { payload } = decodeUrParts(out.parts, ['crypto-psbt']);
  assert.equal(Buffer.from(parseCryptoPsbt(payload)).toString('base64'), out.psbt);
}

test('psbt sign (mnemonic): a P2WPKH PSBT with change is reviewed and signed; bitcoinjs-lib validates, finalizes and extracts it', () => {
  const out = ok(runAirlock(['psbt', 'sign', '--json'], JSON.stringify({ mnemonic: MNEMONIC, psbt: withChange().toBase64() })));
  assertSignedContract(out);
  assert.deepEqual(out.review.outputs.map((o: any) => o.change), [false, true]);
  assert.equal(out.review.fee, 2_000);
  assert.deepEqual(finalizeAndExtract(out.psbt).valid, [true, true]);
});

test('psbt sign (mnemonic): the request as animated ur:crypto-psbt parts, shuffled and repeated, answered as parts', () => {
  const parts = encodeUr('crypto-psbt', buildCryptoPsbt(Buffer.from(withChange().toBase64(), 'base64')), 60);
  assert.ok(parts.length > 3);
  const scanned = [...parts.slice(2), parts[0]!, ...parts];
  const out = ok(runAirlock(['psbt', 'sign', '--json'], JSON.stringify({ mnemonic: MNEMONIC, request: scanned })));
  assertSignedContract(out);
  assert.ok(out.parts.length > 1, 'an animated answer');
  assert.deepEqual(finalizeAndExtract(out.psbt).valid, [true, true]);
});

test('psbt sign (mnemonic): a 2-of-3 wsh(sortedmulti) with the descriptor: the vault signs, the other cosigner signs with bitcoinjs-lib, it finalizes', () => {
  const psbt = multisigPsbt({ inputs: [{ index: 0, value: 100_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 80_000n }], change: { index: 0, value: 19_000n } });
  const out = ok(runAirlock(['psbt', 'sign', '--json'], JSON.stringify({ mnemonic: MNEMONIC, psbt: psbt.toBase64(), descriptors: [multisigDescriptor()] })));
  assert.equal(out.review.outputs[1].change, true);
  const both = cosignerSigns(Psbt.fromBase64(out.psbt), COSIGNER_B);
  assert.deepEqual(finalizeAndExtract(both.toBase64()).valid, [true]);
});

test('psbt sign (mnemonic): a descriptor holding two of the mnemonic\'s keys is refused as the vault refuses it, and nothing is signed', () => {
  const master = HDKey.fromMasterSeed(seedOf(MNEMONIC));
  const second = `[73c5da0a/48'/0'/1'/2']${master.derive("m/48'/0'/1'/2'").publicExtendedKey}/<0;1>/*`;
  const psbt = multisigPsbt({ inputs: [{ index: 0, value: 100_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 80_000n }], change: { index: 0, value: 19_000n } });
  for (const [threshold, code, why] of [[2, 'btc-wallet-spendable-alone', /the mnemonic alone could spend from it/], [3, 'btc-wallet-vault-keys-repeated', /a signature the mnemonic never makes/]] as const) {
    const descriptor = multisigDescriptor({ threshold }).replace(/\)\)$/, `,${second}))`);
    const run = runAirlock(['psbt', 'sign', '--json'], JSON.stringify({ mnemonic: MNEMONIC, psbt: psbt.toBase64(), descriptors: [descriptor] }));
    assert.equal(run.status, 2, run.stdout);
    assert.equal(run.json.error.code, code);
    assert.match(run.json.error.message, /2 of them are this mnemonic's \(m\/48'\/0'\/0'\/2', m\/48'\/0'\/1'\/2'\)/);
    assert.match(run.json.error.message, why);
    assert.equal(run.json.psbt, undefined);
  }
});

test('psbt sign: a lying coordinator\'s fake change is refused with exit 2, the review beside the error and no PSBT', () => {
  const fake = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 10_000n }], change: { index: 0, value: 49_000n, lie: true } });
  const run = runAirlock(['psbt', 'sign', '--json'], JSON.stringify({ mnemonic: MNEMONIC, psbt: fake.toBase64(), acknowledge: ['change-not-ours'] }));
  assert.equal(run.status, 2, run.stdout);
  assert.equal(run.json.error.code, 'signing-blocked');
  assert.match(run.json.error.message, /^Nothing was signed/);
  assert.equal(run.json.psbt, undefined);
  assert.deepEqual(run.json.review.blocking.map((w: any) => w.code), ['change-not-ours']);
  assert.equal(run.json.review.outputs[1].change, false);
});

test('psbt sign: segwit inputs without their previous transaction need "acknowledge", and then sign', () => {
  const bare = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n }], pay: [{ address: externalAddress(), value: 59_000n }] }).toBase64();
  const refused = runAirlock(['psbt', 'sign', '--json'], JSON.stringify({ mnemonic: MNEMONIC, psbt: bare }));
  assert.equal(refused.status, 2);
  assert.equal(refused.json.error.code, 'signing-needs-acknowledgement');
  assert.deepEqual(refused.json.review.acknowledgementsRequired, ['segwit-input-without-previous-tx']);
  const signed = ok(runAirlock(['psbt', 'sign', '--json'], JSON.stringify({ mnemonic: MNEMONIC, psbt: bare, acknowledge: ['segwit-input-without-previous-tx'] })));
  assert.deepEqual(finalizeAndExtract(signed.psbt).valid, [true]);
});

test('psbt decode: the review with no key, from bare base64, from UR lines, and against a watch-only descriptor', () => {
  const base64 = withChange().toBase64();
  const plain = ok(runAirlock(['psbt', 'decode', '--json'], base64));
  assert.deepEqual(plain.review.outputs.map((o: any) => [o.value, o.change]), [[70_000, false], [28_000, false]]);
  assert.equal(plain.review.fee, 2_000);
  assert.deepEqual(plain.review.inputs.map((i: any) => i.value), [60_000, 40_000]);
  const parts = encodeUr('crypto-psbt', buildCryptoPsbt(Buffer.from(base64, 'base64')), 100);
  assert.equal(ok(runAirlock(['psbt', 'decode', '--json'], parts.join('\n'))).review.txid, plain.review.txid);
  const account = "wpkh([73c5da0a/84'/0'/0']xpub6CatWdiZiodmUeTDp8LT5or8nmbKNcuyvz7WyksVFkKB4RHwCD3XyuvPEbvqAQY3rAPshWcMLoP2fMFMKHPJ4ZeZXYVUhLv1VMrjPC7PW6V/<0;1>/*)";
  const watched = ok(runAirlock(['psbt', 'decode', '--json'], JSON.stringify({ psbt: base64, descriptors: [account] })));
  assert.deepEqual(watched.review.outputs.map((o: any) => o.change), [false, true]);
  const bad = runAirlock(['psbt', 'decode', '--json'], 'bm90IGEgcHNidA==');
  assert.equal(bad.status, 2);
  assert.equal(bad.json.error.code, 'psbt-invalid');
});

test('psbt decode and sign: BIP-174\'s witness UTXO for a P2PKH input and BIP-370\'s PSBTv2 without its transaction version are refused with exit 2 and the reason', () => {
  const vectors = JSON.parse(readFileSync(join(import.meta.dirname, '../vectors/bip174-bip370.json'), 'utf8'));
  const legacy = vectors.bip174.failsSignerChecks.find((v: any) => v.description === 'A Witness UTXO is provided for a non-witness input').base64;
  const noVersion = vectors.bip370.invalid.find((v: any) => v.description === 'PSBTv2 missing PSBT_GLOBAL_TX_VERSION.').base64;
  for (const [psbt, reason] of [[legacy, /input 0 spends a legacy P2PKH output but states only a witness UTXO/], [noVersion, /missing required field txVersion/]] as const) {
    for (const [args, stdin] of [[['psbt', 'decode', '--json'], psbt], [['psbt', 'sign', '--json'], JSON.stringify({ mnemonic: MNEMONIC, psbt })]] as const) {
      const run = runAirlock([...args], stdin);
      assert.equal(run.status, 2, run.stdout + run.stderr);
      assert.equal(run.json.error.code, 'psbt-invalid');
      assert.match(run.json.error.message, reason);
      assert.equal(run.json.psbt, undefined);
    }
  }
});

function vaultWithBitcoin(): string {
  const db = join(tempDir(), 'vault.db');
  const spec = { name: 'Bitcoin vault', mnemonic: MNEMONIC, groups: [{ name: 'Board', memberThreshold: 2, holders: HOLDERS }], iterationExponent: 0, accounts: [{ scheme: 'bip44', index: 0, label: 'Treasury', role: 'eoa-treasury' }] };
  ok(runAirlock(['vault', 'import', '--db', db, '--json'], JSON.stringify(spec)));
  allowOnlineSigning(db);
  for (const [kind, label] of [['p2wpkh', 'BTC treasury'], ['p2wsh-cosigner', 'Cosigner key']]) {
    const added = ok(runAirlock(['btc', 'account', 'add', '--db', db, '--json'], JSON.stringify({ holders: HOLDERS, kind, label })));
    assert.equal(added.account.masterFingerprint, '73c5da0a');
  }
  return db;
}

test('the vault: accounts from the quorum-unlocked seed, a 2-of-3 wallet imported, the watch-only export, and psbt sign --db for single-key and multisig', () => {
  const db = vaultWithBitcoin();
  const wallet = ok(runAirlock(['btc', 'wallet', 'import', '--db', db, '--name', 'Treasury 2-of-3', '--json'], JSON.stringify({ holders: HOLDERS, descriptor: multisigDescriptor() })));
  assert.match(wallet.wallet.summary, /^2 of 3: cosigners 73c5da0a \(this vault: Cosigner key\), /);
  const list = ok(runAirlock(['btc', 'account', 'list', '--db', db, '--json']));
  assert.equal(list.accounts[0].firstAddress, 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
  const exported = ok(runAirlock(['btc', 'export', '--db', db, '--json']));
  assert.deepEqual(exported.exports.map((e: any) => e.type), ['crypto-account', 'crypto-output']);
  assert.match(exported.exports[0].descriptors[0], /^wpkh\(\[73c5da0a\/84'\/0'\/0'\]xpub6CatWdiZ.*\/<0;1>\/\*\)#[a-z0-9]{8}$/);
  assert.ok(exported.exports[0].ur.every((p: string) => p.startsWith('ur:crypto-account/')));

  const single = ok(runAirlock(['psbt', 'sign', '--db', db, '--json'], JSON.stringify({ holders: HOLDERS, psbt: withChange().toBase64() })));
  assertSignedContract(single);
  assert.deepEqual(single.review.outputs.map((o: any) => [o.change, o.wallet]), [[false, null], [true, 'BTC treasury']]);
  assert.deepEqual(finalizeAndExtract(single.psbt).valid, [true, true]);

  const multi = multisigPsbt({ inputs: [{ index: 4, value: 100_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 80_000n }], change: { index: 1, value: 19_000n } });
  const signed = ok(runAirlock(['psbt', 'sign', '--db', db, '--json'], JSON.stringify({ holders: HOLDERS, request: encodeUr('crypto-psbt', buildCryptoPsbt(Buffer.from(multi.toBase64(), 'base64')), 120) })));
  assert.equal(signed.review.outputs[1].wallet, 'Treasury 2-of-3');
  assert.deepEqual(finalizeAndExtract(cosignerSigns(Psbt.fromBase64(signed.psbt), COSIGNER_B).toBase64()).valid, [true]);
  const audit = ok(runAirlock(['audit', 'verify', '--db', db, '--json']));
  assert.equal(audit.valid, true);
  const actions = ok(runAirlock(['audit', 'list', '--db', db, '--limit', '40', '--json'])).entries.map((e: any) => e.action);
  for (const action of ['btc-account-registered', 'btc-wallet-imported', 'btc-watch-only-exported', 'psbt-reviewed', 'psbt-signed']) assert.ok(actions.includes(action), action);
});

test('the vault: fake change is refused before any holder\'s passphrase is used; a wallet key claiming the vault\'s fingerprint must be its own', () => {
  const db = vaultWithBitcoin();
  const fake = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 10_000n }], change: { index: 2, value: 49_000n, lie: true } });
  const run = runAirlock(['psbt', 'sign', '--db', db, '--json'], JSON.stringify({ holders: [{ name: 'Alice', passphrase: 'wrong passphrase' }], psbt: fake.toBase64() }));
  assert.equal(run.status, 2, run.stdout);
  assert.equal(run.json.error.code, 'signing-blocked');
  const actions = ok(runAirlock(['audit', 'list', '--db', db, '--limit', '5', '--json'])).entries.map((e: any) => e.action);
  assert.ok(!actions.includes('unlock-passphrase-wrong'), 'no passphrase was tried');
  // Another key presented under the vault's fingerprint and cosigner path: refused at import.
  const forged = multisigDescriptor({ mnemonics: [COSIGNER_B, MNEMONIC, 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong'] }).replace(/\[[0-9a-f]{8}\//, '[73c5da0a/');
  const refused = runAirlock(['btc', 'wallet', 'import', '--db', db, '--name', 'Forged', '--json'], JSON.stringify({ holders: HOLDERS, descriptor: forged }));
  assert.equal(refused.status, 2, refused.stdout);
  assert.equal(refused.json.error.code, 'btc-wallet-key-not-ours');
});

test('the vault: a runbook\'s fallback rule blocks an output that does not pay the registered fallback wallet, and signs a sweep that does', () => {
  const db = vaultWithBitcoin();
  // The fallback 2-of-3 is held by other people entirely: the vault only sends to it.
  const fallbackKeys = [COSIGNER_B, COSIGNER_C, 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong'];
  ok(runAirlock(['btc', 'wallet', 'import', '--db', db, '--name', 'Fallback', '--json'], JSON.stringify({ holders: HOLDERS, descriptor: multisigDescriptor({ mnemonics: fallbackKeys }) })));
  const fallback = ok(runAirlock(['btc', 'account', 'list', '--db', db, '--json'])).wallets[0];
  const away = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 59_000n }] });
  const blocked = runAirlock(['psbt', 'sign', '--db', db, '--json'], JSON.stringify({ holders: HOLDERS, psbt: away.toBase64(), outputsOnlyTo: 'Fallback' }));
  assert.equal(blocked.status, 2);
  assert.deepEqual(blocked.json.review.blocking.map((w: any) => w.code), ['output-not-fallback-wallet']);
  const sweep = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }], pay: [{ address: fallback.firstAddress, value: 59_000n }] });
  const signed = ok(runAirlock(['psbt', 'sign', '--db', db, '--json'], JSON.stringify({ holders: HOLDERS, psbt: sweep.toBase64(), outputsOnlyTo: 'Fallback' })));
  assert.deepEqual(finalizeAndExtract(signed.psbt).valid, [true]);
});

test('a fallback wallet whose cosigners were swapped in the vault file: the sweep to it, the list, the export and the drill refuse it until the holders import it again', () => {
  const db = vaultWithBitcoin();
  const fallbackKeys = [COSIGNER_B, COSIGNER_C, 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong'];
  ok(runAirlock(['btc', 'wallet', 'import', '--db', db, '--name', 'Fallback', '--json'], JSON.stringify({ holders: HOLDERS, descriptor: multisigDescriptor({ mnemonics: fallbackKeys }) })));
  const real = ok(runAirlock(['btc', 'account', 'list', '--db', db, '--json'])).wallets[0];
  assert.equal(real.sealed, true);
  // Someone with the file puts their own 2-of-3 under the name the runbook sweeps to, in the canonical form Airlock stores.
  const theirs = formatDescriptor(parseDescriptor(multisigDescriptor({ mnemonics: [ATTACKER_1, ATTACKER_2, ATTACKER_3] }), 'mainnet'));
  const raw = new Database(db);
  raw.prepare("UPDATE btc_wallet SET descriptor = ? WHERE name = 'Fallback'").run(theirs);
  raw.close();
  const theirAddress = walletOf('theirs', parseDescriptor(theirs, 'mainnet')).scripts.addressAt(0, 0);
  const sweep = (address: string) => singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }], pay: [{ address, value: 59_000n }] }).toBase64();
  const refused = runAirlock(['psbt', 'sign', '--db', db, '--json'], JSON.stringify({ holders: HOLDERS, psbt: sweep(theirAddress), outputsOnlyTo: 'Fallback' }));
  assert.equal(refused.status, 2, refused.stdout);
  assert.equal(refused.json.error.code, 'btc-wallet-unsealed');
  assert.match(refused.json.error.message, /"Fallback" does not carry this vault's seal/);
  assert.equal(refused.json.psbt, undefined);
  // No Bitcoin review at all while it is there: not even a payment elsewhere is reviewed against the changed file.
  const elsewhere = runAirlock(['psbt', 'sign', '--db', db, '--json'], JSON.stringify({ holders: HOLDERS, psbt: withChange().toBase64() }));
  assert.equal(elsewhere.json.error.code, 'btc-wallet-unsealed');
  const listed = ok(runAirlock(['btc', 'account', 'list', '--db', db, '--json'])).wallets[0];
  assert.equal(listed.sealed, false);
  assert.equal(runAirlock(['btc', 'export', '--db', db, '--json']).json.error.code, 'btc-wallet-unsealed');
  const runbook = ok(runAirlock(['runbook', 'list', '--db', db, '--json'])).runbooks.find((r: any) => r.name === 'sweep-btc-to-fallback');
  ok(runAirlock(['runbook', 'save', '--db', db, '--json'], JSON.stringify({ ...runbook, params: { fallbackWallet: 'Fallback' } })));
  const drill = runAirlock(['drill', 'run', '--db', db, '--runbook', 'sweep-btc-to-fallback', '--json'], JSON.stringify({ holders: HOLDERS }));
  assert.equal(drill.json.passed, false);
  assert.match(drill.json.reasons.join(' '), /"Fallback" does not carry this vault's seal/);

  // The holders import the real descriptor again after an unlock: it replaces the row, audited, and the sweep signs.
  const again = ok(runAirlock(['btc', 'wallet', 'import', '--db', db, '--name', 'Fallback', '--json'], JSON.stringify({ holders: HOLDERS, descriptor: multisigDescriptor({ mnemonics: fallbackKeys }) })));
  assert.equal(again.wallet.sealed, true);
  assert.equal(again.wallet.firstAddress, real.firstAddress);
  assert.equal(runAirlock(['psbt', 'sign', '--db', db, '--json'], JSON.stringify({ holders: HOLDERS, psbt: sweep(theirAddress), outputsOnlyTo: 'Fallback' })).json.review.blocking[0].code, 'output-not-fallback-wallet');
  const signed = ok(runAirlock(['psbt', 'sign', '--db', db, '--json'], JSON.stringify({ holders: HOLDERS, psbt: sweep(real.firstAddress), outputsOnlyTo: 'Fallback' })));
  assert.deepEqual(finalizeAndExtract(signed.psbt).valid, [true]);
  const entries = ok(runAirlock(['audit', 'list', '--db', db, '--limit', '40', '--json'])).entries;
  const replaced = entries.find((e: any) => e.action === 'btc-wallet-replaced');
  assert.equal(replaced.details.replacedDescriptor, theirs.slice(-8));
  assert.equal(ok(runAirlock(['audit', 'verify', '--db', db, '--json'])).valid, true);
});

test('a wallet is imported only with a quorum: without holders nothing is registered', () => {
  const db = vaultWithBitcoin();
  const run = runAirlock(['btc', 'wallet', 'import', '--db', db, '--name', 'Fallback', '--json'], JSON.stringify({ descriptor: multisigDescriptor() }));
  assert.equal(run.status, 2, run.stdout);
  assert.equal(run.json.error.code, 'input-invalid');
  assert.deepEqual(ok(runAirlock(['btc', 'account', 'list', '--db', db, '--json'])).wallets, []);
});

test('unlock derives the Bitcoin accounts again: a stored xpub replaced in the file stops the unlock', () => {
  const db = vaultWithBitcoin();
  const raw = new Database(db);
  const other = "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ";
  raw.prepare("UPDATE btc_account SET xpub = ? WHERE kind = 'p2wpkh'").run(other);
  raw.close();
  const run = runAirlock(['vault', 'unlock', '--db', db, '--json'], JSON.stringify({ holders: HOLDERS }));
  assert.equal(run.status, 2, run.stdout);
  assert.equal(run.json.error.code, 'unlock-accounts-mismatch');
  // The EVM account and the cosigner key still derive: the passphrases are right and the file was changed.
  assert.match(run.json.error.message, /derives this vault's other registered accounts but not Bitcoin account m\/84'\/0'\/0' \(BTC treasury\): the shares and passphrases are right/);
  assert.match(run.json.error.message, /Restore the vault file from a verified backup \(airlock vault restore\)/);
});

test('an account xpub swapped in the file: the watch-only export and the review refuse it (exit 2, nothing exported) before any unlock', () => {
  const db = vaultWithBitcoin();
  assert.deepEqual(ok(runAirlock(['btc', 'account', 'list', '--db', db, '--json'])).accounts.map((a: any) => a.sealed), [true, true]);
  // Their own xpub at the vault's path: a coordinator given it would hand out their receive addresses as the treasury's.
  const theirs = HDKey.fromMasterSeed(seedOf(COSIGNER_B)).derive("m/84'/0'/0'").publicExtendedKey;
  const raw = new Database(db);
  raw.prepare("UPDATE btc_account SET xpub = ? WHERE kind = 'p2wpkh'").run(theirs);
  raw.close();
  const exported = runAirlock(['btc', 'export', '--db', db, '--json']);
  assert.equal(exported.status, 2, exported.stdout);
  assert.equal(exported.json.error.code, 'btc-account-unsealed');
  assert.match(exported.json.error.message, /"BTC treasury" \(m\/84'\/0'\/0'\) does not carry this vault's seal/);
  assert.equal(exported.json.entries, undefined);
  const decoded = runAirlock(['psbt', 'decode', '--db', db, '--json'], JSON.stringify({ psbt: withChange().toBase64() }));
  assert.equal(decoded.status, 2, decoded.stdout);
  assert.equal(decoded.json.error.code, 'btc-account-unsealed');
  assert.deepEqual(ok(runAirlock(['btc', 'account', 'list', '--db', db, '--json'])).accounts.map((a: any) => a.sealed), [false, true]);
});

test('drill verify checks the BIP-322 proof beside the EIP-191 one, with and without the vault; a changed Bitcoin signature exits 1', () => {
  const db = vaultWithBitcoin();
  const fallbackKeys = [COSIGNER_B, COSIGNER_C, 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong'];
  ok(runAirlock(['btc', 'wallet', 'import', '--db', db, '--name', 'Fallback', '--json'], JSON.stringify({ holders: HOLDERS, descriptor: multisigDescriptor({ mnemonics: fallbackKeys }) })));
  const runbook = ok(runAirlock(['runbook', 'list', '--db', db, '--json'])).runbooks.find((r: any) => r.name === 'sweep-btc-to-fallback');
  ok(runAirlock(['runbook', 'save', '--db', db, '--json'], JSON.stringify({ ...runbook, params: { fallbackWallet: 'Fallback' } })));
  const drill = ok(runAirlock(['drill', 'run', '--db', db, '--runbook', 'sweep-btc-to-fallback', '--json'], JSON.stringify({ holders: HOLDERS })));
  assert.equal(drill.passed, true, drill.reasons.join(' | '));
  assert.equal(drill.proof.bitcoin.address, 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
  const verified = ok(runAirlock(['drill', 'verify', '--json'], JSON.stringify(drill.proof)));
  assert.deepEqual(verified.bitcoin, { address: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', valid: true });
  assert.equal(verified.authentic, true);
  const withVault = ok(runAirlock(['drill', 'verify', '--db', db, '--json'], JSON.stringify(drill.proof)));
  assert.equal(withVault.registered, true);
  const changed = { ...drill.proof, bitcoin: { ...drill.proof.bitcoin, signature: Buffer.from(Buffer.from(drill.proof.bitcoin.signature, 'base64').map((b: number, i: number) => (i === 10 ? b ^ 1 : b))).toString('base64') } };
  const refused = runAirlock(['drill', 'verify', '--json'], JSON.stringify(changed));
  assert.equal(refused.status, 1, refused.stdout);
  assert.equal(refused.json.authentic, false);
  assert.equal(refused.json.bitcoin.valid, false);
  // With the vault file, the address must be a sealed account's: one relabelled in the file is not vouched for.
  const raw = new Database(db);
  raw.prepare("UPDATE btc_account SET label = 'Cold storage' WHERE kind = 'p2wpkh'").run();
  raw.close();
  const unsealed = runAirlock(['drill', 'verify', '--db', db, '--json'], JSON.stringify(drill.proof));
  assert.equal(unsealed.status, 1, unsealed.stdout);
  assert.equal(unsealed.json.code, 'btc-account-unsealed');
  assert.match(unsealed.json.problem, /^bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu is receive address 0 of the account "Cold storage", whose seal in this file does not verify/);
});
