// A Safe's owners and threshold before and after a Safe transaction: its owner calls (addOwnerWithThreshold,
// removeOwner, swapOwner, changeThreshold, MultiSend batches too) replayed from the calldata in execution order, as the
// Safe's OwnerManager applies them, from the owners and threshold the snapshot shows. A call the Safe would revert is
// named and changes nothing, so the review never shows an "after" the chain would not reach.
import type { AbiValue } from '../evm/abi';
import type { Address } from '../evm/address';
import { SENTINEL_OWNERS, ZERO_ADDRESS } from '../evm/safe';
import { walk, type CallNode } from './risk';

export interface SafeOwnershipChange {
  owners: { before: Address[]; after: Address[] };
  threshold: { before: number; after: number };
  /** Each owner call in execution order, in words ("Call 2 of the batch: swapOwner replaces 0x… with 0x…"). */
  steps: string[];
  /** Owner calls the Safe would revert (then nothing changes on chain). */
  problems: string[];
}

interface OwnerState {
  owners: Address[];
  threshold: number;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** null when the transaction makes no owner call on `safe`; otherwise the owners and threshold before and after. */
export function safeOwnershipChange(root: CallNode, safe: Address, owners: readonly Address[], threshold: number): SafeOwnershipChange | null {
  const state: OwnerState = { owners: [...owners], threshold };
  const steps: string[] = [];
  const problems: string[] = [];
  walk(root, (node) => {
    if (node.operation !== 0 || !same(node.to, safe) || !node.method) return;
    const at = node.path === '' ? 'The transaction' : `Call ${node.path} of the batch`;
    const args = node.method.params.map((p) => p.value);
    const outcome = applyOwnerCall(state, node.method.name, args);
    if (outcome === null) return;
    if (outcome.problem) problems.push(`${at}: ${node.method.name} would revert: ${outcome.problem}`);
    else steps.push(`${at}: ${outcome.step}`);
  });
  if (steps.length === 0 && problems.length === 0) return null;
  return { owners: { before: [...owners], after: state.owners }, threshold: { before: threshold, after: state.threshold }, steps, problems };
}

type Outcome = { step: string; problem?: undefined } | { problem: string; step?: undefined } | null;

/** Applies one call to the state (unchanged when the Safe would revert); null when it is no owner call. */
function applyOwnerCall(state: OwnerState, name: string, args: AbiValue[]): Outcome {
  switch (name) {
    case 'addOwnerWithThreshold':
      return addOwner(state, String(args[0]), Number(args[1]));
    case 'removeOwner':
      return removeOwner(state, String(args[0]), String(args[1]), Number(args[2]));
    case 'swapOwner':
      return swapOwner(state, String(args[0]), String(args[1]), String(args[2]));
    case 'changeThreshold':
      return changeThreshold(state, Number(args[0]), state.owners.length);
    default:
      return null;
  }
}

function addOwner(state: OwnerState, owner: string, threshold: number): Outcome {
  if (same(owner, ZERO_ADDRESS) || same(owner, SENTINEL_OWNERS)) return { problem: `${owner} cannot be an owner.` };
  if (indexOf(state, owner) >= 0) return { problem: `${owner} is already an owner.` };
  const check = changeThreshold(state, threshold, state.owners.length + 1, true);
  if (check?.problem) return check;
  // OwnerManager links a new owner at the head: getOwners() lists it first.
  state.owners.unshift(owner as Address);
  state.threshold = threshold;
  return { step: `addOwnerWithThreshold adds ${owner} and sets the threshold to ${threshold}` };
}

function removeOwner(state: OwnerState, prevOwner: string, owner: string, threshold: number): Outcome {
  const link = linkProblem(state, prevOwner, owner);
  if (link) return { problem: link };
  const check = changeThreshold(state, threshold, state.owners.length - 1, true);
  if (check?.problem) return check;
  state.owners.splice(indexOf(state, owner), 1);
  state.threshold = threshold;
  return { step: `removeOwner removes ${owner} and sets the threshold to ${threshold}` };
}

function swapOwner(state: OwnerState, prevOwner: string, oldOwner: string, newOwner: string): Outcome {
  if (same(newOwner, ZERO_ADDRESS) || same(newOwner, SENTINEL_OWNERS)) return { problem: `${newOwner} cannot be an owner.` };
  if (indexOf(state, newOwner) >= 0) return { problem: `${newOwner} is already an owner.` };
  const link = linkProblem(state, prevOwner, oldOwner);
  if (link) return { problem: link };
  state.owners[indexOf(state, oldOwner)] = newOwner as Address;
  return { step: `swapOwner replaces ${oldOwner} with ${newOwner}; the threshold stays ${state.threshold}` };
}

/** With `check`, only validates a threshold for `ownerCount` owners (the caller applies it). */
function changeThreshold(state: OwnerState, threshold: number, ownerCount: number, check = false): Outcome {
  if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > ownerCount) {
    return { problem: `a threshold of ${threshold} is impossible with ${ownerCount} owner(s).` };
  }
  if (check) return null;
  state.threshold = threshold;
  return { step: `changeThreshold sets the threshold to ${threshold}` };
}

/** Why the Safe would refuse `prevOwner` as the owner before `owner` in its linked list; null when it is. */
function linkProblem(state: OwnerState, prevOwner: string, owner: string): string | null {
  const at = indexOf(state, owner);
  if (at < 0) return `${owner} is not an owner.`;
  const expected = at === 0 ? SENTINEL_OWNERS : state.owners[at - 1]!;
  return same(prevOwner, expected) ? null : `it names ${prevOwner} as the owner before ${owner}, but the Safe lists ${expected}.`;
}

function indexOf(state: OwnerState, owner: string): number {
  return state.owners.findIndex((o) => same(o, owner));
}
