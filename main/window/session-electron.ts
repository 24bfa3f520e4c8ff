// Electron wiring for sessions: the app:// scheme and its file handler, the request filter, the
// vault's offline settings and the permission handlers. Every decision lives in a tested module.
import { protocol, type Session } from 'electron';
import { readFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import type { Mode } from '../../shared/bridge';
import { allowedSchemes, decideRequest, sessionLockdown } from './offline';
import { APP_SCHEME } from './origin';
import type { ScannerService } from '../services/airgap/scanner';
import { decidePermission, queryFromCheck, queryFromRequest } from './permissions';
import { APP_SCHEME_PRIVILEGES, resolveAppRequest, responseHeaders } from './protocol';

/** Must run before app 'ready': Chromium fixes scheme privileges at start-up. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** SECURITY(H-05): serves the bundled renderer folder on app:// in this session, nothing else. */
export function serveRenderer(ses: Session, rendererDir: string): void {
  const root = realpathSync(rendererDir);
  ses.protocol.handle(APP_SCHEME, async (request) => {
    const decision = resolveAppRequest({ method: request.method, url: request.url }, root);
    if (decision.kind === 'refuse') {
      return new Response(null, { status: decision.status, headers: decision.status === 405 ? { Allow: 'GET' } : {} });
    }
    try {
      return new Response(await readFile(decision.path), { status: 200, headers: responseHeaders(decision.contentType) });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}

export interface LockdownOptions {
  mode: Mode;
  isPackaged: boolean;
  /** SECURITY(H-08): read on every permission question; main/services/airgap/scanner.ts holds the flag. */
  scanner: Pick<ScannerService, 'open'>;
}

/** Applies every session rule of the mode; awaited before any page loads in this session. */
export async function lockDownSession(ses: Session, { mode, isPackaged, scanner }: LockdownOptions): Promise<void> {
  const allowed = allowedSchemes(mode, { isPackaged });
  // SECURITY(H-09): every request by scheme (data: and blob: never reach webRequest; the CSP governs them).
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: decideRequest(details.url, allowed) === 'cancel' }));
  const lockdown = sessionLockdown(mode);
  if (lockdown !== null) {
    // SECURITY(H-09): if a request slipped past the filter it still finds no network and a dead proxy.
    ses.enableNetworkEmulation(lockdown.networkEmulation);
    await ses.setProxy(lockdown.proxy);
  }
  // SECURITY(H-08): one policy for both handlers; camera only, in the scanner, for our main frame.
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(decidePermission(queryFromRequest(permission, details), scanner.open)),
  );
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    decidePermission(queryFromCheck(permission, requestingOrigin, details), scanner.open),
  );
  // SECURITY(H-08): no USB, HID, serial or Bluetooth device, ever.
  ses.setDevicePermissionHandler(() => false);
  ses.setSpellCheckerEnabled(false);
  // SECURITY(H-16): a page-triggered download would write renderer data to disk unencrypted.
  ses.on('will-download', (event) => event.preventDefault());
}
