// The app's own scheme, host and origin, and the one function that derives an origin from a frame URL.
export const APP_SCHEME = 'app';
export const APP_HOST = 'airlock';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The origin of a URL as Chromium computes it for our registered standard scheme, or null.
 * Node's URL only knows the special schemes (for app: it reports "null"), so app: is built by hand;
 * any URL with credentials is refused outright rather than trusted to be normalised the same way.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.protocol === `${APP_SCHEME}:`) {
    return parsed.host === '' ? null : `${APP_SCHEME}://${parsed.host}`;
  }
  if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return parsed.origin;
  // file:, data:, about:, blob:, chrome: ... have opaque or special origins: never ours.
  return null;
}
