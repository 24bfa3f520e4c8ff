// The Safe payloads across the air gap: owner signatures made by ethers (an independent implementation) are read
// back to their owners, bundles are checked for order and signers, and malformed or altered payloads are refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Wallet, keccak256, toUtf8Bytes } from 'ethers';
import {
  parseSafeAirgapBytes,
  parseSafeAirgapText,
  parseSafeBundlePayload,
  parseSafeSignaturePayload,
  SAFE_BUNDLE_UR_TYPE,
  SAFE_SIGNATURE_UR_TYPE,
  safeBundlePayloadJson,
  safeSignaturePayloadJson,
} from '../../../../shared/airgap/safe-signature';
import { encodeUr } from '../../../../shared/airgap/ur';
import { AirlockError } from '../../../../shared/errors';
import { parseAddress } from '../../../../shared/evm/address';
import { decodeSafeSignature, encodeSignatures } from '../../../../shared/evm/safe';
import { refuses } from '../../../helpers/refusal';

// anvil's published development keys.
const KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
];
const wallets = KEYS.map((k) => new Wallet(k));
const SAFE = '0x1111111111111111111111111111111111111111';
const HASH = keccak256(toUtf8Bytes('a Safe transaction'));
const OTHER_HASH = keccak256(toUtf8Bytes('another Safe transaction'));
const hashBytes = (h: string) => Uint8Array.from(Buffer.from(h.slice(2), 'hex'));

/** An owner's EIP-712 signature over the safeTxHash (v = 27|28), made by ethers. */
function ownerSignature(wallet: Wallet, hash = HASH): string {
  return wallet.signingKey.sign(hash).serialized;
}

function payload(index: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...JSON.parse(safeSignaturePayloadJson({ chainId: 31337n, safe: SAFE, safeTxHash: HASH, owner: wallets[index]!.address, signature: ownerSignature(wallets[index]!) })), ...overrides };
}

function bundleOf(indexes: number[], hash = HASH) {
  const signatures = indexes.map((i) => decodeSafeSignature(hashBytes(hash), hashBytes(ownerSignature(wallets[i]!, hash))));
  const owners = wallets.map((w) => parseAddress(w.address));
  const joined = encodeSignatures({ safeTxHash: hashBytes(hash), owners, threshold: indexes.length, signatures });
  const signers = signatures.map((s) => s.owner).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  return safeBundlePayloadJson({ chainId: 31337n, safe: parseAddress(SAFE), safeTxHash: hashBytes(hash), joined, signers });
}


describe('Safe owner signature payload', () => {
  it('reads an owner signature made by ethers back to that owner, with chain, Safe and hash', () => {
    const parsed = parseSafeSignaturePayload(payload(1));
    assert.equal(parsed.signature.owner, wallets[1]!.address);
    assert.equal(parsed.signature.kind, 'ecdsa');
    assert.equal(parsed.chainId, 31337n);
    assert.equal(parsed.safe.toLowerCase(), SAFE);
    assert.equal(`0x${bytesToHex(parsed.safeTxHash)}`, HASH);
  });

  it('reads the same payload from its JSON text and from a ur:airlock-safe-signature, single or multi-part', () => {
    const text = JSON.stringify(payload(0));
    const bytes = new TextEncoder().encode(text);
    for (const fragment of [1000, 40]) {
      const parts = encodeUr(SAFE_SIGNATURE_UR_TYPE, bytes, fragment);
      const read = parseSafeAirgapText(parts.join('\n'));
      assert.equal(read.type, 'signature');
      assert.equal(read.type === 'signature' && read.signature.owner, wallets[0]!.address);
    }
    const fromJson = parseSafeAirgapText(`  ${text}\n`);
    assert.equal(fromJson.type === 'signature' && fromJson.signature.owner, wallets[0]!.address);
    assert.equal(parseSafeAirgapBytes(SAFE_SIGNATURE_UR_TYPE, bytes).type, 'signature');
  });

  it('refuses a signature that recovers to someone else than the owner it names, naming both', () => {
    refuses(() => parseSafeSignaturePayload(payload(0, { owner: wallets[1]!.address })), 'safe-signature-not-owner', new RegExp(`from ${wallets[1]!.address} was made by ${wallets[0]!.address}`));
    // The right owner, but over another transaction: recovery gives a different address.
    refuses(() => parseSafeSignaturePayload(payload(0, { safeTxHash: OTHER_HASH })), 'safe-signature-not-owner', /over a different transaction/);
  });

  it('refuses malformed payloads with a sentence naming the field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /must be a JSON object/],
      [[], /must be a JSON object/],
      ['0x00', /must be a JSON object/],
      [payload(0, { version: 2 }), /"version" must be 1/],
      [payload(0, { version: '1' }), /"version" must be 1/],
      [payload(0, { chainId: 31337 }), /"chainId" must be a string/],
      [payload(0, { chainId: '0' }), /"chainId" must be the chain id/],
      [payload(0, { safe: '0x1234' }), /"safe" must be an address/],
      [payload(0, { safeTxHash: HASH.slice(0, 60) }), /"safeTxHash" must be 0x followed by 64 hex digits/],
      [payload(0, { signature: '0x' + '00'.repeat(64) }), /"signature" must be one owner signature/],
      [payload(0, { signature: ownerSignature(wallets[0]!) + ownerSignature(wallets[1]!).slice(2) }), /"signature" must be one owner signature/],
      [payload(0, { extra: 1 }), /a field Airlock does not know \("extra"\)/],
      [(({ owner: _, ...rest }) => rest)(payload(0)), /"owner" is missing/],
    ];
    for (const [json, words] of cases) refuses(() => parseSafeSignaturePayload(json), 'safe-payload-invalid', words);
  });

  it('refuses a mixed-case owner with a wrong checksum, a bad v, and a pre-validated signature', () => {
    const owner = wallets[0]!.address;
    const flipped = owner.slice(0, 2) + [...owner.slice(2)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
    assert.throws(() => parseSafeSignaturePayload(payload(0, { owner: flipped })), AirlockError);
    const badV = ownerSignature(wallets[0]!).slice(0, -2) + '05';
    refuses(() => parseSafeSignaturePayload(payload(0, { signature: badV })), 'safe-signature-invalid', /v byte is 5/);
    const approved = '0x' + owner.slice(2).toLowerCase().padStart(64, '0') + '00'.repeat(32) + '01';
    refuses(() => parseSafeSignaturePayload(payload(0, { signature: approved })), 'safe-payload-invalid', /pre-validated/);
  });

  it('survives fuzz-ish mutations: every one-character change of the signature or hash is refused or recovers to another owner', () => {
    const good = payload(2);
    let refused = 0;
    let tried = 0;
    for (const field of ['signature', 'safeTxHash'] as const) {
      const text = good[field] as string;
      for (let i = 2; i < text.length; i += 3) {
        tried++;
        const changed = text.slice(0, i) + (text[i] === 'a' ? 'b' : 'a') + text.slice(i + 1);
        try {
          parseSafeSignaturePayload({ ...good, [field]: changed });
          assert.fail(`a changed ${field} at ${i} was accepted`);
        } catch (error) {
          assert.ok(error instanceof AirlockError, String(error));
          refused++;
        }
      }
    }
    assert.equal(refused, tried);
    assert.ok(tried > 60);
  });

  it('refuses text that is neither JSON nor a Safe UR, and a UR of another type', () => {
    refuses(() => parseSafeAirgapText(''), 'safe-payload-invalid', /Paste an owner signature/);
    refuses(() => parseSafeAirgapText('hello'), 'safe-payload-invalid', /not JSON/);
    refuses(() => parseSafeAirgapText('x'.repeat(70_000)), 'safe-payload-invalid', /longer than/);
    const other = encodeUr('bytes', Uint8Array.of(0x41, 1), 100);
    assert.throws(() => parseSafeAirgapText(other.join(' ')), AirlockError);
    refuses(() => parseSafeAirgapBytes(SAFE_SIGNATURE_UR_TYPE, Uint8Array.of(0xff, 0xfe)), 'safe-payload-invalid', /not UTF-8/);
    refuses(() => parseSafeAirgapBytes('crypto-hdkey', new TextEncoder().encode('{}')), 'safe-payload-invalid', /not a Safe owner signature or bundle/);
  });
});

describe('Safe signature bundle payload', () => {
  it('reads a bundle of two owners: signatures recovered in ascending owner order, as listed', () => {
    const json = bundleOf([2, 0]);
    const parsed = parseSafeBundlePayload(json);
    const expected = [wallets[0]!.address, wallets[2]!.address].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    assert.deepEqual(parsed.signatures.map((s) => s.owner), expected);
    assert.equal(parsed.joined.length, 130);
    const viaText = parseSafeAirgapText(encodeUr(SAFE_BUNDLE_UR_TYPE, new TextEncoder().encode(JSON.stringify(json)), 60).join('\n'));
    assert.equal(viaText.type, 'bundle');
    assert.equal(parseSafeAirgapText(JSON.stringify(json)).type, 'bundle');
  });

  it('refuses signers that differ from the recovered owners, and a bundle over another hash', () => {
    const json = bundleOf([0, 1]);
    refuses(() => parseSafeBundlePayload({ ...json, signers: [wallets[2]!.address, wallets[1]!.address] }), 'safe-signature-not-owner', /recover to/);
    refuses(() => parseSafeBundlePayload({ ...json, signers: [json.signers[0]] }), 'safe-signature-not-owner', /recover to/);
    refuses(() => parseSafeBundlePayload({ ...json, safeTxHash: OTHER_HASH }), 'safe-signature-not-owner', /different transaction or was altered/);
  });

  it('refuses signatures out of owner order and the same owner twice', () => {
    const json = bundleOf([0, 1]);
    const [first, second] = [json.signatures.slice(2, 132), json.signatures.slice(132)];
    refuses(() => parseSafeBundlePayload({ ...json, signatures: `0x${second}${first}`, signers: [...json.signers].reverse() }), 'safe-payload-invalid', /ascending owner order/);
    refuses(() => parseSafeBundlePayload({ ...json, signatures: `0x${first}${first}`, signers: [json.signers[0], json.signers[0]] }), 'safe-payload-invalid', /ascending owner order/);
  });

  it('refuses malformed bundles', () => {
    const json = bundleOf([0, 1]);
    refuses(() => parseSafeBundlePayload({ ...json, signatures: json.signatures.slice(0, -2) }), 'safe-payload-invalid', /"signatures" must be the joined owner signatures/);
    refuses(() => parseSafeBundlePayload({ ...json, signers: [] }), 'safe-payload-invalid', /"signers"/);
    refuses(() => parseSafeBundlePayload({ ...json, version: 0 }), 'safe-payload-invalid', /"version" must be 1/);
    refuses(() => parseSafeBundlePayload({ ...json, owner: 'x' }), 'safe-payload-invalid', /does not know \("owner"\)/);
  });
});
