// The relay collects Safe owner signatures scanned from separate vaults: each is checked against the Safe as the
// chain shows it now (right chain, a current owner, recovered over the given safeTxHash), kept once, and when the
// threshold is met the joined, owner-sorted bundle goes back as a QR code to the vault that executes it.
import { fromHex, quantityHex, toHex } from '../../../shared/bytes';
import { safeBundlePayloadJson, type SafeBundlePayloadJson, type SafeSignaturePayload } from '../../../shared/airgap/safe-signature';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import { decodeParameters, encodeFunctionCall, parseFunction, type AbiValue } from '../../../shared/evm/abi';
import { parseAddress, type Address } from '../../../shared/evm/address';
import { decodeSafeSignature, encodeSignatures, safeSignatureBytes } from '../../../shared/evm/safe';
import { SNAPSHOT_LIMITS } from '../../../shared/snapshot/schema';
import type { Db } from '../../db/connection';
import {
  insertSafeSignature,
  listSafeCollections,
  readSafeSignatures,
  upsertSafeCollection,
  type SafeCollectionKey,
  type SafeCollectionRecord,
} from '../../db/safe-signatures';
import { assertChain, dataBytes, quantity, type RpcClient } from './rpc';

/** Where a Safe transaction's collection stands: who signed of the current owners, and the bundle once complete. */
export interface SafeCollectionProgress {
  chainId: string;
  safe: string;
  safeTxHash: string;
  /** The Safe's owners, threshold and nonce at `blockNumber` (the latest block when last checked). */
  owners: string[];
  threshold: number;
  nonce: string;
  blockNumber: string;
  /** Current owners whose signature is kept, ascending by address. */
  signers: string[];
  complete: boolean;
  /** Present once `signers` reaches the threshold: what the executing vault scans (UR airlock-safe-bundle). */
  bundle?: SafeBundlePayloadJson;
  checkedAt: number;
}

export interface SafeCollectOutcome extends SafeCollectionProgress {
  /** The owner whose signature was given. */
  owner: string;
  /** False when this owner's signature was already kept (the same payload twice counts once). */
  added: boolean;
}

interface SafeState {
  owners: Address[];
  threshold: number;
  nonce: bigint;
  blockNumber: bigint;
}

export interface CollectDeps {
  db: Db;
  clients: readonly RpcClient[];
  now: () => number;
}

/** Checks one owner's signature against the Safe on chain and keeps it; returns the collection's progress. */
export async function collectSafeSignature(payload: SafeSignaturePayload, { db, clients, now }: CollectDeps): Promise<SafeCollectOutcome> {
  const state = await readSafeState(clients, payload.chainId, payload.safe);
  const owner = payload.signature.owner;
  const key: SafeCollectionKey = { chainId: payload.chainId.toString(), safe: payload.safe, safeTxHash: toHex(payload.safeTxHash) };
  if (!state.owners.some((o) => o.toLowerCase() === owner.toLowerCase())) {
    throw new AirlockError(
      'safe-signature-not-owner',
      `${owner} is not an owner of the Safe ${payload.safe} on chain ${payload.chainId} at block ${state.blockNumber} (owners: ${state.owners.join(', ')}). The signature was not kept.`,
    );
  }
  const at = now();
  const added = db
    .transaction(() => {
      upsertSafeCollection(db, { ...key, owners: state.owners, threshold: state.threshold, nonce: state.nonce.toString(), blockNumber: state.blockNumber.toString(), checkedAt: at });
      return insertSafeSignature(db, key, { owner, signature: safeSignatureBytes(payload.signature), receivedAt: at });
    })
    .immediate();
  const record = { ...key, owners: state.owners, threshold: state.threshold, nonce: state.nonce.toString(), blockNumber: state.blockNumber.toString(), createdAt: at, checkedAt: at };
  return { ...progressOf(db, record), owner, added };
}

/** Every collection the relay keeps, newest first, as of the block last read for it (no network). */
export function listSafeCollectionProgress(db: Db): SafeCollectionProgress[] {
  return listSafeCollections(db).map((record) => progressOf(db, record));
}

function progressOf(db: Db, record: SafeCollectionRecord): SafeCollectionProgress {
  const safeTxHash = fromHex(record.safeTxHash);
  const owners = new Set(record.owners.map((o) => o.toLowerCase()));
  // Re-recovered from the stored bytes: a row changed on disk does not count as an owner's approval.
  const signatures = readSafeSignatures(db, record)
    .map((s) => decodeSafeSignature(safeTxHash, s.signature))
    .filter((s) => owners.has(s.owner.toLowerCase()))
    .sort((a, b) => (a.owner.toLowerCase() < b.owner.toLowerCase() ? -1 : 1));
  const signers = signatures.map((s) => s.owner);
  const complete = signers.length >= record.threshold;
  const base = {
    chainId: record.chainId,
    safe: record.safe,
    safeTxHash: record.safeTxHash,
    owners: record.owners,
    threshold: record.threshold,
    nonce: record.nonce,
    blockNumber: record.blockNumber,
    signers,
    complete,
    checkedAt: record.checkedAt,
  };
  if (!complete) return base;
  const safe = parseAddress(record.safe);
  const joined = encodeSignatures({ safeTxHash, owners: record.owners.map((o) => parseAddress(o)), threshold: record.threshold, signatures });
  return { ...base, bundle: safeBundlePayloadJson({ chainId: BigInt(record.chainId), safe, safeTxHash, joined, signers }) };
}

const VIEWS = {
  owners: 'getOwners() returns (address[])',
  threshold: 'getThreshold() returns (uint256)',
  nonce: 'nonce() returns (uint256)',
} as const;

/** getOwners(), getThreshold() and nonce() at the latest block of the first endpoint; any other endpoint must agree. */
async function readSafeState(clients: readonly RpcClient[], chainId: bigint, safe: Address): Promise<SafeState> {
  const [primary, ...others] = clients;
  if (!primary) throw new AirlockError('usage-invalid', 'Give at least one RPC endpoint to check Safe signatures against.');
  for (const client of clients) await assertChain(client, chainId);
  const blockNumber = quantity(await primary.call('eth_blockNumber', []), primary.label, 'the block number');
  const state = await readAt(primary, safe, blockNumber);
  for (const other of others) {
    const seen = await readAt(other, safe, blockNumber);
    if (seen.threshold !== state.threshold || seen.owners.join() !== state.owners.join()) {
      throw new AirlockError(
        'rpc-disagreement',
        `The endpoints ${primary.label} and ${other.label} disagree about the owners or threshold of the Safe ${safe} at block ${blockNumber}. Do not trust either until you know why.`,
      );
    }
  }
  return state;
}

async function readAt(client: RpcClient, safe: Address, blockNumber: bigint): Promise<SafeState> {
  const tag = quantityHex(blockNumber);
  // Read in parallel, but report a failure in a fixed order (owners, threshold, nonce), whichever answered first.
  const settled = await Promise.allSettled([view(client, safe, VIEWS.owners, tag), view(client, safe, VIEWS.threshold, tag), view(client, safe, VIEWS.nonce, tag)]);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const [ownersAnswer, thresholdAnswer, nonceAnswer] = settled.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof view>>>).value);
  const [owners] = ownersAnswer!;
  const [threshold] = thresholdAnswer!;
  const [nonce] = nonceAnswer!;
  const ownerList = (owners as string[]).map((o) => parseAddress(o));
  const t = threshold as bigint;
  const distinct = new Set(ownerList).size;
  // A hostile endpoint's owner list is bounded and must be one a Safe can have before any owner is named in a message.
  if (ownerList.length > SNAPSHOT_LIMITS.owners || distinct !== ownerList.length || t < 1n || t > BigInt(distinct)) {
    throw new AirlockError(
      'safe-state-invalid',
      `The Safe ${safe} reports ${ownerList.length} owners (${distinct} distinct) and a threshold of ${t} on ${client.label}; that is no working Safe. Check the address, or do not trust this endpoint.`,
    );
  }
  return { owners: ownerList, threshold: Number(t), nonce: nonce as bigint, blockNumber };
}

async function view(client: RpcClient, contract: Address, signature: string, tag: string): Promise<AbiValue[]> {
  const fn = parseFunction(signature);
  const data = toHex(encodeFunctionCall(signature, []));
  const result = dataBytes(await client.call('eth_call', [{ to: contract, data }, tag]), client.label, `${fn.name}()`);
  try {
    return decodeParameters(fn.outputs.map((o) => o.type), result);
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    throw new AirlockError(
      'safe-not-found',
      `${contract} did not answer ${fn.name}() as a Safe does (at block ${BigInt(tag)} on ${client.label}). Check the Safe address and the chain in the signature payload.`,
    );
  }
}
