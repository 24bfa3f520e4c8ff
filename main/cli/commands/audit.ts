// `airlock audit ...`: check the audit log (its hash chain and the vault's signed checkpoints), list entries.
import { parseCheckpointKey } from '../../../shared/audit/checkpoint';
import { AirlockError } from '../../../shared/errors';
import { openAppBase, type AppBase } from '../../app-services';
import { optionalOne } from '../args';
import { resolveDbPath } from '../db-path';
import { EXIT, type CliCommand, type CliInput } from '../command';

function openExisting(input: CliInput): AppBase {
  const { path, mode } = resolveDbPath(input.options);
  return openAppBase({ mode, dbPath: path, create: false, clock: input.clock, random: input.random, actor: 'cli' });
}

export const auditCommands: CliCommand[] = [
  {
    path: ['audit', 'verify'],
    summary:
      'Walk the audit log hash chain and check every signed checkpoint of the vault (signature, the entries it sealed, order); exit 1 and name the ' +
      'first broken row if the log was edited, rewritten, reordered or cut. --checkpoint-key 0x… checks against a key known from outside (a drill report).',
    options: ['db', 'mode', 'checkpoint-key'],
    async run(input) {
      const given = optionalOne(input.options, 'checkpoint-key');
      // SECURITY(H-25): parsed before the file is opened: a mistyped key is bad input, not a verdict.
      const checkpointKey = given === undefined ? undefined : parseCheckpointKey(given);
      const services = openExisting(input);
      try {
        return services.audit.verify(checkpointKey ? { checkpointKey } : {});
      } finally {
        services.close();
      }
    },
    exitCodeOf: (value) => ((value as { valid: boolean }).valid ? EXIT.ok : EXIT.checkFailed),
  },
  {
    path: ['audit', 'list'],
    summary: 'Print the newest audit entries (--limit N, default 50).',
    options: ['db', 'mode', 'limit'],
    async run(input) {
      const raw = input.options.limit?.[0] ?? '50';
      const limit = Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10000) {
        throw new AirlockError('usage-invalid', `--limit must be a whole number from 1 to 10000, not "${raw}".`);
      }
      const services = openExisting(input);
      try {
        return { entries: services.audit.list(limit) };
      } finally {
        services.close();
      }
    },
  },
];
