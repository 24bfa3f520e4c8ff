// `airlock db ...`: create a database and report what it is.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openAppBase } from '../../app-services';
import { resolveDbPath } from '../db-path';
import type { CliCommand } from '../command';

export const dbCommands: CliCommand[] = [
  {
    path: ['db', 'init'],
    summary: 'Create (or upgrade) the database at --db PATH (default: the app folder).',
    options: ['db', 'mode'],
    async run(input) {
      const { path, mode } = resolveDbPath(input.options);
      // The app folder is created on first use; a path the user gave must already have its folder.
      if (!input.options.db) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const services = openAppBase({ mode, dbPath: path, create: true, clock: input.clock, random: input.random, actor: 'cli' });
      try {
        return { path, mode, schemaVersion: services.schemaVersion(), auditEntries: services.audit.verify().count };
      } finally {
        services.close();
      }
    },
  },
];
