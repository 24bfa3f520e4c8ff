// What the vault's and the relay's backup commands read and answer alike: the --out destinations, the exit code of a
// backup some copy of which failed, and the removal of a database file a failed restore created.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { AirlockError } from '../../shared/errors';
import { EXIT, type CliInput } from './command';

/** Every --out FILE, as full paths. */
export function destinationsOption(input: CliInput): string[] {
  const outs = input.options.out ?? [];
  if (outs.length === 0) throw new AirlockError('usage-invalid', '--out FILE is required: where to write the backup (give it again for each copy).');
  return outs.map((o) => resolve(o));
}

/** Exit 1 when a backup ran but a copy of it could not be written or verified. */
export function copiesExitCode(value: unknown): number {
  return (value as { destinations?: Array<{ verified: boolean }> }).destinations?.every((d) => d.verified) === false ? EXIT.checkFailed : EXIT.ok;
}

/** A restore that failed leaves no database behind where there was none before it. */
export function removeDatabaseFile(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}
