// The signed set (a multi-chain runbook's signed results, one transfer): transactions and owner signatures signed by
// ethers (an independent implementation) parsed back with their chains, decoded for the preview, and every item whose
// content is for another chain than it claims, a duplicate, or junk refused with a sentence naming the item.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { keccak256, toUtf8Bytes, Wallet } from 'ethers';
import { SIGNED_SET_UR_TYPE } from '../../../../shared/airgap/airlock-types';
import { safeSignaturePayloadJson } from '../../../../shared/airgap/safe-signature';
import { encodeUr } from '../../../../shared/airgap/ur';
import { parseSignedSet, parseSignedSetText, previewSignedSet } from '../../../../shared/relay/signed-set';
import { AirlockError } from '../../../../shared/errors';
import { errorCode } from '../../../helpers/error-code';
import { assertOnlyAirlockErrors } from '../../../helpers/only-airlock-errors';

const wallet = new Wallet('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const TO = '0x6813Eb9362372EEF6200f3b1dbC3f819671cBA69';
const SAFE = '0x1Db92e2EeBC8E0c075a02BeA49a2935BcD2dFCF4';
const GWEI = 1_000_000_000n;

const rawOn = (chainId: bigint, nonce = 7) =>
  wallet.signTransaction({ type: 2, chainId, nonce, maxFeePerGas: 30n * GWEI, maxPriorityFeePerGas: GWEI, gasLimit: 21_000n, to: TO, value: 1n });
function ownerSignature(chainId: bigint) {
  const hash = keccak256(toUtf8Bytes(`safe tx on ${chainId}`));
  return JSON.parse(safeSignaturePayloadJson({ chainId, safe: SAFE, safeTxHash: hash, owner: wallet.address, signature: wallet.signingKey.sign(hash).serialized }));
}

test('a set of two chains (a transaction on one, an owner signature on the other) travels as one UR and previews each on its chain', async () => {
  const set = { version: 1, items: [{ chainId: '1', draft: 7, rawTransaction: await rawOn(1n) }, { chainId: '10', draft: 8, safeSignature: ownerSignature(10n) }] };
  const parts = encodeUr(SIGNED_SET_UR_TYPE, new TextEncoder().encode(JSON.stringify(set)), 300);
  const parsed = parseSignedSetText(parts.join('\n'));
  assert.deepEqual(parsed, set);
  const preview = previewSignedSet(parsed);
  assert.deepEqual(preview.map((p) => [p.chainId, p.draft, p.kind]), [['1', 7, 'transaction'], ['10', 8, 'safe-signature']]);
  assert.match(preview[0]!.kind === 'transaction' ? preview[0]!.transaction.summary : '', /^Send 1 wei|on chain 1, fee/);
  assert.match(preview[1]!.kind === 'safe-signature' ? preview[1]!.safeSignature.summary : '', /Safe .* on chain 10/);
});

test('refuses an item signed for another chain than it claims, naming the item, for transactions and owner signatures alike', async () => {
  const tx = { version: 1, items: [{ chainId: '10', draft: 1, rawTransaction: await rawOn(1n) }] };
  assert.equal(errorCode(() => parseSignedSet(tx)), 'signed-set-chain-mismatch');
  const sig = { version: 1, items: [{ chainId: '1', draft: 1, safeSignature: ownerSignature(10n) }] };
  assert.equal(errorCode(() => parseSignedSet(sig)), 'signed-set-chain-mismatch');
});

test('refuses a duplicate, junk items, both or neither payload, too many items and a newer version', async () => {
  const raw = await rawOn(1n);
  assert.equal(errorCode(() => parseSignedSet({ version: 1, items: [{ chainId: '1', draft: 1, rawTransaction: raw }, { chainId: '1', draft: 2, rawTransaction: raw }] })), 'signed-set-malformed');
  assert.equal(errorCode(() => parseSignedSet({ version: 1, items: [{ chainId: '1', draft: 1 }] })), 'signed-set-malformed');
  assert.equal(errorCode(() => parseSignedSet({ version: 1, items: [{ chainId: '1', draft: 1, rawTransaction: raw, safeSignature: ownerSignature(1n) }] })), 'signed-set-malformed');
  assert.equal(errorCode(() => parseSignedSet({ version: 1, items: [{ chainId: '1', draft: 1, rawTransaction: '0xzz' }] })), 'signed-set-malformed');
  assert.equal(errorCode(() => parseSignedSet({ version: 1, items: [{ chainId: '1', draft: 0, rawTransaction: raw }] })), 'signed-set-malformed');
  const many = await Promise.all(Array.from({ length: 33 }, (_, i) => rawOn(1n, i)));
  assert.equal(errorCode(() => parseSignedSet({ version: 1, items: many.map((r, i) => ({ chainId: '1', draft: i + 1, rawTransaction: r })) })), 'signed-set-malformed');
  assert.equal(errorCode(() => parseSignedSet({ version: 2, items: [] })), 'signed-set-version-unsupported');
  // A transaction that does not decode keeps its own code, with the item named.
  const bad = { version: 1, items: [{ chainId: '1', draft: 1, rawTransaction: '0x02c0' }] };
  assert.throws(() => parseSignedSet(bad), (e: Error) => /^Item 1 of the signed set \(chain 1\): /.test(e.message));
});

test('H-19 property: any JSON-ish value or text given as a signed set is refused with a typed error, never a crash', () => {
  const item = fc.record({ chainId: fc.oneof(fc.constant('1'), fc.string()), draft: fc.oneof(fc.nat(), fc.jsonValue()), rawTransaction: fc.oneof(fc.uint8Array({ maxLength: 40 }).map((b) => `0x${Buffer.from(b).toString('hex')}`), fc.jsonValue()) }, { requiredKeys: [] });
  assertOnlyAirlockErrors(fc.oneof(fc.jsonValue(), fc.record({ version: fc.constant(1), items: fc.array(item, { maxLength: 3 }) })), parseSignedSet, { numRuns: 300 });
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => assert.throws(() => parseSignedSetText(text), AirlockError)), { numRuns: 200 });
});
