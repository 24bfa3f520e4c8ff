// The contract-call action of a draft: the function from a human-readable signature or ABI JSON, and its
// JSON arguments (strings, booleans, lists) read into ABI values by the function's parameter types.
import { fromHex } from '../bytes';
import { isAirlockError } from '../errors';
import { encodeFunctionCall, parseAbiJson, parseFunction, type AbiFunction, type AbiValue } from '../evm/abi';
import { draftInvalid, parseUint } from './input';

export type ArgJson = string | boolean | ArgJson[];

export interface ContractCallSpec {
  signature?: string | undefined;
  abi?: unknown[] | undefined;
  function?: string | undefined;
  args: ArgJson[];
}

/** The function a contract-call names and its calldata; errors name `field` (e.g. "actions[0]"). */
export function encodeContractCall(spec: ContractCallSpec, field: string): { fn: AbiFunction; data: Uint8Array } {
  const fn = spec.signature !== undefined ? fromSignature(spec.signature, field) : fromAbi(spec.abi ?? [], spec.function ?? '', field);
  if (spec.args.length !== fn.inputs.length) {
    throw draftInvalid(`In the draft description, ${field}.args has ${spec.args.length} value${spec.args.length === 1 ? '' : 's'}, but ${fn.signature} takes ${fn.inputs.length}.`);
  }
  const values = fn.inputs.map((p, i) => argValue(p.type, spec.args[i]!, `${field}.args[${i}]${p.name ? ` (${p.name})` : ''}`));
  try {
    return { fn, data: encodeFunctionCall(fn.signature, values) };
  } catch (error) {
    if (isAirlockError(error)) throw draftInvalid(`In the draft description, ${field}.args do not fit ${fn.signature}: ${error.message}`);
    throw error;
  }
}

function fromSignature(signature: string, field: string): AbiFunction {
  try {
    return parseFunction(signature);
  } catch (error) {
    if (isAirlockError(error)) throw draftInvalid(`In the draft description, ${field}.signature is not a function signature Airlock can read: ${error.message}`);
    throw error;
  }
}

function fromAbi(abi: unknown[], name: string, field: string): AbiFunction {
  let functions: AbiFunction[];
  try {
    functions = parseAbiJson(abi);
  } catch (error) {
    if (isAirlockError(error)) throw draftInvalid(`In the draft description, ${field}.abi is not ABI JSON Airlock can read: ${error.message}`);
    throw error;
  }
  const wanted = name.replace(/\s+/g, '');
  const matches = functions.filter((f) => f.name === wanted || f.signature === wanted);
  if (matches.length === 0) {
    throw draftInvalid(`In the draft description, ${field}.function "${name.slice(0, 60)}" is not a function of the given ABI (it has ${functions.map((f) => f.name).slice(0, 10).join(', ') || 'none'}).`);
  }
  if (matches.length > 1) {
    throw draftInvalid(`In the draft description, ${field}.function "${name.slice(0, 60)}" is overloaded; name one of ${matches.map((f) => f.signature).join(', ')}.`);
  }
  return matches[0]!;
}

/** One JSON argument as the ABI value of a canonical type ("uint256", "bytes32", "(address,uint256)[]"). */
function argValue(type: string, value: ArgJson, field: string): AbiValue {
  const array = /^(.*)\[(\d*)\]$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) throw argInvalid(field, type, 'a list');
    if (array[2] !== '' && value.length !== Number(array[2])) throw argInvalid(field, type, `a list of exactly ${array[2]} values`);
    return value.map((v, i) => argValue(array[1]!, v, `${field}[${i}]`));
  }
  if (type.startsWith('(')) {
    const components = splitTuple(type);
    if (!Array.isArray(value) || value.length !== components.length) throw argInvalid(field, type, `a list of ${components.length} values`);
    return components.map((t, i) => argValue(t, value[i]!, `${field}[${i}]`));
  }
  if (type === 'bool') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw argInvalid(field, type, 'true or false');
  }
  if (typeof value !== 'string') throw argInvalid(field, type, 'a string');
  if (/^u?int\d*$/.test(type)) {
    const text = value.trim();
    const negative = text.startsWith('-') && type.startsWith('int');
    const digits = negative ? text.slice(1) : text;
    const magnitude = parseUint(digits);
    if (magnitude === null) throw argInvalid(field, type, 'a whole number as a decimal string (or 0x hex)');
    return negative ? -magnitude : magnitude;
  }
  if (type === 'bytes' || /^bytes\d+$/.test(type)) {
    if (!/^0x([0-9a-fA-F]{2})*$/.test(value)) throw argInvalid(field, type, '0x followed by hex digits, two per byte');
    return fromHex(value);
  }
  return value; // address (checked by the encoder) and string
}

/** The component types of a canonical tuple type "(a,(b,c)[],d)". */
function splitTuple(type: string): string[] {
  const inner = type.slice(1, -1);
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  if (inner.length > 0) parts.push(inner.slice(start));
  return parts;
}

function argInvalid(field: string, type: string, expected: string) {
  return draftInvalid(`In the draft description, ${field} must be ${expected} for a ${type} parameter.`);
}
