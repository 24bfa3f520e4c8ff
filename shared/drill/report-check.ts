// The last check of a rebuild from the cards alone (no backup survived): every account the last drill report lists
// must be registered again at the same path with the same address, and the vault's audit checkpoint key (derived
// from the same seed) must be the one the drill's proof carries. Pure: the caller passes the report and the vault.
import { z } from 'zod';
import { AirlockError } from '../errors';
import { isDrillStatementV2, parseDrillStatement } from './proof';

const reportSchema = z.object({
  accounts: z.array(z.object({ path: z.string().max(80), address: z.string().max(64), label: z.string().max(200).optional() }).passthrough()).min(1).max(1000),
  proof: z.object({ statement: z.string().max(8000) }).passthrough().nullable().optional(),
}).passthrough();

export interface ReportComparison {
  /** Every reported account is registered with the same address, and the checkpoint keys agree where both exist. */
  matches: boolean;
  accounts: Array<{ path: string; label: string; reported: string; registered: string | null; match: boolean }>;
  /** Registered accounts the report does not list (neither wrong nor proven). */
  extra: Array<{ path: string; address: string }>;
  checkpointKey: { reported: string; vault: string | null; match: boolean } | null;
  summary: string;
}

/** `report`: a drill's result as `drill run` or `drill history` prints it (from a drill that recorded accounts). */
export function compareWithReport(report: unknown, vault: { accounts: ReadonlyArray<{ path: string; address: string }>; checkpointKey: string | null }): ReportComparison {
  const parsed = reportSchema.safeParse(report);
  if (!parsed.success) {
    throw new AirlockError('drill-report-invalid', 'This is not a drill report with its accounts: give the JSON `airlock drill run` printed (or one entry of `drill history`) from a drill that lists "accounts".');
  }
  const registered = new Map(vault.accounts.map((a) => [a.path, a.address]));
  const accounts = parsed.data.accounts.map((a) => {
    const mine = registered.get(a.path) ?? null;
    return { path: a.path, label: a.label ?? '', reported: a.address, registered: mine, match: mine !== null && mine.toLowerCase() === a.address.toLowerCase() };
  });
  const reportedPaths = new Set(accounts.map((a) => a.path));
  const extra = vault.accounts.filter((a) => !reportedPaths.has(a.path)).map((a) => ({ path: a.path, address: a.address }));
  const checkpointKey = reportedKey(parsed.data.proof?.statement, vault.checkpointKey);
  const wrong = accounts.filter((a) => !a.match);
  const matches = wrong.length === 0 && (checkpointKey?.match ?? true);
  const summary = matches
    ? `All ${accounts.length} account${accounts.length === 1 ? '' : 's'} of the drill report derive again to the same addresses${checkpointKey ? ', and the audit checkpoint key is the one the drill signed with' : ''}: the cards rebuilt the same key.`
    : wrong.length > 0
      ? `${wrong.length} of ${accounts.length} accounts do not match the drill report (${wrong.map((a) => a.path).join(', ')}): ${wrong.some((a) => a.registered === null) ? 'register every account the report lists, at the same path; ' : ''}addresses that differ mean these cards rebuild another key.`
      : 'The addresses match, but the audit checkpoint key is not the one on the drill report: these cards rebuild another seed.';
  return { matches, accounts, extra, checkpointKey, summary };
}

function reportedKey(statement: string | undefined, vaultKey: string | null): ReportComparison['checkpointKey'] {
  if (!statement) return null;
  let parsed;
  try {
    parsed = parseDrillStatement(statement);
  } catch {
    return null;
  }
  if (!isDrillStatementV2(parsed)) return null;
  return { reported: parsed.checkpointKey, vault: vaultKey, match: vaultKey !== null && vaultKey.toLowerCase() === parsed.checkpointKey };
}
