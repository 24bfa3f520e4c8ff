// The air gap both ways through cameras, on a real chain: the vault's watch list tells the relay what to read;
// the relay app takes a signed snapshot of anvil and
// shows it as QR codes; the vault app's scanner reads them from its (fake) camera, verifies and imports the
// snapshot; the vault signs a sweep built from it and shows the raw transaction as a QR code; the relay app's
// scanner reads it from its camera and broadcasts it; anvil shows the ETH moved. Only QR codes cross.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RAW_TX_UR_TYPE, SNAPSHOT_UR_TYPE } from '../../shared/airgap/airlock-types';
import { fingerprintText } from '../../shared/airgap/fingerprint';
import { WATCH_LIST_UR_TYPE } from '../../shared/airgap/watch-list';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import { filmAnimatedQr } from '../helpers/camera-rig';
import { balanceOf, setBalance } from '../helpers/chain';
import { HOLDERS, twoOfThree, unlockQuorum } from '../helpers/vault-fixture';
import { expectAccessible, startHarness, type Harness, TEST_TIMEOUT_MS, byTestId } from './harness';

const RECIPIENT = DEV_ACCOUNTS[3]!.address;
const ETHER = 10n ** 18n;

describe('the air gap both ways: relay snapshot → vault camera, vault signature → relay camera', { concurrency: false }, () => {
  let anvil: Anvil;
  let vault: Harness;
  let relay: Harness;
  let videos: string;
  let treasury = '';
  const errors: string[] = [];

  /** Plays `payload` in the app's own AnimatedQr and writes the frames as the camera video at `video`. */
  async function filmQr(type: string, payload: Uint8Array, video: string, frames: number): Promise<void> {
    const [dir, name] = [video.slice(0, video.lastIndexOf('/')), video.slice(video.lastIndexOf('/') + 1, -'.y4m'.length)];
    await filmAnimatedQr({ type, payload, density: 'fast', frames, dir, name }, errors);
  }

  before(async () => {
    videos = mkdtempSync(join(tmpdir(), 'airlock-airgap-'));
    anvil = await startAnvil();
    // Each app's camera plays a video written later, when the other side has shown its QR code.
    vault = await startHarness({ mode: 'vault', screenshots: 'airgap/vault', cameraVideo: join(videos, 'to-vault.y4m'), viewport: { width: 1280, height: 900 } });
    relay = await startHarness({ mode: 'relay', screenshots: 'airgap/relay', cameraVideo: join(videos, 'to-relay.y4m'), viewport: { width: 1280, height: 900 } });
    await vault.services.custody!.vault.create(twoOfThree());
    treasury = vault.services.custody!.vault.accounts()[0]!.address;
    await setBalance(anvil, treasury, 3n * ETHER);
  });

  after(async () => {
    await relay?.close();
    await vault?.close();
    await anvil?.stop();
    if (videos) rmSync(videos, { recursive: true, force: true });
    assert.deepEqual(errors, []);
    for (const h of [vault, relay]) {
      assert.deepEqual(h?.pageErrors ?? [], [], 'no uncaught page errors');
      assert.deepEqual(h?.internalErrors ?? [], [], 'no internal errors behind the bridge');
    }
  });

  test('the relay snapshot crosses to the vault by camera and is verified and imported', { timeout: TEST_TIMEOUT_MS }, async () => {
    const r = relay.page;
    await byTestId(r, 'nav-pairing').click();
    await byTestId(r, 'relay-key').waitFor();
    const relayKey = (await byTestId(r, 'relay-key').textContent()) ?? '';
    const words = (await byTestId(r, 'relay-fingerprint').getAttribute('data-words')) ?? '';
    await byTestId(r, 'nav-endpoints').click();
    await byTestId(r, 'endpoint-url').fill(anvil.url);
    await byTestId(r, 'endpoint-add').click();
    // The vault's watch list (its accounts and Safes) reaches the relay by camera: nothing is typed on the relay.
    const v = vault.page;
    await byTestId(v, 'nav-holders').click();
    await byTestId(v, 'watch-list-export').click();
    const listCard = byTestId(v, 'watch-list-card');
    await listCard.waitFor();
    const watchList = vault.services.custody!.watchOnly.watchList();
    assert.deepEqual(watchList.list.accounts.map((a) => a.address), [treasury]);
    assert.equal(await byTestId(listCard, 'qr-fingerprint').getAttribute('data-words'), watchList.fingerprint);
    await vault.screenshot('00-watch-list');
    await expectAccessible(vault.page, '00-watch-list');
    await filmQr(WATCH_LIST_UR_TYPE, Buffer.from(watchList.payload, 'hex'), join(videos, 'to-relay.y4m'), 1);
    await byTestId(r, 'nav-take-snapshot').click();
    await byTestId(r, 'watch-list-scan-open').click();
    await byTestId(r, 'watch-list-scan-received').waitFor();
    assert.equal(await byTestId(r, 'watch-list-scan-received').getAttribute('data-words'), watchList.fingerprint, 'both screens show the same words');
    assert.equal(await byTestId(r, 'snapshot-accounts-input').inputValue(), treasury);
    await byTestId(r, 'snapshot-take').click();
    const result = byTestId(r, 'snapshot-result');
    await result.waitFor();
    // What the relay's QR code carries: the signed snapshot text it shows beside it.
    const snapshotJson = await byTestId(result, 'snapshot-json').inputValue();
    await relay.screenshot('01-snapshot-shown');
    await expectAccessible(relay.page, '01-snapshot-shown');
    await filmQr(SNAPSHOT_UR_TYPE, new TextEncoder().encode(snapshotJson), join(videos, 'to-vault.y4m'), 16);

    await byTestId(v, 'nav-snapshots').click();
    await byTestId(v, 'pair-open').click();
    // The holder reads the key and compares the four words on both screens.
    await byTestId(v, 'pair-key').fill(relayKey);
    await byTestId(v, 'pair-words').fill(words);
    // The vault seals the pairing, so a quorum has it unlocked meanwhile.
    await unlockQuorum(vault.services.custody!);
    await byTestId(v, 'pair-submit').click();
    await byTestId(v, 'pair-done').waitFor();
    vault.services.custody!.unlock.lock('explicit');
    await byTestId(v, 'import-chain').fill(String(anvil.chainId));
    await byTestId(v, 'import-scan-open').click();
    await byTestId(v, 'qr-scanner').waitFor();
    await vault.screenshot('01-scanning-snapshot');
    await byTestId(v, 'import-done').waitFor();
    const [imported] = vault.services.snapshots!.list();
    assert.ok(imported);
    assert.equal(imported.merkleRoot, (JSON.parse(snapshotJson) as { merkleRoot: string }).merkleRoot, 'the vault holds exactly what the relay signed');
    assert.equal(vault.services.scanner.open, false, 'the camera window closed after the read');
    assert.equal(
      await byTestId(v, 'import-scan-received').getAttribute('data-words'),
      await byTestId(result, 'qr-fingerprint').getAttribute('data-words'),
      'the vault shows the fingerprint words the relay shows under its QR',
    );
    await vault.screenshot('02-snapshot-imported');
    await expectAccessible(vault.page, '02-snapshot-imported');
  });

  test('the vault-signed sweep crosses to the relay by camera, is broadcast, and the ETH moves', { timeout: TEST_TIMEOUT_MS }, async () => {
    const custody = vault.services.custody!;
    const [snapshot] = vault.services.snapshots!.list();
    const draft = custody.drafts.create({ executor: { kind: 'eoa', from: treasury }, actions: [{ type: 'native-sweep', to: RECIPIENT }] }, { snapshotId: snapshot!.id });
    assert.deepEqual(draft.blocking.map((w) => w.code), []);
    // The sweep's destination is not one of the vault's accounts: the holders confirm they checked it (H-23).
    assert.deepEqual(draft.acknowledgementsRequired, ['recipient-not-registered']);
    await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
    await custody.unlock.present('Carol', HOLDERS[2]!.passphrase);
    await custody.unlock.complete({});
    const signed = custody.drafts.sign(draft.id, { digest: draft.digest, acknowledge: draft.acknowledgementsRequired });
    custody.unlock.lock('explicit');
    const raw = Uint8Array.from(Buffer.from(signed.rawTransaction!.slice(2), 'hex'));
    // A signed sweep fits one QR code: a static frame.
    await filmQr(RAW_TX_UR_TYPE, raw, join(videos, 'to-relay.y4m'), 1);

    const r = relay.page;
    const before = await balanceOf(anvil, RECIPIENT);
    await byTestId(r, 'nav-broadcast').click();
    await byTestId(r, 'broadcast-scan-open').click();
    await byTestId(r, 'qr-scanner').waitFor();
    // The scan only decodes: the relay shows what it read, with the words the vault showed, and sends on a click.
    const preview = byTestId(r, 'broadcast-preview');
    await preview.waitFor();
    assert.equal(await byTestId(preview, 'broadcast-fingerprint').getAttribute('data-words'), fingerprintText(RAW_TX_UR_TYPE, raw));
    assert.equal(await byTestId(preview, 'preview-to').textContent(), RECIPIENT);
    assert.deepEqual(relay.services.relay!.queue(), [], 'nothing queued before the click');
    assert.equal(await balanceOf(anvil, RECIPIENT), before, 'nothing sent before the click');
    await byTestId(preview, 'broadcast-send').click();
    const outcome = byTestId(r, 'broadcast-result');
    await outcome.waitFor();
    assert.equal(await outcome.getAttribute('data-status'), 'confirmed');
    assert.equal(await byTestId(outcome, 'broadcast-hash').textContent(), signed.hash);
    await relay.screenshot('02-broadcast-from-camera');
    const moved = (await balanceOf(anvil, RECIPIENT)) - before;
    assert.equal(moved, BigInt((draft.review.actions as Array<{ value: string }>)[0]!.value), 'exactly the value the vault reviewed');
    assert.ok(moved > 2n * ETHER, 'nearly all of the 3 ETH, less the most the gas could cost');
  });
});
