// `airlock audit ...`: check the hash chain of the audit log, list entries.
import { AirlockError } from '../../../shared/errors';
import { openAppBase, type AppBase } from '../../app-services';
import { resolveDbPath } from '../db-path';
import { EXIT, type CliCommand, type CliInput } from '../command';

function openExisting(input: CliInput): AppBase {
  const { path, mode } = resolveDbPath(input.options);
  return openAppBase({ mode, dbPath: path, create: false, clock: input.clock, random: input.random, actor: 'cli' });
}

export const auditCommands: CliCommand[] = [
  {
    path: ['audit', 'verify'],
    summary: 'Walk the audit log hash chain; exit 1 and name the first broken row if it was edited or cut.',
    options: ['db', 'mode'],
    async run(input) {
      const services = openExisting(input);
      try {
        return services.audit.verify();
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
