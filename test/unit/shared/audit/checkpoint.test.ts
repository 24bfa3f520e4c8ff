// Signed audit checkpoints (SECURITY H-25): the key's reserved path, the statement, its signature, and the log
// checked against the checkpoints — rewritten, reordered and cut logs with every hash recomputed are caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GENESIS_HASH, hashAuditEntry, type ChainRow } from '../../../../shared/audit/chain';
import {
  CHECKPOINT_KEY_PATH,
  checkpointKeyWords,
  checkpointLink,
  checkpointPublicKey,
  checkpointSignatureValid,
  checkpointStatement,
  parseCheckpointKey,
  signCheckpoint,
  withCheckpointKey,
  type CheckpointRecord,
} from '../../../../shared/audit/checkpoint';
import { verifyHistory, type HistoryInput } from '../../../../shared/audit/history';
import { AirlockError } from '../../../../shared/errors';
import { deriveAccount, deriveAccountKey, deriveVaultKey, parseHdPath, pathFor, PATH_SCHEMES, type PathScheme } from '../../../../shared/evm/hd';

const SEED = Uint8Array.from({ length: 64 }, (_, i) => i * 7 + 1);
const OTHER_SEED = Uint8Array.from({ length: 64 }, (_, i) => 255 - i);
const VAULT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const HARDENED = 0x80000000;

function log(n: number, edit: (seq: number) => string = (seq) => `{"index":${seq}}`): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const entry = { seq, at: 1_000 * seq, actor: 'vault', action: `event-${seq}`, details: edit(seq) };
    const hash = hashAuditEntry(prev, entry);
    rows.push({ seq, at: entry.at, actor: entry.actor, action: entry.action, rawDetails: entry.details, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

/** Seals rows up to each `last` in turn, as the vault does after each event. */
function seal(rows: readonly ChainRow[], lasts: readonly number[], seed = SEED): CheckpointRecord[] {
  const out: CheckpointRecord[] = [];
  withCheckpointKey(seed, (key) => {
    for (const last of lasts) {
      const first = (out.at(-1)?.last ?? 0) + 1;
      const entryHashes = new Uint8Array((last - first + 1) * 32);
      for (let seq = first; seq <= last; seq++) entryHashes.set(rows[seq - 1]!.hash, (seq - first) * 32);
      out.push(signCheckpoint(VAULT, { number: out.length + 1, first, last, entryHashes, previous: checkpointLink(VAULT, out.at(-1) ?? null) }, key.privateKey, key.publicKey));
    }
  });
  return out;
}

function verify(rows: readonly ChainRow[], checkpoints: readonly CheckpointRecord[], extra: Partial<HistoryInput> = {}) {
  const last = rows.at(-1);
  return verifyHistory({
    rows,
    head: last ? { count: last.seq, hash: last.hash } : null,
    vaultId: VAULT,
    checkpoints,
    storedKey: checkpointPublicKey(SEED),
    everySignature: true,
    ...extra,
  });
}

test('H-25 the checkpoint key path is hardened throughout, under Airlock’s own purpose, and differs from every account path scheme', () => {
  const path = parseHdPath(CHECKPOINT_KEY_PATH);
  assert.equal(CHECKPOINT_KEY_PATH, "m/1095324236'/1'/0'");
  assert.ok(path.indexes.every((i) => i >= HARDENED), 'every level hardened');
  const samples = [0, 1, 2, 9, 1000, 1095324236, HARDENED - 1];
  for (const scheme of Object.keys(PATH_SCHEMES) as PathScheme[]) {
    for (const index of samples) {
      const account = parseHdPath(pathFor(scheme, index));
      assert.notEqual(account.text, path.text);
      assert.equal(account.indexes[0], 44 + HARDENED, `${scheme} #${index} starts with 44'`);
      assert.notEqual(account.indexes[0], path.indexes[0]);
    }
  }
  const checkpointKey = checkpointPublicKey(SEED);
  for (const scheme of Object.keys(PATH_SCHEMES) as PathScheme[]) {
    for (let index = 0; index < 5; index++) assert.notDeepEqual(deriveAccount(SEED, pathFor(scheme, index)).publicKey, checkpointKey);
  }
});

test('H-25 no account can use the reserved purpose, and the vault key derivation takes nothing else', () => {
  const reserved = (e: unknown) => e instanceof AirlockError && e.code === 'hd-path-invalid' && /reserved/.test(e.message);
  assert.throws(() => deriveAccountKey(SEED, CHECKPOINT_KEY_PATH), reserved);
  assert.throws(() => deriveAccount(SEED, CHECKPOINT_KEY_PATH), reserved);
  assert.throws(() => deriveAccount(SEED, "m/1095324236'/0/0"), reserved);
  assert.throws(() => deriveVaultKey(SEED, "m/44'/60'/0'/0/0"), (e: unknown) => e instanceof AirlockError && e.code === 'hd-path-invalid');
  const key = deriveVaultKey(SEED, CHECKPOINT_KEY_PATH);
  assert.deepEqual(key.publicKey, checkpointPublicKey(SEED));
  key.privateKey.dispose();
  assert.notDeepEqual(checkpointPublicKey(OTHER_SEED), checkpointPublicKey(SEED), 'another seed, another key');
});

test('H-25 the statement names vault, number, entries, head, the entries’ digest and the link; the signature covers every line', () => {
  const rows = log(6);
  const [first, second] = seal(rows, [3, 6]);
  const text = checkpointStatement(VAULT, second!).split('\n');
  assert.deepEqual(text.slice(0, 4), ['Airlock audit checkpoint v1', `Vault: ${VAULT}`, 'Checkpoint: 2', 'Entries: 4 to 6']);
  assert.equal(text[4], `Head: 6 0x${Buffer.from(rows[5]!.hash).toString('hex')}`);
  assert.match(text[5]!, /^Entry hashes: 0x[0-9a-f]{64}$/);
  assert.equal(text[6], `Previous: 0x${Buffer.from(checkpointLink(VAULT, first!)).toString('hex')}`);
  const key = checkpointPublicKey(SEED);
  assert.equal(checkpointSignatureValid(VAULT, second!, key), true);
  assert.equal(checkpointSignatureValid('ffffffffffffffffffffffffffffffff', second!, key), false, 'another vault');
  assert.equal(checkpointSignatureValid(VAULT, second!, checkpointPublicKey(OTHER_SEED)), false, 'another key');
  const flipped = second!.entryHashes.slice();
  flipped[0]! ^= 1;
  assert.equal(checkpointSignatureValid(VAULT, { ...second!, entryHashes: flipped }, key), false, 'another entry hash');
  assert.equal(checkpointSignatureValid(VAULT, { ...second!, number: 3 }, key), false, 'another number');
  assert.equal(checkpointSignatureValid(VAULT, { ...second!, previous: new Uint8Array(32) }, key), false, 'another link');
});

test('H-25 an intact log verifies; entries after the latest checkpoint are reported as only chain-protected', () => {
  const rows = log(9);
  const verdict = verify(rows, seal(rows, [2, 5, 7]));
  assert.equal(verdict.valid, true);
  assert.deepEqual([verdict.checkpoints.stored, verdict.checkpoints.verified, verdict.checkpoints.latest?.last], [3, 3, 7]);
  assert.equal(verdict.checkpoints.keyWords, checkpointKeyWords(checkpointPublicKey(SEED)));
  assert.equal(verdict.uncheckpointedFrom, 8);
  assert.match(verdict.note!, /^Entries 8 to 9 are after the latest signed checkpoint: only the hash chain protects them/);
  assert.equal(verify(rows, seal(rows, [2, 9])).uncheckpointedFrom, null);
});

test('H-25 an entry rewritten with every hash and the head recomputed is named by its row', () => {
  const original = log(10);
  const checkpoints = seal(original, [4, 8]);
  for (const row of [1, 4, 6, 8]) {
    const rewritten = log(10, (seq) => (seq === row ? '{"index":"forged"}' : `{"index":${seq}}`));
    const verdict = verify(rewritten, checkpoints);
    assert.deepEqual([verdict.valid, verdict.problem?.code, verdict.problem?.row], [false, 'audit-entry-rewritten', row]);
  }
  const afterLast = verify(log(10, (seq) => (seq === 9 ? '{"index":"forged"}' : `{"index":${seq}}`)), checkpoints);
  assert.equal(afterLast.valid, true, 'after the latest checkpoint only the chain protects an entry: the known limit');
  assert.equal(afterLast.uncheckpointedFrom, 9);
});

test('H-25 reordered entries and a tail cut with the head moved back are caught; so are missing, forged and altered checkpoints', () => {
  const rows = log(8);
  const checkpoints = seal(rows, [3, 6]);
  const swapped = log(8, (seq) => `{"index":${seq === 2 ? 5 : seq === 5 ? 2 : seq}}`);
  assert.deepEqual([verify(swapped, checkpoints).problem?.code, verify(swapped, checkpoints).problem?.row], ['audit-entry-rewritten', 2]);

  const cut = verify(rows.slice(0, 4), checkpoints);
  assert.deepEqual([cut.problem?.code, cut.problem?.row], ['audit-checkpointed-entries-missing', 5]);

  const gap = verify(rows, [checkpoints[1]!]);
  assert.deepEqual([gap.problem?.code, gap.problem?.row], ['audit-checkpoint-out-of-order', 1]);

  const foreign = seal(rows, [3, 6], OTHER_SEED);
  for (const everySignature of [true, false]) {
    const forged = verify(rows, [checkpoints[0]!, foreign[1]!], { everySignature });
    assert.deepEqual([forged.problem?.code, forged.problem?.row, forged.checkpoints.verified], ['audit-checkpoint-signature-invalid', 4, 1], `every=${everySignature}`);
    const altered = verify(rows, [{ ...checkpoints[0]!, last: 3, entryHashes: checkpoints[0]!.entryHashes.map((b, i) => (i === 0 ? b ^ 1 : b)) }, checkpoints[1]!], { everySignature });
    assert.deepEqual([altered.problem?.code, altered.problem?.row], ['audit-checkpoint-signature-invalid', 1], `every=${everySignature}: the first one named`);
  }
});

test('H-25 a replaced key re-signing history passes on its own key, and fails against the real key given from outside', () => {
  const rows = log(6);
  const forged = seal(rows, [3, 6], OTHER_SEED);
  const attackerKey = checkpointPublicKey(OTHER_SEED);
  assert.equal(verify(rows, forged, { storedKey: attackerKey }).valid, true, 'the file alone cannot tell');
  const given = verify(rows, forged, { storedKey: attackerKey, givenKey: checkpointPublicKey(SEED) });
  assert.deepEqual([given.valid, given.problem?.code, given.problem?.row], [false, 'audit-checkpoint-key-mismatch', 1]);
  assert.equal(given.checkpoints.keySource, 'given');
  assert.equal(given.checkpoints.storedKey, `0x${Buffer.from(attackerKey).toString('hex')}`);
  const stripped = verify(rows, [], { storedKey: null, givenKey: checkpointPublicKey(SEED) });
  assert.deepEqual([stripped.problem?.code, stripped.uncheckpointedFrom], ['audit-checkpoint-key-missing', 1]);
  const keyless = verify(rows, seal(rows, [3]), { storedKey: null });
  assert.equal(keyless.problem?.code, 'audit-checkpoint-key-missing');
});

test('H-25 a database without a vault has no checkpoints and says what protects its log', () => {
  const verdict = verify(log(2), [], { vaultId: null, storedKey: null });
  assert.equal(verdict.valid, true);
  assert.equal(verdict.uncheckpointedFrom, 1);
  assert.match(verdict.note!, /a database without a vault signs no checkpoints/);
});

test('H-25 a checkpoint key from outside is parsed strictly', () => {
  const key = checkpointPublicKey(SEED);
  assert.deepEqual(parseCheckpointKey(`0x${Buffer.from(key).toString('hex')}`), key);
  for (const bad of ['', '0x', `0x04${'11'.repeat(32)}`, `0x02${'zz'.repeat(32)}`, `0x02${'ff'.repeat(32)}`, Buffer.from(key).toString('hex')]) {
    assert.throws(() => parseCheckpointKey(bad), (e: unknown) => e instanceof AirlockError && e.code === 'checkpoint-key-invalid', bad);
  }
});
