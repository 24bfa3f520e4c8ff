// e2e of Runbooks, Dashboard and Drills in Chromium against the real services (temp SQLite, real KDFs, fixed
// clock): a runbook's parameter set in the form (and a bad RTO refused in place), quorum coverage on the
// Dashboard, a drill that passes with a proof verified independently, one that fails with its reason, the RTO
// chart, and the printed report saved as PDF and PNG pages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verifyMessage } from 'ethers';
import { bytesToHex } from '@noble/hashes/utils.js';
import { fixedClock } from '../../main/services/deps';
import { decodeUrParts } from '../../shared/airgap/ur';
import { verifyDrillProof } from '../../shared/drill/proof';
import { relayKeyFingerprint, relayPublicKey, signSnapshot } from '../../shared/snapshot/signature';
import { HOLDERS, twoOfThree } from '../helpers/vault-fixture';
import { ROOT, expectAccessible, startHarness, type Harness, LOOPBACK } from './harness';

const run = promisify(execFile);
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const FALLBACK_SAFE = '0x2222222222222222222222222222222222222222';
const KDF_TIMEOUT_MS = 30_000;
const PDF_DIR = join(ROOT, 'test-output', 'drills');

type Page = Harness['page'];
type Scope = Page | ReturnType<Page['locator']>;
const byTestId = (scope: Scope, id: string) => scope.locator(`[data-testid="${id}"]`);

describe('Runbooks, Dashboard and Drills', { concurrency: false }, () => {
  let harness: Harness;
  let treasury = '';

  before(async () => {
    harness = await startHarness({
      mode: 'vault',
      screenshots: 'drills',
      clock: fixedClock(Date.UTC(2026, 10, 23, 9, 0, 0)),
      interfaces: () => LOOPBACK,
      viewport: { width: 1280, height: 1000 },
    });
    console.log(`drills screenshots: ${harness.screenshotDir}`);
    const custody = harness.services.custody!;
    await custody.vault.create(
      twoOfThree({
        source: { kind: 'bip39', mnemonic: MNEMONIC, bip39Passphrase: '' },
        accounts: [{ scheme: 'bip44', index: 0, label: 'Treasury', role: 'eoa-treasury' }],
      }),
    );
    [treasury] = custody.vault.accounts().map((a) => a.address) as [string];
    const snapshots = harness.services.snapshots!;
    const secret = Uint8Array.from({ length: 32 }, (_, i) => i + 11);
    const relayKey = relayPublicKey(secret);
    snapshots.pair({ relayKey: '0x' + bytesToHex(relayKey), words: relayKeyFingerprint(relayKey).join(' '), label: 'Office relay' });
    const signed = signSnapshot(
      {
        version: 1,
        chainId: '1',
        blockNumber: '21000000',
        blockHash: '0x' + 'cd'.repeat(32),
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

  after(async () => {
    assert.deepEqual(harness?.pageErrors ?? [], [], 'no uncaught errors in the page');
    assert.deepEqual(harness?.internalErrors ?? [], [], 'no internal errors behind the bridge');
    await harness?.close();
  });

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

  async function runDrill(participants: Array<{ name: string; passphrase: string }>): Promise<ReturnType<Page['locator']>> {
    const { page } = harness;
    await byTestId(page, 'drill-runbook').selectOption('sweep-leaked-eoa');
    for (const p of participants) {
      const row = page.locator(`[data-testid="participant"][data-holder="${p.name}"]`);
      await byTestId(row, 'participant-way').selectOption('passphrase');
      await byTestId(row, 'participant-passphrase').fill(p.passphrase);
    }
    const before = await page.locator('[data-testid="drill-history-row"]').count();
    await byTestId(page, 'drill-run').click();
    await byTestId(page, 'drill-done').waitFor({ timeout: KDF_TIMEOUT_MS });
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="drill-history-row"]').length === n, before + 1);
    for (const p of participants) {
      const row = page.locator(`[data-testid="participant"][data-holder="${p.name}"]`);
      assert.equal(await byTestId(row, 'participant-passphrase').inputValue(), '', 'the passphrase box is cleared after the run');
    }
    return byTestId(page, 'drill-report');
  }

  test('Drills: two holders’ passphrases pass the drill; the proof verifies with ethers and verifyDrillProof; H-25 it shows the audit head and checkpoint key', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-drills').click();
    await byTestId(page, 'drill-start').waitFor();
    await byTestId(page, 'drill-history-none').waitFor();
    const report = await runDrill([HOLDERS[0]!, HOLDERS[1]!]);
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
    assert.match(statement, /^Airlock recovery drill v2\n/);
    assert.match(statement, /Runbook: sweep-leaked-eoa/);
    assert.match(statement, /\nOutcome: passed$/);
    // SECURITY(H-25): the report prints the audit head the proof seals and the vault's checkpoint key with its words.
    assert.match((await byTestId(report, 'drill-proof-audit-head').textContent()) ?? '', /^entry \d+, 0x[0-9a-f]{64}$/);
    const { key, keyWords } = harness.services.audit.verify().checkpoints;
    assert.equal(await byTestId(report, 'drill-proof-checkpoint-key').textContent(), `${key} · words: ${keyWords}`);
    assert.equal(address, treasury, 'signed by the eoa-treasury account');
    assert.equal(verifyMessage(statement, signature), address, 'an independent library recovers the signer');
    const verdict = verifyDrillProof({ statement, signature, address });
    assert.equal(verdict.valid, true);

    const qr = byTestId(report, 'drill-proof-qr');
    await page.waitForFunction(() => document.querySelector('[data-testid="drill-proof-qr"]')?.getAttribute('data-state') === 'ready');
    assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/svg\+xml;base64,/);
    const [stored] = harness.services.custody!.drills.history();
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
  });

  test('Drills: a wrong passphrase fails the drill with the reason; the chart shows both drills', async () => {
    const { page } = harness;
    const report = await runDrill([HOLDERS[0]!, { name: 'Bob', passphrase: 'not bobs passphrase' }]);
    assert.equal(await report.getAttribute('data-passed'), 'false');
    assert.equal(await byTestId(report, 'drill-verdict').textContent(), '✗ FAILED');
    const reason = (await byTestId(report, 'drill-reason').first().textContent()) ?? '';
    assert.match(reason, /^quorum unlock: /);
    assert.equal(await page.locator('[data-testid="drill-step"][data-name="quorum unlock"]').getAttribute('data-ok'), 'false');
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
});
