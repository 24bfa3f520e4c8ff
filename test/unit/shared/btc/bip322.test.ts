// BIP-322 simple signatures against the BIP's vectors and Bitcoin Core's taproot vector, and Airlock's own
// signatures checked by bitcoinjs-lib (to_sign's sighash computed independently, the signature verified by
// @bitcoinerlab/secp256k1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ecc from '@bitcoinerlab/secp256k1';
import { hex } from '@scure/base';
import { WIF } from '@scure/btc-signer';
import { Transaction } from 'bitcoinjs-lib';
import { bip322MessageHash, derToCompact, scriptFor, signBip322, toSign, toSpendTxid, verifyBip322 } from '../../../../shared/btc/bip322';
import { secp } from '../../../../shared/evm/secp';

const v = JSON.parse(readFileSync(join(import.meta.dirname, '../../../vectors/bitcoin-bips.json'), 'utf8')).bip322;
const key = WIF().decode(v.privateKeyWif);
const publicKey = secp.getPublicKey(key, true);

test('BIP-322 vectors: message hashes, to_spend and to_sign txids', () => {
  const script = scriptFor(publicKey, 'p2wpkh');
  for (const message of ['', 'Hello World']) {
    assert.equal(hex.encode(bip322MessageHash(message)), v.messageHashes[message]);
    assert.equal(hex.encode(toSpendTxid(script, message)), v.toSpend[message]);
    assert.equal(toSign(script, message).id, v.toSign[message]);
  }
});

test('BIP-322 vectors: both published P2WPKH signatures of each message verify, and not for another message or address', () => {
  for (const message of ['', 'Hello World']) {
    for (const signature of v.signatures[message]) {
      assert.equal(verifyBip322(v.address, message, signature, 'mainnet'), true);
      assert.equal(verifyBip322(v.address, message + '.', signature, 'mainnet'), false);
      assert.equal(verifyBip322('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', message, signature, 'mainnet'), false);
    }
  }
  assert.equal(verifyBip322(v.taproot.address, v.taproot.message, v.taproot.signature, 'mainnet'), true);
  assert.equal(verifyBip322(v.taproot.address, 'Hello world', v.taproot.signature, 'mainnet'), false);
});

test('Airlock\'s P2WPKH and P2TR proofs verify here and under bitcoinjs-lib\'s own sighash of to_sign', () => {
  const message = 'Airlock recovery drill v2\nVault: x';
  for (const kind of ['p2wpkh', 'p2tr'] as const) {
    const script = scriptFor(publicKey, kind);
    const signature = signBip322(message, key, kind);
    const address = kind === 'p2wpkh' ? v.address : v.taproot.address;
    assert.equal(verifyBip322(address, message, signature, 'mainnet'), true, kind);
    // Independently: rebuild to_sign with bitcoinjs-lib and check the witness signature against its sighash.
    const tx = new Transaction();
    tx.version = 0;
    tx.addInput(toSpendTxid(script, message).reverse(), 0, 0);
    tx.addOutput(new Uint8Array([0x6a]), 0n);
    const witness = readWitness(Buffer.from(signature, 'base64'));
    if (kind === 'p2wpkh') {
      const scriptCode = new Uint8Array([0x76, 0xa9, 0x14, ...script.subarray(2), 0x88, 0xac]);
      const hash = tx.hashForWitnessV0(0, scriptCode, 0n, 1);
      assert.equal(ecc.verify(hash, witness[1]!, derToCompact(witness[0]!.subarray(0, -1))!), true);
    } else {
      const hash = tx.hashForWitnessV1(0, [script], [0n], 0);
      assert.equal(ecc.verifySchnorr(hash, script.subarray(2), witness[0]!), true);
    }
  }
});

test('a malformed or oversized signature is simply not valid', () => {
  for (const junk of ['', 'AA==', 'not base64!', 'A'.repeat(1000), Buffer.from([2, 1, 0, 1, 0]).toString('base64')]) {
    assert.equal(verifyBip322(v.address, 'Hello World', junk, 'mainnet'), false);
  }
  assert.equal(verifyBip322('not an address', 'x', v.signatures['Hello World'][0], 'mainnet'), false);
});

function readWitness(bytes: Uint8Array): Uint8Array[] {
  const items: Uint8Array[] = [];
  let at = 1;
  for (let i = 0; i < bytes[0]!; i++) {
    const length = bytes[at]!;
    items.push(bytes.subarray(at + 1, at + 1 + length));
    at += 1 + length;
  }
  return items;
}
