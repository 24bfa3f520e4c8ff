// e2e of Safe signatures across the air gap in Chromium against the real services: the vault's owner-signature QR
// carries the versioned payload; "Execute with co-owner signatures" takes a pasted co-owner payload (a wrong one is
// refused in place), the executor, nonce and fees, and opens the execTransaction draft in Review & sign. The relay's
// Safe signatures view checks payloads against a Safe 1.4.1 on anvil and shows the bundle QR at the threshold.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Wallet } from 'ethers';
import { fixedClock } from '../../main/services/deps';
import { fingerprintWords } from '../../shared/airgap/fingerprint';
import { SAFE_BUNDLE_UR_TYPE, SAFE_SIGNATURE_UR_TYPE, safeSignaturePayloadJson } from '../../shared/airgap/safe-signature';
import { encodeUr } from '../../shared/airgap/ur';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import { deploySafe, deploySafeStack } from '../helpers/chain';
import { CO_OWNER, SAFE, signedSafeDraft, THIRD_OWNER } from '../helpers/safe-draft-fixture';
import { expectAccessible, startHarness, type Harness, byTestId, type Page, closeWithoutErrors } from './harness';



describe('Execute a Safe draft with co-owner signatures', { concurrency: false }, () => {
  let harness: Harness;
  let owner = '';
  let executor = '';
  let safeDraft: { id: number; digest: string };

  before(async () => {
    harness = await startHarness({ mode: 'vault', screenshots: 'safe-execute', clock: fixedClock(Date.UTC(2026, 10, 23, 9, 0, 0)), viewport: { width: 1280, height: 1000 } });
    console.log(`safe-execute screenshots: ${harness.screenshotDir}`);
    ({ owner, executor, draft: safeDraft } = await signedSafeDraft(harness.services.custody!));
    await byTestId(harness.page, 'view-dashboard').waitFor();
  });

  after(() => closeWithoutErrors(harness));

  async function openPanel(): Promise<Page> {
    const { page } = harness;
    await byTestId(page, 'nav-review').click();
    await byTestId(page, 'draft-review').waitFor();
    // The signed draft shows its stored signature again without an unlock.
    await byTestId(page, 'sign-draft').click();
    await byTestId(page, 'safe-exec-panel').waitFor();
    return page;
  }

  test('shows this vault\'s own signature and refuses a payload for another Safe in place', async () => {
    const page = await openPanel();
    const panel = byTestId(page, 'safe-exec-panel');
    assert.deepEqual(await byTestId(panel, 'safe-exec-signer').evaluateAll((n) => n.map((e) => (e as HTMLElement).dataset.owner)), [owner]);
    assert.equal(await byTestId(panel, 'safe-exec-progress').textContent(), '1 of 2 owner signatures');
    // The owner signature's QR carries the versioned payload (chain, Safe, hash, owner, signature): same words, same bytes.
    const own = harness.services.custody!.drafts.get(safeDraft.id).signatures[0]!;
    const expected = safeSignaturePayloadJson({ chainId: 1n, safe: SAFE, safeTxHash: safeDraft.digest, owner, signature: own.signature! });
    const words = fingerprintWords(SAFE_SIGNATURE_UR_TYPE, new TextEncoder().encode(expected)).join(' ');
    assert.equal(await byTestId(page, 'signed-owner').locator('[data-testid="qr-fingerprint"]').getAttribute('data-words'), words);
    const wrong = safeSignaturePayloadJson({ chainId: 1n, safe: THIRD_OWNER, safeTxHash: safeDraft.digest, owner: CO_OWNER.address, signature: CO_OWNER.signingKey.sign(safeDraft.digest).serialized });
    await byTestId(panel, 'safe-exec-payload').fill(wrong);
    await byTestId(panel, 'safe-exec-add').click();
    const error = byTestId(panel, 'safe-exec-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /is for Safe 0x1111111111111111111111111111111111111111 on chain 1/);
    assert.equal(await byTestId(panel, 'safe-exec-signer').count(), 1, 'nothing was added');
    await byTestId(panel, 'safe-exec-submit').click();
    assert.match((await byTestId(panel, 'safe-exec-error').textContent()) ?? '', /Add at least one co-owner's signature/);
    await panel.scrollIntoViewIfNeeded();
    await harness.screenshot('01-execute-panel-refused');
  });

  test('a co-owner signature pasted as ur:airlock-safe-signature parts, the executor, nonce and fees build the execTransaction draft, opened in the review', async () => {
    const page = harness.page;
    const panel = byTestId(page, 'safe-exec-panel');
    const payload = safeSignaturePayloadJson({ chainId: 1n, safe: SAFE, safeTxHash: safeDraft.digest, owner: CO_OWNER.address, signature: CO_OWNER.signingKey.sign(safeDraft.digest).serialized });
    const parts = encodeUr(SAFE_SIGNATURE_UR_TYPE, new TextEncoder().encode(payload), 60);
    assert.ok(parts.length > 1);
    await byTestId(panel, 'safe-exec-payload').fill(parts.join('\n'));
    await byTestId(panel, 'safe-exec-add').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="safe-exec-signer"]').length === 2);
    assert.equal(await byTestId(panel, 'safe-exec-error').count(), 0);
    assert.equal(await byTestId(panel, 'safe-exec-progress').textContent(), '2 of 2 owner signatures: enough to execute');
    assert.equal(await byTestId(panel, 'safe-exec-executor').inputValue(), executor, 'the executor account is offered first');
    await byTestId(panel, 'safe-exec-nonce').fill('0');
    // Issue 14 point 2: fees in gwei as in Build (no longer wei), any unit accepted, the conversion shown live.
    await byTestId(panel, 'safe-exec-max-fee').fill('30');
    await byTestId(panel, 'safe-exec-priority-fee').fill('1000000000 wei');
    assert.equal(await byTestId(panel, 'safe-exec-max-fee-reading').textContent(), '= 30,000,000,000 wei');
    assert.equal(await byTestId(panel, 'safe-exec-priority-fee-reading').textContent(), '= 1 gwei = 1,000,000,000 wei');
    assert.deepEqual(await panel.locator('label.field-label').allTextContents().then((labels) => labels.filter((l) => /fee per gas/i.test(l))), ['Max fee per gas (gwei)', 'Max priority fee per gas (gwei)']);
    await panel.scrollIntoViewIfNeeded();
    await harness.screenshot('02-execute-panel-filled');
    await expectAccessible(harness.page, '02-execute-panel-filled');
    await byTestId(panel, 'safe-exec-submit').click();

    await page.waitForFunction(() => document.querySelectorAll('[data-testid="draft-row"]').length === 2);
    const drafts = harness.services.custody!.drafts.list();
    const exec = drafts.find((d) => d.id !== safeDraft.id)!;
    assert.equal(exec.kind, 'eoa');
    assert.equal((exec.input.executor as { from: string }).from, executor);
    const review = byTestId(page, 'draft-review');
    await page.waitForFunction((id) => document.querySelector('[data-testid="draft-review"]')?.getAttribute('data-draft') === String(id), exec.id);
    assert.equal(await review.getAttribute('data-draft'), String(exec.id), 'the new draft is the one shown');
    // Both owners' signatures, sorted by owner as the Safe requires, the co-owner's exactly as ethers made it.
    const action = (exec.input.actions as { signatures: string }[])[0]!;
    const signatures = action.signatures.slice(2);
    assert.equal(signatures.length, 260);
    const sorted = [owner, CO_OWNER.address].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    const firstIsCoOwner = sorted[0] === CO_OWNER.address;
    const coOwnerSignature = CO_OWNER.signingKey.sign(safeDraft.digest).serialized.slice(2);
    assert.equal(firstIsCoOwner ? signatures.slice(0, 130) : signatures.slice(130), coOwnerSignature);
    const sent = exec.input.executor as { maxFeePerGas: string; maxPriorityFeePerGas: string };
    assert.deepEqual([sent.maxFeePerGas, sent.maxPriorityFeePerGas], ['30000000000', '1000000000'], 'sent in wei');
    assert.equal(await byTestId(review, 'review-transaction-max-fee').textContent(), '30 gwei (30000000000 wei)');
    // The Safe transaction it executes reads its value in ETH, the raw wei beside (no more "Value (wei)").
    assert.equal(await byTestId(review, 'review-safe-exec-tx-value').textContent(), '0 ETH (0 wei)');
    await harness.screenshot('03-execution-draft-review');
    await expectAccessible(harness.page, '03-execution-draft-review');
  });
});

describe('relay Safe signatures view', { concurrency: false }, () => {
  let anvil: Anvil;
  let harness: Harness;
  let safe = '';
  const owners = DEV_ACCOUNTS.slice(0, 3).map((a) => new Wallet(a.privateKey));
  const outsider = new Wallet(DEV_ACCOUNTS[3]!.privateKey);
  const HASH = '0x' + 'ab'.repeat(32);
  const payloadOf = (wallet: Wallet) =>
    safeSignaturePayloadJson({ chainId: 31337n, safe, safeTxHash: HASH, owner: wallet.address, signature: wallet.signingKey.sign(HASH).serialized });

  before(async () => {
    anvil = await startAnvil();
    safe = await deploySafe(anvil, await deploySafeStack(anvil), owners.map((o) => o.address), 2);
    harness = await startHarness({ mode: 'relay', screenshots: 'safe-execute/relay', viewport: { width: 1280, height: 1000 } });
    const { page } = harness;
    await byTestId(page, 'nav-endpoints').click();
    await byTestId(page, 'endpoint-url').fill(anvil.url);
    await byTestId(page, 'endpoint-add').click();
    await byTestId(page, 'endpoint-row').waitFor();
  });
  after(async () => {
    assert.deepEqual(harness?.pageErrors ?? [], [], 'no uncaught errors in the page');
    await harness?.close();
    await anvil?.stop();
  });

  /** Pastes, checks the decoded preview names `owner` with the payload's words, then confirms (nothing is kept before). */
  async function paste(text: string, owner: string, screenshot?: string): Promise<void> {
    const { page } = harness;
    const kept = harness.services.relay!.safeCollections().map((c) => c.signers.length);
    await byTestId(page, 'safe-signature-input').fill(text);
    await byTestId(page, 'safe-signature-decode').click();
    const preview = byTestId(page, 'safe-signature-preview');
    await preview.waitFor();
    assert.equal(await byTestId(preview, 'preview-owner').textContent(), owner);
    assert.equal(await byTestId(preview, 'safe-signature-fingerprint').getAttribute('data-words'), fingerprintWords(SAFE_SIGNATURE_UR_TYPE, new TextEncoder().encode(text)).join(' '));
    assert.deepEqual(harness.services.relay!.safeCollections().map((c) => c.signers.length), kept, 'nothing kept before the click');
    await byTestId(preview, 'safe-signature-collect').scrollIntoViewIfNeeded();
    if (screenshot) await harness.screenshot(screenshot);
    await byTestId(preview, 'safe-signature-collect').click();
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-testid="safe-signature-collect"]')?.disabled && document.querySelector('[data-testid="safe-signature-outcome"]')?.childElementCount);
  }

  test('keeps an owner\'s signature once, refuses a non-owner\'s, and shows the bundle QR at the threshold', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-safe-signatures').click();
    await byTestId(page, 'safe-collections-empty').waitFor();
    await paste(payloadOf(owners[1]!), owners[1]!.address, '00-point-1-safe-signature-decoded-nothing-kept-before-the-click');
    assert.equal(await byTestId(page, 'safe-signature-result').getAttribute('data-added'), 'true');
    await page.waitForFunction(() => document.querySelector('[data-testid="safe-collection-progress"]')?.textContent === '1 of 2 owner signatures');
    await paste(payloadOf(owners[1]!), owners[1]!.address);
    assert.equal(await byTestId(page, 'safe-signature-result').getAttribute('data-added'), 'false');
    assert.match((await byTestId(page, 'safe-signature-result').textContent()) ?? '', /already kept; it counts once/);
    await paste(payloadOf(outsider), outsider.address);
    assert.match((await byTestId(page, 'safe-signature-error').textContent()) ?? '', new RegExp(`${outsider.address} is not an owner of the Safe`));
    await harness.screenshot('01-one-of-two');
    assert.equal(await byTestId(page, 'safe-bundle').count(), 0);

    await paste(payloadOf(owners[0]!), owners[0]!.address);
    await byTestId(page, 'safe-bundle').waitFor();
    assert.equal(await byTestId(page, 'safe-collection-progress').textContent(), '2 of 2 owner signatures — complete');
    const [collection] = harness.services.relay!.safeCollections();
    assert.ok(collection?.bundle);
    const words = fingerprintWords(SAFE_BUNDLE_UR_TYPE, new TextEncoder().encode(JSON.stringify(collection.bundle))).join(' ');
    assert.equal(await byTestId(page, 'safe-bundle').locator('[data-testid="qr-fingerprint"]').getAttribute('data-words'), words, 'the QR carries the bundle');
    assert.equal(await byTestId(page, 'safe-bundle').locator('[data-testid="qr-destination"]').textContent(), 'Show this to the VAULT (offline)');
    await byTestId(page, 'safe-bundle').scrollIntoViewIfNeeded();
    await harness.screenshot('02-bundle');
    await expectAccessible(harness.page, '02-bundle');
  });
});
