// The vault's composition root, for the Electron vault process, the CLI's vault commands and the e2e harness:
// custody and snapshots over one database. SECURITY(H-26): it imports no relay and no RPC code, and the vault's
// bundles are checked for it (test/unit/build/bundles.test.ts).
import { openAppBase, type AppServices, type Custody, type RootOptions } from './app-services';
import type { Db } from './db/connection';
import { createAirgapPolicy } from './services/airgap/airgap';
import { createBitcoinAccountService } from './services/bitcoin/bitcoin-accounts';
import { createBitcoinDrill } from './services/bitcoin/bitcoin-drill';
import { createPsbtService } from './services/bitcoin/bitcoin-psbt';
import { createRestoreService } from './services/backup/restore';
import { createBackupService } from './services/backup/vault-backup';
import type { Clock, Random } from './services/deps';
import { createDraftService } from './services/transactions/drafts';
import { createDrillService } from './services/drills/drills';
import type { NetworkService } from './services/airgap/network';
import { createShareCheckService } from './services/custody/share-check';
import { createSignRequestService } from './services/transactions/sign-requests';
import { createSnapshotService, type SnapshotService } from './services/snapshots/snapshots';
import { createUnlockService } from './services/custody/unlock';
import { createVaultService } from './services/custody/vault';
import { createWatchOnlyService } from './services/bitcoin/watch-only';

interface CustodyDeps {
  db: Db;
  clock: Clock;
  random: Random;
  network: NetworkService;
}

/** Custody, and the snapshots beside it (a relay pairing is sealed while the vault is unlocked). */
function createCustody({ db, clock, random, network }: CustodyDeps): { custody: Custody; snapshots: SnapshotService } {
  const airgap = createAirgapPolicy({ db, clock, network });
  const unlock = createUnlockService({ db, clock, airgap });
  const snapshots = createSnapshotService({ db, clock, unlock });
  const drafts = createDraftService({ db, clock, unlock, snapshots });
  const bitcoin = createBitcoinAccountService({ db, clock, unlock });
  const backups = createBackupService({ db, clock, random, unlock });
  const custody: Custody = {
    vault: createVaultService({ db, clock, random }),
    unlock,
    airgap,
    shareCheck: createShareCheckService({ db, clock }),
    signRequests: createSignRequestService({ db, clock, unlock }),
    drafts,
    watchOnly: createWatchOnlyService({ db, clock, unlock, snapshots }),
    drills: createDrillService({ db, clock, random, unlock, drafts, snapshots, bitcoin: createBitcoinDrill({ db, bitcoin }), backups }),
    bitcoin,
    psbt: createPsbtService({ db, clock, unlock, bitcoin }),
    backups,
    restore: createRestoreService({ db, clock, network }),
  };
  return { custody, snapshots };
}

export function createVaultServices(options: RootOptions): AppServices & { custody: Custody; snapshots: SnapshotService } {
  const base = openAppBase({ ...options, mode: 'vault' });
  const { custody, snapshots } = createCustody(base);
  return {
    ...base,
    custody,
    snapshots,
    relay: null,
    close: () => {
      // Secrets go before the database does: a closing app is a locked vault.
      custody.unlock.lock('window-closed');
      base.close();
    },
  };
}
