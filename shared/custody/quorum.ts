// Quorum arithmetic over SLIP-39 groups: given which holders are present (or verified), how far is
// the vault from being unlockable, in words a key holder reads during an unlock or a drill.

export interface QuorumGroup {
  groupIndex: number;
  name: string;
  memberThreshold: number;
  memberCount: number;
}

export interface GroupProgress {
  groupIndex: number;
  name: string;
  have: number;
  need: number;
  done: boolean;
}

export interface QuorumProgress {
  groups: GroupProgress[];
  groupsDone: number;
  groupThreshold: number;
  complete: boolean;
  /** e.g. "2 of 3 shares, group Board done; 1 more group needed". */
  summary: string;
}

/** `present` lists the group index of each distinct holder present. */
export function quorumProgress(groups: readonly QuorumGroup[], groupThreshold: number, present: readonly number[]): QuorumProgress {
  const progress = groups.map((g) => {
    const have = present.filter((index) => index === g.groupIndex).length;
    return { groupIndex: g.groupIndex, name: g.name, have, need: g.memberThreshold, done: have >= g.memberThreshold };
  });
  const groupsDone = progress.filter((g) => g.done).length;
  const complete = groupsDone >= groupThreshold;
  return { groups: progress, groupsDone, groupThreshold, complete, summary: summarize(progress, groupsDone, groupThreshold, complete) };
}

function summarize(groups: readonly GroupProgress[], groupsDone: number, groupThreshold: number, complete: boolean): string {
  if (groups.length === 1) {
    const g = groups[0]!;
    return complete ? `${g.have} of ${g.need} shares: quorum reached` : `${g.have} of ${g.need} shares`;
  }
  const parts = groups.map((g) => (g.done ? `group ${g.name} done` : `group ${g.name}: ${g.have} of ${g.need}`));
  const tail = complete
    ? 'quorum reached'
    : `${groupThreshold - groupsDone} more group${groupThreshold - groupsDone === 1 ? '' : 's'} needed (${groupsDone} of ${groupThreshold} done)`;
  return `${parts.join(', ')}; ${tail}`;
}
