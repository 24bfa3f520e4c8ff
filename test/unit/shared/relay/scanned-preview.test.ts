// What the relay shows before it sends anything: transactions signed by ethers (an independent implementation) decoded
// to recipient, amount (ETH and wei), most the fee can be, nonce and the vault's fingerprint words, from hex and from
// the vault's UR alike; owner signatures decoded to owner, Safe, chain and hash; anything else refused with a sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Interface, keccak256, toUtf8Bytes, Transaction, Wallet } from 'ethers';
import { RAW_TX_UR_TYPE } from '../../../../shared/airgap/airlock-types';
import { fingerprintText } from '../../../../shared/airgap/fingerprint';
import { SAFE_SIGNATURE_UR_TYPE, safeSignaturePayloadJson } from '../../../../shared/airgap/safe-signature';
import { encodeUr } from '../../../../shared/airgap/ur';
import { fromHex } from '../../../../shared/bytes';
import { AirlockError } from '../../../../shared/errors';
import { previewSafeSignature, previewSignedTransaction } from '../../../../shared/relay/scanned-preview';
import { refuses } from '../../../helpers/refusal';

const wallet = new Wallet('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const TO = '0x6813Eb9362372EEF6200f3b1dbC3f819671cBA69';
const TOKEN = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const GWEI = 1_000_000_000n;
const SAFE = '0x1Db92e2EeBC8E0c075a02BeA49a2935BcD2dFCF4';

async function signed(fields: Record<string, unknown>): Promise<string> {
  return wallet.signTransaction({ type: 2, chainId: 1n, nonce: 7, maxFeePerGas: 30n * GWEI, maxPriorityFeePerGas: GWEI, gasLimit: 21_000n, to: TO, value: 1_500_000_000_000_000_000n, ...fields });
}

test('a signed transfer reads as "send X ETH to Y on chain Z, fee ≤ F, nonce N, fingerprint W", from hex and from the vault\'s UR', async () => {
  const hex = await signed({});
  const raw = fromHex(hex);
  const words = fingerprintText(RAW_TX_UR_TYPE, raw);
  const p = previewSignedTransaction(hex);
  assert.deepEqual(p, {
    txHash: Transaction.from(hex).hash,
    chainId: '1',
    from: wallet.address,
    to: TO,
    valueWei: '1500000000000000000',
    value: '1.5 ETH',
    maxFeeWei: (21_000n * 30n * GWEI).toString(),
    maxFee: '0.00063 ETH',
    feePerGasWei: (30n * GWEI).toString(),
    gasLimit: '21000',
    nonce: '7',
    call: null,
    fingerprint: words,
    summary: `Send 1.5 ETH (1500000000000000000 wei) to ${TO} on chain 1, fee ≤ 0.00063 ETH, nonce 7 of ${wallet.address}, fingerprint ${words}`,
  });
  // The vault shows ur:airlock-raw-tx over these bytes, with these words: a scan reads the same.
  assert.deepEqual(previewSignedTransaction(encodeUr(RAW_TX_UR_TYPE, raw, 60).join('\n')), p);
});

test('a legacy transaction\'s fee is gas limit × gas price; a token call and an unknown call are named', async () => {
  const legacy = previewSignedTransaction(await signed({ type: 0, gasPrice: 2n * GWEI, maxFeePerGas: undefined, maxPriorityFeePerGas: undefined, value: 0n }));
  assert.equal(legacy.maxFeeWei, (21_000n * 2n * GWEI).toString());
  assert.equal(legacy.value, '0 ETH');
  const transfer = new Interface(['function transfer(address to, uint256 amount)']).encodeFunctionData('transfer', [TO, 5n]);
  const token = previewSignedTransaction(await signed({ to: TOKEN, value: 0n, gasLimit: 60_000n, data: transfer }));
  assert.equal(token.call, 'transfer(address,uint256)');
  assert.match(token.summary, new RegExp(`^Send 0 ETH \\(0 wei\\) to ${TOKEN}, calling transfer\\(address,uint256\\) on chain 1, fee ≤ 0\\.0018 ETH`));
  assert.equal(previewSignedTransaction(await signed({ data: '0xdeadbeef00', gasLimit: 60_000n })).call, 'unknown function 0xdeadbeef (5 bytes of data)');
  const creation = previewSignedTransaction(await signed({ to: null, value: 0n, gasLimit: 100_000n, data: '0x6000' }));
  assert.equal(creation.to, null);
  assert.match(creation.summary, /^Deploy a contract \(2 bytes of code\) with 0 ETH on chain 1/);
});

test('text that is no signed transaction is refused with a sentence, never previewed', async () => {
  refuses(() => previewSignedTransaction(''), 'input-invalid', /Give the signed transaction as 0x hex/);
  refuses(() => previewSignedTransaction('0x1234'), 'tx-invalid', /transaction/i);
  const unsigned = fromHex(Transaction.from({ type: 2, chainId: 1n, nonce: 0, maxFeePerGas: GWEI, maxPriorityFeePerGas: GWEI, gasLimit: 21_000n, to: TO }).unsignedSerialized);
  assert.throws(() => previewSignedTransaction(encodeUr(RAW_TX_UR_TYPE, unsigned, 200).join(' ')), (e: unknown) => e instanceof AirlockError && e.code === 'tx-invalid');
});

test('an owner signature reads as owner, Safe, chain and safeTxHash, with the words of the vault\'s QR', () => {
  const hash = keccak256(toUtf8Bytes('a Safe transaction'));
  const json = safeSignaturePayloadJson({ chainId: 31337n, safe: SAFE, safeTxHash: hash, owner: wallet.address, signature: wallet.signingKey.sign(hash).serialized });
  const bytes = new TextEncoder().encode(json);
  const words = fingerprintText(SAFE_SIGNATURE_UR_TYPE, bytes);
  const fromQr = previewSafeSignature(encodeUr(SAFE_SIGNATURE_UR_TYPE, bytes, 80).join('\n'));
  assert.deepEqual(fromQr, {
    chainId: '31337',
    safe: SAFE,
    safeTxHash: hash,
    owner: wallet.address,
    fingerprint: words,
    summary: `Owner ${wallet.address} signs Safe transaction ${hash} of the Safe ${SAFE} on chain 31337, fingerprint ${words}`,
  });
  assert.deepEqual(previewSafeSignature(json), fromQr, 'the pasted JSON is the same bytes as the QR');
  const forged = json.replace(wallet.address, TO);
  refuses(() => previewSafeSignature(forged), 'safe-signature-not-owner', new RegExp(`from ${TO} was made by ${wallet.address}`));
});
