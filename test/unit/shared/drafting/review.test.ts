// Draft reviews: the digest is exactly what is signed (ethers' unsignedHash, the Safe's safeTxHash), every call
// decoded down through MultiSend, and each warning code fires on a minimal input and not on a clean one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Interface, Transaction as EthersTransaction, TypedDataEncoder } from 'ethers';
import { fingerprintText } from '../../../../shared/airgap/fingerprint';
import type { Address } from '../../../../shared/evm/address';
import { buildDraft, parseDraftInput } from '../../../../shared/drafting/draft';
import { DRAFT_FINGERPRINT_TYPE, reviewDraft, type DraftReview } from '../../../../shared/drafting/review';
import type { WarningCode } from '../../../../shared/drafting/rules';
import { safeTxHashes, ZERO_ADDRESS } from '../../../../shared/evm/safe';
import { ALICE, BOB, CAROL, FROM, SAFE, STRANGER, TARGET, TOKEN } from '../../../helpers/draft-addresses';

const hex = (b: Uint8Array) => `0x${bytesToHex(b)}`;
const GWEI = 1_000_000_000n;
const ETHER = 10n ** 18n;
const REGISTERED = [FROM, ALICE, BOB, CAROL];
const abi = new Interface(['function pause()', 'function transfer(address to, uint256 amount)', 'function changeThreshold(uint256 _threshold)', 'function changeMasterCopy(address _masterCopy)']);

type Json = Record<string, unknown>;
const eoaInput = (action: Json, executor: Json = {}, context: Json = {}) => ({
  chainId: '1',
  executor: { kind: 'eoa', from: FROM, nonce: '7', maxFeePerGas: (30n * GWEI).toString(), maxPriorityFeePerGas: GWEI.toString(), ...executor },
  actions: [action],
  context: { chainId: '1', nonce: '7', balance: ETHER.toString(), ...context },
});
const safeInput = (actions: Json[], executor: Json = {}, context: Json = {}) => ({
  chainId: '1',
  executor: { kind: 'safe', safe: SAFE, version: '1.4.1', owners: [ALICE, BOB, CAROL], threshold: 2, nonce: '4', ...executor },
  actions,
  context: { chainId: '1', nonce: '4', balance: ETHER.toString(), ...context },
});
function review(json: unknown, registered: readonly Address[] = REGISTERED): DraftReview {
  const input = parseDraftInput(json);
  return reviewDraft(buildDraft(input), input, { registeredAddresses: registered });
}
const codes = (r: DraftReview) => r.warnings.map((w) => w.code).sort();
const safeExec = (safeTx: Json) => ({
  type: 'safe-exec',
  safe: SAFE,
  safeTx: { to: TARGET, value: '0', data: abi.encodeFunctionData('pause', []), operation: 0, safeTxGas: '0', baseGas: '0', gasPrice: '0', gasToken: ZERO_ADDRESS, refundReceiver: ZERO_ADDRESS, nonce: '3', ...safeTx },
  signatures: '0x' + '11'.repeat(65),
});

test('an EOA review signs the transaction\'s signing hash (ethers\' unsignedHash) and shows its fields, call and fingerprint', () => {
  const r = review(eoaInput({ type: 'native-sweep', to: ALICE }));
  const value = ETHER - 21_000n * 30n * GWEI;
  const reference = EthersTransaction.from({ type: 2, chainId: 1n, nonce: 7, maxFeePerGas: 30n * GWEI, maxPriorityFeePerGas: GWEI, gasLimit: 21_000n, to: ALICE, value, data: '0x' });
  assert.equal(hex(r.digest), reference.unsignedHash);
  assert.equal(r.fingerprint, fingerprintText(DRAFT_FINGERPRINT_TYPE, r.digest));
  assert.equal(r.fingerprint.split(' ').length, 4);
  assert.deepEqual(r.warnings, []);
  assert.equal(r.json.kind, 'eoa');
  assert.equal(r.json.signingHash, reference.unsignedHash);
  assert.equal(r.json.digest, reference.unsignedHash);
  assert.deepEqual((r.json.transaction as Json).value, value.toString());
  assert.equal(r.json.maxGasCost, (21_000n * 30n * GWEI).toString());
  assert.match(String((r.json.actions as Json[])[0]!.description), /^Sweep 0\.99937 ETH to 0x6813/);
  assert.doesNotThrow(() => JSON.stringify(r.json), 'the review is plain JSON');
});

test('a Safe review signs the safeTxHash and shows domain hash, message hash and safeTxHash as EIP-712 (ethers) computes them', () => {
  const input = parseDraftInput(safeInput([{ type: 'pause', target: TARGET }]));
  const built = buildDraft(input);
  const r = reviewDraft(built, input, { registeredAddresses: REGISTERED });
  assert.equal(built.kind, 'safe');
  if (built.kind !== 'safe') return;
  const hashes = safeTxHashes(built.request);
  assert.equal(hex(r.digest), hex(hashes.safeTxHash));
  const types = {
    SafeTx: [
      { name: 'to', type: 'address' }, { name: 'value', type: 'uint256' }, { name: 'data', type: 'bytes' }, { name: 'operation', type: 'uint8' },
      { name: 'safeTxGas', type: 'uint256' }, { name: 'baseGas', type: 'uint256' }, { name: 'gasPrice', type: 'uint256' },
      { name: 'gasToken', type: 'address' }, { name: 'refundReceiver', type: 'address' }, { name: 'nonce', type: 'uint256' },
    ],
  };
  const message = { to: TARGET, value: 0n, data: abi.encodeFunctionData('pause', []), operation: 0, safeTxGas: 0n, baseGas: 0n, gasPrice: 0n, gasToken: ZERO_ADDRESS, refundReceiver: ZERO_ADDRESS, nonce: 4n };
  const domain = { chainId: 1n, verifyingContract: SAFE };
  assert.equal(r.json.safeTxHash, TypedDataEncoder.hash(domain, types, message));
  assert.equal(r.json.domainHash, TypedDataEncoder.hashDomain(domain));
  assert.equal(r.json.messageHash, TypedDataEncoder.from(types).hash(message));
  assert.equal(r.json.digest, r.json.safeTxHash);
  assert.equal(((r.json.calls as Json).method as Json).name, 'pause');
  assert.deepEqual(r.warnings, []);
});

test('a Safe batch review decodes every call of the MultiSendCallOnly batch, token amounts in units with their symbol', () => {
  const r = review(
    safeInput([{ type: 'erc20-sweep', token: TOKEN, to: ALICE }, { type: 'native-transfer', to: BOB, value: (ETHER / 2n).toString() }], {}, {
      tokenBalances: { [TOKEN]: '2500000' },
      tokens: { [TOKEN]: { symbol: 'USDC', decimals: 6 } },
    }),
  );
  const root = r.json.calls as Json;
  assert.equal(root.operation, 'delegatecall');
  assert.equal(root.library, 'MultiSendCallOnly 1.4.1');
  const [sweep, send] = root.calls as [Json, Json];
  assert.equal(sweep.path, '1');
  assert.equal((sweep.method as Json).name, 'transfer');
  assert.deepEqual(sweep.token, { address: TOKEN, amount: '2500000', units: '2.5', symbol: 'USDC' });
  assert.equal(send.valueText, '0.5 ETH');
  assert.equal(send.method, null);
  assert.deepEqual(r.warnings, [], 'a batch through the canonical MultiSendCallOnly raises nothing');
});

test('safe-exec: the EOA review checks the Safe transaction inside execTransaction as well', () => {
  const r = review(eoaInput(safeExec({ operation: 1 }), { gasLimit: '300000' }));
  assert.ok(r.warnings.some((w) => w.code === 'untrusted-delegatecall'));
  const inner = r.json.safeExec as Json;
  assert.equal(inner.safe, SAFE);
  assert.equal((inner.calls as Json).operation, 'delegatecall');
  assert.equal(((r.json.call as Json).name), 'execTransaction');
});

const pause = { type: 'pause', target: TARGET };
/** A Safe's execTransaction written as a plain contract call (no safe-exec action): the Bybit shape when `operation` is 1. */
const execCall = (operation: number, data: string) => ({
  type: 'contract-call',
  to: SAFE,
  signature: 'execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)',
  args: [TARGET, '0', data, String(operation), '0', '0', '0', ZERO_ADDRESS, ZERO_ADDRESS, '0x' + '11'.repeat(65)],
});
const bybitData = abi.encodeFunctionData('transfer', [STRANGER, 0n]);
const ZERO_32 = '0x' + '00'.repeat(32);
/** A DAO timelock scheduling one payload, or a batch of them: each runs later as the timelock's own call. */
const schedule = (target: string, payload: string) => ({ type: 'contract-call', to: TARGET, signature: 'schedule(address,uint256,bytes,bytes32,bytes32,uint256)', args: [target, '0', payload, ZERO_32, ZERO_32, '172800'] });
const scheduleBatch = (target: string, payloads: string[]) => ({
  type: 'contract-call',
  to: TARGET,
  signature: 'scheduleBatch(address[],uint256[],bytes[],bytes32,bytes32,uint256)',
  args: [payloads.map(() => target), payloads.map(() => '0'), payloads, ZERO_32, ZERO_32, '172800'],
});
const grantRole = (account: string) => ({ type: 'contract-call', to: TARGET, signature: 'grantRole(bytes32,address)', args: [ZERO_32, account] });
const DAO = { gasLimit: '200000' };
const CLEAN_EOA = eoaInput({ type: 'native-transfer', to: ALICE, value: '1000' });
const CLEAN_SAFE = safeInput([pause]);
const MAX = ((1n << 256n) - 1n).toString();

/** [code, clean input, minimal input that triggers it, blocking?, needs acknowledgement?] */
const TABLE: Array<[WarningCode, unknown, unknown, boolean, boolean]> = [
  ['untrusted-delegatecall', CLEAN_SAFE, safeInput([pause, pause], { multiSendCallOnly: STRANGER }), false, true],
  ['owner-or-threshold-change', CLEAN_SAFE, safeInput([{ type: 'safe-change-threshold', threshold: 3 }]), false, true],
  ['owner-or-threshold-change', CLEAN_SAFE, safeInput([pause, { type: 'safe-change-threshold', threshold: 3 }]), false, true],
  ['gas-refund-rerouting', eoaInput(safeExec({}), { gasLimit: '300000' }), eoaInput(safeExec({ refundReceiver: ALICE }), { gasLimit: '300000' }), false, true],
  // SECURITY(H-23): the Bybit shape, however it is dressed or wrapped: a delegatecall carrying a Safe's own singleton
  // change, and an execTransaction written as a plain call, from an account or from a Safe that owns the Safe.
  ['disguised-delegatecall', eoaInput(safeExec({}), { gasLimit: '300000' }), eoaInput(safeExec({ operation: 1, data: abi.encodeFunctionData('changeMasterCopy', [STRANGER]) }), { gasLimit: '300000' }), true, false],
  ['disguised-delegatecall', eoaInput(execCall(0, bybitData), { gasLimit: '300000' }), eoaInput(execCall(1, bybitData), { gasLimit: '300000' }), true, false],
  ['disguised-delegatecall', safeInput([execCall(0, bybitData)]), safeInput([execCall(1, bybitData)]), true, false],
  ['opaque-hash', CLEAN_EOA, eoaInput({ type: 'contract-call', to: SAFE, signature: 'approveHash(bytes32)', args: ['0x' + 'ab'.repeat(32)] }, { gasLimit: '60000' }), true, false],
  // DAO actions: a timelock's scheduled payloads are reviewed as the timelock's calls, and a granted role has a holder.
  ['unknown-function', eoaInput(schedule(TARGET, abi.encodeFunctionData('pause', [])), DAO), eoaInput(schedule(TARGET, '0xdeadbeef'), DAO), false, true],
  ['recipient-not-registered', eoaInput(scheduleBatch(TOKEN, [abi.encodeFunctionData('transfer', [ALICE, 5n])]), DAO), eoaInput(scheduleBatch(TOKEN, [abi.encodeFunctionData('transfer', [ALICE, 5n]), abi.encodeFunctionData('transfer', [STRANGER, 5n])]), DAO), false, true],
  ['owner-or-threshold-change', eoaInput(schedule(SAFE, abi.encodeFunctionData('pause', [])), DAO), eoaInput(schedule(SAFE, abi.encodeFunctionData('changeThreshold', [1n])), DAO), false, true],
  ['recipient-not-registered', eoaInput(grantRole(ALICE), DAO), eoaInput(grantRole(STRANGER), DAO), false, true],
  ['unlimited-approval', eoaInput({ type: 'contract-call', to: TOKEN, signature: 'approve(address,uint256)', args: [ALICE, '1'] }, { gasLimit: '60000' }), eoaInput({ type: 'contract-call', to: TOKEN, signature: 'approve(address,uint256)', args: [ALICE, MAX] }, { gasLimit: '60000' }), false, true],
  ['unknown-function', CLEAN_SAFE, safeInput([{ type: 'contract-call', to: TARGET, signature: 'frobnicate(uint256 level)', args: ['3'] }]), false, true],
  ['unknown-function', eoaInput(pause, { gasLimit: '60000' }), eoaInput({ type: 'contract-call', to: TARGET, signature: 'frobnicate()', args: [] }, { gasLimit: '60000' }), false, true],
  ['recipient-not-registered', CLEAN_EOA, eoaInput({ type: 'native-transfer', to: STRANGER, value: '1000' }), false, true],
  ['recipient-not-registered', CLEAN_SAFE, safeInput([{ type: 'erc20-sweep', token: TOKEN, to: STRANGER, amount: '5' }]), false, true],
  ['chain-mismatch', CLEAN_EOA, eoaInput({ type: 'native-transfer', to: ALICE, value: '1000' }, {}, { chainId: '10' }), true, false],
  ['chain-mismatch', CLEAN_SAFE, safeInput([pause], {}, { chainId: '10' }), true, false],
  ['stale-nonce', CLEAN_EOA, eoaInput({ type: 'native-transfer', to: ALICE, value: '1000' }, {}, { nonce: '8' }), true, false],
  ['stale-nonce', CLEAN_SAFE, safeInput([pause], {}, { nonce: '5' }), true, false],
  ['nonce-gap', CLEAN_EOA, eoaInput({ type: 'native-transfer', to: ALICE, value: '1000' }, {}, { nonce: '6' }), false, false],
  ['fee-above-policy', eoaInput({ type: 'native-transfer', to: ALICE, value: '1000' }, {}, { policy: { maxFeePerGas: (30n * GWEI).toString() } }), eoaInput({ type: 'native-transfer', to: ALICE, value: '1000' }, {}, { policy: { maxFeePerGas: (30n * GWEI - 1n).toString() } }), false, true],
  ['fee-above-policy', eoaInput({ type: 'native-transfer', to: ALICE, value: '1' }, {}, { policy: { maxGasRefund: '100' } }), eoaInput(safeExec({ gasPrice: '1', safeTxGas: '100', baseGas: '1' }), { gasLimit: '300000' }, { policy: { maxGasRefund: '100' } }), false, true],
  ['value-above-balance', CLEAN_EOA, eoaInput({ type: 'native-transfer', to: ALICE, value: (ETHER - 21_000n * 30n * GWEI + 1n).toString() }), true, false],
  ['value-above-balance', CLEAN_SAFE, safeInput([{ type: 'native-transfer', to: ALICE, value: (ETHER + 1n).toString() }]), true, false],
  ['value-above-balance', safeInput([{ type: 'erc20-sweep', token: TOKEN, to: ALICE, amount: '5' }], {}, { tokenBalances: { [TOKEN]: '5' } }), safeInput([{ type: 'erc20-sweep', token: TOKEN, to: ALICE, amount: '5' }, { type: 'erc20-sweep', token: TOKEN, to: BOB, amount: '1' }], {}, { tokenBalances: { [TOKEN]: '5' } }), true, false],
];

for (const [i, [code, clean, triggering, blocking, acknowledge]] of TABLE.entries()) {
  test(`${code} fires on a minimal input and not on a clean one, ${blocking ? 'blocking' : 'not blocking'}${acknowledge ? ', needing acknowledgement' : ''} (case ${i + 1})`, () => {
    const before = review(clean);
    assert.ok(!codes(before).includes(code), `clean input raised ${code}: ${JSON.stringify(before.warnings)}`);
    const after = review(triggering);
    const found = after.warnings.filter((w) => w.code === code);
    assert.ok(found.length > 0, `expected ${code}, got ${codes(after).join(', ')}`);
    for (const w of found) assert.ok(w.message.length > 40 && /[.!]$/.test(w.message), `a sentence: ${w.message}`);
    assert.equal(after.blocking.some((w) => w.code === code), blocking, 'blocking');
    assert.equal(after.acknowledgementsRequired.includes(code), acknowledge, 'acknowledgement');
    for (const w of after.blocking) assert.ok(after.warnings.includes(w), 'blocking is a subset of warnings');
  });
}

test('the clean inputs raise no warning at all, and the blocking list is empty', () => {
  for (const clean of [CLEAN_EOA, CLEAN_SAFE]) {
    const r = review(clean);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.blocking, []);
    assert.deepEqual(r.acknowledgementsRequired, []);
  }
});

test('warnings are ordered most severe first, and the Safe\'s own address is never an unregistered recipient', () => {
  const r = review(safeInput([{ type: 'contract-call', to: TARGET, signature: 'frobnicate()', args: [] }, { type: 'safe-add-owner', owner: STRANGER, threshold: 2 }], { multiSendCallOnly: STRANGER }, { chainId: '5' }));
  const order = { critical: 0, high: 1, medium: 2, info: 3 } as const;
  const ranks = r.warnings.map((w) => order[w.severity]);
  assert.deepEqual(ranks, [...ranks].sort((x, y) => x - y));
  assert.equal(r.warnings[0]!.severity, 'critical');
  assert.ok(r.warnings.some((w) => w.code === 'recipient-not-registered' && w.message.includes(STRANGER)));
  assert.ok(!r.warnings.some((w) => w.code === 'recipient-not-registered' && w.message.includes(SAFE)));
  assert.deepEqual(r.blocking.map((w) => w.code), ['chain-mismatch']);
  assert.deepEqual(r.acknowledgementsRequired.sort(), ['owner-or-threshold-change', 'recipient-not-registered', 'unknown-function', 'untrusted-delegatecall']);
});

test('a malformed multiSend inside a safe-exec blocks signing, whatever is acknowledged', () => {
  const badBatch = '0x8d80ff0a' + '00'.repeat(31) + '20' + '00'.repeat(31) + '05' + 'ff'.repeat(32);
  const r = review(eoaInput(safeExec({ to: '0x9641d764fc13c8B624c04430C7356C1C7C8102e2', operation: 1, data: badBatch }), { gasLimit: '300000' }));
  assert.ok(r.blocking.some((w) => w.code === 'multisend-invalid'), JSON.stringify(r.warnings));
});

test('safe-exec with the Safe\'s version, owners and threshold: signatures are checked offline as checkSignatures will', async () => {
  const { Wallet, Signature } = await import('ethers');
  const keys = [1, 2, 3].map((i) => new Wallet('0x' + String(i).padStart(64, '0')));
  const owners = keys.map((k) => k.address as Address);
  const stranger = new Wallet('0x' + '9'.padStart(64, '0'));
  const exec = safeExec({});
  const hashes = safeTxHashes({
    chainId: 1n,
    safe: SAFE,
    version: '1.4.1',
    tx: { ...exec.safeTx, value: 0n, data: Uint8Array.from(Buffer.from(exec.safeTx.data.slice(2), 'hex')), operation: 0, safeTxGas: 0n, baseGas: 0n, gasPrice: 0n, nonce: 3n } as never,
  });
  const sign = (w: InstanceType<typeof Wallet>) => Signature.from(w.signingKey.sign(hashes.safeTxHash)).serialized.slice(2);
  const sortedKeys = [...keys].sort((a, b) => (a.address.toLowerCase() < b.address.toLowerCase() ? -1 : 1));
  const withSigs = (signatures: string) => eoaInput({ ...exec, signatures, version: '1.4.1', owners, threshold: 2 }, { gasLimit: '200000' });

  const good = review(withSigs('0x' + sign(sortedKeys[0]!) + sign(sortedKeys[1]!)));
  assert.deepEqual(good.blocking, []);
  const detail = good.json.safeExec as { safeTxHash: string; signers: string[] };
  assert.equal(detail.safeTxHash, hex(hashes.safeTxHash));
  assert.deepEqual(detail.signers, [sortedKeys[0]!.address, sortedKeys[1]!.address]);

  const unsorted = review(withSigs('0x' + sign(sortedKeys[1]!) + sign(sortedKeys[0]!)));
  assert.match(unsorted.blocking.find((w) => w.code === 'safe-signatures-invalid')?.message ?? '', /ascending owner order/);
  const notOwner = review(withSigs('0x' + sign(sortedKeys[0]!) + sign(stranger)));
  assert.match(notOwner.blocking.find((w) => w.code === 'safe-signatures-invalid')?.message ?? '', /not from a current owner/);
  const tooFew = review(withSigs('0x' + sign(sortedKeys[0]!)));
  assert.match(tooFew.blocking.find((w) => w.code === 'safe-signatures-invalid')?.message ?? '', /needs 2 owner signatures/);
  const unchecked = review(eoaInput(exec, { gasLimit: '200000' }));
  assert.ok(unchecked.warnings.some((w) => w.code === 'safe-signatures-unchecked'));
});

test('H-30 snapshot-stale: a draft whose chain state is older than the policy allows needs an acknowledgement, and a draft ages on every review', () => {
  const takenAt = Date.UTC(2026, 10, 23, 9, 0, 0);
  const input = parseDraftInput(eoaInput({ type: 'native-transfer', to: ALICE, value: '1000' }, {}, { snapshotAt: new Date(takenAt).toISOString() }));
  const built = buildDraft(input);
  const at = (hoursLater: number) => reviewDraft(built, input, { registeredAddresses: REGISTERED, freshness: { now: takenAt + hoursLater * 3_600_000, maxSnapshotAgeSeconds: 24 * 3600 } });
  assert.deepEqual(at(24).warnings, [], 'exactly at the policy\'s limit: fresh');
  const stale = at(25);
  assert.deepEqual(stale.acknowledgementsRequired, ['snapshot-stale']);
  assert.deepEqual(stale.blocking, []);
  assert.match(stale.warnings[0]!.message, /taken 25 h 0 min ago .* at most 24 h 0 min/);
  assert.deepEqual(bytesToHex(stale.digest), bytesToHex(at(1).digest), 'age changes the warnings, never what is signed');
  assert.deepEqual(review(eoaInput({ type: 'native-transfer', to: ALICE, value: '1000' })).warnings, [], 'typed chain state without a snapshot time is not judged by age');
});
