// SECURITY(H-09): the Chromium side of "the vault never touches a network": which request schemes
// each mode lets through, and the session settings that make any leak fail even if the table is bypassed.
import type { Mode } from '../../shared/bridge';
import { APP_SCHEME } from './origin';

export type RequestVerdict = 'allow' | 'cancel';

/**
 * Schemes a mode lets through webRequest.onBeforeRequest. The vault: only its own bundle (and
 * devtools: while developing). The relay: also https:, which will narrow to the configured RPC
 * endpoints when the relay client lands. Never http:, ws:, file:, ftp: or anything unknown.
 */
export function allowedSchemes(mode: Mode, options: { isPackaged: boolean }): ReadonlySet<string> {
  const schemes = [`${APP_SCHEME}:`];
  if (!options.isPackaged) schemes.push('devtools:');
  if (mode === 'relay') schemes.push('https:');
  return new Set(schemes);
}

/** Decides one request by its URL's scheme; an unparseable URL is cancelled. */
export function decideRequest(url: string, allowed: ReadonlySet<string>): RequestVerdict {
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    return 'cancel';
  }
  return allowed.has(scheme) ? 'allow' : 'cancel';
}

/** A dead local port (9 is "discard"): every proxied connection fails instead of going out. */
export const DEAD_PROXY = '127.0.0.1:9';

export interface SessionLockdown {
  networkEmulation: { offline: true };
  proxy: { mode: 'fixed_servers'; proxyRules: string; proxyBypassRules: string };
  /** Applied per webContents: WebRTC may not open UDP that bypasses the (dead) proxy. */
  webRTCIPHandlingPolicy: 'disable_non_proxied_udp';
}

/**
 * The vault's session settings, applied to the default session and the window's partition.
 * proxyRules with no scheme prefix covers every scheme (http, https, ws, ftp); '<-loopback>' removes
 * Chromium's implicit loopback bypass so even 127.0.0.1 goes to the dead proxy. The relay gets null:
 * it must reach its RPC endpoints.
 */
export function sessionLockdown(mode: Mode): SessionLockdown | null {
  if (mode !== 'vault') return null;
  return {
    networkEmulation: { offline: true },
    proxy: { mode: 'fixed_servers', proxyRules: DEAD_PROXY, proxyBypassRules: '<-loopback>' },
    webRTCIPHandlingPolicy: 'disable_non_proxied_udp',
  };
}
