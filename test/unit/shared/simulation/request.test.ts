// The unsigned form of a draft for simulation: built from a draft, carried as JSON or UR, parsed on the relay with its
// digest recomputed from its content (a request whose content was changed is refused), and no other input parsed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bytesToHex } from '@noble/hashes/utils.js';
import { SIMULATION_REQUEST_UR_TYPE } from '../../../../shared/airgap/airlock-types';
import { encodeUr } from '../../../../shared/airgap/ur';
import { buildDraft, parseDraftInput } from '../../../../shared/drafting/draft';
import { errorCode as code } from '../../../helpers/error-code';
import { signingHash } from '../../../../shared/evm/tx';
import { parseSimulationRequest, parseSimulationRequestText, simulationRequestJson } from '../../../../shared/simulation/request';
import { built, safeInput, SAFE, STRANGER, TARGET, TREASURY } from './sample';


test('a Safe draft crosses unsigned and parses back to the same Safe transaction and safeTxHash', () => {
  const { draft, digest, digestHex } = built(safeInput([{ type: 'pause', target: TARGET }]));
  const json = simulationRequestJson(draft, digest, '40');
  assert.equal(json.kind, 'safe');
  assert.equal(json.digest, digestHex);
  const parsed = parseSimulationRequest(JSON.parse(JSON.stringify(json)));
  assert.equal(parsed.kind, 'safe');
  assert.equal(bytesToHex(parsed.digest), digestHex.slice(2));
  assert.equal(parsed.minBlock, 40n);
  if (parsed.kind === 'safe') assert.equal(parsed.safe, SAFE);
});

test('an account draft crosses as its unsigned transaction; the relay recomputes the signing hash', () => {
  const input = parseDraftInput({
    chainId: '31337',
    executor: { kind: 'eoa', from: TREASURY, nonce: '3', maxFeePerGas: '2000000000', maxPriorityFeePerGas: '1000000000' },
    actions: [{ type: 'native-transfer', to: STRANGER, value: '5' }],
  });
  const draft = buildDraft(input);
  if (draft.kind !== 'eoa') throw new Error('expected an EOA draft');
  const json = simulationRequestJson(draft, signingHash(draft.transaction), null);
  const parsed = parseSimulationRequest(json);
  assert.equal(parsed.kind, 'eoa');
  if (parsed.kind === 'eoa') {
    assert.equal(parsed.from, TREASURY);
    assert.equal(parsed.transaction.value, 5n);
  }
  assert.equal(parsed.minBlock, null);
});

test('refuses a request whose content was changed after the vault showed it (its stated digest no longer matches)', () => {
  const { draft, digest } = built(safeInput([{ type: 'pause', target: TARGET }]));
  const json = simulationRequestJson(draft, digest, '40');
  if (json.kind !== 'safe') throw new Error('expected a Safe request');
  const changed = { ...json, safeTx: { ...json.safeTx, to: STRANGER } };
  assert.equal(code(() => parseSimulationRequest(changed)), 'simulation-request-invalid');
  const other = { ...json, chainId: '1' };
  assert.equal(code(() => parseSimulationRequest(other)), 'simulation-request-invalid');
});

test('reads a request from its ur:airlock-simulation-request parts, in any order', () => {
  const { draft, digest, digestHex } = built(safeInput([{ type: 'pause', target: TARGET }, { type: 'unpause', target: TARGET }]));
  const payload = new TextEncoder().encode(JSON.stringify(simulationRequestJson(draft, digest, '40')));
  const parts = encodeUr(SIMULATION_REQUEST_UR_TYPE, payload, 120);
  assert.ok(parts.length > 3);
  const parsed = parseSimulationRequestText([...parts].reverse().join('\n'));
  assert.equal(`0x${bytesToHex(parsed.digest)}`, digestHex);
});

test('H-19 a simulation request from random text, random JSON or another UR type is a typed refusal, never a crash', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.json().map((j) => j), fc.constant('ur:airlock-snapshot/1-2-lpadaxcfaxhhcyh')), (text) => {
      assert.notEqual(code(() => parseSimulationRequestText(text)), 'accepted');
    }),
    { numRuns: 300 },
  );
  assert.equal(code(() => parseSimulationRequestText('x'.repeat(600 * 1024))), 'simulation-request-invalid');
});
