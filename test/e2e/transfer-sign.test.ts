// e2e of the Transfer view's signing flow through the real app: the built renderer and the real services behind
// the real bridge gate (test/e2e/harness.ts), in a Chromium whose fake camera plays a video of an eth-sign-request
// (built with @keystonehq/bc-ur-registry-eth, shown by the app's own AnimatedQr). The vault reviews it, refuses to
// sign while locked with the service's sentence, signs after a quorum unlock, and the eth-signature verifies with ethers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DataType, EthSignRequest } from '@keystonehq/bc-ur-registry-eth';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';
import { Signature, Transaction } from 'ethers';
import { ETH_SIGN_REQUEST, ETH_SIGNATURE, parseEthSignature } from '../../shared/airgap/erc4527';
import { decodeUrParts } from '../../shared/airgap/ur';
import { expectAccessible, startCameraVault, type CameraVault, type Harness, TEST_TIMEOUT_MS, byTestId } from './harness';
import { filmAnimatedQr } from '../helpers/camera-rig';
import { HOLDERS, twoOfThree } from '../helpers/vault-fixture';

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const ADDRESS = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
const XFP = HDKey.fromMasterSeed(mnemonicToSeedSync(MNEMONIC)).fingerprint.toString(16).padStart(8, '0');
const UUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('Transfer: an eth-sign-request scanned by the camera is reviewed, signed after unlock and answered', { concurrency: false }, () => {
  let rig: CameraVault;
  let harness: Harness;
  let videos: string;
  let errors: string[];

  before(async () => {
    // The vault's window: the real renderer and services; its camera plays the video written in the test.
    rig = await startCameraVault({ video: 'eth-sign-request', screenshots: 'camera/sign-request', viewport: { width: 1280, height: 1000 }, vault: twoOfThree({ source: { kind: 'bip39', mnemonic: MNEMONIC, bip39Passphrase: '' } }) });
    ({ harness, videos, errors } = rig);
  });

  after(() => rig?.close());

  test('a typed transaction request: review, locked refusal, quorum unlock, approve, eth-signature recovers to the account', { timeout: TEST_TIMEOUT_MS }, async () => {
    // The other wallet's side: an EIP-1559 transaction request, as MetaMask-style QR wallets build it.
    const unsigned = Transaction.from({
      type: 2, chainId: 1, nonce: 7, maxFeePerGas: 30_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n, gasLimit: 21000n,
      to: '0x000000000000000000000000000000000000bEEF', value: 25n * 10n ** 16n, data: '0x',
    });
    const cbor = EthSignRequest.constructETHRequest(Buffer.from(unsigned.unsignedSerialized.slice(2), 'hex'), DataType.typedTransaction, "m/44'/60'/0'/0/0", XFP, UUID, 1, undefined, 'e2e wallet').toCBOR();

    // Its screen: the app's own AnimatedQr at Robust, several parts, captured into the camera video.
    await filmAnimatedQr({ type: ETH_SIGN_REQUEST, payload: new Uint8Array(cbor), density: 'robust', frames: 8, dir: videos, name: 'eth-sign-request' }, errors);
    const page = harness.page;
    const shot = (name: string) => harness.screenshot(name);

    await byTestId(page, 'nav-transfer').click();
    assert.equal(harness.services.scanner.open, false, 'no camera window before the scanner opens');
    // Records the H-08 camera window as main sees it, each time the renderer flips it over the bridge.
    const scanner = harness.services.scanner;
    const flips: string[] = [];
    const { openScanner, closeScanner } = scanner;
    scanner.openScanner = () => (flips.push('open'), openScanner());
    scanner.closeScanner = () => (flips.push('close'), closeScanner());
    await byTestId(page, 'transfer-scan').click();
    await byTestId(page, 'qr-scanner').waitFor();
    await shot('01-scanning');

    await byTestId(page, 'sign-review').waitFor();
    for (let i = 0; i < 50 && flips.length < 2; i++) await new Promise((done) => setTimeout(done, 20));
    assert.deepEqual(flips, ['open', 'close'], 'scanner.open before the camera, scanner.close once the request was read');
    assert.equal(scanner.open, false);
    assert.equal(await byTestId(page, 'sign-review-path').textContent(), "m/44'/60'/0'/0/0");
    assert.equal(await byTestId(page, 'sign-review-address').textContent(), ' (the request names no address)');
    assert.equal(await byTestId(page, 'sign-review-kind').textContent(), 'Transaction (typed, EIP-2718)');
    assert.equal(await byTestId(page, 'sign-review-origin').textContent(), 'e2e wallet');
    assert.match((await byTestId(page, 'sign-review-transaction').textContent()) ?? '', /0x000000000000000000000000000000000000bEEF/i);
    const signingHash = (await byTestId(page, 'sign-review-signingHash').textContent())?.replace(/\s/g, '');
    assert.equal(signingHash, unsigned.unsignedHash, 'the review shows the hash that gets signed');
    assert.equal((await byTestId(page, 'sign-review-fingerprint').textContent())?.split(' ').length, 4);
    await shot('02-review');
    // Issue 14 point 9: the raw request is at body size, not the smallest text on screen.
    const px = (id: string) => byTestId(page, id).evaluate((node) => parseFloat(getComputedStyle(node).fontSize));
    assert.ok((await px('sign-review-transaction')) >= (await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))));
    await expectAccessible(page, 'transfer review');
    await byTestId(page, 'sign-review-transaction').scrollIntoViewIfNeeded();
    await shot('point-9-raw-request-at-body-size');

    // 0x…bEEF is not registered with this vault: Approve waits until the holder says they checked it (H-23).
    assert.equal(await byTestId(page, 'sign-approve').isEnabled(), false);
    assert.equal(await byTestId(page, 'sign-approve').getAttribute('data-reason'), 'acknowledge');
    assert.match((await byTestId(page, 'sign-review-transaction').textContent()) ?? '', /0\.25 ETH \(250000000000000000 wei\)/, 'the amount in ETH beside the raw wei');
    await byTestId(page, 'ack-recipient-not-registered').check();
    await byTestId(page, 'sign-approve').click();
    await byTestId(page, 'sign-approve-error').waitFor();
    assert.equal(await byTestId(page, 'sign-approve-error').locator('[data-testid="error-code"]').textContent(), 'vault-locked');
    assert.ok(((await byTestId(page, 'sign-approve-error').locator('[data-testid="error-message"]').textContent()) ?? '').length > 20, 'the sentence from main is shown');
    await shot('03-locked');

    const { unlock } = harness.services.custody!;
    await unlock.present('Alice', HOLDERS[0]!.passphrase);
    await unlock.present('Bob', HOLDERS[1]!.passphrase);
    await unlock.complete({});
    await byTestId(page, 'sign-approve').click();
    await byTestId(page, 'sign-answer').waitFor();
    assert.equal(await byTestId(page, 'sign-answer-address').textContent(), ADDRESS);
    assert.equal(await page.locator('[data-testid="sign-answer"] [data-testid="qr-destination"]').textContent(), 'Show this to the WALLET that asked');
    const words = await byTestId(page, 'sign-answer-fingerprint').textContent();
    assert.equal(await byTestId(page, 'qr-fingerprint').getAttribute('data-words'), words, 'the QR shows the same fingerprint words');
    await shot('04-answer');

    // The wallet's side again: the eth-signature carries the request id and recovers to the account, checked by ethers.
    const signatureUr = (await byTestId(page, 'sign-answer').getAttribute('data-signature'))!;
    const { type, payload } = decodeUrParts([signatureUr]);
    assert.equal(type, ETH_SIGNATURE);
    const answer = parseEthSignature(payload);
    assert.equal(Buffer.from(answer.requestId!).toString('hex'), UUID.replace(/-/g, ''));
    const sig = answer.signature;
    const signed = unsigned.clone();
    signed.signature = Signature.from({ r: '0x' + Buffer.from(sig.slice(0, 32)).toString('hex'), s: '0x' + Buffer.from(sig.slice(32, 64)).toString('hex'), yParity: (sig[64]! % 2) as 0 | 1 });
    assert.equal(signed.from, ADDRESS);
  });
});
