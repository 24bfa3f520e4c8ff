// The Build form's action templates: one for each action of the drafting vocabulary (shared/drafting/input.ts) but
// safe-exec, which only Safe execute writes. Types and field keys come from the schema, so a template cannot name a
// field the vault does not read; the compiler checks every action has its template, a unit test checks the rest.
import type { ActionType, DescribedAction } from '../../shared/drafting/input';

/** The actions Build offers. */
export type TemplateType = Exclude<ActionType, 'safe-exec'>;

/** The schema's fields of one action type. */
export type FieldKey<T extends TemplateType> = Exclude<keyof Extract<DescribedAction, { type: T }>, 'type'> & string;

/** 'native' amounts are the chain's coin, typed in ETH (or with a unit: "30 gwei", "1000 wei"); 'amount' is raw token units. */
export type FieldKind = 'address' | 'native' | 'optional-native' | 'amount' | 'optional-amount' | 'threshold' | 'hash32' | 'role' | 'text' | 'abi' | 'args';

export interface ActionField<K extends string = string> {
  key: K;
  label: string;
  kind: FieldKind;
  hint?: string;
}

export interface ActionTemplate {
  type: TemplateType;
  label: string;
  /** Safe executor only: the action calls the Safe itself. */
  safeOnly?: boolean;
  fields: readonly ActionField[];
}

/** A template as written below: its field keys checked against its own action's schema. */
interface TypedTemplate<T extends TemplateType> extends ActionTemplate {
  type: T;
  fields: ReadonlyArray<ActionField<FieldKey<T>>>;
}

const template = <T extends TemplateType>(t: TypedTemplate<T>): TypedTemplate<T> => t;

const to = { key: 'to', label: 'Recipient', kind: 'address' } as const;
const target = { key: 'target', label: 'Contract', kind: 'address' } as const;
const token = { key: 'token', label: 'Token contract', kind: 'address' } as const;
const newThreshold = { key: 'threshold', label: 'New threshold', kind: 'threshold' } as const;
const roleFields = [
  target,
  { key: 'role', label: 'Role', kind: 'role', hint: 'A name such as PAUSER_ROLE or DEFAULT_ADMIN_ROLE, or 0x and 64 hex digits.' },
  { key: 'account', label: 'Account', kind: 'address' },
] as const;

export const ACTION_TEMPLATES = [
  template({ type: 'native-sweep', label: 'Sweep all native coin (ETH)', fields: [to] }),
  template({ type: 'native-transfer', label: 'Send native coin (ETH)', fields: [to, { key: 'value', label: 'Amount (ETH)', kind: 'native' }] }),
  template({
    type: 'erc20-sweep',
    label: 'Sweep an ERC-20 token',
    fields: [token, to, { key: 'amount', label: 'Amount (raw token units, optional)', kind: 'optional-amount', hint: 'Empty: the token balance you give under Known chain state.' }],
  }),
  template({ type: 'revoke-approval', label: 'Revoke a token approval', fields: [token, { key: 'spender', label: 'Spender', kind: 'address' }] }),
  template({
    type: 'contract-call',
    label: 'Contract call (signature or ABI JSON)',
    fields: [
      { key: 'to', label: 'Contract', kind: 'address' },
      { key: 'value', label: 'Value sent (ETH, optional)', kind: 'optional-native' },
      { key: 'abi', label: 'Function', kind: 'abi', hint: 'A human-readable signature such as setFee(uint256 fee), or an ABI JSON array.' },
      { key: 'function', label: 'Function name (with ABI JSON only)', kind: 'text' },
      { key: 'args', label: 'Arguments (JSON array)', kind: 'args', hint: 'Numbers, addresses and bytes as strings: ["0xAbc…", "1000"].' },
    ],
  }),
  template({
    type: 'safe-swap-owner',
    label: 'Safe: swap an owner',
    safeOnly: true,
    fields: [
      { key: 'oldOwner', label: 'Owner to replace', kind: 'address' },
      { key: 'newOwner', label: 'New owner', kind: 'address' },
    ],
  }),
  template({ type: 'safe-add-owner', label: 'Safe: add an owner', safeOnly: true, fields: [{ key: 'owner', label: 'New owner', kind: 'address' }, newThreshold] }),
  template({ type: 'safe-remove-owner', label: 'Safe: remove an owner', safeOnly: true, fields: [{ key: 'owner', label: 'Owner to remove', kind: 'address' }, newThreshold] }),
  template({ type: 'safe-change-threshold', label: 'Safe: change the threshold', safeOnly: true, fields: [newThreshold] }),
  template({ type: 'pause', label: 'Pause a contract', fields: [target] }),
  template({ type: 'unpause', label: 'Unpause a contract', fields: [target] }),
  template({
    type: 'timelock-cancel',
    label: 'Cancel a timelock operation',
    fields: [
      { key: 'timelock', label: 'Timelock', kind: 'address' },
      { key: 'operationId', label: 'Operation id', kind: 'hash32', hint: '0x and 64 hex digits.' },
    ],
  }),
  template({ type: 'revoke-role', label: 'Revoke a role', fields: roleFields }),
  template({ type: 'renounce-role', label: 'Renounce a role', fields: roleFields }),
] as const;

// Every action Build offers has its template: a new action in the schema fails to compile here until it gets one.
type Covered = (typeof ACTION_TEMPLATES)[number]['type'];
export const EVERY_ACTION_HAS_A_TEMPLATE: [TemplateType] extends [Covered] ? true : never = true;

export function templateOf(type: TemplateType): ActionTemplate {
  const templates: readonly ActionTemplate[] = ACTION_TEMPLATES;
  return templates.find((t) => t.type === type) ?? ACTION_TEMPLATES[0];
}
