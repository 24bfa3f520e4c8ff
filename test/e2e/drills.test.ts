// e2e of Runbooks, Dashboard and Drills in Chromium against the real services (temp SQLite, real KDFs, fixed
// clock): a runbook's parameter set in the form (and a bad RTO refused in place), quorum coverage on the
// Dashboard, a drill that passes with an auditor's challenge and a proof verified independently (ethers, from the
// recipe printed on the report), one that fails naming the share that failed, the RTO chart, and the printed report
// saved as PDF and PNG pages and read back page by page with pdftotext (issue 14 point 8). The vault is a 256-bit key
// in two groups, so the custodian's reprinted card checks a 33-word, multi-group card on paper too (point 7).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hashMessage, verifyMessage } from 'ethers';
import { bytesToHex } from '@noble/hashes/utils.js';
import { fixedClock } from '../../main/services/deps';
import { decodeUrParts } from '../../shared/airgap/ur';
import { verifyDrillProof } from '../../shared/drill/proof';
import { relayKeyFingerprint, relayPublicKey, signSnapshot } from '../../shared/snapshot/signature';
import { HOLDERS, pairRelay, twoOfThree } from '../helpers/vault-fixture';
import { ROOT, expectAccessible, startHarness, type Harness, byTestId, type Locator, closeWithoutErrors } from './harness';
import { pdfPages } from './pdf-text';

const run = promisify(execFile);
// A 256-bit key (24 words) in two groups: the Board's 2 of 3, or the custodian alone; the drills use the Board.
const MNEMONIC = `${'abandon '.repeat(23)}art`;
const DAVE = { name: 'Dave', passphrase: 'dave quiet river' };
const FALLBACK_SAFE = '0x2222222222222222222222222222222222222222';
const PDF_DIR = join(ROOT, 'test-output', 'drills');
const CHALLENGE = 'audit-2026-Q4 K7#19x';
const BLOCK_HASH = '0x' + 'cd'.repeat(32);


describe('Runbooks, Dashboard and Drills', { concurrency: false }, () => {
  let harness: Harness;
  let treasury = '';
  let relayWords = '';

  before(async () => {
    harness = await startHarness({ mode: 'vault', screenshots: 'drills', clock: fixedClock(Date.UTC(2026, 10, 23, 9, 0, 0)), viewport: { width: 1280, height: 1000 } });
    console.log(`drills screenshots: ${harness.screenshotDir}`);
    const custody = harness.services.custody!;
    await custody.vault.create(
      twoOfThree({
        source: { kind: 'bip39', mnemonic: MNEMONIC, bip39Passphrase: '' },
        groups: [
          { name: 'Board', memberThreshold: 2, holders: HOLDERS },
          { name: 'Custodian', memberThreshold: 1, holders: [DAVE] },
        ],
        accounts: [{ scheme: 'bip44', index: 0, label: 'Treasury', role: 'eoa-treasury' }],
      }),
    );
    [treasury] = custody.vault.accounts().map((a) => a.address) as [string];
    const snapshots = harness.services.snapshots!;
    const secret = Uint8Array.from({ length: 32 }, (_, i) => i + 11);
    const relayKey = relayPublicKey(secret);
    relayWords = relayKeyFingerprint(relayKey).join(' ');
    await pairRelay({ snapshots: harness.services.snapshots!, custody }, relayKey, 'Office relay');
    const signed = signSnapshot(
      {
        version: 1,
        chainId: '1',
        blockNumber: '21000000',
        blockHash: BLOCK_HASH,
        blockTime: String(Date.UTC(2026, 10, 23, 7, 0, 0) / 1000),
        takenAt: String(Date.UTC(2026, 10, 23, 7, 0, 0)),
        accounts: [{ address: treasury, nonce: '4', balance: (2n * 10n ** 18n).toString(), tokens: [] }],
        safes: [],
        fees: { baseFee: '9000000000', maxPriorityFeePerGas: '1000000000', maxFeePerGas: '19000000000' },
        positions: [],
        crossCheck: { endpoints: '2', disagreements: [] },
      },
      secret,
    );
    snapshots.import(signed, 1n);
    await byTestId(harness.page, 'view-dashboard').waitFor();
  });

  after(() => closeWithoutErrors(harness));

  test('Runbooks: shows the steps and parameters, refuses a bad RTO with a sentence, saves the fallback Safe', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-runbooks').click();
    const card = page.locator('[data-testid="runbook"][data-name="sweep-leaked-eoa"]');
    await card.waitFor();
    assert.equal(await page.locator('[data-testid="runbook"]').count(), 5, 'the five built-ins (the fifth is the Bitcoin sweep to the fallback multisig)');
    assert.match((await card.locator('[data-param="fallbackSafe"][data-testid="runbook-param"]').textContent()) ?? '', /not set/);
    assert.match((await byTestId(card, 'runbook-step').textContent()) ?? '', /native-sweep.*\{\{param:fallbackSafe\}\}/s);
    await byTestId(card, 'runbook-rto').fill('0');
    await byTestId(card, 'runbook-save').click();
    await byTestId(card, 'runbook-error').waitFor();
    assert.match((await byTestId(card, 'error-message').textContent()) ?? '', /rtoMinutes/);
    await harness.screenshot('01-runbook-refused');

    await byTestId(card, 'runbook-rto').fill('45');
    await byTestId(card, 'runbook-param-fallbackSafe').fill(FALLBACK_SAFE);
    await byTestId(card, 'runbook-save').click();
    const saved = page.locator('[data-testid="runbook"][data-name="sweep-leaked-eoa"] [data-testid="runbook-saved"]');
    await saved.waitFor();
    const stored = harness.services.custody!.drills.runbooks().find((r) => r.name === 'sweep-leaked-eoa')!;
    assert.equal(stored.params.fallbackSafe, FALLBACK_SAFE);
    assert.equal(stored.rtoMinutes, 45);
    assert.match((await page.locator('[data-testid="runbook"][data-name="sweep-leaked-eoa"] [data-param="fallbackSafe"][data-testid="runbook-param"]').textContent()) ?? '', new RegExp(FALLBACK_SAFE));
    await harness.screenshot('02-runbook-saved');

    // A real recovery starts from the runbook: its step becomes a draft on the latest snapshot, opened for review.
    await page.locator('[data-testid="runbook"][data-name="sweep-leaked-eoa"] [data-testid="runbook-start"]').click();
    const review = byTestId(page, 'draft-review');
    await review.waitFor();
    const [draft] = harness.services.custody!.drafts.list();
    assert.ok(draft);
    assert.deepEqual([draft.purpose, draft.status, draft.title], ['recovery', 'draft', 'Sweep the ETH to the fallback Safe']);
    assert.equal(await review.getAttribute('data-draft'), String(draft.id));
    await harness.screenshot('02b-recovery-started');
  });

  test('Dashboard: all shares fresh, so the quorum is covered; the snapshot is within policy; the policy form saves', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-dashboard').click();
    const answer = byTestId(page, 'coverage-answer');
    await answer.waitFor();
    assert.equal(await answer.getAttribute('data-covered'), 'true');
    assert.match((await answer.textContent()) ?? '', /With the shares checked within policy, the quorum can be met today/);
    const group = page.locator('[data-testid="coverage-group"][data-group="Board"]');
    assert.equal(await group.getAttribute('data-met'), 'true');
    assert.equal(await byTestId(group, 'coverage-verified').textContent(), '3');
    assert.equal(await byTestId(group, 'coverage-status').textContent(), '✓ Met');
    // Share checks and the drill are within policy; the one item overdue is the backup this vault never had.
    await byTestId(page, 'overdue-list').waitFor();
    assert.deepEqual(await byTestId(page, 'overdue-item').allTextContents(), [harness.services.custody!.backups.status().overdue[0]]);
    assert.match((await byTestId(page, 'overdue-item').textContent()) ?? '', /^No backup of this vault has been made/);
    assert.equal(await byTestId(page, 'backup-standing').getAttribute('data-tone'), 'none');
    assert.equal(await byTestId(page, 'latest-snapshot').getAttribute('data-stale'), 'false');
    assert.match((await byTestId(page, 'latest-snapshot').textContent()) ?? '', /2 h 0 min old/);
    await byTestId(page, 'last-drill-none').waitFor();

    await byTestId(page, 'policy-drillIntervalDays').fill('30');
    await byTestId(page, 'policy-save').click();
    await byTestId(page, 'policy-saved').waitFor();
    assert.equal(harness.services.custody!.drills.dashboard().policy.drillIntervalDays, 30);
    assert.match((await byTestId(page, 'policy-summary').textContent()) ?? '', /every 30 days/);
    await harness.screenshot('03-dashboard');
  });

  async function runDrill(participants: Array<{ name: string; passphrase: string }>, challenge = ''): Promise<Locator> {
    const { page } = harness;
    await byTestId(page, 'drill-runbook').selectOption('sweep-leaked-eoa');
    for (const p of participants) {
      const row = page.locator(`[data-testid="participant"][data-holder="${p.name}"]`);
      await byTestId(row, 'participant-way').selectOption('passphrase');
      await byTestId(row, 'participant-passphrase').fill(p.passphrase);
    }
    await byTestId(page, 'drill-challenge-input').fill(challenge);
    const before = await page.locator('[data-testid="drill-history-row"]').count();
    await byTestId(page, 'drill-run').click();
    await byTestId(page, 'drill-done').waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="drill-history-row"]').length === n, before + 1);
    for (const p of participants) {
      const row = page.locator(`[data-testid="participant"][data-holder="${p.name}"]`);
      assert.equal(await byTestId(row, 'participant-passphrase').inputValue(), '', 'the passphrase box is cleared after the run');
    }
    return byTestId(page, 'drill-report');
  }

  test('Drills: a challenge that is not printable ASCII is refused in place before any share is opened; the passphrases stay typed', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-drills').click();
    await byTestId(page, 'drill-start').waitFor();
    await byTestId(page, 'drill-history-none').waitFor();
    const alice = page.locator(`[data-testid="participant"][data-holder="Alice"]`);
    await byTestId(alice, 'participant-way').selectOption('passphrase');
    await byTestId(alice, 'participant-passphrase').fill(HOLDERS[0]!.passphrase);
    const entries = harness.services.audit.verify().count;
    await byTestId(page, 'drill-challenge-input').fill('naïve challenge');
    await byTestId(page, 'drill-run').click();
    const refusal = byTestId(page, 'drill-challenge-error');
    await refusal.waitFor();
    assert.match((await refusal.textContent()) ?? '', /8 to 128 printable ASCII characters/);
    assert.equal(await byTestId(alice, 'participant-passphrase').inputValue(), HOLDERS[0]!.passphrase, 'nothing to type again');
    assert.equal(harness.services.audit.verify().count, entries, 'no share opened, nothing audited');
    await byTestId(alice, 'participant-way').selectOption('absent');
  });

  test('Drills: two holders’ passphrases pass the drill with the auditor’s challenge; the proof verifies with ethers from the recipe; H-25 it shows the audit head and checkpoint key', async () => {
    const { page } = harness;
    const report = await runDrill([HOLDERS[0]!, HOLDERS[1]!], CHALLENGE);
    assert.equal(await report.getAttribute('data-passed'), 'true');
    assert.equal(await byTestId(report, 'drill-verdict').textContent(), '✓ PASSED');
    assert.equal(await byTestId(report, 'drill-participants').textContent(), 'Alice, Bob');
    assert.match((await byTestId(report, 'drill-rto').textContent()) ?? '', /within the 45 min target/);
    assert.match((await byTestId(report, 'drill-rpo').textContent()) ?? '', /2 h 0 min old/);
    assert.match((await byTestId(report, 'drill-audit-range').textContent()) ?? '', /^entries \d+ to \d+$/);
    // What a rebuild from the cards alone must reproduce, and the vault's own RPO (it has no backup yet).
    assert.equal(await byTestId(report, 'drill-state-rpo').textContent(), 'no backup of the vault had been made');
    assert.equal(await byTestId(report, 'drill-latest-backup').textContent(), '—');
    assert.deepEqual(await byTestId(report, 'drill-account').allTextContents(), harness.services.custody!.vault.accounts().map((a) => `${a.path} ${a.address} ${a.label}`));
    const steps = byTestId(report, 'drill-step');
    assert.ok((await steps.count()) >= 5);
    for (const ok of await steps.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.ok))) assert.equal(ok, 'true');

    const statement = (await byTestId(report, 'drill-proof-statement').textContent()) ?? '';
    const signature = (await byTestId(report, 'drill-proof-signature').textContent()) ?? '';
    const address = (await byTestId(report, 'drill-proof-address').textContent()) ?? '';
    assert.match(statement, /^Airlock recovery drill v3\n/);
    assert.match(statement, /Runbook: sweep-leaked-eoa/);
    assert.match(statement, /\nOutcome: passed$/);
    // Point 8: the signed statement names what the report shows, and the report says the same.
    const [stored] = harness.services.custody!.drills.history();
    for (const line of [
      `Drill: ${stored!.id}`,
      `Challenge: ${JSON.stringify(CHALLENGE)}`,
      'Snapshot: chain 1 block 21000000 root 0x',
      `Block hash: ${BLOCK_HASH}`,
      `Relay key: ${relayWords}`,
      'Participants: "Alice", "Bob"',
      'Failed shares: none',
      `RTO: ${stored!.rtoMs} ms (target 2700000 ms)`,
    ]) {
      assert.ok(statement.split('\n').some((l) => l.startsWith(line)), `the statement has: ${line}`);
    }
    assert.equal(await byTestId(report, 'drill-id').textContent(), `#${stored!.id}`);
    assert.equal(await byTestId(report, 'drill-outcome').textContent(), '✓ passed');
    assert.equal(await byTestId(report, 'drill-failed-shares').textContent(), 'none');
    assert.equal(await byTestId(report, 'drill-challenge').textContent(), JSON.stringify(CHALLENGE));
    assert.equal(await byTestId(report, 'drill-block-hash').textContent(), BLOCK_HASH);
    assert.equal(await byTestId(report, 'drill-relay-key').textContent(), `fingerprint words: ${relayWords}`);
    assert.match((await byTestId(report, 'drill-nonce').textContent()) ?? '', /^[0-9a-f]{32}$/);
    // SECURITY(H-25): the report prints the audit head the proof seals and the vault's checkpoint key with its words.
    assert.match((await byTestId(report, 'drill-proof-audit-head').textContent()) ?? '', /^entry \d+, 0x[0-9a-f]{64}$/);
    const { key, keyWords } = harness.services.audit.verify().checkpoints;
    assert.equal(await byTestId(report, 'drill-proof-checkpoint-key').textContent(), `${key} · words: ${keyWords}`);
    assert.equal(address, treasury, 'signed by the eoa-treasury account');
    assert.equal(verifyMessage(statement, signature), address, 'an independent library recovers the signer');
    // The recipe an auditor follows with no Airlock: ethers computes the EIP-191 hash the report prints, and the
    // `cast wallet verify` line names this address and signature.
    assert.equal(await byTestId(report, 'drill-proof-digest').textContent(), hashMessage(statement));
    const recipe = (await byTestId(report, 'drill-proof-recipe-eip191').textContent()) ?? '';
    assert.ok(recipe.includes(`cast wallet verify --address ${address} "$(cat statement.txt)" ${signature}`), recipe);
    const verdict = verifyDrillProof({ statement, signature, address });
    assert.equal(verdict.valid, true);

    const qr = byTestId(report, 'drill-proof-qr');
    await page.waitForFunction(() => document.querySelector('[data-testid="drill-proof-qr"]')?.getAttribute('data-state') === 'ready');
    assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/svg\+xml;base64,/);
    assert.equal(stored?.passed, true);
    assert.deepEqual(stored?.proof, { statement, signature, address });
    await byTestId(page, 'drill-result').scrollIntoViewIfNeeded();
    await harness.screenshot('04-drill-passed');
    // Issue 14 point 9: the signature and the statement it seals are at body size, not the smallest text on screen.
    const bodyPx = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    for (const id of ['drill-proof-signature', 'drill-proof-statement']) {
      const px = await byTestId(report, id).evaluate((node) => parseFloat(getComputedStyle(node).fontSize));
      assert.ok(px >= bodyPx, `${id} is ${px}px, body ${bodyPx}px`);
    }
    await expectAccessible(page, 'drill report');
    await byTestId(report, 'drill-proof-signature').scrollIntoViewIfNeeded();
    await harness.screenshot('point-9-drill-signature-at-body-size');
    await byTestId(report, 'drill-proof-recipe').scrollIntoViewIfNeeded();
    await harness.screenshot('08-drill-report-for-an-auditor');
  });

  test('Drills: a wrong passphrase fails the drill with the reason; the chart shows both drills', async () => {
    const { page } = harness;
    const report = await runDrill([HOLDERS[0]!, { name: 'Bob', passphrase: 'not bobs passphrase' }]);
    assert.equal(await report.getAttribute('data-passed'), 'false');
    assert.equal(await byTestId(report, 'drill-verdict').textContent(), '✗ FAILED');
    const reason = (await byTestId(report, 'drill-reason').first().textContent()) ?? '';
    assert.match(reason, /^share of Bob: That passphrase does not open Bob's share/);
    assert.equal(await page.locator('[data-testid="drill-step"][data-name="share of Bob"]').getAttribute('data-ok'), 'false');
    assert.equal(await page.locator('[data-testid="drill-step"][data-name="quorum unlock"]').getAttribute('data-ok'), 'false');
    assert.equal(await byTestId(report, 'drill-failed-shares').textContent(), 'Bob');
    assert.equal(await byTestId(report, 'drill-outcome').textContent(), '✗ failed; the share of Bob failed');
    await byTestId(report, 'drill-proof-none').waitFor();
    const bars = page.locator('[data-testid="drill-chart-bar"]');
    assert.equal(await bars.count(), 2);
    assert.deepEqual(await bars.evaluateAll((b) => b.map((x) => x.getAttribute('data-passed'))), ['true', 'false'], 'oldest first');
    assert.equal(await byTestId(page, 'drill-chart-target').count(), 1);
    assert.match((await page.locator('[data-testid="drill-chart-svg"] title').first().textContent()) ?? '', /RTO of 2 drills against the target of 45 min/);
    assert.equal(harness.services.custody!.drills.dashboard().lastDrill?.passed, false);
    await byTestId(page, 'drill-history').scrollIntoViewIfNeeded();
    await harness.screenshot('05-drill-failed-chart');
  });

  test('Report: the passed drill prints alone (no sidebar or forms) to PDF with its proof QR; saved as PNG pages', async () => {
    const { page } = harness;
    const passedRow = page.locator('[data-testid="drill-history-row"][data-passed="true"]');
    await byTestId(passedRow, 'drill-history-open').click();
    await page.locator('[data-testid="drill-report"][data-passed="true"]').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="drill-proof-qr"]')?.getAttribute('data-state') === 'ready');
    // The QR holds the proof as one UR part of type airlock-drill-proof.
    const { drillProofUr } = await import('../../renderer/drills/DrillReport');
    const [, passed] = harness.services.custody!.drills.history();
    const decoded = decodeUrParts([drillProofUr(passed!.proof!)]);
    assert.equal(decoded.type, 'airlock-drill-proof');
    assert.deepEqual(JSON.parse(new TextDecoder().decode(decoded.payload)), passed!.proof);

    rmSync(PDF_DIR, { recursive: true, force: true });
    mkdirSync(PDF_DIR, { recursive: true });
    const pdf = join(PDF_DIR, 'report.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    assertPrintedReport(pdf, passed!, treasury, relayWords);
    const { stdout: text } = await run('pdftotext', ['-layout', pdf, '-']);
    assert.match(text, /airlock recovery drill report/i);
    assert.match(text, /PASSED/);
    assert.match(text, /airlock drill verify/);
    assert.match(text, new RegExp(treasury));
    assert.match(text, new RegExp(`words: ${harness.services.audit.verify().checkpoints.keyWords}`), 'H-25: the checkpoint key words are on paper');
    assert.doesNotMatch(text, /Start a drill|Past drills|Print report/, 'forms, history and buttons stay off the paper');
    assert.doesNotMatch(text, /Sections|Dashboard/, 'the sidebar stays off the paper');
    await run('pdftoppm', ['-png', '-r', '80', pdf, join(harness.screenshotDir, 'report')]);
    const pages = readdirSync(harness.screenshotDir).filter((f) => /^report-\d+\.png$/.test(f));
    assert.ok(pages.length >= 1, 'at least one page');
    console.log(`drill report pages: ${pages.map((p) => join(harness.screenshotDir, p)).join(', ')}`);

    // Back on the Dashboard, the last drill is the failed one, with its RTO.
    await byTestId(page, 'nav-dashboard').click();
    const last = byTestId(page, 'last-drill');
    await last.waitFor();
    assert.equal(await last.getAttribute('data-passed'), 'false');
    assert.match((await last.textContent()) ?? '', /^✗ Failed on 2026-11-23 09:00:00 UTC, RTO 0 ms\.$/);
  });
  test('H-25 Audit log: verifying shows the signed checkpoints with the key words, and which entries only the chain protects', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-audit').click();
    await byTestId(page, 'audit-verify').click();
    await page.locator('[data-testid="audit-result"][data-state="intact"]').waitFor();
    const { checkpoints, uncheckpointedFrom, count } = harness.services.audit.verify();
    assert.equal(
      await byTestId(page, 'audit-checkpoints').textContent(),
      `Signed checkpoints: ${checkpoints.verified} of ${checkpoints.stored} check out; the latest (#${checkpoints.latest!.number}) seals entries 1 to ${checkpoints.latest!.last}. Checkpoint key words: ${checkpoints.keyWords}.`,
    );
    assert.ok(checkpoints.verified >= 4, 'creation, unlocks, the rehearsal signature and the drills each sealed the log');
    // The last drill never unlocked (a wrong passphrase), so nothing could sign its entries.
    assert.ok(uncheckpointedFrom !== null && uncheckpointedFrom < count);
    assert.equal(
      await byTestId(page, 'audit-uncheckpointed').textContent(),
      `Entries ${uncheckpointedFrom} to ${count} are after the latest signed checkpoint: only the hash chain protects them, and anyone with the file can recompute it. The next unlock, signature or drill seals them.`,
    );
  });

  test('Holders: the custodian’s card of this 256-bit, two-group vault prints on one page: 33 words, group 2, the two-group recovery guide (pdftotext)', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-holders').click();
    await page.locator('[data-testid="holder-row"][data-holder="Dave"] [data-testid="holder-reprint"]').click();
    await byTestId(page, 'reprint-passphrase').fill(DAVE.passphrase);
    await byTestId(page, 'reprint-submit').click();
    await byTestId(page, 'share-card').waitFor();
    await page.locator('[data-testid="card-qr"][data-state="ready"]').waitFor();
    const words = await page.locator('[data-testid="card-word"] .share-word').allTextContents();
    assert.equal(words.length, 33, 'a 256-bit master secret makes 33-word shares');
    assert.equal(await byTestId(page, 'card-place').textContent(), 'Group 2 (Custodian) · share 1 of 1 · any 1 of 1 in this group · any 1 of 2 groups');
    const pdf = join(PDF_DIR, 'card-dave-256-bit-two-groups.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    const pages = pdfPages(pdf);
    assert.equal(pages.length, 1, 'one card, one page, 33 words and all');
    const [text] = pages as [string];
    for (const expected of [
      'Holder Dave',
      'This card is one of 4 share cards of the key of "Acme treasury". This card alone rebuilds the key: guard it like the key itself.',
      `To recover, bring together cards from any 1 of the 2 groups, enough from each (Board: any 2 of 3; Custodian: any 1 of 1). Every card of this set starts with "${words.slice(0, 2).join(' ')}".`,
      'No SLIP-39 passphrase: leave it empty when the cards are combined.',
    ]) {
      assert.ok(text.includes(expected), `the printed card says: ${expected}`);
    }
    assert.ok(text.replace(/\s/g, '').includes(treasury), 'the first address to expect is printed');
    for (const word of words) assert.ok(text.split(' ').includes(word), `the printed card has the word ${word}`);
    await harness.screenshot('point-7-share-card-256-bit-two-groups');
    await byTestId(page, 'card-done').click();
    await byTestId(page, 'vault-facts').waitFor();
  });
});

type StoredDrill = ReturnType<NonNullable<Harness['services']['custody']>['drills']['history']>[number];

/**
 * Point 8, page by page as pdftotext reads the paper: every page is footed with the drill number and "page N of M",
 * and each item an auditor needs is on some page: participants, outcome, RTO, block hash, relay key, nonce and
 * challenge, the registered accounts, and the recipe that checks the proof with no Airlock.
 */
function assertPrintedReport(file: string, drill: StoredDrill, treasury: string, relayWords: string): void {
  const pages = pdfPages(file);
  assert.ok(pages.length >= 2, `${file}: the report runs over ${pages.length} pages`);
  pages.forEach((text, i) => {
    assert.ok(text.includes(`Airlock recovery drill report · Drill ${drill.id} · page ${i + 1} of ${pages.length}`), `page ${i + 1} is footed with drill ${drill.id} and its page number: ${text.slice(-120)}`);
  });
  // Long hex values may wrap at any character on paper: they are looked for with the spaces taken out.
  const pageOf = (expected: string, compact = false) =>
    pages.findIndex((text) => (compact ? text.replace(/\s/g, '').includes(expected.replace(/\s/g, '')) : text.includes(expected)));
  const nonce = /\nNonce: ([0-9a-f]{32})\n/.exec(drill.proof!.statement)![1]!;
  const items: Array<[string, string, boolean?]> = [
    ['participants', 'Participants Alice, Bob'],
    ['failed shares', 'Failed shares none'],
    ['outcome', 'Outcome ✓ passed'],
    ['RTO', 'RTO 0 ms, within the 45 min target'],
    ['block hash', `Block hash ${BLOCK_HASH}`, true],
    ['relay key', `Relay key fingerprint words: ${relayWords}`],
    ['nonce', `Nonce ${nonce}`, true],
    ['challenge', `Auditor’s challenge ${JSON.stringify(CHALLENGE)}`],
    ['accounts', `m/44'/60'/0'/0/0 ${treasury} Treasury`, true],
    ['statement', `Challenge: ${JSON.stringify(CHALLENGE)}`],
    ['recipe', 'Check this proof without Airlock'],
    ['recipe hash', `Its EIP-191 (personal_sign) hash must be ${hashMessage(drill.proof!.statement)}`, true],
    ['recipe verifier', `cast wallet verify --address ${drill.proof!.address}`, true],
    ['recipe airlock', 'airlock drill verify --challenge'],
  ];
  for (const [what, expected, compact] of items) {
    const at = pageOf(expected, compact);
    assert.ok(at >= 0, `the printed report shows the ${what}: ${expected}`);
    console.log(`drill report ${what}: page ${at + 1} of ${pages.length}`);
  }
}
