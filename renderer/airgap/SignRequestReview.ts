// The full review of a scanned ERC-4527 eth-sign-request, as the vault decoded it (sign.review), as clear as a
// draft's: what kind of signature, for which account and chain, the transaction with amounts in ETH beside the raw
// wei, the decoded call tree, a SafeTx read as the Safe reads it (its fields and the hashes a hardware wallet shows),
// the hashes that get signed, the warnings with which ones block, and the request's fingerprint words. Nothing here signs.
import { warningSchema, type ResponseOf } from '../../shared/bridge';
import { el, type Child } from '../app/dom';
import { callTree } from '../transactions/CallTree';
import { safeTxPart, section, transactionPart } from '../transactions/DraftReview';
import { hexBlocks } from '../ui/HexBlocks';
import { warningList } from '../transactions/WarningList';

type Json = Record<string, unknown>;
type Warning = ReturnType<typeof warningSchema.parse>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const DATA_TYPE_LABELS: Readonly<Record<string, string>> = {
  transaction: 'Transaction',
  'legacy-transaction': 'Legacy transaction',
  'typed-transaction': 'Transaction (typed, EIP-2718)',
  'typed-data': 'Typed data (EIP-712)',
  'personal-message': 'Personal message',
};

/** Hash-like fields, in the order shown; each only when the review has it. */
const HASHES: ReadonlyArray<[string, string]> = [
  ['signingHash', 'Signing hash (what the key signs)'],
  ['domainHash', 'EIP-712 domain hash'],
  ['messageHash', 'Message hash'],
  ['digest', 'Digest signed'],
];

const text = (value: unknown): string => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

/** The signing policy's verdict as the review carries it: warnings, the blocking ones, the codes to acknowledge. */
export function policyOf(review: Json): { warnings: Warning[]; blocking: Warning[]; acknowledgementsRequired: string[] } {
  const list = (v: unknown) => {
    const parsed = warningSchema.array().safeParse(v);
    return parsed.success ? parsed.data : [];
  };
  const acks = Array.isArray(review.acknowledgementsRequired) ? review.acknowledgementsRequired.filter((c): c is string => typeof c === 'string') : [];
  // Fail closed: a review whose warnings cannot be read blocks rather than signing unseen.
  const warnings = list(review.warnings);
  const unreadable = Array.isArray(review.warnings) && warnings.length !== review.warnings.length;
  const blocking = unreadable ? [{ code: 'malformed-call', severity: 'critical' as const, message: 'The review\'s warnings could not be read; nothing can be signed.' }] : list(review.blocking);
  return { warnings, blocking, acknowledgementsRequired: acks };
}

function decodedBlock(title: string, value: unknown, testid: string): Child {
  if (value === null || value === undefined) return null;
  return el('section', { className: 'sign-review-decoded' }, [
    el('h4', { className: 'draft-review-section-title' }, [title]),
    el('pre', { className: 'sign-review-json', testid }, [typeof value === 'string' ? value : JSON.stringify(value, null, 2)]),
  ]);
}

/** A SafeTx in typed data: the Safe, how it hashes, its fields, the three hashes and the calls it makes. */
function safePart(safe: unknown): Child {
  if (!isObject(safe)) return null;
  return el('div', { className: 'sign-review-safe', testid: 'sign-review-safe' }, [
    section('Safe transaction', 'sign-review-safe-facts', [
      el('dl', { className: 'fact-list' }, [
        el('dt', {}, ['Safe']),
        el('dd', {}, [el('code', { testid: 'sign-review-safe-address' }, [text(safe.address)])]),
        el('dt', {}, ['Chain']),
        el('dd', {}, [safe.chainInHash === false ? `${text(safe.chainId)} as the request says; not in the hash (a Safe before 1.3.0 signs for every chain)` : text(safe.chainId)]),
        el('dt', {}, ['Hashed as Safe']),
        el('dd', { testid: 'sign-review-safe-hashing' }, [text(safe.hashing)]),
        el('dt', {}, ['Value']),
        el('dd', {}, [`${text(safe.valueText)} (${isObject(safe.safeTx) ? text(safe.safeTx.value) : '?'} wei)`]),
      ]),
    ]),
    safeTxPart(safe.safeTx, 'Safe transaction fields (as the owners sign them)', 'sign-review-safe-tx'),
    section('Safe hashes (compare with the hardware wallet or safe-tx-hashes-util)', 'sign-review-safe-hashes', [
      el(
        'dl',
        { className: 'hash-list' },
        (
          [
            ['Domain hash', 'domainHash'],
            ['Message hash', 'messageHash'],
            ['safeTxHash', 'safeTxHash'],
          ] as const
        ).flatMap(([label, key]) => [el('dt', {}, [label]), el('dd', {}, [hexBlocks(text(safe[key]), `sign-review-safe-${key}`)])]),
      ),
    ]),
    isObject(safe.calls) ? section('Calls the Safe would make', 'sign-review-safe-calls', [callTree(safe.calls)]) : null,
  ]);
}

export function signRequestReview(reply: ResponseOf<'sign.review'>): HTMLElement {
  const review = reply.review;
  const dataType = text(review.dataType);
  const { warnings, blocking } = policyOf(review);
  const shownHashes = HASHES.filter(([key]) => typeof review[key] === 'string');
  // The digest repeats the signing hash or message hash: shown once.
  const hashes = shownHashes.filter(([key]) => key !== 'digest' || shownHashes.length === 1);
  const isTransaction = dataType === 'legacy-transaction' || dataType === 'typed-transaction';
  return el('section', { className: 'sign-review', testid: 'sign-review', attrs: { 'data-data-type': dataType, 'data-request-key': reply.requestKey } }, [
    el('h3', { className: 'draft-review-section-title' }, ['What the other wallet asks this vault to sign']),
    el('dl', { className: 'hash-list' }, [
      el('dt', {}, ['Kind']),
      el('dd', { testid: 'sign-review-kind' }, [DATA_TYPE_LABELS[dataType] ?? dataType]),
      el('dt', {}, ['Account']),
      el('dd', {}, [
        'Key at ',
        el('code', { testid: 'sign-review-path' }, [text(review.path)]),
        // The vault checked the path is one of its registered accounts; an address in the request must match it.
        typeof review.address === 'string' ? [' · ', el('code', { testid: 'sign-review-address' }, [review.address])] : el('span', { className: 'muted', testid: 'sign-review-address' }, [' (the request names no address)']),
      ].flat()),
      el('dt', {}, ['Chain']),
      el('dd', { testid: 'sign-review-chain' }, [text(review.chainId)]),
      el('dt', {}, ['Asked by']),
      el('dd', { testid: 'sign-review-origin' }, [text(review.origin)]),
      el('dt', {}, ['Request id']),
      el('dd', {}, [el('code', { testid: 'sign-review-request-id' }, [text(review.requestId)])]),
    ]),
    isTransaction ? transactionPart(review, 'sign-review-transaction') : null,
    isTransaction ? section('Decoded calls', 'sign-review-calls', [isObject(review.calls) ? callTree(review.calls) : el('p', {}, ['No recipient: a contract creation.'])]) : null,
    safePart(review.safe),
    dataType === 'typed-data' && !isObject(review.safe) ? decodedBlock('Domain', review.domain, 'sign-review-domain') : null,
    review.primaryType ? el('p', {}, ['Primary type ', el('code', { testid: 'sign-review-primary-type' }, [text(review.primaryType)])]) : null,
    dataType === 'typed-data' && !isObject(review.safe) ? decodedBlock('Message', review.message, 'sign-review-message') : null,
    dataType === 'personal-message' ? decodedBlock('Message', review.message, 'sign-review-message') : null,
    dataType === 'personal-message' && review.message === null ? decodedBlock('Message (bytes, not text)', review.messageHex, 'sign-review-message-hex') : null,
    el('h4', { className: 'draft-review-section-title' }, ['Hashes']),
    el(
      'dl',
      { className: 'hash-list', testid: 'sign-review-hashes' },
      hashes.flatMap(([key, label]) => [el('dt', {}, [label]), el('dd', {}, [hexBlocks(String(review[key]), `sign-review-${key}`)])]),
    ),
    el('h4', { className: 'draft-review-section-title' }, ['Warnings']),
    warningList(warnings, blocking),
    el('p', { className: 'draft-fingerprint' }, [
      el('span', { className: 'draft-fingerprint-label' }, ['Request fingerprint: check these words on the wallet that asked ']),
      el('strong', { testid: 'sign-review-fingerprint' }, [reply.fingerprint]),
    ]),
  ]);
}
