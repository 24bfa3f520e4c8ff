// Which views each mode has, grouped the way the treasury works. The relay has no custody views (H-11).
import type { Mode } from '../../shared/bridge';
import { bitcoinView } from '../bitcoin/BitcoinView';
import { backupView } from '../backup/BackupView';
import { auditLogView } from '../audit/AuditLog';
import { broadcastQueueView } from '../relay/BroadcastQueue';
import { buildView } from '../transactions/Build';
import { dashboardView } from '../drills/Dashboard';
import { drillsView } from '../drills/Drills';
import { endpointsView } from '../relay/Endpoints';
import { holdersView } from '../custody/Holders';
import { pairingView } from '../relay/Pairing';
import { reviewView } from '../transactions/ReviewSign';
import { runbooksView } from '../drills/Runbooks';
import { safeSignaturesView } from '../relay/SafeSignatures';
import { settingsView } from '../settings/Settings';
import { snapshotsView } from '../snapshots/Snapshots';
import { takeSnapshotView } from '../relay/TakeSnapshot';
import { transferView } from '../airgap/Transfer';
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
