// How drill figures read on screen and on paper: durations ("1.4 s", "3 min 5 s"), RTO against its target, and RPO
// (per chain for a runbook over several chains).
import { formatAge } from '../snapshots/SnapshotFormat';

/** "0 ms", "850 ms", "1.4 s", "3 min 5 s", "45 min", "2 h 10 min". */
export function formatDuration(ms: number): string {
  const v = Math.max(0, Math.round(ms));
  if (v < 1000) return `${v} ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(1)} s`;
  const s = Math.floor(v / 1000);
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** "1.4 s, within the 30 min 0 s target" / "… over the … target". */
export function rtoSentence(rtoMs: number, targetMs: number): string {
  return `${formatDuration(rtoMs)}, ${rtoMs <= targetMs ? 'within' : 'over'} the ${formatDuration(targetMs)} target`;
}

interface RpoFigures {
  rpoSeconds: number | null;
  snapshotId: number | null;
  chains?: ReadonlyArray<{ chainId: string; snapshotId: number | null; rpoSeconds: number | null }> | undefined;
}

/**
 * "snapshot 3 was 2 h 0 min old"; over several chains the drill's RPO (its stalest chain) first, then each chain's, so
 * the figure is never read as the first chain's alone.
 */
export function rpoSentence(drill: RpoFigures): string {
  const chains = drill.chains ?? [];
  if (chains.length < 2) return drill.rpoSeconds === null ? 'no snapshot was imported' : `snapshot ${drill.snapshotId ?? ''} was ${formatAge(drill.rpoSeconds)} old`;
  const each = chains.map((c) => (c.rpoSeconds === null ? `chain ${c.chainId}: no snapshot` : `chain ${c.chainId}: snapshot ${c.snapshotId ?? ''}, ${formatAge(c.rpoSeconds)} old`));
  return `${drill.rpoSeconds === null ? 'a chain has no snapshot' : `${formatAge(drill.rpoSeconds)} (the stalest chain)`}; ${each.join('; ')}`;
}
