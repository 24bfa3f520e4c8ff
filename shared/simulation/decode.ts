// Names for what a simulated transaction emits and why one reverts: the events and errors of the contracts a treasury
// acts on (ERC-20/721, Pausable, AccessControl, Ownable, ERC-1967 proxies, TimelockController, Safe), decoded from
// their topics and data. Anything else is named by its selector or topic, never guessed.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, toHex, utf8ToBytes } from '../bytes';
import { decodeParameters, type AbiValue } from '../evm/abi';

type Param = readonly [type: string, name: string, indexed: boolean];
type Definition = readonly [name: string, params: readonly Param[]];

const i = (type: string, name: string): Param => [type, name, true];
const d = (type: string, name: string): Param => [type, name, false];

// Some events exist with different indexed parameters (ERC-20 vs ERC-721 Transfer, Safe 1.3 vs 1.4 AddedOwner):
// both are listed and the one whose topic count matches is used.
const EVENTS: readonly Definition[] = [
  ['Transfer', [i('address', 'from'), i('address', 'to'), d('uint256', 'value')]],
  ['Transfer', [i('address', 'from'), i('address', 'to'), i('uint256', 'tokenId')]],
  ['Approval', [i('address', 'owner'), i('address', 'spender'), d('uint256', 'value')]],
  ['Approval', [i('address', 'owner'), i('address', 'approved'), i('uint256', 'tokenId')]],
  ['ApprovalForAll', [i('address', 'owner'), i('address', 'operator'), d('bool', 'approved')]],
  ['Paused', [d('address', 'account')]],
  ['Unpaused', [d('address', 'account')]],
  ['RoleGranted', [i('bytes32', 'role'), i('address', 'account'), i('address', 'sender')]],
  ['RoleRevoked', [i('bytes32', 'role'), i('address', 'account'), i('address', 'sender')]],
  ['OwnershipTransferred', [i('address', 'previousOwner'), i('address', 'newOwner')]],
  ['Upgraded', [i('address', 'implementation')]],
  ['BeaconUpgraded', [i('address', 'beacon')]],
  ['AdminChanged', [d('address', 'previousAdmin'), d('address', 'newAdmin')]],
  ['Cancelled', [i('bytes32', 'id')]],
  ['ExecutionSuccess', [i('bytes32', 'txHash'), d('uint256', 'payment')]],
  ['ExecutionSuccess', [d('bytes32', 'txHash'), d('uint256', 'payment')]],
  ['ExecutionFailure', [i('bytes32', 'txHash'), d('uint256', 'payment')]],
  ['ExecutionFailure', [d('bytes32', 'txHash'), d('uint256', 'payment')]],
  ['ExecutionFromModuleSuccess', [i('address', 'module')]],
  ['ExecutionFromModuleFailure', [i('address', 'module')]],
  ['SignMsg', [i('bytes32', 'msgHash')]],
  ['AddedOwner', [i('address', 'owner')]],
  ['AddedOwner', [d('address', 'owner')]],
  ['RemovedOwner', [i('address', 'owner')]],
  ['RemovedOwner', [d('address', 'owner')]],
  ['ChangedThreshold', [d('uint256', 'threshold')]],
  ['EnabledModule', [i('address', 'module')]],
  ['EnabledModule', [d('address', 'module')]],
  ['DisabledModule', [i('address', 'module')]],
  ['DisabledModule', [d('address', 'module')]],
  ['ChangedGuard', [i('address', 'guard')]],
  ['ChangedGuard', [d('address', 'guard')]],
  ['ChangedFallbackHandler', [i('address', 'handler')]],
  ['ChangedFallbackHandler', [d('address', 'handler')]],
  ['SafeReceived', [i('address', 'sender'), d('uint256', 'value')]],
  ['ApproveHash', [i('bytes32', 'approvedHash'), i('address', 'owner')]],
];

const ERRORS: readonly Definition[] = [
  ['Error', [d('string', 'message')]],
  ['Panic', [d('uint256', 'code')]],
  ['EnforcedPause', []],
  ['ExpectedPause', []],
  ['AccessControlUnauthorizedAccount', [d('address', 'account'), d('bytes32', 'neededRole')]],
  ['AccessControlBadConfirmation', []],
  ['OwnableUnauthorizedAccount', [d('address', 'account')]],
  ['ERC20InsufficientBalance', [d('address', 'sender'), d('uint256', 'balance'), d('uint256', 'needed')]],
  ['ERC20InsufficientAllowance', [d('address', 'spender'), d('uint256', 'allowance'), d('uint256', 'needed')]],
  ['TimelockUnexpectedOperationState', [d('bytes32', 'operationId'), d('bytes32', 'expectedStates')]],
];

const signature = ([name, params]: Definition) => `${name}(${params.map(([type]) => type).join(',')})`;
const EVENT_BY_TOPIC = groupBy(EVENTS, (def) => toHex(keccak_256(utf8ToBytes(signature(def)))));
const ERROR_BY_SELECTOR = groupBy(ERRORS, (def) => toHex(keccak_256(utf8ToBytes(signature(def))).subarray(0, 4)));

export interface DecodedEvent {
  /** The event's name, or "unknown" when its topic is not one Airlock knows. */
  name: string;
  /** "name=value, …" for people; the raw topic for an unknown event. */
  args: string;
  values: Record<string, AbiValue>;
}

/** Names and decodes one log by its first topic and its topic count. */
export function decodeEvent(topics: readonly Uint8Array[], data: Uint8Array): DecodedEvent {
  const topic = topics[0] ? toHex(topics[0]) : '';
  for (const def of EVENT_BY_TOPIC.get(topic) ?? []) {
    const [name, params] = def;
    if (params.filter(([, , indexed]) => indexed).length !== topics.length - 1) continue;
    const values = decodeParams(params, topics.slice(1), data);
    if (values) return { name, args: argsText(params, values), values };
  }
  return { name: 'unknown', args: topic ? `topic ${topic}` : 'no topic', values: {} };
}

/** Why a call reverted, from its return data: "GS013", "EnforcedPause()", "Panic(0x11)", or the bare selector. */
export function decodeRevert(data: Uint8Array): string {
  if (data.length === 0) return 'no reason given';
  if (data.length < 4) return `return data 0x${bytesToHex(data)}`;
  const selector = toHex(data.subarray(0, 4));
  for (const def of ERROR_BY_SELECTOR.get(selector) ?? []) {
    const [name, params] = def;
    const values = decodeParams(params, [], data.subarray(4));
    if (!values) continue;
    if (name === 'Error') return String(values.message).slice(0, 300);
    if (name === 'Panic') return `Panic(0x${(values.code as bigint).toString(16)})`;
    return `${name}(${argsText(params, values)})`;
  }
  return `custom error ${selector}`;
}

function decodeParams(params: readonly Param[], topics: readonly Uint8Array[], data: Uint8Array): Record<string, AbiValue> | null {
  try {
    const unindexed = params.filter(([, , indexed]) => !indexed);
    const fromData = decodeParameters(unindexed.map(([type]) => type), data);
    const values: Record<string, AbiValue> = {};
    let topic = 0;
    let word = 0;
    for (const [type, name, indexed] of params) values[name] = indexed ? decodeParameters([type], topics[topic++]!)[0]! : fromData[word++]!;
    return values;
  } catch {
    return null;
  }
}

function argsText(params: readonly Param[], values: Record<string, AbiValue>): string {
  return params.map(([, name]) => `${name}=${valueText(values[name]!)}`).join(', ');
}

/** A decoded value as text: addresses as the decoder gives them (EIP-55), bytes as hex, numbers in decimal. */
export function valueText(value: AbiValue): string {
  if (value instanceof Uint8Array) return toHex(value);
  if (Array.isArray(value)) return `[${value.map(valueText).join(', ')}]`;
  return String(value);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
