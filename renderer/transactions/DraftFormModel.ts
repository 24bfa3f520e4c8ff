// What the Build form holds (strings, as typed), how each choice changes it, and how it becomes the draft
// description the drafts service reads (typed by the drafting schema). Only obvious mistakes are caught here
// (address shape, numbers); the service is the authority. No DOM here.
import type { DescribedAction, DraftDescription } from '../../shared/drafting/input';
import { parseAmount, readAmount, type EvmUnit } from '../../shared/evm/units';
import { formatUnits as formatBaseUnits } from '../snapshots/SnapshotFormat';
import { ACTION_TEMPLATES, templateOf, type ActionField, type ActionTemplate, type TemplateType } from './ActionTemplates';

export { ACTION_TEMPLATES, templateOf, type ActionField, type ActionTemplate, type TemplateType };

export interface ActionState {
  type: TemplateType;
  values: Record<string, string>;
}

export type FeeMode = 'eip1559' | 'legacy';
export type ExecutorKind = 'eoa' | 'safe';
export const SAFE_VERSIONS = ['1.4.1', '1.3.0', '1.5.0', '1.2.0', '1.1.1', '1.0.0'] as const;
/** A Safe batch's limit, as the schema's. */
export const MAX_ACTIONS = 50;

export interface DraftFormState {
  title: string;
  /** A verified relay snapshot to take chain id, nonce, fees, balances and Safe owners from ('' = typed by the holder). */
  snapshotId: string;
  chainId: string;
  executorKind: ExecutorKind;
  from: string;
  nonce: string;
  gasLimit: string;
  feeMode: FeeMode;
  /** Fees are typed in gwei (or with a unit, "0.00000003 ETH") and sent in wei (shared/evm/units.ts). */
  maxFeeGwei: string;
  priorityFeeGwei: string;
  gasPriceGwei: string;
  safe: string;
  version: string;
  /** One address a line, in the Safe's getOwners() order. */
  owners: string;
  threshold: string;
  multiSendCallOnly: string;
  actions: ActionState[];
  context: {
    chainId: string;
    /** In ETH, or with a unit. */
    balance: string;
    nonce: string;
    /** "0xToken amount" a line. */
    tokenBalances: string;
    /** "0xToken SYMBOL decimals" a line. */
    tokens: string;
    policyMaxFeeGwei: string;
    /** In ETH, or with a unit. */
    policyMaxGasRefund: string;
  };
}

const EMPTY_CONTEXT: DraftFormState['context'] = { chainId: '', balance: '', nonce: '', tokenBalances: '', tokens: '', policyMaxFeeGwei: '', policyMaxGasRefund: '' };

export function emptyAction(type: TemplateType = 'native-sweep'): ActionState {
  return { type, values: {} };
}

/** A fresh form sending from `from`; with a snapshot (the newest verified one), the chain state comes from it. */
export function initialFormState(from: string, snapshotId: number | null = null): DraftFormState {
  const state: DraftFormState = {
    title: '',
    snapshotId: '',
    chainId: '1',
    executorKind: 'eoa',
    from,
    nonce: '0',
    gasLimit: '',
    feeMode: 'eip1559',
    maxFeeGwei: '',
    priorityFeeGwei: '',
    gasPriceGwei: '',
    safe: '',
    version: '1.4.1',
    owners: '',
    threshold: '',
    multiSendCallOnly: '',
    actions: [emptyAction()],
    context: { ...EMPTY_CONTEXT },
  };
  if (snapshotId !== null) useSnapshot(state, String(snapshotId));
  return state;
}

// ---------- what the holder's choices change ----------

/**
 * Takes the chain state from snapshot `id` ('' = typed by the holder). Defaults typed for the no-snapshot case would
 * override the snapshot's values, so they are emptied with one, and come back without.
 */
export function useSnapshot(state: DraftFormState, id: string): void {
  state.snapshotId = id;
  if (id && state.chainId === '1') state.chainId = '';
  if (id && state.nonce === '0') state.nonce = '';
  if (!id && state.chainId === '') state.chainId = '1';
  if (!id && state.nonce === '') state.nonce = '0';
}

/** An account sends one action and no Safe-only one: switching to it keeps the first action it can send. */
export function setExecutorKind(state: DraftFormState, kind: ExecutorKind): void {
  state.executorKind = kind;
  if (kind === 'eoa') state.actions = [state.actions.find((a) => !templateOf(a.type).safeOnly) ?? emptyAction()];
}

/** A Safe batch grows by one action (up to the limit); an account cannot batch. */
export function canAddAction(state: DraftFormState): boolean {
  return state.executorKind === 'safe' && state.actions.length < MAX_ACTIONS;
}

export function addAction(state: DraftFormState): void {
  if (canAddAction(state)) state.actions.push(emptyAction('safe-change-threshold'));
}

export function removeAction(state: DraftFormState, index: number): void {
  if (state.actions.length > 1) state.actions.splice(index, 1);
}

/** The templates the executor can send. */
export function actionChoices(state: DraftFormState): ActionTemplate[] {
  return ACTION_TEMPLATES.filter((t) => !t.safeOnly || state.executorKind === 'safe');
}

/** The unit a bare number means in each native-amount box: fees per gas in gwei, amounts and balances in ETH. */
export const FEE_UNIT: EvmUnit = 'gwei';
export const NATIVE_UNIT: EvmUnit = 'eth';

/**
 * The live line under an amount box: "= 30,000,000,000 wei" while it reads, the refusal's sentence while it does not
 * (`error` set), nothing while it is empty.
 */
export function amountReading(text: string, unit: EvmUnit, what = 'The amount'): { text: string; error: boolean } {
  if (text.trim() === '') return { text: '', error: false };
  const read = readAmount(text, unit, what);
  return 'error' in read ? { text: read.error, error: true } : { text: read.line, error: false };
}

// ---------- numbers ----------

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const UINT = /^(0|[1-9][0-9]*|0x[0-9a-fA-F]+)$/;
const THRESHOLD = /^[1-9][0-9]*$/;
const HASH32 = /^0x[0-9a-fA-F]{64}$/;
const ROLE = /^(0x[0-9a-fA-F]{64}|[A-Za-z_][A-Za-z0-9_]*)$/;

/** "1500000000000000000" → "1.5": a reading aid next to amounts typed in the smallest unit; empty while not a number. */
export function formatUnits(raw: string, decimals: number): string {
  return /^[0-9]+$/.test(raw) ? formatBaseUnits(raw, decimals) : '';
}

// ---------- the description ----------

export interface FormResult {
  input: DraftDescription;
  problems: string[];
}

/** Checks typed values against their shapes, collecting one sentence per mistake. */
class Checker {
  readonly problems: string[] = [];

  need(value: string, pattern: RegExp, what: string, shape: string): string {
    const v = value.trim();
    if (!pattern.test(v)) this.problems.push(v === '' ? `${what} is missing.` : `${what} is not ${shape}: "${v}".`);
    return v;
  }
  address = (v: string, what: string) => this.need(v, ADDRESS, what, 'an address (0x and 40 hex digits)');
  uint = (v: string, what: string) => this.need(v, UINT, what, 'a whole number');
  /** A native amount or fee (bare numbers in `unit`) as a wei decimal string; the parser's sentence when refused. */
  native = (v: string, what: string, unit: EvmUnit) => {
    try {
      return parseAmount(v, unit, what).wei.toString();
    } catch (error) {
      this.problems.push(error instanceof Error ? error.message : String(error));
      return v.trim();
    }
  };
}

/** The draft description for the state, and a sentence for each obvious mistake (empty when none). */
export function toDraftInput(state: DraftFormState): FormResult {
  const check = new Checker();
  // From a snapshot, blank chain id, nonce, fees and Safe owners are filled by the vault from it.
  const fromSnapshot = state.snapshotId !== '';
  const optional = (value: string, read: (v: string) => string): string | undefined => (fromSnapshot && value.trim() === '' ? undefined : read(value));
  const chainId = optional(state.chainId, (v) => check.uint(v, 'Chain id'));
  const executor = state.executorKind === 'eoa' ? eoaExecutor(state, check, optional) : safeExecutor(state, check, optional, fromSnapshot);
  if (state.executorKind === 'eoa' && state.actions.length !== 1) check.problems.push('An account sends exactly one action; use a Safe for a batch.');
  const actions = state.actions.map((action, i) => actionInput(action, state.actions.length > 1 ? `Action ${i + 1}: ` : '', state.executorKind, check.problems));
  // A snapshot supplies the chain state; only the holder's own fee policy is kept from the typed context.
  const typed = fromSnapshot ? { ...EMPTY_CONTEXT, policyMaxFeeGwei: state.context.policyMaxFeeGwei, policyMaxGasRefund: state.context.policyMaxGasRefund } : state.context;
  const context = contextInput(typed, check);
  const input: DraftDescription = {
    ...(chainId !== undefined ? { chainId } : {}),
    ...(state.title.trim() ? { title: state.title.trim() } : {}),
    executor,
    actions,
    ...(Object.keys(context).length > 0 ? { context } : {}),
  };
  return { input, problems: check.problems };
}

type Optional = (value: string, read: (v: string) => string) => string | undefined;

function eoaExecutor(state: DraftFormState, check: Checker, optional: Optional): DraftDescription['executor'] {
  const from = check.address(state.from, 'The sending account');
  const nonce = optional(state.nonce, (v) => check.uint(v, 'Nonce'));
  const gasLimit = state.gasLimit.trim() ? check.uint(state.gasLimit, 'Gas limit') : undefined;
  const fees =
    state.feeMode === 'eip1559'
      ? {
          maxFeePerGas: optional(state.maxFeeGwei, (v) => check.native(v, 'Max fee per gas', FEE_UNIT)),
          maxPriorityFeePerGas: optional(state.priorityFeeGwei, (v) => check.native(v, 'Priority fee per gas', FEE_UNIT)),
        }
      : { gasPrice: check.native(state.gasPriceGwei, 'Gas price', FEE_UNIT) };
  return { kind: 'eoa', from, ...definedOnly({ nonce, gasLimit, ...fees }) };
}

function safeExecutor(state: DraftFormState, check: Checker, optional: Optional, fromSnapshot: boolean): DraftDescription['executor'] {
  const owners = state.owners.split(/[\s,]+/).filter(Boolean);
  if (owners.length === 0 && !fromSnapshot) check.problems.push('The Safe owners are missing: one address a line, in getOwners() order.');
  owners.forEach((owner, i) => check.address(owner, `Owner ${i + 1}`));
  const safe = check.address(state.safe, 'Safe address');
  const threshold = optional(state.threshold, (v) => check.need(v, THRESHOLD, 'Safe threshold', 'a number from 1'));
  const nonce = optional(state.nonce, (v) => check.uint(v, 'Safe nonce'));
  return {
    kind: 'safe',
    safe,
    ...(fromSnapshot ? {} : { version: state.version }),
    ...(owners.length > 0 ? { owners } : {}),
    ...(threshold !== undefined ? { threshold: Number(threshold) } : {}),
    ...(nonce !== undefined ? { nonce } : {}),
    ...(state.multiSendCallOnly.trim() ? { multiSendCallOnly: check.address(state.multiSendCallOnly, 'MultiSendCallOnly address') } : {}),
  };
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: string };
}

/** How each kind of field is checked and written: the shape it must have, or a reader of its own. */
const FIELD_SHAPES: Readonly<Partial<Record<ActionField['kind'], readonly [RegExp, string]>>> = {
  address: [ADDRESS, 'an address (0x and 40 hex digits)'],
  amount: [UINT, 'a whole number'],
  'optional-amount': [UINT, 'a whole number'],
  threshold: [THRESHOLD, 'a number from 1'],
  hash32: [HASH32, '0x and 64 hex digits'],
  role: [ROLE, 'a role name or 0x and 64 hex digits'],
};

function actionInput(action: ActionState, prefix: string, executorKind: ExecutorKind, problems: string[]): DescribedAction {
  const template = templateOf(action.type);
  if (template.safeOnly && executorKind !== 'safe') problems.push(`${prefix}${template.label} needs a Safe as executor.`);
  const out: Record<string, unknown> = { type: action.type };
  const check = new Checker();
  for (const f of template.fields) {
    const raw = (action.values[f.key] ?? '').trim();
    const what = `${prefix}${f.label.replace(/ \(.*\)$/, '')}`;
    if ((f.kind === 'optional-amount' || f.kind === 'optional-native') && raw === '') continue;
    if (f.kind === 'native' || f.kind === 'optional-native') {
      out[f.key] = check.native(raw, what, NATIVE_UNIT);
      continue;
    }
    const shape = FIELD_SHAPES[f.kind];
    if (shape) {
      if (!shape[0].test(raw)) problems.push(raw === '' ? `${what} is missing.` : `${what} is not ${shape[1]}: "${raw}".`);
      out[f.key] = f.kind === 'threshold' ? Number(raw) : raw;
    } else Object.assign(out, freeField(f, raw, what, problems));
  }
  problems.push(...check.problems);
  // The template's keys are the schema's own (ActionTemplates.ts); the vault parses the values.
  return out as DescribedAction;
}

/** The fields with a reader of their own: free text, a signature or ABI JSON, and the arguments list. */
function freeField(f: ActionField, raw: string, what: string, problems: string[]): Record<string, unknown> {
  if (f.kind === 'text') return raw ? { [f.key]: raw } : {};
  if (f.kind === 'abi') {
    if (!raw) problems.push(`${what} is missing.`);
    if (!raw.startsWith('[')) return raw ? { signature: raw } : {};
    try {
      return { abi: JSON.parse(raw) as unknown };
    } catch {
      problems.push(`${what}: the ABI JSON does not parse.`);
      return {};
    }
  }
  try {
    const args: unknown = JSON.parse(raw || '[]');
    if (!Array.isArray(args)) throw new Error('not an array');
    return { args };
  } catch {
    problems.push(`${what}: write a JSON array, e.g. ["0xAbc…", "1000"].`);
    return {};
  }
}

function contextInput(c: DraftFormState['context'], check: Checker): NonNullable<DraftDescription['context']> {
  const chain = definedOnly({
    chainId: c.chainId.trim() ? check.uint(c.chainId, 'Known chain id') : undefined,
    balance: c.balance.trim() ? check.native(c.balance, 'Known balance', NATIVE_UNIT) : undefined,
    nonce: c.nonce.trim() ? check.uint(c.nonce, 'Known current nonce') : undefined,
  });
  const lines = (text: string) => text.split('\n').map((l) => l.trim().split(/[\s,]+/)).filter((parts) => parts[0]);
  const tokenBalances: Record<string, string> = {};
  for (const [token = '', amount = ''] of lines(c.tokenBalances)) tokenBalances[check.address(token, 'A token in Known token balances')] = check.uint(amount, `The balance of ${token}`);
  const tokens: Record<string, { symbol: string; decimals: number }> = {};
  for (const [token = '', symbol = '', decimals = ''] of lines(c.tokens)) {
    if (!symbol || !/^[0-9]{1,2}$/.test(decimals)) check.problems.push(`Known tokens: write "0xToken SYMBOL decimals" for ${token}.`);
    tokens[check.address(token, 'A token in Known tokens')] = { symbol, decimals: Number(decimals) };
  }
  const policy = definedOnly({
    maxFeePerGas: c.policyMaxFeeGwei.trim() ? check.native(c.policyMaxFeeGwei, 'Policy max fee per gas', FEE_UNIT) : undefined,
    maxGasRefund: c.policyMaxGasRefund.trim() ? check.native(c.policyMaxGasRefund, 'Policy max gas refund', NATIVE_UNIT) : undefined,
  });
  return {
    ...chain,
    ...(Object.keys(tokenBalances).length ? { tokenBalances } : {}),
    ...(Object.keys(tokens).length ? { tokens } : {}),
    ...(Object.keys(policy).length ? { policy } : {}),
  };
}
