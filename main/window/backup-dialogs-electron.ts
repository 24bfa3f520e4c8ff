// Electron's save and open dialogs for the vault's backups (thin: type-checked, not testable without Electron). The
// services take plain paths; this file only asks the person where. The suggested name carries no vault name, since
// a file name on removable media is readable by anyone who finds it.
import { dialog, type BrowserWindow } from 'electron';
import { BACKUP_FILE_EXTENSION } from '../../shared/backup/file';
import type { BackupDialogs } from '../bridge/backup-handlers';

const FILTERS = [{ name: 'Airlock backup', extensions: [BACKUP_FILE_EXTENSION.slice(1)] }];

export function backupDialogs(window: () => BrowserWindow | null): BackupDialogs {
  return {
    async chooseDestination() {
      const date = new Date().toISOString().slice(0, 10);
      const options = { title: 'Write a backup of the vault', defaultPath: `vault-${date}${BACKUP_FILE_EXTENSION}`, filters: FILTERS, properties: ['createDirectory' as const] };
      const owner = window();
      const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseFile() {
      const options = { title: 'Restore a vault from its backup', filters: FILTERS, properties: ['openFile' as const] };
      const owner = window();
      const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
