import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createVaultServices } from '../../../../main/vault-services';
import { fixedClock } from '../../../../main/services/deps';
import { CHECKPOINT_KEY_PATH } from '../../../../shared/audit/checkpoint';
import { AirlockError } from '../../../../shared/errors';
import { editVaultFile, resignWithOwnKey, rewriteEntry } from '../../../helpers/audit-tamper';
import { tempDir } from '../../../helpers/temp';
import { HOLDERS, twoOfThree, unlockQuorum, vaultServices } from '../../../helpers/vault-fixture';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { toHex } from '../../../../shared/bytes';
import { relayKeyFingerprint, relayPublicKey } from '../../../../shared/snapshot/signature';

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

async function openVault() {
  const fixture = vaultServices();
  await fixture.custody.vault.create(twoOfThree());
  return fixture;
}

async function quorumUnlock(custody: ReturnType<typeof vaultServices>['custody']) {
  await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
  await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
  return custody.unlock.complete({});
}

const isCode = (code: string) => (e: unknown) => e instanceof AirlockError && e.code === code;

test('H-25 a new vault stores its checkpoint key (audited) and seals its creation; each quorum unlock seals itself', async () => {
  const { services, custody } = await openVault();
  const created = services.audit.verify();
  assert.deepEqual([created.valid, created.checkpoints.stored, created.uncheckpointedFrom], [true, 1, null]);
  const keyEntry = services.audit.list(10).find((e) => e.action === 'audit-checkpoint-key-stored')!;
  assert.deepEqual(keyEntry.details, { key: created.checkpoints.key, path: CHECKPOINT_KEY_PATH, vault: custody.vault.summary()!.id, words: created.checkpoints.keyWords });
  await quorumUnlock(custody);
  const unlocked = services.audit.verify();
  const [last] = services.audit.list(1);
  assert.equal(last!.action, 'vault-unlocked');
  assert.deepEqual([unlocked.valid, unlocked.checkpoints.stored, unlocked.checkpoints.latest!.last, unlocked.uncheckpointedFrom], [true, 2, last!.seq, null]);
  services.close();
});

test('H-25 a vault without a checkpoint key yet (made before checkpoints) gets it stored, audited, and all its history sealed at the first quorum unlock', async () => {
  const { services, dbPath } = await openVault();
  const key = services.audit.verify().checkpoints.key;
  services.close();
  tamper(dbPath, 'DELETE FROM audit_checkpoint; DELETE FROM audit_checkpoint_key;');
  const legacy = vaultServices(dbPath);
  const before = legacy.services.audit.verify();
  assert.deepEqual([before.valid, before.checkpoints.stored, before.checkpoints.key, before.uncheckpointedFrom], [true, 0, null, 1]);
  await quorumUnlock(legacy.custody);
  const after = legacy.services.audit.verify();
  const actions = legacy.services.audit.list(3).map((e) => e.action);
  assert.deepEqual(actions.slice(0, 2), ['vault-unlocked', 'audit-checkpoint-key-stored']);
  assert.deepEqual([after.valid, after.checkpoints.key, after.checkpoints.stored, after.uncheckpointedFrom], [true, key, 1, null], 'the same key, derived again');
  legacy.services.close();
});

test('H-25 a quorum unlock refuses a replaced checkpoint key and a rewritten history, audits the refusal, and unlocks nothing', async () => {
  const replaced = await openVault();
  replaced.services.close();
  resignWithOwnKey(replaced.dbPath);
  const reopened = vaultServices(replaced.dbPath);
  assert.equal(reopened.services.audit.verify().valid, true, 'the file alone looks fine');
  await assert.rejects(quorumUnlock(reopened.custody), isCode('audit-checkpoint-key-replaced'));
  assert.equal(reopened.custody.unlock.status().state, 'locked');
  assert.deepEqual(reopened.services.audit.list(1)[0]!.details, { code: 'audit-checkpoint-key-replaced', vault: reopened.custody.vault.summary()!.id });

  const rewritten = await openVault();
  rewritten.services.close();
  rewriteEntry(rewritten.dbPath, 2, { vault: 'someone else', name: 'Acme treasury' });
  const again = vaultServices(rewritten.dbPath);
  await assert.rejects(quorumUnlock(again.custody), (e: unknown) => isCode('audit-history-damaged')(e) && /at entry 2 \(audit-entry-rewritten\)/.test((e as Error).message));
  assert.equal(again.custody.unlock.status().state, 'locked');
  assert.equal(again.services.audit.list(1)[0]!.details.code, 'audit-history-damaged');
  reopened.services.close();
  again.services.close();
});

test('H-25 the checkpoint key replaced in the file while the vault is open: the seed is lent to nothing (no pairing, registration or checkpoint) until the key is the seed\'s again', async () => {
  const fixture = vaultServices();
  const { custody, snapshots, dbPath } = fixture;
  try {
    await custody.vault.create(twoOfThree());
    await unlockQuorum(custody);
    const key = (db: Database.Database) => new Uint8Array((db.prepare('SELECT public_key FROM audit_checkpoint_key').get() as { public_key: Buffer }).public_key);
    const own = editVaultFile(dbPath, key);
    const theirs = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
    editVaultFile(dbPath, (db) => db.prepare('UPDATE audit_checkpoint_key SET public_key = ?').run(Buffer.from(theirs)));

    const relay = relayPublicKey(Uint8Array.from({ length: 32 }, (_, i) => i + 7));
    const replaced = (e: unknown) => e instanceof AirlockError && e.code === 'audit-checkpoint-key-replaced' && /nothing more is signed or sealed/.test(e.message);
    assert.throws(() => snapshots.pair({ relayKey: toHex(relay), words: relayKeyFingerprint(relay).join(' ') }), replaced);
    assert.throws(() => custody.bitcoin.addAccount({ kind: 'p2wpkh', network: 'mainnet', index: 0, label: 'BTC treasury' }), replaced);
    assert.throws(() => custody.unlock.checkpoint(), replaced);
    assert.deepEqual([snapshots.pins().length, custody.bitcoin.overview().accounts.length], [0, 0], 'nothing was pinned or registered');
    assert.equal(custody.unlock.status().state, 'unlocked', 'the session stays open: the holders decide to lock it');

    editVaultFile(dbPath, (db) => db.prepare('UPDATE audit_checkpoint_key SET public_key = ?').run(Buffer.from(own)));
    assert.equal(snapshots.pair({ relayKey: toHex(relay), words: relayKeyFingerprint(relay).join(' ') }).sealed, true);
  } finally {
    fixture.services.close();
  }
});
