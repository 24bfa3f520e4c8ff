import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hexToBytes } from '@noble/hashes/utils.js';
import { Interface } from 'ethers';
import { parseAddress, toChecksumAddress, type Address } from '../../../../shared/evm/address';
import { encodeMultiSend, type MultiSendCall } from '../../../../shared/evm/multisend';
import { analyzeSafeTx, describeCall, MAX_BATCH_DEPTH, type RiskContext, type Warning } from '../../../../shared/drafting/risk';
import { ZERO_ADDRESS, type SafeTx, type SafeTxRequest } from '../../../../shared/evm/safe';

const a = parseAddress;
const addr = (n: number) => toChecksumAddress(Uint8Array.from({ length: 20 }, (_, i) => (i === 19 ? n : 0x40 + n)));
const SAFE = a('0x1Db92e2EeBC8E0c075a02BeA49a2935BcD2dFCF4');
const MULTI_SEND_CALL_ONLY_141 = a('0x9641d764fc13c8B624c04430C7356C1C7C8102e2');
const MULTI_SEND_130 = a('0xA238CBeb142c10Ef7Ad8442C6D1f9E89e07e7761');
const TOKEN = a('0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48');
const ALICE = addr(1);
const BOB = addr(2);
const MAX = (1n << 256n) - 1n;

const abi = new Interface([
  'function transfer(address to, uint256 amount)',
  'function approve(address spender, uint256 amount)',
  'function setApprovalForAll(address operator, bool approved)',
  'function swapOwner(address prevOwner, address oldOwner, address newOwner)',
  'function changeThreshold(uint256 _threshold)',
  'function enableModule(address module)',
  'function changeMasterCopy(address _masterCopy)',
]);
const call = (name: string, args: unknown[]) => hexToBytes(abi.encodeFunctionData(name, args).slice(2));

function request(tx: Partial<SafeTx>, extra: Partial<SafeTxRequest> = {}): SafeTxRequest {
  return {
    chainId: 1n,
    safe: SAFE,
    version: '1.4.1',
    tx: { to: ALICE, value: 0n, data: new Uint8Array(), operation: 0, safeTxGas: 0n, baseGas: 0n, gasPrice: 0n, gasToken: ZERO_ADDRESS, refundReceiver: ZERO_ADDRESS, nonce: 5n, ...tx },
    ...extra,
  };
}
const codes = (ws: Warning[]) => ws.map((w) => w.code);
const find = (ws: Warning[], code: string) => ws.filter((w) => w.code === code);

test('the Bybit vector: a delegatecall to a contract outside the allowlist is a critical untrusted-delegatecall, listed first', () => {
  // The shape of the transaction the Bybit signers approved: operation 1, a transfer(...)-looking call to an unknown contract.
  const tx = { to: a('0x96221423681A6d52E184D440a8eFCEbB105C7242'), operation: 1 as const, data: call('transfer', [a('0xbDd077f651EBe7f7b3cE16fe5F2b025BE2969516'), 0n]) };
  const warnings = analyzeSafeTx({}, request(tx));
  assert.equal(warnings[0]!.code, 'untrusted-delegatecall');
  assert.equal(warnings[0]!.severity, 'critical');
  assert.match(warnings[0]!.message, /delegatecall to 0x96221423681A6d52E184D440a8eFCEbB105C7242, which is not a Safe library/);
  assert.match(warnings[0]!.message, /Do not sign/);
});

test('a delegatecall to MultiSendCallOnly with plain token transfers raises no delegatecall warning', () => {
  const batch: MultiSendCall[] = [
    { operation: 0, to: TOKEN, value: 0n, data: call('transfer', [ALICE, 10n]) },
    { operation: 0, to: BOB, value: 1n, data: new Uint8Array() },
  ];
  const warnings = analyzeSafeTx({}, request({ to: MULTI_SEND_CALL_ONLY_141, operation: 1, data: encodeMultiSend(batch) }));
  assert.deepEqual(codes(warnings), []);
});

test('an owner swap inside a MultiSend batch is flagged owner-or-threshold-change, naming the call in the batch', () => {
  const batch: MultiSendCall[] = [
    { operation: 0, to: TOKEN, value: 0n, data: call('transfer', [ALICE, 10n]) },
    { operation: 0, to: SAFE, value: 0n, data: call('swapOwner', ['0x0000000000000000000000000000000000000001', ALICE, BOB]) },
  ];
  const warnings = analyzeSafeTx({}, request({ to: MULTI_SEND_CALL_ONLY_141, operation: 1, data: encodeMultiSend(batch) }));
  const [w] = find(warnings, 'owner-or-threshold-change');
  assert.ok(w, JSON.stringify(warnings));
  assert.equal(w.severity, 'high');
  assert.match(w.message, /^Call 2 of the batch calls swapOwner on this Safe/);
});

test('a threshold change two batches deep and a nested untrusted delegatecall are both found', () => {
  const inner: MultiSendCall[] = [
    { operation: 0, to: SAFE, value: 0n, data: call('changeThreshold', [1n]) },
    { operation: 1, to: BOB, value: 0n, data: call('transfer', [ALICE, 1n]) },
  ];
  const outer: MultiSendCall[] = [
    { operation: 0, to: TOKEN, value: 0n, data: call('transfer', [ALICE, 10n]) },
    { operation: 1, to: MULTI_SEND_130, value: 0n, data: encodeMultiSend(inner) },
  ];
  const warnings = analyzeSafeTx({}, request({ to: MULTI_SEND_130, operation: 1, data: encodeMultiSend(outer) }));
  assert.match(find(warnings, 'owner-or-threshold-change')[0]!.message, /^Call 1 of the batch inside call 2 calls changeThreshold/);
  const delegate = find(warnings, 'untrusted-delegatecall');
  assert.equal(delegate.length, 1);
  assert.match(delegate[0]!.message, /^Call 2 of the batch inside call 2 is a delegatecall to/);
  assert.equal(warnings[0]!.severity, 'critical');
});

test('describeCall builds the call tree with decoded methods and the Safe library each batch targets', () => {
  const inner: MultiSendCall[] = [{ operation: 0, to: TOKEN, value: 0n, data: call('approve', [BOB, 5n]) }];
  const outer: MultiSendCall[] = [
    { operation: 0, to: TOKEN, value: 0n, data: call('transfer', [ALICE, 10n]) },
    { operation: 1, to: MULTI_SEND_CALL_ONLY_141, value: 0n, data: encodeMultiSend(inner) },
  ];
  const root = describeCall({ operation: 1, to: MULTI_SEND_CALL_ONLY_141, value: 0n, data: encodeMultiSend(outer) });
  assert.equal(root.library?.contract, 'MultiSendCallOnly');
  assert.equal(root.method?.name, 'multiSend');
  assert.equal(root.calls?.length, 2);
  assert.equal(root.calls![0]!.path, '1');
  assert.equal(root.calls![0]!.method?.name, 'transfer');
  assert.deepEqual(root.calls![0]!.method?.params.map((p) => p.value), [ALICE, 10n]);
  assert.equal(root.calls![1]!.calls![0]!.path, '2.1');
  assert.equal(root.calls![1]!.calls![0]!.method?.name, 'approve');
});

test('gas-refund-rerouting fires for a gas price, a gas token or a refund receiver, each named', () => {
  for (const [tx, pattern] of [
    [{ gasPrice: 1n }, /a gas price of 1/],
    [{ gasToken: TOKEN }, /the gas token 0xA0b8/],
    [{ refundReceiver: BOB }, new RegExp(`refund receiver ${BOB}`)],
  ] as const) {
    const [w] = find(analyzeSafeTx({}, request(tx)), 'gas-refund-rerouting');
    assert.ok(w);
    assert.equal(w.severity, 'high');
    assert.match(w.message, pattern);
  }
  assert.deepEqual(find(analyzeSafeTx({}, request({})), 'gas-refund-rerouting'), []);
});

test('fee-above-policy: an unbounded refund (safeTxGas 0) or a bound above the policy; within policy is fine', () => {
  const ctx: RiskContext = { policy: { maxGasRefund: 1_000_000n } };
  assert.match(find(analyzeSafeTx(ctx, request({ gasPrice: 10n })), 'fee-above-policy')[0]!.message, /no upper bound/);
  assert.match(find(analyzeSafeTx(ctx, request({ gasPrice: 10n, safeTxGas: 100_000n, baseGas: 1n })), 'fee-above-policy')[0]!.message, /up to 1000010/);
  assert.deepEqual(find(analyzeSafeTx(ctx, request({ gasPrice: 10n, safeTxGas: 50_000n })), 'fee-above-policy'), []);
});

test('unlimited-approval for an unlimited ERC-20 allowance and for setApprovalForAll, not for an exact amount', () => {
  const unlimited = analyzeSafeTx({}, request({ to: TOKEN, data: call('approve', [BOB, MAX]) }));
  assert.match(find(unlimited, 'unlimited-approval')[0]!.message, new RegExp(`lets ${BOB} spend an unlimited amount`));
  assert.equal(find(analyzeSafeTx({}, request({ to: TOKEN, data: call('setApprovalForAll', [BOB, true]) })), 'unlimited-approval').length, 1);
  assert.deepEqual(codes(analyzeSafeTx({}, request({ to: TOKEN, data: call('approve', [BOB, 1000n]) }))), []);
});

test('unknown-function for an unknown selector; malformed-call for a known selector with broken arguments', () => {
  const unknown = analyzeSafeTx({}, request({ data: hexToBytes('deadbeef00') }));
  assert.deepEqual(codes(unknown), ['unknown-function']);
  assert.match(unknown[0]!.message, /selector 0xdeadbeef/);
  const truncated = call('transfer', [ALICE, 1n]).subarray(0, 40);
  assert.deepEqual(codes(analyzeSafeTx({}, request({ to: TOKEN, data: truncated }))), ['malformed-call']);
});

test('recipient-not-registered checks native and token recipients against the registered list, only when one is given', () => {
  const batch: MultiSendCall[] = [
    { operation: 0, to: TOKEN, value: 0n, data: call('transfer', [BOB, 10n]) },
    { operation: 0, to: ALICE, value: 5n, data: new Uint8Array() },
  ];
  const req = request({ to: MULTI_SEND_CALL_ONLY_141, operation: 1, data: encodeMultiSend(batch) });
  const warnings = analyzeSafeTx({ registeredAddresses: [ALICE] }, req);
  const found = find(warnings, 'recipient-not-registered');
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, new RegExp(`Call 1 of the batch makes ${BOB} the token recipient`));
  assert.deepEqual(find(analyzeSafeTx({}, req), 'recipient-not-registered'), []);
  assert.deepEqual(find(analyzeSafeTx({ registeredAddresses: [ALICE, BOB] }, req), 'recipient-not-registered'), []);
});

test('chain-mismatch is critical, stale-nonce high, and the legacy chain-less domain is noted', () => {
  const mismatch = analyzeSafeTx({ chainId: 10n }, request({}));
  assert.deepEqual(mismatch.map((w) => [w.code, w.severity]), [['chain-mismatch', 'critical']]);
  assert.match(find(analyzeSafeTx({ safeNonce: 9n }, request({ nonce: 5n })), 'stale-nonce')[0]!.message, /nonce is 5.*Rebuild it with nonce 9/);
  assert.deepEqual(find(analyzeSafeTx({ safeNonce: 5n }, request({ nonce: 5n })), 'stale-nonce'), []);
  assert.equal(find(analyzeSafeTx({}, request({}, { version: '1.1.1' })), 'legacy-domain-replayable')[0]?.severity, 'medium');
});

test('enabling a module or replacing the singleton is a critical safe-configuration-change', () => {
  for (const data of [call('enableModule', [BOB]), call('changeMasterCopy', [BOB])]) {
    const warnings = analyzeSafeTx({}, request({ to: SAFE, data }));
    assert.deepEqual(warnings.map((w) => [w.code, w.severity]), [['safe-configuration-change', 'critical']]);
  }
});

test('a multiSend whose batch does not decode, or nests too deep, is critical and never silently skipped', () => {
  const broken = encodeMultiSend([{ operation: 0, to: TOKEN, value: 0n, data: new Uint8Array(4) }]);
  // Claim more batch bytes than there are: the outer bytes length word sits at offset 4 + 32.
  const lying = broken.slice();
  lying[4 + 32 + 31] = lying[4 + 32 + 31]! - 1;
  const invalid = analyzeSafeTx({}, request({ to: MULTI_SEND_CALL_ONLY_141, operation: 1, data: lying }));
  assert.ok(codes(invalid).includes('multisend-invalid'), JSON.stringify(invalid));
  let data = encodeMultiSend([{ operation: 0, to: TOKEN, value: 0n, data: call('transfer', [ALICE, 1n]) }]);
  for (let i = 0; i < MAX_BATCH_DEPTH; i++) data = encodeMultiSend([{ operation: 1, to: MULTI_SEND_CALL_ONLY_141, value: 0n, data }]);
  const deep = analyzeSafeTx({}, request({ to: MULTI_SEND_CALL_ONLY_141, operation: 1, data }));
  assert.deepEqual(codes(deep), ['multisend-too-deep']);
});

test('a plain ETH transfer to a registered address at the current nonce raises nothing', () => {
  const ctx: RiskContext = { chainId: 1n, safeNonce: 5n, registeredAddresses: [ALICE] as Address[], policy: { maxGasRefund: 0n } };
  assert.deepEqual(analyzeSafeTx(ctx, request({ value: 10n ** 18n })), []);
});

test('random calldata, including random multiSend batches, yields warnings and never an exception (fast-check)', () => {
  const selectorPrefixed = fc.uint8Array({ maxLength: 300 }).map((b) => Uint8Array.from([0x8d, 0x80, 0xff, 0x0a, ...b]));
  const randomBatch = fc
    .array(fc.record({ operation: fc.constantFrom(0 as const, 1 as const), to: fc.uint8Array({ minLength: 20, maxLength: 20 }).map(toChecksumAddress), value: fc.bigInt({ min: 0n, max: 10n ** 30n }), data: fc.uint8Array({ maxLength: 80 }) }), { maxLength: 5 })
    .map((calls) => encodeMultiSend(calls.map((c) => ({ ...c }))));
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), selectorPrefixed, randomBatch), fc.constantFrom(0 as const, 1 as const), (data, operation) => {
      const warnings = analyzeSafeTx({ registeredAddresses: [ALICE] }, request({ to: MULTI_SEND_CALL_ONLY_141, operation, data }));
      assert.ok(Array.isArray(warnings));
      for (const w of warnings) assert.ok(['critical', 'high', 'medium', 'info'].includes(w.severity) && w.message.length > 20);
    }),
    { numRuns: 300 },
  );
});
