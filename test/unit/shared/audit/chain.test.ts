import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalDetails, GENESIS_HASH, hashAuditEntry, verifyChain } from '../../../../shared/audit/chain';

function chain(n: number) {
  const rows = [];
  let prev: Uint8Array = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const entry = { seq, at: 1_700_000_000_000 + seq, actor: 'test', action: `action-${seq}`, rawDetails: canonicalDetails({ seq }) };
    const hash = hashAuditEntry(prev, { ...entry, details: entry.rawDetails });
    rows.push({ ...entry, prevHash: prev, hash });
    prev = hash;
  }
  return { rows, head: { count: n, hash: prev } };
}

test('an untouched chain verifies, and an empty log is valid', () => {
  const { rows, head } = chain(5);
  const verdict = verifyChain(rows, head);
  assert.equal(verdict.valid, true);
  assert.equal(verdict.count, 5);
  assert.equal(verifyChain([], null).valid, true);
});

test('canonical details do not depend on key order', () => {
  assert.equal(canonicalDetails({ b: 1, a: 'x' }), canonicalDetails({ a: 'x', b: 1 }));
});

test('an edited entry is reported with its row number', () => {
  const { rows, head } = chain(5);
  rows[2] = { ...rows[2]!, action: 'edited' };
  const verdict = verifyChain(rows, head);
  assert.equal(verdict.valid, false);
  assert.deepEqual([verdict.problem?.code, verdict.problem?.row], ['audit-row-altered', 3]);
  assert.match(verdict.problem!.message, /entry 3/);
});

test('a deleted entry in the middle is reported where the gap starts', () => {
  const { rows, head } = chain(5);
  rows.splice(1, 1);
  const verdict = verifyChain(rows, head);
  assert.deepEqual([verdict.problem?.code, verdict.problem?.row], ['audit-row-missing', 2]);
});

test('a deleted tail is caught by the recorded head', () => {
  const { rows, head } = chain(5);
  const verdict = verifyChain(rows.slice(0, 3), head);
  assert.deepEqual([verdict.problem?.code, verdict.problem?.row], ['audit-tail-missing', 4]);
  assert.match(verdict.problem!.message, /last 2/);
});

test('a rewritten suffix that re-hashes itself still breaks the link or the head', () => {
  const { rows, head } = chain(4);
  // Re-hash entry 3 after editing it, but leave entry 4 linking to the old hash.
  const edited = { ...rows[2]!, action: 'forged' };
  edited.hash = hashAuditEntry(edited.prevHash, { ...edited, details: edited.rawDetails });
  rows[2] = edited;
  const verdict = verifyChain(rows, head);
  assert.deepEqual([verdict.problem?.code, verdict.problem?.row], ['audit-chain-broken', 4]);
});

test('rows appended without the head are caught', () => {
  const { rows } = chain(4);
  const { head } = chain(3);
  const verdict = verifyChain(rows, head);
  assert.equal(verdict.problem?.code, 'audit-head-mismatch');
});
