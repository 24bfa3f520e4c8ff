// Bitcoin's UR types as Sparrow, Keystone, Passport and SeedSigner exchange them: crypto-psbt (a PSBT to sign and
// the signed answer), crypto-account (the vault's accounts for a watch-only coordinator) and crypto-output (one
// descriptor, e.g. a multisig wallet). Built with and parsed by the registry's CBOR types, like ERC-4527's
// (shared/airgap/erc4527.ts, whose key helpers these reuse); main process and Node only (it needs Buffer).
import { HARDENED_OFFSET, HDKey } from '@scure/bip32';
import { CryptoAccount, CryptoOutput, CryptoPSBT, MultiKey, ScriptExpressions, type CryptoHDKey } from '@keystonehq/bc-ur-registry-eth';
import { decodeWith, fingerprintBytes, fromCryptoHdKey, toCryptoHdKey, type HdKeyValue, type PathStep } from '../airgap/erc4527';
import { AirlockError } from '../errors';
import { parseDescriptor, type Descriptor, type DescriptorKey } from './descriptor';
import { fingerprintHex, pathText } from './keys';
import { KEY_VERSIONS, type BtcNetwork } from './network';

export const CRYPTO_PSBT = 'crypto-psbt';
export const CRYPTO_OUTPUT = 'crypto-output';
export const CRYPTO_ACCOUNT = 'crypto-account';

/** BCR-2020-010's tag for tr(); the registry names every script expression but this one. */
const TAPROOT_TAG = 409;
type ScriptExpressionItem = (typeof ScriptExpressions)['WITNESS_PUBLIC_KEY_HASH'];
const ScriptExpressionClass = ScriptExpressions.WITNESS_PUBLIC_KEY_HASH.constructor as new (tag: number, expression: string) => ScriptExpressionItem;
const TAPROOT = new ScriptExpressionClass(TAPROOT_TAG, 'tr');

const copy = (bytes: Uint8Array) => Uint8Array.from(bytes);

export function buildCryptoPsbt(psbt: Uint8Array): Uint8Array {
  return copy(new CryptoPSBT(Buffer.from(psbt)).toCBOR());
}

/** The one parser of a crypto-psbt payload: the PSBT's bytes (decoded by shared/btc/psbt.ts next). */
export function parseCryptoPsbt(cbor: Uint8Array): Uint8Array {
  const item = decodeWith(CRYPTO_PSBT, cbor, (c) => CryptoPSBT.fromCBOR(c));
  const psbt = item.getPSBT() as unknown;
  if (!(psbt instanceof Uint8Array) || psbt.length === 0) throw new AirlockError('erc4527-invalid', 'This crypto-psbt is not valid: it carries no PSBT.');
  return copy(psbt);
}

function hdKeyValue(key: DescriptorKey, network: BtcNetwork): HdKeyValue {
  const steps: PathStep[] = key.origin.map((i) => ({ index: i >= HARDENED_OFFSET ? i - HARDENED_OFFSET : i, hardened: i >= HARDENED_OFFSET }));
  return {
    publicKey: key.node.publicKey!,
    chainCode: key.node.chainCode!,
    origin: { steps, text: pathText(key.origin), ...(key.fingerprint === null ? {} : { sourceFingerprint: key.fingerprint }) },
    parentFingerprint: key.node.parentFingerprint,
    ...(network === 'testnet' ? { testnet: true } : {}),
  };
}

function outputOf(d: Descriptor): CryptoOutput {
  const keys = d.keys.map((k) => toCryptoHdKey(hdKeyValue(k, d.network)));
  if (d.type === 'wsh-sortedmulti') return new CryptoOutput([ScriptExpressions.WITNESS_SCRIPT_HASH, ScriptExpressions.SORTED_MULTISIG], new MultiKey(d.threshold, keys));
  return new CryptoOutput([d.type === 'wpkh' ? ScriptExpressions.WITNESS_PUBLIC_KEY_HASH : TAPROOT], keys[0]!);
}

/** crypto-output of one descriptor (a multisig wallet, or one account). */
export function buildCryptoOutput(d: Descriptor): Uint8Array {
  return copy(outputOf(d).toCBOR());
}

/**
 * crypto-account: the master fingerprint and each account. Single-key accounts as wpkh/tr outputs; a BIP-48 cosigner
 * key as wsh(key), the way hardware signers hand a multisig coordinator their cosigner key.
 */
export function buildBtcCryptoAccount(masterFingerprint: number, accounts: ReadonlyArray<{ descriptor: Descriptor; cosigner: boolean }>): Uint8Array {
  const outputs = accounts.map(({ descriptor, cosigner }) =>
    cosigner ? new CryptoOutput([ScriptExpressions.WITNESS_SCRIPT_HASH], toCryptoHdKey(hdKeyValue(descriptor.keys[0]!, descriptor.network))) : outputOf(descriptor),
  );
  return copy(new CryptoAccount(fingerprintBytes(masterFingerprint), outputs).toCBOR());
}

/** The one parser of a multisig crypto-output (wsh(sortedmulti)), into the same descriptor the text parser gives. */
export function parseMultisigCryptoOutput(cbor: Uint8Array, network: BtcNetwork): Descriptor {
  const item = decodeWith(CRYPTO_OUTPUT, cbor, (c) => CryptoOutput.fromCBOR(c));
  const tags = item.getScriptExpressions().map((e) => e.getTag());
  const multi = item.getCryptoKey();
  if (tags.join(',') !== [ScriptExpressions.WITNESS_SCRIPT_HASH.getTag(), ScriptExpressions.SORTED_MULTISIG.getTag()].join(',') || !(multi instanceof MultiKey)) {
    throw new AirlockError('btc-descriptor-invalid', 'This crypto-output is not a wsh(sortedmulti(…)) multisig wallet.');
  }
  const keys = multi.getKeys().map((k) => keyText(fromCryptoHdKey(k as CryptoHDKey, CRYPTO_OUTPUT), network));
  return parseDescriptor(`wsh(sortedmulti(${multi.getThreshold()},${keys.join(',')}))`, network);
}

function keyText(value: HdKeyValue, network: BtcNetwork): string {
  const steps = value.origin.steps;
  const last = steps[steps.length - 1];
  const node = new HDKey({
    versions: KEY_VERSIONS[network],
    depth: steps.length,
    index: last ? last.index + (last.hardened ? HARDENED_OFFSET : 0) : 0,
    parentFingerprint: value.parentFingerprint ?? 0,
    chainCode: value.chainCode,
    publicKey: value.publicKey,
  });
  const origin = value.origin.sourceFingerprint === undefined ? '' : `[${fingerprintHex(value.origin.sourceFingerprint)}${value.origin.text.slice(1)}]`;
  return `${origin}${node.publicExtendedKey}/<0;1>/*`;
}
