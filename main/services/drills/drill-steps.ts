// Two steps of a full drill, apart from its timing and reporting: every participant's share presented on its own (so
// each failed share is named), and the proof of control signed over the version 3 statement (SECURITY H-25).
import { toHex } from '../../../shared/bytes';
import { checkpointPublicKey } from '../../../shared/audit/checkpoint';
import { formatDrillStatement, signDrillStatement, type DrillProof, type DrillStatementV3 } from '../../../shared/drill/proof';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import { parseAddress } from '../../../shared/evm/address';
import { deriveAccountKey } from '../../../shared/evm/hd';
import type { Db } from '../../db/connection';
import { readHead } from '../../db/audit';
import type { AccountRecord } from '../../db/vault';
import type { UnlockService } from '../custody/unlock';

type Holders = ReadonlyArray<{ name: string; passphrase: string } | { name: string; words: string }>;

/**
 * Refusals that are about the machine, the vault or the request, not about a holder's share: a name that is no holder
 * of this vault must not be signed into the proof as a "failed share".
 */
const NOT_A_SHARE_FAILURE = new Set(['vault-online', 'vault-already-unlocked', 'vault-missing', 'holder-unknown', 'holder-already-present']);

/** Carries a machine-wide refusal past `step` (which records only AirlockErrors), so it is recorded once, as the unlock's. */
class MachineRefusal {
  constructor(readonly error: AirlockError) {}
}

/**
 * Every participant's share is opened on its own step, so the report (and the proof) names each share that failed, not
 * only the first. A machine-wide refusal (the network is up) stops at once and is returned, to fail the quorum unlock.
 */
export async function presentShares(
  holders: Holders,
  step: (name: string, fn: () => unknown) => Promise<boolean>,
  unlock: UnlockService,
): Promise<{ failedShares: string[]; refusal: AirlockError | null }> {
  const failedShares: string[] = [];
  unlock.lock('explicit');
  try {
    for (const holder of holders) {
      const opened = await step(`share of ${holder.name}`, async () => {
        try {
          if ('words' in holder) unlock.presentWords(holder.name, holder.words);
          else await unlock.present(holder.name, holder.passphrase);
        } catch (error) {
          throw isAirlockError(error) && NOT_A_SHARE_FAILURE.has(error.code) ? new MachineRefusal(error) : error;
        }
      });
      if (!opened) failedShares.push(holder.name);
    }
  } catch (error) {
    if (error instanceof MachineRefusal) return { failedShares, refusal: error.error };
    throw error;
  }
  return { failedShares, refusal: null };
}


/** SECURITY(H-25): the proof (version 3): the audit head now (the drill's end, before lock) and the vault's checkpoint key. */
export function signProof(db: Db, seed: Uint8Array, signer: AccountRecord, statement: Omit<DrillStatementV3, 'auditHead' | 'checkpointKey'>): DrillProof {
  const head = readHead(db);
  if (!head) throw new AirlockError('internal', 'The audit log is empty in the middle of a drill.');
  const text = formatDrillStatement({
    ...statement,
    auditHead: { count: head.count, hash: toHex(head.hash) },
    checkpointKey: toHex(checkpointPublicKey(seed)),
  });
  const { privateKey } = deriveAccountKey(seed, signer.path);
  try {
    return signDrillStatement(text, privateKey, parseAddress(signer.address));
  } finally {
    privateKey.dispose();
  }
}

