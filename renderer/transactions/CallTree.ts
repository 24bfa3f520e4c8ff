// A decoded call tree as the review shows it: each call's operation (CALL or DELEGATECALL, never hidden), target,
// value and decoded function with its arguments; raw data when the function is unknown; MultiSend batches nested.
import { el, type Child } from '../app/dom';
import { formatWithRaw } from '../../shared/evm/units';
import { rawData } from '../ui/HexBlocks';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** The root call of a review: a call tree when the review has one, else one call built from the transaction. */
export function callTreeOf(review: Json): Json | null {
  for (const key of ['calls', 'callTree', 'safeTx']) {
    const node = review[key];
    if (isObject(node) && 'to' in node) return node;
  }
  const tx = review.transaction;
  if (isObject(tx) && 'to' in tx) return { operation: 0, to: tx.to, value: tx.value, data: tx.data, method: review.call ?? review.decoded ?? null };
  return null;
}

export function callTree(root: Json): HTMLElement {
  return el('ol', { className: 'call-tree', testid: 'call-tree' }, [callItem(root, 0)]);
}

function operationOf(node: Json): 'CALL' | 'DELEGATECALL' {
  const op = node.operation;
  return op === 1 || op === '1' || (typeof op === 'string' && /delegate/i.test(op)) ? 'DELEGATECALL' : 'CALL';
}

function methodOf(node: Json): Json | null {
  for (const key of ['method', 'call', 'decoded', 'function']) {
    const m = node[key];
    if (isObject(m) && typeof m.name === 'string') return m;
  }
  return null;
}

function childrenOf(node: Json): Json[] | null {
  for (const key of ['calls', 'children', 'batch']) {
    const c = node[key];
    if (Array.isArray(c)) return c.filter(isObject);
  }
  return null;
}

function libraryOf(node: Json): string | null {
  const lib = node.library;
  if (typeof lib === 'string') return lib;
  if (isObject(lib)) return [str(lib.contract) ?? str(lib.name), str(lib.version)].filter(Boolean).join(' ');
  return null;
}

function callItem(node: Json, depth: number): HTMLElement {
  const operation = operationOf(node);
  const method = methodOf(node);
  const children = childrenOf(node);
  const value = str(node.value) ?? '0';
  const data = str(node.data) ?? '0x';
  const library = libraryOf(node);
  const path = str(node.path);
  const header: Child[] = [
    el('span', { className: `call-op call-op-${operation.toLowerCase()}`, testid: 'call-operation' }, [operation]),
    path ? el('span', { className: 'call-path' }, [`#${path}`]) : null,
    el('span', { className: 'call-to-label' }, ['to']),
    el('code', { className: 'call-to', testid: 'call-to' }, [str(node.to) ?? '(none)']),
    library ? el('span', { className: 'call-library', testid: 'call-library' }, [library]) : null,
  ];
  const body: Child[] = [];
  if (str(node.description)) body.push(el('p', { className: 'call-description' }, [str(node.description)!]));
  const valueText = str(node.valueText) ? `${str(node.valueText)} (${value} wei)` : /^[0-9]{1,78}$/.test(value) ? formatWithRaw(BigInt(value), 'eth') : value;
  if (value !== '0') body.push(el('p', { className: 'call-value', testid: 'call-value' }, [`Value: ${valueText}`]));
  const token = isObject(node.token) ? node.token : null;
  if (token) {
    const amount = str(token.units) ? `${str(token.units)} ${str(token.symbol) ?? ''}`.trim() : `${str(token.amount)} raw units (token decimals unknown)`;
    body.push(el('p', { className: 'call-token', testid: 'call-token' }, [`Token amount: ${amount}`, str(token.units) ? ` (${str(token.amount)} raw units)` : '']));
  }
  if (method) body.push(methodBlock(method, children !== null && children.length > 0));
  else if (data !== '0x' && data !== '') {
    body.push(el('p', { className: 'call-unknown', testid: 'call-unknown' }, ['Unknown function: check the raw call data below byte by byte.']), rawData(data));
  } else body.push(el('p', { className: 'call-plain muted' }, ['No call data: a plain transfer.']));
  if (str(node.malformed)) body.push(el('p', { className: 'call-malformed' }, [`Arguments do not decode: ${str(node.malformed)}`]));
  if (str(node.batchProblem)) body.push(el('p', { className: 'call-malformed' }, [`Batch not decoded: ${str(node.batchProblem)}`]));
  if (children && children.length) {
    body.push(
      el('p', { className: 'call-batch-label' }, [`Batch of ${children.length} ${children.length === 1 ? 'call' : 'calls'}:`]),
      el('ol', { className: 'call-tree call-tree-nested' }, children.map((c) => callItem(c, depth + 1))),
    );
  }
  return el('li', { className: 'call', testid: 'call', attrs: { 'data-depth': String(depth), 'data-operation': operation } }, [
    el('div', { className: 'call-header' }, header),
    el('div', { className: 'call-body' }, body),
  ]);
}

/** The function and its arguments; a batch's packed bytes fold away, since its calls are decoded below. */
function methodBlock(method: Json, isBatch: boolean): HTMLElement {
  const params = Array.isArray(method.params) ? method.params.filter(isObject) : [];
  const list = params.length ? paramList(params) : null;
  return el('div', { className: 'call-method', testid: 'call-method' }, [
    el('code', { className: 'call-signature', testid: 'call-signature' }, [str(method.signature) ?? str(method.name) ?? '']),
    isBatch && list ? el('details', { className: 'call-batch-bytes' }, [el('summary', {}, ['Packed batch bytes']), list]) : list,
  ]);
}

function paramList(params: readonly Json[]): HTMLElement {
  return el(
    'dl',
    { className: 'call-params' },
    params.flatMap((p) => [
      el('dt', {}, [`${str(p.name) || '(unnamed)'} `, el('span', { className: 'call-param-type' }, [str(p.type) ?? ''])]),
      el('dd', {}, [jsonValue(p.value)]),
    ]),
  );
}

/** An argument value: strings in monospace (addresses, amounts, bytes), arrays and tuples as lists. */
export function jsonValue(value: unknown): HTMLElement {
  if (Array.isArray(value)) return el('ol', { className: 'json-list' }, value.map((v) => el('li', {}, [jsonValue(v)])));
  if (isObject(value)) {
    return el('dl', { className: 'json-object' }, Object.entries(value).flatMap(([k, v]) => [el('dt', {}, [k]), el('dd', {}, [jsonValue(v)])]));
  }
  return el('code', { className: 'json-scalar' }, [value === null || value === undefined ? '—' : String(value)]);
}
