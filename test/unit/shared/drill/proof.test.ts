// The drill proof: a fixed statement signed with EIP-191 personal_sign, verified with no vault; ethers checks it
// independently, and any change to the statement or signature is caught with a sentence. Proofs signed in every
// earlier statement version (literal texts and signatures below) still verify.
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
  drillStatementVersion,
  isDrillStatementV2,
  isDrillStatementV3,
  parseChallenge,
  parseDrillStatement,
  signDrillStatement,
  verifyDrillProof,
  type DrillStatement,
  type DrillStatementV2,
  type DrillStatementV3,
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

const v3: DrillStatementV3 = {
  ...v2,
  drillId: 7,
  challenge: 'audit 2026-Q4: "K7-19x"',
  snapshotSource: { blockHash: '0x' + 'ef'.repeat(32), relayFingerprint: 'abandon ability able about' },
  participants: ['Alice', 'Bob, "the CFO"', 'Carol'],
  failedShares: ['Bob, "the CFO"'],
  rto: { ms: 192_000, targetMs: 2_700_000 },
};

test('a version 3 statement names drill, challenge, block hash, relay key, participants, failed shares and RTO, and round-trips', () => {
  const text = formatDrillStatement(v3);
  const lines = text.split('\n');
  assert.equal(lines[0], 'Airlock recovery drill v3');
  assert.deepEqual(lines.slice(7, 14), [
    'Drill: 7',
    'Challenge: "audit 2026-Q4: \\"K7-19x\\""',
    `Block hash: 0x${'ef'.repeat(32)}`,
    'Relay key: abandon ability able about',
    'Participants: "Alice", "Bob, \\"the CFO\\"", "Carol"',
    'Failed shares: "Bob, \\"the CFO\\""',
    'RTO: 192000 ms (target 2700000 ms)',
  ]);
  assert.equal(lines[16], 'Outcome: failed');
  assert.deepEqual(parseDrillStatement(text), v3);
  const quiet = { ...v3, challenge: null, snapshot: null, snapshotSource: null, failedShares: [], outcome: { passed: true, reasons: [] } };
  const quietText = formatDrillStatement(quiet);
  assert.match(quietText, /\nChallenge: none\nBlock hash: none\nRelay key: none\n/);
  assert.match(quietText, /\nFailed shares: none\n/);
  assert.deepEqual(parseDrillStatement(quietText), quiet);
  const proof = sign(text);
  assert.equal(verifyMessage(text, proof.signature), wallet.address, 'ethers recovers the signer of a version 3 statement');
  const verdict = verifyDrillProof(proof);
  assert.equal(verdict.valid, true);
  assert.ok(verdict.statement && isDrillStatementV3(verdict.statement) && isDrillStatementV2(verdict.statement));
  assert.equal(drillStatementVersion(verdict.statement), 3);
});

test('a version 3 statement of a runbook over several chains names every chain\'s snapshot by block number and hash, and round-trips', () => {
  const multi: DrillStatementV3 = {
    ...v3,
    chainSnapshots: [
      { chainId: '1', blockNumber: '500', blockHash: '0x' + 'a1'.repeat(32) },
      { chainId: '10', blockNumber: '9000', blockHash: '0x' + 'b2'.repeat(32) },
    ],
  };
  const text = formatDrillStatement(multi);
  const lines = text.split('\n');
  assert.deepEqual(lines.slice(14, 16), [`Chain snapshot: chain 1 block 500 hash 0x${'a1'.repeat(32)}`, `Chain snapshot: chain 10 block 9000 hash 0x${'b2'.repeat(32)}`]);
  assert.equal(lines[16], `Audit head: ${v2.auditHead.count} ${v2.auditHead.hash}`);
  assert.deepEqual(parseDrillStatement(text), multi);
  const proof = sign(text);
  const verdict = verifyDrillProof(proof);
  assert.ok(verdict.valid && verdict.statement && isDrillStatementV3(verdict.statement));
  // A chain line doubled or altered is refused; one dropped still parses, but the signature no longer covers it.
  const refused = (t: string) => assert.throws(() => parseDrillStatement(t), (e) => e instanceof AirlockError && e.code === 'drill-statement-invalid');
  refused([...lines.slice(0, 15), lines[14]!, ...lines.slice(15)].join('\n'));
  refused(text.replace('block 9000 hash', 'block 09000 hash'));
  assert.equal(verifyDrillProof({ ...proof, statement: [...lines.slice(0, 15), ...lines.slice(16)].join('\n') }).valid, false);
  assert.throws(() => formatDrillStatement({ ...multi, chainSnapshots: [] }), (e) => e instanceof AirlockError && e.code === 'drill-statement-invalid');
});

test('a version 3 statement refuses a failed share that is no participant, a source without a snapshot, a bad challenge or an edited list', () => {
  const invalid = (e: unknown) => e instanceof AirlockError && e.code === 'drill-statement-invalid';
  assert.throws(() => formatDrillStatement({ ...v3, failedShares: ['Dave'] }), invalid);
  assert.throws(() => formatDrillStatement({ ...v3, snapshot: null }), invalid);
  assert.throws(() => formatDrillStatement({ ...v3, participants: [] }), invalid);
  assert.throws(() => formatDrillStatement({ ...v3, challenge: 'short' }), (e: unknown) => e instanceof AirlockError && e.code === 'drill-challenge-invalid');
  const text = formatDrillStatement(v3);
  assert.throws(() => parseDrillStatement(text.replace('Failed shares: "Bob, \\"the CFO\\""', 'Failed shares: "Dave"')), /only participants as failed shares/);
  assert.throws(() => parseDrillStatement(text.replace('"Alice", "Bob', '"Alice","Bob')), /quoted names separated by/);
  assert.throws(() => parseDrillStatement(text.replace('Challenge: "audit', 'Challenge: "\\u202eaudit')), invalid);
  assert.throws(() => parseDrillStatement(text.replace('Relay key: abandon ability able about', 'Relay key: none')), /block hash .* and relay key/);
  assert.throws(() => parseDrillStatement(text.replace('RTO: 192000 ms', 'RTO: 3 min')), /RTO must read/);
  assert.throws(() => parseDrillStatement(text.replace('Drill: 7', 'Drill: 07')), /drill number/);
  assert.throws(() => parseDrillStatement(text.replace('\nDrill: 7', '')), invalid, 'a version 3 header with version 2 lines');
});

test('parseChallenge takes 8 to 128 printable ASCII characters with no space at the ends, and nothing else', () => {
  for (const good of ['K7-19x-Q4', 'x'.repeat(128), 'audit 2026 "Q4" \\ done']) assert.equal(parseChallenge(good), good);
  for (const bad of ['', 'seven77', 'x'.repeat(129), ' padded-challenge', 'padded-challenge ', 'two\nlines-here', 'tab\there-now', 'naïve-challenge', 'rtl\u202emark-here', 'nul\u0000byte-here']) {
    assert.throws(() => parseChallenge(bad), (e: unknown) => e instanceof AirlockError && e.code === 'drill-challenge-invalid', JSON.stringify(bad));
  }
});

// Signed by the code of their time (address 0x17c5…D025, the key above); they must verify for as long as they are kept.
const STORED_V1 = {
  statement: [
    'Airlock recovery drill v1',
    'Vault: 3f1c2a7e-0000-4000-8000-000000000001',
    'Vault name: Acme treasury',
    'Date: 2026-05-04T10:00:00.000Z',
    'Runbook: sweep-leaked-eoa',
    `Snapshot: chain 1 block 20000000 root 0x${'ab'.repeat(32)}`,
    'Nonce: 0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  ].join('\n'),
  signature: '0x85217273f4303aa1172c961ee76e9d412cee1cad7662de579718663ee977793e61d221d84f65f6389f7fde40722fc5e2525b5966b2d501bfe214a2bdb0bc95d11c',
  address: '0x17c5185167401eD00cF5F5b2fc97D9BBfDb7D025',
};
const STORED_V2 = {
  statement: [
    'Airlock recovery drill v2',
    'Vault: 3f1c2a7e-0000-4000-8000-000000000001',
    'Vault name: Acme treasury',
    'Date: 2026-08-01T10:00:00.000Z',
    'Runbook: sweep-leaked-eoa',
    'Snapshot: none',
    'Nonce: 00112233445566778899aabbccddeeff',
    `Audit head: 57 0x${'9a'.repeat(32)}`,
    `Checkpoint key: 0x03${'7b'.repeat(32)}`,
    'Outcome: failed',
    "Reason: quorum unlock: That passphrase does not open Bob's share.",
  ].join('\n'),
  signature: '0x324723d29efd76c8d0323411870bb7ab301d3139b0581fcdedd3726d3c8df5687688967e9e6f0927df64e55fb38a0143b5ba92519de9741c873b3b5cf4773b9f1c',
  address: '0x17c5185167401eD00cF5F5b2fc97D9BBfDb7D025',
};

test('proofs stored in versions 1 and 2 still verify, read as their own version, and still format to the same text', () => {
  for (const [stored, version] of [[STORED_V1, 1], [STORED_V2, 2]] as const) {
    const verdict = verifyDrillProof(stored);
    assert.equal(verdict.valid, true, verdict.problem ?? '');
    assert.equal(verdict.address, stored.address);
    assert.equal(drillStatementVersion(verdict.statement!), version);
    assert.equal(formatDrillStatement(verdict.statement!), stored.statement, 'parse then format gives the signed text back');
  }
  assert.equal(wallet.address, STORED_V1.address);
});
