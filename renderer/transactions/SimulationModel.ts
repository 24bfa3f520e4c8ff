// The "what this does" part of a draft's review as plain data, from the review's `simulation` JSON (the relay's report
// as the vault verified it): a verdict line, what was changed to run it, and the effects in words — value and tokens
// moving, approvals, Safe control, code, events, storage touched, disagreements. Pure, tested in Node; SimulationReport
// renders it. The warnings and whether they block come from the review, never from here.
import { formatUnits } from './DraftFormModel';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

export type SimulationTone = 'ok' | 'danger' | 'warn' | 'missing';

export interface SimulationView {
  tone: SimulationTone;
  headline: string;
  /** Block, when, relay, gas: one line each. */
  facts: Array<[label: string, value: string]>;
  overrides: string[];
  /** One sentence per effect, grouped. Empty groups are left out. */
  groups: Array<{ title: string; testid: string; lines: string[] }>;
}

/** The review's simulation warnings: which block signing (from the one policy) and which must be acknowledged. */
export interface SimulationVerdict {
  blocking: readonly string[];
  acknowledge: readonly string[];
}

/** The view of a review's `simulation` field; null when the draft has none and needs none. */
export function simulationView(simulation: unknown, chainId: string, verdict: SimulationVerdict = { blocking: [], acknowledge: [] }): SimulationView | null {
  if (!isObject(simulation)) return null;
  const report = isObject(simulation.report) ? simulation.report : null;
  if (!report) {
    const problem = isObject(simulation.problem) ? str(simulation.problem.message) : '';
    return {
      tone: 'missing',
      headline: simulation.required ? 'Not simulated yet: this runbook requires the relay to simulate the transaction before anyone signs.' : 'Not simulated.',
      facts: problem ? [['Stored report not used', problem]] : [],
      overrides: [],
      groups: [],
    };
  }
  const outcome = isObject(report.outcome) ? report.outcome : {};
  const reverted = outcome.status === 'reverted';
  const disagreements = list(isObject(report.crossCheck) ? report.crossCheck.disagreements : []);
  const blocked = reverted || verdict.blocking.some((code) => code.startsWith('simulation-'));
  const asks = verdict.acknowledge.some((code) => code.startsWith('simulation-'));
  return {
    tone: blocked ? 'danger' : asks ? 'warn' : 'ok',
    headline: reverted
      ? `The relay ran this exact transaction and it reverted: ${str(outcome.reason) || 'no reason given'}.`
      : report.traced === false
        ? 'The relay ran this exact transaction and it succeeds; its node could not trace what it changes.'
        : blocked
          ? 'The relay ran this exact transaction and it does something the draft does not say (see the warnings). This is what it did:'
          : 'The relay ran this exact transaction against the chain. This is what it did:',
    facts: [
      ['Block', `${str(report.blockNumber)} (${str(report.blockHash)})`],
      ['Simulated', new Date(Number(str(report.simulatedAt))).toISOString()],
      ['Relay', str(simulation.relayFingerprint)],
      ['Gas used', str(outcome.gasUsed)],
      ['Endpoints', `${str(isObject(report.crossCheck) ? report.crossCheck.endpoints : '')}${disagreements.length ? `, ${disagreements.length} disagreement(s)` : ', all agree'}`],
    ],
    overrides: Array.isArray(report.overrides) ? report.overrides.map(str) : [],
    groups: reverted ? [] : effectGroups(report, chainId, disagreements),
  };
}

function effectGroups(report: Json, chainId: string, disagreements: Json[]): SimulationView['groups'] {
  const coin = chainId === '137' ? 'POL' : chainId === '100' ? 'xDAI' : chainId === '56' ? 'BNB' : 'ETH';
  const balances = list(report.balanceChanges).map((c) => {
    const delta = str(c.delta);
    const raw = delta.replace(/^-/, '');
    const amount = c.asset === 'native' ? `${formatUnits(raw, 18)} ${coin} (${raw} wei)` : `${raw} raw units of token ${str(c.asset)}`;
    return `${str(c.address)} ${delta.startsWith('-') ? 'loses' : 'receives'} ${amount}`;
  });
  return [
    { title: 'Value and tokens moved', testid: 'simulation-balances', lines: balances.length ? balances : ['No value and no token moves.'] },
    { title: 'Approvals granted', testid: 'simulation-approvals', lines: list(report.approvals).map((a) => `${str(a.owner)} lets ${str(a.spender)} spend ${str(a.amount)} of ${str(a.token)}`) },
    { title: 'Safe control changed', testid: 'simulation-safe-changes', lines: list(report.safeChanges).map((c) => `${str(c.safe)}: ${str(c.field)} from ${str(c.before) || 'none'} to ${str(c.after) || 'none'}`) },
    { title: 'Contract code changed', testid: 'simulation-code-changes', lines: list(report.codeChanges).map((c) => `${str(c.address)}: ${str(c.kind)} (${str(c.before)} → ${str(c.after)})`) },
    { title: 'Events', testid: 'simulation-events', lines: list(report.events).map((e) => `${str(e.name)} from ${str(e.address)}${str(e.args) ? ` (${str(e.args)})` : ''}`) },
    { title: 'Storage written', testid: 'simulation-storage', lines: list(report.storageChanges).map((s) => `${str(s.address)}: ${str(s.slots)} slot(s)`) },
    { title: 'Where the endpoints disagree', testid: 'simulation-disagreements', lines: disagreements.map((d) => `Endpoint ${str(d.endpoint)}: ${str(d.path)} is ${str(d.observed)}, not ${str(d.expected)}`) },
  ].filter((g) => g.lines.length > 0);
}
