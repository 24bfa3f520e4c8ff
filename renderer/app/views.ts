// Which views each mode has, grouped the way the treasury works. The relay has no custody views (H-11).
import type { Mode } from '../../shared/bridge';
import { bitcoinView } from '../bitcoin/BitcoinView';
import { auditLogView } from '../views/AuditLog';
import { broadcastQueueView } from '../views/BroadcastQueue';
import { buildView } from '../views/Build';
import { dashboardView } from '../views/Dashboard';
import { drillsView } from '../views/Drills';
import { endpointsView } from '../views/Endpoints';
import { holdersView } from '../views/Holders';
import { pairingView } from '../views/Pairing';
import { reviewView } from '../views/ReviewSign';
import { runbooksView } from '../views/Runbooks';
import { safeSignaturesView } from '../views/SafeSignatures';
import { settingsView } from '../views/Settings';
import { snapshotsView } from '../views/Snapshots';
import { takeSnapshotView } from '../views/TakeSnapshot';
import { transferView } from '../views/Transfer';
import { backupView } from '../backup/BackupView';
import type { ViewGroup } from './view';

const records: ViewGroup = { label: 'Records', views: [auditLogView, settingsView] };

export function viewGroupsFor(mode: Mode): readonly ViewGroup[] {
  if (mode === 'relay') {
    return [{ label: 'Relay', views: [endpointsView, pairingView, takeSnapshotView, broadcastQueueView, safeSignaturesView] }, records];
  }
  return [
    { label: 'Custody', views: [dashboardView, holdersView, snapshotsView, backupView] },
    { label: 'Recovery', views: [runbooksView, buildView, reviewView, transferView, bitcoinView, drillsView] },
    records,
  ];
}
