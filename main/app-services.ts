// The composition root shared by the Electron main process, the CLI and the e2e harness:
// one database, one set of services, built from injected clock, randomness and interface source.
import type { Mode } from '../shared/bridge';
import { openDatabase, schemaVersion, type Db } from './db/connection';
import { createAuditService, type AuditService } from './services/audit';
import { createDraftService, type DraftService } from './services/drafts';
import { createDrillService, type DrillService } from './services/drills';
import { createWatchOnlyService, type WatchOnlyService } from './services/watch-only';
import { systemClock, systemRandom, type Clock, type Random } from './services/deps';
import { createNetworkService, type InterfaceSource, type NetworkService } from './services/network';
import { createRelayService, type RelayService } from './services/relay/service';
import { createScannerService, type ScannerService } from './services/scanner';
import { createShareCheckService, type ShareCheckService } from './services/share-check';
import { createSignRequestService, type SignRequestService } from './services/sign-requests';
import { createSnapshotService, type SnapshotService } from './services/snapshots';
import { createUnlockService, type UnlockService } from './services/unlock';
import { createVaultService, type VaultService } from './services/vault';
import { APP_VERSION } from './version';

export interface AppServices {
  mode: Mode;
  dbPath: string;
  version: string;
  db: Db;
  clock: Clock;
  random: Random;
  audit: AuditService;
  network: NetworkService;
  /** SECURITY(H-08): whether a QR scanner is open; main's camera permission reads it. */
  scanner: ScannerService;
  /** Custody exists only in vault mode. SECURITY(H-11): the relay has no shares, unlock or signing. */
  custody: {
    vault: VaultService;
    unlock: UnlockService;
    shareCheck: ShareCheckService;
    signRequests: SignRequestService;
    drafts: DraftService;
    watchOnly: WatchOnlyService;
    drills: DrillService;
  } | null;
  /** Vault mode: pinned relay keys and imported snapshots. */
  snapshots: SnapshotService | null;
  /** Relay mode only: its key, snapshots and broadcasts (the only user of the network code). */
  relay: RelayService | null;
  schemaVersion(): number;
  close(): void;
}

export interface AppServicesOptions {
  mode: Mode;
  dbPath: string;
  clock?: Clock;
  random?: Random;
  interfaces?: InterfaceSource;
  /** Create the database file if missing (app start-up and `db init`); other CLI commands refuse. */
  create?: boolean;
  /** Who acts through these services, for the audit log: 'app' or 'cli'. */
  actor?: string;
}

function createCustody(db: Db, clock: Clock, random: Random, snapshots: SnapshotService): NonNullable<AppServices['custody']> {
  const unlock = createUnlockService({ db, clock });
  const drafts = createDraftService({ db, clock, unlock, snapshots });
  return {
    vault: createVaultService({ db, clock, random }),
    unlock,
    shareCheck: createShareCheckService({ db, clock }),
    signRequests: createSignRequestService({ db, clock, unlock }),
    drafts,
    watchOnly: createWatchOnlyService({ db, clock, unlock, snapshots }),
    drills: createDrillService({ db, clock, random, unlock, drafts, snapshots }),
  };
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const db = openDatabase(options.dbPath, { create: options.create ?? true, appVersion: APP_VERSION });
  const audit = createAuditService({ db, clock });
  if (audit.list(1).length === 0) {
    audit.record(options.actor ?? 'app', 'database-created', { mode: options.mode, schema: schemaVersion(db), version: APP_VERSION });
  }
  const network = createNetworkService(options.interfaces ? { clock, source: options.interfaces } : { clock });
  const snapshots = options.mode === 'vault' ? createSnapshotService({ db, clock }) : null;
  const custody = snapshots ? createCustody(db, clock, random, snapshots) : null;
  return {
    mode: options.mode,
    dbPath: options.dbPath,
    version: APP_VERSION,
    db,
    clock,
    random,
    audit,
    network,
    scanner: createScannerService(),
    custody,
    snapshots,
    relay: options.mode === 'relay' ? createRelayService({ db, clock, random, audit, actor: options.actor ?? 'relay' }) : null,
    schemaVersion: () => schemaVersion(db),
    close: () => {
      // Secrets go before the database does: a closing app is a locked vault.
      custody?.unlock.lock('window-closed');
      db.close();
    },
  };
}
