// Every CLI command, in one list the runner and the help text read.
import type { CliCommand } from '../command';
import { auditCommands } from './audit';
import { dbCommands } from './db';
import { networkCommands } from './network';
import { safeCommands } from './safe';
import { signCommands } from './sign';
import { slip39Commands } from './slip39';
import { txCommands } from './tx';
import { urCommands } from './ur';
import { vaultCommands } from './vault';

export const commands: readonly CliCommand[] = [
  ...dbCommands,
  ...auditCommands,
  ...vaultCommands,
  ...slip39Commands,
  ...txCommands,
  ...signCommands,
  ...safeCommands,
  ...urCommands,
  ...networkCommands,
];
