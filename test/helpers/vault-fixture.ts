// Builds real vaults for tests: a temp SQLite file, the real services, real KDFs.
import { join } from 'node:path';
import type { CreateVaultRequest } from '../../shared/bridge';
import { createAppServices, type AppServices } from '../../main/app-services';
import { fixedClock } from '../../main/services/deps';
import { tempDir } from './temp';

export const HOLDERS = [
  { name: 'Alice', passphrase: 'alice correct horse' },
  { name: 'Bob', passphrase: 'bob battery staple' },
  { name: 'Carol', passphrase: 'carol purple monkey' },
];

export function twoOfThree(overrides: Partial<CreateVaultRequest> = {}): CreateVaultRequest {
  return {
    name: 'Acme treasury',
    source: { kind: 'new', secretBits: 128, diceRolls: [3, 1, 4, 1, 5] },
    groupThreshold: 1,
    groups: [{ name: 'Board', memberThreshold: 2, holders: HOLDERS }],
    slip39Passphrase: '',
    iterationExponent: 0,
    extendable: true,
    accounts: [{ scheme: 'bip44', index: 0, label: 'Treasury', role: 'eoa-treasury' }],
    ...overrides,
  };
}

export function vaultServices(dbPath = join(tempDir(), 'vault.db')) {
  const clock = fixedClock(Date.UTC(2026, 10, 23, 9, 0, 0));
  const services: AppServices = createAppServices({ mode: 'vault', dbPath, clock });
  return { services, clock, dbPath, custody: services.custody! };
}
