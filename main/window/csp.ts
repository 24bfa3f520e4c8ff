// SECURITY(H-04): the one Content-Security-Policy of the renderer, sent as a header by the app://
// protocol and mirrored in index.html's meta tag, plus a parser so tests can check every directive.

/** Directive -> sources. A table, not a string, so a typo shows up as a wrong key in review and in tests. */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  // Nothing is allowed unless a directive below says so (fonts, frames, workers-from-elsewhere...).
  'default-src': ["'none'"],
  // Only our own bundled script: no inline script, no eval, no remote code. SECURITY(H-04): 'wasm-unsafe-eval' lets
  // the QR decoder's worker compile the WebAssembly built into its own bundled script (zxing-wasm); it allows no JS
  // eval, and with connect-src 'none' no wasm can be fetched from anywhere.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  // QR codes are drawn as data:/blob: images; nothing is fetched from elsewhere.
  'img-src': ["'self'", 'data:', 'blob:'],
  // The QR scanner's camera stream is a mediastream: URL.
  'media-src': ["'self'", 'blob:', 'mediastream:'],
  // The renderer never talks to any server, not even our own: everything goes through the bridge.
  'connect-src': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
});

export const CONTENT_SECURITY_POLICY: string = Object.entries(CSP_DIRECTIVES)
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ');

export type ParsedCsp = Map<string, string[]>;

/**
 * Parses a policy the way browsers do (CSP3 §2.2.1): split on ';', name is the first token,
 * lower-cased; a repeated directive is ignored by browsers, so it is reported here as an error.
 */
export function parseCsp(policy: string): ParsedCsp {
  const parsed: ParsedCsp = new Map();
  for (const raw of policy.split(';')) {
    const tokens = raw.trim().split(/[\t\n\f\r ]+/).filter((t) => t !== '');
    const [name, ...sources] = tokens;
    if (name === undefined) continue;
    const key = name.toLowerCase();
    if (parsed.has(key)) throw new Error(`CSP directive ${key} appears twice; browsers ignore the second one.`);
    parsed.set(key, sources);
  }
  return parsed;
}

/** Directive names CSP Level 3 defines; anything else is a typo the browser would silently ignore. */
export const KNOWN_CSP_DIRECTIVES: ReadonlySet<string> = new Set([
  'default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'style-src-elem',
  'style-src-attr', 'img-src', 'media-src', 'font-src', 'connect-src', 'object-src', 'frame-src',
  'child-src', 'worker-src', 'manifest-src', 'base-uri', 'form-action', 'frame-ancestors', 'sandbox',
  'report-uri', 'report-to', 'upgrade-insecure-requests', 'require-trusted-types-for', 'trusted-types',
]);
