// The functions Airlock can name in a review, by selector: ERC-20, Safe owner and configuration calls,
// MultiSend, pause switches, TimelockController and AccessControl. Anything else is shown as raw data.
import { toHex } from '../bytes';
import { AirlockError } from '../errors';
import { abiValueToJson, decodeFunctionCall, parseFunction, type AbiFunction, type AbiJson, type AbiValue } from './abi';

export interface KnownFunction {
  name: string;
  /** Canonical signature, e.g. "transfer(address,uint256)". */
  signature: string;
  /** 0x + 8 hex digits. */
  selector: string;
  /** Where the function comes from, for the reviewer: "ERC-20", "Safe", "TimelockController", ... */
  standard: string;
  params: ReadonlyArray<{ name: string; type: string }>;
}

export interface KnownCall {
  name: string;
  signature: string;
  params: Array<{ name: string; type: string; value: AbiValue }>;
}

const DEFINITIONS: ReadonlyArray<readonly [standard: string, signature: string]> = [
  ['ERC-20', 'transfer(address to, uint256 amount)'],
  ['ERC-20', 'approve(address spender, uint256 amount)'],
  ['ERC-20', 'transferFrom(address from, address to, uint256 amount)'],
  ['ERC-20', 'increaseAllowance(address spender, uint256 addedValue)'],
  ['ERC-721/1155', 'setApprovalForAll(address operator, bool approved)'],
  [
    'Safe',
    'execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, ' +
      'uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)',
  ],
  ['Safe', 'addOwnerWithThreshold(address owner, uint256 _threshold)'],
  ['Safe', 'removeOwner(address prevOwner, address owner, uint256 _threshold)'],
  ['Safe', 'swapOwner(address prevOwner, address oldOwner, address newOwner)'],
  ['Safe', 'changeThreshold(uint256 _threshold)'],
  ['Safe', 'enableModule(address module)'],
  ['Safe', 'disableModule(address prevModule, address module)'],
  ['Safe', 'setGuard(address guard)'],
  ['Safe', 'setFallbackHandler(address handler)'],
  ['Safe MultiSend', 'multiSend(bytes transactions)'],
  ['Pausable', 'pause()'],
  ['Pausable', 'unpause()'],
  ['TimelockController', 'cancel(bytes32 id)'],
  ['TimelockController', 'schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay)'],
  ['TimelockController', 'execute(address target, uint256 value, bytes payload, bytes32 predecessor, bytes32 salt)'],
  [
    'TimelockController',
    'scheduleBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt, uint256 delay)',
  ],
  ['TimelockController', 'executeBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt)'],
  ['AccessControl', 'grantRole(bytes32 role, address account)'],
  ['AccessControl', 'revokeRole(bytes32 role, address account)'],
  ['AccessControl', 'renounceRole(bytes32 role, address account)'],
];

interface Entry {
  known: KnownFunction;
  fn: AbiFunction;
}

const REGISTRY: ReadonlyMap<string, Entry> = buildRegistry();

function buildRegistry(): Map<string, Entry> {
  const map = new Map<string, Entry>();
  for (const [standard, text] of DEFINITIONS) {
    const fn = parseFunction(text);
    const selector = toHex(fn.selector);
    // Two entries with one selector would make the name shown depend on list order.
    if (map.has(selector)) throw new Error(`known-calls: selector ${selector} of ${fn.signature} is already taken`);
    map.set(selector, {
      fn,
      known: Object.freeze({ name: fn.name, signature: fn.signature, selector, standard, params: Object.freeze([...fn.inputs]) }),
    });
  }
  return map;
}

/** Every function Airlock can name. */
export function knownFunctions(): readonly KnownFunction[] {
  return [...REGISTRY.values()].map((e) => e.known);
}

/** The known function with this selector (4 bytes or "0x" + 8 hex digits), or null. */
export function knownFunctionBySelector(selector: Uint8Array | string): KnownFunction | null {
  const key = typeof selector === 'string' ? selector.toLowerCase() : toHex(selector);
  return REGISTRY.get(key)?.known ?? null;
}

/**
 * Names a call and its arguments. null when the data is empty or its selector is not a known function.
 * A known selector with malformed arguments is `abi-invalid`: such data is suspicious, not merely unknown.
 */
export function decodeKnownCall(data: Uint8Array): KnownCall | null {
  if (!(data instanceof Uint8Array)) throw new TypeError(`expected call data as a Uint8Array, got ${typeof data}`);
  if (data.length < 4) return null;
  const entry = REGISTRY.get(toHex(data.subarray(0, 4)));
  if (!entry) return null;
  let values: AbiValue[];
  try {
    values = decodeFunctionCall(entry.fn.signature, data);
  } catch (error) {
    if (error instanceof AirlockError && error.code === 'abi-invalid') {
      throw new AirlockError('abi-invalid', `The call data names ${entry.fn.signature}, but its arguments are malformed: ${error.message}`);
    }
    throw error;
  }
  return {
    name: entry.fn.name,
    signature: entry.fn.signature,
    params: entry.fn.inputs.map((input, i) => ({ name: input.name, type: input.type, value: values[i]! })),
  };
}

export interface KnownCallJson {
  name: string;
  signature: string;
  params: Array<{ name: string; type: string; value: AbiJson }>;
}

/** A decoded call as JSON for the CLI and the bridge (amounts as decimal strings, bytes as hex). */
export function knownCallJson(call: KnownCall | null): KnownCallJson | null {
  return call && { name: call.name, signature: call.signature, params: call.params.map((p) => ({ name: p.name, type: p.type, value: abiValueToJson(p.value) })) };
}
