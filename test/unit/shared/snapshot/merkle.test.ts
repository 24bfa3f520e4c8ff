// Canonical entries and the Merkle root of a snapshot: order, coverage, domain separation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { entryText, leafHash, merkleRoot, nodeHash, snapshotEntries, snapshotRoot } from '../../../../shared/snapshot/merkle';
import { sampleBody } from './sample';

test('one entry per field plus one length per list, sorted by path bytes', () => {
  const entries = snapshotEntries(sampleBody());
  const paths = entries.map((e) => e.path);
  assert.deepEqual(paths, [...paths].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1)));
  assert.equal(new Set(paths).size, paths.length);
  const text = entries.map(entryText);
  assert.ok(text.includes('safes[0].modules.length = 0'));
  assert.ok(text.includes('safes[0].owners[1] = 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'));
  assert.ok(text.includes('accounts[0].tokens[0].symbol = T=1 ]'));
  assert.ok(text.includes('version = 1'));
  assert.ok(text.includes('fees.baseFee = 875000000'));
});

test('the leaf is length-prefixed SHA-256 under tag 0x00, a node is SHA-256 under tag 0x01', () => {
  const leaf = leafHash({ path: 'a', value: 'bc' });
  const expected = sha256(concatBytes(Uint8Array.of(0, 0, 0, 0, 1), utf8ToBytes('a'), Uint8Array.of(0, 0, 0, 2), utf8ToBytes('bc')));
  assert.equal(bytesToHex(leaf), bytesToHex(expected));
  assert.equal(bytesToHex(nodeHash(leaf, leaf)), bytesToHex(sha256(concatBytes(Uint8Array.of(1), leaf, leaf))));
  // A "=" moved between path and value gives another leaf: the encoding is unambiguous.
  assert.notEqual(bytesToHex(leafHash({ path: 'a=', value: 'b' })), bytesToHex(leafHash({ path: 'a', value: '=b' })));
});

test('an odd node is carried up, not duplicated: three leaves differ from the same three plus a copy of the last', () => {
  const e = [{ path: 'a', value: '1' }, { path: 'b', value: '2' }, { path: 'c', value: '3' }];
  const [a, b, c] = e.map(leafHash) as [Uint8Array, Uint8Array, Uint8Array];
  assert.equal(bytesToHex(merkleRoot(e)), bytesToHex(nodeHash(nodeHash(a, b), c)));
  assert.notEqual(bytesToHex(merkleRoot(e)), bytesToHex(merkleRoot([...e, { path: 'c', value: '3' }])));
  assert.equal(bytesToHex(merkleRoot([e[0]!])), bytesToHex(a));
});

test('emptying a list changes the root (its length entry is covered)', () => {
  const body = sampleBody();
  const before = bytesToHex(snapshotRoot(body));
  body.positions = [];
  assert.notEqual(bytesToHex(snapshotRoot(body)), before);
  assert.throws(() => merkleRoot([]), TypeError);
});
