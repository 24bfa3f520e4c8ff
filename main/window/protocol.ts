// SECURITY(H-05): decides what an app://airlock/... request may read: one file inside the bundled
// renderer folder, by GET, with an allowlisted extension, or a 404/405 decision returned as data.
import { realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp';
import { APP_HOST, APP_SCHEME } from './origin';

/** What the renderer bundle may contain. No source maps, no .wasm file: the QR decoder's wasm is inside its worker script. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
});

/**
 * The privileges of app:. standard: real origin (app://airlock) and relative URLs; secure: a secure
 * context, which getUserMedia needs for the QR scanner. Nothing else: no CSP bypass, no fetch, no
 * service workers, no CORS.
 */
export const APP_SCHEME_PRIVILEGES = Object.freeze({
  standard: true,
  secure: true,
  bypassCSP: false,
  allowServiceWorkers: false,
  supportFetchAPI: false,
  corsEnabled: false,
  stream: false,
  codeCache: false,
  allowExtensions: false,
});

export type ProtocolDecision =
  | { kind: 'file'; path: string; contentType: string }
  | { kind: 'refuse'; status: 404 | 405 };

export interface FileSystemView {
  /** Resolves symlinks; throws if the path does not exist. */
  realpath(path: string): string;
  isFile(path: string): boolean;
}

export const nodeFileSystem: FileSystemView = {
  realpath: (path) => realpathSync(path),
  isFile: (path) => statSync(path).isFile(),
};

const NOT_FOUND = { kind: 'refuse', status: 404 } as const;

/** Decides one request. `rootRealpath` is the renderer folder, already passed through realpath. */
export function resolveAppRequest(
  request: { method: string; url: string },
  rootRealpath: string,
  fs: FileSystemView = nodeFileSystem,
): ProtocolDecision {
  if (request.method !== 'GET') return { kind: 'refuse', status: 405 };
  const segments = pathSegments(request.url);
  if (segments === null) return NOT_FOUND;
  const contentType = CONTENT_TYPES[extname(segments[segments.length - 1] ?? '').toLowerCase()];
  if (contentType === undefined) return NOT_FOUND;
  let real: string;
  try {
    real = fs.realpath(join(rootRealpath, ...segments));
    // A symlink inside the bundle must not lead out of it.
    if (!real.startsWith(rootRealpath + sep) || !fs.isFile(real)) return NOT_FOUND;
  } catch {
    return NOT_FOUND;
  }
  return { kind: 'file', path: real, contentType };
}

/**
 * The decoded path segments of an app://airlock/ URL, or null if anything about it is unusual.
 * Checked on the raw string first: Chromium and Node's URL parsers normalise differently, so
 * dot segments, encoded separators and NULs are refused in any spelling rather than resolved.
 */
export function pathSegments(rawUrl: string): string[] | null {
  if (/\.\.|%2e|%2f|%5c|%00|\\|\0/i.test(rawUrl) || /\/\.(?=[/?#]|$)/.test(rawUrl)) return null;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password || url.port) return null;
  const pathname = url.pathname === '/' || url.pathname === '' ? '/index.html' : url.pathname;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const segments = decoded.split('/').slice(1);
  const bad = segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.') || /[\\\0:]/.test(s));
  return bad ? null : segments;
}

/** Headers of every file we serve: the CSP (H-04) and no MIME sniffing, no caching, no referrer. */
export function responseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
