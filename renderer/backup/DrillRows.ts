// The drill report's rows about the vault's own state: the RPO of its last verified backup, and the registered
// accounts a rebuild from the cards alone must reproduce (`airlock vault compare-report` checks them).
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
  const accounts = drill.accounts ?? [];
  return [
    ['RPO of the vault’s state', rpo, 'drill-state-rpo'],
    [
      'Accounts',
      accounts.length === 0
        ? '—'
        : el('ul', { className: 'drill-accounts' }, accounts.map((a) => el('li', { testid: 'drill-account' }, [el('code', {}, [a.path]), ' ', el('code', {}, [a.address]), ` ${a.label}`]))),
      'drill-accounts',
    ],
  ];
}
