// e2e of custody in Chromium against the real services (temp SQLite, real scrypt KDFs): the create
// wizard down to one share card per holder (PDF + PNG, its recovery guide read back with pdftotext), the Holders view, the quorum unlock dialog,
// lock, an audited reprint, a recorded share check, and a raw scan of the database file and its WAL
// for share words and passphrases.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { fixedClock } from '../../main/services/deps';
import { ROOT, expectAccessible, startHarness, type Harness, byTestId, type Page, assertText } from './harness';
import { pdfPages } from './pdf-text';

const CARDS_DIR = join(ROOT, 'test-output', 'custody');
const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots', 'custody');
const NOV_24_2025_0900_UTC = Date.UTC(2025, 10, 24, 9, 0, 0);

const HOLDERS = [
  { name: 'Alice', passphrase: 'alice correct horse' },
  { name: 'Bob', passphrase: 'bob battery staple' },
  { name: 'Carol', passphrase: 'carol purple monkey' },
] as const;
const DICE = '3 6 1 4\n4 2 5 1';
const VAULT_NAME = 'Acme treasury';
/** Only loopback is up: the vault is air-gapped, so the screenshots show no red banner. */


describe('custody: create, cards, unlock, reprint', { concurrency: false }, () => {
  let harness: Harness;
  /** Share words per holder as the cards showed them, for the comparisons and the raw scan below. */
  const cardWords = new Map<string, string[]>();

  before(async () => {
    rmSync(CARDS_DIR, { recursive: true, force: true });
    mkdirSync(CARDS_DIR, { recursive: true });
    console.log(`custody share cards (PDF + PNG): ${CARDS_DIR}`);
    console.log(`custody screenshots: ${SCREENSHOTS}`);
    harness = await startHarness({ mode: 'vault', screenshots: 'custody', clock: fixedClock(NOV_24_2025_0900_UTC), viewport: { width: 1280, height: 900 } });
    await byTestId(harness.page, 'view-dashboard').waitFor();
  });

  after(() => harness?.close());

  test('with no vault, Holders offers "Create a vault" and "Import an existing key"', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-holders').click();
    await byTestId(page, 'empty-state').waitFor();
    assert.equal(await byTestId(page, 'empty-state-title').textContent(), 'No holders yet.');
    assert.equal(await byTestId(page, 'create-vault-start').textContent(), 'Create a vault');
    assert.equal(await byTestId(page, 'import-vault-start').textContent(), 'Import an existing key');
    await harness.screenshot('01-holders-empty');
  });

  test('a refused import is shown on Review and on the Key step, and nothing typed is lost', async () => {
    const { page } = harness;
    await byTestId(page, 'import-vault-start').click();
    await byTestId(page, 'create-vault-wizard').waitFor();
    assert.equal(await byTestId(page, 'source-bip39').isChecked(), true, 'import starts on BIP-39');
    await byTestId(page, 'vault-name').fill(VAULT_NAME);
    await byTestId(page, 'bip39-mnemonic').fill('abandon abandon abandon');
    await byTestId(page, 'wizard-next').click();

    // Step 2: Next with a mismatched confirmation is refused in place.
    await fillHolders(page, { mismatchFor: 'Carol' });
    await byTestId(page, 'wizard-next').click();
    await byTestId(page, 'step-problems').waitFor();
    assert.match((await byTestId(page, 'step-problems').textContent()) ?? '', /Carol's two passphrases differ/);
    await harness.screenshot('02-wizard-holders-problem');
    await page.locator('[data-testid="holder"][data-holder="0-2"] [data-testid="holder-passphrase-confirm"]').fill(HOLDERS[2].passphrase);

    // A second group brings the group threshold; removing it leaves the first group as typed.
    await byTestId(page, 'group-add').click();
    assert.equal(await byTestId(page, 'group').count(), 2);
    assert.deepEqual(await page.locator('[data-testid="group-threshold"] option').allTextContents(), ['Any 1 of 2 groups', 'Any 2 of 2 groups']);
    await page.locator('[data-testid="group"][data-group="1"]').scrollIntoViewIfNeeded();
    await harness.screenshot('02b-wizard-two-groups');
    await page.locator('[data-testid="group"][data-group="1"] [data-testid="group-remove"]').click();
    assert.equal(await byTestId(page, 'group').count(), 1);
    assert.equal(await byTestId(page, 'group-threshold').count(), 0);
    assert.equal(await page.locator('[data-testid="holder"][data-holder="0-2"] [data-testid="holder-name"]').inputValue(), 'Carol');
    await byTestId(page, 'wizard-next').click();
    await byTestId(page, 'account').first().waitFor();
    await byTestId(page, 'wizard-next').click();

    await byTestId(page, 'create-vault-submit').click();
    await byTestId(page, 'step-error').waitFor();
    assert.equal(await byTestId(page, 'error-code').textContent(), 'bip39-mnemonic-invalid');
    await harness.screenshot('03-wizard-review-refused');
    await byTestId(page, 'step-error-goto').click();
    assert.equal(await page.locator('[data-testid="create-vault-wizard"]').getAttribute('data-step'), 'key');
    assert.equal(await byTestId(page, 'error-code').textContent(), 'bip39-mnemonic-invalid', 'the refusal is shown on the step that caused it');
    assert.equal(await byTestId(page, 'vault-name').inputValue(), VAULT_NAME, 'the name survives the refusal');
    assert.equal(await byTestId(page, 'bip39-mnemonic').inputValue(), 'abandon abandon abandon');
    assert.equal(harness.services.custody!.vault.summary(), null, 'no vault was written');
  });

  test('creates a 2-of-3 vault from a new 128-bit key with dice; each holder sees one card of 20 words and a QR (PDF + PNG)', async () => {
    const { page } = harness;
    await byTestId(page, 'source-new').check();
    await byTestId(page, 'dice-rolls').fill(DICE);
    assert.equal(await byTestId(page, 'dice-counter').textContent(), '8 rolls ≈ 20 bits collected');
    await byTestId(page, 'dice-rolls').fill(`${DICE} 7`);
    assert.match((await byTestId(page, 'dice-counter').textContent()) ?? '', /Dice roll 9 is "7"/);
    await byTestId(page, 'dice-rolls').fill(DICE);
    await harness.screenshot('04-wizard-key');
    await expectAccessible(harness.page, '04-wizard-key');
    await byTestId(page, 'wizard-next').click();

    // The holders typed before the refusal are all still there.
    for (const [i, holder] of HOLDERS.entries()) {
      const row = page.locator(`[data-testid="holder"][data-holder="0-${i}"]`);
      assert.equal(await byTestId(row, 'holder-name').inputValue(), holder.name);
      assert.equal(await byTestId(row, 'holder-passphrase').getAttribute('type'), 'password');
      assert.equal(await byTestId(row, 'holder-passphrase').getAttribute('autocomplete'), 'off');
      assert.equal(await byTestId(row, 'holder-passphrase').getAttribute('spellcheck'), 'false');
      assert.equal(await byTestId(row, 'holder-match').textContent(), 'Both passphrases match.');
    }
    await byTestId(page, 'group-name').fill('Board');
    assert.equal(await byTestId(page, 'member-threshold').inputValue(), '2');
    assert.equal(await byTestId(page, 'extendable').isChecked(), true);
    await harness.screenshot('05-wizard-holders');
    await expectAccessible(harness.page, '05-wizard-holders');
    await byTestId(page, 'wizard-next').click();
    assert.equal(await byTestId(page, 'account-label').inputValue(), 'Treasury');
    assert.equal(await byTestId(page, 'account-role').inputValue(), 'eoa-treasury');
    assert.equal(await byTestId(page, 'account-path').textContent(), "m/44'/60'/0'/0/0");
    await byTestId(page, 'account-add').click();
    const ledger = page.locator('[data-testid="account"][data-account="1"]');
    assert.equal(await byTestId(ledger, 'account-scheme').inputValue(), 'ledger-live');
    await byTestId(ledger, 'account-index').fill('2');
    assert.equal(await byTestId(ledger, 'account-path').textContent(), "m/44'/60'/2'/0/0");
    await harness.screenshot('06-wizard-accounts');
    await expectAccessible(harness.page, '06-wizard-accounts');
    await byTestId(ledger, 'account-remove').click();
    assert.equal(await byTestId(page, 'account').count(), 1, 'the vault keeps one account');
    await byTestId(page, 'wizard-next').click();
    assert.equal(await byTestId(page, 'review-key').textContent(), "New 128-bit key from this computer's randomness, mixed with 8 dice rolls");
    assert.equal(await byTestId(page, 'review-quorum').textContent(), 'Any 2 of 3 holders');
    assert.match((await byTestId(page, 'review-groups').textContent()) ?? '', /Board — any 2 of 3 holders: Alice, Bob, Carol/);
    await harness.screenshot('07-wizard-review');
    await expectAccessible(harness.page, '07-wizard-review');

    await byTestId(page, 'create-vault-submit').click();
    const progress = byTestId(page, 'create-progress-text');
    await progress.waitFor();
    assert.match((await progress.textContent()) ?? '', /^Encrypting share [1-3] of 3…/);
    assert.equal(await byTestId(page, 'create-vault-submit').isDisabled(), true, 'Create is disabled while the KDFs run');
    assert.equal(await byTestId(page, 'wizard-back').isDisabled(), true, 'Back is disabled while the KDFs run');
    await harness.screenshot('08-wizard-creating');

    // Leaving mid-way is refused with a sentence, and the cards stay.
    await byTestId(page, 'handover-title').waitFor();
    await byTestId(page, 'nav-audit').click();
    await byTestId(page, 'leave-blocked').waitFor();
    assert.match((await byTestId(page, 'leave-blocked').textContent()) ?? '', /3 holders have not finished with their share card yet/);
    assert.equal(await byTestId(page, 'view-holders').count(), 1, 'still on Holders & shares');

    for (const [i, holder] of HOLDERS.entries()) {
      assert.equal(await byTestId(page, 'handover-title').textContent(), `Hand the screen to ${holder.name}`);
      assert.equal(await byTestId(page, 'share-card').count(), 0, 'no words before the holder asks for them');
      if (i === 0) await harness.screenshot('09-handover-alice');
      if (i === 0) await expectAccessible(harness.page, '09-handover-alice');
      await byTestId(page, 'card-reveal').click();
      const card = byTestId(page, 'share-card');
      await card.waitFor();
      await page.locator('[data-testid="card-qr"][data-state="ready"]').waitFor();
      assert.equal(await byTestId(page, 'leave-blocked').isVisible(), false, 'the leave notice goes once the hand-out moves on');
      assert.equal(await byTestId(page, 'card-holder').textContent(), holder.name);
      assert.equal(await byTestId(page, 'card-vault').textContent(), VAULT_NAME);
      assert.equal(await byTestId(page, 'card-place').textContent(), `Group 1 (Board) · share ${i + 1} of 3 · any 2 of 3 in this group · any 1 of 1 group`);
      assert.equal(await byTestId(page, 'card-position').textContent(), `Card ${i + 1} of 3`);
      const words = await readCardWords(page);
      assert.equal(words.length, 20, `${holder.name}'s card shows 20 words`);
      assert.equal(await byTestId(page, 'card-word-count').textContent(), '20');
      assert.equal(await byTestId(page, 'card-identifier').textContent(), words.slice(0, 2).join(' '));
      assert.equal(await byTestId(page, 'card-date').textContent(), '2025-11-24 (UTC)');
      assert.match((await byTestId(page, 'card-instructions').textContent()) ?? '', /never write it on this card/);
      assert.equal(await decodeCardQr(page), words.join(' '), `${holder.name}'s QR holds exactly the card's words`);
      cardWords.set(holder.name, words);

      const slug = holder.name.toLowerCase();
      await page.pdf({ path: join(CARDS_DIR, `card-${slug}.pdf`), format: 'A4', printBackground: true });
      assert.equal(pdfPageCount(join(CARDS_DIR, `card-${slug}.pdf`)), 1, 'the print layout puts one card on one page');
      assertPrintedCard(join(CARDS_DIR, `card-${slug}.pdf`), holder.name, words, harness.services.custody!.vault.accounts()[0]!.address);
      await card.screenshot({ path: join(CARDS_DIR, `card-${slug}.png`) });
      await harness.screenshot(`10-card-${slug}`);
      if (i === 0) {
        await byTestId(page, 'card-guide').scrollIntoViewIfNeeded();
        await harness.screenshot('point-7-share-card-recovery-guide');
      }
      if (i === 0) {
        // Print opens the system dialog in Electron; headless Chromium returns at once. The page must stay as it was.
        const printed = page.evaluate(() => new Promise<void>((done) => window.addEventListener('afterprint', () => done(), { once: true })));
        await byTestId(page, 'card-print').click();
        await printed; // the print has ended (the state, not a delay): the next page.pdf may start
        assert.equal(await byTestId(page, 'card-holder').textContent(), holder.name);
        await page.emulateMedia({ media: 'print' });
        await page.screenshot({ path: join(CARDS_DIR, 'print-preview-alice.png') });
        assert.equal(await byTestId(page, 'sidebar').isVisible(), false, 'print media shows the card alone');
        assert.equal(await byTestId(page, 'card-print').isVisible(), false);
        await page.emulateMedia({ media: null });
      }
      await byTestId(page, 'card-done').click();
    }
    const sets = new Set([...cardWords.values()].map((w) => w.slice(0, 2).join(' ')));
    assert.equal(sets.size, 1, 'every share of the set starts with the same two words');
    assert.equal(new Set([...cardWords.values()].map((w) => w.join(' '))).size, 3, 'three different shares');

    await byTestId(page, 'cards-done').waitFor();
    assert.equal(await byTestId(page, 'share-card').count(), 0);
    assert.equal(await textContainsAnyShare(page, cardWords), false, 'the words are gone from the DOM once handed out');
    await harness.screenshot('11-cards-done');
    await expectAccessible(harness.page, '11-cards-done');
    await byTestId(page, 'wizard-finish').click();
    await byTestId(page, 'vault-facts').waitFor();
  });

  test('the Holders view shows the vault, the quorum, three holders never checked, and the registered account address', async () => {
    const { page, services } = harness;
    const vault = services.custody!.vault.summary()!;
    assert.equal(await byTestId(page, 'vault-name-heading').textContent(), VAULT_NAME);
    assert.equal(await byTestId(page, 'vault-seed-derivation').textContent(), vault.seedDerivationDescription);
    assert.equal(await byTestId(page, 'vault-secret-bits').textContent(), '128 bits');
    assert.equal(await byTestId(page, 'vault-identifier').textContent(), String(vault.identifier));
    assert.match((await byTestId(page, 'vault-extendable').textContent()) ?? '', /^Yes/);
    assert.match((await byTestId(page, 'vault-iteration-exponent').textContent()) ?? '', /^1 \(20,000 PBKDF2 iterations\)/);
    assert.equal(await byTestId(page, 'quorum-line').textContent(), 'Quorum: any 2 of 3 holders');
    assert.equal(await byTestId(page, 'group-rule').textContent(), 'Group 1 · Board — any 2 of 3 holders');
    assert.deepEqual(await byTestId(page, 'holder-name').allTextContents(), HOLDERS.map((h) => h.name));
    assert.deepEqual(await byTestId(page, 'holder-last-verified').allTextContents(), ['never checked', 'never checked', 'never checked']);
    const accounts = services.custody!.vault.accounts();
    assert.equal(accounts.length, 1);
    assert.deepEqual(await byTestId(page, 'account-address').allTextContents(), [accounts[0]!.address]);
    assert.match(accounts[0]!.address, /^0x[0-9a-fA-F]{40}$/);
    assert.deepEqual(await byTestId(page, 'account-path').allTextContents(), ["m/44'/60'/0'/0/0"]);
    assert.equal(await byTestId(page, 'account-label').textContent(), 'Treasury');
    assert.equal(await byTestId(page, 'account-role').getAttribute('data-role'), 'eoa-treasury');
    assert.equal(await byTestId(page, 'lock-badge').getAttribute('data-state'), 'locked');
    await harness.screenshot('12-holders-vault');
    await expectAccessible(harness.page, '12-holders-vault');
    await byTestId(page, 'accounts').scrollIntoViewIfNeeded();
    await harness.screenshot('12b-holders-quorum-accounts');
  });

  test('unlock: a wrong passphrase names the holder and lets them retry; two right ones reach the quorum; Unlock, then Lock', async () => {
    const { page } = harness;
    await byTestId(page, 'unlock-start').click();
    const dialog = byTestId(page, 'unlock-dialog');
    await dialog.waitFor();
    assert.equal(await byTestId(dialog, 'unlock-progress-summary').textContent(), '0 of 2 shares');
    await harness.screenshot('13-unlock-open');
    await expectAccessible(harness.page, '13-unlock-open');

    await byTestId(dialog, 'unlock-holder').selectOption('Alice');
    await byTestId(dialog, 'unlock-passphrase').fill('not alice at all');
    await byTestId(dialog, 'unlock-open-share').click();
    const error = byTestId(dialog, 'unlock-error');
    await error.waitFor();
    assert.equal(await byTestId(error, 'error-code').textContent(), 'passphrase-wrong');
    assert.equal(await byTestId(error, 'error-message').textContent(), "That passphrase does not open Alice's share. Alice can check it and try again.");
    assert.equal(await byTestId(dialog, 'unlock-holder').inputValue(), 'Alice', 'the same holder stays selected to retry');
    assert.equal(await byTestId(dialog, 'unlock-passphrase').inputValue(), '', 'the wrong passphrase is not kept');
    await harness.screenshot('14-unlock-wrong-passphrase');
    await expectAccessible(harness.page, '14-unlock-wrong-passphrase');

    await byTestId(dialog, 'unlock-passphrase').fill(HOLDERS[0].passphrase);
    await byTestId(dialog, 'unlock-open-share').click();
    await assertText(byTestId(dialog, 'unlock-progress-summary'), '1 of 2 shares');
    assert.equal(await byTestId(dialog, 'unlock-error').count(), 0);
    assert.equal(await byTestId(dialog, 'unlock-present').textContent(), 'Opened: Alice');
    assert.equal(await byTestId(page, 'lock-badge').getAttribute('data-state'), 'collecting');
    assert.deepEqual(await dialog.locator('[data-testid="unlock-holder"] option').allTextContents(), ['Bob · group 1 (Board)', 'Carol · group 1 (Board)']);

    await byTestId(dialog, 'unlock-holder').selectOption('Bob');
    await byTestId(dialog, 'unlock-passphrase').fill(HOLDERS[1].passphrase);
    await byTestId(dialog, 'unlock-open-share').click();
    await assertText(byTestId(dialog, 'unlock-progress-summary'), '2 of 2 shares: quorum reached');
    assert.equal(await byTestId(dialog, 'unlock-group').getAttribute('data-done'), 'true');
    assert.equal(await byTestId(dialog, 'unlock-slip39-passphrase').count(), 0, 'no SLIP-39 passphrase field: this vault has none');
    assert.equal(await byTestId(dialog, 'unlock-bip39-passphrase').count(), 0);
    await harness.screenshot('15-unlock-quorum');
    await expectAccessible(harness.page, '15-unlock-quorum');

    await byTestId(dialog, 'unlock-complete').click();
    await byTestId(dialog, 'unlock-done-line').waitFor();
    assert.equal(await byTestId(dialog, 'unlock-done-line').textContent(), 'Unlocked · locks itself after 5 idle minutes');
    assert.equal(await byTestId(dialog, 'unlock-opened-by').textContent(), 'Shares opened by Alice and Bob.');
    assert.equal(harness.services.custody!.unlock.status().state, 'unlocked');
    await harness.screenshot('16-unlock-done');
    await byTestId(dialog, 'unlock-close').click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await byTestId(page, 'lock-badge').getAttribute('data-state'), 'unlocked');
    assert.equal(await byTestId(page, 'lock-line').textContent(), 'Locks itself after 5 idle minutes. Lock it as soon as the work is done.');
    await harness.screenshot('17-holders-unlocked');

    // Unlocked: the watch-only export shows the account key as a QR with the addresses the other wallet must list.
    await byTestId(page, 'watch-only-export').click();
    const card = page.locator('[data-testid="watch-only-card"][data-type="crypto-hdkey"]');
    await card.waitFor();
    const listed = await byTestId(card, 'watch-only-account').allTextContents();
    const registered = harness.services.custody!.vault.accounts();
    assert.equal(listed.length, registered.filter((a) => a.path.startsWith("m/44'/60'/0'/0/")).length);
    for (const account of registered.filter((a) => a.path.startsWith("m/44'/60'/0'/0/"))) {
      assert.ok(listed.some((line) => line.includes(account.address)), `${account.address} is listed`);
    }
    assert.equal((await byTestId(card, 'qr-fingerprint').getAttribute('data-words'))?.split(' ').length, 4);
    await card.scrollIntoViewIfNeeded();
    await harness.screenshot('17b-watch-only-export');
    await expectAccessible(harness.page, '17b-watch-only-export');

    await byTestId(page, 'vault-lock').click();
    await page.locator('[data-testid="lock-badge"][data-state="locked"]').waitFor();
    assert.equal(harness.services.custody!.unlock.status().state, 'locked');
  });

  test("reprints Carol's card with her passphrase: the same 20 words and identifier words; a wrong one is refused", async () => {
    const { page } = harness;
    await page.locator('[data-testid="holder-row"][data-holder="Carol"] [data-testid="holder-reprint"]').click();
    await byTestId(page, 'reprint-passphrase').fill('not carol either');
    await byTestId(page, 'reprint-submit').click();
    await byTestId(page, 'reprint-error').waitFor();
    assert.equal(await byTestId(page, 'error-code').textContent(), 'passphrase-wrong');
    assert.match((await byTestId(page, 'error-message').textContent()) ?? '', /Carol's passphrase/);
    assert.equal(await byTestId(page, 'share-card').count(), 0);

    await byTestId(page, 'reprint-passphrase').fill(HOLDERS[2].passphrase);
    await byTestId(page, 'reprint-submit').click();
    await byTestId(page, 'share-card').waitFor();
    await page.locator('[data-testid="card-qr"][data-state="ready"]').waitFor();
    const words = await readCardWords(page);
    assert.deepEqual(words, cardWords.get('Carol'));
    assert.equal(await byTestId(page, 'card-identifier').textContent(), words.slice(0, 2).join(' '));
    assert.equal(await byTestId(page, 'card-place').textContent(), 'Group 1 (Board) · share 3 of 3 · any 2 of 3 in this group · any 1 of 1 group');
    assert.equal(await decodeCardQr(page), words.join(' '));
    await page.pdf({ path: join(CARDS_DIR, 'card-carol-reprint.pdf'), format: 'A4', printBackground: true });
    assert.equal(pdfPageCount(join(CARDS_DIR, 'card-carol-reprint.pdf')), 1);
    assertPrintedCard(join(CARDS_DIR, 'card-carol-reprint.pdf'), 'Carol', words, harness.services.custody!.vault.accounts()[0]!.address);
    await byTestId(page, 'share-card').screenshot({ path: join(CARDS_DIR, 'card-carol-reprint.png') });
    await harness.screenshot('18-reprint-carol');
    await byTestId(page, 'card-done').click();
    await byTestId(page, 'vault-facts').waitFor();
    assert.equal(await textContainsAnyShare(page, cardWords), false, 'the reprinted words are gone from the DOM');
  });

  test('H-29 a holder checks their share: a mistyped word gets a suggestion next to the box only, the refusal names its position, then the right words pass', async () => {
    const { page } = harness;
    const words = cardWords.get('Bob')!;
    assert.equal(words.length, 20);
    // Doubling the last letter keeps the first four, which name exactly one SLIP-39 word.
    const misspelled = `${words[4]!}${words[4]!.at(-1)!}`;
    const typed = [...words.slice(0, 4), misspelled, ...words.slice(5)].join(' ');

    await page.locator('[data-testid="holder-row"][data-holder="Bob"] [data-testid="holder-check"]').click();
    const dialog = byTestId(page, 'share-check-dialog');
    await dialog.waitFor();
    assert.match((await byTestId(dialog, 'share-check-scope').textContent()) ?? '', /does not unlock the vault or rebuild the key/);
    const area = byTestId(dialog, 'share-check-words');
    assert.equal(await area.evaluate((node) => node.tagName), 'TEXTAREA');
    for (const [name, value] of [['autocomplete', 'off'], ['spellcheck', 'false'], ['autocapitalize', 'off'], ['autocorrect', 'off']] as const) {
      assert.equal(await area.getAttribute(name), value, `the words box has ${name}="${value}"`);
    }
    assert.equal(await byTestId(dialog, 'share-check-passphrase').getAttribute('type'), 'password');

    await area.fill(typed);
    // The suggestion is worked out in the page from the box's own text, and shown under it.
    await assertText(byTestId(dialog, 'share-check-word-hint'), `Word 5 is not a SLIP-39 word: did you mean “${words[4]}”?`);
    await byTestId(dialog, 'share-check-passphrase').fill(HOLDERS[1].passphrase);
    await byTestId(dialog, 'share-check-submit').click();
    const error = byTestId(dialog, 'share-check-error');
    await error.waitFor();
    assert.equal(await byTestId(error, 'error-code').textContent(), 'share-word-unknown');
    assert.equal(
      await byTestId(error, 'error-message').textContent(),
      "Bob's share: word 5 is not in the SLIP-39 word list. Compare it letter by letter with the paper share.",
      'the refusal from main names the position only',
    );
    assert.equal(await byTestId(dialog, 'share-check-word-hint').textContent(), `Word 5 is not a SLIP-39 word: did you mean “${words[4]}”?`, 'the box keeps its hint');
    assert.equal(await area.inputValue(), typed, 'the words stay so Bob can correct one');
    assert.equal(await byTestId(dialog, 'share-check-passphrase').inputValue(), '', 'the passphrase is typed again');
    assert.equal(await byTestId(dialog, 'share-check-result').count(), 0);
    assert.equal(await page.locator('[data-testid="holder-row"][data-holder="Bob"] [data-testid="holder-last-verified"]').textContent(), 'never checked');
    await harness.screenshot('18b-share-check-word-unknown');
    await expectAccessible(harness.page, '18b-share-check-word-unknown');

    await area.fill(words.join(' '));
    assert.equal(await byTestId(dialog, 'share-check-word-hint').isHidden(), true, 'no hint once every word is in the list');
    await byTestId(dialog, 'share-check-passphrase').fill(HOLDERS[1].passphrase);
    await byTestId(dialog, 'share-check-submit').click();
    const result = byTestId(dialog, 'share-check-result');
    await result.waitFor();
    assert.equal(await byTestId(dialog, 'share-check-error').count(), 0);
    assert.deepEqual(await byTestId(result, 'share-check-item').allTextContents(), [
      '✓ every word is in the SLIP-39 word list and the checksum is correct',
      "✓ the share belongs to this vault and to this holder's place in the quorum",
      '✓ the words match the share recorded at creation (commitment)',
      '✓ the passphrase still opens the stored copy',
    ]);
    assert.equal(await byTestId(result, 'share-check-recorded').textContent(), 'Recorded on 2025-11-24 09:00:00 UTC');
    assert.equal(await byTestId(dialog, 'share-check-words').count(), 0, 'the words box is gone once the check passed');
    const bobChecked = page.locator('[data-testid="holder-row"][data-holder="Bob"] [data-testid="holder-last-verified"]');
    await assertText(bobChecked, '2025-11-24 09:00:00 UTC');
    assert.deepEqual(await byTestId(page, 'holder-last-verified').allTextContents(), ['never checked', '2025-11-24 09:00:00 UTC', 'never checked']);
    await harness.screenshot('18c-share-check-passed');
    await expectAccessible(harness.page, '18c-share-check-passed');

    await byTestId(dialog, 'share-check-close').click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await dialog.locator('textarea, input').count(), 0, 'nothing typed stays in the closed dialog');
    assert.equal(await textContainsAnyShare(page, cardWords), false);
    assert.equal(harness.services.custody!.unlock.status().state, 'locked', 'a share check unlocks nothing');

    const checks = harness.services.audit.list(20).filter((e) => e.action === 'share-checked');
    assert.deepEqual(
      checks.map((e) => [e.details.holder, e.details.result, e.details.code]),
      [
        ['Bob', 'passed', null],
        ['Bob', 'failed', 'share-word-unknown'],
      ],
      'audit has share-checked for the failure and the pass, newest first',
    );
  });

  test('H-16 neither the SQLite file nor its WAL holds any 3 consecutive share words or any passphrase', () => {
    const files = [harness.dbPath, `${harness.dbPath}-wal`].filter((file) => existsSync(file));
    assert.ok(files.length >= 1);
    const needles: string[] = [];
    for (const words of cardWords.values()) {
      for (let i = 0; i + 3 <= words.length; i++) needles.push(words.slice(i, i + 3).join(' '));
    }
    for (const holder of HOLDERS) needles.push(holder.passphrase, 'not alice at all', 'not carol either');
    assert.equal(needles.length, 3 * 18 + 9);
    let scanned = 0;
    for (const file of files) {
      const raw = readFileSync(file);
      scanned += raw.length;
      for (const encoding of ['latin1', 'utf16le'] as const) {
        const text = raw.toString(encoding);
        for (const needle of needles) assert.equal(text.includes(needle), false, `${file} must not contain "${needle.slice(0, 6)}…" (${encoding})`);
      }
    }
    assert.ok(scanned > 4096, 'something was actually scanned');
  });

  test('the audit log records vault-created, shares-shown, unlock-passphrase-wrong, vault-unlocked and vault-locked', async () => {
    const actions = harness.services.audit.list(200).map((e) => e.action);
    for (const action of ['vault-created', 'shares-shown', 'unlock-passphrase-wrong', 'vault-unlocked', 'vault-locked']) {
      assert.ok(actions.includes(action), `audit has ${action} (got ${actions.join(', ')})`);
    }
    assert.equal(actions.filter((a) => a === 'shares-shown').length, 2, 'shown at creation and at the reprint');
    const { page } = harness;
    await byTestId(page, 'nav-audit').click();
    await page.locator('[data-testid="audit-row"][data-action="vault-unlocked"]').waitFor();
    await harness.screenshot('19-audit');
    assert.equal(await textContainsAnyShare(page, cardWords), false);
  });

  test('Settings changes the idle lock: out of range is refused with a sentence, a valid value is saved and audited', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-settings').click();
    const input = byTestId(page, 'idle-lock-minutes');
    await input.fill('500');
    await byTestId(page, 'idle-lock-save').click();
    await byTestId(page, 'idle-lock-error').waitFor();
    assert.match((await byTestId(page, 'idle-lock-error').textContent()) ?? '', /request-invalid|from 1 to 120/);
    await input.fill('15');
    await byTestId(page, 'idle-lock-save').click();
    await page.getByText('Saved: the vault locks itself after 15 idle minutes.').waitFor();
    assert.equal(harness.services.custody!.vault.summary()!.idleLockMinutes, 15);
    assert.equal(harness.services.audit.list(1)[0]!.action, 'idle-lock-changed');
    await harness.screenshot('20-settings-idle-lock');
    await expectAccessible(harness.page, '20-settings-idle-lock');
  });

  test('no uncaught page error and no internal failure in the custody run', () => {
    assert.deepEqual(harness.pageErrors, []);
    assert.deepEqual(harness.internalErrors, []);
  });
});

async function fillHolders(page: Page, options: { mismatchFor?: string } = {}): Promise<void> {
  for (const [i, holder] of HOLDERS.entries()) {
    const row = page.locator(`[data-testid="holder"][data-holder="0-${i}"]`);
    await byTestId(row, 'holder-name').fill(holder.name);
    await byTestId(row, 'holder-passphrase').fill(holder.passphrase);
    await byTestId(row, 'holder-passphrase-confirm').fill(options.mismatchFor === holder.name ? `${holder.passphrase}!` : holder.passphrase);
  }
}

async function readCardWords(page: Page): Promise<string[]> {
  return page.locator('[data-testid="card-word"] .share-word').allTextContents();
}

/** Draws the card's QR <img> on a canvas in the page and decodes it with jsQR in Node. */
async function decodeCardQr(page: Page): Promise<string | null> {
  const size = 330;
  const pixels = await page.evaluate((side) => {
    const img = document.querySelector('[data-testid="card-qr"]') as HTMLImageElement;
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const ctx = canvas.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, side, side);
    ctx.drawImage(img, 0, 0, side, side);
    return Array.from(ctx.getImageData(0, 0, side, side).data);
  }, size);
  return jsQR(Uint8ClampedArray.from(pixels), size, size)?.data ?? null;
}

/** The printed card, page by page: one page holding the holder, all the words and the recovery guide with the first address. */
function assertPrintedCard(file: string, holder: string, words: readonly string[], firstAddress: string): void {
  const pages = pdfPages(file);
  assert.equal(pages.length, 1, `${file}: one page`);
  const page = pages[0]!;
  for (const expected of [
    `Holder ${holder}`,
    'Recovery guide (with or without Airlock)',
    'This card is one of 3 share cards of the key of "Acme treasury".',
    `To recover, bring together any 2 of the 3 cards. Every card of this set starts with "${words.slice(0, 2).join(' ')}".`,
    'any SLIP-39 tool combines the cards, for example a Trezor',
    'No SLIP-39 passphrase: leave it empty when the cards are combined.',
    "first account (Treasury, path m/44'/60'/0'/0/0) must have this address",
    'Type these words only into an offline device you trust',
  ]) {
    assert.ok(page.includes(expected), `${file} page 1 says: ${expected}`);
  }
  assert.equal(/except the Airlock vault/i.test(page), false, `${file}: the old "only into Airlock" sentence is gone`);
  assert.ok(page.replace(/\s/g, '').includes(firstAddress), `${file} page 1 shows the first address ${firstAddress}`);
  for (const word of words) assert.ok(page.split(' ').includes(word), `${file} page 1 has the word ${word}`);
}

function pdfPageCount(file: string): number {
  return (readFileSync(file).toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

/** True if the page's text holds any 3 consecutive words of any share. */
async function textContainsAnyShare(page: Page, shares: Map<string, string[]>): Promise<boolean> {
  // Card rows interleave numbers with words ("1 academic 2 acid"): drop digits so neighbours meet.
  const raw = await page.evaluate(() => document.body.innerText);
  const text = raw.replace(/\d+/g, ' ').replace(/\s+/g, ' ');
  for (const words of shares.values()) {
    for (let i = 0; i + 3 <= words.length; i++) if (text.includes(words.slice(i, i + 3).join(' '))) return true;
  }
  return false;
}
