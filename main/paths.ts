// Where Airlock keeps its database by default: Electron's userData folder, computed the same way
// in the CLI (plain Node) so both find the same vault.
import { join } from 'node:path';
import type { Mode } from '../shared/bridge';

export const APP_NAME = 'Airlock';

export function defaultUserDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}

export function databaseFileName(mode: Mode): string {
  return mode === 'relay' ? 'relay.db' : 'vault.db';
}
