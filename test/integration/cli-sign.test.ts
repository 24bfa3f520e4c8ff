import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataType, EthSignRequest } from '@keystonehq/bc-ur-registry-eth';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';
import { Signature, Transaction, TypedDataEncoder, verifyMessage, verifyTypedData } from 'ethers';
import { parseEthSignature } from '../../shared/airgap/erc4527';
import { decodeUrParts, encodeUr } from '../../shared/airgap/ur';
import { runAirlock, type CliRun } from '../helpers/cli';

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const ADDRESS = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
const PATH = "m/44'/60'/0'/0/0";
const XFP_HEX = HDKey.fromMasterSeed(mnemonicToSeedSync(MNEMONIC)).fingerprint.toString(16).padStart(8, '0');
const UUID = '6c3633c0-02c0-4313-9cd7-e25f4f296729';
const REQUEST_ID_HEX = UUID.replace(/-/g, '');

function requestParts(data: Uint8Array | string, type: DataType, options: { address?: string; fragment?: number; chainId?: number } = {}): string[] {
  const bytes = typeof data === 'string' ? Buffer.from(data.replace(/^0x/, ''), 'hex') : Buffer.from(data);
  const request = EthSignRequest.constructETHRequest(bytes, type, PATH, XFP_HEX, UUID, options.chainId ?? 1, options.address, 'cli-test');
  return encodeUr('eth-sign-request', request.toCBOR(), options.fragment ?? 4096);
}

function sign(parts: string[] | string, passphrase = ''): CliRun {
  return runAirlock(['sign', '--json'], JSON.stringify({ mnemonic: MNEMONIC, passphrase, request: parts }));
}

/** Checks the answer is one single-part eth-signature echoing the request id; returns its 65 bytes as hex. */
function answerSignature(run: CliRun): string {
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.json.address, ADDRESS);
  assert.match(run.json.signature, /^ur:eth-signature\/[a-z]+$/, 'one single-part UR');
  const { type, payload } = decodeUrParts([run.json.signature], ['eth-signature']);
  assert.equal(type, 'eth-signature');
  const answer = parseEthSignature(payload);
  assert.equal(Buffer.from(answer.requestId!).toString('hex'), REQUEST_ID_HEX, 'the request id is echoed');
  assert.equal(answer.signature.length, 65);
  return '0x' + Buffer.from(answer.signature).toString('hex');
}

const rsv = (sig: string) => ({ r: '0x' + sig.slice(2, 66), s: '0x' + sig.slice(66, 130), v: parseInt(sig.slice(130), 16) });

test('signs a legacy transaction request; ethers rebuilds the signed transaction and recovers the vault address', () => {
  const unsigned = Transaction.from({ type: 0, chainId: 1, nonce: 1, gasPrice: 30_000_000_000n, gasLimit: 21_000n, to: '0x000000000000000000000000000000000000dEaD', value: 12345n });
  const run = sign(requestParts(unsigned.unsignedSerialized, DataType.transaction));
  const { r, s, v } = rsv(answerSignature(run));
  assert.ok(v === 37 || v === 38);
  assert.equal(Transaction.from({ ...unsigned.toJSON(), signature: Signature.from({ r, s, v }) }).from, ADDRESS);
  assert.equal(run.json.review.dataType, 'legacy-transaction');
  assert.equal(run.json.review.transaction.value, '12345');
  assert.equal(run.json.review.signingHash, unsigned.unsignedHash);
});

test('signs an EIP-1559 request sent as shuffled multipart parts with duplicates; ethers recovers the sender', () => {
  const data = '0xa9059cbb' + '000000000000000000000000000000000000000000000000000000000000bEEF'.toLowerCase() + (10n ** 6n).toString(16).padStart(64, '0');
  const unsigned = Transaction.from({ type: 2, chainId: 1, nonce: 9, maxPriorityFeePerGas: 10n ** 9n, maxFeePerGas: 4n * 10n ** 10n, gasLimit: 80_000n, to: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', value: 0n, data });
  const parts = requestParts(unsigned.unsignedSerialized, DataType.typedTransaction, { fragment: 20 });
  assert.ok(parts.length > 3, 'multipart');
  // A fixed shuffle (odd positions reversed, then even ones) with two parts read twice.
  const scanned = [parts[2]!, ...parts.filter((_, i) => i % 2 === 1).reverse(), parts[0]!, ...parts.filter((_, i) => i % 2 === 0)];
  const run = sign(scanned);
  const { r, s, v } = rsv(answerSignature(run));
  assert.ok(v === 0 || v === 1, 'typed transaction: v is the y-parity');
  assert.equal(Transaction.from({ ...unsigned.toJSON(), signature: Signature.from({ r, s, yParity: v as 0 | 1 }) }).from, ADDRESS);
  assert.equal(run.json.review.call.name, 'transfer');
  assert.deepEqual(run.json.review.warnings, []);
});

test('signs an EIP-712 request; verifyTypedData recovers the vault address and the review shows the hashes', () => {
  const domain = { name: 'Airlock Test', version: '1', chainId: 1, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' };
  const types = { Order: [{ name: 'owner', type: 'address' }, { name: 'amount', type: 'uint256' }] };
  const message = { owner: ADDRESS, amount: '1000000000000000000000' };
  const json = JSON.stringify({
    types: { EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }], ...types },
    primaryType: 'Order',
    domain,
    message,
  });
  const run = sign(requestParts(Buffer.from(json), DataType.typedData));
  const signature = answerSignature(run);
  assert.equal(verifyTypedData(domain, types, message, signature), ADDRESS);
  assert.equal(run.json.review.primaryType, 'Order');
  assert.equal(run.json.review.domainHash, TypedDataEncoder.hashDomain(domain));
  assert.equal(run.json.review.digest, TypedDataEncoder.hash(domain, types, message));
});

test('signs a personal message given as a single-part UR string; verifyMessage recovers the vault address', () => {
  const [part] = requestParts(Buffer.from('Airlock drill 2026-11-23'), DataType.personalMessage, { address: ADDRESS });
  const run = sign(part!);
  assert.equal(verifyMessage('Airlock drill 2026-11-23', answerSignature(run)), ADDRESS);
  assert.equal(run.json.review.message, 'Airlock drill 2026-11-23');
});

test('refuses a request for another address with sign-request-wrong-account (exit 2), and a passphrase makes another wallet', () => {
  const parts = requestParts(Buffer.from('hi'), DataType.personalMessage, { address: '0x000000000000000000000000000000000000dEaD' });
  const run = sign(parts);
  assert.equal(run.status, 2);
  assert.equal(run.json.error.code, 'sign-request-wrong-account');
  const withPassphrase = sign(requestParts(Buffer.from('hi'), DataType.personalMessage, { address: ADDRESS }), 'TREZOR');
  assert.equal(withPassphrase.status, 2);
  assert.equal(withPassphrase.json.error.code, 'sign-request-wrong-account');
});

test('garbage exits 2 with a JSON error naming a code, and never echoes the mnemonic', () => {
  const cases: Array<[string, string]> = [
    ['not json', 'input-invalid'],
    [JSON.stringify({ mnemonic: MNEMONIC, request: [] }), 'input-invalid'],
    [JSON.stringify({ mnemonic: MNEMONIC, request: ['ur:eth-sign-request/garbage'] }), ''],
    [JSON.stringify({ mnemonic: MNEMONIC, request: encodeUr('bytes', Uint8Array.of(1, 2, 3), 100) }), ''],
    [JSON.stringify({ mnemonic: 'abandon abandon abandon', request: requestParts(Buffer.from('hi'), DataType.personalMessage) }), ''],
    [JSON.stringify({ mnemonic: MNEMONIC, request: requestParts('c0', DataType.transaction) }), 'sign-request-invalid'],
  ];
  for (const [stdin, code] of cases) {
    const run = runAirlock(['sign', '--json'], stdin);
    assert.equal(run.status, 2, stdin.slice(0, 80) + run.stdout + run.stderr);
    assert.equal(typeof run.json?.error?.code, 'string');
    assert.equal(typeof run.json?.error?.message, 'string');
    if (code) assert.equal(run.json.error.code, code);
    assert.ok(!run.stdout.includes('abandon') && !run.stderr.includes('abandon'), 'the mnemonic is never echoed');
  }
});
