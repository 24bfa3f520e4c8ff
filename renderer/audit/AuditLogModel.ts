// The Audit log view's state apart from its DOM: what a verdict says to the holders (intact, or damaged at which entry,
// with what to do), what the signed checkpoints vouch for (SECURITY H-25), and which page of entries to ask for next.
import type { AuditEntryView, AuditVerification, Mode } from '../../shared/bridge';
import { countOf, shortHash } from '../app/format';

export const AUDIT_PAGE_SIZE = 100;

/** What the verdict panel shows: its state, summary line and the sentences under it. */
export type VerdictView =
  | { state: 'intact'; summary: string; headHash: string; checkpoints: string; note: string | null }
  | {
      state: 'damaged';
      summary: string;
      message: string;
      advice: string;
      code: string;
      row: number;
      /** How many entries before the damaged one check out ('' when none). */
      before: string;
      checkpoints: string;
      note: string | null;
    };

/** What the holders must not do until someone has found out who changed the log and why. */
export function damagedAdvice(mode: Mode): string {
  return mode === 'vault'
    ? 'Sign nothing with this vault until the holders have found out who changed it and why.'
    : 'Broadcast nothing from this relay until the holders have found out who changed it and why.';
}

export function verdictView(verdict: AuditVerification, mode: Mode): VerdictView {
  const checkpoints = checkpointSentence(verdict.checkpoints);
  if (verdict.valid || !verdict.problem) {
    return {
      state: 'intact',
      summary: `Audit log intact: ${countOf(verdict.count, 'entry', 'entries')}, head ${shortHash(verdict.headHash)}`,
      headHash: verdict.headHash,
      checkpoints,
      note: verdict.note,
    };
  }
  const { code, row, message } = verdict.problem;
  return {
    state: 'damaged',
    summary: `Audit log damaged at entry ${row}`,
    message,
    advice: damagedAdvice(mode),
    code,
    row,
    before: verdict.count === 0 ? '' : verdict.count === 1 ? 'entry 1 before it checks out' : `entries 1 to ${verdict.count} before it check out`,
    checkpoints,
    note: verdict.note,
  };
}

/** SECURITY(H-25): what the vault's signed checkpoints vouch for, and what only the hash chain protects. */
export function checkpointSentence({ stored, verified, latest, keyWords }: AuditVerification['checkpoints']): string {
  return latest
    ? `Signed checkpoints: ${verified} of ${stored} check out; the latest (#${latest.number}) seals entries 1 to ${latest.last}. Checkpoint key words: ${keyWords ?? '—'}.`
    : `No signed checkpoint seals this log${stored > 0 ? ` (${stored} stored, none checks out)` : ''}.`;
}

/** Pages through the log newest first: the first page, then older ones from the oldest entry shown. */
export class AuditPager {
  private oldestSeq: number | undefined;

  constructor(private readonly pageSize = AUDIT_PAGE_SIZE) {}

  /** The audit.list request for the first page (`older` false) or the page before the oldest entry shown. */
  request(older: boolean): { limit: number; beforeSeq?: number } {
    return older && this.oldestSeq !== undefined ? { limit: this.pageSize, beforeSeq: this.oldestSeq } : { limit: this.pageSize };
  }

  /** Takes a page as it came back; whether older entries may remain (so "Show older entries" is offered). */
  took(entries: readonly AuditEntryView[]): { olderRemain: boolean } {
    this.oldestSeq = entries.at(-1)?.seq ?? this.oldestSeq;
    return { olderRemain: entries.length >= this.pageSize && this.oldestSeq !== 1 };
  }
}
