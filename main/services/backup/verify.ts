// What "verified" means for a backup's database, after writing, in a drill and before a restore: SQLite's integrity
// check, the audit head its header states, the vault it names, the audit log's hash chain and every signed checkpoint
// under the vault's own key, every registered address derived again, and the row counts of each table.
import { constantTimeEqual } from '../../../shared/crypto/secret';
import { AirlockError } from '../../../shared/errors';
import { deriveAccounts } from '../../../shared/evm/hd';
import { readHead } from '../../db/audit';
import type { Db } from '../../db/connection';
import { integrityProblem, rowCounts } from '../../db/image';
import { readAccounts, readVault } from '../../db/vault';
import { verifyAuditHistory } from '../audit';

export interface ImageExpectations {
  /** The vault the image must hold (null for a relay's database, which holds none). */
  vaultId: string | null;
  auditHead: { count: number; hash: Uint8Array };
  /** SECURITY(H-25): the vault's checkpoint key, from its seed: every checkpoint in the image must verify under it. */
  checkpointKey: Uint8Array | null;
  /** The vault's seed: each registered account must derive to its address again. */
  seed?: Uint8Array;
  /** Rows per table the image must have (tables it has beyond these, from an upgrade, are not compared). */
  rowCounts?: Readonly<Record<string, number>>;
}

export interface ImageVerdict {
  integrity: 'ok';
  auditEntries: number;
  checkpointsVerified: number;
  /** The first entry no checkpoint seals, or null. */
  uncheckpointedFrom: number | null;
  /** Accounts whose address was derived again (0 without a seed). */
  addressesDerived: number;
  rowCounts: Record<string, number>;
}

export function verifyImage(image: Db, expected: ImageExpectations): ImageVerdict {
  const problem = integrityProblem(image);
  if (problem) throw failed(`SQLite's integrity check found "${problem.slice(0, 200)}"`);
  const head = readHead(image);
  if (!head || head.count !== expected.auditHead.count || !constantTimeEqual(head.hash, expected.auditHead.hash)) {
    throw failed(`its audit log ends at entry ${head?.count ?? 0}, not at the entry ${expected.auditHead.count} its header states`);
  }
  const vault = readVault(image);
  if ((vault?.id ?? null) !== expected.vaultId) throw failed('it holds another vault than the one its header names');
  const history = verifyAuditHistory(image, { givenKey: expected.checkpointKey ?? undefined, everySignature: true });
  if (history.problem) throw failed(`its audit log fails at entry ${history.problem.row} (${history.problem.code}): ${history.problem.message}`);
  const addressesDerived = vault && expected.seed ? checkAddresses(image, vault.id, expected.seed) : 0;
  const counts = rowCounts(image);
  for (const [table, count] of Object.entries(expected.rowCounts ?? {})) {
    if (counts[table] !== count) throw failed(`its table ${table} has ${counts[table] ?? 'no'} rows where the vault had ${count}`);
  }
  return {
    integrity: 'ok',
    auditEntries: history.count,
    checkpointsVerified: history.checkpoints.verified,
    uncheckpointedFrom: history.uncheckpointedFrom,
    addressesDerived,
    rowCounts: counts,
  };
}

function checkAddresses(image: Db, vaultId: string, seed: Uint8Array): number {
  const accounts = readAccounts(image, vaultId);
  const derivedAll = deriveAccounts(seed, accounts.map((a) => a.path));
  for (const [i, account] of accounts.entries()) {
    const derived = derivedAll[i]!.address;
    if (derived !== account.address) throw failed(`its account ${account.label} (${account.path}) is registered as ${account.address}, but the key derives ${derived}`);
  }
  return accounts.length;
}

function failed(reason: string): AirlockError {
  return new AirlockError('backup-verification-failed', `The backup does not verify: ${reason}.`, { reason });
}
