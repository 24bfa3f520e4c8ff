// Reads one endpoint's view of chain state pinned to one block: accounts and their tokens, positions and fees,
// each value checked against what a real chain can hold before anything is signed.
import { quantityHex, toHex } from '../../../shared/bytes';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import { decodeParameters, encodeFunctionCall, parseFunction, type AbiValue } from '../../../shared/evm/abi';
import type { Address } from '../../../shared/evm/address';
import { adapterValueText, findAdapter } from '../../../shared/snapshot/adapters';
import { SNAPSHOT_LIMITS, type SnapshotBody } from '../../../shared/snapshot/schema';
import { endpointText } from './endpoint-text';
import { boundedQuantity, dataBytes, quantity, type RpcClient } from './rpc';

const FEE_HISTORY_BLOCKS = 5;
/** EIP-2681: an account nonce is below 2^64. */
const MAX_ACCOUNT_NONCE = 2n ** 64n - 1n;
/**
 * Fees above 10^16 wei (10 million gwei) per gas have never been seen on any chain; an endpoint that says so
 * is broken or hostile, and a transaction built on it could burn the account's balance.
 */
export const MAX_FEE_PER_GAS = 10n ** 16n;

/** Every read pinned to one block of one endpoint; token metadata read once per token. */
export class BlockReader {
  private readonly tokenInfo = new Map<string, Promise<{ symbol: string; decimals: string }>>();

  constructor(
    readonly client: RpcClient,
    readonly tag: string,
  ) {}

  get blockNumber(): bigint {
    return BigInt(this.tag);
  }

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
    const data = toHex(encodeFunctionCall(signature, args));
    const result = dataBytes(await this.client.call('eth_call', [{ to: contract, data }, this.tag]), this.client.label, `${fn.name}()`);
    try {
      return decodeParameters(fn.outputs.map((o) => o.type), result);
    } catch (error) {
      const why = isAirlockError(error) ? error.message : 'undecodable';
      throw new AirlockError('snapshot-read-failed', `${fn.signature} on ${contract} at block ${this.blockNumber} returned something unexpected (${endpointText(why, 200)}) Is it the right contract?`);
    }
  }

  token(token: Address): Promise<{ symbol: string; decimals: string }> {
    let info = this.tokenInfo.get(token);
    if (!info) {
      info = Promise.all([this.view(token, 'decimals() returns (uint8)', []), readSymbol(this, token)]).then(([[decimals], symbol]) => ({ symbol, decimals: String(decimals) }));
      this.tokenInfo.set(token, info);
    }
    return info;
  }
}

export async function readAccount(reader: BlockReader, address: Address, tokens: readonly Address[]): Promise<SnapshotBody['accounts'][number]> {
  const label = reader.client.label;
  const [nonce, balance] = await Promise.all([
    reader.client.call('eth_getTransactionCount', [address, reader.tag]).then((n) => boundedQuantity(n, label, `the nonce of ${address}`, 0n, MAX_ACCOUNT_NONCE)),
    reader.quantity('eth_getBalance', address, 'a balance'),
  ]);
  const tokenRows = await Promise.all(
    tokens.map(async (token) => {
      const [[tokenBalance], info] = await Promise.all([reader.view(token, 'balanceOf(address) returns (uint256)', [address]), reader.token(token)]);
      return { token, symbol: info.symbol, decimals: info.decimals, balance: String(tokenBalance) };
    }),
  );
  return { address, nonce: nonce.toString(), balance: balance.toString(), tokens: tokenRows };
}

/** symbol() as a string, or as bytes32 for the older tokens that return it so (MKR, SAI); made safe to show. */
async function readSymbol(reader: BlockReader, token: Address): Promise<string> {
  try {
    const [symbol] = await reader.view(token, 'symbol() returns (string)', []);
    return endpointText(String(symbol), 64);
  } catch (error) {
    if (!isAirlockError(error) || error.code !== 'snapshot-read-failed') throw error;
    const [word] = await reader.view(token, 'symbol() returns (bytes32)', []);
    const bytes = word as Uint8Array;
    const end = bytes.indexOf(0) === -1 ? 32 : bytes.indexOf(0);
    return endpointText(new TextDecoder().decode(bytes.subarray(0, end)), 64);
  }
}

/**
 * Fees: baseFee is the next block's base fee (the last entry of eth_feeHistory's baseFeePerGas);
 * maxPriorityFeePerGas the highest median tip of the last 5 blocks; maxFeePerGas = 2 × baseFee + tip,
 * which survives six full blocks of base-fee rises. Each is at most MAX_FEE_PER_GAS.
 */
export async function readFees(client: RpcClient, tag: string): Promise<SnapshotBody['fees']> {
  const history = (await client.call('eth_feeHistory', [quantityHex(FEE_HISTORY_BLOCKS), tag, [50]])) as Record<string, unknown> | null;
  const baseFees = history?.baseFeePerGas;
  if (!Array.isArray(baseFees) || baseFees.length === 0) throw new AirlockError('rpc-malformed', `The RPC endpoint ${client.label} gave no base fees in eth_feeHistory. Is this an EIP-1559 chain?`);
  const baseFee = boundedQuantity(baseFees[baseFees.length - 1], client.label, 'the base fee per gas', 0n, MAX_FEE_PER_GAS);
  const rewards = Array.isArray(history?.reward) ? (history.reward as unknown[]).slice(-FEE_HISTORY_BLOCKS) : [];
  let tip = 0n;
  for (const row of rewards) {
    if (!Array.isArray(row) || row.length === 0) continue;
    const value = boundedQuantity(row[0], client.label, 'a priority fee per gas', 0n, MAX_FEE_PER_GAS);
    if (value > tip) tip = value;
  }
  return { baseFee: baseFee.toString(), maxPriorityFeePerGas: tip.toString(), maxFeePerGas: (2n * baseFee + tip).toString() };
}

export async function readPosition(reader: BlockReader, adapterId: string, contract: Address, account: Address): Promise<SnapshotBody['positions'][number]> {
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
      values.push({ name: output.name, value: endpointText(adapterValueText(decoded[i]!), SNAPSHOT_LIMITS.text) });
    });
  }
  return { adapter: adapter.id, account, contract, values };
}
