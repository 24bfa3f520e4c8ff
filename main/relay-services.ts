// The relay's composition root, for the Electron relay process and the CLI's relay commands: the relay service
// (its key, snapshots, broadcasts, Safe signatures) over its own database. The only root that loads network code.
import { openAppBase, type AppServices, type RootOptions } from './app-services';
import { createRelayService, type RelayService } from './services/relay/service';

export function createRelayServices(options: RootOptions): AppServices & { relay: RelayService } {
  const base = openAppBase({ ...options, mode: 'relay' });
  const relay = createRelayService({ db: base.db, clock: base.clock, random: base.random, audit: base.audit, actor: options.actor ?? 'relay' });
  return { ...base, custody: null, snapshots: null, relay };
}
