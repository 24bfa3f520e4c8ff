// The backup channels' handlers. SECURITY: the renderer never names a file of its own choosing: a backup is written
// only to a path the person picked in main's save dialog, and restored only from one picked in its open dialog, in
// this session. A renderer that sends any other path (a compromised one aiming at ~/.bashrc) is refused.
import { resolve } from 'node:path';
import { AirlockError } from '../../shared/errors';
import type { Custody } from '../app-services';
import type { HandlerTable } from './handlers';

/** The system's file dialogs (main/window/backup-dialogs-electron.ts); absent where there is no window (tests). */
export interface BackupDialogs {
  /** A file to write a backup copy to (removable media), or null when cancelled. */
  chooseDestination(): Promise<string | null>;
  /** A backup file to restore, or null when cancelled. */
  chooseFile(): Promise<string | null>;
}

type BackupChannels = 'backup.status' | 'backup.setPolicy' | 'backup.chooseDestination' | 'backup.create' | 'backup.chooseFile' | 'backup.restore';

export function backupHandlers(custody: () => Custody, acting: () => Custody, dialogs: BackupDialogs | null): Pick<HandlerTable, BackupChannels> {
  const destinations = new Set<string>();
  const files = new Set<string>();
  const dialogsOrThrow = (): BackupDialogs => {
    if (!dialogs) throw new AirlockError('dialog-unavailable', 'This Airlock has no window to show a file dialog in. Use `airlock vault backup` or `airlock vault restore` instead.');
    return dialogs;
  };
  const chosen = (set: Set<string>, path: string, what: string): string => {
    const full = resolve(path);
    if (!set.has(full)) throw new AirlockError('backup-path-not-chosen', `${what} was not chosen in Airlock's file dialog. Choose it there first.`);
    return full;
  };
  return {
    'backup.status': () => custody().backups.status(),
    'backup.setPolicy': (request) => ({ policy: acting().backups.setPolicy(request) }),
    'backup.chooseDestination': async () => {
      const path = await dialogsOrThrow().chooseDestination();
      if (path) destinations.add(resolve(path));
      return { path };
    },
    'backup.create': (request) => acting().backups.create(request.destinations.map((d) => chosen(destinations, d, 'That destination'))),
    'backup.chooseFile': async () => {
      const path = await dialogsOrThrow().chooseFile();
      if (!path) return { path: null, inspection: null };
      files.add(resolve(path));
      return { path, inspection: custody().restore.inspect(path) };
    },
    'backup.restore': ({ path, ...quorum }) => acting().restore.restore(chosen(files, path, 'That backup file'), quorum),
  };
}
