// Takes a signed chain snapshot: every read pinned to one block, cross-checked against every other
// endpoint, canonical entries → Merkle root → signed by the relay's device key.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import { decodeParameters, encodeFunctionCall, parseFunction, type AbiValue } from '../../../shared/evm/abi';
import { toChecksumAddress, type Address } from '../../../shared/evm/address';
import { adapterValueText, findAdapter } from '../../../shared/snapshot/adapters';
import { snapshotEntries } from '../../../shared/snapshot/merkle';
import { SNAPSHOT_VERSION, type SignedSnapshot, type SnapshotBody, type SnapshotDisagreement } from '../../../shared/snapshot/schema';
import { signSnapshot } from '../../../shared/snapshot/signature';
import { assertChain, dataBytes, quantity, type RpcClient } from './rpc';

export interface SnapshotRequest {
  accounts: readonly Address[];
  safes: readonly Address[];
  tokens: readonly Address[];
  /** Adapter id and contract; run for every account and Safe. */
  positions: readonly { adapter: string; contract: Address }[];
}

export interface TakeSnapshotOptions {
  clients: readonly RpcClient[];
  request: SnapshotRequest;
  relaySecretKey: Uint8Array;
  now: () => number;
  onProgress?: (step: string) => void;
}

export const SAFE_SENTINEL = toChecksumAddress(Uint8Array.of(...new Array(19).fill(0), 1));
export const GUARD_SLOT = '0x' + bytesToHex(keccak_256(utf8ToBytes('guard_manager.guard.address')));
export const FALLBACK_HANDLER_SLOT = '0x' + bytesToHex(keccak_256(utf8ToBytes('fallback_manager.handler.address')));
const MODULE_PAGE = 10n;
const MAX_MODULE_PAGES = 32;
const FEE_HISTORY_BLOCKS = 5;

type ChainState = Omit<SnapshotBody, 'takenAt' | 'crossCheck'>;

export async function takeSnapshot(options: TakeSnapshotOptions): Promise<SignedSnapshot> {
  const [primary, ...others] = options.clients;
  if (!primary) throw new AirlockError('usage-invalid', 'A snapshot needs at least one RPC endpoint (--rpc URL).');
  const chainId = quantity(await primary.call('eth_chainId', []), primary.label, 'the chain id');
  for (const other of others) await assertChain(other, chainId);
  const blockNumber = quantity(await primary.call('eth_blockNumber', []), primary.label, 'the block number');
  options.onProgress?.(`block ${blockNumber}`);
  const state = await readChainState(primary, chainId, blockNumber, options.request);
  const disagreements: SnapshotDisagreement[] = [];
  for (const [i, other] of others.entries()) {
    options.onProgress?.(`cross-check ${other.label}`);
    disagreements.push(...(await crossCheck(state, other, i + 1, chainId, blockNumber, options.request)));
  }
  const body: SnapshotBody = {
    ...state,
    takenAt: String(Math.floor(options.now())),
    crossCheck: { endpoints: String(options.clients.length), disagreements },
  };
  return signSnapshot(body, options.relaySecretKey);
}

/** Reads the same state from another endpoint and lists every entry where it says something else. */
async function crossCheck(primary: ChainState, client: RpcClient, index: number, chainId: bigint, block: bigint, request: SnapshotRequest): Promise<SnapshotDisagreement[]> {
  let other: ChainState;
  try {
    other = await readChainState(client, chainId, block, request);
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    return [{ path: '*', endpoint: String(index), expected: 'an answer', observed: `${error.code}: ${error.message}`.slice(0, 256) }];
  }
  const withTime = (s: ChainState): SnapshotBody => ({ ...s, takenAt: '0', crossCheck: { endpoints: '0', disagreements: [] } });
  const mine = new Map(snapshotEntries(withTime(primary)).map((e) => [e.path, e.value]));
  const theirs = new Map(snapshotEntries(withTime(other)).map((e) => [e.path, e.value]));
  const out: SnapshotDisagreement[] = [];
  for (const path of new Set([...mine.keys(), ...theirs.keys()])) {
    const expected = mine.get(path) ?? '(missing)';
    const observed = theirs.get(path) ?? '(missing)';
    if (expected !== observed) out.push({ path, endpoint: String(index), expected: expected.slice(0, 256), observed: observed.slice(0, 256) });
  }
  return out;
}

/** Everything the request asks for, at one block, from one endpoint. */
export async function readChainState(client: RpcClient, chainId: bigint, blockNumber: bigint, request: SnapshotRequest): Promise<ChainState> {
  const tag = '0x' + blockNumber.toString(16);
  const reader = new BlockReader(client, tag);
  const block = await client.call('eth_getBlockByNumber', [tag, false]);
  if (typeof block !== 'object' || block === null) throw new AirlockError('rpc-malformed', `The RPC endpoint ${client.label} does not know block ${blockNumber}. It may be behind the others; try again.`);
  const b = block as Record<string, unknown>;
  const blockHash = '0x' + bytesToHex(dataBytes(b.hash, client.label, 'the block hash'));
  if (blockHash.length !== 66) throw new AirlockError('rpc-malformed', `The RPC endpoint ${client.label} gave a block hash that is not 32 bytes.`);
  const blockTime = quantity(b.timestamp, client.label, 'the block time');
  const accounts = await Promise.all(request.accounts.map((a) => readAccount(reader, a, request.tokens)));
  const safes = await Promise.all(request.safes.map((s) => readSafe(reader, s)));
  const fees = await readFees(client, tag);
  const owners = [...request.accounts, ...request.safes];
  const positions = [];
  for (const spec of request.positions) {
    for (const account of owners) positions.push(await readPosition(reader, spec.adapter, spec.contract, account));
  }
  return {
    version: SNAPSHOT_VERSION,
    chainId: chainId.toString(),
    blockNumber: blockNumber.toString(),
    blockHash,
    blockTime: blockTime.toString(),
    accounts,
    safes,
    fees,
    positions,
  };
}

class BlockReader {
  constructor(
    readonly client: RpcClient,
    readonly tag: string,
  ) {}

  async quantity(method: string, address: Address, what: string): Promise<bigint> {
    return quantity(await this.client.call(method, [address, this.tag]), this.client.label, what);
  }

  async storage(address: Address, slot: string): Promise<Uint8Array> {
    const word = dataBytes(await this.client.call('eth_getStorageAt', [address, slot, this.tag]), this.client.label, `storage of ${address}`);
    if (word.length !== 32) throw new AirlockError('rpc-malformed', `The RPC endpoint ${this.client.label} gave a storage word of ${word.length} bytes, not 32.`);
    return word;
  }

  /** eth_call of one view function; the decoded outputs in order. */
  async view(contract: Address, signature: string, args: readonly AbiValue[]): Promise<AbiValue[]> {
    const fn = parseFunction(signature);
    const data = '0x' + bytesToHex(encodeFunctionCall(signature, args));
    const result = dataBytes(await this.client.call('eth_call', [{ to: contract, data }, this.tag]), this.client.label, `${fn.name}()`);
    try {
      return decodeParameters(fn.outputs.map((o) => o.type), result);
    } catch (error) {
      const why = isAirlockError(error) ? error.message : 'undecodable';
      throw new AirlockError('snapshot-read-failed', `${fn.signature} on ${contract} at block ${BigInt(this.tag)} returned something unexpected (${why}) Is it the right contract?`);
    }
  }
}

async function readAccount(reader: BlockReader, address: Address, tokens: readonly Address[]): Promise<SnapshotBody['accounts'][number]> {
  const [nonce, balance] = await Promise.all([
    reader.quantity('eth_getTransactionCount', address, 'a nonce'),
    reader.quantity('eth_getBalance', address, 'a balance'),
  ]);
  const tokenRows = await Promise.all(
    tokens.map(async (token) => {
      const [[tokenBalance], [decimals], symbol] = await Promise.all([
        reader.view(token, 'balanceOf(address) returns (uint256)', [address]),
        reader.view(token, 'decimals() returns (uint8)', []),
        readSymbol(reader, token),
      ]);
      return { token, symbol, decimals: String(decimals), balance: String(tokenBalance) };
    }),
  );
  return { address, nonce: nonce.toString(), balance: balance.toString(), tokens: tokenRows };
}

/** symbol() as a string, or as bytes32 for the older tokens that return it so (MKR, SAI). */
async function readSymbol(reader: BlockReader, token: Address): Promise<string> {
  try {
    const [symbol] = await reader.view(token, 'symbol() returns (string)', []);
    return String(symbol).slice(0, 64);
  } catch (error) {
    if (!isAirlockError(error) || error.code !== 'snapshot-read-failed') throw error;
    const [word] = await reader.view(token, 'symbol() returns (bytes32)', []);
    const bytes = word as Uint8Array;
    const end = bytes.indexOf(0) === -1 ? 32 : bytes.indexOf(0);
    return new TextDecoder().decode(bytes.subarray(0, end));
  }
}

async function readSafe(reader: BlockReader, address: Address): Promise<SnapshotBody['safes'][number]> {
  const [slot0, guard, handler] = await Promise.all([reader.storage(address, '0x0'), reader.storage(address, GUARD_SLOT), reader.storage(address, FALLBACK_HANDLER_SLOT)]);
  const fixed = { address, implementation: wordAddress(slot0), guard: wordAddress(guard), fallbackHandler: wordAddress(handler) };
  try {
    const [[owners], [threshold], [nonce], [version]] = await Promise.all([
      reader.view(address, 'getOwners() returns (address[])', []),
      reader.view(address, 'getThreshold() returns (uint256)', []),
      reader.view(address, 'nonce() returns (uint256)', []),
      reader.view(address, 'VERSION() returns (string)', []),
    ]);
    const modules = await readModules(reader, address);
    return { ...fixed, owners: owners as string[], threshold: String(threshold), nonce: String(nonce), version: String(version).slice(0, 64), modules };
  } catch (error) {
    // A Safe whose implementation was swapped (the Bybit takeover) may no longer answer its own views.
    // Its storage still tells the truth, and the vault must see that snapshot, not a failed one.
    if (!isAirlockError(error) || (error.code !== 'rpc-error' && error.code !== 'snapshot-read-failed')) throw error;
    return { ...fixed, ...(await readSafeStorage(reader, address)), version: SAFE_VERSION_UNREADABLE };
  }
}

/** What a Safe's version reads as when its implementation does not answer VERSION(). */
export const SAFE_VERSION_UNREADABLE = 'unreadable: the implementation does not answer';

/**
 * Owners, threshold, nonce and modules straight from a Safe's storage (layout of Safe 1.x, SafeStorage.sol):
 * slot 1 modules and slot 2 owners (linked lists from the sentinel), slot 4 threshold, slot 5 nonce.
 */
async function readSafeStorage(reader: BlockReader, safe: Address): Promise<{ owners: string[]; threshold: string; nonce: string; modules: string[] }> {
  const [owners, modules, threshold, nonce] = await Promise.all([
    readLinkedList(reader, safe, 2n),
    readLinkedList(reader, safe, 1n),
    reader.storage(safe, '0x4'),
    reader.storage(safe, '0x5'),
  ]);
  return { owners, modules, threshold: wordNumber(threshold).toString(), nonce: wordNumber(nonce).toString() };
}

async function readLinkedList(reader: BlockReader, safe: Address, mappingSlot: bigint): Promise<string[]> {
  const out: string[] = [];
  let key: string = SAFE_SENTINEL;
  for (let i = 0; i <= MAX_MODULE_PAGES * Number(MODULE_PAGE); i++) {
    const next = wordAddress(await reader.storage(safe, mappingKey(key, mappingSlot)));
    if (next === SAFE_SENTINEL || /^0x0{40}$/.test(next)) return out;
    if (out.includes(next)) break;
    out.push(next);
    key = next;
  }
  throw new AirlockError('snapshot-read-failed', `The Safe ${safe} has a broken or endless owner or module list in its storage; Airlock refuses to snapshot it.`);
}

/** Storage slot of mapping(address => …)[key] at `slot`: keccak256(pad32(key) || pad32(slot)). */
function mappingKey(key: string, slot: bigint): string {
  const bytes = new Uint8Array(64);
  bytes.set(Uint8Array.from(Buffer.from(key.slice(2), 'hex')), 12);
  bytes.set(Uint8Array.from(Buffer.from(slot.toString(16).padStart(64, '0'), 'hex')), 32);
  return '0x' + bytesToHex(keccak_256(bytes));
}

function wordNumber(word: Uint8Array): bigint {
  return BigInt('0x' + bytesToHex(word));
}

async function readModules(reader: BlockReader, safe: Address): Promise<string[]> {
  const modules: string[] = [];
  let start: string = SAFE_SENTINEL;
  for (let page = 0; page < MAX_MODULE_PAGES; page++) {
    const [list, next] = await reader.view(safe, 'getModulesPaginated(address,uint256) returns (address[] array, address next)', [start, MODULE_PAGE]);
    modules.push(...(list as string[]));
    if (next === SAFE_SENTINEL || /^0x0{40}$/.test(next as string) || (list as string[]).length === 0) return modules;
    start = next as string;
  }
  throw new AirlockError('snapshot-read-failed', `The Safe ${safe} lists more than ${MAX_MODULE_PAGES * Number(MODULE_PAGE)} modules; Airlock refuses to snapshot it.`);
}

/** Proxies and managers keep an address in the low 20 bytes of a storage word. */
function wordAddress(word: Uint8Array): Address {
  return toChecksumAddress(word.subarray(12));
}

/**
 * Fees: baseFee is the next block's base fee (the last entry of eth_feeHistory's baseFeePerGas);
 * maxPriorityFeePerGas the highest median tip of the last 5 blocks; maxFeePerGas = 2 × baseFee + tip,
 * which survives six full blocks of base-fee rises.
 */
async function readFees(client: RpcClient, tag: string): Promise<SnapshotBody['fees']> {
  const history = (await client.call('eth_feeHistory', ['0x' + FEE_HISTORY_BLOCKS.toString(16), tag, [50]])) as Record<string, unknown> | null;
  const baseFees = history?.baseFeePerGas;
  if (!Array.isArray(baseFees) || baseFees.length === 0) throw new AirlockError('rpc-malformed', `The RPC endpoint ${client.label} gave no base fees in eth_feeHistory. Is this an EIP-1559 chain?`);
  const baseFee = quantity(baseFees[baseFees.length - 1], client.label, 'a base fee');
  const rewards = Array.isArray(history?.reward) ? (history.reward as unknown[]) : [];
  let tip = 0n;
  for (const row of rewards) {
    if (!Array.isArray(row) || row.length === 0) continue;
    const value = quantity(row[0], client.label, 'a priority fee');
    if (value > tip) tip = value;
  }
  return { baseFee: baseFee.toString(), maxPriorityFeePerGas: tip.toString(), maxFeePerGas: (2n * baseFee + tip).toString() };
}

async function readPosition(reader: BlockReader, adapterId: string, contract: Address, account: Address): Promise<SnapshotBody['positions'][number]> {
  const adapter = findAdapter(adapterId);
  const values: { name: string; value: string }[] = [];
  const named = new Map<string, AbiValue>();
  for (const call of adapter.calls) {
    const args = call.args.map((arg) => {
      if (arg.from === 'account') return account;
      const value = named.get(arg.name);
      if (value === undefined) throw new AirlockError('adapter-invalid', `Adapter ${adapter.id} uses "${arg.name}" before a call returned it.`);
      return value;
    });
    const outputs = parseFunction(call.function).outputs;
    const decoded = await reader.view(contract, call.function, args);
    outputs.forEach((output, i) => {
      named.set(output.name, decoded[i]!);
      values.push({ name: output.name, value: adapterValueText(decoded[i]!) });
    });
  }
  return { adapter: adapter.id, account, contract, values };
}
