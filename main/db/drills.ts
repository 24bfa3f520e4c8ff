// SQL for drills: the vault's drill policy, its stored runbooks and every drill's result. Nothing else in the
// app writes these tables.
import { AirlockError } from '../../shared/errors';
import { DEFAULT_POLICY, type DrillPolicy } from '../../shared/drill/coverage';
import type { Db } from './connection';

export function readPolicy(db: Db, vaultId: string): DrillPolicy {
  const row = db.prepare('SELECT drill_interval_days, share_check_interval_days, max_snapshot_age_hours FROM drill_policy WHERE vault_id = ?').get(vaultId) as
    | { drill_interval_days: number; share_check_interval_days: number; max_snapshot_age_hours: number }
    | undefined;
  if (!row) return DEFAULT_POLICY;
  return { drillIntervalDays: row.drill_interval_days, shareCheckIntervalDays: row.share_check_interval_days, maxSnapshotAgeHours: row.max_snapshot_age_hours };
}

export function writePolicy(db: Db, vaultId: string, policy: DrillPolicy, at: number): void {
  const result = db
    .prepare(
      `INSERT INTO drill_policy (vault_id, drill_interval_days, share_check_interval_days, max_snapshot_age_hours, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (vault_id) DO UPDATE SET drill_interval_days = excluded.drill_interval_days, share_check_interval_days = excluded.share_check_interval_days,
         max_snapshot_age_hours = excluded.max_snapshot_age_hours, updated_at = excluded.updated_at`,
    )
    .run(vaultId, policy.drillIntervalDays, policy.shareCheckIntervalDays, policy.maxSnapshotAgeHours, at);
  if (result.changes !== 1) throw new AirlockError('internal', 'The drill policy was not stored.');
}

export interface RunbookRecord {
  name: string;
  definitionJson: string;
  builtin: boolean;
  updatedAt: number;
}

export function listRunbooks(db: Db, vaultId: string): RunbookRecord[] {
  const rows = db.prepare('SELECT name, definition_json, builtin, updated_at FROM runbook WHERE vault_id = ? ORDER BY id').all(vaultId) as Array<{
    name: string;
    definition_json: string;
    builtin: number;
    updated_at: number;
  }>;
  return rows.map((r) => ({ name: r.name, definitionJson: r.definition_json, builtin: r.builtin === 1, updatedAt: r.updated_at }));
}

export function upsertRunbook(db: Db, vaultId: string, name: string, definitionJson: string, builtin: boolean, at: number): void {
  const result = db
    .prepare(
      `INSERT INTO runbook (vault_id, name, definition_json, builtin, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (vault_id, name) DO UPDATE SET definition_json = excluded.definition_json, updated_at = excluded.updated_at`,
    )
    .run(vaultId, name, definitionJson, builtin ? 1 : 0, at);
  if (result.changes !== 1) throw new AirlockError('internal', `The runbook ${name} was not stored.`);
}

export interface DrillRecord {
  id: number;
  runbook: string;
  startedAt: number;
  finishedAt: number;
  passed: boolean;
  rtoMs: number;
  rpoSeconds: number | null;
  resultJson: string;
}

/** The number the next stored drill gets: a drill's proof names it before the drill is stored. */
export function nextDrillId(db: Db): number {
  return (db.prepare('SELECT COALESCE(MAX(id), 0) + 1 AS id FROM drill').get() as { id: number }).id;
}

/** Stores a drill under `id` when given (the number its proof names), else under the next number. */
export function insertDrill(db: Db, vaultId: string, drill: Omit<DrillRecord, 'id'> & { id?: number }): number {
  const result = db
    .prepare('INSERT INTO drill (id, vault_id, runbook, started_at, finished_at, passed, rto_ms, rpo_seconds, result_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(drill.id ?? null, vaultId, drill.runbook, drill.startedAt, drill.finishedAt, drill.passed ? 1 : 0, drill.rtoMs, drill.rpoSeconds, drill.resultJson);
  if (result.changes !== 1) throw new AirlockError('internal', 'The drill result was not stored.');
  return Number(result.lastInsertRowid);
}

export function listDrills(db: Db, vaultId: string, limit = 100): DrillRecord[] {
  const rows = db
    .prepare('SELECT id, runbook, started_at, finished_at, passed, rto_ms, rpo_seconds, result_json FROM drill WHERE vault_id = ? ORDER BY id DESC LIMIT ?')
    .all(vaultId, limit) as Array<{ id: number; runbook: string; started_at: number; finished_at: number; passed: number; rto_ms: number; rpo_seconds: number | null; result_json: string }>;
  return rows.map((r) => ({
    id: r.id,
    runbook: r.runbook,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    passed: r.passed === 1,
    rtoMs: r.rto_ms,
    rpoSeconds: r.rpo_seconds,
    resultJson: r.result_json,
  }));
}

/** The last drill that passed: what the policy's drill interval counts from. */
export function lastPassedDrillAt(db: Db, vaultId: string): number | null {
  const row = db.prepare('SELECT MAX(finished_at) AS at FROM drill WHERE vault_id = ? AND passed = 1').get(vaultId) as { at: number | null };
  return row.at;
}
