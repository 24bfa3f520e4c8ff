// Why a mined transaction reverted, asked of an endpoint that shows it reverted: the transaction's own call (built from
// the signed bytes the relay holds, never from the endpoint's word) replayed with eth_call at its receipt's block, and
// the revert data the endpoint returns decoded (Error(string), Panic(uint256), a known custom error, or the selector).
// The endpoint's answer is bounded and checked; without revert data the reason is "unavailable", never guessed.
import { hexToBytes, toHex } from '../../../shared/bytes';
import { isAirlockError } from '../../../shared/errors';
import { decodeRevert } from '../../../shared/simulation/decode';
import { endpointText } from './endpoint-text';
import type { RpcClient } from './rpc';

/** The call a signed transaction makes, from its own bytes. */
export interface ReplayedCall {
  from: string;
  /** Null for a contract creation. */
  to: string | null;
  value: bigint;
  data: Uint8Array;
  gasLimit: bigint;
}

export const REASON_UNAVAILABLE = 'reason unavailable';
const REASON_LENGTH = 160;

/** The revert reason in words, or "reason unavailable (why)"; never throws for what the endpoint answers. */
export async function replayRevertReason(client: RpcClient, call: ReplayedCall, blockNumber: bigint): Promise<string> {
  const request = {
    from: call.from,
    ...(call.to ? { to: call.to } : {}),
    value: `0x${call.value.toString(16)}`,
    data: toHex(call.data),
    gas: `0x${call.gasLimit.toString(16)}`,
  };
  try {
    await client.call('eth_call', [request, `0x${blockNumber.toString(16)}`]);
    // State can differ from the transaction's own moment (later transactions in its block): no reason is made up.
    return `${REASON_UNAVAILABLE} (replayed at block ${blockNumber}, the call did not revert)`;
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    if (error.code !== 'rpc-error') return `${REASON_UNAVAILABLE} (the endpoint did not answer the replay)`;
    if (error.params.rpcDataOversized === true) return `${REASON_UNAVAILABLE} (the endpoint's revert data is larger than any reason needs)`;
    return reasonFromRevertData(error.params.rpcData ?? null);
  }
}

/** Revert data as the endpoint gave it (0x hex) in words; anything that is not hex data is "unavailable". */
export function reasonFromRevertData(data: string | number | boolean | null): string {
  if (typeof data !== 'string') return `${REASON_UNAVAILABLE} (the endpoint gave no revert data)`;
  if (!/^0x([0-9a-fA-F]{2})*$/.test(data)) return `${REASON_UNAVAILABLE} (the endpoint's revert data is not hex)`;
  // A reason string can hold anything: shown bounded, with no character that hides or reorders text.
  return endpointText(decodeRevert(hexToBytes(data.slice(2))), REASON_LENGTH);
}
