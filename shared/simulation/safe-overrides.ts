// How a Safe transaction that no owner has signed yet can run in a simulation: state overrides on the Safe for one
// eth_call / debug_traceCall. The idea is the one safe-tx-hashes-util documents (make a stranger an owner, let one
// signature pass, keep the guard out of the way), done so that no override can hide an effect:
//   - as many owners as the Safe's real threshold are injected (owners[x] = SENTINEL, off the linked list, so
//     getOwners() is unchanged) and each pre-approves the safeTxHash (approvedHashes[x][hash] = 1); their signatures
//     are the "approved hash" kind (v = 1). The threshold itself is never overridden, so a transaction that lowers
//     it — even to 1 — shows as a change;
//   - a guard, if set, is replaced by a stand-in at a fresh random address whose code only returns, so clearing the
//     guard (writing 0) or re-setting it still shows as a change against the stand-in;
//   - the nonce is set to the draft's when the draft waits behind others, so the Safe hashes exactly the draft.
// The injected owners and the stand-in are random for every simulation: a transaction prepared in advance cannot
// know them. Storage layout of Safe 1.x (SafeStorage.sol): owners slot 2, threshold 4, nonce 5, approvedHashes 8.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { concatBytes, hexToBytes, toHex, utf8ToBytes } from '../bytes';
import { addressBytes, toChecksumAddress, type Address } from '../evm/address';
import { encodeExecTransaction, SENTINEL_OWNERS, ZERO_ADDRESS, type SafeTx } from '../evm/safe';

export const SAFE_OWNERS_SLOT = 2n;
export const SAFE_THRESHOLD_SLOT = 4n;
export const SAFE_NONCE_SLOT = 5n;
export const SAFE_APPROVED_HASHES_SLOT = 8n;
export const SAFE_GUARD_SLOT = toHex(keccak_256(utf8ToBytes('guard_manager.guard.address')));
export const SAFE_FALLBACK_HANDLER_SLOT = toHex(keccak_256(utf8ToBytes('fallback_manager.handler.address')));
/** Gas for the simulated execTransaction: the executor's real gas limit is set later, from the report's gas used. */
export const SAFE_SIMULATION_GAS = 25_000_000n;
/** A contract whose code is one STOP: every call to it succeeds and returns nothing, as a permissive guard does. */
const STOP_CODE = '0x00';

export type StateOverride = Record<string, { stateDiff?: Record<string, string>; code?: string }>;

export interface SafeSimulationPlan {
  call: { from: Address; to: Address; data: string; gas: string };
  stateOverride: StateOverride;
  /** What was changed to run it, one sentence each, for the report. */
  notes: string[];
  /** Addresses that exist only in the simulation (injected owners, the guard stand-in): not the treasury's effects. */
  artefacts: Address[];
  /** The guard stand-in, when the Safe has a guard. */
  guardStandIn: Address | null;
}

export interface SafeSimulationInput {
  safe: Address;
  tx: SafeTx;
  safeTxHash: Uint8Array;
  /** The Safe's real state at the simulated block. */
  state: { threshold: bigint; nonce: bigint; guard: Address };
  /** Fresh random bytes (the relay's CSPRNG). */
  random: (length: number) => Uint8Array;
}

const word = (value: bigint) => `0x${value.toString(16).padStart(64, '0')}`;

/** keccak256(pad32(key) ‖ pad32(slot)): the storage slot of mapping[key] at `slot`, as a 32-byte word. */
export function mappingSlot(key: Uint8Array, slot: Uint8Array): Uint8Array {
  return keccak_256(concatBytes(leftPad(key), leftPad(slot)));
}

export function safeSimulationPlan(input: SafeSimulationInput): SafeSimulationPlan {
  const { safe, tx, safeTxHash, state } = input;
  const count = Number(state.threshold < 1n ? 1n : state.threshold);
  const owners = freshAddresses(count, input.random).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const stateDiff: Record<string, string> = {};
  const ownersSlot = hexToBytes(word(SAFE_OWNERS_SLOT).slice(2));
  const approvedSlot = hexToBytes(word(SAFE_APPROVED_HASHES_SLOT).slice(2));
  for (const owner of owners) {
    stateDiff[hexWord(mappingSlot(addressBytes(owner), ownersSlot))] = word(BigInt(SENTINEL_OWNERS));
    stateDiff[hexWord(mappingSlot(safeTxHash, mappingSlot(addressBytes(owner), approvedSlot)))] = word(1n);
  }
  const notes = [`${count} owner${count === 1 ? '' : 's'} injected for the simulation only (as many as the threshold of ${state.threshold}), each pre-approving this safeTxHash; the threshold and owner list are unchanged.`];
  if (tx.nonce !== state.nonce) {
    stateDiff[word(SAFE_NONCE_SLOT)] = word(tx.nonce);
    notes.push(`The Safe's nonce set from ${state.nonce} to ${tx.nonce}, the draft's, as if the transactions before it had run.`);
  }
  const override: StateOverride = { [safe]: { stateDiff } };
  let guardStandIn: Address | null = null;
  if (state.guard !== ZERO_ADDRESS) {
    guardStandIn = freshAddresses(1, input.random)[0]!;
    stateDiff[SAFE_GUARD_SLOT] = word(BigInt(guardStandIn));
    override[guardStandIn] = { code: STOP_CODE };
    notes.push(`The Safe's guard ${state.guard} replaced for the simulation by a stand-in that approves every transaction.`);
  }
  const signatures = concatBytes(...owners.map((owner) => concatBytes(leftPad(addressBytes(owner)), new Uint8Array(32), Uint8Array.of(1))));
  return {
    call: { from: owners[0]!, to: safe, data: toHex(encodeExecTransaction(tx, signatures)), gas: `0x${SAFE_SIMULATION_GAS.toString(16)}` },
    stateOverride: override,
    notes,
    artefacts: guardStandIn ? [...owners, guardStandIn] : owners,
    guardStandIn,
  };
}

function freshAddresses(count: number, random: (length: number) => Uint8Array): Address[] {
  return Array.from({ length: count }, () => toChecksumAddress(random(20)));
}

function leftPad(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  out.set(bytes.subarray(Math.max(0, bytes.length - 32)), 32 - Math.min(32, bytes.length));
  return out;
}

function hexWord(bytes: Uint8Array): string {
  return toHex(bytes);
}
