import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Interface, MaxUint256, Transaction, Wallet } from 'ethers';
import { runAirlock } from '../helpers/cli';

// The vault key of these tests; ethers signs independently of Airlock's own signer.
const wallet = new Wallet('0x' + '46'.repeat(32));
const TOKEN = '0x' + '7a'.repeat(20);
const RECIPIENT = '0x3535353535353535353535353535353535353535';
const erc20 = new Interface(['function transfer(address to, uint256 amount)', 'function approve(address spender, uint256 amount)']);

const EIP155_SIGNED =
  '0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83';

async function signed1559(data: string, to = TOKEN): Promise<string> {
  return wallet.signTransaction({
    type: 2,
    chainId: 11155111n,
    nonce: 42,
    maxFeePerGas: 30_000_000_000n,
    maxPriorityFeePerGas: 1_500_000_000n,
    gasLimit: 65_000n,
    to,
    value: 0n,
    data,
  });
}

test('tx decode prints every field of an EIP-1559 ERC-20 transfer, the decoded call and the recovered sender', async () => {
  const raw = await signed1559(erc20.encodeFunctionData('transfer', [RECIPIENT, 1_250_000n]));
  const run = runAirlock(['tx', 'decode', '--json'], raw + '\n');
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const out = run.json;
  assert.equal(out.type, 'eip1559');
  assert.equal(out.chainId, '11155111');
  assert.equal(out.nonce, '42');
  assert.deepEqual(out.fees, { maxFeePerGas: '30000000000', maxPriorityFeePerGas: '1500000000', gasLimit: '65000' });
  assert.equal(out.to.toLowerCase(), TOKEN);
  assert.equal(out.value, '0');
  assert.equal(out.call.name, 'transfer');
  assert.deepEqual(out.call.params, [
    { name: 'to', type: 'address', value: RECIPIENT },
    { name: 'amount', type: 'uint256', value: '1250000' },
  ]);
  assert.deepEqual(out.warnings, []);
  assert.equal(out.from, wallet.address);
  assert.equal(out.hash, Transaction.from(raw).hash);
});

test('tx decode warns unlimited-approval for approve(spender, 2^256-1)', async () => {
  const raw = await signed1559(erc20.encodeFunctionData('approve', [RECIPIENT, MaxUint256]));
  const run = runAirlock(['tx', 'decode', '--json'], raw);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.json.call.name, 'approve');
  assert.deepEqual(run.json.warnings.map((w: { code: string; severity: string }) => [w.code, w.severity]), [['unlimited-approval', 'high']]);
});

test('tx decode warns unknown-function for data with an unknown selector and shows the raw data', async () => {
  const raw = await signed1559('0xdeadbeef' + '00'.repeat(32));
  const run = runAirlock(['tx', 'decode', '--json'], raw);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.json.call, null);
  assert.equal(run.json.data, '0xdeadbeef' + '00'.repeat(32));
  assert.equal(run.json.warnings[0].code, 'unknown-function');
  assert.match(run.json.warnings[0].message, /0xdeadbeef/);
});

test('tx decode reads the EIP-155 example (legacy): chain id 1, gas price, v=37 and its sender', () => {
  const run = runAirlock(['tx', 'decode', '--json'], EIP155_SIGNED);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.json.type, 'legacy');
  assert.equal(run.json.chainId, '1');
  assert.equal(run.json.nonce, '9');
  assert.deepEqual(run.json.fees, { gasPrice: '20000000000', gasLimit: '21000' });
  assert.equal(run.json.value, '1000000000000000000');
  assert.equal(run.json.signature.v, '37');
  assert.equal(run.json.from, wallet.address);
  assert.equal(run.json.call, null);
  assert.deepEqual(run.json.warnings, []);
});

test('tx decode exits 2 with {error:{code,message}} on garbage, empty input and a pre-EIP-155 signature', () => {
  for (const stdin of ['hello', '0x02deadbeef', '', '0x' + 'f8'.repeat(3)]) {
    const run = runAirlock(['tx', 'decode', '--json'], stdin);
    assert.equal(run.status, 2, `${JSON.stringify(stdin)}: ${run.stdout}${run.stderr}`);
    assert.equal(run.json.error.code, 'tx-invalid');
    assert.equal(typeof run.json.error.message, 'string');
    assert.ok(run.json.error.message.length > 20);
  }
  // The EIP-155 example with v = 27: a replayable, chain-less signature.
  const pre155 = EIP155_SIGNED.replace('8025a0', '801ba0');
  const run = runAirlock(['tx', 'decode', '--json'], pre155);
  assert.equal(run.status, 2);
  assert.match(run.json.error.message, /before EIP-155/);
});
