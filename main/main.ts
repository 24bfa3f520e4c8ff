// The Electron entry (dist/main.cjs): reads --mode and --db, then hands over to that mode's own bundle,
// dist/main-vault.cjs or dist/main-relay.cjs. SECURITY(H-26): the vault process never reads the relay's bundle,
// so no relay or RPC code is loaded into the process that holds the keys (test/unit/build/bundles.test.ts).
import { app, dialog } from 'electron';
import { join } from 'node:path';
import type { Mode } from '../shared/bridge-channels';
import { AirlockError } from '../shared/errors';
import { parseLaunchOptions, type LaunchOptions } from './window/launch-options';

/** Each mode's bundle, built beside this one by build/bundle.mjs from main/vault-main.ts and main/relay-main.ts. */
const MODE_BUNDLES: Readonly<Record<Mode, string>> = { vault: 'main-vault.cjs', relay: 'main-relay.cjs' };

interface ModeEntry {
  start(options: LaunchOptions): void;
}

const launch = readLaunchOptions();
if (launch !== null) (require(join(__dirname, MODE_BUNDLES[launch.mode])) as ModeEntry).start(launch);

/** The launch options, or null after telling the user why Airlock will not start with them. */
function readLaunchOptions(): LaunchOptions | null {
  try {
    return parseLaunchOptions(process.argv);
  } catch (error) {
    const message = error instanceof AirlockError ? error.message : 'The command line could not be read.';
    dialog.showErrorBox('Airlock cannot start', message);
    app.exit(2);
    return null;
  }
}
