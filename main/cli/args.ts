// Parses `airlock <command words> [--option value...] [--flag]` into a command and its input.
import { AirlockError } from '../../shared/errors';
import type { CliCommand } from './command';

export const GLOBAL_FLAGS = ['json', 'help', 'version'] as const;

export interface ParsedArgs {
  command: CliCommand | null;
  options: Record<string, string[]>;
  positionals: string[];
  flags: Set<string>;
}

export function parseArgs(argv: readonly string[], commands: readonly CliCommand[]): ParsedArgs {
  const firstOption = argv.findIndex((a) => a.startsWith('--'));
  const words = firstOption === -1 ? [...argv] : argv.slice(0, firstOption);
  const command = matchCommand(words, commands);
  const positionals = command ? words.slice(command.path.length) : [];
  const options: Record<string, string[]> = {};
  const flags = new Set<string>();
  const rest = firstOption === -1 ? [] : argv.slice(firstOption);
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    if (!token.startsWith('--')) {
      throw new AirlockError('usage-invalid', `Unexpected argument "${token}". Options take the form --name value.`);
    }
    const [rawName, inline] = splitOnce(token.slice(2), '=');
    if ((GLOBAL_FLAGS as readonly string[]).includes(rawName)) {
      flags.add(rawName);
      continue;
    }
    if (command?.flags?.includes(rawName)) {
      if (inline !== undefined) throw new AirlockError('usage-invalid', `--${rawName} takes no value: give it alone.`);
      options[rawName] = ['true'];
      continue;
    }
    if (!command || !command.options.includes(rawName)) {
      const where = command ? `airlock ${command.path.join(' ')}` : 'airlock';
      throw new AirlockError('usage-invalid', `${where} has no option --${rawName}. Run \`${where} --help\` to see its options.`);
    }
    const values = (options[rawName] ??= []);
    if (inline !== undefined) {
      values.push(inline);
      continue;
    }
    // An option takes every following word up to the next option: `--account A B` or `--account A --account B`.
    let taken = 0;
    while (i + 1 < rest.length && !rest[i + 1]!.startsWith('--')) {
      values.push(rest[++i]!);
      taken++;
    }
    if (taken === 0) throw new AirlockError('usage-invalid', `--${rawName} needs a value after it (for example --${rawName} <value>).`);
  }
  return { command, options, positionals, flags };
}

function matchCommand(words: readonly string[], commands: readonly CliCommand[]): CliCommand | null {
  let best: CliCommand | null = null;
  for (const command of commands) {
    const matches = command.path.every((w, i) => words[i] === w);
    if (matches && (!best || command.path.length > best.path.length)) best = command;
  }
  return best;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** The single value of an option, or a usage error naming it. */
export function requireOne(options: Readonly<Record<string, readonly string[]>>, name: string): string {
  const values = options[name];
  if (!values || values.length === 0) throw new AirlockError('usage-invalid', `--${name} is required.`);
  if (values.length > 1) throw new AirlockError('usage-invalid', `--${name} takes one value, not ${values.length}.`);
  return values[0]!;
}

export function optionalOne(options: Readonly<Record<string, readonly string[]>>, name: string): string | undefined {
  return options[name] ? requireOne(options, name) : undefined;
}

/** `text`, given for --name, when it matches `pattern`; otherwise a usage error saying what the option takes. */
export function matchingValue(name: string, text: string, pattern: RegExp, takes: string): string {
  if (!pattern.test(text)) throw new AirlockError('usage-invalid', `--${name} takes ${takes}, not "${text.slice(0, 20)}".`);
  return text;
}

/** The single value of an optional option, checked as `matchingValue` does. */
export function optionalMatching(options: Readonly<Record<string, readonly string[]>>, name: string, pattern: RegExp, takes: string): string | undefined {
  const text = optionalOne(options, name);
  return text === undefined ? undefined : matchingValue(name, text, pattern, takes);
}

/** An optional whole-number option (`pattern` says which numbers), e.g. `--max-age-days 7`. */
export function optionalNumber(options: Readonly<Record<string, readonly string[]>>, name: string, pattern: RegExp, takes: string): number | undefined {
  const text = optionalMatching(options, name, pattern, takes);
  return text === undefined ? undefined : Number(text);
}

/** `--name true|false`, spelled out, never guessed from "yes", "1" or an empty value. */
export function optionalTrueOrFalse(options: Readonly<Record<string, readonly string[]>>, name: string): boolean | undefined {
  const text = optionalMatching(options, name, /^(true|false)$/, 'true or false');
  return text === undefined ? undefined : text === 'true';
}
