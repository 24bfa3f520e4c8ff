// The one way a CLI command uses a vault database: its services opened for the command and closed (the vault locked,
// the file released) when it ends, whatever happens; and for a command that needs the key, a quorum unlock from
// standard input that is locked again as soon as the work is done.
import type { AppServices, Custody } from '../app-services';
import type { SnapshotService } from '../services/snapshots/snapshots';
import { createVaultServices } from '../vault-services';
import type { CliCommand, CliInput } from './command';
import { resolveDbPath } from './db-path';
import { unlockWithQuorum, type QuorumInput } from './unlock-input';

export type { Custody } from '../app-services';

export type VaultServices = AppServices & { custody: Custody; snapshots: SnapshotService };

/** The vault's services for one command. `create` makes the database file (vault create and import only). */
export async function withVaultServices<T>(input: CliInput, fn: (services: VaultServices) => Promise<T> | T, options: { create?: boolean } = {}): Promise<T> {
  // A vault session is a vault whatever --mode says: the file is the vault's.
  const { path } = resolveDbPath({ ...input.options, mode: ['vault'] });
  const services = createVaultServices({ dbPath: path, create: options.create ?? false, clock: input.clock, random: input.random, actor: 'cli' });
  try {
    return await fn(services);
  } finally {
    services.close();
  }
}

export async function withVaultCustody<T>(input: CliInput, fn: (custody: Custody) => Promise<T> | T, options: { create?: boolean } = {}): Promise<T> {
  return withVaultServices(input, (services) => fn(services.custody), options);
}

/** A command whose only input is --db: `act` runs on the vault's open custody, and what it returns is printed. */
export function custodyCommand(path: readonly string[], summary: string, act: (custody: Custody) => unknown): CliCommand {
  return { path, summary, options: ['db'], run: (input) => withVaultCustody(input, act) };
}

/** Unlocks with the quorum read from stdin, runs `fn`, then locks again (audited as an explicit lock), whatever happens. */
export async function whileUnlocked<T>(custody: Custody, quorum: QuorumInput, fn: (unlocked: Awaited<ReturnType<typeof unlockWithQuorum>>) => Promise<T> | T): Promise<T> {
  const unlocked = await unlockWithQuorum(custody.unlock, quorum);
  try {
    return await fn(unlocked);
  } finally {
    custody.unlock.lock('explicit');
  }
}
