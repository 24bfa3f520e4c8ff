// e2e of the Bitcoin section through the real app (built renderer, real services behind the real bridge gate) in
// Chromium: accounts registered and a 2-of-3 wallet imported through the forms, then a PSBT made by bitcoinjs-lib
// (the independent implementation) played to the fake camera as the app's own animated ur:crypto-psbt. The vault
// reviews it (verified change, fee), asks a quorum to unlock through the dialog, signs, and shows the animated
// answer; bitcoinjs-lib validates, finalizes and extracts the signed PSBT read from the page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { formatDescriptor, parseDescriptor } from '../../shared/btc/descriptor';
import { buildCryptoPsbt } from '../../shared/btc/ur';
import { COSIGNER_B, COSIGNER_C, externalAddress, finalizeAndExtract, MNEMONIC, multisigDescriptor, singleSigPsbt } from '../helpers/bitcoin';
import { filmAnimatedQr } from '../helpers/camera-rig';
import { HOLDERS, twoOfThree } from '../helpers/vault-fixture';
import { expectAccessible, startCameraVault, type CameraVault, type Harness, TEST_TIMEOUT_MS, byTestId } from './harness';


describe('Bitcoin: accounts, a wallet, and a coordinator\'s PSBT scanned, reviewed, unlocked, signed and answered', { concurrency: false }, () => {
  let rig: CameraVault;
  let harness: Harness;
  let videos: string;
  let errors: string[];

  before(async () => {
    // The vault's window: the real renderer and services; its camera plays the video written in the test.
    rig = await startCameraVault({ video: 'crypto-psbt', screenshots: 'camera/psbt', viewport: { width: 1280, height: 1100 }, vault: twoOfThree({ source: { kind: 'bip39', mnemonic: MNEMONIC, bip39Passphrase: '' } }) });
    ({ harness, videos, errors } = rig);
  });

  after(() => rig?.close());

  test('accounts from the unlocked seed and a 2-of-3 wallet, through the forms', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = harness;
    const { unlock } = harness.services.custody!;
    await unlock.present('Alice', HOLDERS[0]!.passphrase);
    await unlock.present('Bob', HOLDERS[1]!.passphrase);
    await unlock.complete({});
    await byTestId(page, 'nav-bitcoin').click();
    await byTestId(page, 'btc-account-form').waitFor();
    for (const [kind, label] of [['p2wpkh', 'BTC treasury'], ['p2wsh-cosigner', 'Cosigner key']] as const) {
      await byTestId(page, 'btc-account-kind').selectOption(kind);
      await byTestId(page, 'btc-account-label').fill(label);
      await byTestId(page, 'btc-account-add').click();
      await page.locator(`[data-testid="btc-account"]:has-text("${label}")`).waitFor();
    }
    assert.equal(await page.locator('[data-testid="btc-account"][data-path="m/84\'/0\'/0\'"] [data-testid="btc-account-address"]').textContent(), 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
    // The wallet is imported while the vault is unlocked: the vault seals it.
    await byTestId(page, 'btc-wallet-name').fill('Treasury 2-of-3');
    await byTestId(page, 'btc-wallet-descriptor').fill(multisigDescriptor());
    await byTestId(page, 'btc-wallet-import').click();
    await byTestId(page, 'btc-wallet-summary').waitFor();
    unlock.lock('explicit');
    assert.match((await byTestId(page, 'btc-wallet-summary').textContent()) ?? '', /^2 of 3: cosigners 73c5da0a \(this vault: Cosigner key\)/);
    assert.equal(await byTestId(page, 'btc-wallet').getAttribute('data-sealed'), 'true');
    assert.equal(await byTestId(page, 'btc-wallet-unsealed').count(), 0);
    assert.equal(await page.locator('[data-testid="btc-account"][data-sealed="true"]').count(), await byTestId(page, 'btc-account').count());
    assert.equal(await byTestId(page, 'btc-account-unsealed').count(), 0);
    await byTestId(page, 'btc-export-show').click();
    await page.locator('[data-testid="btc-export"][data-type="crypto-account"]').waitFor();
    assert.match((await byTestId(page, 'btc-export-descriptor').first().textContent()) ?? '', /^wpkh\(\[73c5da0a\/84'\/0'\/0'\]xpub/);
    await harness.screenshot('01-accounts');
  });

  test('a PSBT from bitcoinjs-lib through the camera: review, quorum unlock in the dialog, sign, animated answer that bitcoinjs-lib finalizes', { timeout: TEST_TIMEOUT_MS }, async () => {
    const psbt = singleSigPsbt({ kind: 'p2wpkh', inputs: [{ index: 0, value: 60_000n, previousTx: true }, { index: 1, value: 40_000n, previousTx: true }], pay: [{ address: externalAddress(), value: 70_000n }], change: { index: 0, value: 28_000n } });
    const cbor = buildCryptoPsbt(Buffer.from(psbt.toBase64(), 'base64'));
    await filmAnimatedQr({ type: 'crypto-psbt', payload: cbor, density: 'robust', frames: 14, dir: videos, name: 'crypto-psbt' }, errors);
    const { page } = harness;
    await byTestId(page, 'psbt-scan').click();
    await byTestId(page, 'qr-scanner').waitFor();
    await byTestId(page, 'psbt-review').waitFor();
    assert.equal(harness.services.scanner.open, false, 'the camera window closed once the PSBT was read');
    assert.deepEqual(await page.locator('[data-testid="psbt-output"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-change'))), ['false', 'true']);
    assert.deepEqual(await page.locator('[data-testid="psbt-input"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ours'))), ['true', 'true']);
    assert.equal(await byTestId(page, 'psbt-fee').getAttribute('data-fee'), '2000');
    assert.match((await byTestId(page, 'psbt-output-kind').nth(1).textContent()) ?? '', /^Change, verified: pays the vault's BTC treasury at m\/84'\/0'\/0'\/1\/0$/);
    assert.equal((await byTestId(page, 'psbt-fingerprint').textContent())?.split(' ').length, 4);
    await harness.screenshot('02-review');
    await expectAccessible(harness.page, '02-review');

    // Locked: Sign asks a quorum of holders to unlock first, in the dialog.
    await byTestId(page, 'psbt-approve').click();
    const dialog = byTestId(page, 'unlock-dialog');
    await dialog.waitFor();
    for (const holder of [HOLDERS[0]!, HOLDERS[1]!]) {
      await byTestId(dialog, 'unlock-holder').selectOption(holder.name);
      await byTestId(dialog, 'unlock-passphrase').fill(holder.passphrase);
      await byTestId(dialog, 'unlock-open-share').click();
      await page.locator(`[data-testid="unlock-present"]:has-text("${holder.name}")`).waitFor();
    }
    await byTestId(dialog, 'unlock-complete').click();
    await byTestId(dialog, 'unlock-done-line').waitFor();
    await byTestId(dialog, 'unlock-close').click();
    await byTestId(page, 'psbt-answer').waitFor();
    assert.equal(await byTestId(page, 'psbt-answer').getAttribute('data-inputs'), '0,1');
    const words = await byTestId(page, 'psbt-answer-fingerprint').textContent();
    assert.equal(await page.locator('[data-testid="psbt-answer"] [data-testid="qr-fingerprint"]').getAttribute('data-words'), words, 'the QR shows the same fingerprint words');
    await harness.screenshot('03-answer');
    await expectAccessible(harness.page, '03-answer');

    // The coordinator's side: the signed PSBT validates, finalizes and extracts with bitcoinjs-lib.
    const signed = (await byTestId(page, 'psbt-answer').getAttribute('data-psbt'))!;
    const out = finalizeAndExtract(signed);
    assert.deepEqual(out.valid, [true, true]);
    assert.match(out.txid, /^[0-9a-f]{64}$/);
    harness.services.custody!.unlock.lock('explicit');
  });

  test('a wallet whose cosigners were swapped in the vault file is shown as not sealed, and nothing is reviewed against it', { timeout: TEST_TIMEOUT_MS }, async () => {
    const raw = new Database(harness.dbPath);
    raw.prepare('UPDATE btc_wallet SET descriptor = ?').run(formatDescriptor(parseDescriptor(multisigDescriptor({ mnemonics: [COSIGNER_B, COSIGNER_C, MNEMONIC] }).replace('sortedmulti(2,', 'sortedmulti(1,'), 'mainnet')));
    raw.close();
    const { page } = harness;
    await byTestId(page, 'nav-bitcoin').click();
    await page.locator('[data-testid="btc-wallet"][data-sealed="false"]').waitFor();
    assert.match((await byTestId(page, 'btc-wallet-unsealed').textContent()) ?? '', /^Not sealed by this vault: it was added or changed in the vault file outside Airlock/);
    // The summary reads the descriptor itself, not the threshold column the edit left at 2.
    assert.match((await byTestId(page, 'btc-wallet-summary').textContent()) ?? '', /^1 of 3: /);
    await harness.screenshot('04-wallet-unsealed');
    await expectAccessible(harness.page, '04-wallet-unsealed');
    assert.throws(() => harness.services.custody!.bitcoin.ownership('mainnet'), (e: Error & { code?: string }) => e.code === 'btc-wallet-unsealed');

    // An account relabelled in the file: shown as not sealed, and the review refuses before it reads any wallet.
    const edit = new Database(harness.dbPath);
    edit.prepare("UPDATE btc_account SET label = 'Cold storage' WHERE path = ?").run("m/84'/0'/0'");
    edit.close();
    await byTestId(page, 'nav-bitcoin').click();
    await page.locator('[data-testid="btc-account"][data-sealed="false"]').waitFor();
    assert.equal(await page.locator('[data-testid="btc-account"][data-sealed="false"]').getAttribute('data-path'), "m/84'/0'/0'");
    assert.match((await byTestId(page, 'btc-account-unsealed').textContent()) ?? '', /^Not sealed by this vault: its key, label or role was changed in the vault file outside Airlock/);
    await expectAccessible(harness.page, '05-account-unsealed');
    assert.throws(() => harness.services.custody!.bitcoin.ownership('mainnet'), (e: Error & { code?: string }) => e.code === 'btc-account-unsealed');
  });
});
