// Builds real vaults for tests: a temp SQLite file, the real services, real KDFs.
import { join } from 'node:path';
import type { CreateVaultRequest } from '../../shared/bridge';
import { createVaultServices } from '../../main/vault-services';
import { fixedClock } from '../../main/services/deps';
import type { InterfaceSource } from '../../main/services/airgap/network';
import { LOOPBACK } from './services';
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

/** The 2-of-3 vault of twoOfThree, imported from a BIP-39 mnemonic (no BIP-39 passphrase) with these accounts. */
export function fromMnemonic(mnemonic: string, accounts: CreateVaultRequest['accounts']): CreateVaultRequest {
  return twoOfThree({ source: { kind: 'bip39', mnemonic, bip39Passphrase: '' }, accounts });
}

/**
 * SECURITY(H-27): by default the vault of these tests runs on an air-gapped laptop (loopback only), so it unlocks and
 * signs; test/unit/main/services/airgap/airgap.test.ts passes other interfaces to show what a connected machine gets.
 */
export function vaultServices(dbPath = join(tempDir(), 'vault.db'), interfaces: InterfaceSource = () => LOOPBACK) {
  const clock = fixedClock(Date.UTC(2026, 10, 23, 9, 0, 0));
  const services = createVaultServices({ dbPath, clock, interfaces });
  return { services, clock, dbPath, custody: services.custody };
}

export type VaultFixture = ReturnType<typeof vaultServices>;

/** Runs `body` with fresh vault services (vaultServices' defaults) and closes them after it, also when it fails. */
export async function withVaultServices<T>(body: (fixture: VaultFixture) => Promise<T>): Promise<T> {
  const fixture = vaultServices();
  try {
    return await body(fixture);
  } finally {
    fixture.services.close();
  }
}
