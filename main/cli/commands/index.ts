// Every CLI command, in one list the runner and the help text read.
import type { CliCommand } from '../command';
import { auditCommands } from './audit';
import { dbCommands } from './db';
import { networkCommands } from './network';
import { slip39Commands } from './slip39';
import { vaultCommands } from './vault';

export const commands: readonly CliCommand[] = [...dbCommands, ...auditCommands, ...slip39Commands, ...vaultCommands, ...networkCommands];
