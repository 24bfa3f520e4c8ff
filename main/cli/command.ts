// What a CLI command is: a path of words, its options, and a function from parsed input to a JSON value.
import type { Clock, Random } from '../services/deps';

export interface CliInput {
  /** Named options: `--db PATH` → { db: ['PATH'] }. */
  options: Readonly<Record<string, readonly string[]>>;
  /** Words after the command path that are not options. */
  positionals: readonly string[];
  /** The whole of standard input, read once on demand (secrets only ever arrive here). */
  readStdin(): Promise<string>;
  clock: Clock;
  random: Random;
}

export interface CliCommand {
  /** e.g. ['db', 'init'] for `airlock db init`. */
  path: readonly string[];
  summary: string;
  /** Options this command accepts (besides the global --json/--help/--version). */
  options: readonly string[];
  /** Options that take no value (`--confirm`): present → ['true']. */
  flags?: readonly string[];
  /** Returns a JSON-serializable value, printed on stdout. Throws AirlockError for bad input. */
  run(input: CliInput): Promise<unknown>;
  /** Exit code for a successful run's value; e.g. 1 when a verification ran and found a problem. */
  exitCodeOf?(value: unknown): number;
}

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, checkFailed: 1, badInput: 2, internal: 3 } as const;
