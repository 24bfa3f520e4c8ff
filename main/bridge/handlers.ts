// The handler table: one function per bridge channel, each a thin call into a service.
// Requests arrive already parsed by the gate; replies are plain data.
import { AirlockError } from '../../shared/errors';
import { parseSimulationReportText } from '../../shared/simulation/report';
import { parseSignedSnapshotJson } from '../../shared/snapshot/schema';
import { parseSnapshotSetText } from '../../shared/snapshot/set';
import { signedSetOf } from '../services/transactions/signed-set';
import type { ChannelName, RequestOf, ResponseOf } from '../../shared/bridge';
import type { AppServices } from '../app-services';
import { backupHandlers, type BackupDialogs } from './backup-handlers';

export type Handler<C extends ChannelName> = (request: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
export type HandlerTable = { [C in ChannelName]: Handler<C> };

/** `dialogs`: the system's file dialogs for the backup channels (the Electron app passes them; tests may not). */
export function createHandlerTable(services: AppServices, options: { dialogs?: BackupDialogs } = {}): HandlerTable {
  const custody = () => {
    // The gate already refuses vault channels in relay mode; this is the second wall.
    if (!services.custody) throw new AirlockError('channel-unknown', 'The relay holds no vault.');
    return services.custody;
  };
  const relay = () => {
    // SECURITY(H-11): the gate refuses relay channels in the vault; this is the second wall.
    if (!services.relay) throw new AirlockError('channel-unknown', 'The vault has no relay channels.');
    return services.relay;
  };
  const snapshots = () => {
    if (!services.snapshots) throw new AirlockError('channel-unknown', 'The relay keeps no vault snapshots.');
    return services.snapshots;
  };
  /** A holder's action (not a status poll) postpones the idle lock. */
  const acting = () => {
    const c = custody();
    c.unlock.touch();
    return c;
  };
  return {
    'app.status': () => ({
      mode: services.mode,
      version: services.version,
      dbPath: services.dbPath,
      schemaVersion: services.schemaVersion(),
    }),
    // SECURITY(H-27): the vault's answer carries its online-signing setting, for the air-gap banner.
    'network.status': () => services.custody?.airgap.status() ?? services.network.status(),
    'audit.list': (request) => ({ entries: services.audit.list(request.limit, request.beforeSeq) }),
    'audit.verify': () => services.audit.verify(),
    'relay.key': () => relay().key(),
    'relay.snapshot': async (request) => ({ snapshot: await relay().snapshot(request) }),
    'relay.snapshotSet': async (request) => ({ set: await relay().snapshotSet(request.chains) }),
    'relay.broadcast': (request) => relay().broadcast(request.transaction, request.endpoints),
    'relay.queue': () => ({ broadcasts: relay().queue() }),
    'relay.broadcastSet': async (request) => ({ chains: await relay().broadcastSet(request.set, new Map(request.chains.map((c) => [c.chainId, c.endpoints]))) }),
    'relay.collect': (request) => relay().collectSafe(request.payload, request.endpoints),
    'relay.bundles': () => ({ collections: relay().safeCollections() }),
    'relay.simulate': async (request) => ({ report: await relay().simulate(request.request, request.endpoints) }),
    'relay.endpoints': () => ({ endpoints: relay().savedEndpoints(), chains: relay().savedEndpointChains() }),
    'relay.saveEndpoints': (request) => ({ endpoints: relay().saveEndpoints(request.endpoints) }),
    'snapshots.pair': (request) => ({ pinned: snapshots().pair(request) }),
    'snapshots.unpair': (request) => ({ pin: snapshots().unpair(request) }),
    'snapshots.pins': () => ({ pins: snapshots().pins() }),
    'snapshots.import': (request) => ({
      snapshot: snapshots().import(parseSignedSnapshotJson(request.snapshot), BigInt(request.chainId), { acknowledge: request.acknowledge ?? [] }).snapshot,
    }),
    'snapshots.importSet': (request) =>
      snapshots().importSet(parseSnapshotSetText(request.set), request.chainIds.map(BigInt), { acknowledge: request.acknowledge ?? [] }),
    'snapshots.list': () => ({ snapshots: snapshots().list() }),
    'snapshots.get': (request) => snapshots().get(request.id),
    'vault.summary': () => ({ vault: custody().vault.summary() }),
    'vault.create': (request) => acting().vault.create(request),
    'shares.reprint': (request) => acting().vault.reprint(request.holder, request.passphrase),
    'shares.check': (request) => acting().shareCheck.check(request.holder, request.words, request.passphrase),
    'sign.review': (request) => acting().signRequests.review(request.parts),
    'sign.approve': (request) => acting().signRequests.approve(request.requestKey, request.acknowledge),
    'scanner.open': () => services.scanner.openScanner(),
    'scanner.close': () => services.scanner.closeScanner(),
    'drafts.create': (request) => ({ draft: acting().drafts.create(request.input, request.snapshotId ? { snapshotId: request.snapshotId } : {}) }),
    'drafts.list': () => ({ drafts: custody().drafts.list() }),
    'drafts.get': (request) => ({ draft: custody().drafts.get(request.id) }),
    'drafts.discard': (request) => ({ draft: acting().drafts.discard(request.id) }),
    'drafts.sign': (request) => ({ signed: acting().drafts.sign(request.id, { digest: request.digest, acknowledge: request.acknowledge }) }),
    'drafts.signedSet': (request) => ({ set: { ...signedSetOf(custody().drafts, request.ids) } }),
    'drafts.simulationRequest': (request) => ({ request: custody().drafts.simulationRequest(request.id) }),
    'drafts.importSimulation': (request) => ({ draft: acting().drafts.importSimulation(request.id, parseSimulationReportText(request.report)) }),
    'drafts.executeSafe': (request) => ({
      draft: acting().drafts.executeSafe(request.id, { signatures: request.signatures, executor: request.executor, ...(request.context ? { context: request.context } : {}) }),
    }),
    'drills.dashboard': () => custody().drills.dashboard(),
    'drills.setPolicy': (request) => ({ policy: acting().drills.setPolicy(request) }),
    'drills.history': () => ({ drills: custody().drills.history() }),
    'drills.run': async (request) => ({ drill: await acting().drills.run(request) }),
    'runbooks.list': () => ({ runbooks: custody().drills.runbooks() }),
    'runbooks.save': (request) => ({ runbook: acting().drills.saveRunbook(request.runbook) }),
    'runbooks.start': (request) => ({ drafts: acting().drills.startRecovery(request.runbook) }),
    'accounts.watchList': () => custody().watchOnly.watchList(),
    'accounts.watchOnly': () => ({ exports: acting().watchOnly.export() }),
    'bitcoin.overview': () => custody().bitcoin.overview(),
    'bitcoin.addAccount': (request) => ({ account: acting().bitcoin.addAccount(request) }),
    'bitcoin.importWallet': (request) => ({ wallet: acting().bitcoin.importWallet(request) }),
    'bitcoin.export': () => ({ exports: acting().bitcoin.export() }),
    'psbt.review': (request) => acting().psbt.review(request),
    'psbt.approve': (request) => acting().psbt.approve(request.psbtKey, request.acknowledge),
    'vault.setIdleLock': (request) => ({ vault: acting().vault.setIdleLockMinutes(request.minutes) }),
    'vault.setOnlineSigning': (request) => ({ vault: acting().vault.setAllowOnlineSigning(request.allowed) }),
    'unlock.status': () => {
      const { unlock } = custody();
      // A poll after the idle deadline sees the vault locked, not a stale "unlocked".
      unlock.tick();
      return unlock.status();
    },
    'unlock.present': (request) => acting().unlock.present(request.holder, request.passphrase),
    'unlock.complete': (request) => acting().unlock.complete(request),
    ...backupHandlers(custody, acting, options.dialogs ?? null),
    'vault.lock': () => {
      const { unlock } = custody();
      unlock.lock('explicit');
      return unlock.status();
    },
  };
}
