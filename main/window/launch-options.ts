// Parses the app's own command-line options (--mode, --db) out of Electron's process.argv.
import { MODES, type Mode } from '../../shared/bridge-channels';
import { AirlockError } from '../../shared/errors';

export interface LaunchOptions {
  mode: Mode;
  /** The database file given with --db, or null for the default in userData. */
  dbPath: string | null;
}

const OPTIONS = ['mode', 'db'] as const;
type OptionName = (typeof OPTIONS)[number];

/**
 * Reads `--mode relay|vault` (default vault) and `--db PATH`, as `--x value` or `--x=value`.
 * Everything else (the executable, the app folder, Chromium switches) is left alone. An option
 * given twice or with a bad value is refused: starting a vault with a guessed mode is worse than
 * not starting.
 */
export function parseLaunchOptions(argv: readonly string[]): LaunchOptions {
  const seen = new Map<OptionName, string>();
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(mode|db)(?:=(.*))?$/s.exec(argv[i] ?? '');
    if (!match) continue;
    const name = match[1] as OptionName;
    let value = match[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw usage(`--${name} needs a value after it.`);
      i++;
    }
    if (seen.has(name)) throw usage(`--${name} was given twice; give it once.`);
    seen.set(name, value);
  }
  return { mode: parseMode(seen.get('mode')), dbPath: parseDbPath(seen.get('db')) };
}

function parseMode(value: string | undefined): Mode {
  if (value === undefined) return 'vault';
  if ((MODES as readonly string[]).includes(value)) return value as Mode;
  throw usage(`--mode must be "vault" or "relay", not "${value.slice(0, 32)}".`);
}

function parseDbPath(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (value.trim() === '' || value.includes('\0')) throw usage('--db needs the path of a database file.');
  return value;
}

function usage(message: string): AirlockError {
  return new AirlockError('usage-invalid', message);
}
