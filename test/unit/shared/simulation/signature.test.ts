// The relay's signature on a simulation report and the vault's check of it against a draft: it verifies whatever the
// JSON's key order, and every alteration, another relay, another draft, chain or an older block is refused by code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { errorCode as code } from '../../../helpers/error-code';
import { secp } from '../../../../shared/evm/secp';
import { canonicalJson } from '../../../../shared/simulation/report';
import { signSimulationReport, simulationDigest, verifySimulationReport } from '../../../../shared/simulation/signature';
import { relayPublicKey } from '../../../../shared/snapshot/signature';
import { cleanReport, OTHER_SECRET, RELAY_SECRET } from './sample';

const DIGEST = `0x${'c4'.repeat(32)}`;
const pinned = relayPublicKey(RELAY_SECRET);
const signed = signSimulationReport(cleanReport(DIGEST, { events: [{ address: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512', name: 'Paused', args: 'account=0x5FbDB2315678afecb367f032d93F642f64180aa3' }] }), RELAY_SECRET);
const expect = { relayKey: pinned, digest: hexToBytes(DIGEST.slice(2)), chainId: 31337n, minBlock: 40n };


test('a signed report verifies against the pinned key and the draft, with its keys in any order', () => {
  assert.deepEqual(verifySimulationReport(JSON.parse(JSON.stringify(signed)), expect), signed);
  const reordered = Object.fromEntries(Object.entries(signed).reverse());
  assert.deepEqual(verifySimulationReport(reordered, expect), signed);
});

test('the digest binds chain, block and draft digest explicitly and the rest through the canonical body', () => {
  const { signature, relayKey, ...body } = signed;
  const chain = new Uint8Array(32);
  chain[30] = 0x7a;
  chain[31] = 0x69;
  const expected = sha256(
    concatBytes(utf8ToBytes('airlock/simulation-report/v1'), Uint8Array.of(0), chain, hexToBytes(body.blockHash.slice(2)), hexToBytes(DIGEST.slice(2)), sha256(utf8ToBytes(canonicalJson(body)))),
  );
  assert.equal(bytesToHex(simulationDigest(body)), bytesToHex(expected));
  assert.ok(secp.verify(hexToBytes(signature.slice(2)), expected, hexToBytes(relayKey.slice(2)), { prehash: false }));
  assert.equal(canonicalJson({ b: ['x', { d: true, c: null }], a: 1 }), '{"a":1,"b":["x",{"c":null,"d":true}]}');
});

test('refuses a changed effect, another relay, another draft, another chain and a block before the draft\'s snapshot', () => {
  assert.equal(code(() => verifySimulationReport({ ...signed, events: [] }, expect)), 'simulation-signature-invalid');
  assert.equal(code(() => verifySimulationReport({ ...signed, outcome: { ...signed.outcome, status: 'reverted' } }, expect)), 'simulation-signature-invalid');
  assert.equal(code(() => verifySimulationReport(signSimulationReport(cleanReport(DIGEST), OTHER_SECRET), expect)), 'simulation-relay-unpaired');
  // An attacker re-signs with their key but keeps the paired relay's key field: the signature fails.
  const forged = { ...signSimulationReport(cleanReport(DIGEST), OTHER_SECRET), relayKey: signed.relayKey };
  assert.equal(code(() => verifySimulationReport(forged, expect)), 'simulation-signature-invalid');
  assert.equal(code(() => verifySimulationReport(signed, { ...expect, digest: new Uint8Array(32) })), 'simulation-digest-mismatch');
  assert.equal(code(() => verifySimulationReport(signed, { ...expect, chainId: 1n })), 'simulation-chain-mismatch');
  assert.equal(code(() => verifySimulationReport(signed, { ...expect, minBlock: 43n })), 'simulation-block-too-old');
  assert.equal(code(() => verifySimulationReport(signed, { ...expect, minBlock: null })), 'accepted');
});

test('refuses a report whose text is not canonical: a checksum-less address, a "-0" change, an unknown field', () => {
  const lower = { ...signed, executor: signed.executor.toLowerCase() };
  assert.equal(code(() => verifySimulationReport(lower, expect)), 'simulation-report-malformed');
  const minusZero = { ...signed, balanceChanges: [{ address: signed.executor, asset: 'native', delta: '-0' }] };
  assert.equal(code(() => verifySimulationReport(minusZero, expect)), 'simulation-report-malformed');
  assert.equal(code(() => verifySimulationReport({ ...signed, note: 'trust me' }, expect)), 'simulation-report-malformed');
});
