// The Build form's model: what the holder types becomes exactly the DraftInput the drafts service reads
// (fees in gwei and amounts in ETH → wei, Safe owners in order, chain state), and obvious mistakes are named before anything is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDraftInput } from '../../../../shared/drafting/draft';
import {
  actionChoices,
  addAction,
  amountReading,
  canAddAction,
  formatUnits,
  initialFormState,
  MAX_ACTIONS,
  removeAction,
  setExecutorKind,
  toDraftInput,
  useSnapshot,
  type DraftFormState,
} from '../../../../renderer/transactions/DraftFormModel';

const FROM = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
const TO = '0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0';

test('raw token amounts read back in units', () => {
  assert.equal(formatUnits('1500000000000000000', 18), '1.5');
  assert.equal(formatUnits('1234567000000', 6), '1,234,567');
  assert.equal(formatUnits('not a number', 18), '');
});

test('an EOA sweep form becomes a DraftInput the service parses, fees in wei and chain state included', () => {
  const state: DraftFormState = initialFormState(FROM);
  state.nonce = '7';
  state.maxFeeGwei = '30';
  state.priorityFeeGwei = '1500000000 wei';
  state.actions[0]!.values.to = TO;
  Object.assign(state.context, { chainId: '1', balance: '1', nonce: '7', policyMaxGasRefund: '0.01 ETH', policyMaxFeeGwei: '0.0000001 ETH', tokens: `${TO} USDC 6`, tokenBalances: `${TO} 5000000` });
  const { input, problems } = toDraftInput(state);
  assert.deepEqual(problems, []);
  assert.deepEqual(input, {
    chainId: '1',
    executor: { kind: 'eoa', from: FROM, nonce: '7', maxFeePerGas: '30000000000', maxPriorityFeePerGas: '1500000000' },
    actions: [{ type: 'native-sweep', to: TO }],
    context: {
      chainId: '1',
      balance: '1000000000000000000',
      nonce: '7',
      tokenBalances: { [TO]: '5000000' },
      tokens: { [TO]: { symbol: 'USDC', decimals: 6 } },
      policy: { maxFeePerGas: '100000000000', maxGasRefund: '10000000000000000' },
    },
  });
  assert.doesNotThrow(() => parseDraftInput(input));
});

test('a Safe batch form keeps the owners in order and every action, and the service parses it', () => {
  const state = initialFormState(FROM);
  Object.assign(state, { executorKind: 'safe', safe: TO, owners: `${FROM}\n0x1111111111111111111111111111111111111111`, threshold: '2', nonce: '3' });
  state.actions = [
    { type: 'safe-swap-owner', values: { oldOwner: '0x1111111111111111111111111111111111111111', newOwner: '0x00000000000000000000000000000000000000aa' } },
    { type: 'safe-change-threshold', values: { threshold: '1' } },
  ];
  const { input, problems } = toDraftInput(state);
  assert.deepEqual(problems, []);
  assert.deepEqual((input.executor as { owners: string[] }).owners, [FROM, '0x1111111111111111111111111111111111111111']);
  assert.equal((input.actions as unknown[]).length, 2);
  assert.doesNotThrow(() => parseDraftInput(input));
});

test('names each obvious mistake: address shape, numbers, a Safe-only action for an account, a batch from an account, bad args JSON', () => {
  const state = initialFormState('0x12');
  state.nonce = '-1';
  state.maxFeeGwei = 'fast';
  state.context.balance = '-2';
  state.actions = [
    { type: 'safe-change-threshold', values: { threshold: '0' } },
    { type: 'contract-call', values: { to: TO, abi: 'f(uint256 a)', args: '{"a":1}', value: '0.0000000000000000001 ETH' } },
  ];
  const { problems } = toDraftInput(state);
  for (const expected of [
    /The sending account is not an address/,
    /Nonce is not a whole number: "-1"/,
    /Max fee per gas is not an amount: "fast"/,
    /Known balance cannot be negative: "-2"/,
    /Action 2: Value sent is finer than 1 wei/,
    /Priority fee per gas is missing/,
    /exactly one action/,
    /Action 1: Safe: change the threshold needs a Safe/,
    /Action 1: New threshold is not a number from 1: "0"/,
    /Action 2: Arguments: write a JSON array/,
  ]) {
    assert.ok(problems.some((p) => expected.test(p)), `${expected} in ${JSON.stringify(problems)}`);
  }
});

test('with a snapshot the typed defaults step aside so the snapshot fills them, and come back without one', () => {
  const state = initialFormState(FROM, 3);
  assert.deepEqual([state.snapshotId, state.chainId, state.nonce], ['3', '', '']);
  state.actions[0]!.values.to = TO;
  const { input, problems } = toDraftInput(state);
  assert.deepEqual(problems, []);
  assert.deepEqual(input, { executor: { kind: 'eoa', from: FROM }, actions: [{ type: 'native-sweep', to: TO }] }, 'the vault takes chain id, nonce and fees from the snapshot');
  useSnapshot(state, '');
  assert.deepEqual([state.snapshotId, state.chainId, state.nonce], ['', '1', '0']);
  state.nonce = '9';
  useSnapshot(state, '4');
  assert.equal(state.nonce, '9', 'a nonce the holder typed is kept and checked against the snapshot');
});

test('an account sends one action it can send: switching from a Safe keeps the first such action', () => {
  const state = initialFormState(FROM);
  setExecutorKind(state, 'safe');
  assert.ok(actionChoices(state).some((t) => t.safeOnly));
  state.actions = [
    { type: 'safe-change-threshold', values: { threshold: '2' } },
    { type: 'pause', values: { target: TO } },
    { type: 'native-sweep', values: { to: TO } },
  ];
  setExecutorKind(state, 'eoa');
  assert.deepEqual(state.actions, [{ type: 'pause', values: { target: TO } }]);
  assert.ok(actionChoices(state).every((t) => !t.safeOnly));
  assert.equal(canAddAction(state), false);
  addAction(state);
  removeAction(state, 0);
  assert.equal(state.actions.length, 1, 'an account can neither batch nor be left with no action');
});

test('a Safe batch grows one action at a time up to the limit', () => {
  const state = initialFormState(FROM);
  setExecutorKind(state, 'safe');
  while (canAddAction(state)) addAction(state);
  assert.equal(state.actions.length, MAX_ACTIONS);
  assert.equal(state.actions.at(-1)!.type, 'safe-change-threshold');
  removeAction(state, 0);
  assert.equal(state.actions.length, MAX_ACTIONS - 1);
});

test('an amount box reads its conversion live, or the refusal\'s sentence, or nothing while empty', () => {
  assert.deepEqual(amountReading('30', 'gwei'), { text: '= 30,000,000,000 wei', error: false });
  assert.deepEqual(amountReading('0.5 ETH', 'eth'), { text: '= 500,000,000,000,000,000 wei', error: false });
  assert.deepEqual(amountReading('1 gwei', 'eth', 'Amount'), { text: '= 0.000000001 ETH = 1,000,000,000 wei', error: false });
  assert.deepEqual(amountReading('1.5 wei', 'eth', 'Amount'), { text: 'Amount is finer than 1 wei: wei has no decimals ("1.5 wei").', error: true });
  assert.deepEqual(amountReading('  ', 'gwei'), { text: '', error: false });
});
