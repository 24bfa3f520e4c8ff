// `airlock vault backup|restore|backups|backup-policy|backup-check|compare-report`: backups of the vault itself, made by
// a quorum, written and verified; restored by a quorum into a new database; and the last check of a rebuild from the
// cards alone. Secrets (passphrases, share words) only on standard input.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { compareWithReport } from '../../../shared/drill/report-check';
import { isAirlockError } from '../../../shared/errors';
import { inspectBackup } from '../../services/backup/restore';
import { createVaultServices } from '../../vault-services';
import { optionalNumber, optionalOne, optionalTrueOrFalse, requireOne } from '../args';
import { copiesExitCode, destinationsOption, removeDatabaseFile } from '../backup-options';
import { EXIT, type CliCommand, type CliInput } from '../command';
import { resolveDbPath } from '../db-path';
import { parseJsonInput, readJsonInput } from '../stdin-json';
import { quorumInput, unlockWithQuorum } from '../unlock-input';
import { custodyCommand, withVaultCustody, withVaultServices } from '../vault-session';

const BACKUP_PROBLEMS = ['backup-not-recognized', 'backup-truncated', 'backup-damaged', 'backup-format-newer'];

const wholeDays = (input: CliInput) => optionalNumber(input.options, 'max-age-days', /^[1-9][0-9]{0,3}$/, 'a whole number of days such as 7');

/** Restores into --db, creating it; a file this command created is removed again when the restore fails. */
async function restoreInto(input: CliInput, from: string, spec: ReturnType<typeof quorumInput.parse> & { expect?: string }) {
  const { path } = resolveDbPath(input.options);
  const existed = existsSync(path);
  const services = createVaultServices({ dbPath: path, create: true, clock: input.clock, random: input.random, actor: 'cli' });
  let restored = false;
  try {
    const report = await services.custody.restore.restore(from, spec);
    restored = true;
    return report;
  } finally {
    services.close();
    if (!restored && !existed) removeDatabaseFile(path);
  }
}

export const backupCommands: CliCommand[] = [
  {
    path: ['vault', 'backup'],
    summary:
      'Back up the vault itself (stdin: the quorum, {"holders":[{"name","passphrase"} or {"name","words"},…]}): one consistent image, sealed under a key from the ' +
      'vault\'s seed, written atomically to each --out FILE (give it once per copy) and verified there; recorded in the audit log. Exit 1 if a copy failed.',
    options: ['db', 'out'],
    exitCodeOf: copiesExitCode,
    async run(input) {
      const outs = destinationsOption(input);
      const spec = parseJsonInput(await input.readStdin(), quorumInput, 'the backup quorum');
      return withVaultCustody(input, async (custody) => {
        await unlockWithQuorum(custody.unlock, spec);
        return custody.backups.create(outs);
      });
    },
  },
  {
    path: ['vault', 'restore'],
    summary:
      'Restore a vault from --from FILE into --db (a new file, or one without a vault), with a quorum on stdin: holders\' passphrases open their shares carried in the ' +
      'backup, or {"name","words"} with a paper share. --expect HASH|"FOUR WORDS" (the latest backup, from the audit log, the media\'s label or the last drill ' +
      'report) refuses any other copy, older ones too. Verified before anything is written; the restored log continues with "restored from backup <hash>".',
    options: ['db', 'from', 'expect'],
    async run(input) {
      const from = resolve(requireOne(input.options, 'from'));
      const expect = optionalOne(input.options, 'expect');
      const spec = parseJsonInput(await input.readStdin(), quorumInput, 'the restore quorum');
      return restoreInto(input, from, expect === undefined ? spec : { ...spec, expect });
    },
  },
  custodyCommand(
    ['vault', 'backups'],
    "The vault's backups: the latest verified one (age, hash and its four words, where it was written), changes since, the policy and what is overdue.",
    (custody) => custody.backups.status(),
  ),
  {
    path: ['vault', 'backup-policy'],
    summary: 'Set the backup policy (audited): --max-age-days N (a verified backup at least every N days), --after-every-change true|false.',
    options: ['db', 'max-age-days', 'after-every-change'],
    async run(input) {
      return withVaultCustody(input, (custody) => {
        const current = custody.backups.status().policy;
        return { policy: custody.backups.setPolicy({ maxAgeDays: wholeDays(input) ?? current.maxAgeDays, afterEveryChange: optionalTrueOrFalse(input.options, 'after-every-change') ?? current.afterEveryChange }) };
      });
    },
  },
  {
    path: ['vault', 'backup-check'],
    summary: 'Check a copy of a backup with no secret (--from FILE): what it is (vault id, date, audit head, format) and whether it is whole (its checksum). Exit 1 if damaged.',
    options: ['from'],
    exitCodeOf: (value) => ((value as { valid?: boolean }).valid === false ? EXIT.checkFailed : EXIT.ok),
    async run(input) {
      const from = resolve(requireOne(input.options, 'from'));
      try {
        return { valid: true, ...inspectBackup(from) };
      } catch (error) {
        if (isAirlockError(error) && BACKUP_PROBLEMS.includes(error.code)) return { valid: false, problem: error.toPublic() };
        throw error;
      }
    },
  },
  {
    path: ['vault', 'compare-report'],
    summary:
      'After rebuilding from the cards alone (`vault import` with "shares"): compare every account of the last drill report (stdin: its JSON) with this vault, ' +
      'address by address, and the audit checkpoint key. Exit 1 on any difference.',
    options: ['db'],
    exitCodeOf: (value) => ((value as { matches?: boolean }).matches === false ? EXIT.checkFailed : EXIT.ok),
    async run(input) {
      const report = readJsonInput(await input.readStdin(), 'the drill report');
      return withVaultServices(input, (services) =>
        compareWithReport(report, { accounts: services.custody.vault.accounts(), checkpointKey: services.audit.verify().checkpoints.storedKey }),
      );
    },
  },
];
