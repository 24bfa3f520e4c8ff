// Reading a signed transaction from stdin (hex, ur:airlock-raw-tx or ur:bytes) and explaining a node's refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToHex } from '@noble/hashes/utils.js';
import { UR, UREncoder } from '@ngraveio/bc-ur';
import { encodeUr } from '../../../../../shared/airgap/ur';
import { AirlockError } from '../../../../../shared/errors';
import { explainRefusal, parseRawTransactionText } from '../../../../../main/services/relay/broadcast';

const raw = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 255);

test('reads 0x hex, bare hex, and a multi-part ur:bytes of the raw transaction, as another wallet writes it', () => {
  assert.deepEqual(parseRawTransactionText(`  0x${bytesToHex(raw)}\n`), raw);
  assert.deepEqual(parseRawTransactionText(bytesToHex(raw).toUpperCase()), raw);
  // @ngraveio/bc-ur's own encoder: the CBOR byte string 59 012c <raw>, in 100-byte fountain fragments.
  const encoder = new UREncoder(UR.fromBuffer(Buffer.from(raw)), 100);
  const parts = Array.from({ length: encoder.fragmentsLength }, () => encoder.nextPart());
  assert.ok(parts.length > 1);
  assert.deepEqual(parseRawTransactionText(parts.join('\n')), raw);
  // What the vault's Review & sign view shows: ur:airlock-raw-tx carrying the raw bytes themselves.
  const fromVault = encodeUr('airlock-raw-tx', raw, 100);
  assert.deepEqual(parseRawTransactionText([...fromVault].reverse().join(' ')), raw);
});

test('refuses odd hex, words and a UR of another type', () => {
  for (const bad of ['', '0x123', 'hello', '0xzz']) {
    assert.throws(() => parseRawTransactionText(bad), (e: AirlockError) => e.code === 'input-invalid');
  }
  const other = encodeUr('eth-signature', Uint8Array.of(0x41, 1), 100);
  assert.throws(() => parseRawTransactionText(other.join('\n')), AirlockError);
});

test('explains nonce-too-low, replacement, underpriced and other refusals; "already known" is not one', () => {
  const record = { nonce: '4', sender: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' };
  assert.equal(explainRefusal('already known', record), null);
  const cases: [string, string][] = [
    ['nonce too low: next nonce 5, tx nonce 4', 'broadcast-nonce-too-low'],
    ['replacement transaction underpriced', 'broadcast-replacement-underpriced'],
    ['transaction underpriced', 'broadcast-underpriced'],
    ['max fee per gas less than block base fee', 'broadcast-underpriced'],
    ['insufficient funds for gas * price + value', 'broadcast-insufficient-funds'],
    ['execution reverted', 'broadcast-rejected'],
  ];
  for (const [message, code] of cases) {
    const error = explainRefusal(message, record);
    assert.equal(error?.code, code, message);
  }
  assert.match(explainRefusal('nonce too low', record)!.message, /nonce 4 of 0xf39F/);
});
