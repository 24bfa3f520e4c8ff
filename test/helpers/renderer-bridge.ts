// The renderer's bridge in Node, for the renderer models' unit tests: the renderer's own connectBridge over the
// contract's buildBridgeApi over the real IPC gate and handler table on the real services: the chain the preload and
// the e2e harness build, without Chromium. Requests are structured-cloned as IPC does.
import { buildBridgeApi, type Mode } from '../../shared/bridge';
import type { AppServices } from '../../main/app-services';
import { createGate } from '../../main/bridge/gate';
import type { BackupDialogs } from '../../main/bridge/backup-handlers';
import { createHandlerTable } from '../../main/bridge/handlers';
import { connectBridge, type Bridge } from '../../renderer/bridge';

const ORIGIN = 'app://airlock';

/** `dialogs`: what main's file dialogs answer (the backup channels read and write only paths they gave). */
export function rendererBridge(services: AppServices, mode: Mode = services.mode, dialogs?: BackupDialogs): Bridge {
  const gate = createGate({ mode, table: createHandlerTable(services, { dialogs }), allowedOrigin: ORIGIN });
  return connectBridge(buildBridgeApi(mode, (ipcChannel, request) => gate(ipcChannel, { origin: ORIGIN, isMainFrame: true }, structuredClone(request))));
}
