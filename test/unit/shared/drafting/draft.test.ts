// Draft builders: every action's calldata cross-checked with ethers (an independent ABI encoder), sweep
// arithmetic, Safe batches through MultiSendCallOnly, and bad descriptions refused with the field named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Interface, Transaction as EthersTransaction, ZeroHash, concat, id, solidityPacked } from 'ethers';
import { AirlockError } from '../../../../shared/errors';
import { buildDraft, parseDraftInput, type BuiltDraft } from '../../../../shared/drafting/draft';
import { SENTINEL_OWNERS, ZERO_ADDRESS } from '../../../../shared/evm/safe';
import { signingHash } from '../../../../shared/evm/tx';
import { assertOnlyAirlockErrors } from '../../../helpers/only-airlock-errors';
import { ALICE, BOB, CAROL, FROM, SAFE, STRANGER as DAVE, TARGET, TOKEN } from '../../../helpers/draft-addresses';

const hex = (b: Uint8Array) => `0x${bytesToHex(b)}`;
const GWEI = 1_000_000_000n;
const ETHER = 10n ** 18n;
const MAX_UINT = (1n << 256n) - 1n;

const abi = new Interface([
  'function transfer(address to, uint256 amount)',
  'function approve(address spender, uint256 amount)',
  'function addOwnerWithThreshold(address owner, uint256 _threshold)',
  'function removeOwner(address prevOwner, address owner, uint256 _threshold)',
  'function swapOwner(address prevOwner, address oldOwner, address newOwner)',
  'function changeThreshold(uint256 _threshold)',
  'function pause()',
  'function unpause()',
  'function cancel(bytes32 id)',
  'function revokeRole(bytes32 role, address account)',
  'function renounceRole(bytes32 role, address account)',
  'function multiSend(bytes transactions)',
  'function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)',
  'function setRoutes(address[] targets, (uint256 fee, bool on)[2] config, bytes32 salt, bytes blob, int8 delta, string note)',
]);
const encode = (name: string, args: unknown[]) => abi.encodeFunctionData(name, args);

const eoa = (fields: Record<string, unknown> = {}) => ({ kind: 'eoa', from: FROM.toLowerCase(), nonce: '7', maxFeePerGas: (30n * GWEI).toString(), maxPriorityFeePerGas: GWEI.toString(), ...fields });
const safeExecutor = (fields: Record<string, unknown> = {}) => ({ kind: 'safe', safe: SAFE, version: '1.4.1', owners: [ALICE, BOB, CAROL], threshold: 2, nonce: '4', ...fields });
const build = (json: unknown): BuiltDraft => buildDraft(parseDraftInput(json));
const eoaDraft = (action: Record<string, unknown>, executor: Record<string, unknown> = {}, context: Record<string, unknown> = {}) =>
  build({ chainId: '1', executor: eoa(executor), actions: [action], context: { balance: ETHER.toString(), ...context } });
const safeDraft = (actions: Record<string, unknown>[], executor: Record<string, unknown> = {}, context: Record<string, unknown> = {}) =>
  build({ chainId: '1', executor: safeExecutor(executor), actions, context });

function eoaTx(built: BuiltDraft) {
  assert.equal(built.kind, 'eoa');
  return built.transaction;
}
function safeTx(built: BuiltDraft) {
  assert.equal(built.kind, 'safe');
  return built.request.tx;
}
const refused = (field: RegExp, code = 'draft-invalid') => (e: unknown) => e instanceof AirlockError && e.code === code && field.test(e.message);

test('an EIP-1559 native sweep sends the balance minus gasLimit × maxFeePerGas, and its signing hash is the one ethers computes', () => {
  const built = eoaDraft({ type: 'native-sweep', to: ALICE });
  const tx = eoaTx(built);
  assert.equal(tx.type, 'eip1559');
  assert.equal(tx.gasLimit, 21_000n, 'a plain transfer defaults to 21000 gas');
  assert.equal(tx.value, ETHER - 21_000n * 30n * GWEI);
  assert.equal(built.kind === 'eoa' && built.from, FROM, 'the executor address is EIP-55');
  assert.match(built.title, /^Sweep 0\.99937 ETH to 0x6813Eb9362372EEF6200f3b1dbC3f819671cBA69/);
  const reference = EthersTransaction.from({ type: 2, chainId: 1n, nonce: 7, maxFeePerGas: 30n * GWEI, maxPriorityFeePerGas: GWEI, gasLimit: 21_000n, to: ALICE, value: tx.value, data: '0x' });
  assert.equal(hex(signingHash(tx)), reference.unsignedHash);
});

test('a legacy EIP-155 native sweep subtracts gasLimit × gasPrice, and ethers agrees on its signing hash', () => {
  const built = eoaDraft({ type: 'native-sweep', to: ALICE }, { maxFeePerGas: undefined, maxPriorityFeePerGas: undefined, gasPrice: (20n * GWEI).toString(), gasLimit: '30000' });
  const tx = eoaTx(built);
  assert.equal(tx.type, 'legacy');
  assert.equal(tx.value, ETHER - 30_000n * 20n * GWEI);
  const reference = EthersTransaction.from({ type: 0, chainId: 1n, nonce: 7, gasPrice: 20n * GWEI, gasLimit: 30_000n, to: ALICE, value: tx.value, data: '0x' });
  assert.equal(hex(signingHash(tx)), reference.unsignedHash);
});

test('a native sweep is refused when the balance cannot pay the fee, or is not given', () => {
  const fee = 21_000n * 30n * GWEI;
  assert.throws(() => eoaDraft({ type: 'native-sweep', to: ALICE }, {}, { balance: fee.toString() }), refused(/actions\[0\] cannot sweep: the balance of 630000000000000 wei does not cover/));
  assert.equal(eoaTx(eoaDraft({ type: 'native-sweep', to: ALICE }, {}, { balance: (fee + 1n).toString() })).value, 1n);
  assert.throws(() => build({ chainId: '1', executor: eoa(), actions: [{ type: 'native-sweep', to: ALICE }] }), refused(/actions\[0\].*context\.balance/));
});

test('a Safe native sweep sends the whole balance as a call from the Safe, with zero refund fields', () => {
  const tx = safeTx(safeDraft([{ type: 'native-sweep', to: ALICE }], {}, { balance: '12345' }));
  assert.deepEqual({ ...tx, data: hex(tx.data) }, { to: ALICE, value: 12345n, data: '0x', operation: 0, safeTxGas: 0n, baseGas: 0n, gasPrice: 0n, gasToken: ZERO_ADDRESS, refundReceiver: ZERO_ADDRESS, nonce: 4n });
});

test('native transfer, ERC-20 sweep (amount from the snapshot, any-case key) and approval revoke encode as ethers does', () => {
  const transfer = eoaTx(eoaDraft({ type: 'native-transfer', to: BOB, value: '0x10' }));
  assert.equal(transfer.value, 16n);
  const sweep = eoaDraft({ type: 'erc20-sweep', token: TOKEN, to: ALICE }, { gasLimit: '65000' }, { tokenBalances: { [TOKEN.toLowerCase()]: '2500000' }, tokens: { [TOKEN]: { symbol: 'USDC', decimals: 6 } } });
  assert.equal(eoaTx(sweep).to, TOKEN);
  assert.equal(eoaTx(sweep).value, 0n);
  assert.equal(hex(eoaTx(sweep).data), encode('transfer', [ALICE, 2_500_000n]));
  assert.match(sweep.actions[0]!.description, /^Sweep 2\.5 USDC \(0xA0b8/);
  const explicit = eoaTx(eoaDraft({ type: 'erc20-sweep', token: TOKEN, to: ALICE, amount: '7' }, { gasLimit: '65000' }));
  assert.equal(hex(explicit.data), encode('transfer', [ALICE, 7n]));
  assert.throws(() => eoaDraft({ type: 'erc20-sweep', token: TOKEN, to: ALICE }, { gasLimit: '65000' }), refused(/actions\[0\]\.amount is missing and context\.tokenBalances/));
  const revoke = eoaTx(eoaDraft({ type: 'revoke-approval', token: TOKEN, spender: BOB }, { gasLimit: '50000' }));
  assert.equal(hex(revoke.data), encode('approve', [BOB, 0n]));
});

test('a contract call from a signature or from ABI JSON encodes arrays, tuples, bytes, negative ints and text as ethers does', () => {
  const args = [[ALICE, BOB.toLowerCase()], [['5', true], ['0x0a', 'false']], '0x' + 'ab'.repeat(32), '0xdeadbeef', '-3', 'hello'];
  const expected = encode('setRoutes', [[ALICE, BOB], [[5n, true], [10n, false]], '0x' + 'ab'.repeat(32), '0xdeadbeef', -3n, 'hello']);
  const signature = 'setRoutes(address[] targets, (uint256 fee, bool on)[2] config, bytes32 salt, bytes blob, int8 delta, string note)';
  const fromSignature = eoaTx(eoaDraft({ type: 'contract-call', to: TARGET, signature, args }, { gasLimit: '200000' }));
  assert.equal(hex(fromSignature.data), expected);
  const abiJson = JSON.parse(abi.getFunction('setRoutes')!.format('json'));
  const fromAbi = eoaTx(eoaDraft({ type: 'contract-call', to: TARGET, abi: [{ type: 'event', name: 'X', inputs: [] }, abiJson], function: 'setRoutes', args, value: '5' }, { gasLimit: '200000' }));
  assert.equal(hex(fromAbi.data), expected);
  assert.equal(fromAbi.value, 5n);
});

test('Safe owner management reads prevOwner from the owners order (SENTINEL for the first) and encodes as ethers does', () => {
  const one = (action: Record<string, unknown>) => hex(safeTx(safeDraft([action])).data);
  assert.equal(one({ type: 'safe-swap-owner', oldOwner: ALICE, newOwner: DAVE }), encode('swapOwner', [SENTINEL_OWNERS, ALICE, DAVE]));
  assert.equal(one({ type: 'safe-swap-owner', oldOwner: CAROL.toLowerCase(), newOwner: DAVE }), encode('swapOwner', [BOB, CAROL, DAVE]));
  assert.equal(one({ type: 'safe-remove-owner', owner: BOB, threshold: 2 }), encode('removeOwner', [ALICE, BOB, 2n]));
  assert.equal(one({ type: 'safe-add-owner', owner: DAVE, threshold: '3' }), encode('addOwnerWithThreshold', [DAVE, 3n]));
  assert.equal(one({ type: 'safe-change-threshold', threshold: 3 }), encode('changeThreshold', [3n]));
  const tx = safeTx(safeDraft([{ type: 'safe-swap-owner', oldOwner: BOB, newOwner: DAVE }]));
  assert.equal(tx.to, SAFE, 'owner management is a call to the Safe itself');
  assert.equal(tx.operation, 0);
  assert.throws(() => safeDraft([{ type: 'safe-swap-owner', oldOwner: DAVE, newOwner: BOB }]), refused(/actions\[0\] \(safe-swap-owner\).*not an owner/, 'safe-owner-not-found'));
  assert.throws(() => safeDraft([{ type: 'safe-remove-owner', owner: BOB, threshold: 3 }]), refused(/actions\[0\].*threshold of 3 is not possible with 2 owners/, 'safe-threshold-invalid'));
});

test('owner changes in one batch each see the owner list the previous ones left', () => {
  const built = safeDraft([
    { type: 'safe-remove-owner', owner: ALICE, threshold: 1 },
    { type: 'safe-add-owner', owner: DAVE, threshold: 2 },
    { type: 'safe-swap-owner', oldOwner: BOB, newOwner: ALICE },
  ]);
  // After removing Alice: [Bob, Carol]; adding Dave puts him first: [Dave, Bob, Carol]; so Bob's prevOwner is Dave.
  assert.deepEqual(built.actions.map((a) => hex(a.data)), [
    encode('removeOwner', [SENTINEL_OWNERS, ALICE, 1n]),
    encode('addOwnerWithThreshold', [DAVE, 2n]),
    encode('swapOwner', [DAVE, BOB, ALICE]),
  ]);
  assert.equal(built.kind === 'safe' && built.owners.length, 3, 'the draft keeps the owners as given');
});

test('DAO templates: pause, unpause, timelock cancel, and roles by name (keccak256), DEFAULT_ADMIN_ROLE (zero) or raw id', () => {
  const data = (action: Record<string, unknown>) => hex(safeTx(safeDraft([action])).data);
  assert.equal(data({ type: 'pause', target: TARGET }), encode('pause', []));
  assert.equal(data({ type: 'unpause', target: TARGET }), encode('unpause', []));
  const op = '0x' + '5a'.repeat(32);
  assert.equal(data({ type: 'timelock-cancel', timelock: TARGET, operationId: op }), encode('cancel', [op]));
  assert.equal(data({ type: 'revoke-role', target: TARGET, role: 'PAUSER_ROLE', account: BOB }), encode('revokeRole', [id('PAUSER_ROLE'), BOB]));
  assert.equal(data({ type: 'renounce-role', target: TARGET, role: 'DEFAULT_ADMIN_ROLE', account: SAFE }), encode('renounceRole', [ZeroHash, SAFE]));
  assert.equal(data({ type: 'revoke-role', target: TARGET, role: op.toUpperCase().replace('0X', '0x'), account: BOB }), encode('revokeRole', [op, BOB]));
  assert.equal(safeTx(safeDraft([{ type: 'pause', target: TARGET }])).to, TARGET);
  assert.throws(() => safeDraft([{ type: 'revoke-role', target: TARGET, role: 'PAUSER ROLE!', account: BOB }]), refused(/actions\[0\]\.role must be a role name/));
});

test('safe-exec: the executor EOA calls execTransaction on the Safe with the given signatures', () => {
  const safeTxJson = { to: TARGET, value: '0', data: encode('pause', []), operation: 0, safeTxGas: '0', baseGas: '0', gasPrice: '0', gasToken: ZERO_ADDRESS, refundReceiver: ZERO_ADDRESS, nonce: '9' };
  const signatures = '0x' + '11'.repeat(65) + '22'.repeat(65);
  const tx = eoaTx(eoaDraft({ type: 'safe-exec', safe: SAFE, safeTx: safeTxJson, signatures }, { gasLimit: '300000' }));
  assert.equal(tx.to, SAFE);
  assert.equal(hex(tx.data), encode('execTransaction', [TARGET, 0n, encode('pause', []), 0, 0n, 0n, 0n, ZERO_ADDRESS, ZERO_ADDRESS, signatures]));
  assert.throws(() => eoaDraft({ type: 'safe-exec', safe: SAFE, safeTx: safeTxJson, signatures: '0x1234' }, { gasLimit: '300000' }), refused(/actions\[0\]\.signatures must be the owners' 65-byte/));
});

test('several Safe actions become one delegatecall to the canonical MultiSendCallOnly of the Safe version', () => {
  const actions = [
    { type: 'erc20-sweep', token: TOKEN, to: ALICE, amount: '100' },
    { type: 'native-transfer', to: BOB, value: '3' },
  ];
  const canonical: Record<string, string> = {
    '1.3.0': '0x40A2aCCbd92BCA938b02010E17A5b8929b49130D',
    '1.4.1': '0x9641d764fc13c8B624c04430C7356C1C7C8102e2',
    '1.5.0': '0xA83c336B20401Af773B6219BA5027174338D1836',
  };
  const packed = concat([
    solidityPacked(['uint8', 'address', 'uint256', 'uint256', 'bytes'], [0, TOKEN, 0n, 68n, encode('transfer', [ALICE, 100n])]),
    solidityPacked(['uint8', 'address', 'uint256', 'uint256', 'bytes'], [0, BOB, 3n, 0n, '0x']),
  ]);
  for (const [version, address] of Object.entries(canonical)) {
    const tx = safeTx(safeDraft(actions, { version }));
    assert.equal(tx.to, address, version);
    assert.equal(tx.operation, 1);
    assert.equal(tx.value, 0n);
    assert.equal(hex(tx.data), encode('multiSend', [packed]));
  }
  const custom = safeTx(safeDraft(actions, { version: '1.2.0', multiSendCallOnly: TARGET.toLowerCase() }));
  assert.equal(custom.to, TARGET);
  assert.throws(() => safeDraft(actions, { version: '1.2.0' }), refused(/executor\.multiSendCallOnly is needed/));
  assert.match(safeDraft(actions).title, /^2 actions: Send 100 raw units of token/);
  assert.equal(safeDraft(actions, {}, {}).title.length <= 120, true);
  assert.equal(build({ title: '  Move the treasury ', chainId: '1', executor: safeExecutor(), actions }).title, 'Move the treasury');
});

const BAD: Array<[string, unknown, RegExp, string?]> = [
  ['malformed ABI JSON', { type: 'contract-call', to: TARGET, abi: [{ type: 'function', name: 'x', inputs: [{ type: 'uint7' }] }], function: 'x', args: ['1'] }, /actions\[0\]\.abi is not ABI JSON/],
  ['a function the ABI lacks', { type: 'contract-call', to: TARGET, abi: [{ type: 'function', name: 'x', inputs: [] }], function: 'y', args: [] }, /actions\[0\]\.function "y" is not a function/],
  ['an unreadable signature', { type: 'contract-call', to: TARGET, signature: 'set Fee(uint256', args: ['1'] }, /actions\[0\]\.signature is not a function signature/],
  ['both signature and abi', { type: 'contract-call', to: TARGET, signature: 'f()', abi: [], function: 'f', args: [] }, /actions\[0\]\.signature and "abi" cannot both be given/],
  ['a wrong number of args', { type: 'contract-call', to: TARGET, signature: 'f(uint256)', args: [] }, /actions\[0\]\.args has 0 values, but f\(uint256\) takes 1/],
  ['a number that is not a number', { type: 'contract-call', to: TARGET, signature: 'f(uint256 fee)', args: ['ten'] }, /actions\[0\]\.args\[0\] \(fee\) must be a whole number/],
  ['an arg above uint8', { type: 'contract-call', to: TARGET, signature: 'f(uint8 level)', args: ['256'] }, /actions\[0\]\.args do not fit f\(uint8\).*uint8/],
  ['a bad address arg', { type: 'contract-call', to: TARGET, signature: 'f(address who)', args: ['0x1234'] }, /actions\[0\]\.args do not fit f\(address\).*40 characters/],
  ['bytes32 of the wrong size', { type: 'contract-call', to: TARGET, signature: 'f(bytes32)', args: ['0x12'] }, /actions\[0\]\.args do not fit f\(bytes32\).*32 bytes/],
  ['a JSON number as arg', { type: 'contract-call', to: TARGET, signature: 'f(uint256)', args: [5] }, /actions\[0\]\.args\[0\] must be a string/],
  ['an unknown action type', { type: 'self-destruct', to: TARGET }, /actions\[0\]\.type is missing or not one Airlock knows; it must be one of: native-sweep/],
  ['an unknown field', { type: 'pause', target: TARGET, urgent: true }, /actions\[0\] has a field Airlock does not know \("urgent"\)/],
  ['an amount above uint256', { type: 'native-transfer', to: BOB, value: (MAX_UINT + 1n).toString() }, /actions\[0\]\.value must be an amount/],
  ['a negative amount', { type: 'native-transfer', to: BOB, value: '-1' }, /actions\[0\]\.value must be an amount/],
  ['a bad address', { type: 'native-transfer', to: '0xO000000000000000000000000000000000000000', value: '1' }, /actions\[0\]\.to is not a valid address: Character 3/],
  ['a wrong checksum', { type: 'native-transfer', to: ALICE.replace('E', 'e'), value: '1' }, /actions\[0\]\.to is not a valid address: .*EIP-55/],
  ['a Safe-only action on an EOA', { type: 'safe-change-threshold', threshold: 1 }, /actions\[0\] is a safe-change-threshold, which only a Safe executor can do/],
  ['a contract call with no gas limit', { type: 'pause', target: TARGET }, /executor\.gasLimit is missing/],
];

for (const [what, action, message] of BAD) {
  test(`refuses ${what}, naming the field`, () => {
    assert.throws(() => build({ chainId: '1', executor: eoa(), actions: [action], context: { balance: '1' } }), refused(message));
  });
}

test('refuses an EOA with two actions, safe-exec on a Safe, a missing fee, duplicate owners and chain id 0', () => {
  const pause = { type: 'pause', target: TARGET };
  assert.throws(() => build({ chainId: '1', executor: eoa({ gasLimit: '50000' }), actions: [pause, pause] }), refused(/actions has 2 entries, but an EOA executor sends exactly one/));
  const exec = { type: 'safe-exec', safe: SAFE, safeTx: {}, signatures: '0x' };
  assert.throws(() => build({ chainId: '1', executor: safeExecutor(), actions: [exec] }), refused(/actions\[0\]\.safeTx\.to is missing/));
  const execOk = { type: 'safe-exec', safe: SAFE, safeTx: { to: TARGET, value: '0', data: '0x', operation: 0, safeTxGas: '0', baseGas: '0', gasPrice: '0', gasToken: ZERO_ADDRESS, refundReceiver: ZERO_ADDRESS, nonce: '0' }, signatures: '0x' + '11'.repeat(65) };
  assert.throws(() => build({ chainId: '1', executor: safeExecutor(), actions: [execOk] }), refused(/actions\[0\] is a safe-exec, which an EOA executor sends/));
  assert.throws(() => build({ chainId: '1', executor: eoa({ maxFeePerGas: undefined, maxPriorityFeePerGas: undefined }), actions: [pause] }), refused(/executor\.maxFeePerGas is missing/));
  assert.throws(() => build({ chainId: '1', executor: eoa({ gasPrice: '1' }), actions: [pause] }), refused(/executor\.gasPrice cannot be given with maxFeePerGas/));
  assert.throws(() => build({ chainId: '1', executor: safeExecutor({ owners: [ALICE, ALICE.toLowerCase()] }), actions: [pause] }), refused(/executor\.owners lists 0x6813.* twice/));
  assert.throws(() => build({ chainId: '1', executor: safeExecutor({ threshold: 4 }), actions: [pause] }), refused(/executor\.threshold is 4, more than the 3 owners/));
  assert.throws(() => build({ chainId: '1', executor: safeExecutor({ version: '1.9.9' }), actions: [pause] }), refused(/executor\.version: "1\.9\.9" is not a Safe version/));
  assert.throws(() => build({ chainId: '0', executor: eoa(), actions: [{ type: 'native-sweep', to: ALICE }], context: { balance: '1' } }), refused(/chainId must not be 0/));
  assert.throws(() => build({ chainId: '1', executor: eoa({ maxPriorityFeePerGas: (31n * GWEI).toString() }), actions: [{ type: 'native-transfer', to: ALICE, value: '1' }] }), refused(/executor's transaction is not valid: The max priority fee/, 'tx-invalid'));
  assert.throws(() => parseDraftInput({ chainId: '1', executor: eoa(), actions: [] }), refused(/actions must list at least one action/));
  assert.throws(() => parseDraftInput([]), refused(/the description must be an object/));
  assert.throws(() => parseDraftInput({ executor: eoa(), actions: [pause] }), refused(/chainId is missing/));
  assert.throws(() => parseDraftInput({ chainId: '1', executor: { kind: 'multisig' }, actions: [pause] }), refused(/executor\.kind is missing or not one Airlock knows; it must be one of: eoa, safe/));
});

test('a parsed description is plain JSON (numbers as decimal strings, addresses EIP-55) and rebuilds to the same transaction', () => {
  const input = parseDraftInput({ chainId: '0x1', executor: eoa({ nonce: '0x07' }), actions: [{ type: 'native-sweep', to: ALICE.toLowerCase() }], context: { balance: ETHER.toString() } });
  assert.equal(input.chainId, '1');
  assert.equal(input.executor.kind === 'eoa' && input.executor.nonce, '7');
  const again = parseDraftInput(JSON.parse(JSON.stringify(input)));
  assert.deepEqual(again, input);
  assert.deepEqual(signingHash(eoaTx(buildDraft(again))), signingHash(eoaTx(buildDraft(input))));
});

test('parseDraftInput on arbitrary JSON throws nothing but draft-invalid', () => {
  assertOnlyAirlockErrors(fc.jsonValue({ maxDepth: 6 }), parseDraftInput, { code: 'draft-invalid', numRuns: 500 });
});

test('building arbitrary well-typed descriptions throws nothing but AirlockError', () => {
  const address = fc.constantFrom(ALICE, BOB, CAROL, DAVE, TOKEN, SAFE);
  const amount = fc.oneof(fc.constantFrom('0', '1', MAX_UINT.toString()), fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String));
  const action = fc.oneof(
    fc.record({ type: fc.constant('native-sweep'), to: address }),
    fc.record({ type: fc.constant('native-transfer'), to: address, value: amount }),
    fc.record({ type: fc.constant('erc20-sweep'), token: address, to: address }),
    fc.record({ type: fc.constant('safe-swap-owner'), oldOwner: address, newOwner: address }),
    fc.record({ type: fc.constant('safe-remove-owner'), owner: address, threshold: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ type: fc.constant('contract-call'), to: address, signature: fc.constantFrom('f(uint8)', 'g(address,bytes)', 'h(bool[2])'), args: fc.array(fc.oneof(fc.string(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 })), { maxLength: 2 }) }),
    fc.record({ type: fc.constant('revoke-role'), target: address, role: fc.string({ maxLength: 12 }), account: address }),
  );
  const executor = fc.oneof(fc.constant(eoa()), fc.constant(eoa({ gasLimit: '100000' })), fc.constant(safeExecutor()), fc.constant(safeExecutor({ version: '1.1.1' })));
  fc.assert(
    fc.property(executor, fc.array(action, { minLength: 1, maxLength: 3 }), fc.option(amount, { nil: undefined }), (exec, actions, balance) => {
      try {
        build({ chainId: '1', executor: exec, actions, context: balance === undefined ? {} : { balance, tokenBalances: { [TOKEN]: balance } } });
      } catch (error) {
        assert.ok(error instanceof AirlockError, String(error));
      }
    }),
    { numRuns: 400 },
  );
});
