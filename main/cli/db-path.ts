// Resolves --db and --mode for CLI commands: the same default file the app uses.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AirlockError } from '../../shared/errors';
import type { Mode } from '../../shared/bridge';
import { databaseFileName, defaultUserDataDir } from '../paths';
import { optionalOne } from './args';

export function resolveDbPath(options: Readonly<Record<string, readonly string[]>>): { path: string; mode: Mode } {
  const rawMode = optionalOne(options, 'mode') ?? 'vault';
  if (rawMode !== 'vault' && rawMode !== 'relay') {
    throw new AirlockError('usage-invalid', `--mode must be "vault" or "relay", not "${rawMode}".`);
  }
  const mode: Mode = rawMode;
  const given = optionalOne(options, 'db');
  const path = given ?? join(defaultUserDataDir(process.platform, process.env, homedir()), databaseFileName(mode));
  return { path, mode };
}
