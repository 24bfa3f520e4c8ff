// The audit log checked against its signed checkpoints (SECURITY H-25). The hash chain (chain.ts) finds careless
// edits; the checkpoints (checkpoint.ts) find careful ones — an entry rewritten with every later hash and the head
// recomputed, entries reordered, the tail cut and the head moved back — up to the latest checkpoint. Entries after
// it are only as strong as the chain, and the verdict says so (`uncheckpointedFrom`).
import { bytesToHex, toHex } from '../bytes';
import { constantTimeEqual } from '../crypto/secret';
import { verifyChain, type AuditProblem, type ChainRow, type ChainVerdict } from './chain';
import { checkpointHead, checkpointKeyWords, coveredHash, verifyCheckpoints, type CheckpointRecord, type CheckpointsVerdict } from './checkpoint';

export interface HistoryInput {
  rows: Iterable<ChainRow>;
  head: { count: number; hash: Uint8Array } | null;
  /** The vault that signs the checkpoints; null for a database without one (a relay): nothing is checkpointed there. */
  vaultId: string | null;
  checkpoints: readonly CheckpointRecord[];
  storedKey: Uint8Array | null;
  /** A key known from outside the file (a drill report): the checkpoints must verify under it, whatever is stored. */
  givenKey?: Uint8Array | undefined;
  /** False at unlock: the latest signature vouches for the earlier ones through their links (one verification). */
  everySignature: boolean;
}

export interface CheckpointSummary {
  /** Checkpoints stored in the file. */
  stored: number;
  /** Of them, how many (from the first) are authentic under `key`. */
  verified: number;
  /** The key they were checked against, 0x hex, and its four fingerprint words. */
  key: string | null;
  keyWords: string | null;
  keySource: 'stored' | 'given' | null;
  /** The key stored in the file (differs from `key` only when another one was given and the file's was replaced). */
  storedKey: string | null;
  /** The latest authentic checkpoint: its number, the last entry it seals and that entry's hash. */
  latest: { number: number; last: number; headHash: string } | null;
}

export interface HistoryVerdict extends ChainVerdict {
  checkpoints: CheckpointSummary;
  /** The first entry no authentic checkpoint covers (null when all are covered). */
  uncheckpointedFrom: number | null;
  /** A sentence on what protects the uncovered entries, or null. */
  note: string | null;
}

export function verifyHistory(input: HistoryInput): HistoryVerdict {
  const key = input.givenKey ?? input.storedKey;
  const keyReplaced = !!input.givenKey && !!input.storedKey && !constantTimeEqual(input.givenKey, input.storedKey);
  const checked: CheckpointsVerdict =
    input.vaultId !== null && key
      ? verifyCheckpoints(input.vaultId, input.checkpoints, key, { everySignature: input.everySignature, keyReplaced })
      : { trusted: 0, problem: null };
  const trusted = input.checkpoints.slice(0, checked.trusted);
  const walk = walkRows(input.rows, input.head, trusted);
  const problem = earliest([checked.problem, keyProblem(input, keyReplaced), walk.problem]);
  const latest = trusted.at(-1) ?? null;
  const covered = latest?.last ?? 0;
  const uncheckpointedFrom = walk.chain.count > covered ? covered + 1 : null;
  return {
    valid: problem === null,
    count: walk.chain.count,
    headHash: walk.chain.headHash,
    problem,
    checkpoints: {
      stored: input.checkpoints.length,
      verified: trusted.length,
      key: key ? toHex(key) : null,
      keyWords: key ? checkpointKeyWords(key) : null,
      keySource: input.givenKey ? 'given' : input.storedKey ? 'stored' : null,
      storedKey: input.storedKey ? toHex(input.storedKey) : null,
      latest: latest ? { number: latest.number, last: latest.last, headHash: bytesToHex(checkpointHead(latest)) } : null,
    },
    uncheckpointedFrom,
    note: uncheckpointedFrom === null ? null : uncoveredNote(input.vaultId !== null, uncheckpointedFrom, walk.chain.count),
  };
}

function keyProblem(input: HistoryInput, keyReplaced: boolean): AuditProblem | null {
  if (input.vaultId === null) return null;
  const firstRow = input.checkpoints[0]?.first ?? 1;
  if (keyReplaced) {
    return {
      code: 'audit-checkpoint-key-mismatch',
      row: firstRow,
      message: `The checkpoint key stored in this file (${checkpointKeyWords(input.storedKey!)}) is not the one you gave (${checkpointKeyWords(input.givenKey!)}): it was replaced.`,
    };
  }
  if (!input.storedKey && (input.givenKey || input.checkpoints.length > 0)) {
    return {
      code: 'audit-checkpoint-key-missing',
      row: firstRow,
      message: 'This file holds no checkpoint key although the vault signed its history: the key was removed, so nothing in the log can be checked against the vault’s signature.',
    };
  }
  return null;
}

/** Walks the rows once: the chain as before, and every entry a trusted checkpoint covers must have the hash it signed. */
function walkRows(rows: Iterable<ChainRow>, head: HistoryInput['head'], trusted: readonly CheckpointRecord[]): { chain: ChainVerdict; problem: AuditProblem | null } {
  const found: { seq?: number; checkpoint?: number } = {};
  function* compared(): Generator<ChainRow> {
    let index = 0;
    for (const row of rows) {
      while (index < trusted.length && trusted[index]!.last < row.seq) index++;
      const checkpoint = trusted[index];
      if (checkpoint && checkpoint.first <= row.seq && !constantTimeEqual(coveredHash(checkpoint, row.seq), row.hash)) {
        found.seq = row.seq;
        found.checkpoint = checkpoint.number;
        return;
      }
      yield row;
    }
  }
  const chain = verifyChain(compared(), head);
  if (found.seq !== undefined) {
    return {
      chain,
      problem: {
        code: 'audit-entry-rewritten',
        row: found.seq,
        message: `Audit entry ${found.seq} is not the entry signed checkpoint ${found.checkpoint} sealed: the log was rewritten from entry ${found.seq} on, its hashes recomputed to hide it.`,
      },
    };
  }
  const sealedTo = trusted.at(-1)?.last ?? 0;
  if (chain.valid && chain.count < sealedTo) {
    return {
      chain,
      problem: {
        code: 'audit-checkpointed-entries-missing',
        row: chain.count + 1,
        message: `The audit log ends at entry ${chain.count}, but signed checkpoint ${trusted.at(-1)!.number} sealed entries up to ${sealedTo}: entries ${chain.count + 1} to ${sealedTo} were deleted, or this is an older copy of the file.`,
      },
    };
  }
  return { chain, problem: chain.problem };
}

/** The problem at the earliest entry; on a tie, the one listed first. */
function earliest(problems: ReadonlyArray<AuditProblem | null>): AuditProblem | null {
  let best: AuditProblem | null = null;
  for (const problem of problems) if (problem && (!best || problem.row < best.row)) best = problem;
  return best;
}

function uncoveredNote(hasVault: boolean, from: number, count: number): string {
  const [range, them] = from === count ? [`Entry ${from} is`, 'it'] : [`Entries ${from} to ${count} are`, 'them'];
  return hasVault
    ? `${range} after the latest signed checkpoint: only the hash chain protects ${them}, and anyone with the file can recompute it. The next unlock, signature or drill seals ${them}.`
    : `${range} protected only by the hash chain (a database without a vault signs no checkpoints): anyone with the file can recompute it.`;
}
