import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createVaultServices } from '../../../../main/vault-services';
import { fixedClock } from '../../../../main/services/deps';
import { tempDir } from '../../../helpers/temp';

function vaultWithEntries(n: number) {
  const path = join(tempDir(), 'vault.db');
  const clock = fixedClock(Date.UTC(2026, 10, 23));
  const services = createVaultServices({ dbPath: path, clock });
  for (let i = 0; i < n; i++) {
    clock.advance(1000);
    services.audit.record('test', 'something-happened', { index: i, holder: 'Alice' });
  }
  services.close();
  const open = () => createVaultServices({ dbPath: path, clock, create: false });
  return { path, open };
}

function tamper(path: string, sql: string) {
  const raw = new Database(path);
  raw.exec(sql);
  raw.close();
}

test('a new database starts its audit log with database-created, and the chain verifies', () => {
  const { open } = vaultWithEntries(3);
  const services = open();
  const entries = services.audit.list(10);
  assert.deepEqual(entries.map((e) => e.seq), [4, 3, 2, 1]);
  assert.equal(entries.at(-1)!.action, 'database-created');
  assert.deepEqual(entries[0]!.details, { holder: 'Alice', index: 2 });
  const verdict = services.audit.verify();
  assert.equal(verdict.valid, true);
  assert.equal(verdict.count, 4);
  services.close();
});

test('editing one row by hand makes verify fail naming that row', () => {
  const { path, open } = vaultWithEntries(5);
  tamper(path, `UPDATE audit_log SET details = '{"holder":"Mallory","index":1}' WHERE seq = 3`);
  const services = open();
  const verdict = services.audit.verify();
  assert.equal(verdict.valid, false);
  assert.deepEqual([verdict.problem?.code, verdict.problem?.row], ['audit-row-altered', 3]);
  services.close();
});

test('deleting a row in the middle, or the last rows, makes verify fail', () => {
  const middle = vaultWithEntries(5);
  tamper(middle.path, 'DELETE FROM audit_log WHERE seq = 2');
  let services = middle.open();
  assert.deepEqual([services.audit.verify().problem?.code, services.audit.verify().problem?.row], ['audit-row-missing', 2]);
  services.close();

  const tail = vaultWithEntries(5);
  tamper(tail.path, 'DELETE FROM audit_log WHERE seq >= 5');
  services = tail.open();
  assert.deepEqual([services.audit.verify().problem?.code, services.audit.verify().problem?.row], ['audit-tail-missing', 5]);
  services.close();
});

test('list pages backwards with beforeSeq', () => {
  const { open } = vaultWithEntries(6);
  const services = open();
  assert.deepEqual(services.audit.list(2, 5).map((e) => e.seq), [4, 3]);
  services.close();
});
