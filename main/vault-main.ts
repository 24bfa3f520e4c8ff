// The vault process's bundle (dist/main-vault.cjs), loaded by main.ts for --mode vault: the Electron app composed
// from the vault's root only. SECURITY(H-26): nothing here reaches relay or RPC code.
import { modeEntry } from './electron-app';
import { createVaultServices } from './vault-services';

export const { start } = modeEntry('vault', createVaultServices);
