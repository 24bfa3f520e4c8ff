// The drill proof: a fixed statement signed with EIP-191 personal_sign, verified with no vault; ethers checks it
// independently, and any change to the statement or signature is caught with a sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Wallet, verifyMessage } from 'ethers';
import { SecretBytes } from '../../../../shared/crypto/secret';
import { AirlockError } from '../../../../shared/errors';
import type { Address } from '../../../../shared/evm/address';
import { formatDrillStatement, parseDrillStatement, signDrillStatement, verifyDrillProof, type DrillStatement } from '../../../../shared/drill/proof';

const KEY = '0x' + '42'.repeat(32);
const wallet = new Wallet(KEY);
const statement: DrillStatement = {
  vaultId: '3f1c2a7e-0000-4000-8000-000000000001',
  vaultName: 'Acme treasury',
  date: '2026-11-23T09:00:00.000Z',
  runbook: 'sweep-leaked-eoa',
  snapshot: { chainId: '1', blockNumber: '21000000', merkleRoot: '0x' + 'ab'.repeat(32) },
  nonce: '00112233445566778899aabbccddeeff',
};
const sign = (text: string) => signDrillStatement(text, new SecretBytes(Uint8Array.from(Buffer.from(KEY.slice(2), 'hex'))), wallet.address as Address);

test('the statement round-trips through its text, and the proof verifies here and in ethers', () => {
  const text = formatDrillStatement(statement);
  assert.deepEqual(parseDrillStatement(text), statement);
  assert.equal(text.split('\n')[5], `Snapshot: chain 1 block 21000000 root 0x${'ab'.repeat(32)}`);
  const proof = sign(text);
  assert.equal(verifyMessage(text, proof.signature), wallet.address, 'ethers recovers the same signer');
  assert.equal(proof.signature, wallet.signMessageSync(text), 'RFC 6979: byte for byte what ethers signs');
  const verdict = verifyDrillProof(proof);
  assert.equal(verdict.valid, true);
  assert.equal(verdict.address, wallet.address);
  assert.deepEqual(verdict.statement, statement);
  assert.deepEqual(parseDrillStatement(formatDrillStatement({ ...statement, snapshot: null })).snapshot, null);
});

test('a changed statement, signature or address does not verify, with a sentence', () => {
  const proof = sign(formatDrillStatement(statement));
  const edited = verifyDrillProof({ ...proof, statement: proof.statement.replace('sweep-leaked-eoa', 'emergency-pause') });
  assert.equal(edited.valid, false);
  assert.match(edited.problem!, /recovers to 0x[0-9a-fA-F]{40}, not to the stated/);
  const other = verifyDrillProof({ ...proof, address: '0x000000000000000000000000000000000000dEaD' });
  assert.equal(other.valid, false);
  assert.equal(verifyDrillProof({ ...proof, signature: proof.signature.slice(0, -2) + '1d' }).valid, false);
  assert.match(verifyDrillProof({ ...proof, statement: 'hello' }).problem!, /not an Airlock drill statement/);
  assert.match(verifyDrillProof('nope').problem!, /JSON object/);
});

test('formatting refuses a line break smuggled into a field; parsing refuses a malformed line', () => {
  assert.throws(() => formatDrillStatement({ ...statement, runbook: 'a\nNonce: 00' }), (e: unknown) => e instanceof AirlockError && e.code === 'drill-statement-invalid');
  const text = formatDrillStatement(statement);
  assert.throws(() => parseDrillStatement(text.replace('Date: 2026-11-23T09:00:00.000Z', 'Date: yesterday')), /date is not an ISO 8601/);
  assert.throws(() => parseDrillStatement(text + '\nExtra: 1'), /7 lines/);
});

test('property: verifying arbitrary JSON-ish input never throws, it only answers', () => {
  fc.assert(
    fc.property(fc.anything(), (value) => {
      const verdict = verifyDrillProof(value);
      assert.equal(typeof verdict.valid, 'boolean');
    }),
    { numRuns: 300 },
  );
  const text = formatDrillStatement(statement);
  const proof = sign(text);
  fc.assert(
    fc.property(fc.nat(text.length - 1), fc.string({ minLength: 1, maxLength: 1 }), (at, ch) => {
      const mutated = text.slice(0, at) + ch + text.slice(at + 1);
      fc.pre(mutated !== text);
      assert.equal(verifyDrillProof({ ...proof, statement: mutated }).valid, false);
    }),
    { numRuns: 200 },
  );
});
