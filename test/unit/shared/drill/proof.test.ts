// The drill proof: a fixed statement signed with EIP-191 personal_sign, verified with no vault; ethers checks it
// independently, and any change to the statement or signature is caught with a sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Wallet, verifyMessage } from 'ethers';
import { SecretBytes } from '../../../../shared/crypto/secret';
import { AirlockError } from '../../../../shared/errors';
import type { Address } from '../../../../shared/evm/address';
import {
  drillOutcome,
  formatDrillStatement,
  isDrillStatementV2,
  isDrillStatementV3,
  parseDrillStatement,
  signDrillStatement,
  verifyDrillProof,
  type DrillStatement,
  type DrillStatementV2,
} from '../../../../shared/drill/proof';

const KEY = '0x' + '42'.repeat(32);
const wallet = new Wallet(KEY);
const statement: DrillStatement = {
  vaultId: '3f1c2a7e-0000-4000-8000-000000000001',
  vaultName: 'Acme treasury',
  date: '2026-11-23T09:00:00.000Z',
  runbook: 'sweep-leaked-eoa',
  snapshot: { chainId: '1', blockNumber: '21000000', merkleRoot: '0x' + 'ab'.repeat(32) },
  nonce: '00112233445566778899aabbccddeeff',
};
const sign = (text: string) => signDrillStatement(text, new SecretBytes(Uint8Array.from(Buffer.from(KEY.slice(2), 'hex'))), wallet.address as Address);

test('the statement round-trips through its text, and the proof verifies here and in ethers', () => {
  const text = formatDrillStatement(statement);
  assert.deepEqual(parseDrillStatement(text), statement);
  assert.equal(text.split('\n')[5], `Snapshot: chain 1 block 21000000 root 0x${'ab'.repeat(32)}`);
  const proof = sign(text);
  assert.equal(verifyMessage(text, proof.signature), wallet.address, 'ethers recovers the same signer');
  assert.equal(proof.signature, wallet.signMessageSync(text), 'RFC 6979: byte for byte what ethers signs');
  const verdict = verifyDrillProof(proof);
  assert.equal(verdict.valid, true);
  assert.equal(verdict.address, wallet.address);
  assert.deepEqual(verdict.statement, statement);
  assert.deepEqual(parseDrillStatement(formatDrillStatement({ ...statement, snapshot: null })).snapshot, null);
});

test('a changed statement, signature or address does not verify, with a sentence', () => {
  const proof = sign(formatDrillStatement(statement));
  const edited = verifyDrillProof({ ...proof, statement: proof.statement.replace('sweep-leaked-eoa', 'emergency-pause') });
  assert.equal(edited.valid, false);
  assert.match(edited.problem!, /recovers to 0x[0-9a-fA-F]{40}, not to the stated/);
  const other = verifyDrillProof({ ...proof, address: '0x000000000000000000000000000000000000dEaD' });
  assert.equal(other.valid, false);
  assert.equal(verifyDrillProof({ ...proof, signature: proof.signature.slice(0, -2) + '1d' }).valid, false);
  assert.match(verifyDrillProof({ ...proof, statement: 'hello' }).problem!, /not an Airlock drill statement/);
  assert.match(verifyDrillProof('nope').problem!, /JSON object/);
});

test('formatting refuses a line break smuggled into a field; parsing refuses a malformed line', () => {
  assert.throws(() => formatDrillStatement({ ...statement, runbook: 'a\nNonce: 00' }), (e: unknown) => e instanceof AirlockError && e.code === 'drill-statement-invalid');
  const text = formatDrillStatement(statement);
  assert.throws(() => parseDrillStatement(text.replace('Date: 2026-11-23T09:00:00.000Z', 'Date: yesterday')), /date is not an ISO 8601/);
  assert.throws(() => parseDrillStatement(text + '\nExtra: 1'), /7 lines/);
});

test('property: verifying arbitrary JSON-ish input never throws, it only answers', () => {
  fc.assert(
    fc.property(fc.anything(), (value) => {
      const verdict = verifyDrillProof(value);
      assert.equal(typeof verdict.valid, 'boolean');
    }),
    { numRuns: 300 },
  );
  const text = formatDrillStatement(statement);
  const proof = sign(text);
  fc.assert(
    fc.property(fc.nat(text.length - 1), fc.string({ minLength: 1, maxLength: 1 }), (at, ch) => {
      const mutated = text.slice(0, at) + ch + text.slice(at + 1);
      fc.pre(mutated !== text);
      assert.equal(verifyDrillProof({ ...proof, statement: mutated }).valid, false);
    }),
    { numRuns: 200 },
  );
});

const v2: DrillStatementV2 = {
  ...statement,
  auditHead: { count: 42, hash: '0x' + 'cd'.repeat(32) },
  checkpointKey: '0x02' + '5e'.repeat(32),
  outcome: { passed: false, reasons: ['quorum unlock: That passphrase does not open Bob’s share.', 'snapshot within policy: too old'] },
};

test('H-25 a version 2 statement carries the audit head, the checkpoint key and the outcome, and round-trips', () => {
  const text = formatDrillStatement(v2);
  const lines = text.split('\n');
  assert.equal(lines[0], 'Airlock recovery drill v2');
  assert.deepEqual(lines.slice(7), [
    `Audit head: 42 0x${'cd'.repeat(32)}`,
    `Checkpoint key: 0x02${'5e'.repeat(32)}`,
    'Outcome: failed',
    'Reason: quorum unlock: That passphrase does not open Bob’s share.',
    'Reason: snapshot within policy: too old',
  ]);
  assert.deepEqual(parseDrillStatement(text), v2);
  const passed = { ...v2, outcome: { passed: true, reasons: [] } };
  assert.deepEqual(parseDrillStatement(formatDrillStatement(passed)), passed);
  const verdict = verifyDrillProof(sign(text));
  assert.equal(verdict.valid, true, 'a failed drill’s proof is still authentic');
  assert.ok(verdict.statement && isDrillStatementV2(verdict.statement) && verdict.statement.outcome.passed === false);
  assert.equal(isDrillStatementV2(verifyDrillProof(sign(formatDrillStatement(statement))).statement!), false, 'version 1 still verifies, as version 1');
});

test('H-25 the outcome cannot be flipped or smuggled: passed with reasons, failed without, a changed line all refuse', () => {
  const text = formatDrillStatement(v2);
  const proof = sign(text);
  const flipped = verifyDrillProof({ ...proof, statement: text.replace('Outcome: failed', 'Outcome: passed').split('\n').slice(0, 10).join('\n') });
  assert.equal(flipped.valid, false, 'a failed outcome edited to passed no longer matches the signature');
  assert.throws(() => parseDrillStatement(text.replace('Outcome: failed', 'Outcome: passed')), /a passed drill lists no reason/);
  assert.throws(() => parseDrillStatement(text.split('\n').slice(0, 10).join('\n')), /a passed drill lists no reason/);
  assert.throws(() => parseDrillStatement(text.replace('Audit head: 42', 'Audit head: 0')), /audit head/);
  assert.throws(() => formatDrillStatement({ ...v2, outcome: { passed: true, reasons: ['x'] } }), (e: unknown) => e instanceof AirlockError && e.code === 'drill-statement-invalid');
  assert.throws(() => formatDrillStatement({ ...v2, outcome: { passed: false, reasons: ['a\nReason: b'] } }), (e: unknown) => e instanceof AirlockError);
});

test('H-25 drillOutcome puts each reason on one line of at most 300 characters, at most 10 of them', () => {
  assert.deepEqual(drillOutcome([]), { passed: true, reasons: [] });
  const many = drillOutcome(Array.from({ length: 14 }, (_, i) => `reason ${i}\nsecond line ${'x'.repeat(400)}`));
  assert.equal(many.passed, false);
  assert.equal(many.reasons.length, 10);
  assert.ok(many.reasons.every((r) => r.length <= 300 && !r.includes('\n')));
  assert.equal(many.reasons[9], '… and 5 more reasons (see the drill report).');
  assert.deepEqual(parseDrillStatement(formatDrillStatement({ ...v2, outcome: many })), { ...v2, outcome: many });
});

test('a version 3 statement names every chain\'s snapshot by block number and hash after the version 2 lines, and round-trips', () => {
  const v3 = {
    ...v2,
    chainSnapshots: [
      { chainId: '1', blockNumber: '500', blockHash: '0x' + 'a1'.repeat(32) },
      { chainId: '10', blockNumber: '9000', blockHash: '0x' + 'b2'.repeat(32) },
    ],
  };
  const text = formatDrillStatement(v3);
  const lines = text.split('\n');
  assert.equal(lines[0], 'Airlock recovery drill v3');
  assert.deepEqual(lines.slice(-2), [`Chain snapshot: chain 1 block 500 hash 0x${'a1'.repeat(32)}`, `Chain snapshot: chain 10 block 9000 hash 0x${'b2'.repeat(32)}`]);
  assert.deepEqual(parseDrillStatement(text), v3);
  const verdict = verifyDrillProof(sign(text));
  assert.ok(verdict.valid && verdict.statement && isDrillStatementV3(verdict.statement) && verdict.statement.outcome.passed === false);
  // A chain line dropped, doubled or altered, or version 3 without any chain line: refused, never read as version 2.
  const refused = (t: string) => assert.throws(() => parseDrillStatement(t), (e) => e instanceof AirlockError && e.code === 'drill-statement-invalid');
  refused(lines.slice(0, -2).join('\n'));
  refused([...lines.slice(0, -1), lines.at(-2)!].join('\n'));
  refused(text.replace('block 9000 hash', 'block 09000 hash'));
  assert.throws(() => formatDrillStatement({ ...v3, chainSnapshots: [] }), (e) => e instanceof AirlockError && e.code === 'drill-statement-invalid');
});
