// Builds real vaults for tests: a temp SQLite file, the real services, real KDFs.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { before } from 'node:test';
import type { CreateVaultRequest } from '../../shared/bridge';
import { relayKeyFingerprint } from '../../shared/snapshot/signature';
import { toHex } from '../../shared/bytes';
import type { Custody } from '../../main/app-services';
import type { RelayPinView, SnapshotService } from '../../main/services/snapshots/snapshots';
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
  return { services, clock, dbPath, custody: services.custody, snapshots: services.snapshots };
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

/** Presents holders (the first two of HOLDERS: twoOfThree's quorum) and completes the unlock. */
export async function unlockQuorum(custody: Custody, holders = HOLDERS.slice(0, 2)): Promise<void> {
  for (const holder of holders) await custody.unlock.present(holder.name, holder.passphrase);
  await custody.unlock.complete({});
}

/** Runs `body` with the vault unlocked by the quorum; locks it again after, when it was locked before. */
export async function whileUnlocked<T>(custody: Custody, body: () => T | Promise<T>, holders = HOLDERS.slice(0, 2)): Promise<T> {
  const wasLocked = custody.unlock.status().state !== 'unlocked';
  if (wasLocked) await unlockQuorum(custody, holders);
  try {
    return await body();
  } finally {
    if (wasLocked) custody.unlock.lock('explicit');
  }
}

/**
 * Pins a relay key as its holders do: the four words compared, a quorum unlocking the vault so it seals the pairing
 * (shared/snapshot/pin-seal.ts). The vault is left locked or unlocked as it was.
 */
export function pairRelay(vault: { custody: Custody; snapshots: SnapshotService }, relayKey: Uint8Array | string, label?: string, holders = HOLDERS.slice(0, 2)): Promise<RelayPinView> {
  const key = typeof relayKey === 'string' ? relayKey : toHex(relayKey);
  const words = relayKeyFingerprint(Uint8Array.from(Buffer.from(key.replace(/^0x/, ''), 'hex'))).join(' ');
  return whileUnlocked(vault.custody, () => vault.snapshots.pair({ relayKey: key, words, ...(label ? { label } : {}) }), holders);
}

/**
 * A vault built once for a test file by `setup` (creating and unlocking take seconds), then closed; each call of the
 * returned function opens a fresh copy of its file. Call at the top of the file (it registers a `before` hook).
 */
export function vaultTemplate(setup: (fixture: VaultFixture) => Promise<void>): () => VaultFixture {
  const path = join(tempDir(), 'vault.db');
  before(async () => {
    const fixture = vaultServices(path);
    try {
      await setup(fixture);
    } finally {
      fixture.services.close();
    }
  });
  return () => {
    const copy = join(tempDir(), 'vault.db');
    copyFileSync(path, copy);
    return vaultServices(copy);
  };
}
