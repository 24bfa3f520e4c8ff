// The Audit log view's model against the real audit log of a real SQLite vault file: an intact log, one edited by
// someone holding the file, the vault's signed checkpoints, and paging back to the first entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { AuditPager, checkpointSentence, damagedAdvice, verdictView } from '../../../../renderer/audit/AuditLogModel';
import { shortHash } from '../../../../renderer/app/format';
import { twoOfThree, withVaultServices } from '../../../helpers/vault-fixture';

test('an intact log says how many entries and its head; with no vault, no checkpoint seals it', async () => {
  await withVaultServices(async ({ services }) => {
    for (let i = 0; i < 3; i++) services.audit.record('test', 'something-happened', { index: i });
    const verdict = services.audit.verify();
    const view = verdictView(verdict, 'vault');
    assert.equal(view.state, 'intact');
    assert.equal(view.summary, `Audit log intact: 4 entries, head ${shortHash(verdict.headHash)}`);
    assert.equal(view.state === 'intact' && view.headHash, verdict.headHash);
    assert.equal(view.checkpoints, 'No signed checkpoint seals this log.');
  });
});

test('a row edited in the file: damaged at that entry, the entries before it that check out, and what not to do', async () => {
  await withVaultServices(async ({ services, dbPath }) => {
    for (let i = 0; i < 4; i++) services.audit.record('test', 'something-happened', { index: i });
    const raw = new Database(dbPath);
    raw.exec(`UPDATE audit_log SET details = '{"index":99}' WHERE seq = 3`);
    raw.close();
    const verdict = services.audit.verify();
    const view = verdictView(verdict, 'vault');
    assert.equal(view.state, 'damaged');
    if (view.state !== 'damaged') return;
    assert.equal(view.summary, 'Audit log damaged at entry 3');
    assert.equal(view.code, 'audit-row-altered');
    assert.equal(view.row, 3);
    assert.equal(view.message, verdict.problem!.message);
    assert.equal(view.before, 'entries 1 to 2 before it check out');
    assert.equal(view.advice, damagedAdvice('vault'));
    assert.match(view.advice, /^Sign nothing with this vault/);
    const relay = verdictView(verdict, 'relay');
    assert.equal(relay.state === 'damaged' && relay.advice, 'Broadcast nothing from this relay until the holders have found out who changed it and why.');
  });
});

test('a vault seals its log with signed checkpoints: the sentence names how many check out and which entries they seal', async () => {
  await withVaultServices(async ({ custody, services }) => {
    await custody.vault.create(twoOfThree());
    const verdict = services.audit.verify();
    const latest = verdict.checkpoints.latest!;
    assert.ok(latest, 'creating a vault writes its first checkpoint');
    assert.equal(
      verdictView(verdict, 'vault').checkpoints,
      `Signed checkpoints: ${verdict.checkpoints.verified} of ${verdict.checkpoints.stored} check out; the latest (#${latest.number}) seals entries 1 to ${latest.last}. Checkpoint key words: ${verdict.checkpoints.keyWords}.`,
    );
    assert.equal(checkpointSentence({ ...verdict.checkpoints, latest: null, verified: 0 }), `No signed checkpoint seals this log (${verdict.checkpoints.stored} stored, none checks out).`);
  });
});

test('the pager walks from the newest entry back to entry 1, and offers older entries only while some remain', async () => {
  await withVaultServices(async ({ services }) => {
    for (let i = 0; i < 6; i++) services.audit.record('test', 'something-happened', { index: i });
    const pager = new AuditPager(3);
    const seen: number[] = [];
    let older = false;
    const offered: boolean[] = [];
    for (;;) {
      const request = pager.request(older);
      const entries = services.audit.list(request.limit, request.beforeSeq);
      seen.push(...entries.map((e) => e.seq));
      const { olderRemain } = pager.took(entries);
      offered.push(olderRemain);
      if (!olderRemain) break;
      older = true;
    }
    assert.deepEqual(seen, [7, 6, 5, 4, 3, 2, 1]);
    assert.deepEqual(offered, [true, true, false]);
    assert.deepEqual(pager.request(false), { limit: 3 }, 'a refresh starts again from the newest');
  });
});
