// What a snapshot says against the other snapshots of its chain, as warnings a key holder reads before relying
// on it: endpoints that disagreed, a snapshot older than the newest one, a Safe whose configuration changed (the
// trace a Bybit-style takeover leaves), and nonces — one that went down (impossible on an honest chain short of a
// reorganisation) or went up (transactions the holders may not have sent).
import type { SnapshotBody, SnapshotSafe } from './schema';

export type SnapshotWarningSeverity = 'critical' | 'medium';

export interface SnapshotWarning {
  code: string;
  severity: SnapshotWarningSeverity;
  message: string;
}

/** Warnings for which an import is refused unless the person explicitly acknowledges them (audited). */
export const SNAPSHOT_ACKNOWLEDGEMENTS = ['snapshot-older-than-latest', 'snapshot-nonce-decreased'] as const;
export type SnapshotAcknowledgement = (typeof SNAPSHOT_ACKNOWLEDGEMENTS)[number];

export function isSnapshotAcknowledgement(code: string): code is SnapshotAcknowledgement {
  return (SNAPSHOT_ACKNOWLEDGEMENTS as readonly string[]).includes(code);
}

/** The snapshots of the same chain a new one is weighed against (the vault picks them among the verified ones). */
export interface ChainNeighbours {
  /** The newest snapshot of the chain (highest block). */
  newest: SnapshotBody | null;
  /** The newest one at or below the new snapshot's block: what changed since then. */
  before: SnapshotBody | null;
  /** The oldest one above the new snapshot's block (only for an older snapshot): nonces may not fall after it. */
  after: SnapshotBody | null;
}

/** Every warning for `next` against its chain's other snapshots. */
export function compareSnapshots(next: SnapshotBody, around: ChainNeighbours): SnapshotWarning[] {
  const warnings = endpointWarnings(next);
  if (around.newest && BigInt(next.blockNumber) < BigInt(around.newest.blockNumber)) {
    warnings.push({
      code: 'snapshot-older-than-latest',
      severity: 'medium',
      message: `This snapshot (block ${next.blockNumber}) is older than the newest one of chain ${next.chainId} already in the vault (block ${around.newest.blockNumber}): nonces, balances and Safes may have moved since.`,
    });
  }
  if (around.before) warnings.push(...changesBetween(around.before, next));
  if (around.after) warnings.push(...changesBetween(next, around.after).filter((w) => w.code === 'snapshot-nonce-decreased'));
  return warnings;
}

function endpointWarnings(next: SnapshotBody): SnapshotWarning[] {
  const { disagreements } = next.crossCheck;
  if (disagreements.length === 0) return [];
  const paths = disagreements.slice(0, 5).map((d) => d.path).join(', ');
  return [
    {
      code: 'snapshot-endpoints-disagree',
      severity: 'critical',
      message: `The relay's RPC endpoints disagreed on ${disagreements.length} value(s) (${paths}${disagreements.length > 5 ? ', …' : ''}). One of them is wrong or lying; check them before you rely on this snapshot.`,
    },
  ];
}

/** What changed from `earlier` to `later` (at a higher or the same block). */
function changesBetween(earlier: SnapshotBody, later: SnapshotBody): SnapshotWarning[] {
  const span = { from: earlier.blockNumber, to: later.blockNumber };
  const accounts = new Map(earlier.accounts.map((a) => [a.address, a]));
  const safes = new Map(earlier.safes.map((s) => [s.address, s]));
  const warnings: SnapshotWarning[] = [];
  for (const account of later.accounts) {
    const old = accounts.get(account.address);
    if (old) warnings.push(...nonceChange('account', account.address, old.nonce, account.nonce, span));
  }
  for (const safe of later.safes) {
    const old = safes.get(safe.address);
    if (old) warnings.push(...safeChanges(old, safe, span), ...nonceChange('safe', safe.address, old.nonce, safe.nonce, span));
  }
  return warnings;
}

interface Span {
  from: string;
  to: string;
}

function nonceChange(kind: 'account' | 'safe', address: string, was: string, now: string, span: Span): SnapshotWarning[] {
  const before = BigInt(was);
  const after = BigInt(now);
  const what = kind === 'account' ? `account ${address}` : `Safe ${address}`;
  if (after < before) {
    return [
      {
        code: 'snapshot-nonce-decreased',
        severity: 'critical',
        message: `The nonce of the ${what} went down from ${was} at block ${span.from} to ${now} at block ${span.to}. A nonce never goes down on an honest chain short of a reorganisation: one of these snapshots does not show the real chain. Check the relay's endpoints before you rely on it.`,
      },
    ];
  }
  if (after === before) return [];
  const count = after - before;
  const sent = kind === 'account' ? `sent ${count} transaction(s)` : `executed ${count} Safe transaction(s)`;
  const who = kind === 'account' ? 'sent them' : 'approved them';
  return [
    {
      code: kind === 'account' ? 'account-nonce-increased' : 'safe-nonce-increased',
      severity: 'medium',
      message: `The ${what} ${sent} between block ${span.from} and block ${span.to} (nonce ${was} → ${now}). If none of you ${who}, investigate before you sign anything for it.`,
    },
  ];
}

const WATCHED: { field: keyof SnapshotSafe; code: string; what: string }[] = [
  { field: 'implementation', code: 'safe-implementation-changed', what: 'implementation (storage slot 0, the code every call runs)' },
  { field: 'owners', code: 'safe-owners-changed', what: 'owners' },
  { field: 'threshold', code: 'safe-threshold-changed', what: 'threshold' },
  { field: 'modules', code: 'safe-modules-changed', what: 'modules (modules can move funds without owner signatures)' },
  { field: 'guard', code: 'safe-guard-changed', what: 'transaction guard' },
  { field: 'fallbackHandler', code: 'safe-fallback-handler-changed', what: 'fallback handler' },
];

function safeChanges(old: SnapshotSafe, now: SnapshotSafe, span: Span): SnapshotWarning[] {
  const show = (v: SnapshotSafe[keyof SnapshotSafe]) => (Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : v);
  return WATCHED.filter(({ field }) => JSON.stringify(old[field]) !== JSON.stringify(now[field])).map(({ field, code, what }) => ({
    code,
    severity: 'critical' as const,
    message: `The Safe ${now.address} changed its ${what} between block ${span.from} and block ${span.to}: was ${show(old[field])}, is now ${show(now[field])}. If no one of you made this change, the Safe may be taken over: stop and investigate before signing anything for it.`,
  }));
}
