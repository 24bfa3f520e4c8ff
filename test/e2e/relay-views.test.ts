// e2e of the relay's views and the vault's Snapshots view in Chromium against the real services and a
// real anvil: pairing key and words, endpoint checks, endpoints kept across a reload (saved in the relay's
// database), a refused unreachable endpoint, a snapshot with the right block and balances (one endpoint: a warning), a signed transaction broadcast and mined, then the vault pinning the relay
// key, importing that snapshot and showing its balances, the vault's label and grouped address, and its age (the recovery point), refusing an older
// snapshot until its box is ticked, and unpairing a relay after a confirmation (H-30). Issue 17 on a second anvil with
// its own chain id: a snapshot set of both chains (one QR) imported by the vault all or none, and a signed set of both
// chains decoded per chain, sent on the click and reported per chain.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { RAW_TX_UR_TYPE, SIGNED_SET_UR_TYPE } from '../../shared/airgap/airlock-types';
import { encodeUr } from '../../shared/airgap/ur';
import { fingerprintText } from '../../shared/airgap/fingerprint';
import { SecretBytes } from '../../shared/crypto/secret';
import { formatUnits } from '../../shared/drafting/actions';
import { buildTransaction, signTransaction } from '../../shared/evm/tx';
import { fixedClock } from '../../main/services/deps';
import type { SignedSnapshot } from '../../shared/snapshot/schema';
import { relayKeyFingerprint, relayPublicKey, signSnapshot } from '../../shared/snapshot/signature';
import { DEV_ACCOUNTS, freePort, startAnvil, type Anvil } from '../helpers/anvil';
import { baseFee, deployFixture, setBalance, type Deployed } from '../helpers/chain';
import { fromMnemonic, unlockQuorum } from '../helpers/vault-fixture';
import { editVaultFile } from '../helpers/audit-tamper';
import { expectAccessible, largestText, startHarness, type Harness, byTestId } from './harness';

const TREASURY = DEV_ACCOUNTS[1]!.address;
const TREASURY_WEI = 12_500_000_000_000_000_000n; // 12.5 ETH
/** The vault's clock stands this long after the relay read the chain: the age the view must show. */
const AGE_MS = (3 * 3600 + 12 * 60 + 5) * 1000;

const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

/** Carried from the relay window to the vault window, as a person would carry them by QR. */
const carried = { relayKey: '', words: '', snapshotJson: '', takenAt: 0, blockNumber: '', setJson: '' };

let anvil: Anvil;
/** A second chain (its own id) for the signed set of a multi-chain runbook (issue 17). */
let anvil2: Anvil;
let token: Deployed;

before(async () => {
  [anvil, anvil2] = await Promise.all([startAnvil(), startAnvil({ chainId: 31338 })]);
  await setBalance(anvil, TREASURY, TREASURY_WEI);
  token = await deployFixture(anvil, 'TestToken', ['Dollar', 'USDX', 6, TREASURY, 5_250_000n]);
});
after(async () => {
  await Promise.all([anvil?.stop(), anvil2?.stop()]);
});

/** A plain 1 ETH transfer signed by a dev account on the given chain, at its next nonce. */
async function signedTransfer(chain: Anvil, chainId: bigint, from: (typeof DEV_ACCOUNTS)[number]) {
  const nonce = BigInt(await chain.rpc<string>('eth_getTransactionCount', [from.address, 'latest']));
  const fee = await baseFee(chain);
  const tx = buildTransaction({
    type: 'eip1559', chainId, nonce, maxPriorityFeePerGas: 1_000_000_000n, maxFeePerGas: fee * 2n + 1_000_000_000n, gasLimit: 21_000n,
    to: DEV_ACCOUNTS[3]!.address, value: 10n ** 18n,
  });
  const signed = signTransaction(tx, SecretBytes.copyOf(hexToBytes(from.privateKey.slice(2))));
  return { raw: '0x' + bytesToHex(signed.raw), hash: '0x' + bytesToHex(signed.hash), words: fingerprintText(RAW_TX_UR_TYPE, signed.raw) };
}

describe('relay views', { concurrency: false }, () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({ mode: 'relay', screenshots: 'relay-views/relay', viewport: { width: 1280, height: 900 } });
    console.log(`relay-views screenshots: ${harness.screenshotDir}`);
    await byTestId(harness.page, 'nav-pairing').waitFor();
  });
  after(() => harness?.close());

  test('Pairing shows the relay public key and its four fingerprint words, and the QR carries the same key', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-pairing').click();
    await byTestId(page, 'relay-key').waitFor();
    const expected = harness.services.relay!.key();
    carried.relayKey = (await byTestId(page, 'relay-key').textContent()) ?? '';
    carried.words = (await byTestId(page, 'relay-fingerprint').getAttribute('data-words')) ?? '';
    assert.equal(carried.relayKey, expected.relayKey);
    assert.equal(carried.words, expected.fingerprint);
    assert.equal(carried.words.split(' ').length, 4);
    // AnimatedQr computes its words from the payload it encodes: equal words mean the QR carries this key.
    assert.equal(await byTestId(page, 'qr-fingerprint').getAttribute('data-words'), carried.words);
    assert.equal(await byTestId(page, 'qr-destination').textContent(), 'Show this to the VAULT (offline)');
    await byTestId(page, 'qr-frame').and(page.locator('[src^="data:image/svg"]')).waitFor();
    assert.equal((await largestText(page, 'body')).testid, 'qr-destination', 'where the code goes is the largest text on screen');
    await expectAccessible(page, 'relay pairing');
    await harness.screenshot('01-pairing');
    await harness.screenshot('point-5-show-this-to-the-vault');
  });

  test('the broadcast scanner says in its largest text where to scan from, and what to point at in plain words', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-broadcast').click();
    await byTestId(page, 'broadcast-scan-open').click();
    const scanner = byTestId(page, 'qr-scanner');
    await scanner.waitFor();
    assert.equal(await byTestId(scanner, 'scanner-direction').textContent(), 'Scan from the VAULT (offline)');
    assert.equal((await largestText(page, 'body')).testid, 'scanner-direction');
    assert.equal(await byTestId(scanner, 'scanner-status').textContent(), "Point the camera at the vault's signed transaction QR code.");
    await expectAccessible(page, 'relay broadcast scanner');
    await harness.screenshot('point-5-scan-from-the-vault');
    await byTestId(scanner, 'scanner-close').click();
    await scanner.waitFor({ state: 'detached' });
  });

  test('Endpoints refuses a URL that is not http(s) with a sentence, and lists the ones added', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-endpoints').click();
    await byTestId(page, 'endpoint-none').waitFor();
    await byTestId(page, 'endpoint-url').fill('ftp://node.example.org');
    await byTestId(page, 'endpoint-add').click();
    assert.match((await byTestId(page, 'endpoint-problem').textContent()) ?? '', /starts with https:\/\/ or http:\/\/, not ftp:/);
    assert.equal(await byTestId(page, 'endpoint-row').count(), 0);
    await harness.screenshot('02-endpoint-refused');
  });

  test('a snapshot from an unreachable RPC endpoint shows the sentence saying so', async () => {
    const { page } = harness;
    const dead = `http://127.0.0.1:${await freePort()}/`;
    await byTestId(page, 'endpoint-url').fill(dead);
    await byTestId(page, 'endpoint-add').click();
    await byTestId(page, 'endpoint-row').waitFor();
    assert.equal(await byTestId(page, 'endpoint-problem').isHidden(), true);
    // Saved in the relay's database: a reloaded window (as after a restart) lists it again.
    await page.locator('[data-testid="endpoint-memory-note"][data-saved="true"]').waitFor();
    assert.deepEqual(harness.services.relay!.savedEndpoints(), [dead]);
    await page.reload();
    await byTestId(page, 'nav-endpoints').click();
    await page.locator(`[data-testid="endpoint-row"][data-url="${dead}"]`).waitFor();
    assert.match((await byTestId(page, 'endpoint-memory-note').textContent()) ?? '', /^Saved on this relay: a restart keeps this list/);
    await byTestId(page, 'nav-take-snapshot').click();
    await byTestId(page, 'snapshot-accounts-input').fill(TREASURY);
    await byTestId(page, 'snapshot-take').click();
    const error = byTestId(page, 'snapshot-error');
    await error.waitFor();
    assert.equal(await byTestId(error, 'error-code').textContent(), 'rpc-unreachable');
    assert.match((await byTestId(error, 'error-message').textContent()) ?? '', new RegExp(`endpoint .*127\\.0\\.0\\.1:${new URL(dead).port}.* cannot be reached`));
    assert.equal(await byTestId(page, 'snapshot-result').count(), 0);
    await harness.screenshot('03-snapshot-unreachable');
    await expectAccessible(harness.page, '03-snapshot-unreachable');
    // Swap the dead endpoint for anvil.
    await byTestId(page, 'nav-endpoints').click();
    await byTestId(page, 'endpoint-remove').click();
    await byTestId(page, 'endpoint-url').fill(anvil.url);
    await byTestId(page, 'endpoint-add').click();
    assert.deepEqual(await byTestId(page, 'endpoint-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.url)), [`${anvil.url}/`]);
    await harness.screenshot('04-endpoints');
  });

  test('Take snapshot against anvil shows the block number, the balances and the signed snapshot QR', async () => {
    const { page } = harness;
    const block = BigInt(await anvil.rpc<string>('eth_blockNumber'));
    await byTestId(page, 'nav-take-snapshot').click();
    assert.equal(await byTestId(page, 'snapshot-accounts-input').inputValue(), TREASURY, 'what was typed survives leaving the view');
    await byTestId(page, 'snapshot-tokens-input').fill(token.address);
    await byTestId(page, 'snapshot-take').click();
    const result = byTestId(page, 'snapshot-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-block'), block.toString());
    assert.equal(await byTestId(result, 'snapshot-block').textContent(), block.toString());
    assert.equal(await byTestId(result, 'snapshot-chain').textContent(), '31337');
    const account = result.locator(`[data-testid="snapshot-account"][data-address="${TREASURY}"]`);
    assert.equal(await byTestId(account, 'account-balance').getAttribute('data-wei'), TREASURY_WEI.toString());
    assert.equal(await byTestId(account, 'account-balance').textContent(), '12.5 ETH');
    assert.equal(await byTestId(account, 'token-balance').textContent(), '5.25 USDX');
    assert.equal(await byTestId(result, 'snapshot-crosscheck').getAttribute('data-state'), 'single');
    assert.match((await byTestId(result, 'snapshot-crosscheck').getAttribute('class')) ?? '', /\bnotice-warn\b/, 'one endpoint is a warning, not a note');
    assert.match((await byTestId(result, 'snapshot-crosscheck').textContent()) ?? '', /^⚠ Not cross-checked: read from one RPC endpoint only/);
    assert.match((await byTestId(result, 'snapshot-summary').textContent()) ?? '', new RegExp(`block ${block}: 1 account\\(s\\) holding 12\\.5 ETH`));
    assert.equal(await byTestId(result, 'qr-destination').textContent(), 'Show this to the VAULT (offline)');
    carried.snapshotJson = await byTestId(result, 'snapshot-json').inputValue();
    const snapshot = JSON.parse(carried.snapshotJson) as { blockNumber: string; takenAt: string; relayKey: string };
    assert.equal(snapshot.relayKey, carried.relayKey);
    carried.takenAt = Number(snapshot.takenAt);
    carried.blockNumber = snapshot.blockNumber;
    await harness.screenshot('05-snapshot-taken');
    await expectAccessible(harness.page, '05-snapshot-taken');
    await byTestId(result, 'snapshot-accounts').scrollIntoViewIfNeeded();
    await harness.screenshot('05b-snapshot-accounts');
  });

  test('issue 17: Take snapshot reads two chains at once, each from its own endpoint, as one QR with a line per chain', async () => {
    const { page } = harness;
    // The token lives on the first chain only: this order reads the treasury on both.
    await byTestId(page, 'snapshot-tokens-input').fill('');
    const panel = byTestId(page, 'snapshot-set');
    // The saved endpoint answered chain 31337 when the snapshot above was taken: it fills that chain's line.
    await byTestId(panel, 'snapshot-set-use-saved').click();
    await byTestId(panel, 'snapshot-set-saved-note').filter({ hasText: 'Filled from the saved endpoints' }).waitFor();
    assert.equal(await byTestId(panel, 'snapshot-set-endpoints').inputValue(), `31337=${anvil.url}/`);
    await byTestId(panel, 'snapshot-set-endpoints').fill(`31337=${anvil.url}\n31338=${anvil2.url}`);
    // Before anything is read, each chain's target is listed.
    const host = (url: string) => new URL(url).origin;
    assert.deepEqual(await byTestId(panel, 'snapshot-set-target').allTextContents(), [
      `Chain 31337: ${host(anvil.url)} (one endpoint, not cross-checked)`,
      `Chain 31338: ${host(anvil2.url)} (one endpoint, not cross-checked)`,
    ]);
    const blocks = await Promise.all([anvil, anvil2].map(async (a) => BigInt(await a.rpc<string>('eth_blockNumber')).toString()));
    await byTestId(panel, 'snapshot-set-take').click();
    const result = byTestId(panel, 'snapshot-set-result');
    await result.waitFor();
    assert.deepEqual(await byTestId(result, 'snapshot-set-chain').evaluateAll((rows) => rows.map((r) => [(r as HTMLElement).dataset.chain, (r as HTMLElement).dataset.block])), [['31337', blocks[0]], ['31338', blocks[1]]]);
    assert.deepEqual(await byTestId(result, 'snapshot-set-warnings').allTextContents(), ['Read from one endpoint: not cross-checked.', 'Read from one endpoint: not cross-checked.']);
    assert.deepEqual(await byTestId(result, 'snapshot-set-targets').allTextContents(), [`${host(anvil.url)} (one endpoint, not cross-checked)`, `${host(anvil2.url)} (one endpoint, not cross-checked)`], 'each chain names the endpoint it was read from');
    assert.equal(await byTestId(result, 'qr-destination').textContent(), 'Show this to the VAULT (offline)');
    carried.setJson = await byTestId(result, 'snapshot-set-json').inputValue();
    const set = JSON.parse(carried.setJson) as { snapshots: { chainId: string; accounts: { address: string; balance: string }[] }[] };
    assert.deepEqual(set.snapshots.map((s) => s.chainId), ['31337', '31338']);
    assert.equal(set.snapshots[1]!.accounts[0]!.address, TREASURY, 'the same accounts are read on every chain');
    await result.scrollIntoViewIfNeeded();
    await harness.screenshot('issue-17-snapshot-set-relay');
    await expectAccessible(harness.page, 'issue-17-snapshot-set-relay');
    // An endpoint named for the wrong chain is refused with the chain named, and no QR is shown.
    await byTestId(panel, 'snapshot-set-endpoints').fill(`31337=${anvil.url}\n1=${anvil2.url}`);
    await byTestId(panel, 'snapshot-set-take').click();
    await byTestId(panel, 'snapshot-set-error').waitFor();
    assert.match((await byTestId(byTestId(panel, 'snapshot-set-error'), 'error-message').textContent()) ?? '', /chain 1\b/);
    assert.equal(await byTestId(panel, 'qr-frame').count(), 0);
  });

  test('Broadcast queue decodes a signed transaction first, sends nothing before the click, then shows it mined in the queue', async () => {
    const { page } = harness;
    const sender = DEV_ACCOUNTS[2]!;
    const nonce = BigInt(await anvil.rpc<string>('eth_getTransactionCount', [sender.address, 'latest']));
    const fee = await baseFee(anvil);
    const tx = buildTransaction({
      type: 'eip1559', chainId: 31337n, nonce, maxPriorityFeePerGas: 1_000_000_000n, maxFeePerGas: fee * 2n + 1_000_000_000n, gasLimit: 21_000n,
      to: DEV_ACCOUNTS[3]!.address, value: 10n ** 18n,
    });
    const signed = signTransaction(tx, SecretBytes.copyOf(hexToBytes(sender.privateKey.slice(2))));
    const hash = '0x' + bytesToHex(signed.hash);
    await byTestId(page, 'nav-broadcast').click();
    await byTestId(page, 'queue-empty').waitFor();
    await byTestId(page, 'broadcast-input').fill('0x' + bytesToHex(signed.raw));
    await byTestId(page, 'broadcast-decode').click();
    // Issue 14 point 1: decoded and shown, nothing sent until the explicit click.
    const preview = byTestId(page, 'broadcast-preview');
    await preview.waitFor();
    const words = fingerprintText(RAW_TX_UR_TYPE, signed.raw);
    assert.equal(
      await byTestId(preview, 'broadcast-summary').textContent(),
      `Send 1 ETH (1000000000000000000 wei) to ${DEV_ACCOUNTS[3]!.address} on chain 31337, fee ≤ ${formatUnits(tx.gasLimit * (fee * 2n + 1_000_000_000n), 18)} ETH, nonce ${nonce} of ${sender.address}, fingerprint ${words}`,
    );
    assert.equal(await byTestId(preview, 'broadcast-fingerprint').getAttribute('data-words'), words);
    assert.equal(await byTestId(preview, 'preview-value').getAttribute('data-wei'), (10n ** 18n).toString());
    assert.equal(await byTestId(preview, 'preview-fee').getAttribute('data-wei'), (21_000n * (fee * 2n + 1_000_000_000n)).toString());
    assert.equal(await byTestId(preview, 'preview-hash').textContent(), hash);
    assert.deepEqual(harness.services.relay!.queue(), [], 'nothing queued before the click');
    assert.equal(await anvil.rpc('eth_getTransactionByHash', [hash]), null, 'no node has it before the click');
    assert.equal(BigInt(await anvil.rpc<string>('eth_getTransactionCount', [sender.address, 'pending'])), nonce, 'the nonce is unused before the click');
    await byTestId(preview, 'broadcast-send').scrollIntoViewIfNeeded();
    await harness.screenshot('06a-point-1-decoded-nothing-sent-before-the-click');
    await expectAccessible(harness.page, '06a-point-1-decoded-nothing-sent-before-the-click');
    await byTestId(preview, 'broadcast-send').click();
    const outcome = byTestId(page, 'broadcast-result');
    await outcome.waitFor();
    assert.equal(await outcome.getAttribute('data-status'), 'confirmed');
    assert.equal(await byTestId(outcome, 'broadcast-hash').textContent(), hash);
    const receipt = await anvil.rpc<{ status: string; blockNumber: string }>('eth_getTransactionReceipt', [hash]);
    assert.equal(receipt.status, '0x1');
    const row = page.locator(`[data-testid="queue-row"][data-hash="${hash}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'confirmed');
    assert.equal(await byTestId(row, 'queue-block').textContent(), BigInt(receipt.blockNumber).toString());
    assert.equal(await byTestId(row, 'queue-status').textContent(), '● Mined');
    assert.match((await byTestId(row, 'queue-what').textContent()) ?? '', new RegExp(`^1 ETH to ${DEV_ACCOUNTS[3]!.address}, fee ≤ `));
    // What each endpoint said: the one endpoint shows it mined in that block.
    assert.deepEqual(await byTestId(row, 'queue-endpoint').evaluateAll((items) => items.map((li) => li.getAttribute('data-state'))), ['mined']);
    assert.match((await byTestId(row, 'queue-endpoints').textContent()) ?? '', new RegExp(`mined: in block ${BigInt(receipt.blockNumber)}`));
    await byTestId(page, 'queue').scrollIntoViewIfNeeded();
    await harness.screenshot('06-broadcast-mined');
  });

  test('a pasted text that is not a signed transaction is refused with its sentence and the queue is unchanged', async () => {
    const { page } = harness;
    await byTestId(page, 'broadcast-input').fill('0x1234');
    await byTestId(page, 'broadcast-decode').click();
    const error = byTestId(page, 'broadcast-error');
    await error.waitFor();
    assert.ok(((await byTestId(error, 'error-message').textContent()) ?? '').length > 20, 'a sentence, not a code');
    assert.equal(await byTestId(page, 'queue-row').count(), 1);
    assert.equal(await byTestId(page, 'broadcast-send').count(), 0, 'nothing to confirm');
    await harness.screenshot('07-broadcast-refused');
    await expectAccessible(harness.page, '07-broadcast-refused');
    assert.deepEqual(harness.pageErrors, []);
    assert.deepEqual(harness.internalErrors, []);
  });

  test('issue 17: a signed set of two chains is decoded per chain first, sent only on the click, each on its chain, with per-chain status; sent again it is only followed', async () => {
    const { page } = harness;
    const sender = DEV_ACCOUNTS[0]!;
    const [one, two] = [await signedTransfer(anvil, 31337n, sender), await signedTransfer(anvil2, 31338n, sender)];
    const set = { version: 1, items: [{ chainId: '31337', draft: 11, rawTransaction: one.raw }, { chainId: '31338', draft: 12, rawTransaction: two.raw }] };
    const parts = encodeUr(SIGNED_SET_UR_TYPE, new TextEncoder().encode(JSON.stringify(set)), 400);
    await byTestId(page, 'set-input').fill(parts.join('\n'));
    await byTestId(page, 'set-decode').click();
    const preview = byTestId(page, 'set-preview');
    await preview.waitFor();
    assert.deepEqual(await byTestId(preview, 'set-chain').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.chain)), ['31337', '31338']);
    assert.deepEqual(await byTestId(preview, 'broadcast-fingerprint').evaluateAll((els) => els.map((e) => e.getAttribute('data-words'))), [one.words, two.words]);
    assert.deepEqual(await byTestId(preview, 'preview-hash').allTextContents(), [one.hash, two.hash]);
    // Without endpoints for every chain of the set nothing is sent, and the refusal names the chain.
    await byTestId(page, 'set-endpoints').fill(`31337=${anvil.url}`);
    await byTestId(preview, 'set-send').click();
    assert.match((await byTestId(byTestId(page, 'set-error'), 'error-message').textContent()) ?? '', /No endpoint is given for chain 31338/);
    assert.equal(await anvil.rpc('eth_getTransactionByHash', [one.hash]), null, 'nothing sent before the click');
    await byTestId(page, 'set-endpoints').fill(`31337=${anvil.url}\n31338=${anvil2.url}`);
    await byTestId(page, 'set-decode').click();
    await byTestId(page, 'set-preview').waitFor();
    await harness.screenshot('issue-17-broadcast-set-decoded');
    await byTestId(page, 'set-send').click();
    const result = byTestId(page, 'set-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-ok'), 'true');
    assert.deepEqual(await byTestId(result, 'set-status-row').evaluateAll((rows) => rows.map((r) => [(r as HTMLElement).dataset.chain, (r as HTMLElement).dataset.status])), [['31337', 'confirmed'], ['31338', 'confirmed']]);
    for (const [chain, sent] of [[anvil, one], [anvil2, two]] as const) {
      assert.equal((await chain.rpc<{ status: string }>('eth_getTransactionReceipt', [sent.hash])).status, '0x1');
    }
    await result.scrollIntoViewIfNeeded();
    await harness.screenshot('issue-17-broadcast-set-status');
    await expectAccessible(harness.page, 'issue-17-broadcast-set-status');
    // The same set again: each transaction is known by its hash, re-checked and never sent twice.
    await byTestId(page, 'set-decode').click();
    await byTestId(page, 'set-send').click();
    await byTestId(page, 'set-result').waitFor();
    assert.deepEqual(await byTestId(page, 'set-status').allTextContents(), ['● Mined (already queued: followed, not sent again)', '● Mined (already queued: followed, not sent again)']);
    assert.deepEqual(harness.pageErrors, []);
    assert.deepEqual(harness.internalErrors, []);
  });
});

describe('vault Snapshots & positions', { concurrency: false }, () => {
  let harness: Harness;
  before(async () => {
    assert.ok(carried.snapshotJson, 'the relay tests produced a snapshot');
    harness = await startHarness({ mode: 'vault', screenshots: 'relay-views/vault', clock: fixedClock(carried.takenAt + AGE_MS), viewport: { width: 1280, height: 900 } });
    // The vault registers the snapshot's account (anvil's account 1) under its own label.
    await harness.services.custody!.vault.create(fromMnemonic(ANVIL_MNEMONIC, [{ scheme: 'bip44', index: 1, label: 'Ops treasury', role: 'eoa-treasury' }]));
    await byTestId(harness.page, 'nav-snapshots').waitFor();
  });
  after(() => harness?.close());

  test('refuses an import before any relay is paired, and refuses words that do not match the key', async () => {
    const { page } = harness;
    await byTestId(page, 'nav-snapshots').click();
    await byTestId(page, 'recovery-point-none').waitFor();
    await byTestId(page, 'pins-none').waitFor();
    await byTestId(page, 'import-snapshot').fill(carried.snapshotJson);
    await byTestId(page, 'import-chain').fill('31337');
    await byTestId(page, 'import-submit').click();
    await byTestId(page, 'import-error').waitFor();
    assert.equal(await byTestId(page, 'import-error').locator('[data-testid="error-code"]').textContent(), 'relay-not-paired');
    await byTestId(page, 'pair-open').click();
    await byTestId(page, 'pair-key').fill(carried.relayKey);
    await byTestId(page, 'pair-words').fill(carried.words.split(' ').reverse().join(' '));
    await byTestId(page, 'pair-submit').click();
    await byTestId(page, 'pair-error').waitFor();
    assert.equal(await byTestId(page, 'pair-error').locator('[data-testid="error-code"]').textContent(), 'relay-fingerprint-mismatch');
    assert.equal(await byTestId(page, 'pin-row').count(), 0);
    await harness.screenshot('01-refusals');
    await expectAccessible(harness.page, '01-refusals');
  });

  test('pins the relay key with the words from its screen, imports its snapshot and shows balances and age', async () => {
    const { page } = harness;
    await byTestId(page, 'pair-words').fill(carried.words);
    // The vault seals each pairing with its own key: while it is locked nothing is pinned, and the form says why.
    await byTestId(page, 'pair-submit').click();
    // (The status line still shows the refusal of the wrong words until this answer replaces it.)
    await byTestId(page, 'pair-error').locator('[data-testid="error-code"]', { hasText: 'vault-locked' }).waitFor();
    assert.equal(await byTestId(page, 'pin-row').count(), 0);
    assert.equal(await byTestId(page, 'pair-words').inputValue(), carried.words, 'the form is kept');
    await unlockQuorum(harness.services.custody!);
    await byTestId(page, 'pair-submit').click();
    await byTestId(page, 'pair-done').waitFor();
    harness.services.custody!.unlock.lock('explicit');
    assert.equal(await byTestId(page, 'pin-row').getAttribute('data-sealed'), 'true');
    assert.equal(await byTestId(page, 'pin-fingerprint').textContent(), carried.words);
    assert.equal(await byTestId(page, 'pair-details').getAttribute('open'), null, 'the pair form closes once pinned');
    await byTestId(page, 'import-snapshot').fill(carried.snapshotJson);
    await byTestId(page, 'import-submit').click();
    await byTestId(page, 'import-done').waitFor();
    const selected = byTestId(page, 'snapshot-selected');
    await selected.waitFor();
    assert.equal(await byTestId(page, 'recovery-point-text').textContent(), '3 h 12 min old');
    assert.equal(await byTestId(selected, 'selected-age-text').textContent(), '3 h 12 min old');
    assert.equal(await byTestId(page, 'recovery-point').getAttribute('data-stale'), 'true');
    assert.equal(await byTestId(selected, 'snapshot-block').textContent(), carried.blockNumber);
    const account = selected.locator(`[data-testid="snapshot-account"][data-address="${TREASURY}"]`);
    assert.equal(await byTestId(account, 'account-balance').textContent(), '12.5 ETH');
    assert.equal(await byTestId(account, 'token-balance').textContent(), '5.25 USDX');
    assert.equal(await byTestId(account, 'account-label').textContent(), 'Ops treasury', "the vault's label for its registered account");
    assert.equal(await byTestId(account, 'account-address').getAttribute('data-hex'), TREASURY);
    assert.deepEqual(await byTestId(account, 'account-address').locator('.hex-block').allTextContents(), TREASURY.slice(2).match(/.{4}/g), 'the address in blocks of four');
    assert.match((await byTestId(selected, 'snapshot-crosscheck').getAttribute('class')) ?? '', /\bnotice-warn\b/);
    assert.equal(await byTestId(selected, 'snapshot-warnings-none').count(), 1);
    assert.deepEqual(await byTestId(page, 'history-block').allTextContents(), [carried.blockNumber]);
    assert.equal(await byTestId(page, 'history-age').textContent(), '3 h 12 min');
    await harness.screenshot('02-imported');
    await expectAccessible(harness.page, '02-imported');
    await byTestId(selected, 'snapshot-accounts').scrollIntoViewIfNeeded();
    await harness.screenshot('03-selected-accounts');
    await byTestId(selected, 'snapshot-crosscheck').scrollIntoViewIfNeeded();
    await harness.screenshot('point-6-snapshot-risks');
    assert.deepEqual(harness.pageErrors, []);
    assert.deepEqual(harness.internalErrors, []);
  });

  /** A second relay, paired in the view: it signs a snapshot one block older than the one already imported. */
  const SECOND_RELAY = Uint8Array.from({ length: 32 }, (_, i) => i + 77);
  const secondKey = '0x' + bytesToHex(relayPublicKey(SECOND_RELAY));

  function olderSnapshot(): string {
    const { merkleRoot: _root, signature: _signature, relayKey: _key, ...body } = JSON.parse(carried.snapshotJson) as SignedSnapshot;
    const block = BigInt(carried.blockNumber) - 1n;
    const older = { ...body, blockNumber: block.toString(), blockHash: '0x' + block.toString(16).padStart(64, '0'), takenAt: String(carried.takenAt - 12_000), accounts: [], safes: [], positions: [] };
    return JSON.stringify(signSnapshot(older, SECOND_RELAY));
  }

  test('H-30 an older snapshot is refused until the box acknowledging it is ticked; the recovery point stays on the newest', async () => {
    const { page } = harness;
    await byTestId(page, 'pair-open').click();
    await byTestId(page, 'pair-key').fill(secondKey);
    await byTestId(page, 'pair-words').fill(relayKeyFingerprint(relayPublicKey(SECOND_RELAY)).join(' '));
    await byTestId(page, 'pair-label').fill('Spare relay');
    await unlockQuorum(harness.services.custody!);
    await byTestId(page, 'pair-submit').click();
    await byTestId(page, 'pair-done').waitFor();
    harness.services.custody!.unlock.lock('explicit');
    await byTestId(page, 'import-snapshot').fill(olderSnapshot());
    await byTestId(page, 'import-submit').click();
    const refused = byTestId(page, 'import-error');
    await refused.waitFor();
    assert.equal(await byTestId(refused, 'error-code').textContent(), 'snapshot-older-than-latest');
    const box = byTestId(page, 'import-ack-snapshot-older-than-latest');
    await box.waitFor();
    assert.equal(await byTestId(page, 'import-submit').isDisabled(), true, 'the import waits for the box');
    await harness.screenshot('04-older-refused');
    await expectAccessible(harness.page, '04-older-refused');
    await box.check();
    assert.equal(await byTestId(page, 'import-submit').isDisabled(), false);
    await byTestId(page, 'import-submit').click();
    await byTestId(page, 'import-done').waitFor();
    await page.locator('[data-testid="history-row"]').nth(1).waitFor();
    const older = (BigInt(carried.blockNumber) - 1n).toString();
    assert.deepEqual(await byTestId(page, 'history-block').allTextContents(), [older, carried.blockNumber]);
    assert.deepEqual(await byTestId(page, 'history-status').allTextContents(), ['✓ verified', '✓ verified']);
    assert.match((await byTestId(page, 'recovery-point').textContent()) ?? '', new RegExp(`block ${carried.blockNumber},`), 'the newest by block is the recovery point');
    assert.equal(await byTestId(page, 'import-ack-snapshot-older-than-latest').count(), 0, 'the acknowledgement is not kept for the next snapshot');
  });

  test('H-30 Unpair asks for a confirmation, then the relay is revoked and its snapshot shows as from a revoked relay', async () => {
    const { page } = harness;
    const row = page.locator(`[data-testid="pin-row"][data-fingerprint="${relayKeyFingerprint(relayPublicKey(SECOND_RELAY)).join(' ')}"]`);
    await byTestId(row, 'pin-unpair').click();
    await byTestId(row, 'pin-unpair-confirm').waitFor();
    await byTestId(row, 'pin-unpair-keep').click();
    await byTestId(row, 'pin-unpair').waitFor();
    assert.equal(await row.getAttribute('data-revoked'), 'false', 'keeping it changes nothing');
    await byTestId(row, 'pin-unpair').click();
    await byTestId(row, 'pin-unpair-yes').click();
    await byTestId(page, 'unpair-done').waitFor();
    await byTestId(row, 'pin-revoked').waitFor();
    assert.equal(await row.getAttribute('data-revoked'), 'true');
    const revoked = page.locator('[data-testid="history-row"][data-status="revoked"]');
    await revoked.waitFor();
    assert.equal(await byTestId(revoked, 'history-status').textContent(), '✗ revoked relay');
    await byTestId(revoked, 'history-open').click();
    const problem = byTestId(page, 'snapshot-problem');
    await problem.waitFor();
    assert.equal(await byTestId(problem, 'error-code').textContent(), 'snapshot-relay-revoked');
    assert.equal(await page.locator('[data-testid="history-row"][data-status="verified"]').count(), 1, 'the paired relay\'s snapshot is untouched');
    await harness.screenshot('05-relay-revoked');
    assert.deepEqual(harness.pageErrors, []);
    assert.deepEqual(harness.internalErrors, []);
  });

  test('H-30 the revoked relay made current again in the vault file is shown as not sealed by the vault, and its snapshot as damaged', async () => {
    const { page } = harness;
    const key = Buffer.from(secondKey.slice(2), 'hex');
    editVaultFile(harness.dbPath, (db) => db.prepare('UPDATE relay_pin SET revoked_at = NULL WHERE public_key = ?').run(key));
    await byTestId(page, 'nav-dashboard').click();
    await byTestId(page, 'nav-snapshots').click();
    const row = page.locator(`[data-testid="pin-row"][data-fingerprint="${relayKeyFingerprint(relayPublicKey(SECOND_RELAY)).join(' ')}"]`);
    await byTestId(row, 'pin-unsealed').waitFor();
    assert.deepEqual([await row.getAttribute('data-revoked'), await row.getAttribute('data-sealed')], ['false', 'false']);
    const damaged = page.locator('[data-testid="history-row"][data-status="damaged"]');
    await damaged.waitFor();
    await byTestId(damaged, 'history-open').click();
    const problem = byTestId(page, 'snapshot-problem');
    await problem.locator('[data-testid="error-code"]', { hasText: 'snapshot-relay-unsealed' }).waitFor();
    await row.scrollIntoViewIfNeeded();
    await harness.screenshot('06-relay-unsealed');
    await expectAccessible(harness.page, '06-relay-unsealed');
    assert.deepEqual(harness.pageErrors, []);
    assert.deepEqual(harness.internalErrors, []);
  });

  test('issue 17: a snapshot set imports every chain listed or none, the refusal naming the chain', async () => {
    const { page } = harness;
    assert.ok(carried.setJson, 'the relay took a set');
    const before = await byTestId(page, 'history-row').count();
    await byTestId(page, 'import-snapshot').fill(carried.setJson);
    await byTestId(page, 'import-chain').fill('31337');
    await byTestId(page, 'import-submit').click();
    const refused = byTestId(page, 'import-error');
    await refused.waitFor();
    assert.match((await byTestId(refused, 'error-message').textContent()) ?? '', /31338/);
    assert.equal(await byTestId(page, 'history-row').count(), before, 'nothing imported');
    await byTestId(page, 'import-chain').fill('31337, 31338');
    await byTestId(page, 'import-submit').click();
    const done = byTestId(page, 'import-done');
    await done.waitFor();
    assert.match((await done.textContent()) ?? '', /^Imported 2 snapshots in one go: chain 31337 at block \d+ \(snapshot \d+\), chain 31338 at block \d+ \(snapshot \d+\)\./);
    await page.locator('[data-testid="history-row"]').nth(before + 1).waitFor();
    await harness.screenshot('issue-17-snapshot-set-vault-import');
    assert.deepEqual(harness.pageErrors, []);
    assert.deepEqual(harness.internalErrors, []);
  });
});
