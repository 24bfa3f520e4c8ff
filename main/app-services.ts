// What every composition root shares: one database with its audit log, the interface watch and the scanner flag,
// built from injected clock, randomness and interface source. The vault and the relay each compose their services
// on top in their own root (./vault-services, ./relay-services), so neither process loads the other's code
// (SECURITY H-26); this file names the relay's types only, which the compiler erases.
import type { Mode } from '../shared/bridge';
import { openDatabase, schemaVersion, type Db } from './db/connection';
import type { AirgapPolicy } from './services/airgap/airgap';
import type { BitcoinAccountService } from './services/bitcoin/bitcoin-accounts';
import type { PsbtService } from './services/bitcoin/bitcoin-psbt';
import { createAuditService, type AuditService } from './services/audit';
import type { RestoreService } from './services/backup/restore';
import type { BackupService } from './services/backup/vault-backup';
import type { DraftService } from './services/transactions/drafts';
import type { DrillService } from './services/drills/drills';
import { systemClock, systemRandom, type Clock, type Random } from './services/deps';
import { createNetworkService, type InterfaceSource, type NetworkService } from './services/airgap/network';
import type { RelayService } from './services/relay/service';
import { createScannerService, type ScannerService } from './services/airgap/scanner';
import type { ShareCheckService } from './services/custody/share-check';
import type { SignRequestService } from './services/transactions/sign-requests';
import type { SnapshotService } from './services/snapshots/snapshots';
import type { UnlockService } from './services/custody/unlock';
import type { VaultService } from './services/custody/vault';
import type { WatchOnlyService } from './services/bitcoin/watch-only';
import { APP_VERSION } from './version';

/** The services of either mode that need no custody and no relay: `db init`, `audit verify` use only these. */
export interface AppBase {
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
  schemaVersion(): number;
  close(): void;
}

export interface Custody {
  vault: VaultService;
  unlock: UnlockService;
  /** SECURITY(H-27): unlock and signing only while air-gapped (or on a test machine that allows it). */
  airgap: AirgapPolicy;
  shareCheck: ShareCheckService;
  signRequests: SignRequestService;
  drafts: DraftService;
  watchOnly: WatchOnlyService;
  drills: DrillService;
  /** Bitcoin: the registered accounts and wallets, and PSBT signing. */
  bitcoin: BitcoinAccountService;
  psbt: PsbtService;
  /** Backups of the vault itself: made while unlocked, written and verified, with their policy. */
  backups: BackupService;
  /** Restoring a backup into this database, while it holds no vault. */
  restore: RestoreService;
}

export interface AppServices extends AppBase {
  /** Custody exists only in vault mode. SECURITY(H-11): the relay has no shares, unlock or signing. */
  custody: Custody | null;
  /** Vault mode: pinned relay keys and imported snapshots. */
  snapshots: SnapshotService | null;
  /** Relay mode only: its key, snapshots and broadcasts (the only user of the network code). */
  relay: RelayService | null;
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

/** A composition root's options: its mode is its own. */
export type RootOptions = Omit<AppServicesOptions, 'mode'>;

/** Opens the database (recording its creation in a new file's audit log) and builds the mode-free services. */
export function openAppBase(options: AppServicesOptions): AppBase {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const db = openDatabase(options.dbPath, { create: options.create ?? true, appVersion: APP_VERSION });
  const audit = createAuditService({ db, clock });
  if (audit.list(1).length === 0) {
    audit.record(options.actor ?? 'app', 'database-created', { mode: options.mode, schema: schemaVersion(db), version: APP_VERSION });
  }
  return {
    mode: options.mode,
    dbPath: options.dbPath,
    version: APP_VERSION,
    db,
    clock,
    random,
    audit,
    network: createNetworkService(options.interfaces ? { clock, source: options.interfaces } : { clock }),
    scanner: createScannerService(),
    schemaVersion: () => schemaVersion(db),
    close: () => db.close(),
  };
}
