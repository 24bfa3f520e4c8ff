// Backup files on a real folder: the new file replaces the old only whole and only once its check passed; a copy that
// fails its check, or a write that dies half-way, leaves the previous backup byte for byte; leftovers of a killed
// write are cleared by the next one; missing files and impossible names are refused with a sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AirlockError } from '../../../../../shared/errors';
import { checkDestination, readBackupBytes, writeFileAtomically } from '../../../../../main/services/backup/files';
import { tempDir } from '../../../../helpers/temp';

const suffix = (n: number) => new Uint8Array([n, n, n]);

test('the new file replaces the old whole, after its check read the flushed bytes back', () => {
  const folder = tempDir();
  const path = join(folder, 'vault.airlock-backup');
  writeFileSync(path, 'previous backup');
  let seen = '';
  writeFileAtomically(path, new TextEncoder().encode('new backup'), suffix(1), (written) => (seen = readFileSync(written, 'utf8')));
  assert.equal(seen, 'new backup');
  assert.equal(readFileSync(path, 'utf8'), 'new backup');
  assert.deepEqual(readdirSync(folder), ['vault.airlock-backup'], 'nothing else is left');
});

test('a copy that fails its check replaces nothing: the previous backup stays, the partial file is gone', () => {
  const folder = tempDir();
  const path = join(folder, 'vault.airlock-backup');
  writeFileSync(path, 'previous backup');
  const refusal = new AirlockError('backup-readback-differs', 'what was read back is not what was written.');
  assert.throws(() => writeFileAtomically(path, new TextEncoder().encode('bad copy'), suffix(2), () => { throw refusal; }), (e) => e === refusal);
  assert.equal(readFileSync(path, 'utf8'), 'previous backup');
  assert.deepEqual(readdirSync(folder), ['vault.airlock-backup']);
});

test('the partial file a killed write left is cleared by the next write to the same place, and only that one', () => {
  const folder = tempDir();
  const path = join(folder, 'vault.airlock-backup');
  writeFileSync(join(folder, '.vault.airlock-backup.0a0b0c.partial'), 'half a backup');
  writeFileSync(join(folder, '.other.airlock-backup.0a0b0c.partial'), 'another file’s');
  writeFileAtomically(path, new TextEncoder().encode('whole'), suffix(3));
  assert.deepEqual(readdirSync(folder).sort(), ['.other.airlock-backup.0a0b0c.partial', 'vault.airlock-backup']);
});

test('a missing file, a name too long for the media and a folder given as a file are refused with a sentence', () => {
  const folder = tempDir();
  const refused = (fn: () => unknown, code: string) =>
    assert.throws(fn, (e: unknown) => e instanceof AirlockError && e.code === code && /^[A-Z].*\.$/.test(e.message));
  refused(() => readBackupBytes(join(folder, 'gone.airlock-backup')), 'backup-file-missing');
  refused(() => writeFileAtomically(join(folder, `${'n'.repeat(250)}.bak`), new Uint8Array([1]), suffix(4)), 'backup-destination-invalid');
  refused(() => checkDestination(folder, join(folder, 'vault.db')), 'backup-destination-invalid');
  assert.deepEqual(readdirSync(folder), []);
});
