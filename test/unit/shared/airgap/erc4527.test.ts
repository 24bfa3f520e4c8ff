import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';
import {
  CryptoAccount,
  CryptoHDKey,
  CryptoKeypath,
  DataType,
  ETHSignature,
  EthSignRequest,
  PathComponent,
} from '@keystonehq/bc-ur-registry-eth';
import {
  buildCryptoAccount,
  buildCryptoHdKey,
  buildEthSignRequest,
  buildEthSignature,
  parseCryptoAccount,
  parseCryptoHdKey,
  parseEthSignRequest,
  parseEthSignature,
  parseKeyPathText,
  type EthSignDataType,
} from '../../../../shared/airgap/erc4527';
import { decodeUrParts, encodeUr } from '../../../../shared/airgap/ur';
import { AirlockError } from '../../../../shared/errors';
import { assertOnlyAirlockErrors } from '../../../helpers/only-airlock-errors';

const REQUEST_ID = Buffer.from('9b1deb4d3b7d4bad9bdd2b0d7b3dcb6d', 'hex');
const LEGACY_TX = 'f849808609184e72a00082271094000000000000000000000000000000000000000080a47f7465737432000000000000000000000000000000000000000000000000000000600057808080';
const TEST_MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

const isCode = (code: string) => (e: unknown) => e instanceof AirlockError && e.code === code;

test("Keystone's own published eth-sign-request UR (its test suite) parses into our types", () => {
  // From @keystonehq/bc-ur-registry-eth's test: legacy tx, chain 1, m/44'/1'/1'/0/1, xfp 12345678, origin metamask.
  const ur =
    'ur:eth-sign-request/oladtpdagdndcawmgtfrkigrpmndutdnbtkgfssbjnaohdgryagalalnascsgljpnbaelfdibemwaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaelaoxlbjyihjkjyeyaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaehnaehglalalaaxadaaadahtaaddyoeadlecsdwykadykadykaewkadwkaocybgeehfksatisjnihjyhsjnhsjkjetlnndant';
  const { type, payload } = decodeUrParts([ur], ['eth-sign-request']);
  assert.equal(type, 'eth-sign-request');
  const request = parseEthSignRequest(payload);
  assert.deepEqual(request.requestId, new Uint8Array(REQUEST_ID));
  assert.equal(Buffer.from(request.signData).toString('hex'), LEGACY_TX);
  assert.equal(request.dataType, 'legacy-transaction');
  assert.equal(request.chainId, 1);
  assert.equal(request.derivationPath.text, "m/44'/1'/1'/0/1");
  assert.equal(request.derivationPath.sourceFingerprint, 0x12345678);
  assert.equal(request.origin, 'metamask');
  assert.equal(request.address, undefined);
});

const CASES: [DataType, EthSignDataType, string][] = [
  [DataType.transaction, 'legacy-transaction', LEGACY_TX],
  [DataType.typedData, 'typed-data', Buffer.from(JSON.stringify({ types: { EIP712Domain: [] }, primaryType: 'EIP712Domain', domain: {}, message: {} })).toString('hex')],
  [DataType.personalMessage, 'personal-message', Buffer.from('I control this vault').toString('hex')],
  [DataType.typedTransaction, 'typed-transaction', '02ef0180843b9aca00850ba43b740082520894000000000000000000000000000000000000dead8080c0'],
];

for (const [number, name, dataHex] of CASES) {
  test(`interop: an eth-sign-request of data type ${number} (${name}) built by the registry's constructors parses into our types and back`, () => {
    const registry = EthSignRequest.constructETHRequest(
      Buffer.from(dataHex, 'hex'),
      number,
      "m/44'/60'/0'/0/3",
      'f23f9fd2',
      '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
      137,
      '0x9858EfFD232B4033E47d90003D41EC34EcaEda94',
      'airlock-relay',
    );
    const parsed = parseEthSignRequest(registry.toCBOR());
    assert.equal(parsed.dataType, name);
    assert.equal(Buffer.from(parsed.signData).toString('hex'), dataHex);
    assert.equal(parsed.chainId, 137);
    assert.deepEqual(parsed.derivationPath.steps, [
      { index: 44, hardened: true },
      { index: 60, hardened: true },
      { index: 0, hardened: true },
      { index: 0, hardened: false },
      { index: 3, hardened: false },
    ]);
    assert.equal(parsed.derivationPath.text, "m/44'/60'/0'/0/3");
    assert.equal(parsed.derivationPath.sourceFingerprint, 0xf23f9fd2);
    assert.equal(parsed.address, '0x9858effd232b4033e47d90003d41ec34ecaeda94');
    assert.equal(parsed.origin, 'airlock-relay');
    assert.deepEqual(parsed.requestId, new Uint8Array(REQUEST_ID));
    // Our builder produces bytes the registry reads the same way, and that survive a multipart UR.
    const ours = buildEthSignRequest(parsed);
    const again = EthSignRequest.fromCBOR(Buffer.from(ours));
    assert.equal(again.getDataType(), number);
    assert.equal(again.getDerivationPath(), "44'/60'/0'/0/3");
    assert.equal(again.getChainId(), 137);
    assert.equal(again.getSignData().toString('hex'), dataHex);
    assert.deepEqual(Buffer.from(ours), registry.toCBOR());
    const { payload } = decodeUrParts(encodeUr('eth-sign-request', ours, 30).reverse(), ['eth-sign-request']);
    assert.deepEqual(parseEthSignRequest(payload), parsed);
  });
}

test("interop: our eth-signature echoes the request id and parses back with the registry's ETHSignature.fromCBOR", () => {
  const signature = Uint8Array.from({ length: 65 }, (_, i) => i + 1);
  const cbor = buildEthSignature({ requestId: new Uint8Array(REQUEST_ID), signature, origin: 'airlock' });
  const registry = ETHSignature.fromCBOR(Buffer.from(cbor));
  assert.deepEqual(registry.getRequestId(), REQUEST_ID);
  assert.deepEqual(new Uint8Array(registry.getSignature()), signature);
  assert.equal(registry.getOrigin(), 'airlock');
  assert.deepEqual(parseEthSignature(cbor), { requestId: new Uint8Array(REQUEST_ID), signature, origin: 'airlock' });
  // And the registry's own encoding parses into ours.
  const theirs = new ETHSignature(Buffer.from(signature), REQUEST_ID).toCBOR();
  assert.deepEqual(parseEthSignature(theirs), { requestId: new Uint8Array(REQUEST_ID), signature });
});

test('an eth-signature must be 65 bytes, on the way out and on the way in', () => {
  assert.throws(() => buildEthSignature({ signature: new Uint8Array(64) }), isCode('signature-invalid'));
  assert.throws(() => parseEthSignature(new ETHSignature(Buffer.alloc(64), REQUEST_ID).toCBOR()), isCode('erc4527-invalid'));
});

function accountKey() {
  const master = HDKey.fromMasterSeed(mnemonicToSeedSync(TEST_MNEMONIC));
  const account = master.derive("m/44'/60'/0'");
  return { master, account };
}

test('watch-only crypto-hdkey of m/44\'/60\'/0\' carries the xpub, origin path and source fingerprint, readable by the registry', () => {
  const { master, account } = accountKey();
  const cbor = buildCryptoHdKey({
    publicKey: account.publicKey!,
    chainCode: account.chainCode!,
    origin: parseKeyPathText("m/44'/60'/0'", master.fingerprint),
    children: '0/*',
    parentFingerprint: account.parentFingerprint,
    name: 'Airlock treasury',
    note: 'account.standard',
  });
  const registry = CryptoHDKey.fromCBOR(Buffer.from(cbor));
  assert.equal(registry.getBip32Key(), account.publicExtendedKey);
  assert.equal(registry.getOrigin()!.getPath(), "44'/60'/0'");
  assert.equal(registry.getOrigin()!.getSourceFingerprint()!.readUInt32BE(0), master.fingerprint);
  assert.equal(registry.getChildren()!.getPath(), '0/*');
  assert.equal(registry.isPrivateKey(), false);
  const parsed = parseCryptoHdKey(cbor);
  assert.equal(parsed.origin.text, "m/44'/60'/0'");
  assert.equal(parsed.origin.sourceFingerprint, master.fingerprint);
  assert.equal(parsed.children, '0/*');
  assert.equal(parsed.name, 'Airlock treasury');
  assert.deepEqual(parsed.publicKey, account.publicKey);
});

test('crypto-account lists account keys under the master fingerprint, readable by the registry', () => {
  const { master, account } = accountKey();
  const key = { publicKey: account.publicKey!, chainCode: account.chainCode!, origin: parseKeyPathText("m/44'/60'/0'", master.fingerprint), parentFingerprint: account.parentFingerprint };
  const cbor = buildCryptoAccount({ masterFingerprint: master.fingerprint, keys: [key] });
  const registry = CryptoAccount.fromCBOR(Buffer.from(cbor));
  assert.equal(registry.getMasterFingerprint().readUInt32BE(0), master.fingerprint);
  assert.equal(registry.getOutputDescriptors()[0]!.getHDKey()!.getBip32Key(), account.publicExtendedKey);
  const parsed = parseCryptoAccount(cbor);
  assert.equal(parsed.masterFingerprint, master.fingerprint);
  assert.equal(parsed.keys.length, 1);
  assert.deepEqual(parsed.keys[0]!.publicKey, account.publicKey);
});

test('a crypto-hdkey holding a private or master key is refused: Airlock imports watch-only keys only', () => {
  const { account } = accountKey();
  const privateKey = new CryptoHDKey({ isMaster: false, isPrivateKey: true, key: Buffer.concat([Buffer.alloc(1), Buffer.from(account.privateKey!)]), chainCode: Buffer.from(account.chainCode!) });
  assert.throws(() => parseCryptoHdKey(privateKey.toCBOR()), (e: unknown) => isCode('erc4527-invalid')(e) && /watch-only/.test((e as Error).message));
  const master = new CryptoHDKey({ isMaster: true, key: Buffer.from(account.publicKey!), chainCode: Buffer.from(account.chainCode!) });
  assert.throws(() => parseCryptoHdKey(master.toCBOR()), isCode('erc4527-invalid'));
  assert.throws(() => buildCryptoHdKey({ publicKey: account.privateKey!, chainCode: account.chainCode!, origin: parseKeyPathText("m/44'/60'/0'") }), isCode('hdkey-invalid'));
});

test('an eth-sign-request with an unknown data type, a short request id or a wildcard path is refused with a reason', () => {
  const path = new CryptoKeypath([new PathComponent({ index: 44, hardened: true })]);
  const make = (args: Partial<ConstructorParameters<typeof EthSignRequest>[0]>) =>
    new EthSignRequest({ signData: Buffer.from([1]), dataType: DataType.transaction, derivationPath: path, ...args }).toCBOR();
  assert.throws(() => parseEthSignRequest(make({ dataType: 9 as DataType })), (e: unknown) => isCode('erc4527-invalid')(e) && /data type 9/.test((e as Error).message));
  assert.throws(() => parseEthSignRequest(make({ requestId: Buffer.alloc(8) })), (e: unknown) => isCode('erc4527-invalid')(e) && /16-byte/.test((e as Error).message));
  const wildcard = new CryptoKeypath([new PathComponent({ hardened: false })]);
  assert.throws(() => parseEthSignRequest(make({ derivationPath: wildcard })), (e: unknown) => isCode('erc4527-invalid')(e) && /wildcard/.test((e as Error).message));
  assert.throws(() => parseEthSignRequest(make({ signData: Buffer.alloc(0) })), isCode('erc4527-invalid'));
});

test('key path text is parsed strictly', () => {
  assert.deepEqual(parseKeyPathText("m/44'/60h/0'/0/0").text, "m/44'/60'/0'/0/0");
  for (const bad of ["m/44'/x", 'm/2147483648', "m/44''", 'm/-1']) assert.throws(() => parseKeyPathText(bad), isCode('key-path-invalid'), bad);
});

test('fuzz (H-19): random bytes into every ERC-4527 parser give only typed AirlockErrors', () => {
  for (const parse of [parseEthSignRequest, parseEthSignature, parseCryptoHdKey, parseCryptoAccount]) {
    assertOnlyAirlockErrors(fc.uint8Array({ minLength: 0, maxLength: 200 }), parse, { code: 'erc4527-invalid', numRuns: 1000 });
  }
});

test('fuzz (H-19): valid requests with one byte flipped give a typed value or a typed error', () => {
  const base = EthSignRequest.constructETHRequest(Buffer.from(LEGACY_TX, 'hex'), DataType.transaction, "m/44'/60'/0'/0/0", '12345678', '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', 1).toCBOR();
  fc.assert(
    fc.property(fc.nat({ max: base.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
      const bytes = Uint8Array.from(base);
      bytes[at]! ^= mask;
      try {
        const value = parseEthSignRequest(bytes);
        assert.ok(value.signData instanceof Uint8Array);
      } catch (e) {
        assert.ok(e instanceof AirlockError && e.code === 'erc4527-invalid', String(e));
      }
    }),
    { numRuns: 1000 },
  );
});

test('CBOR that declares more than it carries (a 5-byte header asking for 300 MB) is refused before the registry allocates', () => {
  const base = EthSignRequest.constructETHRequest(Buffer.from('00', 'hex'), DataType.transaction, "m/44'/60'/0'/0/0", '12345678').toCBOR();
  const bytes = Uint8Array.from(base);
  bytes[bytes.length - 5] = 0x5a; // 0x1a (uint32 fingerprint) becomes a byte string of length 0x12345678
  // The sentence is the pre-check's own, so the refusal came before any library allocated the declared length.
  assert.throws(() => parseEthSignRequest(bytes), (e: unknown) => isCode('erc4527-invalid')(e) && /declares more data/.test((e as Error).message));
  for (const bad of [[0x9a, 0x12, 0x34, 0x56, 0x78], [0xbf], [0xa1, 0x01], [0x41, 0x00, 0x00]]) {
    assert.throws(() => parseEthSignature(Uint8Array.from(bad)), isCode('erc4527-invalid'));
  }
});
