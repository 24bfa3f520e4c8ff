// Every CLI command, in one list the runner and the help text read.
import type { CliCommand } from '../command';
import { auditCommands } from './audit';
import { dbCommands } from './db';
import { draftCommands } from './draft';
import { drillCommands } from './drill';
import { networkCommands } from './network';
import { relayCommands } from './relay';
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
  ...slip39Commands,
  ...txCommands,
  ...draftCommands,
  ...drillCommands,
  ...signCommands,
  ...safeCommands,
  ...urCommands,
  ...networkCommands,
  ...relayCommands,
  ...snapshotCommands,
];
