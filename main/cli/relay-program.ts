// The relay's half of the `airlock` binary (bundled to dist/cli-relay.cjs), loaded by ./airlock.ts only for
// `airlock relay …`: the relay commands with their own runner, so the relay's code stays out of dist/cli.cjs.
import { relayCommands } from './commands/relay';
import { runCli, type CliIo } from './run';

export function runRelayCli(io: CliIo): Promise<number> {
  return runCli(io, relayCommands);
}
