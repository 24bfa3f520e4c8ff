// Entry point of the `airlock` binary (bundled to dist/cli.cjs). `airlock relay …` hands over to the relay's own
// program (dist/cli-relay.cjs, from ./relay-program.ts): SECURITY(H-26) no other command loads relay or RPC code.
import { join } from 'node:path';
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
