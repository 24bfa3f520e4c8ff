import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataType, EthSignRequest } from '@keystonehq/bc-ur-registry-eth';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';
import { Signature, Transaction, verifyMessage } from 'ethers';
import { ETH_SIGN_REQUEST, ETH_SIGNATURE, parseEthSignature } from '../../../../../shared/airgap/erc4527';
import { decodeUrParts, encodeUr } from '../../../../../shared/airgap/ur';
import { AirlockError } from '../../../../../shared/errors';
import { HOLDERS, twoOfThree, vaultServices } from '../../../../helpers/vault-fixture';

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const ADDRESS = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
const XFP = HDKey.fromMasterSeed(mnemonicToSeedSync(MNEMONIC)).fingerprint.toString(16).padStart(8, '0');
const UUID = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';

function requestParts(data: Uint8Array, type: DataType, path = "m/44'/60'/0'/0/0", fragment = 60): string[] {
  const cbor = EthSignRequest.constructETHRequest(Buffer.from(data), type, path, XFP, UUID, 1, undefined, 'wallet').toCBOR();
  return encodeUr(ETH_SIGN_REQUEST, new Uint8Array(cbor), fragment);
}

async function unlockedVault() {
  const fixture = vaultServices();
  await fixture.custody.vault.create(twoOfThree({ source: { kind: 'bip39', mnemonic: MNEMONIC, bip39Passphrase: '' } }));
  return fixture;
}

const isCode = (code: string) => (e: unknown) => e instanceof AirlockError && e.code === code;

test('the vault reviews a scanned request, refuses to sign while locked, then signs exactly it after a quorum unlock', async () => {
  const { services, custody } = await unlockedVault();
  const message = new TextEncoder().encode('Treasury drill 2026-11-23: we control this account');
  const parts = requestParts(message, DataType.personalMessage);
  assert.ok(parts.length > 1, 'a multipart request');
  const reviewed = custody.signRequests.review([...parts].reverse());
  assert.equal(reviewed.review.dataType, 'personal-message');
  assert.equal(reviewed.fingerprint.split(' ').length, 4);
  assert.throws(() => custody.signRequests.approve(reviewed.requestKey, []), isCode('vault-locked'));
  await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
  await custody.unlock.present('Carol', HOLDERS[2]!.passphrase);
  await custody.unlock.complete({});
  const answer = custody.signRequests.approve(reviewed.requestKey, []);
  assert.equal(answer.address, ADDRESS);
  const { type, payload } = decodeUrParts([answer.signature]);
  assert.equal(type, ETH_SIGNATURE);
  const parsed = parseEthSignature(payload);
  assert.equal(verifyMessage(message, '0x' + Buffer.from(parsed.signature).toString('hex')), ADDRESS);
  assert.throws(() => custody.signRequests.approve(reviewed.requestKey, []), isCode('sign-request-unknown'), 'signed once only');
  const actions = services.audit.list(3).map((e) => e.action);
  assert.deepEqual(actions.slice(0, 1), ['sign-request-signed']);
  assert.ok(services.audit.list(10).some((e) => e.action === 'sign-request-reviewed'));
  services.close();
});

test('a typed transaction request is signed so that its sender recovers to the registered account', async () => {
  const { services, custody } = await unlockedVault();
  const unsigned = Transaction.from({ type: 2, chainId: 1, nonce: 3, maxFeePerGas: 30_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n, gasLimit: 21000n, to: '0x000000000000000000000000000000000000bEEF', value: 10n ** 17n, data: '0x' });
  const reviewed = custody.signRequests.review(requestParts(Buffer.from(unsigned.unsignedSerialized.slice(2), 'hex'), DataType.typedTransaction));
  await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
  await custody.unlock.present('Carol', HOLDERS[2]!.passphrase);
  await custody.unlock.complete({});
  // 0x…bEEF is not registered with this vault: the holders must say they checked it.
  assert.deepEqual(reviewed.review.acknowledgementsRequired, ['recipient-not-registered']);
  assert.throws(() => custody.signRequests.approve(reviewed.requestKey, []), isCode('signing-needs-acknowledgement'));
  assert.equal(services.audit.list(1)[0]!.action, 'sign-request-refused');
  const { payload } = decodeUrParts([custody.signRequests.approve(reviewed.requestKey, ['recipient-not-registered']).signature]);
  assert.equal(services.audit.list(1)[0]!.details.acknowledged, 'recipient-not-registered', 'the acknowledgement is audited with the signature');
  const sig = parseEthSignature(payload).signature;
  const signed = unsigned.clone();
  signed.signature = Signature.from({ r: '0x' + Buffer.from(sig.slice(0, 32)).toString('hex'), s: '0x' + Buffer.from(sig.slice(32, 64)).toString('hex'), yParity: (sig[64]! % 2) as 0 | 1 });
  assert.equal(signed.from, ADDRESS);
  services.close();
});

test('a request for a key that is not a registered account of this vault is refused before review', async () => {
  const { services, custody } = await unlockedVault();
  assert.throws(
    () => custody.signRequests.review(requestParts(new TextEncoder().encode('hi'), DataType.personalMessage, "m/44'/60'/0'/0/7")),
    (e: unknown) => isCode('sign-request-unregistered-account')(e) && /m\/44'\/60'\/0'\/0\/7/.test((e as Error).message),
  );
  assert.throws(() => custody.signRequests.review(['ur:crypto-account/lpadbdcfaxwmcyaejeaasfhdhhhk']), AirlockError);
  services.close();
});

test('H-25 an approved sign request is sealed at once by a signed checkpoint that covers its sign-request-signed entry', async () => {
  const { services, custody } = await unlockedVault();
  const reviewed = custody.signRequests.review(requestParts(new TextEncoder().encode('checkpoint me'), DataType.personalMessage));
  await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
  await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
  await custody.unlock.complete({});
  const sealedBefore = services.audit.verify().checkpoints.latest!.number;
  custody.signRequests.approve(reviewed.requestKey, []);
  const [entry] = services.audit.list(1);
  const verdict = services.audit.verify();
  assert.equal(entry!.action, 'sign-request-signed');
  assert.deepEqual([verdict.valid, verdict.uncheckpointedFrom, verdict.checkpoints.latest!.last], [true, null, entry!.seq]);
  assert.equal(verdict.checkpoints.latest!.number, sealedBefore + 1);
  services.close();
});
