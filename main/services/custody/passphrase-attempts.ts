// SECURITY(H-28): passphrase guessing is slowed. One counter per holder, in the database, shared by every path that
// tries a holder's passphrase (unlock, reprint, share check; drills and the CLI through them): the first few wrong
// passphrases cost nothing, so a typo is free; after that each one doubles a wait, up to an hour, during which an
// attempt is refused before any key stretching runs. The right passphrase ends it.
// An attempt counts from the moment it starts, so attempts sent in parallel (two windows, many CLI processes) cannot
// all slip in before the first failure is written. Paper-share words are not counted: a share cannot be guessed, and
// the card is the way back for a holder who forgot their passphrase.
import { AirlockError } from '../../../shared/errors';
import { formatUtc } from '../../../shared/time';
import type { Db } from '../../db/connection';
import { appendAuditEntry } from '../../db/audit';
import { clearPassphraseAttempts, readPassphraseAttempts, writePassphraseAttempts } from '../../db/passphrase-attempts';
import type { HolderRecord } from '../../db/vault';
import type { Clock } from '../deps';

/** Wrong passphrases in a row that cost no wait. */
export const FREE_ATTEMPTS = 3;
export const FIRST_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 3_600_000;

/** The wait after this many wrong passphrases in a row: none, then 30 s, 1 min, 2 min … at most an hour. */
export function delayAfter(failures: number): number {
  if (failures <= FREE_ATTEMPTS) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** Math.min(failures - FREE_ATTEMPTS - 1, 30), MAX_DELAY_MS);
}

/** One attempt under way: what it counted, for settling it afterwards. */
export interface PassphraseAttempt {
  readonly vaultId: string;
  readonly holder: Pick<HolderRecord, 'id' | 'name'>;
  /** Attempts in a row, this one included. */
  readonly failures: number;
  /** When the holder may try again if this attempt turns out wrong. */
  readonly retryAt: number;
}

export interface PassphraseAttempts {
  /** Refuses with `passphrase-attempts-delayed` while the holder waits; otherwise counts this attempt. Call before the KDF. */
  begin(vaultId: string, holder: Pick<HolderRecord, 'id' | 'name'>): PassphraseAttempt;
  /** The passphrase was right: forgets the holder's count. Inside the caller's transaction, with its audit entry. */
  succeeded(attempt: PassphraseAttempt): void;
  /** The attempt did not open the share: audits the wait it starts, if any. Inside the caller's transaction. */
  failed(attempt: PassphraseAttempt): void;
  /** The sentence a refusal adds when this attempt starts a wait ("" when it does not). */
  waitSentence(attempt: PassphraseAttempt): string;
}

export function createPassphraseAttempts({ db, clock }: { db: Db; clock: Clock }): PassphraseAttempts {
  const audit = (action: string, details: Record<string, string | number>) => appendAuditEntry(db, { at: clock.now(), actor: 'vault', action, details });

  function begin(vaultId: string, holder: Pick<HolderRecord, 'id' | 'name'>): PassphraseAttempt {
    const outcome = db.transaction(() => {
      const at = clock.now();
      const row = readPassphraseAttempts(db, holder.id);
      if (row && at < row.retryAt) {
        const wait = delayAfter(row.failures);
        // The clock was set back (a flat RTC battery): never make a holder wait longer than the current wait.
        if (row.retryAt - at > wait) {
          writePassphraseAttempts(db, { ...row, retryAt: at + wait });
          audit('passphrase-wait-shortened', { vault: vaultId, holder: holder.name, retryAt: at + wait, reason: 'clock-set-back' });
        }
        return { refused: { failures: row.failures, retryAt: Math.min(row.retryAt, at + wait), at }, attempt: null };
      }
      const failures = (row?.failures ?? 0) + 1;
      const attempt: PassphraseAttempt = { vaultId, holder: { id: holder.id, name: holder.name }, failures, retryAt: at + delayAfter(failures) };
      writePassphraseAttempts(db, { holderId: holder.id, failures, lastAttemptAt: at, retryAt: attempt.retryAt });
      return { refused: null, attempt };
    }).immediate();
    if (outcome.refused) throw delayed(holder.name, outcome.refused);
    return outcome.attempt;
  }

  function failed(attempt: PassphraseAttempt): void {
    const row = readPassphraseAttempts(db, attempt.holder.id);
    // A right passphrase in a parallel attempt may have ended the count meanwhile.
    if (!row || delayAfter(attempt.failures) === 0) return;
    audit('passphrase-attempts-delayed', { vault: attempt.vaultId, holder: attempt.holder.name, failures: attempt.failures, retryAt: row.retryAt });
  }

  return {
    begin,
    succeeded: (attempt) => clearPassphraseAttempts(db, attempt.holder.id),
    failed,
    waitSentence(attempt) {
      const wait = delayAfter(attempt.failures);
      if (wait === 0) return '';
      return (
        ` That is ${attempt.failures} wrong passphrases in a row, so ${attempt.holder.name} can try again at ${formatUtc(attempt.retryAt)} ` +
        `(in ${waitText(wait)}).`
      );
    },
  };
}

function delayed(holderName: string, refusal: { failures: number; retryAt: number; at: number }): AirlockError {
  return new AirlockError(
    'passphrase-attempts-delayed',
    `${holderName} has typed ${refusal.failures} wrong passphrases in a row, so Airlock waits before the next try: ` +
      `${holderName} can try again at ${formatUtc(refusal.retryAt)} (in ${waitText(refusal.retryAt - refusal.at)}). Nothing was tried. ` +
      'Each further wrong passphrase doubles the wait, up to an hour; the right one ends it.',
    { holder: holderName, retryAt: refusal.retryAt },
  );
}

/** "45 seconds", "2 minutes", "1 hour": rounded up, so the holder never comes back too early. */
function waitText(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return minutes >= 60 ? '1 hour' : `${minutes} minutes`;
}
