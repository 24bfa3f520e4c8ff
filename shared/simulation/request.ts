// A draft shown unsigned for simulation (vault → relay, UR airlock-simulation-request): no secret, only what the
// relay needs to run it — the unsigned account transaction, or the Safe transaction with its Safe and version —
// and the digest the vault will sign. One parser, used on both sides: the relay recomputes the digest from the
// content and refuses a request whose stated digest is not that, so a report can only ever be about what it ran.
import { hexToBytes, toHex } from '../bytes';
import { z } from 'zod';
import { SIMULATION_REQUEST_UR_TYPE } from '../airgap/airlock-types';
import { airlockJsonText } from '../airgap/payload-text';
import { safeTxFromJson, safeTxJson } from '../drafting/actions';
import type { BuiltDraft } from '../drafting/draft';
import { AirlockError } from '../errors';
import { parseAddress, type Address } from '../evm/address';
import { parseSafeVersion, safeTxHashes, type SafeTx } from '../evm/safe';
import { decodeUnsignedTransaction, signingHash, signingPayload, type Transaction } from '../evm/tx';

export const SIMULATION_REQUEST_VERSION = 1;
/** Longest request text looked at (JSON or UR parts): a 50-call batch is a few tens of KiB. */
export const MAX_SIMULATION_REQUEST_CHARS = 512 * 1024;

const decimal = z.string().max(80).regex(/^(0|[1-9][0-9]*)$/, 'must be a decimal number without leading zeros');
const hash32 = z.string().regex(/^0x[0-9a-f]{64}$/, 'must be 0x followed by 64 lower-case hex digits');
const addressText = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be an address: 0x followed by 40 hex digits');
const hexBytes = z.string().max(300_000).regex(/^0x([0-9a-f]{2})*$/, 'must be 0x followed by lower-case hex, two digits a byte');

const safeTxSchema = z
  .object({
    to: addressText,
    value: decimal,
    data: hexBytes,
    operation: z.union([z.literal(0), z.literal(1)]),
    safeTxGas: decimal,
    baseGas: decimal,
    gasPrice: decimal,
    gasToken: addressText,
    refundReceiver: addressText,
    nonce: decimal,
  })
  .strict();

const common = {
  version: z.literal(SIMULATION_REQUEST_VERSION, { message: `must be ${SIMULATION_REQUEST_VERSION}; this request comes from another version of Airlock` }),
  chainId: decimal,
  title: z.string().max(120),
  /** The draft's snapshot block: the relay simulates at this block or a later one. */
  minBlock: decimal.nullable(),
  digest: hash32,
};

export const simulationRequestSchema = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('eoa'), from: addressText, transaction: hexBytes }).strict(),
  z.object({ ...common, kind: z.literal('safe'), safe: addressText, safeVersion: z.string().max(20), safeTx: safeTxSchema }).strict(),
]);

export type SimulationRequestJson = z.infer<typeof simulationRequestSchema>;

/** A parsed request, with its content typed and its digest recomputed from that content. */
export type SimulationRequest =
  | { kind: 'eoa'; chainId: bigint; title: string; minBlock: bigint | null; digest: Uint8Array; from: Address; transaction: Transaction }
  | { kind: 'safe'; chainId: bigint; title: string; minBlock: bigint | null; digest: Uint8Array; safe: Address; safeVersion: string; safeTx: SafeTx };


/** The request JSON for a built draft whose review digest is `digest`. */
export function simulationRequestJson(built: BuiltDraft, digest: Uint8Array, snapshotBlock: string | null): SimulationRequestJson {
  const base = { version: SIMULATION_REQUEST_VERSION, chainId: built.chainId.toString(), title: built.title.slice(0, 120), minBlock: snapshotBlock, digest: toHex(digest) } as const;
  if (built.kind === 'eoa') return { ...base, kind: 'eoa', from: built.from, transaction: toHex(signingPayload(built.transaction)) };
  return { ...base, kind: 'safe', safe: built.safe, safeVersion: built.version, safeTx: safeTxJson(built.request.tx) };
}

/** The one parser of a request from outside (stdin, QR, the bridge). */
export function parseSimulationRequest(value: unknown): SimulationRequest {
  const parsed = simulationRequestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'the request';
    throw invalid(`This is not an Airlock simulation request: ${field} ${issue?.message ?? 'is not valid'}. Show the draft's simulation request on the vault again.`);
  }
  const json = parsed.data;
  const chainId = BigInt(json.chainId);
  if (chainId === 0n) throw invalid('The simulation request names chain 0, which no transaction can be for.');
  const base = { chainId, title: json.title, minBlock: json.minBlock === null ? null : BigInt(json.minBlock) };
  const request: SimulationRequest = json.kind === 'eoa' ? { ...base, kind: 'eoa', ...eoaContent(json, chainId) } : { ...base, kind: 'safe', ...safeContent(json, chainId) };
  if (toHex(request.digest) !== json.digest) {
    throw invalid(`The simulation request says its digest is ${json.digest}, but its content hashes to ${toHex(request.digest)}. It was changed after the vault showed it; show it again.`);
  }
  return request;
}

function eoaContent(json: Extract<SimulationRequestJson, { kind: 'eoa' }>, chainId: bigint) {
  const transaction = decodeUnsignedTransaction(hexToBytes(json.transaction.slice(2)));
  if (transaction.chainId !== chainId) throw invalid(`The request's transaction is for chain ${transaction.chainId}, but the request names chain ${chainId}.`);
  return { from: parseAddress(json.from), transaction, digest: signingHash(transaction) };
}

function safeContent(json: Extract<SimulationRequestJson, { kind: 'safe' }>, chainId: bigint) {
  const safe = parseAddress(json.safe);
  const safeVersion = parseSafeVersion(json.safeVersion).release;
  const safeTx = safeTxFromJson({ ...json.safeTx, to: parseAddress(json.safeTx.to), gasToken: parseAddress(json.safeTx.gasToken), refundReceiver: parseAddress(json.safeTx.refundReceiver) });
  return { safe, safeVersion, safeTx, digest: safeTxHashes({ chainId, safe, version: safeVersion, tx: safeTx }).safeTxHash };
}

/** A request pasted or read as text: its JSON, or its ur:airlock-simulation-request parts separated by white space. */
export function parseSimulationRequestText(text: string): SimulationRequest {
  return parseSimulationRequest(airlockJsonText(text, { type: SIMULATION_REQUEST_UR_TYPE, maxChars: MAX_SIMULATION_REQUEST_CHARS, what: 'simulation request', code: 'simulation-request-invalid' }));
}

function invalid(message: string): AirlockError {
  return new AirlockError('simulation-request-invalid', message);
}
