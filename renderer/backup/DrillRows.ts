// The drill report's rows about the vault's own state: the RPO of its last verified backup and that backup's four
// words, and the registered accounts a rebuild from the cards alone must reproduce (`vault compare-report` checks them).
import type { DrillResultJson } from '../../shared/bridge';
import { el } from '../app/dom';
import { describeAge } from './BackupModel';

export function backupRows(drill: DrillResultJson): Array<[string, Node | string, string]> {
  const rpo =
    drill.stateRpoSeconds === undefined
      ? 'not measured (a drill from before backups)'
      : drill.stateRpoSeconds === null
        ? 'no backup of the vault had been made'
        : `the last verified backup was ${describeAge(drill.stateRpoSeconds)} old`;
  // The words a restore on a new laptop expects: any other copy, an older one too, is refused.
  const latest = drill.latestBackup ? `“${drill.latestBackup.hashWords}” (a restore on a new laptop expects these words)` : '—';
  const accounts = drill.accounts ?? [];
  return [
    ['RPO of the vault’s state', rpo, 'drill-state-rpo'],
    ['Latest backup', latest, 'drill-latest-backup'],
    [
      'Accounts',
      accounts.length === 0
        ? '—'
        : el('ul', { className: 'drill-accounts' }, accounts.map((a) => el('li', { testid: 'drill-account' }, [el('code', {}, [a.path]), ' ', el('code', {}, [a.address]), ` ${a.label}`]))),
      'drill-accounts',
    ],
  ];
}
