// The vault's snapshot service on a real SQLite file with a fixed clock and snapshots signed by a test relay key
// (SECURITY.md H-30): older snapshots and falling nonces refused unless acknowledged, the newest by block used,
// stored rows verified again when shown, listed or used (attacked by editing the file), pairings revoked, and
// pairings sealed by the vault while a quorum has it unlocked: a pin written into the file by someone holding it, or
// edited there, is not trusted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToHex } from '@noble/hashes/utils.js';
import Database from 'better-sqlite3';
import { AirlockError } from '../../../../../shared/errors';
import { snapshotRoot } from '../../../../../shared/snapshot/merkle';
import type { SnapshotBody } from '../../../../../shared/snapshot/schema';
import { relayKeyFingerprint, relayPublicKey, signSnapshot } from '../../../../../shared/snapshot/signature';
import { RELAY_SECRET, sampleBody } from '../../../shared/snapshot/sample';
import { pairRelay, twoOfThree, vaultServices, vaultTemplate } from '../../../../helpers/vault-fixture';

const ACCOUNT = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const SAFE = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';

const isCode = (code: string) => (error: unknown) => {
  assert.ok(error instanceof AirlockError, String(error));
  assert.equal(error.code, code, error.message);
  return true;
};

/** A signed snapshot of chain 31337 at `block`, the account and the Safe at the given nonces. */
function snapshotAt(block: number, nonces: { account?: number; safe?: number } = {}, secret = RELAY_SECRET) {
  const body: SnapshotBody = sampleBody();
  body.blockNumber = String(block);
  body.blockHash = '0x' + block.toString(16).padStart(64, '0');
  body.takenAt = String(1_700_000_000_000 + block * 12_000);
  body.accounts[0]!.nonce = String(nonces.account ?? 3);
  body.safes[0]!.nonce = String(nonces.safe ?? 0);
  body.crossCheck = { endpoints: '2', disagreements: [] };
  return signSnapshot(body, secret);
}

/** A 2-of-3 vault (twoOfThree) with the test relay paired, locked: built once, copied for each test. */
const template = vaultTemplate(async (fixture) => {
  await fixture.custody.vault.create(twoOfThree());
  await pairRelay(fixture, relayPublicKey(RELAY_SECRET), 'Desk relay');
});

function pairedVault(secret = RELAY_SECRET) {
  const fixture = template();
  const snapshots = fixture.services.snapshots!;
  const key = relayPublicKey(secret);
  const put = (block: number, nonces: { account?: number; safe?: number } = {}, acknowledge: string[] = []) =>
    snapshots.import(snapshotAt(block, nonces, secret), 31337n, { acknowledge }).snapshot;
  const lastAudit = () => fixture.services.audit.list(1)[0]!;
  return { ...fixture, snapshots, put, lastAudit, relayKey: '0x' + bytesToHex(key) };
}

/** Edits the vault file as an attacker with write access would: outside Airlock, on a second connection. */
function tamper(dbPath: string, sql: string, ...params: unknown[]): void {
  const raw = new Database(dbPath);
  try {
    assert.equal(raw.prepare(sql).run(...params).changes, 1, 'the attack changed one row');
  } finally {
    raw.close();
  }
}

test('H-30 an older snapshot than the newest of its chain is refused with a sentence, and imported only when acknowledged (audited)', () => {
  const { snapshots, put, lastAudit } = pairedVault();
  put(200);
  assert.throws(() => put(150), (error) => {
    isCode('snapshot-older-than-latest')(error);
    assert.match((error as Error).message, /block 150\) is older than the newest one of chain 31337 already in the vault \(block 200\)/);
    assert.match((error as Error).message, /acknowledging "snapshot-older-than-latest"/);
    return true;
  });
  assert.equal(snapshots.list().length, 1, 'nothing stored when refused');
  const older = put(150, {}, ['snapshot-older-than-latest']);
  assert.deepEqual(older.warnings.map((w) => [w.code, w.severity]), [['snapshot-older-than-latest', 'medium']]);
  assert.equal(older.current, false);
  const audit = lastAudit();
  assert.equal(audit.action, 'snapshot-imported');
  assert.equal(audit.details.acknowledged, 'snapshot-older-than-latest');
  assert.equal(audit.details.blockNumber, '150');
});

test('H-30 the same snapshot again is reported as already imported, with its number, and adds no row', () => {
  const { snapshots, put } = pairedVault();
  const first = put(100);
  put(200);
  // Already imported is the answer even though it is now also older than the newest.
  assert.throws(() => put(100), (error) => isCode('snapshot-already-imported')(error) && /already in the vault as number 1/.test((error as Error).message));
  assert.throws(() => put(100, {}, ['snapshot-older-than-latest']), isCode('snapshot-already-imported'));
  assert.deepEqual(snapshots.list().map((s) => s.id), [2, first.id]);
});

test('H-30 a nonce that went down is refused as critical unless acknowledged; one that went up is a medium warning', () => {
  const { put, lastAudit } = pairedVault();
  put(100, { account: 3, safe: 0 });
  const moved = put(200, { account: 5, safe: 1 });
  assert.deepEqual(moved.warnings.map((w) => [w.code, w.severity]), [['account-nonce-increased', 'medium'], ['safe-nonce-increased', 'medium']]);
  assert.match(moved.warnings[0]!.message, new RegExp(`account ${ACCOUNT} sent 2 transaction\\(s\\) between block 100 and block 200 \\(nonce 3 → 5\\)`));
  assert.match(moved.warnings[1]!.message, new RegExp(`Safe ${SAFE} executed 1 Safe transaction\\(s\\)`));

  assert.throws(() => put(300, { account: 4, safe: 1 }), (error) => {
    isCode('snapshot-nonce-decreased')(error);
    assert.match((error as Error).message, new RegExp(`nonce of the account ${ACCOUNT} went down from 5 at block 200 to 4 at block 300`));
    return true;
  });
  assert.throws(() => put(300, { account: 5, safe: 0 }), isCode('snapshot-nonce-decreased'));
  const reorg = put(300, { account: 4, safe: 1 }, ['snapshot-nonce-decreased']);
  assert.deepEqual(reorg.warnings.map((w) => [w.code, w.severity]), [['snapshot-nonce-decreased', 'critical']]);
  assert.equal(lastAudit().details.acknowledged, 'snapshot-nonce-decreased');
});

test('H-30 an older snapshot whose nonce is above the one of a later snapshot needs both acknowledgements', () => {
  const { put, snapshots } = pairedVault();
  put(100, { account: 3 });
  put(300, { account: 5 });
  // Block 200 claims nonce 7, more than block 300 shows: the nonce would fall from 200 to 300.
  assert.throws(() => put(200, { account: 7 }), isCode('snapshot-older-than-latest'));
  assert.throws(() => put(200, { account: 7 }, ['snapshot-older-than-latest']), (error) => isCode('snapshot-nonce-decreased')(error) && /from 7 at block 200 to 5 at block 300/.test((error as Error).message));
  // An honest older snapshot (between the two) raises only the older-than warning and the rise since block 100.
  const honest = put(200, { account: 4 }, ['snapshot-older-than-latest']);
  assert.deepEqual(honest.warnings.map((w) => w.code), ['snapshot-older-than-latest', 'account-nonce-increased']);
  assert.equal(snapshots.list().length, 3);
});

test('H-30 the snapshot drills and drafts build on is the newest by block of its chain, not the last imported', () => {
  const { snapshots, put } = pairedVault();
  const newest = put(200);
  put(150, {}, ['snapshot-older-than-latest']);
  assert.equal(snapshots.current()!.snapshot.id, newest.id);
  assert.deepEqual(snapshots.list().map((s) => [s.blockNumber, s.current]), [['150', false], ['200', true]]);
});

test('H-30 a balance edited in the stored body shows as damaged in the list and when shown, and is refused for use', () => {
  const { snapshots, put, dbPath } = pairedVault();
  const good = put(100);
  const edited = put(200);
  tamper(dbPath, "UPDATE snapshot SET body_json = replace(body_json, '\"balance\":\"10000000000000000000000\"', '\"balance\":\"90000000000000000000000\"') WHERE id = ?", edited.id);
  const listed = snapshots.list();
  assert.deepEqual(listed.map((s) => [s.id, s.status, s.problem?.code ?? null]), [[edited.id, 'damaged', 'snapshot-root-mismatch'], [good.id, 'verified', null]]);
  assert.match(listed[0]!.problem!.message, new RegExp(`Snapshot ${edited.id} is damaged: its contents .* no longer match the Merkle root`));
  const shown = snapshots.get(edited.id);
  assert.equal(shown.snapshot.status, 'damaged');
  assert.equal(shown.body, null, 'nothing from a damaged body is shown');
  assert.throws(() => snapshots.use(edited.id), isCode('snapshot-damaged'));
  // Never built on by default either: the newest snapshot that still verifies is.
  assert.equal(snapshots.current()!.snapshot.id, good.id);
});

test('H-30 warnings removed from the stored body, or a recomputed root, or an edited block column: each is damaged, never clean', () => {
  const { snapshots, put, dbPath } = pairedVault();
  const first = put(100);
  // The Safe lost an owner: a critical warning recomputed from the bodies on every read.
  const body = sampleBody();
  Object.assign(body, { blockNumber: '200', blockHash: '0x' + 'cd'.repeat(32), crossCheck: { endpoints: '2', disagreements: [] } });
  body.safes[0]!.owners = [body.safes[0]!.owners[0]!];
  const changed = snapshots.import(signSnapshot(body, RELAY_SECRET), 31337n).snapshot;
  assert.deepEqual(snapshots.get(changed.id).snapshot.warnings.map((w) => w.code), ['safe-owners-changed']);
  // Hiding it: the attacker puts the old owners back in the stored body and recomputes nothing.
  const owners = sampleBody().safes[0]!.owners;
  tamper(dbPath, 'UPDATE snapshot SET body_json = replace(body_json, ?, ?) WHERE id = ?', JSON.stringify([owners[0]]), JSON.stringify(owners), changed.id);
  assert.equal(snapshots.get(changed.id).snapshot.status, 'damaged');
  assert.deepEqual(snapshots.get(changed.id).snapshot.warnings, []);
  assert.equal(snapshots.get(changed.id).snapshot.problem!.code, 'snapshot-root-mismatch');

  // A balance edited and the Merkle root recomputed to match: the relay's signature does not cover the new root.
  const third = put(300);
  const { merkleRoot: _root, signature, relayKey, ...signedBody } = snapshotAt(300);
  const altered = { ...signedBody, accounts: [{ ...signedBody.accounts[0]!, balance: '1' }] };
  const root = '0x' + bytesToHex(snapshotRoot(altered));
  tamper(dbPath, 'UPDATE snapshot SET body_json = ?, merkle_root = ? WHERE id = ?', JSON.stringify({ ...altered, merkleRoot: root, signature, relayKey }), root, third.id);
  assert.equal(snapshots.get(third.id).snapshot.problem!.code, 'snapshot-signature-invalid');
  assert.equal(snapshots.current()!.snapshot.id, first.id);

  // An old snapshot's block column raised so it would sort first: the column no longer matches the signed body.
  tamper(dbPath, "UPDATE snapshot SET block_number = '999999' WHERE id = ?", first.id);
  assert.equal(snapshots.get(first.id).snapshot.problem!.code, 'snapshot-columns-changed');
  assert.equal(snapshots.current(), null, 'every snapshot of the chain is damaged: nothing to build on');
});

test('H-30 an unpaired relay is refused for import and use and its snapshots show as from a revoked relay; pairing again is explicit and audited', async () => {
  const fixture = pairedVault();
  const { snapshots, put, lastAudit, relayKey } = fixture;
  const stored = put(100);
  const revoked = snapshots.unpair({ relayKey });
  assert.equal(typeof revoked.revokedAt, 'number');
  assert.equal(lastAudit().action, 'relay-unpaired');
  assert.equal(lastAudit().details.fingerprint, revoked.fingerprint);
  assert.deepEqual(snapshots.pins().map((p) => [p.relayKey, p.revokedAt !== null]), [[relayKey, true]]);

  const listed = snapshots.list()[0]!;
  assert.deepEqual([listed.status, listed.problem?.code, listed.current], ['revoked', 'snapshot-relay-revoked', false]);
  assert.match(listed.problem!.message, /whose pairing was revoked/);
  assert.ok(snapshots.get(stored.id).body, 'an intact snapshot of a revoked relay can still be read');
  assert.throws(() => snapshots.use(stored.id), isCode('snapshot-relay-revoked'));
  assert.equal(snapshots.current(), null);
  assert.throws(() => put(200), isCode('snapshot-relay-revoked'));
  assert.throws(() => snapshots.unpair({ relayKey }), isCode('relay-already-unpaired'));

  const words = relayKeyFingerprint(relayPublicKey(RELAY_SECRET));
  assert.throws(() => snapshots.pair({ relayKey, words: [...words].reverse().join(' ') }), isCode('relay-fingerprint-mismatch'));
  const again = await pairRelay(fixture, relayKey, 'Desk relay, checked again');
  assert.deepEqual([again.revokedAt, again.label, again.sealed], [null, 'Desk relay, checked again', true]);
  assert.ok(fixture.services.audit.list(6).some((e) => e.action === 'relay-paired-again'));
  assert.equal(snapshots.use(stored.id).snapshot.status, 'verified');
  assert.equal(put(200).status, 'verified');
  await assert.rejects(pairRelay(fixture, relayKey), isCode('relay-already-paired'));
});

test('H-30 a relay that was never paired cannot be unpaired, and unpairing one relay leaves another trusted', async () => {
  const fixture = pairedVault();
  const { snapshots, put, relayKey } = fixture;
  const other = relayPublicKey(Uint8Array.from({ length: 32 }, (_, i) => i + 50));
  assert.throws(() => snapshots.unpair({ relayKey: '0x' + bytesToHex(other) }), isCode('relay-not-paired'));
  await pairRelay(fixture, other);
  put(100);
  snapshots.unpair({ relayKey: '0x' + bytesToHex(other) });
  assert.equal(put(200).status, 'verified', 'the relay still paired keeps working');
  assert.equal(snapshots.pins().filter((p) => p.revokedAt === null).length, 1);
  assert.equal(relayKey, snapshots.pins().find((p) => p.revokedAt === null)!.relayKey);
});

test('H-30 drafts and the relay watch list build only on snapshots that still verify', async () => {
  const { custody, snapshots, put, dbPath, relayKey, clock } = pairedVault();
  const treasury = custody.vault.accounts()[0]!.address;
  const body = sampleBody();
  Object.assign(body, { blockNumber: '100', blockHash: '0x' + 'ef'.repeat(32), crossCheck: { endpoints: '1', disagreements: [] } });
  body.accounts[0]!.address = treasury;
  const stored = snapshots.import(signSnapshot(body, RELAY_SECRET), 31337n).snapshot;
  const sweep = { executor: { kind: 'eoa', from: treasury }, actions: [{ type: 'native-sweep', to: SAFE }] };
  const built = custody.drafts.create(sweep, { snapshotId: stored.id });
  assert.equal(built.chainId, '31337');
  const takenAt = Number(body.takenAt);
  assert.deepEqual(built.basis, { snapshotId: stored.id, blockNumber: '100', takenAt, ageSeconds: Math.floor((clock.now() - takenAt) / 1000) }, 'the draft names the snapshot it was built on and its age now');
  assert.deepEqual(custody.watchOnly.watchList().list.safes.map((s) => s.address), [SAFE]);

  tamper(dbPath, "UPDATE snapshot SET body_json = replace(body_json, '\"nonce\":\"3\"', '\"nonce\":\"9\"') WHERE id = ?", stored.id);
  assert.throws(() => custody.drafts.create(sweep, { snapshotId: stored.id }), isCode('snapshot-damaged'));
  assert.deepEqual(custody.watchOnly.watchList().list.safes, [], 'a damaged snapshot names no Safe');
  const later = put(200);
  snapshots.unpair({ relayKey });
  assert.throws(() => custody.drafts.create(sweep, { snapshotId: later.id }), isCode('snapshot-relay-revoked'));
});

test('H-30 a second snapshot at the same block is not older: it is imported without acknowledgement and becomes current', () => {
  const { snapshots, put } = pairedVault();
  const first = put(100);
  const body = sampleBody();
  Object.assign(body, { blockNumber: '100', blockHash: first.blockHash, takenAt: String(Number(first.takenAt) + 5_000), crossCheck: { endpoints: '1', disagreements: [] } });
  body.accounts[0]!.balance = '1';
  const second = snapshots.import(signSnapshot(body, RELAY_SECRET), 31337n).snapshot;
  assert.deepEqual(second.warnings, []);
  assert.equal(snapshots.current()!.snapshot.id, second.id);
});

/** A snapshot of `chainId` at `block` with the account at `nonce`. */
function chainSnapshot(chainId: string, block: number, nonce = 3) {
  const body: SnapshotBody = { ...sampleBody(), chainId, blockNumber: String(block), blockHash: '0x' + block.toString(16).padStart(64, '0') };
  body.accounts[0]!.nonce = String(nonce);
  body.crossCheck = { endpoints: '2', disagreements: [] };
  return signSnapshot(body, RELAY_SECRET);
}

test('H-30 a snapshot set is imported whole in one go, one audited entry per snapshot and one for the set', () => {
  const { snapshots, lastAudit } = pairedVault();
  const { snapshots: imported } = snapshots.importSet({ version: 1, snapshots: [chainSnapshot('1', 100), chainSnapshot('10', 500)] }, [1n, 10n]);
  assert.deepEqual(imported.map((s) => [s.chainId, s.blockNumber, s.status]), [['1', '100', 'verified'], ['10', '500', 'verified']]);
  assert.deepEqual(lastAudit().details, { ids: imported.map((s) => s.id).join(','), chains: '1,10' });
  assert.equal(snapshots.currentOn('10')!.snapshot.id, imported[1]!.id);
});

test('H-30 one snapshot of a set whose nonce went down refuses the whole set naming its chain; nothing is half-imported', () => {
  const { snapshots } = pairedVault();
  snapshots.importSet({ version: 1, snapshots: [chainSnapshot('1', 100, 3), chainSnapshot('10', 500, 3)] }, [1n, 10n]);
  const set = { version: 1 as const, snapshots: [chainSnapshot('1', 200, 4), chainSnapshot('10', 600, 2)] };
  assert.throws(() => snapshots.importSet(set, [1n, 10n]), (error) => {
    isCode('snapshot-nonce-decreased')(error);
    assert.match((error as Error).message, /^Nothing from the set was imported\. Chain 10: .*went down from 3 at block 500 to 2 at block 600/);
    assert.doesNotMatch((error as Error).message, /Chain 1:/);
    return true;
  });
  assert.equal(snapshots.list().length, 2, 'chain 1, which was fine, was not imported either');
  const imported = snapshots.importSet(set, [1n, 10n], { acknowledge: ['snapshot-nonce-decreased'] }).snapshots;
  assert.deepEqual(imported.map((s) => s.warnings.map((w) => w.code)), [['account-nonce-increased'], ['snapshot-nonce-decreased']]);
});

test('H-30 a set with a snapshot already in the vault, from an unpaired relay, or for a chain not expected, imports nothing and names the chain', () => {
  const { snapshots, put } = pairedVault();
  put(100); // chain 31337
  const again = { version: 1 as const, snapshots: [chainSnapshot('1', 100), snapshotAt(100)] };
  assert.throws(() => snapshots.importSet(again, [1n, 31337n]), (error) => isCode('snapshot-already-imported')(error) && /^In the snapshot set, chain 31337: /.test((error as Error).message));
  const foreign = { version: 1 as const, snapshots: [chainSnapshot('1', 100), signSnapshot({ ...sampleBody(), chainId: '10' }, Uint8Array.from({ length: 32 }, (_, i) => 200 - i))] };
  assert.throws(() => snapshots.importSet(foreign, [1n, 10n]), (error) => isCode('snapshot-relay-unpaired')(error) && /chain 10: /.test((error as Error).message));
  assert.throws(() => snapshots.importSet({ version: 1, snapshots: [chainSnapshot('1', 100)] }, [1n, 10n]), isCode('snapshot-set-chain-missing'));
  assert.deepEqual(snapshots.list().map((s) => s.chainId), ['31337']);
});

/** An attacker's relay key, and the row an attacker with the file writes for it and for a snapshot it signed. */
const FORGER = Uint8Array.from({ length: 32 }, (_, i) => 90 + i);

function forgedSnapshotRow(dbPath: string, block: number): void {
  const forged = snapshotAt(block, { account: 9 }, FORGER);
  tamper(
    dbPath,
    'INSERT INTO snapshot (chain_id, block_number, block_hash, merkle_root, relay_key, taken_at, imported_at, body_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    forged.chainId,
    forged.blockNumber,
    forged.blockHash,
    forged.merkleRoot,
    Buffer.from(relayPublicKey(FORGER)),
    Number(forged.takenAt),
    Date.UTC(2026, 10, 23, 9, 0, 0),
    JSON.stringify(forged),
  );
}

test('H-30 a relay pin written into the file by someone holding it (even with the real pin\'s seal copied onto it) is not trusted: nothing it signed is imported, shown as verified or built on', () => {
  const { snapshots, put, dbPath, relayKey } = pairedVault();
  const honest = put(100);
  const forger = relayPublicKey(FORGER);
  tamper(dbPath, "INSERT INTO relay_pin (public_key, label, pinned_at, seal) SELECT ?, 'Desk relay (new)', pinned_at, seal FROM relay_pin WHERE public_key = ?", Buffer.from(forger), Buffer.from(relayKey.slice(2), 'hex'));
  forgedSnapshotRow(dbPath, 300);

  assert.deepEqual(snapshots.pins().map((p) => [p.label, p.sealed]), [['Desk relay', true], ['Desk relay (new)', false]]);
  assert.throws(() => snapshots.import(snapshotAt(400, {}, FORGER), 31337n), (error) => isCode('relay-pairing-unsealed')(error) && /did not seal its pairing/.test((error as Error).message) && /pair it again while a quorum has the vault unlocked/.test((error as Error).message));
  const forged = snapshots.list().find((s) => s.blockNumber === '300')!;
  assert.deepEqual([forged.status, forged.problem?.code, forged.current], ['damaged', 'snapshot-relay-unsealed', false]);
  assert.equal(snapshots.get(forged.id).body, null, 'nothing of it is shown');
  assert.throws(() => snapshots.use(forged.id), isCode('snapshot-damaged'));
  assert.equal(snapshots.current()!.snapshot.id, honest.id, 'the honest snapshot stays the one built on, though the forged one is at a later block');
  assert.equal(put(200).status, 'verified', 'the sealed relay keeps working');
});

test('H-30 a pin\'s label edited in the file, or a revoked pin made current again there, is not trusted until a quorum pairs it again (audited)', async () => {
  const fixture = pairedVault();
  const { snapshots, put, dbPath, relayKey } = fixture;
  const stored = put(100);
  tamper(dbPath, "UPDATE relay_pin SET label = 'Office relay' WHERE public_key = ?", Buffer.from(relayKey.slice(2), 'hex'));
  assert.deepEqual(snapshots.pins().map((p) => [p.label, p.sealed]), [['Office relay', false]]);
  assert.deepEqual([snapshots.list()[0]!.status, snapshots.list()[0]!.problem?.code], ['damaged', 'snapshot-relay-unsealed']);
  assert.throws(() => put(200), isCode('relay-pairing-unsealed'));

  const sealed = await pairRelay(fixture, relayKey, 'Desk relay');
  assert.deepEqual([sealed.label, sealed.sealed, sealed.revokedAt], ['Desk relay', true, null]);
  const entry = fixture.services.audit.list(6).find((e) => e.action === 'relay-pairing-sealed')!;
  assert.deepEqual([entry.details.label, entry.details.was], ['Desk relay', 'Office relay']);
  assert.equal(snapshots.use(stored.id).snapshot.status, 'verified');

  snapshots.unpair({ relayKey });
  tamper(dbPath, 'UPDATE relay_pin SET revoked_at = NULL WHERE public_key = ?', Buffer.from(relayKey.slice(2), 'hex'));
  assert.deepEqual(snapshots.pins().map((p) => [p.revokedAt, p.sealed]), [[null, false]], 'the revocation cleared the seal');
  assert.throws(() => snapshots.use(stored.id), isCode('snapshot-damaged'));
  assert.throws(() => put(200), isCode('relay-pairing-unsealed'));
});

test('H-30 pairing needs a quorum to have the vault unlocked, a vault, and a one-line label; nothing is pinned otherwise', async () => {
  const fixture = pairedVault();
  const other = relayPublicKey(Uint8Array.from({ length: 32 }, (_, i) => i + 60));
  const request = { relayKey: '0x' + bytesToHex(other), words: relayKeyFingerprint(other).join(' ') };
  assert.throws(() => fixture.snapshots.pair(request), isCode('vault-locked'));
  await assert.rejects(pairRelay(fixture, other, 'Office\nrelay'), isCode('relay-label-invalid'));
  assert.deepEqual(fixture.snapshots.pins().length, 1);

  const empty = vaultServices();
  assert.throws(() => empty.services.snapshots.pair(request), isCode('vault-missing'));
  assert.deepEqual(empty.services.snapshots.pins(), []);
});
