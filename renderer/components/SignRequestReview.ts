// The full review of a scanned ERC-4527 eth-sign-request, as the vault decoded it (sign.review): what kind of
// signature, for which account and chain, the decoded transaction / typed data / message, the hashes that get
// signed, the risk warnings by severity and the request's fingerprint words. Nothing here signs.
import { warningSchema, type ResponseOf } from '../../shared/bridge';
import { el, type Child } from '../app/dom';
import { hexBlocks } from './HexBlocks';
import { warningList } from './WarningList';

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

function decodedBlock(title: string, value: unknown, testid: string): Child {
  if (value === null || value === undefined) return null;
  return el('section', { className: 'sign-review-decoded' }, [
    el('h4', { className: 'draft-review-section-title' }, [title]),
    el('pre', { className: 'sign-review-json', testid }, [typeof value === 'string' ? value : JSON.stringify(value, null, 2)]),
  ]);
}

export function signRequestReview(reply: ResponseOf<'sign.review'>): HTMLElement {
  const review = reply.review;
  const dataType = text(review.dataType);
  const parsed = warningSchema.array().safeParse(review.warnings);
  const warnings = parsed.success ? parsed.data : [];
  const shownHashes = HASHES.filter(([key]) => typeof review[key] === 'string');
  // The digest repeats the signing hash or message hash: shown once.
  const hashes = shownHashes.filter(([key]) => key !== 'digest' || shownHashes.length === 1);
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
    decodedBlock('Transaction', review.transaction, 'sign-review-transaction'),
    decodedBlock('Decoded call', review.call, 'sign-review-call'),
    decodedBlock('Domain', review.domain, 'sign-review-domain'),
    review.primaryType ? el('p', {}, ['Primary type ', el('code', { testid: 'sign-review-primary-type' }, [text(review.primaryType)])]) : null,
    decodedBlock('Message', review.message, 'sign-review-message'),
    review.message === null ? decodedBlock('Message (bytes, not text)', review.messageHex, 'sign-review-message-hex') : null,
    decodedBlock('Safe transaction', review.safeTx, 'sign-review-safe-tx'),
    el('h4', { className: 'draft-review-section-title' }, ['Hashes']),
    el(
      'dl',
      { className: 'hash-list', testid: 'sign-review-hashes' },
      hashes.flatMap(([key, label]) => [el('dt', {}, [label]), el('dd', {}, [hexBlocks(String(review[key]), `sign-review-${key}`)])]),
    ),
    el('h4', { className: 'draft-review-section-title' }, ['Warnings']),
    warningList(warnings, []),
    el('p', { className: 'draft-fingerprint' }, [
      el('span', { className: 'draft-fingerprint-label' }, ['Request fingerprint: check these words on the wallet that asked ']),
      el('strong', { testid: 'sign-review-fingerprint' }, [reply.fingerprint]),
    ]),
  ]);
}
