// What the Build form holds (strings, as typed) and how it becomes the DraftInput JSON the drafts service
// reads. Only obvious mistakes are caught here (address shape, numbers); the service is the authority.
import { formatUnits as formatBaseUnits } from '../snapshots/SnapshotFormat';

export type ActionType =
  | 'native-sweep'
  | 'native-transfer'
  | 'erc20-sweep'
  | 'revoke-approval'
  | 'contract-call'
  | 'safe-swap-owner'
  | 'safe-add-owner'
  | 'safe-remove-owner'
  | 'safe-change-threshold'
  | 'pause'
  | 'unpause'
  | 'timelock-cancel'
  | 'revoke-role'
  | 'renounce-role';

type FieldKind = 'address' | 'amount' | 'optional-amount' | 'threshold' | 'hash32' | 'role' | 'text' | 'abi' | 'args';

export interface ActionField {
  key: string;
  label: string;
  kind: FieldKind;
  hint?: string;
}

export interface ActionTemplate {
  type: ActionType;
  label: string;
  /** Safe executor only: the action calls the Safe itself. */
  safeOnly?: boolean;
  fields: readonly ActionField[];
}

const to: ActionField = { key: 'to', label: 'Recipient', kind: 'address' };
const target: ActionField = { key: 'target', label: 'Contract', kind: 'address' };
const roleFields: readonly ActionField[] = [
  target,
  { key: 'role', label: 'Role', kind: 'role', hint: 'A name such as PAUSER_ROLE or DEFAULT_ADMIN_ROLE, or 0x and 64 hex digits.' },
  { key: 'account', label: 'Account', kind: 'address' },
];

export const ACTION_TEMPLATES: readonly ActionTemplate[] = [
  { type: 'native-sweep', label: 'Sweep all native coin (ETH)', fields: [to] },
  { type: 'native-transfer', label: 'Send native coin (ETH)', fields: [to, { key: 'value', label: 'Amount (wei)', kind: 'amount' }] },
  {
    type: 'erc20-sweep',
    label: 'Sweep an ERC-20 token',
    fields: [
      { key: 'token', label: 'Token contract', kind: 'address' },
      to,
      { key: 'amount', label: 'Amount (raw token units, optional)', kind: 'optional-amount', hint: 'Empty: the token balance you give under Known chain state.' },
    ],
  },
  {
    type: 'revoke-approval',
    label: 'Revoke a token approval',
    fields: [
      { key: 'token', label: 'Token contract', kind: 'address' },
      { key: 'spender', label: 'Spender', kind: 'address' },
    ],
  },
  {
    type: 'contract-call',
    label: 'Contract call (signature or ABI JSON)',
    fields: [
      { key: 'to', label: 'Contract', kind: 'address' },
      { key: 'value', label: 'Value sent (wei, optional)', kind: 'optional-amount' },
      { key: 'abi', label: 'Function', kind: 'abi', hint: 'A human-readable signature such as setFee(uint256 fee), or an ABI JSON array.' },
      { key: 'function', label: 'Function name (with ABI JSON only)', kind: 'text' },
      { key: 'args', label: 'Arguments (JSON array)', kind: 'args', hint: 'Numbers, addresses and bytes as strings: ["0xAbc…", "1000"].' },
    ],
  },
  {
    type: 'safe-swap-owner',
    label: 'Safe: swap an owner',
    safeOnly: true,
    fields: [
      { key: 'oldOwner', label: 'Owner to replace', kind: 'address' },
      { key: 'newOwner', label: 'New owner', kind: 'address' },
    ],
  },
  {
    type: 'safe-add-owner',
    label: 'Safe: add an owner',
    safeOnly: true,
    fields: [
      { key: 'owner', label: 'New owner', kind: 'address' },
      { key: 'threshold', label: 'New threshold', kind: 'threshold' },
    ],
  },
  {
    type: 'safe-remove-owner',
    label: 'Safe: remove an owner',
    safeOnly: true,
    fields: [
      { key: 'owner', label: 'Owner to remove', kind: 'address' },
      { key: 'threshold', label: 'New threshold', kind: 'threshold' },
    ],
  },
  { type: 'safe-change-threshold', label: 'Safe: change the threshold', safeOnly: true, fields: [{ key: 'threshold', label: 'New threshold', kind: 'threshold' }] },
  { type: 'pause', label: 'Pause a contract', fields: [target] },
  { type: 'unpause', label: 'Unpause a contract', fields: [target] },
  {
    type: 'timelock-cancel',
    label: 'Cancel a timelock operation',
    fields: [
      { key: 'timelock', label: 'Timelock', kind: 'address' },
      { key: 'operationId', label: 'Operation id', kind: 'hash32', hint: '0x and 64 hex digits.' },
    ],
  },
  { type: 'revoke-role', label: 'Revoke a role', fields: roleFields },
  { type: 'renounce-role', label: 'Renounce a role', fields: roleFields },
];

export function templateOf(type: ActionType): ActionTemplate {
  return ACTION_TEMPLATES.find((t) => t.type === type) ?? ACTION_TEMPLATES[0]!;
}

export interface ActionState {
  type: ActionType;
  values: Record<string, string>;
}

export type FeeMode = 'eip1559' | 'legacy';
export const SAFE_VERSIONS = ['1.4.1', '1.3.0', '1.5.0', '1.2.0', '1.1.1', '1.0.0'] as const;

export interface DraftFormState {
  title: string;
  /** A verified relay snapshot to take chain id, nonce, fees, balances and Safe owners from ('' = typed by the holder). */
  snapshotId: string;
  chainId: string;
  executorKind: 'eoa' | 'safe';
  from: string;
  nonce: string;
  gasLimit: string;
  feeMode: FeeMode;
  /** Fees are typed in gwei (decimals allowed) and sent in wei. */
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
    balance: string;
    nonce: string;
    /** "0xToken amount" a line. */
    tokenBalances: string;
    /** "0xToken SYMBOL decimals" a line. */
    tokens: string;
    policyMaxFeeGwei: string;
    policyMaxGasRefund: string;
  };
}

export function emptyAction(type: ActionType = 'native-sweep'): ActionState {
  return { type, values: {} };
}

export function initialFormState(from: string): DraftFormState {
  return {
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
}

const EMPTY_CONTEXT: DraftFormState['context'] = { chainId: '', balance: '', nonce: '', tokenBalances: '', tokens: '', policyMaxFeeGwei: '', policyMaxGasRefund: '' };

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const UINT = /^(0|[1-9][0-9]*|0x[0-9a-fA-F]+)$/;
const GWEI = /^(0|[1-9][0-9]*)(\.[0-9]{1,9})?$/;
const HASH32 = /^0x[0-9a-fA-F]{64}$/;
const ROLE = /^(0x[0-9a-fA-F]{64}|[A-Za-z_][A-Za-z0-9_]*)$/;

/** "1.5" gwei → "1500000000" wei; exact, no floating point. */
export function gweiToWei(gwei: string): string {
  const [whole = '0', fraction = ''] = gwei.split('.');
  return (BigInt(whole) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0') || '0')).toString();
}

/** "1500000000000000000" → "1.5": a reading aid next to amounts typed in the smallest unit; empty while not a number. */
export function formatUnits(raw: string, decimals: number): string {
  return /^[0-9]+$/.test(raw) ? formatBaseUnits(raw, decimals) : '';
}

export interface FormResult {
  input: Record<string, unknown>;
  problems: string[];
}

/** The DraftInput for the state, and a sentence for each obvious mistake (empty when none). */
export function toDraftInput(state: DraftFormState): FormResult {
  const problems: string[] = [];
  const need = (value: string, pattern: RegExp, what: string, shape: string): string => {
    const v = value.trim();
    if (!pattern.test(v)) problems.push(v === '' ? `${what} is missing.` : `${what} is not ${shape}: "${v}".`);
    return v;
  };
  const address = (v: string, what: string) => need(v, ADDRESS, what, 'an address (0x and 40 hex digits)');
  const uint = (v: string, what: string) => need(v, UINT, what, 'a whole number');
  const safeGwei = (v: string, what: string) => {
    const checked = need(v, GWEI, what, 'a number of gwei');
    return GWEI.test(checked) ? gweiToWei(checked) : checked;
  };

  // From a snapshot, blank chain id, nonce, fees and Safe owners are filled by the vault from it.
  const fromSnapshot = state.snapshotId !== '';
  const optional = (value: string, check: (v: string) => string): string | undefined => (fromSnapshot && value.trim() === '' ? undefined : check(value));
  const input: Record<string, unknown> = {};
  const chainId = optional(state.chainId, (v) => uint(v, 'Chain id'));
  if (chainId !== undefined) input.chainId = chainId;
  if (state.title.trim()) input.title = state.title.trim();

  if (state.executorKind === 'eoa') {
    const executor: Record<string, unknown> = { kind: 'eoa', from: address(state.from, 'The sending account') };
    const nonce = optional(state.nonce, (v) => uint(v, 'Nonce'));
    if (nonce !== undefined) executor.nonce = nonce;
    if (state.gasLimit.trim()) executor.gasLimit = uint(state.gasLimit, 'Gas limit');
    if (state.feeMode === 'eip1559') {
      const maxFee = optional(state.maxFeeGwei, (v) => safeGwei(v, 'Max fee per gas'));
      const priority = optional(state.priorityFeeGwei, (v) => safeGwei(v, 'Priority fee per gas'));
      if (maxFee !== undefined) executor.maxFeePerGas = maxFee;
      if (priority !== undefined) executor.maxPriorityFeePerGas = priority;
    } else {
      executor.gasPrice = safeGwei(state.gasPriceGwei, 'Gas price');
    }
    input.executor = executor;
    if (state.actions.length !== 1) problems.push('An account sends exactly one action; use a Safe for a batch.');
  } else {
    const owners = state.owners.split(/[\s,]+/).filter(Boolean);
    if (owners.length === 0 && !fromSnapshot) problems.push('The Safe owners are missing: one address a line, in getOwners() order.');
    owners.forEach((owner, i) => address(owner, `Owner ${i + 1}`));
    const executor: Record<string, unknown> = { kind: 'safe', safe: address(state.safe, 'Safe address') };
    if (!fromSnapshot) executor.version = state.version;
    if (owners.length > 0) executor.owners = owners;
    const threshold = optional(state.threshold, (v) => need(v, /^[1-9][0-9]*$/, 'Safe threshold', 'a number from 1'));
    if (threshold !== undefined) executor.threshold = Number(threshold);
    const nonce = optional(state.nonce, (v) => uint(v, 'Safe nonce'));
    if (nonce !== undefined) executor.nonce = nonce;
    if (state.multiSendCallOnly.trim()) executor.multiSendCallOnly = address(state.multiSendCallOnly, 'MultiSendCallOnly address');
    input.executor = executor;
  }

  input.actions = state.actions.map((action, i) => actionInput(action, state.actions.length > 1 ? `Action ${i + 1}: ` : '', state.executorKind, problems));
  // A snapshot supplies the chain state; only the holder's own fee policy is kept from the typed context.
  const context = contextInput(fromSnapshot ? { ...EMPTY_CONTEXT, policyMaxFeeGwei: state.context.policyMaxFeeGwei, policyMaxGasRefund: state.context.policyMaxGasRefund } : state.context, problems, { uint, address, safeGwei });
  if (Object.keys(context).length > 0) input.context = context;
  return { input, problems };
}

function actionInput(action: ActionState, prefix: string, executorKind: 'eoa' | 'safe', problems: string[]): Record<string, unknown> {
  const template = templateOf(action.type);
  if (template.safeOnly && executorKind !== 'safe') problems.push(`${prefix}${template.label} needs a Safe as executor.`);
  const out: Record<string, unknown> = { type: action.type };
  for (const f of template.fields) {
    const raw = (action.values[f.key] ?? '').trim();
    const what = `${prefix}${f.label.replace(/ \(.*\)$/, '')}`;
    const problem = (shape: string) => problems.push(raw === '' ? `${what} is missing.` : `${what} is not ${shape}: "${raw}".`);
    switch (f.kind) {
      case 'address':
        if (!ADDRESS.test(raw)) problem('an address (0x and 40 hex digits)');
        out[f.key] = raw;
        break;
      case 'amount':
        if (!UINT.test(raw)) problem('a whole number');
        out[f.key] = raw;
        break;
      case 'optional-amount':
        if (raw === '') break;
        if (!UINT.test(raw)) problem('a whole number');
        out[f.key] = raw;
        break;
      case 'threshold':
        if (!/^[1-9][0-9]*$/.test(raw)) problem('a number from 1');
        out[f.key] = Number(raw);
        break;
      case 'hash32':
        if (!HASH32.test(raw)) problem('0x and 64 hex digits');
        out[f.key] = raw;
        break;
      case 'role':
        if (!ROLE.test(raw)) problem('a role name or 0x and 64 hex digits');
        out[f.key] = raw;
        break;
      case 'text':
        if (raw) out[f.key] = raw;
        break;
      case 'abi':
        if (raw.startsWith('[')) {
          try {
            out.abi = JSON.parse(raw);
          } catch {
            problems.push(`${what}: the ABI JSON does not parse.`);
          }
        } else if (raw) out.signature = raw;
        else problem('a signature');
        break;
      case 'args':
        try {
          const args: unknown = JSON.parse(raw || '[]');
          if (!Array.isArray(args)) throw new Error('not an array');
          out.args = args;
        } catch {
          problems.push(`${what}: write a JSON array, e.g. ["0xAbc…", "1000"].`);
        }
        break;
    }
  }
  return out;
}

interface Checks {
  uint(v: string, what: string): string;
  address(v: string, what: string): string;
  safeGwei(v: string, what: string): string;
}

function contextInput(c: DraftFormState['context'], problems: string[], check: Checks): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (c.chainId.trim()) out.chainId = check.uint(c.chainId, 'Known chain id');
  if (c.balance.trim()) out.balance = check.uint(c.balance, 'Known balance');
  if (c.nonce.trim()) out.nonce = check.uint(c.nonce, 'Known current nonce');
  const lines = (text: string) => text.split('\n').map((l) => l.trim().split(/[\s,]+/)).filter((parts) => parts[0]);
  const balances: Record<string, string> = {};
  for (const [token = '', amount = ''] of lines(c.tokenBalances)) balances[check.address(token, 'A token in Known token balances')] = check.uint(amount, `The balance of ${token}`);
  if (Object.keys(balances).length) out.tokenBalances = balances;
  const tokens: Record<string, { symbol: string; decimals: number }> = {};
  for (const [token = '', symbol = '', decimals = ''] of lines(c.tokens)) {
    if (!symbol || !/^[0-9]{1,2}$/.test(decimals)) problems.push(`Known tokens: write "0xToken SYMBOL decimals" for ${token}.`);
    tokens[check.address(token, 'A token in Known tokens')] = { symbol, decimals: Number(decimals) };
  }
  if (Object.keys(tokens).length) out.tokens = tokens;
  const policy: Record<string, string> = {};
  if (c.policyMaxFeeGwei.trim()) policy.maxFeePerGas = check.safeGwei(c.policyMaxFeeGwei, 'Policy max fee per gas');
  if (c.policyMaxGasRefund.trim()) policy.maxGasRefund = check.uint(c.policyMaxGasRefund, 'Policy max gas refund');
  if (Object.keys(policy).length) out.policy = policy;
  return out;
}
