// One draft's full review, read-only: what is signed (fingerprint words and digest), the Safe hashes as a hardware
// wallet shows them, the executor, every action, the decoded call tree, the transaction fields and the warnings.
import type { DraftJson } from '../../shared/bridge';
import { el, type Child } from '../app/dom';
import { formatUtc } from '../app/format';
import { callTree, callTreeOf } from './CallTree';
import { formatWithRaw, type EvmUnit } from '../../shared/evm/units';
import { hexBlocks } from '../ui/HexBlocks';
import { ownershipChangePart } from './OwnershipChange';
import { simulationSection } from './SimulationReport';
import { warningList } from './WarningList';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined);
/** "0.5 ETH (500000000000000000 wei)", "30 gwei (30000000000 wei)": a wei amount for people, the raw integer beside. */
export const nativeText = (v: unknown, unit: EvmUnit): string => {
  const text = str(v);
  return text && /^[0-9]{1,78}$/.test(text) ? formatWithRaw(BigInt(text), unit) : (text ?? '');
};

export const KIND_LABELS: Readonly<Record<DraftJson['kind'], string>> = { eoa: 'Account transaction', safe: 'Safe transaction' };
export const STATUS_LABELS: Readonly<Record<DraftJson['status'], string>> = { draft: 'Not signed', signed: 'Signed', discarded: 'Discarded' };

export function draftReview(draft: DraftJson): HTMLElement {
  const review = draft.review;
  return el('article', { className: 'draft-review', testid: 'draft-review', attrs: { 'data-draft': String(draft.id), 'data-kind': draft.kind } }, [
    el('header', { className: 'draft-review-head' }, [
      el('h2', { className: 'draft-review-title', testid: 'review-title' }, [draft.title]),
      el('p', { className: 'draft-badges' }, [
        el('span', { className: 'badge', testid: 'review-kind' }, [KIND_LABELS[draft.kind]]),
        draft.purpose === 'rehearsal' ? el('span', { className: 'badge badge-rehearsal', testid: 'review-rehearsal' }, ['Rehearsal — never broadcast']) : null,
        el('span', { className: `badge badge-status-${draft.status}`, testid: 'review-status' }, [STATUS_LABELS[draft.status]]),
        el('span', { className: 'muted' }, [`Draft ${draft.id} · chain ${draft.chainId} · built ${formatUtc(draft.createdAt)}`]),
      ]),
    ]),
    signedPart(draft, review),
    section('Who sends it', 'review-executor', executorPart(draft.input.executor)),
    section('Actions', 'review-actions', actionsPart(draft, review)),
    ownershipChangePart(review.ownership),
    transactionPart(review),
    safeTxPart(review.safeTx, 'Safe transaction (as the owners sign it)', 'review-safe-tx'),
    section('Decoded calls', 'review-calls', callsPart(review)),
    safeExecPart(review.safeExec),
    simulationSection(draft),
    section('Warnings', 'review-warnings', [warningList(draft.warnings, draft.blocking)]),
    el('details', { className: 'draft-review-json', testid: 'review-json' }, [
      el('summary', {}, ['Everything in the review (JSON)']),
      el('pre', { className: 'draft-review-pre' }, [JSON.stringify(review, null, 2)]),
    ]),
  ]);
}

export function section(title: string, testid: string, children: readonly Child[]): HTMLElement {
  return el('section', { className: 'draft-review-section', testid }, [el('h3', { className: 'draft-review-section-title' }, [title]), ...children]);
}

/** Fingerprint and digest first: the same words are on every screen that carries this draft. */
function signedPart(draft: DraftJson, review: Json): HTMLElement {
  const rows: Array<[string, string, string]> =
    draft.kind === 'safe'
      ? [
          ['Domain hash', 'review-domain-hash', str(review.domainHash) ?? ''],
          ['Message hash', 'review-message-hash', str(review.messageHash) ?? ''],
          ['safeTxHash', 'review-safe-tx-hash', str(review.safeTxHash) ?? draft.digest],
        ]
      : [['Signing hash', 'review-signing-hash', str(review.signingHash) ?? draft.digest]];
  return el('section', { className: 'draft-signed-what', testid: 'review-what-is-signed' }, [
    el('h3', { className: 'draft-review-section-title' }, ['What is signed']),
    el('p', { className: 'draft-fingerprint' }, [
      el('span', { className: 'draft-fingerprint-label' }, ['Fingerprint ']),
      el('strong', { testid: 'review-fingerprint' }, [draft.fingerprint]),
    ]),
    el(
      'dl',
      { className: 'hash-list' },
      rows.filter(([, , value]) => value).flatMap(([label, testid, value]) => [el('dt', {}, [label]), el('dd', {}, [hexBlocks(value, testid)])]),
    ),
    draft.kind === 'safe'
      ? el('p', { className: 'field-hint' }, ['Compare these with what the hardware wallet or safe-tx-hashes-util shows, block by block, before any owner signs.'])
      : el('p', { className: 'field-hint' }, ['The digest the vault signs; the same digest must be on screen when you press Sign.']),
  ]);
}

function executorPart(executor: unknown): Child[] {
  if (!isObject(executor)) return [el('p', { className: 'muted' }, ['Not recorded.'])];
  const rows: Array<[string, Child]> = [];
  if (executor.kind === 'safe') {
    const owners = Array.isArray(executor.owners) ? executor.owners.map(String) : [];
    rows.push(
      ['Safe', el('code', { testid: 'review-safe' }, [str(executor.safe) ?? ''])],
      ['Version', str(executor.version) ?? ''],
      ['Threshold', `${str(executor.threshold) ?? '?'} of ${owners.length} owners`],
      ['Owners', el('ol', { className: 'owner-list', testid: 'review-owners' }, owners.map((o) => el('li', {}, [el('code', {}, [o])])))],
      ['Safe nonce', str(executor.nonce) ?? ''],
    );
  } else {
    rows.push(['Account', el('code', { testid: 'review-from' }, [str(executor.from) ?? ''])], ['Nonce', str(executor.nonce) ?? '']);
  }
  return [definitionList(rows)];
}

function actionsPart(draft: DraftJson, review: Json): Child[] {
  const actions = Array.isArray(review.actions) ? review.actions : Array.isArray(draft.input.actions) ? draft.input.actions : [];
  return [
    el(
      'ol',
      { className: 'action-list', testid: 'review-action-list' },
      actions.map((a) =>
        el('li', { className: 'action-item', testid: 'review-action' }, [
          isObject(a) ? (str(a.description) ?? str(a.type) ?? '') : String(a),
          isObject(a) && str(a.type) ? el('span', { className: 'action-type' }, [` (${str(a.type)})`]) : null,
        ]),
      ),
    ),
  ];
}

export function transactionPart(review: Json, testid = 'review-transaction'): Child {
  const tx = review.transaction ?? review.transactionJson;
  if (!isObject(tx)) return null;
  const fees = isObject(tx.fees) ? tx.fees : tx;
  const gwei = (v: unknown) => nativeText(v, 'gwei');
  const rows: Array<[string, Child]> = [
    ['Type', str(tx.type) ?? ''],
    ['Chain id', str(tx.chainId) ?? ''],
    ['Nonce', str(tx.nonce) ?? ''],
    ['To', el('code', {}, [str(tx.to) ?? '(contract creation)'])],
    ['Value', el('span', { testid: `${testid}-value` }, [nativeText(tx.value, 'eth')])],
    ['Gas limit', str(fees.gasLimit) ?? ''],
  ];
  if (fees.maxFeePerGas !== undefined) rows.push(['Max fee per gas', el('span', { testid: `${testid}-max-fee` }, [gwei(fees.maxFeePerGas)])], ['Priority fee per gas', gwei(fees.maxPriorityFeePerGas)]);
  if (fees.gasPrice !== undefined) rows.push(['Gas price', gwei(fees.gasPrice)]);
  if (str(review.maxGasCost)) rows.push(['Most the gas can cost', nativeText(review.maxGasCost, 'eth')]);
  return section('Transaction', testid, [definitionList(rows)]);
}

/** The SafeTx fields a hardware wallet lists: operation, gas fields and refund fields included, never hidden. */
export function safeTxPart(safeTx: unknown, title: string, testid: string): Child {
  if (!isObject(safeTx)) return null;
  const code = (v: unknown) => el('code', {}, [str(v) ?? '']);
  const op = safeTx.operation === 1 || safeTx.operation === '1' ? '1 (DELEGATECALL)' : '0 (CALL)';
  return section(title, testid, [
    definitionList([
      ['To', code(safeTx.to)],
      ['Value', el('span', { testid: `${testid}-value` }, [nativeText(safeTx.value, 'eth')])],
      ['Operation', el('strong', { testid: 'review-safe-operation' }, [op])],
      ['safeTxGas', code(safeTx.safeTxGas)],
      ['baseGas', code(safeTx.baseGas)],
      ['gasPrice', code(safeTx.gasPrice)],
      ['gasToken', code(safeTx.gasToken)],
      ['refundReceiver', code(safeTx.refundReceiver)],
      ['Nonce', code(safeTx.nonce)],
      ['Data', el('code', { className: 'raw-data-hex' }, [str(safeTx.data) ?? '0x'])],
    ]),
  ]);
}

/** An account executing a Safe transaction: the Safe transaction it carries, decoded like any other. */
function safeExecPart(exec: unknown): Child {
  if (!isObject(exec)) return null;
  const root = isObject(exec.calls) ? exec.calls : null;
  return el('div', { className: 'draft-safe-exec', testid: 'review-safe-exec' }, [
    safeTxPart(exec.safeTx, `Safe transaction executed on ${str(exec.safe) ?? 'the Safe'}`, 'review-safe-exec-tx'),
    ownershipChangePart(exec.ownership),
    root ? section('Calls inside the Safe transaction', 'review-safe-exec-calls', [callTree(root)]) : null,
  ]);
}

function callsPart(review: Json): Child[] {
  const root = callTreeOf(review);
  return root ? [callTree(root)] : [el('p', { className: 'muted' }, ['No call tree in this review.'])];
}

function definitionList(rows: ReadonlyArray<[string, Child]>): HTMLElement {
  return el('dl', { className: 'fact-list' }, rows.flatMap(([label, value]) => [el('dt', {}, [label]), el('dd', {}, [value])]));
}

