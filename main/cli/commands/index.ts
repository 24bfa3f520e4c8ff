// Every CLI command of the vault and the offline tools, in one list the runner and the help text read. The relay's
// commands are a program of their own (../relay-program.ts, dist/cli-relay.cjs): SECURITY(H-26) the vault's commands
// never load relay or RPC code.
import type { CliCommand } from '../command';
import { auditCommands } from './audit';
import { btcCommands } from './btc';
import { backupCommands } from './backup';
import { dbCommands } from './db';
import { draftCommands } from './draft';
import { drillCommands } from './drill';
import { networkCommands } from './network';
import { psbtCommands } from './psbt';
import { safeCommands } from './safe';
import { signCommands } from './sign';
import { snapshotCommands } from './snapshot';
import { slip39Commands } from './slip39';
import { txCommands } from './tx';
import { urCommands } from './ur';
import { vaultCommands } from './vault';

export const commands: readonly CliCommand[] = [
  ...dbCommands,
  ...auditCommands,
  ...vaultCommands,
  ...backupCommands,
  ...slip39Commands,
  ...txCommands,
  ...draftCommands,
  ...drillCommands,
  ...signCommands,
  ...psbtCommands,
  ...btcCommands,
  ...safeCommands,
  ...urCommands,
  ...networkCommands,
  ...snapshotCommands,
];
