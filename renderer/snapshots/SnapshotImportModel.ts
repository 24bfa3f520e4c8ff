// The vault's snapshot import without the DOM: whether the scanned or pasted text is one snapshot or a snapshot set
// (several chains the relay took in one go), the chains the person expects ("1" or "1, 10"), and the request for
// main, which verifies every snapshot of a set and imports all or none, naming the chain it refuses.
import { SNAPSHOT_SET_UR_TYPE } from '../../shared/airgap/airlock-types';
import type { PublicError } from '../../shared/errors';

export type ImportOrder =
  | { kind: 'snapshot'; chainId: string }
  | { kind: 'set'; chainIds: string[] };

const CHAIN = /^[1-9][0-9]{0,30}$/;

/** A set's ur: parts, or JSON whose top level holds "snapshots" (one snapshot's JSON never does). */
export function isSnapshotSetText(text: string): boolean {
  const trimmed = text.trim();
  if (new RegExp(`^ur:${SNAPSHOT_SET_UR_TYPE}/`, 'i').test(trimmed)) return true;
  if (!trimmed.startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && Array.isArray((value as { snapshots?: unknown }).snapshots);
  } catch {
    return false;
  }
}

/** The request the text and the typed chain ids make, or the sentence saying what to fix first. */
export function importOrder(text: string, chainText: string): ImportOrder | { error: PublicError } {
  if (!text.trim()) return { error: { code: 'snapshot-empty', message: 'Paste the snapshot from the relay first.' } };
  const chainIds = chainText.split(/[\s,]+/).filter(Boolean);
  const bad = chainIds.find((c) => !CHAIN.test(c));
  if (chainIds.length === 0 || bad !== undefined) {
    return { error: { code: 'chain-id-invalid', message: 'The chain id is a whole number such as 1 (Ethereum mainnet); for a set, list each chain: 1, 10.' } };
  }
  if (new Set(chainIds).size !== chainIds.length) return { error: { code: 'chain-id-invalid', message: 'A chain id is listed twice: list each chain of the set once.' } };
  if (isSnapshotSetText(text)) return { kind: 'set', chainIds };
  if (chainIds.length > 1) {
    return { error: { code: 'chain-id-invalid', message: `This is one snapshot, not a set: give the one chain id you expect, not ${chainIds.length}.` } };
  }
  return { kind: 'snapshot', chainId: chainIds[0]! };
}

/** "Imported snapshot 3: chain 1, block 100." or, for a set, one line naming every chain and block. */
export function importedSentence(snapshots: readonly { id: number; chainId: string; blockNumber: string; warnings: readonly unknown[] }[]): string {
  const warnings = snapshots.reduce((n, s) => n + s.warnings.length, 0);
  const what =
    snapshots.length === 1
      ? `Imported snapshot ${snapshots[0]!.id}: chain ${snapshots[0]!.chainId}, block ${snapshots[0]!.blockNumber}.`
      : `Imported ${snapshots.length} snapshots in one go: ${snapshots.map((s) => `chain ${s.chainId} at block ${s.blockNumber} (snapshot ${s.id})`).join(', ')}.`;
  return warnings ? `${what} ${warnings} warning(s): read them below before you rely on ${snapshots.length === 1 ? 'it' : 'them'}.` : what;
}
