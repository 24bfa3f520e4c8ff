// Tests the parsing of Electron's argv into the app's mode and database path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLaunchOptions } from '../../../../main/window/launch-options';
import { AirlockError } from '../../../../shared/errors';

const exe = ['/opt/Airlock/airlock'];

test('defaults to the vault with the default database', () => {
  assert.deepEqual(parseLaunchOptions(exe), { mode: 'vault', dbPath: null });
  assert.deepEqual(parseLaunchOptions(['/usr/bin/electron', '.']), { mode: 'vault', dbPath: null });
});

test('reads --mode and --db in both spellings, among Chromium switches', () => {
  assert.deepEqual(parseLaunchOptions([...exe, '--mode', 'relay', '--db', '/tmp/r.db']), { mode: 'relay', dbPath: '/tmp/r.db' });
  assert.deepEqual(parseLaunchOptions([...exe, '--mode=relay', '--db=/tmp/a b.db']), { mode: 'relay', dbPath: '/tmp/a b.db' });
  assert.deepEqual(parseLaunchOptions([...exe, '--enable-logging', '--mode=vault', '--no-sandbox-ish']), { mode: 'vault', dbPath: null });
});

test('options that merely start with the same letters are not ours', () => {
  assert.deepEqual(parseLaunchOptions([...exe, '--model=relay', '--dbx', 'x']), { mode: 'vault', dbPath: null });
});

test('refuses an unknown mode, a repeated option, a missing value and an empty or NUL path', () => {
  const refused = [
    ['--mode', 'online'],
    ['--mode=Vault'],
    ['--mode=relay', '--mode=vault'],
    ['--db', 'a.db', '--db=b.db'],
    ['--mode'],
    ['--db', '--mode=relay'],
    ['--db='],
    ['--db', '   '],
    ['--db=a\0b'],
  ];
  for (const args of refused) {
    assert.throws(
      () => parseLaunchOptions([...exe, ...args]),
      (error: unknown) => error instanceof AirlockError && error.code === 'usage-invalid',
      JSON.stringify(args),
    );
  }
});
