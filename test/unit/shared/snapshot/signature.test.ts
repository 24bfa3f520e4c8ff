// The relay signature on snapshots: sign, verify against the pinned key, and refuse every alteration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { errorCode as code } from '../../../helpers/error-code';
import { secp } from '../../../../shared/evm/secp';
import { parseSignedSnapshotJson } from '../../../../shared/snapshot/schema';
import { relayKeyFingerprint, relayPublicKey, signSnapshot, snapshotDigest, verifySnapshot } from '../../../../shared/snapshot/signature';
import { OTHER_SECRET, RELAY_SECRET, sampleBody } from './sample';

const pinned = relayPublicKey(RELAY_SECRET);
const signed = signSnapshot(sampleBody(), RELAY_SECRET);


test('a signed snapshot verifies against the pinned key, round-tripped through JSON', () => {
  const back = verifySnapshot(JSON.parse(JSON.stringify(signed)), pinned, { chainId: 31337n });
  assert.deepEqual(back, signed);
  assert.equal(signed.relayKey, '0x' + bytesToHex(pinned));
  assert.equal(relayKeyFingerprint(pinned).length, 4);
});

test('the digest is tagged SHA-256 of chain id, block hash and root; the signature is plain ECDSA over it', () => {
  const root = hexToBytes(signed.merkleRoot.slice(2));
  const blockHash = hexToBytes(signed.blockHash.slice(2));
  const id = new Uint8Array(32);
  id[30] = 0x7a;
  id[31] = 0x69; // 31337
  const expected = sha256(concatBytes(utf8ToBytes('airlock/snapshot-signature/v1'), Uint8Array.of(0), id, blockHash, root));
  assert.equal(bytesToHex(snapshotDigest(31337n, blockHash, root)), bytesToHex(expected));
  assert.ok(secp.verify(hexToBytes(signed.signature.slice(2)), expected, pinned, { prehash: false }));
});

test('refuses a snapshot from an unpaired key, for another chain, or with a changed root', () => {
  const other = signSnapshot(sampleBody(), OTHER_SECRET);
  assert.equal(code(() => verifySnapshot(other, pinned)), 'snapshot-relay-unpaired');
  assert.equal(code(() => verifySnapshot(signed, pinned, { chainId: 1n })), 'snapshot-chain-mismatch');
  // Re-signed by an attacker who kept the relay key field: the signature does not verify.
  const forged = { ...signSnapshot(sampleBody(), OTHER_SECRET), relayKey: signed.relayKey };
  assert.equal(code(() => verifySnapshot(forged, pinned)), 'snapshot-signature-invalid');
  const rooted = { ...signed, merkleRoot: '0x' + '00'.repeat(32) };
  assert.equal(code(() => verifySnapshot(rooted, pinned)), 'snapshot-root-mismatch');
  assert.equal(code(() => verifySnapshot({ ...signed, extra: 1 }, pinned)), 'snapshot-malformed');
  assert.equal(code(() => parseSignedSnapshotJson('{')), 'snapshot-malformed');
});

test('refuses an address in another letter case: one text, one meaning', () => {
  const body = sampleBody();
  body.accounts[0]!.address = body.accounts[0]!.address.toLowerCase();
  assert.throws(() => signSnapshot(body, RELAY_SECRET));
  const lowered = { ...signed, accounts: [{ ...signed.accounts[0]!, address: signed.accounts[0]!.address.toLowerCase() }] };
  assert.equal(code(() => verifySnapshot(lowered, pinned)), 'snapshot-malformed');
});

/** Every string leaf of the JSON, with a setter. */
function stringLeaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  return [];
}

const leaves = stringLeaves(signed);

test('property: flipping any byte of any field breaks verification with a typed error', () => {
  assert.ok(leaves.length > 30, `only ${leaves.length} string fields`);
  const allowed = new Set(['snapshot-malformed', 'snapshot-root-mismatch', 'snapshot-signature-invalid', 'snapshot-relay-unpaired']);
  fc.assert(
    fc.property(fc.nat(leaves.length - 1), fc.nat(), fc.integer({ min: 1, max: 255 }), (leafIndex, position, mask) => {
      const copy = JSON.parse(JSON.stringify(signed));
      const path = leaves[leafIndex]!;
      let holder = copy;
      for (const key of path.slice(0, -1)) holder = holder[key];
      const last = path[path.length - 1]!;
      const bytes = new TextEncoder().encode(holder[last] as string);
      if (bytes.length === 0) return;
      const at = position % bytes.length;
      bytes[at] = bytes[at]! ^ mask;
      const changed = new TextDecoder().decode(bytes);
      if (changed === holder[last]) return;
      holder[last] = changed;
      const result = code(() => verifySnapshot(JSON.parse(JSON.stringify(copy)), pinned));
      assert.ok(allowed.has(result), `${path.join('.')} → ${result}`);
    }),
    { numRuns: 2000 },
  );
});

test('property: a changed number field is refused even when it stays well-formed', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 1n << 200n }), (n) => {
      const copy = JSON.parse(JSON.stringify(signed));
      if (n.toString() === copy.accounts[0].balance) return;
      copy.accounts[0].balance = n.toString();
      assert.equal(code(() => verifySnapshot(copy, pinned)), 'snapshot-root-mismatch');
    }),
    { numRuns: 200 },
  );
});
