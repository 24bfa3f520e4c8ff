// The app version, injected at bundle time from package.json; from sources (tests), read from package.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

declare const __AIRLOCK_VERSION__: string | undefined;

function versionFromPackage(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0-dev';
  } catch {
    return '0.0.0-dev';
  }
}

export const APP_VERSION: string = typeof __AIRLOCK_VERSION__ === 'string' ? __AIRLOCK_VERSION__ : versionFromPackage();
