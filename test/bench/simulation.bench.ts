// Simulate + verify a 50-call batch (the most a draft holds): a 2-of-3 Safe pausing 50 protocol contracts through the
// canonical MultiSendCallOnly on a local anvil with Safe 1.4.1. The relay's part (plan, trace on one endpoint, sign)
// and the vault's part (verify the report, review the draft with it) are timed apart, over several runs.
import { hexToBytes } from '@noble/hashes/utils.js';
import { buildDraft, parseDraftInput } from '../../shared/drafting/draft';
import { reviewDraft } from '../../shared/drafting/review';
import { safeTxHashes } from '../../shared/evm/safe';
import { parseSimulationRequest, simulationRequestJson } from '../../shared/simulation/request';
import { verifySimulationReport } from '../../shared/simulation/signature';
import { relayPublicKey } from '../../shared/snapshot/signature';
import { createRpcClient } from '../../main/services/relay/rpc';
import { simulateDraft } from '../../main/services/relay/simulation';
import { systemRandom } from '../../main/services/deps';
import { DEV_ACCOUNTS } from '../helpers/anvil';
import { deployFixture, deploySafe, withSafeStack } from '../helpers/chain';
import type { Report } from './run';

const CALLS = 50;
const RUNS = 5;
const RELAY_KEY = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

export function bench(report: Report): Promise<void> {
  return withSafeStack(async (chain, stack) => {
    const owners = DEV_ACCOUNTS.slice(1, 4).map((a) => a.address);
    const safe = await deploySafe(chain, stack, owners, 2);
    const targets = [];
    for (let i = 0; i < CALLS; i++) targets.push((await deployFixture(chain, 'PausableTarget', [DEV_ACCOUNTS[0]!.address, safe])).address);
    const input = parseDraftInput({
      chainId: '31337',
      executor: { kind: 'safe', safe, version: '1.4.1', owners, threshold: 2, nonce: '0' },
      actions: targets.map((target) => ({ type: 'pause', target })),
    });
    const built = buildDraft(input);
    if (built.kind !== 'safe') throw new Error('expected a Safe draft');
    const digest = safeTxHashes(built.request).safeTxHash;
    const request = parseSimulationRequest(simulationRequestJson(built, digest, null));
    const client = createRpcClient(chain.url);
    let simulateMs = 0;
    let verifyMs = 0;
    let bytes = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const signed = await simulateDraft({ clients: [client], request, relaySecretKey: RELAY_KEY, now: () => Date.now(), random: systemRandom.bytes });
      const simulated = performance.now();
      const text = JSON.stringify(signed);
      const verified = verifySimulationReport(JSON.parse(text), { relayKey: relayPublicKey(RELAY_KEY), digest, chainId: 31337n, minBlock: null });
      const review = reviewDraft(built, input, { registeredAddresses: [], simulation: { report: verified, relayFingerprint: null, problem: null } });
      verifyMs += performance.now() - simulated;
      simulateMs += simulated - started;
      bytes = text.length;
      const paused = verified.events.filter((e) => e.name === 'Paused').length;
      if (paused !== CALLS || review.blocking.length > 0 || !hexToBytes(verified.digest.slice(2)).every((b, i) => b === digest[i])) throw new Error('the simulation did not show every pause');
    }
    report(`simulate ${CALLS}-call Safe batch on the relay (anvil), mean of ${RUNS}`, simulateMs / RUNS, 'ms');
    report(`verify + review its report on the vault, mean of ${RUNS}`, verifyMs / RUNS, 'ms');
    report(`simulate + verify ${CALLS}-call batch, mean of ${RUNS}`, (simulateMs + verifyMs) / RUNS, 'ms');
    report(`simulation report of a ${CALLS}-call batch`, bytes, 'bytes');
    report(`simulation of a ${CALLS}-call batch: requests per run`, client.requests / RUNS, 'requests');
  });
}
