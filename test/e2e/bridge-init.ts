// Init script for e2e pages: builds window.airlock exactly as main/preload.ts does, from the contract,
// over the Playwright binding instead of ipcRenderer. Bundled to an IIFE by harness.ts, never shipped.
import { buildBridgeApi, type Mode } from '../../shared/bridge-channels';

declare const __AIRLOCK_E2E_MODE__: Mode;
/** True only for tests that play a renderer which got hold of the raw transport (H-11). */
declare const __AIRLOCK_E2E_KEEP_RAW__: boolean;

type Invoke = (ipcChannel: string, request: unknown) => Promise<unknown>;

const scope = globalThis as unknown as { __airlockInvoke?: Invoke };
const raw = scope.__airlockInvoke;

if (typeof raw === 'function') {
  if (__AIRLOCK_E2E_KEEP_RAW__) {
    Object.defineProperty(globalThis, '__airlockInvoke', { value: raw, enumerable: false, writable: false, configurable: false });
  } else {
    // Page scripts get window.airlock only, as behind the real preload's contextBridge.
    delete scope.__airlockInvoke;
  }
  const api = buildBridgeApi(__AIRLOCK_E2E_MODE__, (ipcChannel, request) => raw(ipcChannel, request));
  Object.defineProperty(globalThis, 'airlock', { value: api, enumerable: true, writable: false, configurable: false });
}
