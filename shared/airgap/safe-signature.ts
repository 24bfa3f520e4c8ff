// The two Safe payloads that cross the air gap: one owner's signature (vault → relay, UR airlock-safe-signature)
// and the joined bundle once the threshold is met (relay → executing vault, UR airlock-safe-bundle). One parser
// for each, used on both sides; every signature is recovered again here, whatever the JSON claims.
import { hexToBytes, toHex } from '../bytes';
import { z } from 'zod';
import { AirlockError } from '../errors';
import { parseAddress, type Address } from '../evm/address';
import { decodeSafeSignature, decodeSafeSignatures, safeSignatureBytes, type SafeSignature } from '../evm/safe';
import { SAFE_BUNDLE_UR_TYPE, SAFE_SIGNATURE_UR_TYPE } from './airlock-types';
import { decodeUrParts } from './ur';

export { SAFE_BUNDLE_UR_TYPE, SAFE_SIGNATURE_UR_TYPE };
export const SAFE_PAYLOAD_VERSION = 1;
/** A Safe has at most a few dozen owners in practice; this bounds what a pasted bundle can make us recover. */
export const MAX_BUNDLE_SIGNERS = 64;
/** Longest pasted text looked at (JSON or UR parts). */
export const MAX_SAFE_PAYLOAD_CHARS = 64 * 1024;

const chainIdText = z.string().regex(/^[1-9][0-9]{0,30}$/, 'must be the chain id as a decimal string, such as "1"');
const addressText = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be an address: 0x followed by 40 hex digits');
const hash32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be 0x followed by 64 hex digits (32 bytes)');
const versionField = z.literal(SAFE_PAYLOAD_VERSION, { message: `must be ${SAFE_PAYLOAD_VERSION}; this payload comes from another version of Airlock` });

const signatureSchema = z
  .object({
    version: versionField,
    chainId: chainIdText,
    safe: addressText,
    safeTxHash: hash32,
    owner: addressText,
    signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/, 'must be one owner signature: 0x followed by 130 hex digits (65 bytes)'),
  })
  .strict();

const bundleSchema = z
  .object({
    version: versionField,
    chainId: chainIdText,
    safe: addressText,
    safeTxHash: hash32,
    signatures: z.string().regex(/^0x([0-9a-fA-F]{130}){1,64}$/, 'must be the joined owner signatures: 0x followed by 130 hex digits per owner'),
    signers: z.array(addressText).min(1).max(MAX_BUNDLE_SIGNERS),
  })
  .strict();

/** The JSON of one owner's signature, as the vault shows it. */
export type SafeSignaturePayloadJson = z.infer<typeof signatureSchema>;
/** The JSON of a bundle, as the relay shows it. */
export type SafeBundlePayloadJson = z.infer<typeof bundleSchema>;

export interface SafeSignaturePayload {
  chainId: bigint;
  safe: Address;
  safeTxHash: Uint8Array;
  /** Recovered from the signature over safeTxHash, and equal to the owner the payload named. */
  signature: SafeSignature & { kind: 'ecdsa' | 'eth-sign' };
}

export interface SafeBundlePayload {
  chainId: bigint;
  safe: Address;
  safeTxHash: Uint8Array;
  /** Recovered, in ascending owner order, no owner twice. */
  signatures: SafeSignature[];
  /** The joined bytes execTransaction takes. */
  joined: Uint8Array;
}

export type SafeAirgapPayload = ({ type: 'signature' } & SafeSignaturePayload) | ({ type: 'bundle' } & SafeBundlePayload);


/** The JSON text of one owner signature payload (what goes into the UR). */
export function safeSignaturePayload(fields: { chainId: string | bigint; safe: string; safeTxHash: string; owner: string; signature: string }): SafeSignaturePayloadJson {
  return {
    version: SAFE_PAYLOAD_VERSION,
    chainId: String(fields.chainId),
    safe: fields.safe,
    safeTxHash: fields.safeTxHash.toLowerCase(),
    owner: fields.owner,
    signature: fields.signature.toLowerCase(),
  };
}

/** The same as text, as the single-signature QR carries it. */
export function safeSignaturePayloadJson(fields: Parameters<typeof safeSignaturePayload>[0]): string {
  return JSON.stringify(safeSignaturePayload(fields));
}

/** The bundle JSON for already checked, sorted signatures (encodeSignatures' output and its owners). */
export function safeBundlePayloadJson(fields: { chainId: bigint; safe: Address; safeTxHash: Uint8Array; joined: Uint8Array; signers: readonly Address[] }): SafeBundlePayloadJson {
  return {
    version: SAFE_PAYLOAD_VERSION,
    chainId: fields.chainId.toString(),
    safe: fields.safe,
    safeTxHash: toHex(fields.safeTxHash),
    signatures: toHex(fields.joined),
    signers: [...fields.signers],
  };
}

/** Parses one owner's signature payload (a JSON value) and checks that its signature recovers to the owner it names. */
export function parseSafeSignaturePayload(json: unknown): SafeSignaturePayload {
  const data = checked(signatureSchema, json, 'Safe owner signature');
  const safeTxHash = hexToBytes(data.safeTxHash.slice(2));
  const owner = address(data.owner, 'owner');
  const signature = decodeSafeSignature(safeTxHash, hexToBytes(data.signature.slice(2)));
  if (signature.kind === 'approved-hash') {
    throw invalid('This is a pre-validated (approveHash) signature, which says nothing offline; only an owner\'s ECDSA signature can be collected.');
  }
  if (signature.owner !== owner) {
    throw new AirlockError(
      'safe-signature-not-owner',
      `The signature said to be from ${owner} was made by ${signature.owner}, or over a different transaction than ${data.safeTxHash}. Ask that owner's vault to show its signature again.`,
    );
  }
  return { chainId: BigInt(data.chainId), safe: address(data.safe, 'safe'), safeTxHash, signature };
}

/** Parses a bundle (a JSON value): every signature recovered, owners ascending and unique, signers as listed. */
export function parseSafeBundlePayload(json: unknown): SafeBundlePayload {
  const data = checked(bundleSchema, json, 'Safe signature bundle');
  const safeTxHash = hexToBytes(data.safeTxHash.slice(2));
  const joined = hexToBytes(data.signatures.slice(2));
  const signatures = decodeSafeSignatures(safeTxHash, joined);
  const recovered = signatures.map((s) => s.owner);
  for (let i = 1; i < recovered.length; i++) {
    if (recovered[i - 1]!.toLowerCase() >= recovered[i]!.toLowerCase()) {
      throw invalid('The bundle\'s signatures are not in ascending owner order with each owner once, as the Safe requires. Collect them again on the relay.');
    }
  }
  const listed = data.signers.map((s, i) => address(s, `signers[${i}]`));
  if (listed.length !== recovered.length || listed.some((s, i) => s !== recovered[i])) {
    throw new AirlockError(
      'safe-signature-not-owner',
      `The bundle lists signers ${listed.join(', ')} but its signatures recover to ${recovered.join(', ')} over ${data.safeTxHash}. It signs a different transaction or was altered; collect the signatures again.`,
    );
  }
  return { chainId: BigInt(data.chainId), safe: address(data.safe, 'safe'), safeTxHash, signatures, joined };
}

/**
 * Reads pasted or scanned text: the JSON of either payload, or its UR part(s) (ur:airlock-safe-signature/…,
 * ur:airlock-safe-bundle/…, separated by white space).
 */
export function parseSafeAirgapText(text: string): SafeAirgapPayload {
  if (typeof text !== 'string' || text.trim() === '') throw invalid('Paste an owner signature or a signature bundle: its JSON text or its ur:airlock-safe-… text.');
  if (text.length > MAX_SAFE_PAYLOAD_CHARS) throw invalid(`The pasted text is longer than ${MAX_SAFE_PAYLOAD_CHARS / 1024} KiB; an owner signature or bundle is far shorter. Paste one payload only.`);
  const trimmed = text.trim();
  if (/^ur:/i.test(trimmed)) {
    const { type, payload } = decodeUrParts(trimmed.split(/\s+/), [SAFE_SIGNATURE_UR_TYPE, SAFE_BUNDLE_UR_TYPE]);
    return parseSafeAirgapBytes(type, payload);
  }
  const json = parseJsonText(trimmed);
  return isRecord(json) && 'signatures' in json ? { type: 'bundle', ...parseSafeBundlePayload(json) } : { type: 'signature', ...parseSafeSignaturePayload(json) };
}

/** A decoded UR (type and UTF-8 JSON payload), e.g. from the camera scanner. */
export function parseSafeAirgapBytes(type: string, payload: Uint8Array): SafeAirgapPayload {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    throw invalid('The QR code\'s content is not UTF-8 text; it is not an Airlock Safe payload.');
  }
  const json = parseJsonText(text);
  if (type === SAFE_SIGNATURE_UR_TYPE) return { type: 'signature', ...parseSafeSignaturePayload(json) };
  if (type === SAFE_BUNDLE_UR_TYPE) return { type: 'bundle', ...parseSafeBundlePayload(json) };
  throw invalid(`A QR code of type "${type.slice(0, 40)}" is not a Safe owner signature or bundle.`);
}

/** The 65-byte hex of a collected signature, as executeSafe takes it. */
export function signatureHex(signature: SafeSignature): string {
  return toHex(safeSignatureBytes(signature));
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalid('The text is not JSON, nor a ur:airlock-safe-… code. Paste the payload exactly as the other screen shows it.');
  }
}

function checked<S extends z.ZodType>(schema: S, json: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'the payload';
  const why =
    issue.code === 'unrecognized_keys'
      ? `has a field Airlock does not know (${issue.keys.map((k) => `"${k.slice(0, 40)}"`).join(', ')})`
      : /received undefined$/.test(issue.message)
        ? 'is missing'
        : issue.code === 'invalid_type'
          ? `must be ${issue.expected === 'object' ? 'a JSON object' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`
          : issue.message.replace(/\.+$/, '');
  throw invalid(`In the ${what}, ${field} ${why}.`);
}

function address(text: string, field: string): Address {
  try {
    return parseAddress(text);
  } catch (error) {
    if (error instanceof AirlockError) throw invalid(`The payload's ${field}: ${error.message}`);
    throw error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): AirlockError {
  return new AirlockError('safe-payload-invalid', message);
}
