import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { Transaction as EthersTransaction, Wallet, Signature as EthersSignature } from 'ethers';
import { SecretBytes } from '../../../../shared/crypto/secret';
import { AirlockError } from '../../../../shared/errors';
import { encodeRlp, integerBytes } from '../../../../shared/evm/rlp';
import {
  buildTransaction,
  createTransactionSigner,
  decodeSignedTransaction,
  serializeSigned,
  signingHash,
  signingPayload,
  signTransaction,
  type Transaction,
} from '../../../../shared/evm/tx';
import { hasCode } from '../../../helpers/error-code';

const hex = (b: Uint8Array) => '0x' + bytesToHex(b);

// EIP-155, "Example" (https://eips.ethereum.org/EIPS/eip-155#example).
const EIP155 = {
  privateKey: '4646464646464646464646464646464646464646464646464646464646464646',
  signingData: '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080',
  signingHash: '0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53',
  v: 37n,
  r: 18515461264373351373200002665853028612451056578545711640558177340181847433846n,
  s: 46948507304638947509940763649030358759909902576025900602547168820602576006531n,
  signed:
    '0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83',
};

const key = (hexKey: string) => new SecretBytes(hexToBytes(hexKey));

function eip155Tx(): Transaction {
  return buildTransaction({
    type: 'legacy',
    chainId: 1n,
    nonce: 9n,
    gasPrice: 20_000_000_000n,
    gasLimit: 21_000n,
    to: '0x3535353535353535353535353535353535353535',
    value: 10n ** 18n,
  });
}

test('EIP-155 example: signing data and signing hash are the ones in the EIP', () => {
  const tx = eip155Tx();
  assert.equal(hex(signingPayload(tx)), EIP155.signingData);
  assert.equal(hex(signingHash(tx)), EIP155.signingHash);
});

test('EIP-155 example: the signature is v=37 with the EIP’s r and s, and serializes to the EIP’s signed transaction', () => {
  const privateKey = key(EIP155.privateKey);
  const signed = signTransaction(eip155Tx(), privateKey);
  assert.equal(signed.signature.v, EIP155.v);
  assert.equal(signed.signature.r, EIP155.r);
  assert.equal(signed.signature.s, EIP155.s);
  assert.equal(hex(signed.raw), EIP155.signed);
  assert.equal(signed.from, new Wallet('0x' + EIP155.privateKey).address);
  assert.equal(privateKey.disposed, false, 'the key is only lent, the caller disposes it');
  privateKey.dispose();
});

test('EIP-155 example: decoding the signed transaction gives back every field and the signer', () => {
  const decoded = decodeSignedTransaction(EIP155.signed);
  assert.deepEqual(decoded.transaction, eip155Tx());
  assert.equal(decoded.signature.v, 37n);
  assert.equal(decoded.signature.yParity, 0);
  assert.equal(decoded.from, new Wallet('0x' + EIP155.privateKey).address);
  assert.equal(hex(decoded.hash), EthersTransaction.from(EIP155.signed).hash);
});

const arbAddress = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => '0x' + bytesToHex(b));
const arbKey = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .filter((b) => b.some((x) => x !== 0) && BigInt('0x' + bytesToHex(b)) < 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n);
const arbU256 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
const arbFees = fc
  .tuple(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }))
  .map(([a, b]): [bigint, bigint] => (a <= b ? [a, b] : [b, a]));
const arb1559 = fc.record({
  chainId: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
  // ethers keeps the nonce as a JS number, so the cross-checks stay within its safe range; larger
  // nonces (to 2^64-2, EIP-2681) are covered by our own round trip below.
  nonce: fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }),
  fees: arbFees,
  gasLimit: fc.bigInt({ min: 21_000n, max: (1n << 64n) - 1n }),
  to: arbAddress,
  value: arbU256,
  data: fc.uint8Array({ maxLength: 200 }),
});

/** Our EIP-1559 transaction of the generated fields (fees[0] the priority fee, fees[1] the cap). */
const build1559 = (f: typeof arb1559 extends fc.Arbitrary<infer F> ? F : never): Transaction =>
  buildTransaction({ type: 'eip1559', chainId: f.chainId, nonce: f.nonce, maxPriorityFeePerGas: f.fees[0], maxFeePerGas: f.fees[1], gasLimit: f.gasLimit, to: f.to, value: f.value, data: f.data });

test('EIP-1559: our signed bytes and hash equal ethers’ Wallet.signTransaction for the same key and fields (property)', async () => {
  await fc.assert(
    fc.asyncProperty(arb1559, arbKey, async (f, k) => {
      const tx = build1559(f);
      const signed = signTransaction(tx, SecretBytes.copyOf(k));
      const wallet = new Wallet(hex(k));
      const theirs = await wallet.signTransaction({
        type: 2,
        chainId: f.chainId,
        nonce: Number(f.nonce),
        maxPriorityFeePerGas: f.fees[0],
        maxFeePerGas: f.fees[1],
        gasLimit: f.gasLimit,
        to: f.to,
        value: f.value,
        data: hex(f.data),
        accessList: [],
      });
      assert.equal(hex(signed.raw), theirs);
      assert.equal(hex(signed.hash), EthersTransaction.from(theirs).hash);
      assert.equal(signed.from, wallet.address);
      assert.equal(hex(signingHash(tx)), EthersTransaction.from(theirs).unsignedHash);
    }),
    { numRuns: 60 },
  );
});

test('EIP-1559: ethers parses our serialization to the same fields and sender, and we decode it back identically (property)', () => {
  fc.assert(
    fc.property(arb1559, arbKey, (f, k) => {
      const tx = build1559(f);
      const signed = signTransaction(tx, SecretBytes.copyOf(k));
      const parsed = EthersTransaction.from(hex(signed.raw));
      assert.equal(parsed.type, 2);
      assert.equal(parsed.chainId, f.chainId);
      assert.equal(BigInt(parsed.nonce), f.nonce);
      assert.equal(parsed.maxPriorityFeePerGas, f.fees[0]);
      assert.equal(parsed.maxFeePerGas, f.fees[1]);
      assert.equal(parsed.gasLimit, f.gasLimit);
      assert.equal(parsed.to, tx.to);
      assert.equal(parsed.value, f.value);
      assert.equal(parsed.data, hex(f.data));
      assert.equal(parsed.from, signed.from);
      assert.equal(parsed.hash, hex(signed.hash));
      const ours = decodeSignedTransaction(signed.raw);
      assert.deepEqual(ours.transaction, tx);
      assert.deepEqual(ours.signature, signed.signature);
      assert.equal(ours.from, signed.from);
    }),
    { numRuns: 60 },
  );
});

test('legacy EIP-155 on other chains: v = chainId*2+35+recovery, same bytes as ethers (property)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.bigInt({ min: 1n, max: (1n << 32n) }), arbKey, arbAddress, arbU256, async (chainId, k, to, value) => {
      const tx = buildTransaction({ type: 'legacy', chainId, nonce: 3n, gasPrice: 7n, gasLimit: 50_000n, to, value });
      const signed = signTransaction(tx, SecretBytes.copyOf(k));
      assert.equal(signed.signature.v, chainId * 2n + 35n + BigInt(signed.signature.yParity));
      const theirs = await new Wallet(hex(k)).signTransaction({ type: 0, chainId, nonce: 3, gasPrice: 7n, gasLimit: 50_000n, to, value });
      assert.equal(hex(signed.raw), theirs);
      const back = decodeSignedTransaction(theirs);
      assert.deepEqual(back.transaction, tx);
      assert.equal(back.from, signed.from);
    }),
    { numRuns: 30 },
  );
});

test('nonces up to 2^64-2 (EIP-2681) round-trip; 2^64-1 is refused', () => {
  const fields = { type: 'eip1559' as const, chainId: 1n, maxFeePerGas: 2n, maxPriorityFeePerGas: 1n, gasLimit: 21_000n, to: '0x' + '35'.repeat(20), value: 1n };
  const tx = buildTransaction({ ...fields, nonce: (1n << 64n) - 2n });
  const signed = signTransaction(tx, key(EIP155.privateKey));
  assert.deepEqual(decodeSignedTransaction(signed.raw).transaction, tx);
  assert.throws(() => buildTransaction({ ...fields, nonce: (1n << 64n) - 1n }), hasCode('tx-invalid', /nonce/));
});

test('decodes an EIP-1559 transaction with an access list as ethers does', async () => {
  const wallet = new Wallet('0x' + '11'.repeat(32));
  const raw = await wallet.signTransaction({
    type: 2,
    chainId: 10n,
    nonce: 1,
    maxFeePerGas: 100n,
    maxPriorityFeePerGas: 1n,
    gasLimit: 100_000n,
    to: '0x' + '22'.repeat(20),
    accessList: [{ address: '0x' + '33'.repeat(20), storageKeys: ['0x' + '44'.repeat(32)] }],
  });
  const decoded = decodeSignedTransaction(raw);
  assert.equal(decoded.from, wallet.address);
  assert.equal(decoded.transaction.type, 'eip1559');
  if (decoded.transaction.type !== 'eip1559') return;
  assert.equal(decoded.transaction.accessList.length, 1);
  assert.equal(hex(decoded.transaction.accessList[0]!.storageKeys[0]!), '0x' + '44'.repeat(32));
  assert.equal(hex(decoded.hash), EthersTransaction.from(raw).hash);
});

test('signatures are deterministic (RFC 6979) and always low-s', () => {
  fc.assert(
    fc.property(arbKey, fc.bigInt({ min: 0n, max: 1000n }), (k, nonce) => {
      const tx = buildTransaction({ type: 'eip1559', chainId: 1n, nonce, maxFeePerGas: 2n, maxPriorityFeePerGas: 1n, gasLimit: 21_000n, to: '0x' + '35'.repeat(20), value: 1n });
      const a = signTransaction(tx, SecretBytes.copyOf(k));
      const b = signTransaction(tx, SecretBytes.copyOf(k));
      assert.deepEqual(a.raw, b.raw);
      assert.ok(a.signature.s <= 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n);
    }),
    { numRuns: 30 },
  );
});

test('refuses a high-s (malleable) signature with tx-invalid naming it', () => {
  const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  const signed = signTransaction(eip155Tx(), key(EIP155.privateKey));
  const flipped = { ...signed.signature, s: N - signed.signature.s, v: signed.signature.v === 37n ? 38n : 37n };
  const raw = serializeSigned(signed.transaction, flipped);
  // ethers itself normalizes; the raw bytes are a valid-but-malleable encoding of the same transaction.
  assert.throws(() => decodeSignedTransaction(raw), hasCode('tx-invalid', /high s/));
});

test('refuses a pre-EIP-155 legacy transaction (v=27/28) and chain id 0', () => {
  const tx = eip155Tx();
  const fields = [integerBytes(9n), integerBytes(20_000_000_000n), integerBytes(21_000n), hexToBytes('35'.repeat(20)), integerBytes(10n ** 18n), new Uint8Array(0)];
  const pre155 = encodeRlp([...fields, integerBytes(27n), integerBytes(EIP155.r), integerBytes(EIP155.s)]);
  assert.throws(() => decodeSignedTransaction(pre155), hasCode('tx-invalid', /before EIP-155/));
  const chainZero = encodeRlp([...fields, integerBytes(35n), integerBytes(EIP155.r), integerBytes(EIP155.s)]);
  assert.throws(() => decodeSignedTransaction(chainZero), hasCode('tx-invalid', /chain id 0/));
  assert.throws(() => buildTransaction({ ...(tx as Extract<Transaction, { type: 'legacy' }>), chainId: 0n }), hasCode('tx-invalid', /chain id/));
  const type2Zero = new Uint8Array([2, ...encodeRlp([integerBytes(0n), integerBytes(0n), integerBytes(1n), integerBytes(2n), integerBytes(21_000n), hexToBytes('35'.repeat(20)), integerBytes(0n), new Uint8Array(0), [], integerBytes(0n), integerBytes(EIP155.r), integerBytes(EIP155.s)])]);
  assert.throws(() => decodeSignedTransaction(type2Zero), hasCode('tx-invalid', /chain id 0/));
});

test('refuses unknown and unsupported type bytes, naming the type', () => {
  assert.throws(() => decodeSignedTransaction('0x01c0'), hasCode('tx-invalid', /0x01, EIP-2930/));
  assert.throws(() => decodeSignedTransaction('0x03c0'), hasCode('tx-invalid', /0x03, EIP-4844/));
  assert.throws(() => decodeSignedTransaction('0x7fc0'), hasCode('tx-invalid', /0x7f, which is no known/));
});

test('refuses bad RLP, wrong field counts, non-canonical integers and bad hex as tx-invalid', () => {
  assert.throws(() => decodeSignedTransaction('0x02f8'), hasCode('tx-invalid', /RLP/));
  assert.throws(() => decodeSignedTransaction('0x02c0'), hasCode('tx-invalid', /12 fields/));
  assert.throws(() => decodeSignedTransaction('0xzz'), hasCode('tx-invalid', /hexadecimal/));
  assert.throws(() => decodeSignedTransaction(''), hasCode('tx-invalid', /empty/));
  // EIP-155 example with nonce written as 0x0009 (leading zero byte).
  const signed = hexToBytes(EIP155.signed.slice(2));
  const body = [...signed.subarray(2)];
  body.splice(0, 1, 0x82, 0x00, 0x09);
  const withZero = new Uint8Array([0xf8, body.length, ...body]);
  assert.throws(() => decodeSignedTransaction(withZero), hasCode('tx-invalid', /leading zero/));
  // Trailing byte after the list.
  assert.throws(() => decodeSignedTransaction(EIP155.signed + '00'), hasCode('tx-invalid', /extra bytes/));
});

test('building refuses priority fee above max fee, gas under 21000 and bad addresses', () => {
  const base = { type: 'eip1559' as const, chainId: 1n, nonce: 0n, maxFeePerGas: 1n, maxPriorityFeePerGas: 2n, gasLimit: 21_000n, to: '0x' + '35'.repeat(20), value: 0n };
  assert.throws(() => buildTransaction(base), hasCode('tx-invalid', /priority fee/));
  assert.throws(() => buildTransaction({ ...base, maxPriorityFeePerGas: 0n, gasLimit: 20_999n }), hasCode('tx-invalid', /21000/));
  assert.throws(() => buildTransaction({ ...base, maxPriorityFeePerGas: 0n, to: '0x1234' }), hasCode('address-invalid'));
});

test('signing with a disposed key throws secret-disposed and produces nothing', () => {
  const k = key(EIP155.privateKey);
  const signer = createTransactionSigner(k);
  k.dispose();
  assert.throws(() => signer.sign(eip155Tx()), hasCode('secret-disposed'));
  assert.throws(() => signTransaction(eip155Tx(), k), hasCode('secret-disposed'));
});

test('a signer reused for many transactions gives the same bytes as one-off signing, and refuses invalid keys', () => {
  const signer = createTransactionSigner(key(EIP155.privateKey));
  assert.equal(signer.address, new Wallet('0x' + EIP155.privateKey).address);
  assert.equal(hex(signer.sign(eip155Tx()).raw), EIP155.signed);
  assert.throws(() => createTransactionSigner(new SecretBytes(new Uint8Array(32))), hasCode('private-key-invalid'));
  assert.throws(() => createTransactionSigner(new SecretBytes(new Uint8Array(31).fill(1))), hasCode('private-key-invalid'));
  assert.throws(() => createTransactionSigner(new SecretBytes(new Uint8Array(32).fill(0xff))), hasCode('private-key-invalid'));
});

test('decode fuzz: random bytes and mutated real transactions only ever fail with AirlockError', () => {
  const good = hexToBytes(EIP155.signed.slice(2));
  const mutated = fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
    const copy = good.slice();
    copy[i] = b;
    return copy;
  });
  const typed = fc.uint8Array({ maxLength: 300 }).map((b) => new Uint8Array([2, ...b]));
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated, typed), (bytes) => {
      try {
        decodeSignedTransaction(bytes);
      } catch (error) {
        assert.ok(error instanceof AirlockError, `unexpected ${String(error)}`);
      }
    }),
    { numRuns: 2000 },
  );
});

test('a decoded signature round-trips through ethers Signature (r, s, yParity)', () => {
  const decoded = decodeSignedTransaction(EIP155.signed);
  const sig = EthersSignature.from({ r: '0x' + decoded.signature.r.toString(16).padStart(64, '0'), s: '0x' + decoded.signature.s.toString(16).padStart(64, '0'), v: 27 + decoded.signature.yParity });
  assert.equal(sig.networkV, null);
  assert.equal(BigInt(sig.s), EIP155.s);
});
