import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataType, EthSignRequest } from '@keystonehq/bc-ur-registry-eth';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';
import { Signature, Transaction, TypedDataEncoder, hashMessage, recoverAddress, verifyMessage, verifyTypedData } from 'ethers';
import { bytesToHex } from '@noble/hashes/utils.js';
import { parseEthSignRequest } from '../../../../shared/airgap/erc4527';
import { AirlockError } from '../../../../shared/errors';
import { deriveAccountKey } from '../../../../shared/evm/hd';
import { reviewSignRequest, reviewToJson, signReviewedRequest } from '../../../../shared/drafting/sign-request';

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const ADDRESS = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
const PATH = "m/44'/60'/0'/0/0";
const SEED = mnemonicToSeedSync(MNEMONIC);
const XFP = HDKey.fromMasterSeed(SEED).fingerprint;
const XFP_HEX = XFP.toString(16).padStart(8, '0');
const UUID = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const SPENDER = '0x000000000000000000000000000000000000bEEF';

const isCode = (code: string) => (e: unknown) => e instanceof AirlockError && e.code === code;

function request(data: Uint8Array | string, type: DataType, chainId = 1, options: { path?: string; address?: string; xfp?: string } = {}) {
  const bytes = typeof data === 'string' ? Buffer.from(data.replace(/^0x/, ''), 'hex') : Buffer.from(data);
  const built = EthSignRequest.constructETHRequest(bytes, type, options.path ?? PATH, options.xfp ?? XFP_HEX, UUID, chainId, options.address, 'test');
  return parseEthSignRequest(built.toCBOR());
}

function sign(req: ReturnType<typeof request>) {
  const review = reviewSignRequest(req);
  const { privateKey } = deriveAccountKey(SEED, req.derivationPath.text);
  try {
    return { review, ...signReviewedRequest(review, privateKey, { masterFingerprint: XFP }) };
  } finally {
    privateKey.dispose();
  }
}

const approveData = (amount: bigint) => '0x095ea7b3' + SPENDER.slice(2).toLowerCase().padStart(64, '0') + amount.toString(16).padStart(64, '0');

test('a legacy (EIP-155) transaction request is reviewed and signed with v = chainId*2+35+rec; ethers recovers the sender', () => {
  const unsigned = Transaction.from({ type: 0, chainId: 1, nonce: 7, gasPrice: 20_000_000_000n, gasLimit: 21_000n, to: SPENDER, value: 10n ** 18n });
  const { review, signature, address } = sign(request(unsigned.unsignedSerialized, DataType.transaction));
  assert.equal(address, ADDRESS);
  assert.equal(review.dataType, 'legacy-transaction');
  assert.equal(Buffer.from(review.digest).toString('hex'), unsigned.unsignedHash.slice(2));
  assert.deepEqual(review.warnings, []);
  const v = signature[64]!;
  assert.ok(v === 37 || v === 38, `v = ${v}`);
  const sig = Signature.from({ r: '0x' + Buffer.from(signature.subarray(0, 32)).toString('hex'), s: '0x' + Buffer.from(signature.subarray(32, 64)).toString('hex'), v });
  const signed = Transaction.from({ ...unsigned.toJSON(), signature: sig });
  assert.equal(signed.from, ADDRESS);
  const json = reviewToJson(review) as { transaction: { value: string; to: string } };
  assert.equal(json.transaction.value, (10n ** 18n).toString());
  assert.equal(json.transaction.to, SPENDER);
});

test('an EIP-1559 (typed) transaction request is signed with v = yParity (0/1); ethers recovers the sender, and an unlimited approval is warned', () => {
  const unsigned = Transaction.from({
    type: 2, chainId: 1, nonce: 3, maxPriorityFeePerGas: 10n ** 9n, maxFeePerGas: 5n * 10n ** 10n, gasLimit: 60_000n, to: USDC, value: 0n,
    data: approveData((1n << 256n) - 1n),
  });
  const { review, signature } = sign(request(unsigned.unsignedSerialized, DataType.typedTransaction));
  assert.equal(review.dataType, 'typed-transaction');
  assert.ok(review.dataType === 'typed-transaction' && review.call?.name === 'approve');
  assert.deepEqual(review.warnings.map((w) => w.code), ['unlimited-approval']);
  assert.ok(signature[64] === 0 || signature[64] === 1);
  const sig = Signature.from({ r: '0x' + Buffer.from(signature.subarray(0, 32)).toString('hex'), s: '0x' + Buffer.from(signature.subarray(32, 64)).toString('hex'), yParity: signature[64] as 0 | 1 });
  assert.equal(Transaction.from({ ...unsigned.toJSON(), signature: sig }).from, ADDRESS);
});

test('a transaction request warns of an unknown function and of a request chain id that differs from the transaction', () => {
  const unsigned = Transaction.from({ type: 2, chainId: 137, nonce: 0, maxPriorityFeePerGas: 1n, maxFeePerGas: 2n, gasLimit: 50_000n, to: USDC, value: 0n, data: '0xdeadbeef00' });
  const review = reviewSignRequest(request(unsigned.unsignedSerialized, DataType.typedTransaction, 1));
  assert.deepEqual(review.warnings.map((w) => w.code), ['chain-mismatch', 'unknown-function']);
  assert.match(review.warnings[0]!.message, /chain 1.*chain 137/);
});

test('a pre-EIP-155 legacy transaction (6 fields, no chain id) is refused', () => {
  // rlp([0, 1, 21000, to, 0, 0x]) built by hand
  const to = Buffer.from(SPENDER.slice(2), 'hex');
  const body = Buffer.concat([Buffer.from([0x80, 0x01, 0x82, 0x52, 0x08, 0x94]), to, Buffer.from([0x80, 0x80])]);
  const raw = Buffer.concat([Buffer.from([0xc0 + body.length]), body]);
  assert.throws(() => reviewSignRequest(request(raw, DataType.transaction)), isCode('sign-request-invalid'));
});

test('an EIP-712 request shows domain, primary type and hashes equal to ethers, and its signature verifies with verifyTypedData', () => {
  const domain = { name: 'Ether Mail', version: '1', chainId: 1, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' };
  const types = {
    Person: [{ name: 'name', type: 'string' }, { name: 'wallet', type: 'address' }],
    Mail: [{ name: 'from', type: 'Person' }, { name: 'to', type: 'Person' }, { name: 'contents', type: 'string' }],
  };
  const message = { from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' }, to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' }, contents: 'Hello, Bob!' };
  const json = JSON.stringify({ types: { EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }], ...types }, primaryType: 'Mail', domain, message });
  const { review, signature } = sign(request(Buffer.from(json), DataType.typedData));
  assert.ok(review.dataType === 'typed-data');
  assert.equal('0x' + Buffer.from(review.domainHash).toString('hex'), TypedDataEncoder.hashDomain(domain));
  assert.equal('0x' + Buffer.from(review.messageHash).toString('hex'), TypedDataEncoder.from(types).hash(message));
  assert.equal('0x' + Buffer.from(review.digest).toString('hex'), TypedDataEncoder.hash(domain, types, message));
  assert.ok(signature[64] === 27 || signature[64] === 28);
  assert.equal(verifyTypedData(domain, types, message, '0x' + Buffer.from(signature).toString('hex')), ADDRESS);
  const out = reviewToJson(review) as { primaryType: string; domain: { name: string } };
  assert.equal(out.primaryType, 'Mail');
  assert.equal(out.domain.name, 'Ether Mail');
});

test('a SafeTx typed-data request decodes the call the Safe would make', () => {
  const domain = { chainId: 1, verifyingContract: '0x1111111111111111111111111111111111111111' };
  const json = JSON.stringify({
    types: {
      EIP712Domain: [{ name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }],
      SafeTx: [
        { name: 'to', type: 'address' }, { name: 'value', type: 'uint256' }, { name: 'data', type: 'bytes' }, { name: 'operation', type: 'uint8' },
        { name: 'safeTxGas', type: 'uint256' }, { name: 'baseGas', type: 'uint256' }, { name: 'gasPrice', type: 'uint256' },
        { name: 'gasToken', type: 'address' }, { name: 'refundReceiver', type: 'address' }, { name: 'nonce', type: 'uint256' },
      ],
    },
    primaryType: 'SafeTx',
    domain,
    message: {
      to: USDC, value: '0', data: approveData((1n << 256n) - 1n), operation: 0, safeTxGas: '0', baseGas: '0', gasPrice: '0',
      gasToken: '0x0000000000000000000000000000000000000000', refundReceiver: '0x0000000000000000000000000000000000000000', nonce: '5',
    },
  });
  const review = reviewSignRequest(request(Buffer.from(json), DataType.typedData));
  assert.ok(review.dataType === 'typed-data' && review.safe);
  assert.equal(review.safe.root.method?.name, 'approve');
  assert.equal(review.safe.hashing, '1.3.0 and later (chain id in the domain)');
  assert.equal(bytesToHex(review.safe.hashes.safeTxHash), bytesToHex(review.digest), 'read as a Safe reads it, it hashes to the digest signed');
  assert.deepEqual(review.warnings.map((w) => w.code), ['unlimited-approval']);
});

test('a personal message request shows printable text, or hex otherwise, with its EIP-191 hash; verifyMessage recovers the signer', () => {
  const { review, signature } = sign(request(Buffer.from('I control this vault'), DataType.personalMessage));
  assert.ok(review.dataType === 'personal-message');
  assert.equal(review.text, 'I control this vault');
  assert.equal('0x' + Buffer.from(review.digest).toString('hex'), hashMessage('I control this vault'));
  assert.ok(signature[64] === 27 || signature[64] === 28);
  assert.equal(verifyMessage('I control this vault', '0x' + Buffer.from(signature).toString('hex')), ADDRESS);

  const binary = Uint8Array.of(0, 1, 2, 0xff, 0x1b);
  const bin = sign(request(binary, DataType.personalMessage));
  assert.ok(bin.review.dataType === 'personal-message');
  assert.equal(bin.review.text, undefined);
  assert.equal((reviewToJson(bin.review) as { messageHex: string }).messageHex, '0x000102ff1b');
  assert.equal(recoverAddress(hashMessage(binary), '0x' + Buffer.from(bin.signature).toString('hex')), ADDRESS);
});

test('signing is deterministic (RFC 6979)', () => {
  const req = request(Buffer.from('same'), DataType.personalMessage);
  assert.deepEqual(sign(req).signature, sign(req).signature);
});

test('refuses a request for another address, or for another master fingerprint, as sign-request-wrong-account', () => {
  const other = request(Buffer.from('hi'), DataType.personalMessage, 1, { address: '0x000000000000000000000000000000000000dEaD' });
  assert.throws(() => sign(other), (e: unknown) => isCode('sign-request-wrong-account')(e) && /0x000000000000000000000000000000000000dEaD/.test((e as Error).message));
  const otherWallet = request(Buffer.from('hi'), DataType.personalMessage, 1, { xfp: XFP === 0x12345678 ? '87654321' : '12345678' });
  assert.throws(() => sign(otherWallet), isCode('sign-request-wrong-account'));
  const right = request(Buffer.from('hi'), DataType.personalMessage, 1, { address: ADDRESS });
  assert.equal(sign(right).address, ADDRESS);
});

test('refuses a legacy transaction whose v does not fit one byte (chain id above 110)', () => {
  const unsigned = Transaction.from({ type: 0, chainId: 137, nonce: 0, gasPrice: 1n, gasLimit: 21_000n, to: SPENDER, value: 1n });
  assert.throws(() => sign(request(unsigned.unsignedSerialized, DataType.transaction, 137)), isCode('sign-request-unsupported'));
});

test('malformed request data is refused with sign-request-invalid, never another error', () => {
  const cases: Array<[string | Uint8Array, DataType]> = [
    ['c0', DataType.transaction],
    ['01c0', DataType.typedTransaction],
    ['02c3010203', DataType.typedTransaction],
    ['02ff', DataType.typedTransaction],
    [Buffer.from('not json'), DataType.typedData],
    [Buffer.from('{"types":{},"primaryType":"X","domain":{},"message":{}}'), DataType.typedData],
    [Buffer.from('{"types":{"EIP712Domain":[]},"primaryType":"EIP712Domain","domain":{},"message":{}}'), DataType.typedData],
    [Buffer.from('{"types":{"EIP712Domain":[],"A":[{"name":"x","type":"uint256"}]},"primaryType":"A","domain":{},"message":{"x":1e30}}'), DataType.typedData],
  ];
  for (const [data, type] of cases) {
    assert.throws(() => reviewSignRequest(request(data, type)), isCode('sign-request-invalid'), `${Buffer.from(data).toString('hex')} type ${type}`);
  }
});

test('H-23 approvals by signature need acknowledgement like approve(): an unlimited EIP-2612 or DAI Permit, Permit2 PermitSingle and each unlimited token of a PermitBatch; exact amounts do not', () => {
  const MAX_UINT160 = ((1n << 160n) - 1n).toString();
  const typed = (primaryType: string, types: Record<string, Array<{ name: string; type: string }>>, message: Record<string, unknown>) =>
    request(
      Buffer.from(JSON.stringify({ types: { EIP712Domain: [{ name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }], ...types }, primaryType, domain: { chainId: 1, verifyingContract: USDC }, message })),
      DataType.typedData,
    );
  const permit = { Permit: [{ name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' }, { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }] };
  const dai = { Permit: [{ name: 'holder', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'nonce', type: 'uint256' }, { name: 'expiry', type: 'uint256' }, { name: 'allowed', type: 'bool' }] };
  const details = [{ name: 'token', type: 'address' }, { name: 'amount', type: 'uint160' }, { name: 'expiration', type: 'uint48' }, { name: 'nonce', type: 'uint48' }];
  const single = { PermitSingle: [{ name: 'details', type: 'PermitDetails' }, { name: 'spender', type: 'address' }, { name: 'sigDeadline', type: 'uint256' }], PermitDetails: details };
  const batch = { PermitBatch: [{ name: 'details', type: 'PermitDetails[]' }, { name: 'spender', type: 'address' }, { name: 'sigDeadline', type: 'uint256' }], PermitDetails: details };
  const detail = (amount: string, token = USDC) => ({ token, amount, expiration: '0', nonce: '0' });
  const OTHER = '0xdAC17F958D2ee523a2206206994597C13D831ec7';
  const cases: Array<[string, ReturnType<typeof request>, number]> = [
    ['EIP-2612, unlimited', typed('Permit', permit, { owner: ADDRESS, spender: SPENDER, value: ((1n << 256n) - 1n).toString(), nonce: '0', deadline: '0' }), 1],
    ['EIP-2612, exact', typed('Permit', permit, { owner: ADDRESS, spender: SPENDER, value: '5000000', nonce: '0', deadline: '0' }), 0],
    ['DAI, allowed', typed('Permit', dai, { holder: ADDRESS, spender: SPENDER, nonce: '0', expiry: '0', allowed: true }), 1],
    ['Permit2 single, unlimited', typed('PermitSingle', single, { details: detail(MAX_UINT160), spender: SPENDER, sigDeadline: '0' }), 1],
    ['Permit2 single, exact', typed('PermitSingle', single, { details: detail('5000000'), spender: SPENDER, sigDeadline: '0' }), 0],
    ['Permit2 batch, one of two unlimited', typed('PermitBatch', batch, { details: [detail('5000000'), detail(MAX_UINT160, OTHER)], spender: SPENDER, sigDeadline: '0' }), 1],
  ];
  for (const [name, req, expected] of cases) {
    const review = reviewSignRequest(req);
    const found = review.warnings.filter((w) => w.code === 'unlimited-approval');
    assert.equal(found.length, expected, `${name}: ${JSON.stringify(review.warnings)}`);
    for (const w of found) assert.ok(w.message.includes(SPENDER), name);
    assert.deepEqual((reviewToJson(review) as { acknowledgementsRequired: string[] }).acknowledgementsRequired, expected ? ['unlimited-approval'] : [], name);
  }
  assert.ok(reviewSignRequest(cases[5]![1]).warnings[0]!.message.includes(OTHER), 'the batch names the unlimited token');
});

test('H-23 opaque-hash: a SafeMessage over a bare 32-byte hash (the Safe\'s EIP-1271 approval of it) is blocked; a SafeMessage with its text is not', () => {
  const safeMessage = (message: string) =>
    reviewSignRequest(
      request(
        Buffer.from(JSON.stringify({ types: { EIP712Domain: [{ name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }], SafeMessage: [{ name: 'message', type: 'bytes' }] }, primaryType: 'SafeMessage', domain: { chainId: 1, verifyingContract: SPENDER }, message: { message } })),
        DataType.typedData,
      ),
    );
  const blind = reviewToJson(safeMessage('0x' + 'ab'.repeat(32))) as { blocking: Array<{ code: string }> };
  assert.deepEqual(blind.blocking.map((w) => w.code), ['opaque-hash']);
  assert.deepEqual(safeMessage('0x' + Buffer.from('We, the board, approve the recovery plan of 2026.').toString('hex')).warnings, []);
});
