// What the relay's verified simulation report means for signing, as warnings from the one rules table: a revert
// blocks; an effect the draft does not state (value, tokens, approvals, Safe control, code) or a stated effect that
// does not happen (a sweep's recipient receiving nothing, a pause without its Paused event) contradicts the review
// and blocks; a draft with a free-form call cannot state its effects, so what the simulation shows beyond its typed
// actions must be acknowledged; a runbook that requires simulation needs an acknowledgement to sign without one.
import { nativeAmount, tokenAmount } from '../drafting/actions';
import type { BuiltDraft } from '../drafting/draft';
import type { DraftAction, DraftContext } from '../drafting/input';
import { warning, type Warning } from '../drafting/rules';
import { decodeFunctionCall } from '../evm/abi';
import type { Address } from '../evm/address';
import type { SignedSimulationReport, SimulationBody } from './report';

/** What the vault knows about a draft's simulation when it reviews it. */
export interface SimulationEvidence {
  /** The draft's policy (its runbook's) requires a simulation before signing. */
  required: boolean;
  /** The newest stored report that verifies now (paired relay, this digest and chain, a recent enough block). */
  report: SignedSimulationReport | null;
  relayFingerprint: string | null;
  /** Why a stored report is not used, when one is stored but no longer verifies. */
  problem: { code: string; message: string } | null;
}

/** At most this many findings per code are listed one by one; the rest are counted. */
const MAX_FINDINGS = 6;

export function simulationWarnings(evidence: SimulationEvidence, built: BuiltDraft, actions: readonly DraftAction[], context: DraftContext): Warning[] {
  const { report } = evidence;
  if (!report) {
    if (!evidence.required) return [];
    const why = evidence.problem ? ` The stored report is not used: ${evidence.problem.message}` : '';
    return [warning('simulation-missing', `This draft's runbook requires the relay to simulate it before anyone signs, and no verified simulation report is attached.${why} Show its simulation request to the relay and bring back the report, or acknowledge signing without it.`)];
  }
  const out: Warning[] = [];
  const at = `at block ${report.blockNumber}`;
  if (report.outcome.status === 'reverted') {
    out.push(warning('simulation-reverted', `The relay ran this exact transaction ${at} and it reverted (${report.outcome.reason ?? 'no reason given'}). On chain it would fail the same way. Nothing is signed: find out why and build it again.`));
    return out;
  }
  if (report.crossCheck.disagreements.length > 0) {
    out.push(warning('simulation-disagreement', `The relay's ${report.crossCheck.endpoints} endpoints disagree about what this transaction does ${at} (${report.crossCheck.disagreements.slice(0, 3).map((d) => d.path).join(', ')}${report.crossCheck.disagreements.length > 3 ? ', …' : ''}). One of them may be lying or behind.`));
  }
  if (!report.traced) {
    out.push(warning('simulation-untraced', `The relay's node could only run this transaction ${at}: it succeeds, but its effects (value, tokens, approvals, Safe changes) were not traced, so they cannot be checked against the draft.`));
    return out;
  }
  const { contradictions, undeclared } = compareWithIntent(report, built, actions, context);
  out.push(...listed(contradictions).map((text) => warning('simulation-contradicts-intent', `The relay's simulation ${at} contradicts the draft: ${text}`)));
  out.push(...listed(undeclared).map((text) => warning('simulation-effects-undeclared', `The relay's simulation ${at} shows an effect the draft's free-form call does not state: ${text}`)));
  return out;
}

function listed(findings: readonly string[]): string[] {
  if (findings.length <= MAX_FINDINGS) return [...findings];
  return [...findings.slice(0, MAX_FINDINGS - 1), `and ${findings.length - MAX_FINDINGS + 1} more effects like these (see the report).`];
}

interface Intent {
  executor: Address;
  /** A contract-call or safe-exec is in the draft: its effects are not stated, so extra effects are undeclared, not false. */
  open: boolean;
  /** Stated recipients by lower-case address: the address as written and what it receives. */
  native: Map<string, Stated>;
  nativeOut: bigint;
  tokens: Map<string, Map<string, Stated>>;
  /** Pause switches: the event the target must emit. */
  switches: Array<{ target: Address; event: 'Paused' | 'Unpaused' }>;
  /** The owners and threshold the Safe must end with, when the draft changes them, and those it starts with. */
  control: { owners: string[]; threshold: number; initialOwners: string[]; initialThreshold: number } | null;
}

interface Stated {
  address: string;
  amount: bigint;
}

/** Findings: the draft's stated effects against the simulated ones. Exported for tests. */
export function compareWithIntent(report: SimulationBody, built: BuiltDraft, actions: readonly DraftAction[], context: DraftContext): { contradictions: string[]; undeclared: string[] } {
  const intent = intentOf(built, actions);
  const contradictions: string[] = [];
  const undeclared: string[] = [];
  const extra = (text: string) => (intent.open ? undeclared : contradictions).push(text);
  const key = (a: string) => a.toLowerCase();
  const delta = (address: string, asset: string) =>
    report.balanceChanges.filter((c) => key(c.address) === key(address) && key(c.asset) === key(asset)).reduce((sum, c) => sum + BigInt(c.delta), 0n);
  const coin = (wei: bigint) => nativeAmount(wei, built.chainId);

  if (built.kind === 'safe' && report.outcome.safeTxHash !== report.digest) {
    contradictions.push(`the Safe did not report executing this safeTxHash (${report.outcome.safeTxHash ?? 'no ExecutionSuccess event'}), so what ran is not what the owners sign.`);
  }
  for (const { address: recipient, amount } of intent.native.values()) {
    const got = delta(recipient, 'native');
    if (got < amount) contradictions.push(`${recipient} should receive ${coin(amount)} but receives ${coin(got)}.`);
  }
  const spent = -delta(intent.executor, 'native');
  if (spent > intent.nativeOut) extra(`${intent.executor} loses ${coin(spent)}, more than the ${coin(intent.nativeOut)} the draft sends.`);
  for (const [token, recipients] of intent.tokens) {
    for (const { address: recipient, amount } of recipients.values()) {
      const got = delta(recipient, token);
      if (got < amount) contradictions.push(`${recipient} should receive ${tokenAmount(amount, token as Address, context)} but receives ${tokenAmount(got, token as Address, context)}.`);
    }
  }
  for (const change of report.balanceChanges) {
    if (change.asset === 'native' || key(change.address) !== key(intent.executor) || BigInt(change.delta) >= 0n) continue;
    const stated = [...(intent.tokens.get(key(change.asset))?.values() ?? [])].reduce((sum, s) => sum + s.amount, 0n);
    const lost = -BigInt(change.delta);
    if (lost > stated) extra(`${intent.executor} loses ${tokenAmount(lost, change.asset as Address, context)}, more than the draft sends of it (${stated}).`);
  }
  for (const a of report.approvals) {
    if (key(a.owner) === key(intent.executor) && a.amount !== '0' && a.amount !== 'none') extra(`${a.owner} lets ${a.spender} spend ${a.amount === 'all' ? 'every token' : a.amount} of ${a.token}.`);
  }
  controlFindings(report, intent, contradictions, extra);
  for (const c of report.codeChanges) extra(`contract code changes: ${c.address} ${c.kind === 'created' ? 'is created' : c.kind === 'destroyed' ? 'is destroyed' : `gets a new ${c.kind} (${c.before} → ${c.after})`}.`);
  for (const { target, event } of intent.switches) {
    if (!report.events.some((e) => e.name === event && key(e.address) === key(target))) contradictions.push(`${target} emits no ${event} event: the ${event === 'Paused' ? 'pause' : 'unpause'} does not happen.`);
  }
  return { contradictions, undeclared };
}

function controlFindings(report: SimulationBody, intent: Intent, contradictions: string[], extra: (text: string) => void): void {
  const key = (a: string) => a.toLowerCase();
  for (const change of report.safeChanges) {
    const own = key(change.safe) === key(intent.executor);
    if (own && intent.control && (change.field === 'owners' || change.field === 'threshold')) continue;
    extra(`the Safe ${change.safe} changes its ${change.field} from ${change.before || 'none'} to ${change.after || 'none'}.`);
  }
  if (!intent.control) return;
  const owners = report.safeChanges.find((c) => c.field === 'owners' && key(c.safe) === key(intent.executor));
  const threshold = report.safeChanges.find((c) => c.field === 'threshold' && key(c.safe) === key(intent.executor));
  const { control } = intent;
  const asSet = (list: readonly string[]) => list.map(key).sort().join();
  const ownersAfter = owners ? splitList(owners.after) : control.initialOwners;
  if (asSet(ownersAfter) !== asSet(control.owners)) {
    contradictions.push(`the Safe ends with the owners ${ownersAfter.join(', ') || 'none'}, not the ${control.owners.join(', ')} the draft sets.`);
  }
  const thresholdAfter = threshold ? threshold.after : String(control.initialThreshold);
  if (thresholdAfter !== String(control.threshold)) {
    contradictions.push(`the Safe ends with a threshold of ${thresholdAfter}, not the ${control.threshold} the draft sets.`);
  }
}

/** "a, b, c" as the report writes an owner or module list. */
function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function intentOf(built: BuiltDraft, actions: readonly DraftAction[]): Intent {
  const intent: Intent = {
    executor: built.kind === 'eoa' ? built.from : built.safe,
    open: false,
    native: new Map(),
    nativeOut: 0n,
    tokens: new Map(),
    switches: [],
    control: null,
  };
  const owners = built.kind === 'safe' ? [...built.owners] : [];
  let threshold = built.kind === 'safe' ? built.threshold : 0;
  let changesControl = false;
  const add = (map: Map<string, Stated>, to: string, amount: bigint) => map.set(to.toLowerCase(), { address: to, amount: (map.get(to.toLowerCase())?.amount ?? 0n) + amount });
  actions.forEach((action, i) => {
    const summary = built.actions[i]!;
    intent.nativeOut += summary.value;
    switch (action.type) {
      case 'native-sweep':
      case 'native-transfer':
        add(intent.native, action.to, summary.value);
        break;
      case 'erc20-sweep': {
        const [, amount] = decodeFunctionCall('transfer(address,uint256)', summary.data) as [string, bigint];
        const perToken = intent.tokens.get(action.token.toLowerCase()) ?? new Map<string, Stated>();
        add(perToken, action.to, amount);
        intent.tokens.set(action.token.toLowerCase(), perToken);
        break;
      }
      case 'pause':
      case 'unpause':
        intent.switches.push({ target: action.target, event: action.type === 'pause' ? 'Paused' : 'Unpaused' });
        break;
      case 'safe-add-owner':
        owners.unshift(action.owner);
        threshold = action.threshold;
        changesControl = true;
        break;
      case 'safe-remove-owner':
        owners.splice(owners.findIndex((o) => o.toLowerCase() === action.owner.toLowerCase()), 1);
        threshold = action.threshold;
        changesControl = true;
        break;
      case 'safe-swap-owner':
        owners[owners.findIndex((o) => o.toLowerCase() === action.oldOwner.toLowerCase())] = action.newOwner;
        changesControl = true;
        break;
      case 'safe-change-threshold':
        threshold = action.threshold;
        changesControl = true;
        break;
      case 'contract-call':
      case 'safe-exec':
        intent.open = true;
        break;
      default:
        break;
    }
  });
  if (changesControl && built.kind === 'safe') intent.control = { owners, threshold, initialOwners: [...built.owners], initialThreshold: built.threshold };
  return intent;
}

/** The simulation part of a review's JSON: the verified report (without its signature) or why there is none. */
export function simulationJson(evidence: SimulationEvidence): Record<string, unknown> | null {
  if (!evidence.report && !evidence.required && !evidence.problem) return null;
  const { signature: _signature, relayKey: _relayKey, ...body } = evidence.report ?? { signature: '', relayKey: '' };
  return {
    required: evidence.required,
    status: evidence.report ? 'verified' : evidence.problem ? 'unusable' : 'missing',
    problem: evidence.problem,
    relayFingerprint: evidence.relayFingerprint,
    report: evidence.report ? body : null,
  };
}
