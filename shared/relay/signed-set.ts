// The signed results of one multi-chain runbook, vault → relay, as one transfer (ur:airlock-signed-set): per chain
// the signed raw transactions and the Safe owner signatures the vault made. Each item is what the relay already takes
// alone (a raw transaction, an airlock-safe-signature payload) with the chain it belongs to; the parser decodes each
// and refuses an item whose content is for another chain than it claims. SECURITY(H-19): one parser, capped.
import { SIGNED_SET_UR_TYPE } from '../airgap/airlock-types';
import { airlockJsonText } from '../airgap/payload-text';
import { parseSafeSignaturePayload, type SafeSignaturePayloadJson } from '../airgap/safe-signature';
import { parseHex, toHex } from '../bytes';
import { AirlockError } from '../errors';
import { decodeSignedTransaction } from '../evm/tx';
import { previewSafeSignature, previewSignedTransaction, type BroadcastPreview, type SafeSignaturePreview } from './scanned-preview';

export const SIGNED_SET_VERSION = 1;
export const MAX_SIGNED_SET_ITEMS = 32;
export const MAX_SIGNED_SET_CHARS = 2 * 1024 * 1024;
/** A raw transaction's text: 0x hex of at most 128 KiB (a node's own cap on a transaction). */
const MAX_RAW_HEX = 2 + 2 * 128 * 1024;

export type SignedSetItem =
  | { chainId: string; draft: number; rawTransaction: string }
  | { chainId: string; draft: number; safeSignature: SafeSignaturePayloadJson };

export interface SignedSet {
  version: typeof SIGNED_SET_VERSION;
  /** In the order the vault made them: per chain, a transaction's nonce order is kept. */
  items: SignedSetItem[];
}

export type SignedSetItemPreview = { chainId: string; draft: number } & ({ kind: 'transaction'; transaction: BroadcastPreview } | { kind: 'safe-signature'; safeSignature: SafeSignaturePreview });

const malformed = (message: string) => new AirlockError('signed-set-malformed', message);

/** The one parser for a signed set from outside: every item decoded, its chain checked, nothing twice. */
export function parseSignedSet(value: unknown): SignedSet {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed('This is not an Airlock signed set. Show it again on the vault.');
  const { version, items, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw malformed(`This signed set holds a field Airlock does not know ("${Object.keys(rest)[0]!.slice(0, 40)}"). Show it again on the vault.`);
  if (typeof version === 'number' && version > SIGNED_SET_VERSION) {
    throw new AirlockError('signed-set-version-unsupported', `This signed set was made by a newer Airlock (set version ${version}; this one reads ${SIGNED_SET_VERSION}). Update Airlock on this computer.`);
  }
  if (version !== SIGNED_SET_VERSION) throw malformed('This signed set has no version Airlock reads. Show it again on the vault.');
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_SIGNED_SET_ITEMS) throw malformed(`A signed set holds 1 to ${MAX_SIGNED_SET_ITEMS} signed results.`);
  const parsed = items.map((item, i) => parseItem(item, i + 1));
  const keys = parsed.map(itemKey);
  const twice = keys.findIndex((key, i) => keys.indexOf(key) !== i);
  if (twice !== -1) throw malformed(`Item ${twice + 1} of the signed set (chain ${parsed[twice]!.chainId}) is in it twice. Show the set again on the vault.`);
  return { version: SIGNED_SET_VERSION, items: parsed };
}

/** A set pasted as JSON or scanned as ur:airlock-signed-set parts. */
export function parseSignedSetText(text: string): SignedSet {
  return parseSignedSet(airlockJsonText(text, { type: SIGNED_SET_UR_TYPE, maxChars: MAX_SIGNED_SET_CHARS, what: 'signed set', code: 'signed-set-malformed' }));
}

/** Every item decoded for a person to read before anything is sent: "send X to Y on chain Z …", "owner O signs …". */
export function previewSignedSet(set: SignedSet): SignedSetItemPreview[] {
  return set.items.map((item) =>
    'rawTransaction' in item
      ? { chainId: item.chainId, draft: item.draft, kind: 'transaction', transaction: previewSignedTransaction(item.rawTransaction) }
      : { chainId: item.chainId, draft: item.draft, kind: 'safe-signature', safeSignature: previewSafeSignature(JSON.stringify(item.safeSignature)) },
  );
}

/** The item's identity: a transaction by its hash, an owner signature by Safe transaction and owner. */
export function itemKey(item: SignedSetItem): string {
  if ('rawTransaction' in item) return toHex(decodeSignedTransaction(parseHex(item.rawTransaction)!).hash);
  return `${item.safeSignature.safeTxHash.toLowerCase()}:${item.safeSignature.owner.toLowerCase()}`;
}

function parseItem(item: unknown, n: number): SignedSetItem {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw malformed(`Item ${n} of the signed set is not a signed result.`);
  const { chainId, draft, rawTransaction, safeSignature, ...rest } = item as Record<string, unknown>;
  if (typeof chainId !== 'string' || !/^[1-9][0-9]{0,19}$/.test(chainId)) throw malformed(`Item ${n} of the signed set has no chain id.`);
  const where = `Item ${n} of the signed set (chain ${chainId})`;
  if (Object.keys(rest).length > 0 || (rawTransaction === undefined) === (safeSignature === undefined)) throw malformed(`${where} must hold exactly one raw transaction or one Safe owner signature.`);
  if (typeof draft !== 'number' || !Number.isSafeInteger(draft) || draft < 1) throw malformed(`${where} does not name the draft it was signed from.`);
  const claimed = BigInt(chainId);
  try {
    if (rawTransaction !== undefined) {
      const bytes = typeof rawTransaction === 'string' && rawTransaction.length <= MAX_RAW_HEX ? parseHex(rawTransaction) : null;
      if (!bytes || bytes.length === 0) throw malformed(`${where} holds a raw transaction that is not 0x hex.`);
      const signed = decodeSignedTransaction(bytes);
      if (signed.transaction.chainId !== claimed) throw mismatch(where, signed.transaction.chainId);
      return { chainId, draft, rawTransaction: toHex(signed.raw) };
    }
    const payload = parseSafeSignaturePayload(safeSignature);
    if (payload.chainId !== claimed) throw mismatch(where, payload.chainId);
    return { chainId, draft, safeSignature: safeSignature as SafeSignaturePayloadJson };
  } catch (error) {
    if (!(error instanceof AirlockError) || error.code === 'signed-set-malformed' || error.code === 'signed-set-chain-mismatch') throw error;
    throw new AirlockError(error.code, `${where}: ${error.message}`);
  }
}

function mismatch(where: string, actual: bigint): AirlockError {
  return new AirlockError('signed-set-chain-mismatch', `${where} is signed for chain ${actual}, not the chain it claims. Nothing was sent: show the set again on the vault.`);
}
