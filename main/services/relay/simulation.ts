// The relay simulates a draft the vault showed unsigned: at the latest block (never before the draft's snapshot), on
// every endpoint of its chain, the same call with the same overrides; the first endpoint's effects are the report's,
// where another says otherwise it is listed as a disagreement; the report is bound to the draft's digest, chain and
// block and signed with the relay's device key. Nothing is sent to the chain.
import { toHex } from '../../../shared/bytes';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import type { SimulationRequest } from '../../../shared/simulation/request';
import { SIMULATION_LIMITS, SIMULATION_REPORT_VERSION, simulationBodySchema, type SignedSimulationReport, type SimulationBody } from '../../../shared/simulation/report';
import { safeSimulationPlan } from '../../../shared/simulation/safe-overrides';
import { signSimulationReport } from '../../../shared/simulation/signature';
import { endpointText } from './endpoint-text';
import { assertChain, boundedQuantity, withDeadline, type RpcClient } from './rpc';
import { BlockReader } from './snapshot-reader';
import { readSafeControl } from './snapshot-safes';
import { checkedForVault, MAX_BLOCK_NUMBER, MAX_SNAPSHOT_ENDPOINTS, readBlock, startDeadline } from './snapshot-taker';
import { traceSimulation, type SimulationRun, type TracedEffects } from './simulation-trace';

export const DEFAULT_SIMULATION_DEADLINE_MS = 120_000;

export interface SimulateOptions {
  clients: readonly RpcClient[];
  request: SimulationRequest;
  relaySecretKey: Uint8Array;
  now: () => number;
  random: (length: number) => Uint8Array;
  deadlineMs?: number;
}

export async function simulateDraft(options: SimulateOptions): Promise<SignedSimulationReport> {
  if (options.clients.length === 0) throw new AirlockError('usage-invalid', 'A simulation needs at least one RPC endpoint (--rpc URL).');
  if (options.clients.length > MAX_SNAPSHOT_ENDPOINTS) throw new AirlockError('usage-invalid', `Give at most ${MAX_SNAPSHOT_ENDPOINTS} endpoints of one chain to simulate on.`);
  const deadline = startDeadline(options.deadlineMs ?? DEFAULT_SIMULATION_DEADLINE_MS, expired, () => new AirlockError('simulation-stopped', 'The simulation stopped; its remaining calls were not made.'));
  try {
    const clients = options.clients.map((c) => withDeadline(c, deadline.signal));
    const [primary, ...others] = clients as [RpcClient, ...RpcClient[]];
    const { request } = options;
    for (const client of clients) await assertChain(client, request.chainId);
    const blockNumber = boundedQuantity(await primary.call('eth_blockNumber', []), primary.label, 'the block number', 0n, MAX_BLOCK_NUMBER);
    if (request.minBlock !== null && blockNumber < request.minBlock) {
      throw new AirlockError('simulation-block-behind', `The RPC endpoint ${primary.label} is at block ${blockNumber}, before the draft's snapshot (block ${request.minBlock}). It is behind; use another endpoint or wait.`);
    }
    const { blockHash } = await readBlock(primary, blockNumber);
    const run = await planRun(primary, request, `0x${blockNumber.toString(16)}`, options.random);
    const results = await Promise.allSettled(clients.map((c) => traceSimulation(c, run)));
    const first = results[0]!;
    if (first.status === 'rejected') throw first.reason;
    const hashes = await Promise.allSettled(others.map((c) => readBlock(c, blockNumber)));
    const disagreements = [
      ...hashes.flatMap((h, i) => (h.status === 'fulfilled' && h.value.blockHash !== blockHash ? [{ endpoint: String(i + 1), path: 'blockHash', expected: blockHash, observed: h.value.blockHash }] : [])),
      ...results.slice(1).flatMap((r, i) => compare(first.value, r, i + 1)),
    ].slice(0, SIMULATION_LIMITS.disagreements);
    const { traced, ...effects } = first.value;
    const body: SimulationBody = {
      version: SIMULATION_REPORT_VERSION,
      chainId: request.chainId.toString(),
      blockNumber: blockNumber.toString(),
      blockHash,
      simulatedAt: String(Math.floor(options.now())),
      digest: toHex(request.digest),
      kind: request.kind,
      executor: request.kind === 'eoa' ? request.from : request.safe,
      traced,
      overrides: run.notes,
      ...effects,
      crossCheck: { endpoints: String(clients.length), disagreements },
    };
    return signSimulationReport(checkedForVault(simulationBodySchema, body, 'simulation-unsignable', 'The simulation report'), options.relaySecretKey);
  } finally {
    deadline.stop();
  }
}

function expired(seconds: number): AirlockError {
  return new AirlockError('simulation-deadline', `The simulation did not finish within its deadline of ${seconds} s: the endpoints answered too slowly. Use a faster endpoint, or allow more time (--deadline).`, {
    deadlineSeconds: seconds,
  });
}

/** The call to run and the state it needs: an account's transaction as it is; a Safe's through execTransaction with overrides. */
async function planRun(client: RpcClient, request: SimulationRequest, blockTag: string, random: (n: number) => Uint8Array): Promise<SimulationRun & { notes: string[] }> {
  if (request.kind === 'eoa') {
    const tx = request.transaction;
    const call = { from: request.from, to: tx.to, value: `0x${tx.value.toString(16)}`, data: toHex(tx.data), gas: `0x${tx.gasLimit.toString(16)}` };
    return { blockTag, call, stateOverride: null, safe: null, artefacts: [], notes: [] };
  }
  const before = await readSafeControl(new BlockReader(client, blockTag), request.safe);
  const nonce = BigInt(before.nonce);
  if (request.safeTx.nonce < nonce) {
    throw new AirlockError('simulation-nonce-used', `The Safe ${request.safe} has already used nonce ${request.safeTx.nonce} (its next is ${nonce}); this transaction can never execute, so it is not simulated. Build the draft again from a fresh snapshot.`);
  }
  const plan = safeSimulationPlan({ safe: request.safe, tx: request.safeTx, safeTxHash: request.digest, state: { threshold: BigInt(before.threshold), nonce, guard: before.guard }, random });
  return { blockTag, call: plan.call, stateOverride: plan.stateOverride, safe: { address: request.safe, before }, artefacts: plan.artefacts, notes: plan.notes };
}

/** Where another endpoint's effects differ from the first's: one entry per differing path, capped. */
function compare(mine: TracedEffects, theirs: PromiseSettledResult<TracedEffects>, index: number): SimulationBody['crossCheck']['disagreements'] {
  const endpoint = String(index);
  if (theirs.status === 'rejected') {
    const why = isAirlockError(theirs.reason) ? `${theirs.reason.code}: ${theirs.reason.message}` : 'an answer Airlock could not read';
    return [{ endpoint, path: '*', expected: 'a simulation', observed: endpointText(why, SIMULATION_LIMITS.text) }];
  }
  if (mine.traced !== theirs.value.traced) return [{ endpoint, path: 'traced', expected: String(mine.traced), observed: String(theirs.value.traced) }];
  const a = flatten(mine);
  const b = flatten(theirs.value);
  const out: SimulationBody['crossCheck']['disagreements'] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const expected = a.get(path) ?? '(missing)';
    const observed = b.get(path) ?? '(missing)';
    if (expected !== observed) out.push({ endpoint, path: endpointText(path, SIMULATION_LIMITS.text), expected: endpointText(expected, SIMULATION_LIMITS.text), observed: endpointText(observed, SIMULATION_LIMITS.text) });
  }
  return out;
}

/** "outcome.status" → "success", "events[2].name" → "Paused": every leaf of the effects by its path. */
function flatten(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    out.set(`${path}.length`, String(value.length));
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  } else out.set(path, String(value));
  return out;
}
