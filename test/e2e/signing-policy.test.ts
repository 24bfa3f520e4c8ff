// SECURITY(H-23) e2e: the four held-out requests (built with Keystone's registry, filmed from the app's own
// AnimatedQr into Chromium's fake camera) scanned by the real Transfer view of an unlocked vault. Blocking codes leave
// nothing to press; each acknowledgeable code is one box to tick before Approve works; the codes are the service's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ETH_SIGN_REQUEST } from '../../shared/airgap/erc4527';
import { decodeUrParts, encodeUr } from '../../shared/airgap/ur';
import { filmAnimatedQr } from '../helpers/camera-rig';
import { HELD_OUT_ADDRESS, HELD_OUT_MNEMONIC, heldOutCases } from '../helpers/held-out-requests';
import { HOLDERS, twoOfThree } from '../helpers/vault-fixture';
import { expectAccessible, startHarness, type Harness, TEST_TIMEOUT_MS, byTestId } from './harness';

/** What the vault adds to the mnemonic path's codes, because it knows its registered accounts. */
const VAULT_EXTRAS: Record<string, string[]> = {
  'an unlimited ERC-20 approval': ['recipient-not-registered'],
  'a Bybit-shaped SafeTx (legacy domain, DELEGATECALL dressed as transfer)': ['recipient-not-registered'],
};

describe('H-23 the Transfer view applies the one signing policy to the held-out requests', { concurrency: false }, () => {
  let harness: Harness;
  let videos: string;
  const errors: string[] = [];

  before(async () => {
    videos = mkdtempSync(join(tmpdir(), 'airlock-policy-camera-'));
    harness = await startHarness({ mode: 'vault', screenshots: 'signing-policy', cameraVideo: join(videos, 'request.y4m'), viewport: { width: 1280, height: 1000 } });
    const custody = harness.services.custody!;
    await custody.vault.create(twoOfThree({ source: { kind: 'bip39', mnemonic: HELD_OUT_MNEMONIC, bip39Passphrase: '' } }));
    await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
    await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
    await custody.unlock.complete({});
  });

  after(async () => {
    await harness?.close();
    if (videos) rmSync(videos, { recursive: true, force: true });
    assert.deepEqual(errors, []);
    assert.deepEqual(harness.internalErrors, []);
    assert.deepEqual(harness.pageErrors, []);
  });

  for (const [i, heldOut] of heldOutCases().entries()) {
    test(heldOut.name, { timeout: TEST_TIMEOUT_MS }, async () => {
      const page = harness.page;
      const { payload } = decodeUrParts(heldOut.parts, [ETH_SIGN_REQUEST]);
      // The other wallet's screen: the request as the app's own AnimatedQr shows it, filmed into the camera's video.
      // One static frame when the request fits one at Balanced (200 B a frame); otherwise twice the fountain's
      // fragment count, enough distinct parts for the decoder.
      const fragments = encodeUr(ETH_SIGN_REQUEST, payload, 200).length;
      const frames = fragments === 1 ? 1 : 2 * fragments;
      await filmAnimatedQr({ type: ETH_SIGN_REQUEST, payload, density: 'balanced', frames, dir: videos, name: 'request' }, errors);
      // A fresh Transfer page for each request: away and back, then scan.
      await byTestId(page, 'nav-dashboard').click();
      await byTestId(page, 'nav-transfer').click();
      await byTestId(page, 'transfer-scan').click();
      await byTestId(page, 'sign-review').waitFor();

      const expected = new Set([...heldOut.codes, ...(VAULT_EXTRAS[heldOut.name] ?? [])]);
      const shown = await page.locator('[data-testid="sign-review"] [data-testid="warning"]').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.code));
      assert.deepEqual(new Set(shown), expected, 'the review lists the service\'s codes');
      const approve = byTestId(page, 'sign-approve');
      await harness.screenshot(`${i + 1}-review`);
      await expectAccessible(page, `held-out request review: ${heldOut.name}`);

      if (heldOut.blocking.length > 0) {
        await byTestId(page, 'sign-blocked').waitFor();
        const reasons = await page.locator('[data-testid="sign-blocked-reason"]').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.code));
        assert.deepEqual(new Set(reasons), new Set(heldOut.blocking));
        assert.equal(await approve.isEnabled(), false);
        assert.equal(await approve.getAttribute('data-reason'), 'blocked');
        assert.equal(await page.locator('[data-testid^="ack-"]').count(), 0, 'nothing to acknowledge past a block');
        return;
      }
      const acks = [...heldOut.acknowledge, ...(VAULT_EXTRAS[heldOut.name] ?? [])];
      const boxes = await page.locator('[data-testid^="ack-"]').evaluateAll((items) => items.map((b) => (b as HTMLElement).dataset.testid));
      assert.deepEqual(new Set(boxes), new Set(acks.map((c) => `ack-${c}`)), 'one box per acknowledgeable code');
      for (const [j, code] of acks.entries()) {
        assert.equal(await approve.isEnabled(), false, `Approve waits for ${code}`);
        assert.equal(await approve.getAttribute('data-reason'), 'acknowledge');
        await byTestId(page, `ack-${code}`).check();
        if (j === acks.length - 1) assert.equal(await approve.isEnabled(), true);
      }
      await approve.click();
      await byTestId(page, 'sign-answer').waitFor();
      assert.equal(await byTestId(page, 'sign-answer-address').textContent(), HELD_OUT_ADDRESS);
      const signed = harness.services.audit.list(5).find((e) => e.action === 'sign-request-signed');
      assert.deepEqual(String(signed?.details.acknowledged).split(',').sort(), [...acks].sort(), 'the acknowledgements are audited with the signature');
      await harness.screenshot(`${i + 1}-signed`);
    });
  }
});
