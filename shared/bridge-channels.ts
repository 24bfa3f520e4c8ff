// The bridge's channel table without its schemas: names, the modes each exists in, and how the
// preload (and the e2e harness) builds window.airlock from them. Kept apart from shared/bridge.ts so
// the sandboxed preload carries no schema library, only this list.
import type { AirlockApi } from './bridge';

export const MODES = ['vault', 'relay'] as const;
export type Mode = (typeof MODES)[number];

/** Every IPC channel name is this prefix + a channel name; the gate refuses anything else. */
export const IPC_PREFIX = 'airlock:';

const BOTH: readonly Mode[] = ['vault', 'relay'];
/** SECURITY(H-11): custody channels do not exist in the relay at all. */
const VAULT_ONLY: readonly Mode[] = ['vault'];
/** SECURITY(H-10, H-11): the relay's network-facing channels do not exist in the vault. */
const RELAY_ONLY: readonly Mode[] = ['relay'];

/** Each channel and the modes it exists in. shared/bridge.ts gives each its schemas (checked by type). */
export const CHANNEL_MODES = Object.freeze({
  'app.status': BOTH,
  'network.status': BOTH,
  'audit.list': BOTH,
  'audit.verify': BOTH,
  'relay.key': RELAY_ONLY,
  'relay.snapshot': RELAY_ONLY,
  'relay.snapshotSet': RELAY_ONLY,
  'relay.broadcast': RELAY_ONLY,
  'relay.queue': RELAY_ONLY,
  'relay.collect': RELAY_ONLY,
  'relay.broadcastSet': RELAY_ONLY,
  'relay.bundles': RELAY_ONLY,
  'relay.simulate': RELAY_ONLY,
  'relay.endpoints': RELAY_ONLY,
  'relay.saveEndpoints': RELAY_ONLY,
  'snapshots.pair': VAULT_ONLY,
  'snapshots.unpair': VAULT_ONLY,
  'snapshots.pins': VAULT_ONLY,
  'snapshots.import': VAULT_ONLY,
  'snapshots.importSet': VAULT_ONLY,
  'snapshots.list': VAULT_ONLY,
  'snapshots.get': VAULT_ONLY,
  'vault.summary': VAULT_ONLY,
  'vault.create': VAULT_ONLY,
  'shares.reprint': VAULT_ONLY,
  'unlock.status': VAULT_ONLY,
  'unlock.present': VAULT_ONLY,
  'unlock.complete': VAULT_ONLY,
  'shares.check': VAULT_ONLY,
  'vault.setIdleLock': VAULT_ONLY,
  'vault.setOnlineSigning': VAULT_ONLY,
  'vault.lock': VAULT_ONLY,
  'sign.review': VAULT_ONLY,
  'sign.approve': VAULT_ONLY,
  'scanner.open': BOTH,
  'scanner.close': BOTH,
  'drafts.create': VAULT_ONLY,
  'drafts.list': VAULT_ONLY,
  'drafts.get': VAULT_ONLY,
  'drafts.sign': VAULT_ONLY,
  'drafts.discard': VAULT_ONLY,
  'drafts.executeSafe': VAULT_ONLY,
  'drafts.signedSet': VAULT_ONLY,
  'drafts.simulationRequest': VAULT_ONLY,
  'drafts.importSimulation': VAULT_ONLY,
  'drills.dashboard': VAULT_ONLY,
  'drills.setPolicy': VAULT_ONLY,
  'drills.history': VAULT_ONLY,
  'drills.run': VAULT_ONLY,
  'runbooks.list': VAULT_ONLY,
  'runbooks.save': VAULT_ONLY,
  'runbooks.start': VAULT_ONLY,
  'accounts.watchOnly': VAULT_ONLY,
  'accounts.watchList': VAULT_ONLY,
  'bitcoin.overview': VAULT_ONLY,
  'bitcoin.addAccount': VAULT_ONLY,
  'bitcoin.importWallet': VAULT_ONLY,
  'bitcoin.export': VAULT_ONLY,
  'psbt.review': VAULT_ONLY,
  'psbt.approve': VAULT_ONLY,
  'backup.status': VAULT_ONLY,
  'backup.setPolicy': VAULT_ONLY,
  'backup.chooseDestination': VAULT_ONLY,
  'backup.create': VAULT_ONLY,
  'backup.chooseFile': VAULT_ONLY,
  'backup.restore': VAULT_ONLY,
});

export type ChannelName = keyof typeof CHANNEL_MODES;

export const CHANNELS = Object.keys(CHANNEL_MODES) as ChannelName[];

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(CHANNEL_MODES, name);
}

export function channelsFor(mode: Mode): ChannelName[] {
  return CHANNELS.filter((name) => CHANNEL_MODES[name].includes(mode));
}

/**
 * Builds `window.airlock` for one mode: a frozen object whose keys are exactly that mode's channels.
 * The preload passes ipcRenderer.invoke; the e2e harness passes a Playwright binding. The renderer
 * cannot tell them apart, and neither exposes anything but these functions.
 */
export function buildBridgeApi(
  mode: Mode,
  invoke: (ipcChannel: string, request: unknown) => Promise<unknown>,
): Readonly<Partial<AirlockApi>> {
  const api: Record<string, (request: unknown) => Promise<unknown>> = Object.create(null);
  for (const name of channelsFor(mode)) {
    // SECURITY(H-02): the callback receives only a plain request; the result is the Result, nothing else.
    api[name] = (request: unknown) => invoke(IPC_PREFIX + name, request);
  }
  return Object.freeze(api) as Readonly<Partial<AirlockApi>>;
}

/** Reads `--airlock-mode=vault|relay` from a process argv (preload gets it via additionalArguments). */
export function modeFromArgv(argv: readonly string[]): Mode {
  const arg = argv.find((a) => a.startsWith('--airlock-mode='));
  const value = arg?.slice('--airlock-mode='.length);
  return value === 'relay' ? 'relay' : 'vault';
}
