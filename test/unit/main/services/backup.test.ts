// Backups of a real vault (SQLite files, real KDFs, the fixed clock): made by the unlocked vault and verified at each
// destination; restored into a new database by another quorum (passphrases or a paper share), every table equal and
// the same quorum unlocking it; the drill's restore into a temporary vault, failing on a missing or altered copy; the
// backup's age and the changes since against the policy; and the refusals a holder or a hostile renderer can meet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { checkpointPublicKey } from '../../../../shared/audit/checkpoint';
import { decodeBackupFile } from '../../../../shared/backup/file';
import type { AirlockError } from '../../../../shared/errors';
import { readHead } from '../../../../main/db/audit';
import { insertVault, readVault } from '../../../../main/db/vault';
import type { BridgeError } from '../../../../renderer/bridge';
import { openImageCopy } from '../../../../main/db/image';
import type { Custody } from '../../../../main/app-services';
import { takeImage } from '../../../../main/services/backup/image';
import { verifyImage, type ImageExpectations } from '../../../../main/services/backup/verify';
import { rewriteEntry } from '../../../helpers/audit-tamper';
import { ETHERNET } from '../../../helpers/services';
import { assertRestoredContent, readTables } from '../../../helpers/backup-tables';
import { rejectsWith } from '../../../helpers/refusals';
import { rendererBridge } from '../../../helpers/renderer-bridge';
import { tempDir } from '../../../helpers/temp';
import { HOLDERS, twoOfThree, vaultServices } from '../../../helpers/vault-fixture';

const DAY = 24 * 3600 * 1000;
const [ALICE, BOB, CAROL] = HOLDERS as [typeof HOLDERS[0], typeof HOLDERS[0], typeof HOLDERS[0]];

/** Alice and Bob unlock the vault (again, when a test before let its idle time run out). */
async function unlockWithAliceAndBob(custody: Custody): Promise<void> {
  await custody.unlock.present(ALICE.name, ALICE.passphrase);
  await custody.unlock.present(BOB.name, BOB.passphrase);
  assert.equal((await custody.unlock.complete({})).state, 'unlocked');
}

async function unlocked() {
  const fixture = vaultServices();
  const { shares } = await fixture.custody.vault.create(twoOfThree());
  await unlockWithAliceAndBob(fixture.custody);
  return { ...fixture, shares, folder: tempDir('airlock-backup-media-') };
}

const fixture = unlocked();

test('a backup of the unlocked vault restores into a new database table for table, and the same quorum unlocks it', async () => {
  const { services, custody, folder, dbPath } = await fixture;
  custody.vault.setIdleLockMinutes(12);
  const first = join(folder, 'usb-a.airlock-backup');
  const second = join(folder, 'usb-b.airlock-backup');
  const report = await custody.backups.create([first, second]);
  assert.deepEqual(report.destinations, [{ path: first, verified: true }, { path: second, verified: true }]);
  assert.equal(report.hash, Buffer.from(sha256(readFileSync(first))).toString('hex'));
  assert.deepEqual(readFileSync(first), readFileSync(second));
  // The file on its own names nobody: no holder, vault or group name, account label or address outside the ciphertext.
  // (Only what precedes the encrypted body is read: random ciphertext holds a three-letter name like "Bob" by chance.)
  const decoded = decodeBackupFile(readFileSync(first));
  assert.equal(decoded.body.length, decoded.header.bodyBytes);
  const text = Buffer.from(decoded.associatedData).toString('latin1');
  const address = custody.vault.accounts()[0]!.address;
  for (const plain of ['Alice', 'Bob', 'Carol', 'Acme treasury', 'Board', 'Treasury', address, address.slice(2).toLowerCase()]) assert.ok(!text.includes(plain), `${plain} is readable in the file`);
  assert.equal(report.verification.addressesDerived, 1);
  const recorded = services.audit.list(5).find((e) => e.action === 'vault-backup-written')!;
  assert.equal(recorded.details.backup, report.hash);
  assert.equal(recorded.details.destinations, `${first}; ${second}`);

  // Carol and Bob restore on a new laptop: a quorum other than the one that made it.
  const target = vaultServices(join(tempDir(), 'new.db'));
  const restored = await target.custody.restore.restore(first, { holders: [{ name: CAROL.name, passphrase: CAROL.passphrase }, { name: BOB.name, passphrase: BOB.passphrase }] });
  assert.equal(restored.vault.id, report.vaultId);
  assert.deepEqual(restored.holders, ['Carol', 'Bob']);
  assert.equal(restored.backup.hash, report.hash);
  target.services.close();
  assertRestoredContent(readTables(dbPath), readTables(target.dbPath), report.auditHead.count, report.hash);

  const reopened = vaultServices(target.dbPath);
  assert.equal(reopened.services.audit.verify().valid, true);
  assert.equal(reopened.custody.vault.summary()!.idleLockMinutes, 12);
  await reopened.custody.unlock.present(ALICE.name, ALICE.passphrase);
  await reopened.custody.unlock.present(BOB.name, BOB.passphrase);
  assert.equal((await reopened.custody.unlock.complete({})).state, 'unlocked');
  reopened.services.close();
});

test('a holder who lost their passphrase restores with their paper share; the name must be theirs', async () => {
  const { custody, folder, shares } = await fixture;
  const file = join(folder, 'usb-a.airlock-backup');
  const wrongName = vaultServices(join(tempDir(), 'new.db'));
  await rejectsWith(
    wrongName.custody.restore.restore(file, { holders: [{ name: 'Carol', words: shares[0]!.words }, { name: BOB.name, passphrase: BOB.passphrase }] }),
    'share-wrong-holder',
  );
  assert.equal(wrongName.custody.vault.summary(), null, 'nothing was restored');
  wrongName.services.close();
  const target = vaultServices(join(tempDir(), 'new.db'));
  const restored = await target.custody.restore.restore(file, { holders: [{ name: 'alice', words: shares[0]!.words.toUpperCase() }, { name: BOB.name, passphrase: BOB.passphrase }] });
  assert.deepEqual(restored.holders, ['Alice', 'Bob']);
  assert.equal(target.custody.vault.summary()!.id, custody.vault.summary()!.id);
  target.services.close();
});

test('a wrong passphrase, a name spelled otherwise, too few holders and a database with a vault are refused; nothing is written', async () => {
  const { services, folder } = await fixture;
  const file = join(folder, 'usb-a.airlock-backup');
  const target = vaultServices(join(tempDir(), 'new.db'));
  const wrong = await rejectsWith(target.custody.restore.restore(file, { holders: [{ name: 'Bob', passphrase: 'not bobs passphrase' }] }), 'backup-passphrase-wrong');
  assert.ok(!wrong.message.includes('not bobs'), 'the guess is not repeated');
  await rejectsWith(target.custody.restore.restore(file, { holders: [{ name: 'BOB', passphrase: BOB.passphrase }] }), 'backup-holder-name-differs');
  await rejectsWith(target.custody.restore.restore(file, { holders: [{ name: 'Bob', passphrase: BOB.passphrase }] }), 'shares-not-enough');
  assert.equal(target.custody.vault.summary(), null);
  assert.deepEqual(target.services.audit.list(10).map((e) => e.action), ['database-created']);
  target.services.close();
  await rejectsWith(services.custody!.restore.restore(file, { holders: [{ name: 'Bob', passphrase: BOB.passphrase }] }), 'restore-target-not-empty');
});

test('a vault written into the database while a restore opens its shares is kept: the restore is refused, nothing replaced', async () => {
  const { services, folder, shares } = await fixture;
  const target = vaultServices(join(tempDir(), 'new.db'));
  const pending = target.custody.restore.restore(join(folder, 'usb-a.airlock-backup'), { holders: [{ name: 'Alice', words: shares[0]!.words }, { name: 'Bob', words: shares[1]!.words }] });
  // The restore checked the database was empty and now awaits its key work; another window creates a vault meanwhile.
  const { allowOnlineSigning: _, ...made } = { ...readVault(services.db)!, id: '0123456789abcdef0123456789abcdef', name: 'Made meanwhile' };
  target.services.db.transaction(() => insertVault(target.services.db, { vault: made, groups: [], holders: [], accounts: [] }))();
  await rejectsWith(pending, 'restore-target-not-empty');
  assert.equal(target.custody.vault.summary()!.name, 'Made meanwhile');
  target.services.close();
});

/** A file with the header of `headerFile` (its body length adjusted) and the ciphertext of `bodyFile`, its checksum made right. */
function spliced(headerFile: Buffer, bodyFile: Buffer): Buffer {
  const parts = (file: Buffer) => {
    const length = file.readUInt32BE(9);
    return { header: JSON.parse(file.subarray(13, 13 + length).toString('utf8')) as Record<string, unknown>, body: file.subarray(13 + length, file.length - 32) };
  };
  const { header } = parts(headerFile);
  const { body } = parts(bodyFile);
  const json = Buffer.from(JSON.stringify({ ...header, bodyBytes: body.length }));
  const prefix = Buffer.alloc(13);
  headerFile.copy(prefix, 0, 0, 9);
  prefix.writeUInt32BE(json.length, 9);
  const framed = Buffer.concat([prefix, json, body]);
  return Buffer.concat([framed, sha256(framed)]);
}

test('through the bridge, only a file the open dialog gave is restored; an edited file or an older copy is refused, and the database keeps no vault', async () => {
  const { custody, folder, shares } = await fixture;
  const older = readFileSync(join(folder, 'usb-a.airlock-backup'));
  const latest = await custody.backups.create([join(folder, 'latest.airlock-backup')]);
  const newest = readFileSync(join(folder, 'latest.airlock-backup'));
  const target = vaultServices(join(tempDir(), 'new.db'));
  let answer = '';
  const bridge = rendererBridge(target.services, 'vault', { chooseDestination: async () => null, chooseFile: async () => answer });
  const holders = [{ name: 'Alice', words: shares[0]!.words }, { name: 'Bob', words: shares[1]!.words }];
  const refused = async (path: string, code: string, extra: { expect?: string } = {}) => {
    await assert.rejects(bridge.call('backup.restore', { path, holders, ...extra }), (e: BridgeError) => e.code === code && /^[A-Z].*\.$/.test(e.message), code);
    assert.equal(target.custody.vault.summary(), null, `nothing was restored (${code})`);
  };
  const chosen = async (name: string, bytes: Uint8Array) => {
    answer = join(folder, name);
    writeFileSync(answer, bytes);
    assert.equal((await bridge.call('backup.chooseFile', {})).path, answer);
    return answer;
  };

  await refused(join(folder, 'usb-a.airlock-backup'), 'backup-path-not-chosen');
  // The newest file's header over the older file's ciphertext: a key of this vault opens the header, the AEAD refuses.
  await refused(await chosen('swapped.airlock-backup', spliced(newest, older)), 'backup-tampered');
  const flipped = Buffer.from(newest);
  flipped[flipped.length - 500]! ^= 0x10;
  flipped.set(sha256(flipped.subarray(0, flipped.length - 32)), flipped.length - 32);
  await refused(await chosen('flipped.airlock-backup', flipped), 'backup-tampered');
  // A cut file is refused as soon as it is chosen (its header is read before any secret is typed), and if sent anyway.
  answer = join(folder, 'cut.airlock-backup');
  writeFileSync(answer, newest.subarray(0, newest.length - 100));
  await assert.rejects(bridge.call('backup.chooseFile', {}), (e: BridgeError) => e.code === 'backup-truncated');
  await refused(answer, 'backup-truncated');
  // A genuine older copy authenticates; the four words of the latest (from the media's label) refuse it.
  await refused(await chosen('older.airlock-backup', older), 'backup-not-expected', { expect: latest.hashWords });
  target.services.close();
});

test('H-27 a restore on a connected machine is refused unless the restored vault allows online signing', async () => {
  const { folder } = await fixture;
  const online = vaultServices(join(tempDir(), 'new.db'), () => ETHERNET);
  const holders = [{ name: ALICE.name, passphrase: ALICE.passphrase }, { name: BOB.name, passphrase: BOB.passphrase }];
  const refused = await rejectsWith(online.custody.restore.restore(join(folder, 'usb-a.airlock-backup'), { holders }), 'vault-online');
  assert.match(refused.message, /connected to a network \(eth0\).*Nothing was restored\.$/);
  assert.equal(online.custody.vault.summary(), null);
  online.services.close();
});

test('destinations: the database itself, a relative path or a missing folder are refused; a copy that fails is reported beside one that verifies', async () => {
  const { custody, folder, dbPath } = await fixture;
  for (const bad of [dbPath, `${dbPath}-wal`, 'backup.airlock-backup', join(folder, 'gone', 'x.airlock-backup'), folder]) {
    await rejectsWith(custody.backups.create([bad]), 'backup-destination-invalid');
  }
  await rejectsWith(custody.backups.create([join(folder, 'a'), join(folder, 'a')]), 'backup-destination-invalid');
  const good = join(folder, 'good.airlock-backup');
  const tooLong = join(folder, `${'n'.repeat(250)}.bak`);
  const report = await custody.backups.create([tooLong, good]);
  assert.deepEqual(report.destinations.map((d) => [d.verified, d.error?.code]), [[false, 'backup-destination-invalid'], [true, undefined]]);
  assert.equal(custody.backups.status().latest!.destinations.join(), good, 'only the verified copy is recorded');
});

test('the backup standing: its age and the changes since against the policy; unlocks and locks are no change', async () => {
  const { custody, clock } = await fixture;
  const made = custody.backups.status().latest!;
  assert.deepEqual([custody.backups.status().changesSince, custody.backups.status().overdue], [0, []]);
  custody.unlock.lock('explicit');
  await custody.unlock.present(ALICE.name, ALICE.passphrase);
  await custody.unlock.present(BOB.name, BOB.passphrase);
  await custody.unlock.complete({});
  assert.equal(custody.backups.status().changesSince, 0, 'a lock and an unlock change nothing the backup holds');
  custody.vault.setIdleLockMinutes(20);
  assert.deepEqual(custody.backups.status().overdue, ['1 change was made since the last backup; the policy asks for a backup after every change.']);
  custody.backups.setPolicy({ maxAgeDays: 3, afterEveryChange: false });
  assert.deepEqual(custody.backups.status().overdue, []);
  clock.advance(3.5 * DAY);
  const late = custody.drills.dashboard().backup;
  assert.equal(late.latest!.ageSeconds, Math.floor((clock.now() - made.madeAt) / 1000));
  assert.deepEqual(late.overdue, ["The vault's backup is 1 day overdue (at least every 3 days)."]);
  await rejectsWith(Promise.resolve().then(() => custody.backups.setPolicy({ maxAgeDays: 0, afterEveryChange: true })), 'policy-invalid');
});

test('the drill restores the latest backup into a temporary vault; its RPO is the backup age; a missing or altered copy fails it', async () => {
  const { custody, clock, folder } = await fixture;
  // The days the previous test let pass locked the idle vault: the quorum unlocks it again.
  assert.equal(custody.unlock.tick(), true);
  await unlockWithAliceAndBob(custody);
  const report = await custody.backups.create([join(folder, 'drill.airlock-backup')]);
  clock.advance(3600_000);
  const holders = [{ name: ALICE.name, passphrase: ALICE.passphrase }, { name: BOB.name, passphrase: BOB.passphrase }];
  const drill = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders });
  const step = drill.steps.find((s) => s.name === 'latest backup restores into a temporary vault')!;
  assert.equal(step.ok, true, step.reason);
  assert.match(step.note ?? '', /into a temporary vault: integrity checked, \d+ audit entries and \d+ signed checkpoints verified, 1 addresses derived again\.$/);
  assert.equal(drill.stateRpoSeconds, 3600);
  assert.deepEqual(drill.latestBackup, { madeAt: report.createdAt, hash: report.hash, hashWords: report.hashWords, auditCount: report.auditHead.count }, 'what a restore on a new laptop expects');
  assert.deepEqual(drill.accounts.map((a) => a.address), custody.vault.accounts().map((a) => a.address));

  const file = join(folder, 'drill.airlock-backup');
  renameSync(file, `${file}.moved`);
  const missing = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders });
  assert.match(missing.reasons.join(' '), /latest backup restores into a temporary vault: The latest backup .* is not at any place it was written to/);
  // The same name, another file (a flipped byte, its checksum made right again): not the backup that was recorded.
  const bytes = readFileSync(`${file}.moved`);
  bytes[bytes.length - 300]! ^= 1;
  bytes.set(sha256(bytes.subarray(0, bytes.length - 32)), bytes.length - 32);
  writeFileSync(file, bytes);
  const altered = await custody.drills.run({ runbook: 'sweep-leaked-eoa', holders });
  assert.match(altered.reasons.join(' '), /holds another file/);
  assert.ok(existsSync(`${file}.moved`) && report.hash.length === 64);
});

test('the check after writing refuses an image with a damaged page, or whose audit entry, account address, rows or checkpoint key differ from the vault', async () => {
  const { services, custody, clock, folder } = await fixture;
  // A drill locks the vault when it ends: the quorum unlocks it again, its seed giving the checkpoint key compared with.
  assert.equal(custody.unlock.status().state, 'locked');
  await unlockWithAliceAndBob(custody);
  custody.unlock.checkpoint();
  const taken = await takeImage(services.db, clock, () => null);
  const expected = { vaultId: custody.vault.summary()!.id, auditHead: taken.auditHead, rowCounts: taken.rowCounts };
  const checkpointKey = custody.unlock.withSeed(checkpointPublicKey);
  // Each case edits its own copy of the image, as someone holding the file (or failing media) would.
  let copies = 0;
  const copy = (edit: (path: string) => void = () => {}) => {
    const path = join(folder, `image-${++copies}.db`);
    writeFileSync(path, taken.image);
    edit(path);
    return path;
  };
  const opened = <T>(path: string, fn: (image: ReturnType<typeof openImageCopy>) => T): T => {
    const image = openImageCopy(path);
    try {
      return fn(image);
    } finally {
      image.close();
    }
  };
  const verdict = (path: string, given: Partial<ImageExpectations> = {}) =>
    opened(path, (image) => custody.unlock.withSeed((seed) => verifyImage(image, { ...expected, checkpointKey, seed, ...given })));
  const sql = (statement: string) => copy((path) => opened(path, (db) => db.exec(statement)));
  // Failing media: the start of a table's cell content moved by a byte, damage only SQLite's own check sees.
  const damagedPage = (table: string) =>
    copy((path) => {
      const { rootpage } = opened(path, (db) => db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number });
      const bytes = readFileSync(path);
      const at = (rootpage - 1) * (opened(path, (db) => db.pragma('page_size', { simple: true })) as number) + 5;
      bytes.writeUInt16BE(bytes.readUInt16BE(at) + 1, at);
      writeFileSync(path, bytes);
    });
  const failsWith = (reason: RegExp, path: string, given?: Partial<ImageExpectations>) =>
    assert.throws(() => verdict(path, given), (e: AirlockError) => e.code === 'backup-verification-failed' && reason.test(e.message), String(reason));

  assert.equal(verdict(copy()).addressesDerived, 1, 'the image as taken verifies');
  failsWith(/SQLite's integrity check found "\*\*\* in database main \*\*\*\nTree \d+ page \d+/, damagedPage('account'));
  // An entry rewritten, every hash after it recomputed: not the head the header states; told that head, the checkpoints refuse it.
  const rewritten = copy((path) => rewriteEntry(path, 2, { rewritten: true }));
  failsWith(/its audit log ends at entry/, rewritten);
  failsWith(/its audit log fails at entry/, rewritten, { auditHead: opened(rewritten, (image) => readHead(image)!) });
  failsWith(/registered as 0x1111111111111111111111111111111111111111, but the key derives/, sql("UPDATE account SET address = '0x1111111111111111111111111111111111111111'"));
  failsWith(/its table account has 0 rows where the vault had 1/, sql('DELETE FROM account'));
  failsWith(/its audit log fails at entry/, copy(), { checkpointKey: checkpointPublicKey(new Uint8Array(32).fill(7)) });
});

test('a backup needs the vault unlocked: its seed makes the key', async () => {
  const { custody, folder } = await fixture;
  custody.unlock.lock('explicit');
  await rejectsWith(custody.backups.create([join(folder, 'locked.airlock-backup')]), 'vault-locked');
  assert.equal(existsSync(join(folder, 'locked.airlock-backup')), false);
});
