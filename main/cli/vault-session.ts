// One CLI command's use of an existing vault database: the custody services opened for it, and closed (the vault
// locked, the file released) when the command ends, whatever happens.
import type { AppServices, Custody } from '../app-services';
import { createVaultServices } from '../vault-services';
import type { CliInput } from './command';
import { resolveDbPath } from './db-path';

export type { Custody } from '../app-services';

export async function withVaultCustody<T>(input: CliInput, fn: (custody: Custody) => Promise<T> | T): Promise<T> {
  return withVaultServices(input, (services) => fn(services.custody));
}

/** The same, with the other services of the vault's database too (its audit log). */
export async function withVaultServices<T>(input: CliInput, fn: (services: AppServices & { custody: Custody }) => Promise<T> | T): Promise<T> {
  const { path } = resolveDbPath(input.options);
  const services = createVaultServices({ dbPath: path, create: false, clock: input.clock, random: input.random, actor: 'cli' });
  try {
    return await fn(services);
  } finally {
    services.close();
  }
}
