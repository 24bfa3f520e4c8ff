// The vault's backup standing as a panel: the Dashboard shows it beside the last drill, the Backup screen at its top.
import { el } from '../app/dom';
import { describeStanding, type BackupStatusView } from './BackupModel';

export function standingPanel(status: BackupStatusView): HTMLElement {
  const standing = describeStanding(status);
  const mark = standing.tone === 'ok' ? '✓' : '✗';
  return el('section', { className: 'panel', testid: 'backup-standing', attrs: { 'aria-labelledby': 'backup-standing-heading', 'data-tone': standing.tone } }, [
    el('h2', { className: 'panel-title', attrs: { id: 'backup-standing-heading' } }, ['Backup of the vault']),
    el('p', { testid: 'backup-headline' }, [el('strong', { className: standing.tone === 'ok' ? 'coverage-ok' : 'coverage-late' }, [mark]), ' ', standing.headline]),
    el('ul', { className: 'muted' }, standing.details.map((d) => el('li', { testid: 'backup-detail' }, [d]))),
  ]);
}
