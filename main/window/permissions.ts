// SECURITY(H-08): the one permission policy for both of Electron's handlers: camera video only, for
// the app's own main frame, and only while the QR scanner is open. Everything else is denied.
import { APP_ORIGIN, originOf } from './origin';

/** One permission question, from either handler, reduced to what the policy looks at. */
export interface PermissionQuery {
  permission: string;
  /** Origin of the frame that asks (already derived from its URL), or null. */
  origin: string | null;
  isMainFrame: boolean;
  /** For 'media': the kinds of device asked for ('video' = camera, 'audio' = microphone). */
  mediaTypes: readonly string[];
}

export function decidePermission(query: PermissionQuery, scannerOpen: boolean): boolean {
  return (
    query.permission === 'media' &&
    scannerOpen &&
    query.origin === APP_ORIGIN &&
    query.isMainFrame &&
    query.mediaTypes.length > 0 &&
    query.mediaTypes.every((type) => type === 'video')
  );
}

/** setPermissionRequestHandler's details (Electron's PermissionRequest / MediaAccessPermissionRequest). */
export interface RequestDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
  mediaTypes?: readonly string[];
  securityOrigin?: string;
}

/** setPermissionCheckHandler's details (Electron's PermissionCheckHandlerHandlerDetails). */
export interface CheckDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
  mediaType?: string;
  securityOrigin?: string;
}

export function queryFromRequest(permission: string, details: RequestDetails): PermissionQuery {
  return {
    permission,
    origin: agreedOrigin(details.requestingUrl, [details.securityOrigin]),
    isMainFrame: details.isMainFrame === true,
    mediaTypes: details.mediaTypes ?? [],
  };
}

export function queryFromCheck(permission: string, requestingOrigin: string, details: CheckDetails): PermissionQuery {
  return {
    permission,
    origin: agreedOrigin(details.requestingUrl, [requestingOrigin, details.securityOrigin]),
    isMainFrame: details.isMainFrame === true,
    mediaTypes: details.mediaType === undefined ? [] : [details.mediaType],
  };
}

/**
 * The asking frame's origin, only if everything Electron reported agrees: the origin of the frame
 * URL (when given) and each reported origin. Any disagreement means we do not know who asks: null.
 */
export function agreedOrigin(url: string | undefined, reported: ReadonlyArray<string | undefined>): string | null {
  const claims = reported.filter((o): o is string => o !== undefined).map((o) => o.replace(/\/$/, ''));
  const origin = url !== undefined ? originOf(url) : (claims[0] ?? null);
  if (origin === null || origin === 'null') return null;
  return claims.every((claim) => claim === origin) ? origin : null;
}
