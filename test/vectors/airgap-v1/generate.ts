// Writes parts.json: the UR parts Airlock 0.1.0 (codec version 1, commit 1880934) shows for every payload type that
// crosses the air gap, so later codecs are tested against what a vault or relay of that release really displays.
// Run at that commit only (later codecs encode differently): node --import tsx test/vectors/airgap-v1/generate.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Wallet, keccak256, toUtf8Bytes } from 'ethers';
import { DRILL_PROOF_UR_TYPE, RAW_TX_UR_TYPE, RELAY_KEY_UR_TYPE, SNAPSHOT_UR_TYPE } from '../../../shared/airgap/airlock-types';
import { SAFE_BUNDLE_UR_TYPE, SAFE_SIGNATURE_UR_TYPE, safeBundlePayloadJson, safeSignaturePayloadJson } from '../../../shared/airgap/safe-signature';
import { encodeUr } from '../../../shared/airgap/ur';
import { WATCH_LIST_UR_TYPE, watchListBytes } from '../../../shared/airgap/watch-list';
import { SecretBytes } from '../../../shared/crypto/secret';
import { formatDrillStatement, signDrillStatement } from '../../../shared/drill/proof';
import { parseAddress, type Address } from '../../../shared/evm/address';
import { decodeSafeSignature, encodeSignatures } from '../../../shared/evm/safe';
import { relayPublicKey, signSnapshot } from '../../../shared/snapshot/signature';
import { RELAY_SECRET, sampleBody } from '../../unit/shared/snapshot/sample';

// anvil's published development keys.
const KEYS = ['0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'];
const wallets = KEYS.map((k) => new Wallet(k));
const utf8 = (text: string) => new TextEncoder().encode(text);
const hexBytes = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/^0x/, ''), 'hex'));

async function payloads(): Promise<Array<{ type: string; payload: Uint8Array; what: string }>> {
  const raw = await wallets[0]!.signTransaction({ type: 2, chainId: 1, nonce: 7, to: wallets[1]!.address, value: 10n ** 18n, gasLimit: 21000, maxFeePerGas: 30_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n });
  const statement = formatDrillStatement({
    vaultId: '3f1c2a7e-0000-4000-8000-000000000001',
    vaultName: 'Acme treasury',
    date: '2026-11-23T09:00:00.000Z',
    runbook: 'sweep-leaked-eoa',
    snapshot: { chainId: '1', blockNumber: '21000000', merkleRoot: '0x' + 'ab'.repeat(32) },
    nonce: '00112233445566778899aabbccddeeff',
  });
  const proof = signDrillStatement(statement, new SecretBytes(hexBytes(KEYS[0]!)), wallets[0]!.address as Address);
  const safe = '0x1111111111111111111111111111111111111111';
  const hash = keccak256(toUtf8Bytes('a Safe transaction'));
  const ownerSignatures = wallets.map((w) => w.signingKey.sign(hash).serialized);
  const decoded = ownerSignatures.map((s) => decodeSafeSignature(hexBytes(hash), hexBytes(s)));
  const joined = encodeSignatures({ safeTxHash: hexBytes(hash), owners: wallets.map((w) => parseAddress(w.address)), threshold: 2, signatures: decoded });
  const signers = decoded.map((s) => s.owner).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  return [
    { type: RAW_TX_UR_TYPE, payload: hexBytes(raw), what: 'an EIP-1559 transfer signed by anvil key 0' },
    { type: SNAPSHOT_UR_TYPE, payload: utf8(JSON.stringify(signSnapshot(sampleBody(), RELAY_SECRET))), what: 'test/unit/shared/snapshot/sample.ts signed with RELAY_SECRET' },
    { type: DRILL_PROOF_UR_TYPE, payload: utf8(JSON.stringify(proof)), what: 'a version 1 drill statement signed by anvil key 0' },
    { type: RELAY_KEY_UR_TYPE, payload: relayPublicKey(RELAY_SECRET), what: 'the compressed public key of RELAY_SECRET' },
    {
      type: WATCH_LIST_UR_TYPE,
      payload: watchListBytes({ version: 1, vault: 'Acme treasury', accounts: [{ address: parseAddress(wallets[0]!.address), label: 'Treasury' }], safes: [{ address: parseAddress(safe), label: 'Ops Safe' }] }),
      what: 'one account and one Safe',
    },
    {
      type: SAFE_SIGNATURE_UR_TYPE,
      payload: utf8(safeSignaturePayloadJson({ chainId: 31337n, safe, safeTxHash: hash, owner: wallets[0]!.address, signature: ownerSignatures[0]! })),
      what: 'anvil key 0 over keccak256("a Safe transaction")',
    },
    {
      type: SAFE_BUNDLE_UR_TYPE,
      payload: utf8(JSON.stringify(safeBundlePayloadJson({ chainId: 31337n, safe: parseAddress(safe), safeTxHash: hexBytes(hash), joined, signers }))),
      what: 'anvil keys 0 and 1 over keccak256("a Safe transaction")',
    },
    { type: 'bytes', payload: hexBytes('0a0b0c'), what: '`airlock ur encode --type bytes` of 0a0b0c (raw bytes, not a CBOR byte string)' },
  ];
}

const vectors = [];
for (const { type, payload, what } of await payloads()) {
  // As the app shows it (one part at the largest fragment) and as a multi-part animation (100-byte fragments).
  vectors.push({ type, what, payload: Buffer.from(payload).toString('hex'), single: encodeUr(type, payload, 4096), multi: payload.length > 100 ? encodeUr(type, payload, 100) : null });
}
const out = join(fileURLToPath(new URL('.', import.meta.url)), 'parts.json');
writeFileSync(out, `${JSON.stringify({ release: '0.1.0', codecVersion: 1, commit: '1880934', vectors }, null, 1)}\n`);
console.log(`wrote ${vectors.length} vectors to ${out}`);
