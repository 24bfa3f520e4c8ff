// The `airlock` command runner: parse, run one command, print JSON or text, map errors to exit codes.
// Plain Node, no Electron: the same services the app uses.
import { randomUUID } from 'node:crypto';
import { AirlockError } from '../../shared/errors';
import { SigningRefusedError } from '../../shared/drafting/policy';
import { systemClock, systemRandom, type Clock, type Random } from '../services/deps';
import { mapSqliteError } from '../db/connection';
import { APP_VERSION } from '../version';
import { parseArgs } from './args';
import { EXIT, type CliCommand } from './command';

export interface CliIo {
  argv: readonly string[];
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  clock?: Clock;
  random?: Random;
}

/** Runs one command of `commands`; `moreHelp` is a last line for the help text (where other commands live). */
export async function runCli(io: CliIo, commands: readonly CliCommand[], moreHelp?: string): Promise<number> {
  const json = io.argv.includes('--json');
  const print = (value: unknown) => io.stdout(json ? JSON.stringify(value) + '\n' : JSON.stringify(value, null, 2) + '\n');
  try {
    const args = parseArgs(io.argv, commands);
    if (args.flags.has('version') && !args.command) {
      if (json) print({ version: APP_VERSION });
      else io.stdout(`airlock ${APP_VERSION}\n`);
      return EXIT.ok;
    }
    if (!args.command || args.flags.has('help')) {
      // `airlock relay` or `airlock vault --help`: the commands that start with those words.
      const words = io.argv.filter((a) => !a.startsWith('--'));
      const family = commands.filter((c) => words.every((w, i) => c.path[i] === w));
      if (!args.command && family.length === 0) {
        throw new AirlockError('usage-invalid', `Unknown command "${words.join(' ')}". Run \`airlock --help\` for the list.`);
      }
      io.stdout(helpText(args.command ? [args.command] : family, words.length === 0 ? moreHelp : undefined));
      return EXIT.ok;
    }
    if (args.positionals.length > 0) {
      throw new AirlockError('usage-invalid', `Unexpected word "${args.positionals[0]}" after \`airlock ${args.command.path.join(' ')}\`.`);
    }
    const value = await args.command.run({
      options: args.options,
      positionals: args.positionals,
      readStdin: once(io.readStdin),
      clock: io.clock ?? systemClock,
      random: io.random ?? systemRandom,
    });
    print(value);
    return args.command.exitCodeOf?.(value) ?? EXIT.ok;
  } catch (caught) {
    const error = mapSqliteError(caught);
    if (error instanceof AirlockError) {
      // A refusal to sign carries the review, so a script sees which codes to acknowledge or why not.
      const body = { error: error.toPublic(), ...(error instanceof SigningRefusedError ? { review: error.review } : {}) };
      if (json) io.stdout(JSON.stringify(body) + '\n');
      else io.stderr(`airlock: ${error.message} (${error.code})\n`);
      return EXIT.badInput;
    }
    const reference = randomUUID();
    const body = { error: { code: 'internal', message: `Airlock failed unexpectedly (reference ${reference}). Nothing was changed by this command after the failure point; please report the reference.` } };
    if (json) io.stdout(JSON.stringify(body) + '\n');
    // The name of the failure only: messages of foreign errors may quote inputs, and inputs may be secret.
    io.stderr(`airlock: internal error ${reference}: ${(error as Error)?.name ?? 'unknown'}\n`);
    return EXIT.internal;
  }
}

function once(read: () => Promise<string>): () => Promise<string> {
  let cached: Promise<string> | null = null;
  return () => (cached ??= read());
}

function helpText(commands: readonly CliCommand[], moreHelp?: string): string {
  const lines = [`airlock ${APP_VERSION} — air-gapped cold recovery for crypto treasuries`, '', 'Commands:'];
  for (const c of commands) {
    const opts = [...c.options, ...(c.flags ?? [])].map((o) => `--${o}`).join(' ');
    lines.push(`  airlock ${c.path.join(' ')}${opts ? ' ' + opts : ''} [--json]`, `      ${c.summary}`);
  }
  lines.push('', 'Secrets are read only from standard input. Exit codes: 0 ok, 1 a check failed, 2 bad input, 3 internal error.');
  if (moreHelp) lines.push(moreHelp);
  return lines.join('\n') + '\n';
}
