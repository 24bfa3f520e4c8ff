// Share checks: a holder proves their paper share and their passphrase without rebuilding the secret.
// The typed words are checked (word list, checksum), then matched to this vault's set and to the
// holder's position, then to the stored commitment; separately, the passphrase must still open the
// stored copy. The result, pass or fail, is recorded with the date.
import { AirlockError } from '../../../shared/errors';
import { decodeEnvelope, openWithPassphrase } from '../../../shared/crypto/envelope';
import { constantTimeEqual } from '../../../shared/crypto/secret';
import { decodeShare, identifierWords } from '../../../shared/crypto/slip39';
import { shareAssociatedData, shareCommitment } from '../../../shared/custody/share-binding';
import type { Db } from '../../db/connection';
import { appendAuditEntry } from '../../db/audit';
import { markHolderVerified, readHolders, readShare, requireHolder, requireVault, type HolderRecord, type ShareRecord, type VaultRecord } from '../../db/vault';
import { platformKdf, type Clock } from '../deps';
import { createPassphraseAttempts, type PassphraseAttempt } from './passphrase-attempts';

export interface ShareCheckResult {
  holder: string;
  passed: true;
  checkedAt: number;
  /** What was proven, in order, for the holder to read. */
  checks: string[];
}

export interface ShareCheckService {
  check(holderName: string, words: string, passphrase: string): Promise<ShareCheckResult>;
}

export function createShareCheckService({ db, clock }: { db: Db; clock: Clock }): ShareCheckService {
  const attempts = createPassphraseAttempts({ db, clock });
  return {
    async check(holderName, words, passphrase) {
      const vault = requireVault(db);
      const holder = requireHolder(db, vault.id, holderName);
      const at = clock.now();
      let attempt: PassphraseAttempt | null = null;
      const record = (result: string, code: string | null) =>
        db.transaction(() => {
          if (code === null) markHolderVerified(db, holder.id, at);
          appendAuditEntry(db, { at, actor: 'vault', action: 'share-checked', details: { vault: vault.id, holder: holder.name, result, code } });
          if (attempt && code === null) attempts.succeeded(attempt);
          else if (attempt) attempts.failed(attempt);
        }).immediate();
      try {
        const checks = await runChecks();
        record('passed', null);
        return { holder: holder.name, passed: true, checkedAt: at, checks };
      } catch (error) {
        record('failed', error instanceof AirlockError ? error.code : 'internal');
        throw error instanceof AirlockError && error.code === 'passphrase-wrong' && attempt
          ? new AirlockError('passphrase-wrong', `${error.message}${attempts.waitSentence(attempt)}`, { holder: holder.name })
          : error;
      }

      async function runChecks(): Promise<string[]> {
        const stored = checkPaperShare(db, vault!, holder!, words);
        const place = { vaultId: vault!.id, holderName: holder!.name, groupIndex: holder!.groupIndex, memberIndex: holder!.memberIndex };
        // The words are checked first: wrong words never reach the passphrase, so they do not count as a guess.
        attempt = attempts.begin(vault!.id, holder!);
        const opened = await openWithPassphrase(decodeEnvelope(stored.envelope), passphrase, shareAssociatedData(place), platformKdf);
        opened.fill(0);
        return [
          'every word is in the SLIP-39 word list and the checksum is correct',
          'the share belongs to this vault and to this holder\'s place in the quorum',
          'the words match the share recorded at creation (commitment)',
          'the passphrase still opens the stored copy',
        ];
      }
    },
  };
}

/**
 * Checks a holder's paper share without any secret besides the words: word list and checksum, this vault's set,
 * this holder's place in the quorum, and the commitment stored at creation. Returns the holder's stored share.
 */
export function checkPaperShare(db: Db, vault: VaultRecord, holder: HolderRecord, words: string): ShareRecord {
  const share = decodeShare(words, `${holder.name}'s share`);
  share.value.fill(0);
  if (share.identifier !== vault.slip39Identifier) {
    throw new AirlockError(
      'share-from-another-vault',
      `These words belong to another set of shares (identifier words "${identifierWords(share)}"), not to this vault. ${holder.name} may be holding a card from another vault.`,
    );
  }
  if (share.groupIndex !== holder.groupIndex || share.memberIndex !== holder.memberIndex) {
    const owner = readHolders(db, vault.id).find((h) => h.groupIndex === share.groupIndex && h.memberIndex === share.memberIndex);
    throw new AirlockError(
      'share-wrong-holder',
      owner ? `These words are ${owner.name}'s share, not ${holder.name}'s. Each holder checks their own card.` : `These words are not ${holder.name}'s share.`,
    );
  }
  const stored = readShare(db, holder.id);
  if (!stored) throw new AirlockError('share-missing', `${holder.name}'s share is missing from the database.`);
  if (!constantTimeEqual(shareCommitment(vault.id, words), stored.commitment)) {
    throw new AirlockError(
      'share-commitment-mismatch',
      `The words pass their checksum but are not the share recorded for ${holder.name}. The card may be from before a re-split; do not rely on it.`,
    );
  }
  return stored;
}
