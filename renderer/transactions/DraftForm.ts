// The Build form: what to do (one action, or a Safe batch), who sends it (a vault account or a Safe), chain,
// nonce and fees, and the chain state the review checks against. It draws DraftFormModel's state; every choice
// goes through the model, and submitting hands the model's draft description to the page.
import type { VaultSummaryView } from '../../shared/bridge';
import type { DraftDescription } from '../../shared/drafting/input';
import type { PublicError } from '../../shared/errors';
import { el, replace, type Child } from '../app/dom';
import { errorNotice } from '../ui/ErrorNotice';
import { amountField } from './AmountField';
import { choiceGroup, field, selectInput, textInput, wordsInput } from '../ui/Field';
import {
  actionChoices,
  addAction,
  canAddAction,
  initialFormState,
  removeAction,
  SAFE_VERSIONS,
  setExecutorKind,
  templateOf,
  toDraftInput,
  FEE_UNIT,
  NATIVE_UNIT,
  useSnapshot,
  type ActionField,
  type ActionState,
  type DraftFormState,
} from './DraftFormModel';

export interface DraftForm {
  root: HTMLElement;
  /** Shows the service's refusal next to the form (null clears it). */
  showError(error: PublicError | null): void;
  setBusy(busy: boolean): void;
}

export interface DraftFormOptions {
  accounts: VaultSummaryView['accounts'];
  /** Imported, verified relay snapshots to build from, newest first: id and a line describing it. */
  snapshots?: ReadonlyArray<{ id: number; label: string }>;
  onSubmit(input: DraftDescription, snapshotId: number | null): void;
}

/** What every part of the form needs: the state it draws and writes, and a way to redraw after a choice. */
interface FormParts {
  state: DraftFormState;
  options: DraftFormOptions;
  rerender(): void;
}

export function draftForm(options: DraftFormOptions): DraftForm {
  const snapshots = options.snapshots ?? [];
  // The newest verified snapshot is the default source of chain state; typing it is the fallback.
  const state = initialFormState(options.accounts[0]?.address ?? '', snapshots[0]?.id ?? null);
  const root = el('form', { className: 'draft-form', testid: 'draft-form', attrs: { novalidate: '' } });
  const feedback = el('div', { className: 'draft-form-feedback', testid: 'draft-feedback', attrs: { 'aria-live': 'polite' } });
  const parts: FormParts = { state, options, rerender: render };
  let busy = false;

  root.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    const { input, problems } = toDraftInput(state);
    replace(feedback, problems.length > 0 ? [problemsNotice(problems)] : []);
    if (problems.length === 0) options.onSubmit(input, state.snapshotId ? Number(state.snapshotId) : null);
  });

  function render(): void {
    replace(root, [
      section('Who sends it', 'draft-executor-section', executorPart(parts)),
      section('What to do', 'draft-actions-section', actionsPart(parts)),
      section('Chain, nonce and fees', 'draft-fees-section', feesPart(parts)),
      section(state.snapshotId ? 'Known chain state — from a relay snapshot' : 'Known chain state — typed by you', 'draft-context-section', contextPart(parts)),
      section('Title', 'draft-title-section', [
        field({ label: 'Title (optional)', hint: 'Empty: derived from the actions, e.g. "Sweep ETH to 0xAbc…".', control: text('draft-title', state.title, (v) => (state.title = v)) }),
      ]),
      feedback,
      el('div', { className: 'draft-form-submit' }, [
        el('button', { className: 'button button-primary button-large', testid: 'draft-submit', attrs: { type: 'submit' } }, ['Build and review']),
        el('p', { className: 'muted' }, ['Nothing is signed here: the draft is stored and opened in Review & sign.']),
      ]),
    ]);
    setBusy(busy);
  }

  function setBusy(next: boolean): void {
    busy = next;
    const submit = root.querySelector<HTMLButtonElement>('[data-testid="draft-submit"]');
    if (submit) {
      submit.disabled = next;
      submit.textContent = next ? 'Building…' : 'Build and review';
    }
  }

  render();
  return {
    root,
    setBusy,
    showError(error) {
      replace(feedback, error ? [errorNotice(error, 'draft-error')] : []);
      if (error) feedback.scrollIntoView({ block: 'nearest' });
    },
  };
}

function problemsNotice(problems: readonly string[]): HTMLElement {
  return el('div', { className: 'notice notice-error', testid: 'draft-problems', attrs: { role: 'alert' } }, [
    el('p', { className: 'notice-message' }, ['Check these before building:']),
    el('ul', { className: 'notice-list' }, problems.map((p) => el('li', {}, [p]))),
  ]);
}

// ---------- what to do ----------

function actionsPart(parts: FormParts): Child[] {
  const { state, rerender } = parts;
  const isSafe = state.executorKind === 'safe';
  return [
    ...state.actions.map((action, index) => actionCard(parts, action, index)),
    canAddAction(state) ? button('action-add', 'Add an action (Safe batch)', () => (addAction(state), rerender())) : null,
    isSafe && state.actions.length > 1 ? el('p', { className: 'field-hint' }, ['Several actions are sent as one MultiSendCallOnly batch (a delegatecall from the Safe).']) : null,
    !isSafe ? el('p', { className: 'field-hint' }, ['An account sends one action. Choose a Safe above to change its owners or to batch several actions.']) : null,
  ];
}

function actionCard({ state, rerender }: FormParts, action: ActionState, index: number): HTMLElement {
  const choices = actionChoices(state).map((t) => [t.type, t.label] as const);
  const type = selectInput({ testid: 'action-type', value: action.type, options: choices, onChange: (v) => ((action.type = v), rerender()) });
  const many = state.actions.length > 1;
  return el('fieldset', { className: 'draft-action', testid: 'action', attrs: { 'data-index': String(index) } }, [
    el('legend', { className: 'draft-action-legend' }, [many ? `Action ${index + 1}` : 'Action']),
    field({ label: 'Template', control: type }),
    ...templateOf(action.type).fields.map((f) => actionField(action, f)),
    many ? button('action-remove', `Remove action ${index + 1}`, () => (removeAction(state, index), rerender()), 'button button-quiet button-small') : null,
  ]);
}

function actionField(action: ActionState, f: ActionField): HTMLElement {
  const value = action.values[f.key] ?? '';
  const set = (v: string) => (action.values[f.key] = v);
  const testid = `action-${f.key}`;
  const hint = f.hint ? { hint: f.hint } : {};
  if (f.kind === 'abi' || f.kind === 'args') return field({ label: f.label, control: wordsInput({ testid, value, rows: f.kind === 'abi' ? 3 : 2, onInput: set }), ...hint });
  if (f.kind === 'native' || f.kind === 'optional-native') return amountField({ testid, label: f.label, value, unit: NATIVE_UNIT, onInput: set, ...hint }).root;
  // Token amounts are raw units: their decimals are the token's, so no unit is read here.
  return field({ label: f.label, control: text(testid, value, set, f.kind === 'amount' || f.kind === 'optional-amount' ? 'numeric' : undefined), ...hint });
}

// ---------- who sends it ----------

function executorPart({ state, options, rerender }: FormParts): Child[] {
  const kind = choiceGroup({
    legend: 'Executor',
    name: 'executor-kind',
    testid: 'executor-kind',
    value: state.executorKind,
    choices: [
      { value: 'eoa', title: 'A vault account', detail: 'One of this vault\'s registered accounts sends the transaction itself.', testid: 'executor-eoa' },
      { value: 'safe', title: 'A Safe', detail: 'The vault signs as an owner; the Safe executes once enough owners signed.', testid: 'executor-safe' },
    ],
    onChange: (v) => (setExecutorKind(state, v), rerender()),
  });
  if (state.executorKind === 'safe') return [kind, ...safeFields(state)];
  const accounts = options.accounts.map((a) => [a.address, `${a.label} · ${a.address}`] as const);
  return [
    kind,
    accounts.length
      ? field({ label: 'Sending account', control: selectInput({ testid: 'executor-from', value: state.from, options: accounts, onChange: (v) => (state.from = v) }) })
      : el('p', { className: 'notice notice-warn' }, ['This vault has no registered accounts to send from.']),
  ];
}

function safeFields(state: DraftFormState): HTMLElement[] {
  return [
    field({ label: 'Safe address', control: text('safe-address', state.safe, (v) => (state.safe = v)) }),
    el('div', { className: 'draft-row' }, [
      field({ label: 'Safe version', control: selectInput({ testid: 'safe-version', value: state.version, options: SAFE_VERSIONS.map((v) => [v, v] as const), onChange: (v) => (state.version = v) }) }),
      field({ label: 'Threshold', control: text('safe-threshold', state.threshold, (v) => (state.threshold = v), 'numeric') }),
    ]),
    field({
      label: 'Owners, in order',
      hint: 'One address a line, exactly in the order the Safe\'s getOwners() returns them (removing or swapping an owner needs its predecessor).',
      control: wordsInput({ testid: 'safe-owners', value: state.owners, rows: 3, onInput: (v) => (state.owners = v) }),
    }),
    field({
      label: 'MultiSendCallOnly (optional)',
      hint: 'Empty: the canonical deployment for this Safe version.',
      control: text('safe-multisend', state.multiSendCallOnly, (v) => (state.multiSendCallOnly = v)),
    }),
  ];
}

// ---------- chain, nonce and fees ----------

function feesPart({ state, rerender }: FormParts): Child[] {
  const isEoa = state.executorKind === 'eoa';
  const row = el('div', { className: 'draft-row' }, [
    field({ label: 'Chain id', hint: '1 Ethereum, 10 Optimism, 8453 Base, 42161 Arbitrum…', control: text('draft-chain-id', state.chainId, (v) => (state.chainId = v), 'numeric') }),
    field({ label: isEoa ? 'Nonce' : 'Safe nonce', control: text('draft-nonce', state.nonce, (v) => (state.nonce = v), 'numeric') }),
    isEoa ? field({ label: 'Gas limit', hint: 'Empty: 21000 for a plain transfer.', control: text('draft-gas-limit', state.gasLimit, (v) => (state.gasLimit = v), 'numeric') }) : null,
  ]);
  if (!isEoa) return [row, el('p', { className: 'field-hint' }, ['A Safe transaction carries no fees of its own: safeTxGas, baseGas and gasPrice are 0, so no gas refund is paid.'])];
  const mode = selectInput({
    testid: 'fee-mode',
    value: state.feeMode,
    options: [
      ['eip1559', 'EIP-1559 (max fee and priority fee)'],
      ['legacy', 'Legacy (gas price)'],
    ],
    onChange: (v) => ((state.feeMode = v), rerender()),
  });
  const fees =
    state.feeMode === 'eip1559'
      ? el('div', { className: 'draft-row' }, [
          amountField({ testid: 'max-fee', label: 'Max fee per gas (gwei)', value: state.maxFeeGwei, unit: FEE_UNIT, onInput: (v) => (state.maxFeeGwei = v) }).root,
          amountField({ testid: 'priority-fee', label: 'Priority fee per gas (gwei)', value: state.priorityFeeGwei, unit: FEE_UNIT, onInput: (v) => (state.priorityFeeGwei = v) }).root,
        ])
      : amountField({ testid: 'gas-price', label: 'Gas price (gwei)', value: state.gasPriceGwei, unit: FEE_UNIT, onInput: (v) => (state.gasPriceGwei = v) }).root;
  return [row, field({ label: 'Fee type', control: mode }), fees];
}

// ---------- known chain state ----------

function contextPart(parts: FormParts): Child[] {
  const { state } = parts;
  if (state.snapshotId) {
    return [
      ...snapshotChoice(parts),
      el('p', { className: 'muted', testid: 'context-from-snapshot' }, ['Leave chain id, nonce and fees empty to take them from the snapshot; anything you type is kept and checked against it.']),
      policyRow(state),
    ];
  }
  return [
    ...snapshotChoice(parts),
    el('p', { className: 'notice notice-warn draft-context-notice', testid: 'context-notice' }, [
      'Without a snapshot, the vault knows of the chain only what you type here. Copy it from a trusted source; the review checks the draft against it ',
      '(a sweep spends the balance typed here).',
    ]),
    ...typedContext(state.context),
    policyRow(state),
  ];
}

function snapshotChoice({ state, options, rerender }: FormParts): Child[] {
  const snapshots = options.snapshots ?? [];
  if (snapshots.length === 0) return [];
  const control = selectInput<string>({
    testid: 'draft-snapshot',
    value: state.snapshotId,
    options: [...snapshots.map((s) => [String(s.id), s.label] as const), ['', 'Typed by me (no snapshot)'] as const],
    onChange: (value) => (useSnapshot(state, value), rerender()),
  });
  return [field({ label: 'Chain state from', hint: 'A verified snapshot fills chain id, nonce, fees, balances and the Safe\'s owners that you leave empty, and the review checks the draft against it.', control })];
}

function typedContext(c: DraftFormState['context']): HTMLElement[] {
  return [
    el('div', { className: 'draft-row' }, [
      field({ label: 'Chain id of this state', control: text('context-chain-id', c.chainId, (v) => (c.chainId = v), 'numeric') }),
      field({ label: 'Current nonce', control: text('context-nonce', c.nonce, (v) => (c.nonce = v), 'numeric') }),
    ]),
    amountField({ testid: 'context-balance', label: 'Native balance of the sender (ETH)', hint: 'The account\'s or the Safe\'s balance.', value: c.balance, unit: NATIVE_UNIT, onInput: (v) => (c.balance = v) }).root,
    el('div', { className: 'draft-row' }, [
      field({ label: 'Token balances', hint: '"0xToken amount" a line, in raw units.', control: wordsInput({ testid: 'context-token-balances', value: c.tokenBalances, rows: 2, onInput: (v) => (c.tokenBalances = v) }) }),
      field({ label: 'Tokens', hint: '"0xToken SYMBOL decimals" a line, e.g. 0xA0b8… USDC 6.', control: wordsInput({ testid: 'context-tokens', value: c.tokens, rows: 2, onInput: (v) => (c.tokens = v) }) }),
    ]),
  ];
}

function policyRow(state: DraftFormState): HTMLElement {
  const c = state.context;
  return el('div', { className: 'draft-row' }, [
    amountField({ testid: 'context-policy-max-fee', label: 'Policy: max fee per gas (gwei)', value: c.policyMaxFeeGwei, unit: FEE_UNIT, onInput: (v) => (c.policyMaxFeeGwei = v) }).root,
    amountField({ testid: 'context-policy-max-refund', label: 'Policy: max Safe gas refund (ETH)', value: c.policyMaxGasRefund, unit: NATIVE_UNIT, onInput: (v) => (c.policyMaxGasRefund = v) }).root,
  ]);
}

// ---------- small pieces ----------

function section(title: string, testid: string, children: readonly Child[]): HTMLElement {
  return el('section', { className: 'draft-section', testid }, [el('h2', { className: 'draft-section-title' }, [title]), ...children]);
}

function button(testid: string, label: string, onClick: () => void, className = 'button'): HTMLButtonElement {
  return el('button', { className, testid, attrs: { type: 'button' }, on: { click: onClick } }, [label]);
}

function text(testid: string, value: string, onInput: (v: string) => void, inputmode?: 'numeric' | 'decimal'): HTMLInputElement {
  return textInput({ testid, value, onInput, ...(inputmode ? { attrs: { inputmode } } : {}) });
}
