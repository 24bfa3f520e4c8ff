// Reads a Safe for a snapshot at one block: from its own views, or from its storage when a swapped implementation
// no longer answers them; then checks it is a Safe that can exist (1 ≤ threshold ≤ distinct owners, no impossible
// owner or module) before anything about it is signed.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bigIntToBytes, bytesToBigInt, fromHex, toHex, utf8ToBytes } from '../../../shared/bytes';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import { toChecksumAddress, type Address } from '../../../shared/evm/address';
import { SAFE_FALLBACK_HANDLER_SLOT, SAFE_GUARD_SLOT } from '../../../shared/simulation/safe-overrides';
import { SNAPSHOT_LIMITS, type SnapshotBody } from '../../../shared/snapshot/schema';
import { endpointText } from './endpoint-text';
import type { BlockReader } from './snapshot-reader';

export const SAFE_SENTINEL = toChecksumAddress(Uint8Array.of(...new Array(19).fill(0), 1));
const ZERO_ADDRESS = toChecksumAddress(new Uint8Array(20));
export const GUARD_SLOT = SAFE_GUARD_SLOT;
export const FALLBACK_HANDLER_SLOT = SAFE_FALLBACK_HANDLER_SLOT;
const MODULE_PAGE = 10n;
/** A Safe's nonce counts its executed transactions; 2^64 of them cannot have happened. */
const MAX_SAFE_NONCE = 2n ** 64n - 1n;

/** What a Safe's version reads as when its implementation does not answer VERSION(). */
export const SAFE_VERSION_UNREADABLE = 'unreadable: the implementation does not answer';

type SnapshotSafe = SnapshotBody['safes'][number];

export async function readSafe(reader: BlockReader, address: Address): Promise<SnapshotSafe> {
  const [slot0, guard, handler] = await Promise.all([reader.storage(address, '0x0'), reader.storage(address, GUARD_SLOT), reader.storage(address, FALLBACK_HANDLER_SLOT)]);
  const fixed = { address, implementation: wordAddress(slot0), guard: wordAddress(guard), fallbackHandler: wordAddress(handler) };
  let safe: SnapshotSafe;
  try {
    const [[owners], [threshold], [nonce], [version]] = await Promise.all([
      reader.view(address, 'getOwners() returns (address[])', []),
      reader.view(address, 'getThreshold() returns (uint256)', []),
      reader.view(address, 'nonce() returns (uint256)', []),
      reader.view(address, 'VERSION() returns (string)', []),
    ]);
    const modules = await readModules(reader, address);
    safe = { ...fixed, owners: owners as string[], threshold: String(threshold), nonce: String(nonce), version: endpointText(String(version), 64), modules };
  } catch (error) {
    // A Safe whose implementation was swapped (the Bybit takeover) may no longer answer its own views.
    // Its storage still tells the truth, and the vault must see that snapshot, not a failed one.
    if (!isAirlockError(error) || (error.code !== 'rpc-error' && error.code !== 'snapshot-read-failed')) throw error;
    safe = { ...fixed, ...(await readSafeStorage(reader, address)), version: SAFE_VERSION_UNREADABLE };
  }
  checkSafe(safe, reader.client.label);
  return safe;
}

/** Refuses a Safe no Safe contract can be in: the endpoint is lying, or the address is no set-up Safe. */
export function checkSafe(safe: SnapshotSafe, label: string): void {
  const refuse = (what: string) =>
    new AirlockError(
      'snapshot-safe-invalid',
      `The RPC endpoint ${label} reports the Safe ${safe.address} with ${what}; no working Safe can be so. Check the address; if it is right, do not trust this endpoint.`,
      { safe: safe.address },
    );
  if (safe.owners.length > SNAPSHOT_LIMITS.owners) throw refuse(`${safe.owners.length} owners (a snapshot holds at most ${SNAPSHOT_LIMITS.owners})`);
  const impossible = [ZERO_ADDRESS, SAFE_SENTINEL, safe.address].map((a) => a.toLowerCase());
  const badOwner = safe.owners.find((o) => impossible.includes(o.toLowerCase()));
  if (badOwner) throw refuse(`${badOwner} among its owners`);
  const distinct = new Set(safe.owners.map((o) => o.toLowerCase())).size;
  if (distinct !== safe.owners.length) throw refuse('an owner listed twice');
  const threshold = BigInt(safe.threshold);
  if (threshold < 1n || threshold > BigInt(distinct)) throw refuse(`a threshold of ${threshold} for ${distinct} owners`);
  if (BigInt(safe.nonce) > MAX_SAFE_NONCE) throw refuse(`a nonce of ${safe.nonce}`);
  if (safe.modules.length > SNAPSHOT_LIMITS.modules) throw refuse(`${safe.modules.length} modules (a snapshot holds at most ${SNAPSHOT_LIMITS.modules})`);
  const modules = safe.modules.map((m) => m.toLowerCase());
  if (new Set(modules).size !== modules.length) throw refuse('a module listed twice');
  if (modules.some((m) => impossible.slice(0, 2).includes(m))) throw refuse('an impossible module address');
}

/** Storage words of accounts, e.g. pinned to one block (BlockReader) or a simulation's state after a transaction. */
export type StorageReader = Pick<BlockReader, 'storage'>;

/** Who controls a Safe, from its storage alone (a swapped singleton cannot answer for it): the simulation's before and after. */
export interface SafeControl {
  owners: string[];
  modules: string[];
  threshold: string;
  nonce: string;
  singleton: Address;
  guard: Address;
  fallbackHandler: Address;
}

export async function readSafeControl(reader: StorageReader, safe: Address): Promise<SafeControl> {
  const [slot0, guard, handler, lists] = await Promise.all([reader.storage(safe, '0x0'), reader.storage(safe, GUARD_SLOT), reader.storage(safe, FALLBACK_HANDLER_SLOT), readSafeStorage(reader, safe)]);
  return { ...lists, singleton: wordAddress(slot0), guard: wordAddress(guard), fallbackHandler: wordAddress(handler) };
}

/**
 * Owners, threshold, nonce and modules straight from a Safe's storage (layout of Safe 1.x, SafeStorage.sol):
 * slot 1 modules and slot 2 owners (linked lists from the sentinel), slot 4 threshold, slot 5 nonce.
 */
async function readSafeStorage(reader: StorageReader, safe: Address): Promise<{ owners: string[]; threshold: string; nonce: string; modules: string[] }> {
  const [owners, modules, threshold, nonce] = await Promise.all([
    readLinkedList(reader, safe, 2n, SNAPSHOT_LIMITS.owners),
    readLinkedList(reader, safe, 1n, SNAPSHOT_LIMITS.modules),
    reader.storage(safe, '0x4'),
    reader.storage(safe, '0x5'),
  ]);
  return { owners, modules, threshold: bytesToBigInt(threshold).toString(), nonce: bytesToBigInt(nonce).toString() };
}

async function readLinkedList(reader: StorageReader, safe: Address, mappingSlot: bigint, limit: number): Promise<string[]> {
  const out: string[] = [];
  let key: string = SAFE_SENTINEL;
  for (let i = 0; i <= limit; i++) {
    const next = wordAddress(await reader.storage(safe, mappingKey(key, mappingSlot)));
    if (next === SAFE_SENTINEL || next === ZERO_ADDRESS) return out;
    if (out.includes(next)) break;
    out.push(next);
    key = next;
  }
  throw new AirlockError('snapshot-read-failed', `The Safe ${safe} has a broken or endless owner or module list in its storage (or more than ${limit} entries); Airlock refuses to snapshot it.`);
}

/** Storage slot of mapping(address => …)[key] at `slot`: keccak256(pad32(key) || pad32(slot)). */
function mappingKey(key: string, slot: bigint): string {
  const bytes = new Uint8Array(64);
  bytes.set(fromHex(key), 12);
  bytes.set(bigIntToBytes(slot, 32), 32);
  return toHex(keccak_256(bytes));
}

async function readModules(reader: BlockReader, safe: Address): Promise<string[]> {
  const modules: string[] = [];
  let start: string = SAFE_SENTINEL;
  while (modules.length <= SNAPSHOT_LIMITS.modules) {
    const [list, next] = await reader.view(safe, 'getModulesPaginated(address,uint256) returns (address[] array, address next)', [start, MODULE_PAGE]);
    modules.push(...(list as string[]));
    if (next === SAFE_SENTINEL || next === ZERO_ADDRESS || (list as string[]).length === 0) return modules;
    start = next as string;
  }
  throw new AirlockError('snapshot-read-failed', `The Safe ${safe} lists more than ${SNAPSHOT_LIMITS.modules} modules; Airlock refuses to snapshot it.`);
}

/** Proxies and managers keep an address in the low 20 bytes of a storage word. */
function wordAddress(word: Uint8Array): Address {
  return toChecksumAddress(word.subarray(12));
}
