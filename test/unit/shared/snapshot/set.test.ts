// The snapshot set (several chains, one transfer): its parser and caps, its UR type with Airlock's versioned CBOR
// body, and the check of the chains the person expects, each refusal naming its chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SNAPSHOT_SET_UR_TYPE, SNAPSHOT_UR_TYPE } from '../../../../shared/airgap/airlock-types';
import { AIRLOCK_BODY_VERSION } from '../../../../shared/airgap/ur-body';
import { decodeUrParts, encodeUr } from '../../../../shared/airgap/ur';
import { AirlockError } from '../../../../shared/errors';
import { relayPublicKey, signSnapshot, verifySnapshot } from '../../../../shared/snapshot/signature';
import { MAX_SNAPSHOT_SET_CHAINS, parseSnapshotSet, parseSnapshotSetText, verifySnapshotSet } from '../../../../shared/snapshot/set';
import { errorCode } from '../../../helpers/error-code';
import { OTHER_SECRET, RELAY_SECRET, sampleBody } from './sample';
import { assertOnlyAirlockErrors } from '../../../helpers/only-airlock-errors';

const pinned = relayPublicKey(RELAY_SECRET);
const onChain = (chainId: string, secret = RELAY_SECRET) => signSnapshot({ ...sampleBody(), chainId }, secret);
const set = (...chains: string[]) => ({ version: 1, snapshots: chains.map((c) => onChain(c)) });

function refusal(fn: () => unknown): AirlockError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AirlockError, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}

test('a set of two chains travels as one ur:airlock-snapshot-set in the versioned CBOR body and parses back whole', () => {
  const original = set('1', '10');
  const parts = encodeUr(SNAPSHOT_SET_UR_TYPE, new TextEncoder().encode(JSON.stringify(original)), 400);
  assert.ok(parts.length > 1 && parts.every((p) => p.startsWith('ur:airlock-snapshot-set/')));
  const decoded = decodeUrParts(parts, [SNAPSHOT_SET_UR_TYPE]);
  assert.equal(decoded.version, AIRLOCK_BODY_VERSION);
  assert.deepEqual(parseSnapshotSetText(parts.join('\n')), original);
  assert.deepEqual(parseSnapshotSetText(JSON.stringify(original)), original);
});

test('refuses a set with a chain twice, none, too many, an unknown field or a newer version, with a sentence', () => {
  assert.match(refusal(() => parseSnapshotSet(set('10', '10'))).message, /holds chain 10 twice/);
  assert.equal(errorCode(() => parseSnapshotSet({ version: 1, snapshots: [] })), 'snapshot-set-malformed');
  const many = Array.from({ length: MAX_SNAPSHOT_SET_CHAINS + 1 }, (_, i) => String(i + 1));
  assert.equal(errorCode(() => parseSnapshotSet(set(...many))), 'snapshot-set-malformed');
  assert.equal(errorCode(() => parseSnapshotSet({ ...set('1'), signature: '0x00' })), 'snapshot-set-malformed');
  assert.equal(errorCode(() => parseSnapshotSet({ ...set('1'), version: 2 })), 'snapshot-set-version-unsupported');
  assert.equal(errorCode(() => parseSnapshotSet([set('1')])), 'snapshot-set-malformed');
  // A single snapshot's QR code is not a set: the UR type is checked before the content.
  const single = encodeUr(SNAPSHOT_UR_TYPE, new TextEncoder().encode(JSON.stringify(onChain('1'))), 400);
  assert.equal(errorCode(() => parseSnapshotSetText(single.join(' '))), 'ur-type-unexpected');
});

test('a malformed snapshot inside the set is refused naming its chain', () => {
  const bad = set('1', '10');
  (bad.snapshots[1] as { blockNumber: string }).blockNumber = '007';
  const error = refusal(() => parseSnapshotSet(bad));
  assert.equal(error.code, 'snapshot-malformed');
  assert.match(error.message, /^In the snapshot set, chain 10: This is not a valid Airlock snapshot: blockNumber/);
  assert.equal(error.params.chainId, '10');
});

test('verifies each snapshot as a single one, against exactly the expected chains, naming the chain that fails', () => {
  const check = (snapshot: unknown, chainId: bigint) => verifySnapshot(snapshot, pinned, { chainId });
  assert.deepEqual(verifySnapshotSet(parseSnapshotSet(set('1', '10')), [1n, 10n], check).map((s) => s.chainId), ['1', '10']);
  assert.match(refusal(() => verifySnapshotSet(parseSnapshotSet(set('1')), [1n, 10n], check)).message, /no snapshot of chain 10/);
  assert.equal(errorCode(() => verifySnapshotSet(parseSnapshotSet(set('1', '10')), [1n], check)), 'snapshot-set-chain-unexpected');
  // One snapshot signed by another relay: the set is refused, naming that chain, and nothing after it is checked.
  const mixed = parseSnapshotSet({ version: 1, snapshots: [onChain('1'), onChain('10', OTHER_SECRET), onChain('137')] });
  const seen: string[] = [];
  const error = refusal(() => verifySnapshotSet(mixed, [1n, 10n, 137n], (s, id) => (seen.push(s.chainId), check(s, id))));
  assert.equal(error.code, 'snapshot-relay-unpaired');
  assert.match(error.message, /^In the snapshot set, chain 10: This snapshot was signed by relay key/);
  assert.deepEqual(seen, ['1', '10']);
});

test('H-19 property: any JSON-ish value or text given as a snapshot set is refused with a typed error, never a crash', () => {
  assertOnlyAirlockErrors(fc.oneof(fc.jsonValue(), fc.record({ version: fc.constant(1), snapshots: fc.array(fc.jsonValue(), { maxLength: 3 }) })), parseSnapshotSet, { numRuns: 300 });
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => assert.throws(() => parseSnapshotSetText(text), AirlockError)), { numRuns: 200 });
});
