// The relay's composition root, for the Electron relay process and the CLI's relay commands: the relay service
// (its key, snapshots, broadcasts, Safe signatures) and its own backup over its own database. The only root that loads network code.
import { openAppBase, type AppServices, type RootOptions } from './app-services';
import { createRelayBackupService, type RelayBackupService } from './services/relay/backup';
import { createRelayService, type RelayService } from './services/relay/service';

export function createRelayServices(options: RootOptions): AppServices & { relay: RelayService; relayBackup: RelayBackupService } {
  const base = openAppBase({ ...options, mode: 'relay' });
  const relay = createRelayService({ db: base.db, clock: base.clock, random: base.random, audit: base.audit, actor: options.actor ?? 'relay' });
  const relayBackup = createRelayBackupService({ db: base.db, clock: base.clock, random: base.random });
  return { ...base, custody: null, snapshots: null, relay, relayBackup };
}
