// e2e of Build and Review & sign in Chromium against the real services (temp SQLite, real KDFs): a native sweep
// and a Safe owner swap built in the form, reviewed (hashes, fingerprint, warnings), signed after a quorum unlock
// in the dialog, the result read by an independent library; an unknown function needs its acknowledgement; a
// chain-id mismatch blocks signing with its sentence; the form's and the service's refusals are shown in place.
// Issue 14: amounts and fees typed with any unit and converted live, reviews in ETH/gwei with the raw wei (point 2);
// the draft list's number, basis and status, a confirmed discard that nothing can sign, labelled fingerprints (point 4).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Transaction, recoverAddress } from 'ethers';
import { bytesToHex } from '@noble/hashes/utils.js';
import { fixedClock } from '../../main/services/deps';
import { signedSetOf } from '../../main/services/transactions/signed-set';
import { relayKeyFingerprint, relayPublicKey, signSnapshot } from '../../shared/snapshot/signature';
import { fromMnemonic, HOLDERS, pairRelay } from '../helpers/vault-fixture';
import { acknowledgementLabel } from '../../shared/drafting/rules';
import { fingerprintText } from '../../shared/airgap/fingerprint';
import { RAW_TX_UR_TYPE, SIGNED_SET_UR_TYPE } from '../../shared/airgap/airlock-types';
import { fromHex } from '../../shared/bytes';
import { borderContrast, expectAccessible, largestText, startHarness, type Harness, byTestId, type Page, closeWithoutErrors } from './harness';

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const ETHER = 10n ** 18n;
const GWEI = 10n ** 9n;
const SAFE = '0x2222222222222222222222222222222222222222';
const THIRD_OWNER = '0x1111111111111111111111111111111111111111';
const NEW_OWNER = '0x00000000000000000000000000000000000000aa';


describe('Build and Review & sign', { concurrency: false }, () => {
  let harness: Harness;
  let treasury = '';
  let owner = '';

  before(async () => {
    harness = await startHarness({ mode: 'vault', screenshots: 'review-sign', clock: fixedClock(Date.UTC(2026, 10, 23, 9, 0, 0)), viewport: { width: 1280, height: 1000 } });
    console.log(`review-sign screenshots: ${harness.screenshotDir}`);
    const custody = harness.services.custody!;
    await custody.vault.create(
      fromMnemonic(MNEMONIC, [
        { scheme: 'bip44', index: 0, label: 'Treasury', role: 'eoa-treasury' },
        { scheme: 'bip44', index: 1, label: 'Safe owner', role: 'safe-owner' },
      ]),
    );
    [treasury, owner] = custody.vault.accounts().map((a) => a.address) as [string, string];
    await byTestId(harness.page, 'view-dashboard').waitFor();
  });

  after(() => closeWithoutErrors(harness));

  async function openBuild(): Promise<Page> {
    const { page } = harness;
    await byTestId(page, 'nav-build').click();
    await byTestId(page, 'draft-form').waitFor();
    return page;
  }

  /** Opens Build with a Safe executor and its first action: swap THIRD_OWNER for NEW_OWNER. */
  async function openSafeSwap(): Promise<Page> {
    const page = await openBuild();
    await byTestId(page, 'executor-safe').check();
    await byTestId(page, 'action-type').selectOption('safe-swap-owner');
    await byTestId(page, 'action-oldOwner').fill(THIRD_OWNER);
    await byTestId(page, 'action-newOwner').fill(NEW_OWNER);
    return page;
  }

  /** The Safe as the form is told it: SAFE, owned by this vault's owner, THIRD_OWNER and 0x33…33, 2 of 3. */
  async function fillSafe(page: Page): Promise<void> {
    await byTestId(page, 'safe-address').fill(SAFE);
    await byTestId(page, 'safe-owners').fill(`${owner}\n${THIRD_OWNER}\n0x3333333333333333333333333333333333333333`);
    await byTestId(page, 'safe-threshold').fill('2');
  }

  /** Fills an EOA native sweep from the treasury: chain 1, nonce 7, 30 / 1 gwei, 1 ETH known. */
  async function fillSweep(page: Page, contextChainId = '1'): Promise<void> {
    await byTestId(page, 'action-to').fill(owner);
    await byTestId(page, 'executor-from').selectOption(treasury);
    await byTestId(page, 'draft-chain-id').fill('1');
    await byTestId(page, 'draft-nonce').fill('7');
    await byTestId(page, 'max-fee').fill('30');
    await byTestId(page, 'priority-fee').fill('1');
    await byTestId(page, 'context-chain-id').fill(contextChainId);
    await byTestId(page, 'context-nonce').fill('7');
    await byTestId(page, 'context-balance').fill('1');
  }

  test('the form refuses obvious mistakes in place and sends nothing', async () => {
    const page = await openBuild();
    await byTestId(page, 'action-to').fill('0x1234');
    await byTestId(page, 'max-fee').fill('thirty');
    await byTestId(page, 'draft-submit').click();
    const problems = byTestId(page, 'draft-problems');
    await problems.waitFor();
    const text = (await problems.textContent()) ?? '';
    assert.match(text, /Recipient is not an address \(0x and 40 hex digits\): "0x1234"/);
    assert.match(text, /Max fee per gas is not an amount: "thirty"/);
    assert.match(text, /Priority fee per gas is missing/);
    assert.deepEqual(harness.services.custody!.drafts.list(), [], 'no draft was stored');
    await harness.screenshot('01-build-problems');
  });

  test('builds a native sweep, reviews it with its signing hash and fingerprint, signs after a quorum unlock', async () => {
    const page = await openBuild();
    await fillSweep(page);
    assert.equal(await byTestId(page, 'context-balance-reading').textContent(), '= 1,000,000,000,000,000,000 wei');
    assert.equal(await byTestId(page, 'max-fee-reading').textContent(), '= 30,000,000,000 wei');
    await harness.screenshot('02-build-sweep');
    await expectAccessible(harness.page, '02-build-sweep');
    await byTestId(page, 'draft-submit').click();

    const review = byTestId(page, 'draft-review');
    await review.waitFor();
    assert.equal(await byTestId(page, 'view-review').count(), 1, 'Review & sign opened');
    const [stored] = harness.services.custody!.drafts.list();
    assert.ok(stored);
    assert.equal(await review.getAttribute('data-draft'), String(stored.id), 'the new draft is the one shown');
    assert.equal(await byTestId(review, 'review-signing-hash').getAttribute('data-hex'), stored.digest);
    assert.equal(await byTestId(review, 'review-signing-hash').textContent(), stored.digest, 'blocks are spaced by CSS: copying gives the hash');
    assert.equal(await byTestId(review, 'review-signing-hash').locator('.hex-block').count(), 16);
    assert.equal(await byTestId(review, 'review-fingerprint').textContent(), stored.fingerprint);
    assert.equal(await byTestId(review, 'review-from').textContent(), treasury);
    assert.match((await byTestId(review, 'review-action').first().textContent()) ?? '', /Sweep/);
    assert.equal(await byTestId(review, 'call-operation').first().textContent(), 'CALL');
    assert.equal(await byTestId(page, 'draft-row').count(), 1);
    assert.equal(await byTestId(page, 'sign-draft').textContent(), 'Unlock and sign');
    assert.equal(await byTestId(page, 'sign-draft').isEnabled(), true);
    await harness.screenshot('03-review-sweep');
    await byTestId(review, 'review-transaction').scrollIntoViewIfNeeded();
    await harness.screenshot('03a-review-sweep-transaction');

    await byTestId(page, 'sign-draft').click();
    const dialog = byTestId(page, 'unlock-dialog');
    await dialog.waitFor();
    for (const [i, holder] of HOLDERS.slice(0, 2).entries()) {
      await byTestId(dialog, 'unlock-holder').selectOption(holder.name);
      await byTestId(dialog, 'unlock-passphrase').fill(holder.passphrase);
      await byTestId(dialog, 'unlock-open-share').click();
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="unlock-progress-summary"]')?.textContent?.startsWith(`${n} of 2`) && !document.querySelector('[data-testid="unlock-busy"]'),
        i + 1,
      );
    }
    await harness.screenshot('03b-unlock-from-sign');
    await byTestId(dialog, 'unlock-complete').click();
    await byTestId(dialog, 'unlock-close').waitFor();
    await byTestId(dialog, 'unlock-close').click();

    const result = byTestId(page, 'sign-result');
    await result.waitFor();
    const raw = (await byTestId(result, 'signed-raw-tx').textContent()) ?? '';
    const tx = Transaction.from(raw);
    assert.equal(tx.from, treasury, 'an independent library reads the vault account as the sender');
    assert.equal(tx.to, owner);
    assert.equal(tx.value, ETHER - 21_000n * 30n * GWEI);
    assert.equal(tx.unsignedHash, stored.digest, 'what was signed is the hash that was on screen');
    assert.equal(await byTestId(result, 'signed-tx-hash').getAttribute('data-hex'), tx.hash);
    assert.equal(await byTestId(result, 'qr-destination').textContent(), 'Show this to the RELAY (online)');
    assert.equal(await byTestId(result, 'qr-frame').count(), 1);
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('[data-testid="qr-frame"]')?.src.startsWith('data:image/svg'));
    assert.equal((await largestText(page, 'body')).testid, 'qr-destination', 'where the code goes is the largest text on screen');
    await expectAccessible(page, 'signed transaction');
    await byTestId(result, 'qr-destination').scrollIntoViewIfNeeded();
    await harness.screenshot('point-5-show-this-to-the-relay');
    assert.equal(await page.locator('[data-testid="draft-row"] [data-testid="draft-row-status"]').textContent(), 'Signed');
    await result.scrollIntoViewIfNeeded();
    await harness.screenshot('04-signed-sweep');
    // Point 4: each fingerprint is named by the screen that shows it. The QR's words are the ones the relay computes
    // from the scanned transaction (shared/relay/scanned-preview.ts), not the draft's.
    const relayWords = fingerprintText(RAW_TX_UR_TYPE, fromHex(raw));
    assert.equal(await byTestId(result, 'signed-fingerprint').textContent(), stored.fingerprint);
    assert.equal(await byTestId(result, 'signed-fingerprint-label').textContent(), 'Draft fingerprint — the one you reviewed: ');
    assert.match((await byTestId(result, 'signed-fingerprint-block').textContent()) ?? '', /the relay never shows them/);
    assert.equal(await byTestId(result, 'signed-relay-fingerprint').textContent(), relayWords);
    assert.equal(await byTestId(result, 'qr-fingerprint').getAttribute('data-words'), relayWords);
    assert.notEqual(relayWords, stored.fingerprint);
    assert.equal(await byTestId(result, 'signed-relay-fingerprint-label').textContent(), 'Transaction fingerprint — compare on the relay: ');
    assert.match((await byTestId(result, 'signed-relay-fingerprint-block').textContent()) ?? '', /before anyone presses Broadcast there/);
    await byTestId(result, 'signed-fingerprint-block').scrollIntoViewIfNeeded();
    await harness.screenshot('point-4-fingerprints-signed');
  });

  test('builds a Safe owner swap, shows the domain, message and safeTxHash, and signs as the owning vault account', async () => {
    const page = await openSafeSwap();
    await fillSafe(page);
    await byTestId(page, 'draft-chain-id').fill('1');
    await byTestId(page, 'draft-nonce').fill('3');
    await byTestId(page, 'context-chain-id').fill('1');
    await byTestId(page, 'context-nonce').fill('3');
    await harness.screenshot('05-build-safe-swap');
    await byTestId(page, 'draft-submit').click();

    const review = byTestId(page, 'draft-review');
    await review.waitFor();
    const stored = harness.services.custody!.drafts.list().find((d) => d.kind === 'safe');
    assert.ok(stored);
    assert.equal(await review.getAttribute('data-draft'), String(stored.id));
    for (const [testid, key] of [
      ['review-domain-hash', 'domainHash'],
      ['review-message-hash', 'messageHash'],
      ['review-safe-tx-hash', 'safeTxHash'],
    ] as const) {
      assert.equal(await byTestId(review, testid).getAttribute('data-hex'), stored.review[key], `${key} as the service computed it`);
    }
    assert.equal(stored.review.safeTxHash, stored.digest);
    assert.equal(await byTestId(review, 'review-fingerprint').textContent(), stored.fingerprint);
    assert.equal(await byTestId(review, 'review-safe-operation').textContent(), '0 (CALL)');
    assert.match((await byTestId(review, 'call-signature').first().textContent()) ?? '', /^swapOwner\(/);
    const warning = review.locator('[data-testid="warning"][data-code="owner-or-threshold-change"]');
    assert.equal(await warning.count(), 1, 'an owner change is flagged');
    assert.ok(((await byTestId(warning, 'warning-severity').textContent()) ?? '').length > 2, 'severity in words, not colour alone');
    await harness.screenshot('06-review-safe-swap');
    // Issue 14 point 3: owners before → after and the threshold, which a swap leaves as it is; the sentence says so.
    const ownership = byTestId(review, 'review-ownership');
    const listed = (testid: string) => byTestId(ownership, testid).locator('[data-testid="ownership-owner"]').evaluateAll((items) => items.map((li) => li.getAttribute('data-owner')!.toLowerCase()));
    const third = '0x3333333333333333333333333333333333333333';
    assert.deepEqual(await listed('ownership-before'), [owner, THIRD_OWNER, third].map((a) => a.toLowerCase()));
    assert.deepEqual(await listed('ownership-after'), [owner, NEW_OWNER, third].map((a) => a.toLowerCase()));
    assert.equal(await byTestId(ownership, 'ownership-threshold').textContent(), 'Threshold 2 of 3 → 2 of 3 (threshold unchanged)');
    assert.match((await warning.textContent()) ?? '', /the threshold does not change/);
    assert.doesNotMatch((await warning.textContent()) ?? '', /new threshold/);
    assert.ok(stored.acknowledgementsRequired.includes('owner-or-threshold-change'), 'an owner change must be acknowledged');
    await ownership.scrollIntoViewIfNeeded();
    await harness.screenshot('06a-point-3-safe-owners-before-after');
    await byTestId(review, 'review-calls').scrollIntoViewIfNeeded();
    await harness.screenshot('06b-review-safe-swap-calls');
    await byTestId(page, 'sign-panel').scrollIntoViewIfNeeded();
    await harness.screenshot('06c-review-safe-swap-sign');

    for (const code of stored.acknowledgementsRequired) {
      assert.equal(await byTestId(page, 'sign-draft').isEnabled(), false, `Sign waits for the ${code} acknowledgement`);
      await byTestId(page, `ack-${code}`).check();
    }
    assert.equal(await byTestId(page, 'sign-draft').textContent(), 'Sign', 'the vault is still unlocked');
    await byTestId(page, 'sign-draft').click();
    const result = byTestId(page, 'sign-result');
    await result.waitFor();
    assert.equal(await byTestId(result, 'signed-owner').count(), 1);
    assert.equal(await byTestId(result, 'signed-owner-address').textContent(), owner);
    const signature = (await byTestId(result, 'signed-signature').textContent()) ?? '';
    assert.equal(recoverAddress(stored.digest, signature), owner, 'the owner signature recovers over the safeTxHash');
    assert.equal(await byTestId(result, 'qr-destination').textContent(), 'Show this to the RELAY (online)');
    await result.scrollIntoViewIfNeeded();
    await harness.screenshot('07-signed-safe-swap');
  });

  test('a Safe batch is one DELEGATECALL to MultiSendCallOnly with its calls decoded and indented below it', async () => {
    const page = await openSafeSwap();
    await byTestId(page, 'action-add').click();
    const second = page.locator('[data-testid="action"][data-index="1"]');
    await byTestId(second, 'action-type').selectOption('safe-change-threshold');
    await byTestId(second, 'action-threshold').fill('3');
    await fillSafe(page);
    await byTestId(page, 'draft-nonce').fill('3');
    await byTestId(page, 'context-chain-id').fill('1');
    await byTestId(page, 'context-nonce').fill('3');
    await byTestId(page, 'draft-submit').click();

    const review = byTestId(page, 'draft-review');
    await review.waitFor();
    assert.equal(await byTestId(review, 'review-action').count(), 2);
    assert.equal(await byTestId(review, 'review-safe-operation').textContent(), '1 (DELEGATECALL)');
    const root = review.locator('[data-testid="call"][data-depth="0"]');
    assert.equal(await root.getAttribute('data-operation'), 'DELEGATECALL');
    assert.match((await byTestId(root, 'call-library').first().textContent()) ?? '', /MultiSendCallOnly 1\.4\.1/);
    const inner = review.locator('[data-testid="call"][data-depth="1"]');
    assert.equal(await inner.count(), 2);
    assert.deepEqual(await inner.locator('[data-testid="call-operation"]').allTextContents(), ['CALL', 'CALL']);
    assert.match((await byTestId(inner.nth(0), 'call-signature').textContent()) ?? '', /^swapOwner\(/);
    assert.match((await byTestId(inner.nth(1), 'call-signature').textContent()) ?? '', /^changeThreshold\(/);
    await byTestId(review, 'review-calls').scrollIntoViewIfNeeded();
    await harness.screenshot('07b-review-safe-batch-calls');
  });

  test('an unknown function is shown as raw data and Sign waits for its acknowledgement from the rules table', async () => {
    const page = await openBuild();
    await byTestId(page, 'action-type').selectOption('contract-call');
    await byTestId(page, 'action-to').fill(owner);
    await byTestId(page, 'action-abi').fill('frobnicate(uint256 level)');
    await byTestId(page, 'action-args').fill('["3"]');
    await fillSweep(page);
    await byTestId(page, 'action-to').fill(owner);
    await byTestId(page, 'draft-submit').click();
    // No gas limit for a call with data: the service's sentence is shown next to the form.
    const error = byTestId(page, 'draft-error');
    await error.waitFor();
    assert.match((await byTestId(error, 'error-message').textContent()) ?? '', /gas/i);
    await harness.screenshot('08-build-service-refusal');

    await byTestId(page, 'draft-gas-limit').fill('100000');
    await byTestId(page, 'draft-submit').click();
    const review = byTestId(page, 'draft-review');
    await review.waitFor();
    assert.equal(await byTestId(review, 'call-unknown').count(), 1);
    assert.match((await byTestId(review, 'raw-data').textContent()) ?? '', /^0x[0-9a-f]{8}0{63}3$/);
    assert.equal(await review.locator('[data-testid="warning"][data-code="unknown-function"]').count(), 1);
    const sign = byTestId(page, 'sign-draft');
    assert.equal(await sign.isEnabled(), false);
    assert.equal(await sign.getAttribute('data-reason'), 'acknowledge');
    // The label comes from the one rules table (H-23), as the CLI's acknowledgement codes do.
    const ack = page.locator('[data-testid="sign-acks"] label', { hasText: acknowledgementLabel('unknown-function') });
    assert.equal(await ack.count(), 1);
    await byTestId(review, 'review-calls').scrollIntoViewIfNeeded();
    await harness.screenshot('09-review-unknown-function');
    await byTestId(page, 'sign-panel').scrollIntoViewIfNeeded();
    await harness.screenshot('09b-review-unknown-function-sign');
    // Issue 14 point 9: the disabled button says why and looks unlike the live one; the raw data is at body size.
    const look = () => sign.evaluate((b) => ({ text: b.textContent, background: getComputedStyle(b).backgroundColor, border: getComputedStyle(b).borderTopStyle, opacity: getComputedStyle(b).opacity }));
    const disabled = await look();
    assert.deepEqual({ text: disabled.text, border: disabled.border, opacity: disabled.opacity }, { text: 'Confirm each item above to sign', border: 'dashed', opacity: '1' });
    const bodyPx = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    for (const id of ['raw-data-hex', 'raw-data-length']) {
      const px = await review.locator(`.${id}`).first().evaluate((node) => parseFloat(getComputedStyle(node).fontSize));
      assert.ok(px >= bodyPx, `${id} is ${px}px, body ${bodyPx}px`);
    }
    for (const badge of ['review-kind', 'review-status']) {
      const ratio = await borderContrast(page, `[data-testid="draft-review"] [data-testid="${badge}"]`);
      assert.ok(ratio >= 3, `the ${badge} badge's outline is ${ratio.toFixed(2)}:1 (WCAG 1.4.11 asks 3:1)`);
    }
    await expectAccessible(page, 'review with an acknowledgement to tick');
    await byTestId(review, 'raw-data').scrollIntoViewIfNeeded();
    await harness.screenshot('point-9-raw-data-at-body-size');
    await byTestId(page, 'sign-panel').scrollIntoViewIfNeeded();
    await harness.screenshot('point-9-disabled-sign-says-why');
    await byTestId(page, 'ack-unknown-function').check();
    assert.equal(await sign.isEnabled(), true);
    const enabled = await look();
    assert.notEqual(enabled.text, disabled.text);
    assert.notEqual(enabled.background, disabled.background, 'the live button is filled, the disabled one is not');
    assert.equal(enabled.border, 'solid');
    await sign.click();
    await byTestId(page, 'sign-result').waitFor();
  });

  test('a chain id other than the known chain state blocks signing, with its sentence', async () => {
    const page = await openBuild();
    await fillSweep(page, '10');
    await byTestId(page, 'draft-submit').click();
    const review = byTestId(page, 'draft-review');
    await review.waitFor();
    const blocked = byTestId(page, 'sign-blocked');
    await blocked.waitFor();
    assert.match((await blocked.textContent()) ?? '', /Nothing can be signed/);
    assert.equal(await page.locator('[data-testid="sign-blocked-reason"][data-code="chain-mismatch"]').count(), 1);
    const warning = review.locator('[data-testid="warning"][data-code="chain-mismatch"]');
    assert.equal(await warning.getAttribute('data-blocking'), 'true');
    assert.equal(await byTestId(page, 'sign-draft').isEnabled(), false);
    assert.equal(await byTestId(page, 'sign-draft').getAttribute('data-reason'), 'blocked');
    await byTestId(review, 'review-warnings').scrollIntoViewIfNeeded();
    await harness.screenshot('10-review-blocked');
    await expectAccessible(harness.page, '10-review-blocked');
    const stored = harness.services.custody!.drafts.list()[0]!;
    assert.equal(stored.signatures.length, 0, 'nothing was signed');
  });
  test('builds from a verified relay snapshot by default: nonce, fees and balance come from it, not from typing', async () => {
    const custody = harness.services.custody!;
    const snapshots = harness.services.snapshots!;
    const secret = Uint8Array.from({ length: 32 }, (_, i) => i + 7);
    const relayKey = relayPublicKey(secret);
    await pairRelay({ snapshots: harness.services.snapshots!, custody }, relayKey, 'Office relay');
    const signed = signSnapshot(
      {
        version: 1,
        chainId: '1',
        blockNumber: '21000000',
        blockHash: '0x' + 'cd'.repeat(32),
        blockTime: String(Date.UTC(2026, 10, 23, 7, 0, 0) / 1000),
        takenAt: String(Date.UTC(2026, 10, 23, 7, 0, 0)),
        accounts: [{ address: treasury, nonce: '4', balance: (2n * ETHER).toString(), tokens: [] }],
        safes: [],
        fees: { baseFee: '9000000000', maxPriorityFeePerGas: '1000000000', maxFeePerGas: '19000000000' },
        positions: [],
        crossCheck: { endpoints: '2', disagreements: [] },
      },
      secret,
    );
    const imported = snapshots.import(signed, 1n);
    const page = await openBuild();
    assert.equal(await byTestId(page, 'draft-snapshot').inputValue(), String(imported.snapshot.id), 'the newest snapshot is the default');
    assert.match((await byTestId(page, 'draft-snapshot').locator('option').first().textContent()) ?? '', /block 21000000 · 2 h 0 min old/);
    await byTestId(page, 'action-to').fill(owner);
    await byTestId(page, 'executor-from').selectOption(treasury);
    await harness.screenshot('11-build-from-snapshot');
    await byTestId(page, 'draft-submit').click();
    const review = byTestId(page, 'draft-review');
    await review.waitFor();
    const [newest] = custody.drafts.list();
    assert.ok(newest);
    assert.equal(await review.getAttribute('data-draft'), String(newest.id));
    const executor = newest.input.executor as Record<string, string>;
    assert.equal(executor.nonce, '4');
    assert.equal(executor.maxFeePerGas, '19000000000');
    assert.equal((newest.input.context as { balance: string }).balance, (2n * ETHER).toString());
    assert.deepEqual(newest.blocking, []);
    await harness.screenshot('12-review-from-snapshot');
  });

  test('point 2: amounts and fees take any unit with the conversion shown live, refusals in place, and the review reads ETH and gwei with the raw wei', async () => {
    const page = await openBuild();
    await byTestId(page, 'draft-snapshot').selectOption('');
    await byTestId(page, 'action-type').selectOption('native-transfer');
    await fillSweep(page);
    const value = byTestId(page, 'action-value');
    const reading = byTestId(page, 'action-value-reading');
    for (const [typed, sentence] of [
      ['-1', 'Amount cannot be negative: "-1".'],
      ['0.0000000000000000001', 'Amount is finer than 1 wei: ETH has at most 18 decimals ("0.0000000000000000001").'],
      ['1,5', 'Amount: write it without commas, with a dot for decimals, e.g. 0.5 ETH or 30 gwei ("1,5").'],
    ]) {
      await value.fill(typed!);
      assert.equal(await reading.textContent(), sentence);
      assert.equal(await reading.getAttribute('data-state'), 'refused');
    }
    await value.fill('0.25 ETH');
    assert.equal(await reading.textContent(), '= 250,000,000,000,000,000 wei');
    await byTestId(page, 'max-fee').fill('30 gwei');
    await byTestId(page, 'priority-fee').fill('1500000000 wei');
    assert.equal(await byTestId(page, 'priority-fee-reading').textContent(), '= 1.5 gwei = 1,500,000,000 wei');
    await byTestId(page, 'action-value').scrollIntoViewIfNeeded();
    await harness.screenshot('point-2-units-build');
    await byTestId(page, 'draft-submit').click();

    const review = byTestId(page, 'draft-review');
    await review.waitFor();
    const [stored] = harness.services.custody!.drafts.list();
    const executor = stored!.input.executor as Record<string, string>;
    assert.deepEqual([executor.maxFeePerGas, executor.maxPriorityFeePerGas], ['30000000000', '1500000000']);
    assert.equal((stored!.input.actions as Array<{ value: string }>)[0]!.value, (ETHER / 4n).toString());
    assert.equal(await byTestId(review, 'review-transaction-value').textContent(), '0.25 ETH (250000000000000000 wei)');
    assert.equal(await byTestId(review, 'review-transaction-max-fee').textContent(), '30 gwei (30000000000 wei)');
    assert.match((await byTestId(review, 'call-value').textContent()) ?? '', /0\.25 ETH \(250000000000000000 wei\)/);
    await byTestId(review, 'review-transaction').scrollIntoViewIfNeeded();
    await harness.screenshot('point-2-units-review');
  });

  test('point 4: the draft list shows number, snapshot basis and status; a confirmed discard is audited and nothing can sign the draft', async () => {
    const { page } = harness;
    const custody = harness.services.custody!;
    await byTestId(page, 'nav-review').click();
    await byTestId(page, 'draft-table').waitFor();
    const drafts = custody.drafts.list();
    assert.deepEqual(await byTestId(page, 'draft-table').locator('th').allTextContents(), ['#', 'Title', 'Kind', 'Chain state from', 'Status', 'Built', 'Fingerprint']);
    assert.deepEqual(await byTestId(page, 'draft-row-id').allTextContents(), drafts.map((d) => String(d.id)), 'numbered, newest first');
    const row = (id: number) => page.locator(`[data-testid="draft-row"][data-draft="${id}"]`);
    const fromSnapshot = drafts.find((d) => d.basis !== null)!;
    assert.equal(await byTestId(row(fromSnapshot.id), 'draft-row-basis').textContent(), `Chain 1 · block 21000000 · snapshot ${fromSnapshot.basis!.snapshotId}, 2 h 0 min old`);
    const typed = drafts.find((d) => d.basis === null && d.status === 'draft')!;
    assert.equal(await byTestId(row(typed.id), 'draft-row-basis').textContent(), 'Chain 1 · typed by a holder, no snapshot');

    await byTestId(row(typed.id), 'draft-open').click();
    await page.locator(`[data-testid="draft-review"][data-draft="${typed.id}"]`).waitFor();
    await byTestId(page, 'draft-discard-start').click();
    const confirm = byTestId(page, 'draft-discard-confirm');
    assert.match((await confirm.textContent()) ?? '', new RegExp(`Discard draft ${typed.id}, .* for good\\?.*can never be signed or executed, and the discard is written to the audit log`));
    await byTestId(page, 'draft-discard-no').click();
    assert.equal(custody.drafts.get(typed.id).status, 'draft', 'Keep it sends nothing');
    await byTestId(page, 'draft-discard-start').click();
    await confirm.scrollIntoViewIfNeeded();
    await harness.screenshot('point-4-discard-confirm');
    await byTestId(page, 'draft-discard-yes').click();
    await byTestId(page, 'draft-discarded').waitFor();
    assert.equal(await byTestId(row(typed.id), 'draft-row-status').textContent(), 'Discarded');
    assert.equal(await byTestId(page, 'sign-draft').count(), 0, 'no sign step for a discarded draft');
    assert.equal(harness.services.audit.list(1)[0]!.action, 'draft-discarded');
    // The bridge refuses it too, even with the reviewed digest and the vault unlocked.
    const reply = await page.evaluate((request) => window.airlock!['drafts.sign']!(request), { id: typed.id, digest: typed.digest, acknowledge: [] });
    assert.deepEqual(reply, { ok: false, error: { code: 'draft-discarded', message: `Draft ${typed.id} was discarded, so it can never be signed or executed. Build a new draft if the transaction is still needed.` } });
    await row(typed.id).evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await harness.screenshot('point-4-draft-list');
  });

  test('issue 17: the signed recovery drafts built together are shown as one signed set: each item with its chain and fingerprint, one animated QR', async () => {
    const { page } = harness;
    const custody = harness.services.custody!;
    await byTestId(page, 'nav-review').click();
    // A signed typed EOA draft again on a second chain (a runbook step on each chain), built and signed through the services.
    const typedEoa = custody.drafts.list().find((d) => d.kind === 'eoa' && d.status === 'signed' && d.basis === null)!;
    const onChain10 = custody.drafts.create(JSON.parse(JSON.stringify(typedEoa.input).replaceAll('"chainId":"1"', '"chainId":"10"')));
    assert.equal(onChain10.chainId, '10');
    custody.drafts.sign(onChain10.id, { digest: onChain10.digest, acknowledge: onChain10.acknowledgementsRequired });
    await byTestId(page, 'nav-build').click();
    await byTestId(page, 'nav-review').click();
    const panel = byTestId(page, 'signed-set');
    await panel.waitFor();
    const signed = custody.drafts.list().filter((d) => d.status === 'signed' && d.purpose === 'recovery').sort((a, b) => a.id - b.id);
    assert.ok(signed.length >= 2, 'the earlier tests signed a sweep and a Safe owner swap');
    for (const d of signed) assert.equal(await byTestId(panel, `signed-set-pick-${d.id}`).isChecked(), true, 'built with the newest (one fixed clock): ticked');
    await byTestId(panel, 'signed-set-show').click();
    await byTestId(panel, 'qr-frame').waitFor();
    const rows = byTestId(panel, 'signed-set-item');
    assert.deepEqual([...new Set(signed.map((d) => d.chainId))].sort(), ['1', '10']);
    const expected = signed.flatMap((d) =>
      d.kind === 'eoa'
        ? [[d.chainId, String(d.id), 'transaction', fingerprintText(RAW_TX_UR_TYPE, fromHex(d.signatures[0]!.signature!))]]
        : d.signatures.map(() => [d.chainId, String(d.id), 'safe-signature', null]),
    );
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => [(tr as HTMLElement).dataset.chain, (tr as HTMLElement).dataset.draft, (tr as HTMLElement).dataset.kind, tr.querySelector('[data-words]')!.getAttribute('data-words')]));
    assert.deepEqual(shown.map((r) => r.slice(0, 3)), expected.map((r) => r.slice(0, 3)));
    for (const [i, row] of expected.entries()) if (row[3]) assert.equal(shown[i]![3], row[3], 'a transaction shows the words the vault showed after signing it');
    // The QR carries exactly the set main makes of these drafts (its fingerprint words).
    const set = signedSetOf(custody.drafts, signed.map((d) => d.id));
    const words = fingerprintText(SIGNED_SET_UR_TYPE, new TextEncoder().encode(JSON.stringify(set)));
    assert.equal(await byTestId(panel, 'qr-fingerprint').getAttribute('data-words'), words);
    await panel.scrollIntoViewIfNeeded();
    await harness.screenshot('issue-17-signed-set-vault');
    await expectAccessible(page, 'issue-17-signed-set-vault');
    // Nothing ticked: refused in place, no QR.
    for (const d of signed) await byTestId(panel, `signed-set-pick-${d.id}`).uncheck();
    await byTestId(panel, 'signed-set-show').click();
    await byTestId(panel, 'signed-set-error').waitFor();
    assert.equal(await byTestId(panel, 'qr-frame').count(), 0);
  });
});
