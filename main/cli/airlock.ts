// Entry point of the `airlock` binary (bundled to dist/cli.cjs). `airlock relay …` hands over to the relay's own
// program (dist/cli-relay.cjs, from ./relay-program.ts): SECURITY(H-26) no other command loads relay or RPC code.
import { join } from 'node:path';
import { installNetworkGuard } from '../window/network-guard';
import { installProcessGuard } from '../window/process-guard';
import { commands } from './commands/index';
import { runCli, type CliIo } from './run';

/** Built beside this bundle by build/bundle.mjs. */
const RELAY_PROGRAM = 'cli-relay.cjs';
const RELAY_HELP = 'Relay commands (the online machine only): airlock relay --help.';

interface RelayProgram {
  runRelayCli(io: CliIo): Promise<number>;
}

async function readAllStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const io: CliIo = {
  argv: process.argv.slice(2),
  readStdin: readAllStdin,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Command words come before any option (./args.ts), so a relay command is exactly one whose first word is "relay". */
function run(): Promise<number> {
  if (io.argv[0] === 'relay') return (require(join(__dirname, RELAY_PROGRAM)) as RelayProgram).runRelayCli(io);
  // SECURITY(H-10, H-26): every other command is the vault's, and runs under the vault window's guards: Node's network
  // modules and every way to start a program or a thread throw before any command code runs.
  try {
    installNetworkGuard();
    installProcessGuard();
  } catch {
    io.stderr('airlock: the vault could not switch off its network and program access, so it did not run this command. Please report this.\n');
    return Promise.resolve(3);
  }
  return runCli(io, commands, RELAY_HELP);
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 3;
  },
);
