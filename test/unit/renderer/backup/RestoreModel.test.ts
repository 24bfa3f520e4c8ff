// The restore form's model: the chosen file described before any secret, the quorum (passphrases or paper shares)
// becoming exactly the request the contract accepts, gaps named, and secrets dropped once sent or abandoned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contract } from '../../../../shared/bridge';
import { addHolder, changeHolder, chooseFile, describeFile, newRestoreDraft, toRestoreRequest, wipeRestoreDraft, type BackupInspectionView } from '../../../../renderer/backup/RestoreModel';

const INSPECTION: BackupInspectionView = {
  kind: 'vault',
  vaultId: '5b3c10f669350ce2d96c2e38d9e46281',
  createdAt: Date.UTC(2026, 10, 20, 9, 30),
  auditCount: 412,
  schema: 12,
  holders: 3,
  bytes: 206963,
  hash: 'ab'.repeat(32),
  hashWords: 'galaxy laptop balcony feed',
};

test('the chosen file is described by its header: vault, date, holders, entries and the four words of its label', () => {
  const draft = chooseFile(newRestoreDraft(), '/media/usb/v.airlock-backup', INSPECTION);
  assert.equal(chooseFile(draft, null, null).path, '/media/usb/v.airlock-backup', 'a cancelled dialog keeps the file');
  assert.deepEqual(describeFile(INSPECTION), [
    'A backup of vault 5b3c10f669350ce2d96c2e38d9e46281 made 2026-11-20 09:30:00 UTC.',
    '3 holders keep shares of it; it holds 412 audit entries.',
    'Its four words: “galaxy laptop balcony feed” (compare them with the label on the media).',
  ]);
});

test('a passphrase, a paper share and the expected backup’s words become the request the contract accepts, names trimmed, passphrases untouched', () => {
  const draft = chooseFile(newRestoreDraft(), '/media/usb/v.airlock-backup', INSPECTION);
  draft.holders = [
    { name: ' Carol ', with: 'passphrase', secret: ' carol purple monkey ' },
    { name: 'Alice', with: 'words', secret: 'academic acid acrobat' },
    { name: '', with: 'passphrase', secret: '' },
  ];
  const { request, problems } = toRestoreRequest(draft);
  assert.deepEqual(problems, []);
  assert.deepEqual(request, {
    path: '/media/usb/v.airlock-backup',
    holders: [{ name: 'Carol', passphrase: ' carol purple monkey ' }, { name: 'Alice', words: 'academic acid acrobat' }],
  });
  assert.doesNotThrow(() => contract['backup.restore'].request.parse(request));
  const expecting = toRestoreRequest({ ...draft, expect: ' galaxy laptop balcony feed ' }).request;
  assert.equal(expecting?.expect, 'galaxy laptop balcony feed', 'the recorded words of the latest backup go with the request');
  assert.doesNotThrow(() => contract['backup.restore'].request.parse(expecting));
  const wiped = wipeRestoreDraft({ ...draft, slip39Passphrase: 'slip' });
  assert.deepEqual([...wiped.holders.map((h) => h.secret), wiped.slip39Passphrase], ['', '', '', '']);
  assert.equal(wiped.holders[0]!.name, ' Carol ', 'names stay for the next try');
});

test('no file, a nameless holder, a missing secret, a holder twice and a relay’s backup are each named', () => {
  const empty = toRestoreRequest(newRestoreDraft());
  assert.equal(empty.request, null);
  assert.deepEqual(empty.problems, ['Choose the backup file first.', 'Holders of a quorum are needed: each with their passphrase or their paper share.']);
  const draft = chooseFile(newRestoreDraft(), '/m/v', { ...INSPECTION, kind: 'relay' });
  draft.holders = [
    { name: '', with: 'passphrase', secret: 'x' },
    { name: 'Bob', with: 'words', secret: '  ' },
    { name: 'bob', with: 'passphrase', secret: 'p' },
  ];
  assert.deepEqual(toRestoreRequest(draft).problems, [
    'This file is a relay’s backup, not a vault’s.',
    "Holder 1: type the holder's name as it was registered.",
    'Bob: type the words of their paper share.',
    'bob is listed twice.',
  ]);
});

test('holder rows: one more is empty, and a change reaches only its own row (a switch to the paper share clears the secret)', () => {
  let draft = newRestoreDraft();
  draft = changeHolder(draft, 0, { name: 'Alice', secret: 'correct horse' });
  draft = addHolder(draft);
  assert.equal(draft.holders.length, 3);
  assert.deepEqual(draft.holders[2], { name: '', with: 'passphrase', secret: '' });
  draft = changeHolder(draft, 1, { with: 'words', secret: '' });
  assert.deepEqual(draft.holders.map((h) => [h.name, h.with, h.secret]), [['Alice', 'passphrase', 'correct horse'], ['', 'words', ''], ['', 'passphrase', '']]);
});
