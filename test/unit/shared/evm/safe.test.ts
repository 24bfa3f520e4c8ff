import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { getPublicKey, utils } from '@noble/secp256k1';
import { Interface, Signature as EthersSignature, SigningKey, TypedDataEncoder, Wallet } from 'ethers';
import { addressFromPublicKey, parseAddress, toChecksumAddress, type Address } from '../../../../shared/evm/address';
import {
  SENTINEL_OWNERS,
  ZERO_ADDRESS,
  decodeSafeSignature,
  decodeSafeSignatures,
  encodeAddOwnerWithThreshold,
  encodeChangeThreshold,
  encodeExecTransaction,
  encodeRemoveOwner,
  encodeSignatures,
  encodeSwapOwner,
  parseSafeVersion,
  prevOwner,
  safeSignatureBytes,
  safeTxHashes,
  signSafeTxHash,
  type SafeSignature,
  type SafeTx,
} from '../../../../shared/evm/safe';
import { hasCode } from '../../../helpers/error-code';
import { safeTxTypes } from '../../../helpers/safe-tx-type';

const hex = (b: Uint8Array) => `0x${bytesToHex(b)}`;
const a = parseAddress;

function safeTx(fields: Partial<SafeTx> & Pick<SafeTx, 'to' | 'nonce'>): SafeTx {
  return { value: 0n, data: new Uint8Array(), operation: 0, safeTxGas: 0n, baseGas: 0n, gasPrice: 0n, gasToken: ZERO_ADDRESS, refundReceiver: ZERO_ADDRESS, ...fields };
}

function hashesHex(request: Parameters<typeof safeTxHashes>[0]) {
  const h = safeTxHashes(request);
  return { domainHash: hex(h.domainHash), messageHash: hex(h.messageHash), safeTxHash: hex(h.safeTxHash) };
}

// Examples published in pcaversaccio/safe-tx-hashes-util's README.md (Ledger shows domain and message hash in upper case).
const ARBITRUM_SAFE = a('0x111CEEee040739fD91D29C34C33E6B3E112F2177');
const ADD_OWNER_DATA = hexToBytes('0d582f130000000000000000000000000c75fa5a5f1c0997e3eea425cfa13184ed0ec9e50000000000000000000000000000000000000000000000000000000000000003');

test('safe-tx-hashes-util README: addOwnerWithThreshold on Arbitrum, Safe 1.3.0+L2, nonce 234', () => {
  const got = hashesHex({ chainId: 42161n, safe: ARBITRUM_SAFE, version: '1.3.0+L2', tx: safeTx({ to: ARBITRUM_SAFE, data: ADD_OWNER_DATA, nonce: 234n }) });
  assert.deepEqual(got, {
    domainHash: '0x1CF7F9B1EFE3BC47FE02FD27C649FEA19E79D66040683A1C86C7490C80BF7291'.toLowerCase(),
    messageHash: '0xd9109ea63c50ecd3b80b6b27ed5c5a9fd3d546c2169dfb69bfa7ba24cd14c7a5',
    safeTxHash: '0x0cb7250b8becd7069223c54e2839feaed4cee156363fbfe5dd0a48e75c4e25b3',
  });
});

test('safe-tx-hashes-util README interactive example: value 1000, delegatecall, gas price 50, WETH gas token, custom refund receiver', () => {
  const tx = safeTx({
    to: ARBITRUM_SAFE,
    value: 1000n,
    data: ADD_OWNER_DATA,
    operation: 1,
    gasPrice: 50n,
    gasToken: a('0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2'),
    refundReceiver: a('0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045'),
    nonce: 234n,
  });
  const got = hashesHex({ chainId: 42161n, safe: ARBITRUM_SAFE, version: '1.3.0+L2', tx });
  assert.equal(got.domainHash, '0x1cf7f9b1efe3bc47fe02fd27c649fea19e79d66040683a1c86c7490c80bf7291');
  assert.equal(got.messageHash, '0xc7e826933da60e6ac3e2246ed0563a26a920a65beaa9089d784ac96234141bb3');
  assert.equal(got.safeTxHash, '0xc818fceb1cace51c1a4039c4c66fc73d95eccc298104c9c52debac604b9f4e04');
});

test('safe-tx-hashes-util README nested-Safe example on Sepolia: the ETH transfer and the approveHash that approves it', () => {
  const primary = a('0x657ff0D4eC65D82b2bC1247b0a558bcd2f80A0f1');
  const transfer = hashesHex({
    chainId: 11155111n,
    safe: primary,
    version: '1.4.1',
    tx: safeTx({ to: a('0x255C3912f91eF11bFDadd405F13144a823Da8cc5'), value: 100000000000000000n, nonce: 4n }),
  });
  assert.deepEqual(transfer, {
    domainHash: '0x611379c19940caee095cdb12bebe6a9fa9abb74cdb1fbd7377c49a1f198dc24f',
    messageHash: '0x565bba8b51924ffa64953596d0a2dd5c2cad39649f7de0bf2c8dbc903bd03258',
    safeTxHash: '0xcb8bbe7bf8f8a1f3f57658e450d07d4422356ac042d96a87ba425b19e67a78a1',
  });
  const approve = hashesHex({
    chainId: 11155111n,
    safe: a('0x6bc56d6CE87C86CB0756c616bECFD3Cd32b09251'),
    version: '1.4.1',
    tx: safeTx({ to: primary, data: hexToBytes(`d4d9bdcd${transfer.safeTxHash.slice(2)}`), nonce: 4n }),
  });
  assert.deepEqual(approve, {
    domainHash: '0x55f6c329a7834e2a4e789f5526f328fa75d14fe75b97b0001be40caf46ca92a1',
    messageHash: '0xcd411ee5d49344391ef8d37b76e19dfacf505bbb20e856ac907acb5958ecbdf0',
    safeTxHash: '0x86eb3f93f2670d119a4ecb8eeaa4dafe31a28abcafe06688d47e195a3dd7abb0',
  });
});

// Published in 5afe/safe-client-gateway src/utils/tests/transactions.rs: a cancellation (empty call to the Safe
// itself) on a Safe 1.1.1, whose domain has no chain id.
test('legacy chain-less domain (Safe 1.1.1): the Safe client gateway cancellation vector, the same on every chain', () => {
  const safe = a('0xd6f5Bef6bb4acD235CF85c0ce196316d10785d67');
  for (const chainId of [1n, 4n, 100n]) {
    for (const version of ['1.0.0', '1.1.1', '1.2.0']) {
      assert.deepEqual(hashesHex({ chainId, safe, version, tx: safeTx({ to: safe, nonce: 39n }) }), {
        domainHash: '0x6dda5da6f3b6225311946ab4732b5658018db6dc890378fbdb529d8e9832762a',
        messageHash: '0xf0c66ea90dae4d21f8fed03cb6e7f03eb0720479fb2562915921721eed809626',
        safeTxHash: '0x89067bfebe450e45c02dd97e3cc9bd1656d49ebb8a17819829eab9c5dc575c27',
      });
    }
  }
  // From 1.3.0 the domain commits to the chain (the same gateway file's Rinkeby vector).
  assert.equal(hashesHex({ chainId: 4n, safe, version: '1.3.0', tx: safeTx({ to: safe, nonce: 39n }) }).domainHash, '0x0d56532a2a780ffd32b2c3d85d0f8a7b2fc13df0576c006e2aaa47eb66cf71c9');
});

test('Safe 0.1.0 hashes SafeTx with dataGas (typehash 0x14d461bc...), later versions with baseGas (0xbb8310d4...)', () => {
  const typehash = (s: string) => hex(keccak_256(utf8ToBytes(s)));
  assert.equal(typehash('SafeTx(address to,uint256 value,bytes data,uint8 operation,uint256 safeTxGas,uint256 dataGas,uint256 gasPrice,address gasToken,address refundReceiver,uint256 nonce)'), '0x14d461bc7412367e924637b363c7bf29b8f47e2f84869f4426e5633d8af47b20');
  const safe = a('0xd6f5Bef6bb4acD235CF85c0ce196316d10785d67');
  const tx = safeTx({ to: safe, nonce: 39n });
  const old = safeTxHashes({ chainId: 1n, safe, version: '0.1.0', tx });
  const v100 = safeTxHashes({ chainId: 1n, safe, version: '1.0.0', tx });
  assert.deepEqual(old.domainHash, v100.domainHash);
  assert.notDeepEqual(old.messageHash, v100.messageHash);
  const { baseGas, ...rest } = tx;
  assert.equal(hex(old.safeTxHash), TypedDataEncoder.hash({ verifyingContract: safe }, safeTxTypes('dataGas'), { ...rest, data: '0x', dataGas: baseGas }));
});

const addressArb = fc.uint8Array({ minLength: 20, maxLength: 20 }).map(toChecksumAddress);
const uint256 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
const safeTxArb = fc.record({
  to: addressArb,
  value: uint256,
  data: fc.uint8Array({ maxLength: 300 }),
  operation: fc.constantFrom(0 as const, 1 as const),
  safeTxGas: uint256,
  baseGas: uint256,
  gasPrice: uint256,
  gasToken: addressArb,
  refundReceiver: addressArb,
  nonce: uint256,
});

test('safeTxHashes equals ethers TypedDataEncoder for random SafeTx values on every Safe version (fast-check)', () => {
  fc.assert(
    fc.property(safeTxArb, addressArb, fc.bigInt({ min: 1n, max: 1n << 64n }), fc.constantFrom('0.1.0', '1.0.0', '1.1.1', '1.2.0', '1.3.0', '1.4.1', '1.5.0'), (tx, safe, chainId, version) => {
      const v = parseSafeVersion(version);
      const domain = v.legacyDomain ? { verifyingContract: safe } : { chainId, verifyingContract: safe };
      const { baseGas, ...rest } = tx;
      const message = { ...rest, data: hex(tx.data), [v.dataGas ? 'dataGas' : 'baseGas']: baseGas };
      const ours = safeTxHashes({ chainId, safe, version, tx });
      assert.equal(hex(ours.safeTxHash), TypedDataEncoder.hash(domain, safeTxTypes(v.dataGas ? 'dataGas' : 'baseGas'), message));
      assert.equal(hex(ours.domainHash), TypedDataEncoder.hashDomain(domain));
    }),
    { numRuns: 300 },
  );
});

test('refuses an unknown Safe version instead of guessing its hashing rules', () => {
  for (const bad of ['2.0.0', '1.3', 'latest', '1.3.1', '']) assert.throws(() => parseSafeVersion(bad), hasCode('safe-version-unsupported'), bad);
  assert.equal(parseSafeVersion('v1.3.0+L2').release, '1.3.0');
  assert.equal(parseSafeVersion('1.2.0').legacyDomain, true);
  assert.equal(parseSafeVersion('1.3.0').legacyDomain, false);
});

// ---------------------------------------------------------------------------------------------------------------
// Signatures, with keys generated here.

function owner() {
  const key = utils.randomSecretKey();
  return { key, address: addressFromPublicKey(getPublicKey(key, false)) };
}

const HASH = safeTxHashes({ chainId: 42161n, safe: ARBITRUM_SAFE, version: '1.3.0', tx: safeTx({ to: ARBITRUM_SAFE, data: ADD_OWNER_DATA, nonce: 234n }) }).safeTxHash;

test('an owner signature is ECDSA over the safeTxHash with v 27|28, identical to ethers signing the same digest', async () => {
  for (let i = 0; i < 8; i++) {
    const o = owner();
    const ours = await signSafeTxHash(HASH, o.key);
    assert.equal(ours.owner, o.address);
    assert.equal(ours.kind, 'ecdsa');
    const theirs = new SigningKey(o.key).sign(HASH);
    assert.equal(hex(safeSignatureBytes(ours)), theirs.serialized);
    assert.deepEqual(decodeSafeSignature(HASH, safeSignatureBytes(ours)), ours);
  }
});

test('an eth_sign owner signature (v 31|32) is recognized and recovers to its owner', async () => {
  const wallet = Wallet.createRandom();
  const sig = EthersSignature.from(await wallet.signMessage(HASH));
  const bytes = hexToBytes(sig.serialized.slice(2));
  bytes[64] = bytes[64]! + 4;
  const decoded = decodeSafeSignature(HASH, bytes);
  assert.equal(decoded.kind, 'eth-sign');
  assert.equal(decoded.owner, a(wallet.address));
  assert.deepEqual(safeSignatureBytes(decoded), bytes);
});

test('a pre-validated signature is r = owner, s = 0, v = 1 and round-trips', () => {
  const o = owner();
  const bytes = safeSignatureBytes({ kind: 'approved-hash', owner: o.address });
  assert.equal(hex(bytes), `0x${'00'.repeat(12)}${o.address.slice(2).toLowerCase()}${'00'.repeat(32)}01`);
  assert.deepEqual(decodeSafeSignature(HASH, bytes), { kind: 'approved-hash', owner: o.address });
});

test('encodeSignatures sorts by owner address ascending and each signature recovers to its owner', async () => {
  const owners = Array.from({ length: 5 }, owner);
  const signatures = await Promise.all(owners.slice(0, 4).map((o) => signSafeTxHash(HASH, o.key)));
  const approved: SafeSignature = { kind: 'approved-hash', owner: owners[4]!.address };
  const encoded = encodeSignatures({ safeTxHash: HASH, owners: owners.map((o) => o.address), threshold: 3, signatures: [...signatures.reverse(), approved] });
  const decoded = decodeSafeSignatures(HASH, encoded);
  const order = decoded.map((s) => s.owner.toLowerCase());
  assert.deepEqual(order, [...order].sort());
  assert.deepEqual(new Set(order), new Set(owners.map((o) => o.address.toLowerCase())));
});

test('encodeSignatures refuses non-owners, signatures over another hash, duplicates and a threshold not reached', async () => {
  const owners = Array.from({ length: 3 }, owner);
  const list = owners.map((o) => o.address);
  const stranger = owner();
  const good = await signSafeTxHash(HASH, owners[0]!.key);
  const base = { safeTxHash: HASH, owners: list, threshold: 2 };
  const foreign = await signSafeTxHash(HASH, stranger.key);
  assert.throws(() => encodeSignatures({ ...base, signatures: [good, foreign] }), hasCode('safe-signature-not-owner', /not from a current owner/));
  const otherHash = keccak_256(HASH);
  const misdirected = await signSafeTxHash(otherHash, owners[1]!.key);
  assert.throws(() => encodeSignatures({ ...base, signatures: [good, misdirected] }), hasCode('safe-signature-not-owner'));
  assert.throws(() => encodeSignatures({ ...base, signatures: [good, { kind: 'approved-hash', owner: stranger.address }] }), hasCode('safe-signature-not-owner'));
  assert.throws(() => encodeSignatures({ ...base, signatures: [good, { ...good }] }), hasCode('safe-signature-duplicate', /signed twice/));
  assert.throws(() => encodeSignatures({ ...base, signatures: [good] }), hasCode('safe-threshold-not-reached', /needs 2 owner signatures and 1 valid one is present/));
});

test('decodeSafeSignature refuses contract signatures, unknown v, short input and out-of-range r/s', () => {
  const sig = (v: number, r = 1n, s = 1n) => {
    const b = new Uint8Array(65);
    b.set(hexToBytes(r.toString(16).padStart(64, '0')), 0);
    b.set(hexToBytes(s.toString(16).padStart(64, '0')), 32);
    b[64] = v;
    return b;
  };
  assert.throws(() => decodeSafeSignature(HASH, sig(0)), hasCode('safe-signature-invalid', /contract/));
  assert.throws(() => decodeSafeSignature(HASH, sig(29)), hasCode('safe-signature-invalid', /v byte is 29/));
  assert.throws(() => decodeSafeSignature(HASH, new Uint8Array(64)), hasCode('safe-signature-invalid', /65 bytes/));
  assert.throws(() => decodeSafeSignature(HASH, sig(27, 0n)), hasCode('safe-signature-invalid'));
  assert.throws(() => decodeSafeSignature(HASH, sig(1, 1n, 1n)), hasCode('safe-signature-invalid', /pre-validated/));
  assert.throws(() => decodeSafeSignatures(HASH, new Uint8Array(100)), hasCode('safe-signature-invalid', /65-byte pieces/));
});

// ---------------------------------------------------------------------------------------------------------------
// Calls, cross-checked with ethers' ABI coder.

const SAFE_ABI = new Interface([
  'function execTransaction(address to,uint256 value,bytes data,uint8 operation,uint256 safeTxGas,uint256 baseGas,uint256 gasPrice,address gasToken,address refundReceiver,bytes signatures)',
  'function addOwnerWithThreshold(address owner,uint256 _threshold)',
  'function removeOwner(address prevOwner,address owner,uint256 _threshold)',
  'function swapOwner(address prevOwner,address oldOwner,address newOwner)',
  'function changeThreshold(uint256 _threshold)',
]);

test('execTransaction calldata matches ethers for a signed owner swap', async () => {
  const owners = Array.from({ length: 3 }, owner);
  const tx = safeTx({ to: ARBITRUM_SAFE, data: ADD_OWNER_DATA, nonce: 7n, safeTxGas: 5n });
  const sigs = encodeSignatures({ safeTxHash: HASH, owners: owners.map((o) => o.address), threshold: 2, signatures: await Promise.all(owners.slice(1).map((o) => signSafeTxHash(HASH, o.key))) });
  const expected = SAFE_ABI.encodeFunctionData('execTransaction', [tx.to, tx.value, tx.data, tx.operation, tx.safeTxGas, tx.baseGas, tx.gasPrice, tx.gasToken, tx.refundReceiver, sigs]);
  assert.equal(hex(encodeExecTransaction(tx, sigs)), expected);
});

test('owner management takes prevOwner from the linked-list order, SENTINEL for the first owner', () => {
  const [o1, o2, o3] = [owner().address, owner().address, owner().address] as [Address, Address, Address];
  const owners = [o1, o2, o3];
  const fresh = owner().address;
  assert.equal(SENTINEL_OWNERS, '0x0000000000000000000000000000000000000001');
  assert.equal(prevOwner(owners, o1), SENTINEL_OWNERS);
  assert.equal(prevOwner(owners, o3), o2);
  assert.equal(hex(encodeSwapOwner(owners, o1, fresh)), SAFE_ABI.encodeFunctionData('swapOwner', [SENTINEL_OWNERS, o1, fresh]));
  assert.equal(hex(encodeSwapOwner(owners, o3, fresh)), SAFE_ABI.encodeFunctionData('swapOwner', [o2, o3, fresh]));
  assert.equal(hex(encodeRemoveOwner(owners, o2, 2)), SAFE_ABI.encodeFunctionData('removeOwner', [o1, o2, 2]));
  assert.equal(hex(encodeAddOwnerWithThreshold(owners, fresh, 3)), SAFE_ABI.encodeFunctionData('addOwnerWithThreshold', [fresh, 3]));
  assert.equal(hex(encodeChangeThreshold(owners, 3)), SAFE_ABI.encodeFunctionData('changeThreshold', [3]));
  // The README example's calldata is addOwnerWithThreshold(0x0c75…, 3).
  assert.equal(hex(encodeAddOwnerWithThreshold([o1, o2], a('0x0c75Fa5a5F1C0997e3eEA425cFA13184ed0eC9e5'), 3)), hex(ADD_OWNER_DATA));
});

test('owner management refuses a missing owner, an existing or reserved new owner and an impossible threshold', () => {
  const owners = [owner().address, owner().address];
  const stranger = owner().address;
  assert.throws(() => encodeSwapOwner(owners, stranger, owner().address), hasCode('safe-owner-not-found'));
  assert.throws(() => encodeSwapOwner(owners, owners[0]!, owners[1]!), hasCode('safe-owner-duplicate'));
  assert.throws(() => encodeAddOwnerWithThreshold(owners, SENTINEL_OWNERS, 1), hasCode('safe-owner-invalid'));
  assert.throws(() => encodeAddOwnerWithThreshold(owners, ZERO_ADDRESS, 1), hasCode('safe-owner-invalid'));
  assert.throws(() => encodeRemoveOwner(owners, owners[0]!, 2), hasCode('safe-threshold-invalid', /with 1 owner;/));
  assert.throws(() => encodeChangeThreshold(owners, 0), hasCode('safe-threshold-invalid'));
  assert.throws(() => encodeChangeThreshold(owners, 1.5), hasCode('safe-threshold-invalid'));
});

test('random 65-byte signatures decode to an owner or a safe-signature-invalid error, nothing else (fast-check)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 65, maxLength: 65 }), fc.constantFrom(0, 1, 27, 28, 31, 32, 33, 255), (bytes, v) => {
      const sig = bytes.slice();
      sig[64] = v;
      try {
        decodeSafeSignature(HASH, sig);
      } catch (error) {
        assert.ok(hasCode('safe-signature-invalid')(error), String(error));
      }
    }),
    { numRuns: 300 },
  );
});

test('owner signatures are low-s (s ≤ n/2), as Airlock always produces them', async () => {
  const half = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n / 2n;
  for (let i = 0; i < 16; i++) {
    const sig = await signSafeTxHash(HASH, owner().key);
    assert.ok(sig.kind === 'ecdsa' && sig.s <= half);
  }
});

test('signSafeTxHashWith signs synchronously with a borrowed key, v = 27|28, and refuses a key that is not the owner', async () => {
  const { SecretBytes } = await import('../../../../shared/crypto/secret');
  const { signSafeTxHashWith, safeSignatureBytes } = await import('../../../../shared/evm/safe');
  const { Wallet, recoverAddress, hexlify } = await import('ethers');
  const wallet = new Wallet('0x' + '11'.repeat(32));
  const hash = new Uint8Array(32).fill(7);
  const key = new SecretBytes(Uint8Array.from(Buffer.from('11'.repeat(32), 'hex')));
  const signature = signSafeTxHashWith(hash, key, wallet.address as never);
  assert.equal(signature.kind, 'ecdsa');
  const bytes = safeSignatureBytes(signature);
  assert.ok(bytes[64] === 27 || bytes[64] === 28);
  assert.equal(recoverAddress(hexlify(hash), hexlify(bytes)), wallet.address);
  assert.equal(hexlify(bytes), wallet.signingKey.sign(hash).serialized, 'RFC 6979 low-s: the same bytes as ethers');
  assert.throws(() => signSafeTxHashWith(hash, key, '0x0000000000000000000000000000000000000001' as never), /nothing was signed/);
  key.dispose();
});
