// H-27 on a real vault (SQLite file, real KDFs) whose interface list the test switches between an air-gapped laptop
// and one with eth0 up: no share opened, no quorum completed and nothing signed while connected, each refusal audited;
// the audited test-machine setting lifts it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataType, EthSignRequest } from '@keystonehq/bc-ur-registry-eth';
import { ETH_SIGN_REQUEST } from '../../../../../shared/airgap/erc4527';
import { encodeUr } from '../../../../../shared/airgap/ur';
import { AirlockError } from '../../../../../shared/errors';
import { ETHERNET, LOOPBACK } from '../../../../helpers/services';
import { HOLDERS, twoOfThree, vaultServices } from '../../../../helpers/vault-fixture';

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const GWEI = 1_000_000_000n;

function isOnlineRefusal(step: 'unlock' | 'sign') {
  return (error: unknown) => {
    assert.ok(error instanceof AirlockError, String(error));
    assert.equal(error.code, 'vault-online');
    assert.match(error.message, /connected to a network \(eth0\)/);
    assert.match(error.message, /disconnect Wi-Fi and Ethernet/);
    assert.match(error.message, step === 'unlock' ? /Nothing was unlocked\.$/ : /Nothing was signed\.$/);
    assert.deepEqual(error.params, { step, interfaces: 'eth0' });
    return true;
  };
}

/** A vault made offline from a known mnemonic, with a switch for the machine's network. */
async function switchableVault() {
  let interfaces = LOOPBACK;
  const fixture = vaultServices(undefined, () => interfaces);
  const created = await fixture.custody.vault.create(twoOfThree({ source: { kind: 'bip39', mnemonic: MNEMONIC, bip39Passphrase: '' } }));
  return {
    ...fixture,
    shares: created.shares,
    connect: () => void (interfaces = ETHERNET),
    disconnect: () => void (interfaces = LOOPBACK),
    refusals: () => fixture.services.audit.list(100).filter((e) => e.action === 'airgap-refused').map((e) => e.details),
  };
}

async function unlock(custody: Awaited<ReturnType<typeof switchableVault>>['custody']) {
  await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
  await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
  return custody.unlock.complete({});
}

test('H-27 while eth0 is up no share is opened, by passphrase or paper words, and each refusal is audited', async () => {
  const { services, custody, shares, connect, refusals } = await switchableVault();
  connect();
  await assert.rejects(custody.unlock.present('Alice', HOLDERS[0]!.passphrase), isOnlineRefusal('unlock'));
  assert.throws(() => custody.unlock.presentWords('Bob', shares[1]!.words), isOnlineRefusal('unlock'));
  assert.equal(custody.unlock.status().state, 'locked');
  assert.deepEqual(refusals(), [
    { vault: services.custody.vault.summary()!.id, step: 'unlock', interfaces: 'eth0' },
    { vault: services.custody.vault.summary()!.id, step: 'unlock', interfaces: 'eth0' },
  ]);
  assert.equal(services.audit.list(100).filter((e) => e.action === 'unlock-share-opened').length, 0);
  assert.equal(services.audit.verify().valid, true);
  services.close();
});

test('H-27 a network that comes up mid-unlock stops the quorum at its last step and forgets the shares already opened', async () => {
  const { services, custody, connect, disconnect } = await switchableVault();
  await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
  await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
  connect();
  await assert.rejects(custody.unlock.complete({}), isOnlineRefusal('unlock'));
  assert.deepEqual([custody.unlock.status().state, custody.unlock.status().present], ['locked', []]);
  assert.ok(!services.audit.list(100).some((e) => e.action === 'vault-unlocked'));
  disconnect();
  assert.equal((await unlock(custody)).state, 'unlocked', 'the holders present again once disconnected');
  services.close();
});

test('H-27 an unlocked vault that finds itself online signs nothing: drafts, ERC-4527 requests, watch-only export, drills', async () => {
  const { services, custody, connect, refusals } = await switchableVault();
  const [treasury] = custody.vault.accounts().map((a) => a.address);
  const draft = custody.drafts.create({
    chainId: '1',
    executor: { kind: 'eoa', from: treasury, nonce: '7', maxFeePerGas: (30n * GWEI).toString(), maxPriorityFeePerGas: GWEI.toString() },
    actions: [{ type: 'native-transfer', to: '0x00000000000000000000000000000000000000aa', value: '1000' }],
    context: { chainId: '1', balance: (10n ** 18n).toString(), nonce: '7' },
  });
  const message = new TextEncoder().encode('We control this account');
  // The abandon-about wallet's master fingerprint.
  const cbor = EthSignRequest.constructETHRequest(Buffer.from(message), DataType.personalMessage, "m/44'/60'/0'/0/0", '73c5da0a', '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', 1).toCBOR();
  const request = custody.signRequests.review(encodeUr(ETH_SIGN_REQUEST, new Uint8Array(cbor), 200));
  await unlock(custody);
  connect();

  assert.throws(() => custody.drafts.sign(draft.id, { digest: draft.digest, acknowledge: draft.acknowledgementsRequired }), isOnlineRefusal('sign'));
  assert.equal(custody.drafts.get(draft.id).signatures.length, 0);
  assert.throws(() => custody.signRequests.approve(request.requestKey, []), isOnlineRefusal('sign'));
  assert.throws(() => custody.watchOnly.export(), isOnlineRefusal('sign'));
  const drill = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders: HOLDERS.slice(0, 2) });
  assert.equal(drill.passed, false);
  assert.match(drill.reasons[0] ?? '', /^quorum unlock: This computer is connected to a network \(eth0\)/);
  assert.deepEqual([drill.failedShares, drill.steps.filter((s) => s.name.startsWith('share of')).length], [[], 0], 'the network, not a share, failed');

  assert.deepEqual(refusals().map((d) => d.step), ['unlock', 'sign', 'sign', 'sign']);
  const actions = services.audit.list(100).map((e) => e.action);
  for (const signed of ['draft-signed', 'sign-request-signed', 'watch-only-exported']) assert.ok(!actions.includes(signed), signed);
  services.close();
});

test('H-27 the test-machine setting is off by default, audited both ways, and lets the vault unlock and sign online', async () => {
  const { services, custody, connect } = await switchableVault();
  assert.equal(custody.vault.summary()!.allowOnlineSigning, false);
  connect();
  assert.equal(custody.airgap.status().onlineSigningAllowed, false);

  assert.equal(custody.vault.setAllowOnlineSigning(true).allowOnlineSigning, true);
  assert.equal(custody.airgap.status().onlineSigningAllowed, true, 'the banner learns it from the network status');
  assert.equal((await unlock(custody)).state, 'unlocked');
  const unlocked = services.audit.list(100).find((e) => e.action === 'vault-unlocked')!;
  assert.equal(unlocked.details.online, 'eth0', 'the record says the key was rebuilt on a connected machine');
  assert.equal(custody.watchOnly.export().length > 0, true);

  custody.vault.setAllowOnlineSigning(false);
  assert.throws(() => custody.watchOnly.export(), isOnlineRefusal('sign'));
  const changes = services.audit.list(100).filter((e) => e.action === 'online-signing-changed').map((e) => [e.details.from, e.details.to]);
  assert.deepEqual(changes.reverse(), [
    [false, true],
    [true, false],
  ]);
  custody.vault.setAllowOnlineSigning(false);
  assert.equal(services.audit.list(100).filter((e) => e.action === 'online-signing-changed').length, 2, 'setting the same value again changes and records nothing');
  services.close();
});
