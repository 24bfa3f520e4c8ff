// One CLI command's use of an existing vault database: the custody services opened for it, and closed (the vault
// locked, the file released) when the command ends, whatever happens.
import { AirlockError } from '../../shared/errors';
import { createAppServices, type AppServices } from '../app-services';
import type { CliInput } from './command';
import { resolveDbPath } from './db-path';

export type Custody = NonNullable<AppServices['custody']>;

export async function withVaultCustody<T>(input: CliInput, fn: (custody: Custody) => Promise<T> | T): Promise<T> {
  return withVaultServices(input, (services) => fn(services.custody));
}

/** The same, with the other services of the vault's database too (its audit log). */
export async function withVaultServices<T>(input: CliInput, fn: (services: AppServices & { custody: Custody }) => Promise<T> | T): Promise<T> {
  const { path } = resolveDbPath(input.options);
  const services = createAppServices({ mode: 'vault', dbPath: path, create: false, clock: input.clock, random: input.random, actor: 'cli' });
  try {
    const { custody } = services;
    if (!custody) throw new AirlockError('internal', 'Custody services are missing in vault mode.');
    return await fn({ ...services, custody });
  } finally {
    services.close();
  }
}
