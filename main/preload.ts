// The sandboxed preload: exposes window.airlock, built from the bridge contract, and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridgeApi, modeFromArgv } from '../shared/bridge-channels';

// SECURITY(H-02): one global, one function per channel of this window's mode; the renderer never sees
// ipcRenderer or the IPC event, only the Result each call resolves to. The mode comes from
// webPreferences.additionalArguments, set by main, never from the page.
contextBridge.exposeInMainWorld(
  'airlock',
  buildBridgeApi(modeFromArgv(process.argv), (channel, request) => ipcRenderer.invoke(channel, request)),
);
